"""Statistics and the sơ kết / tổng kết report documents (issue #13).

`figures` counts exemplars, honours and contest entries per dimension in a fixed number of aggregate queries;
`documents` writes the report as DOCX (from the restylable template `templates/reports/bao_cao.docx`), PDF and an
xlsx annex; `jobs` runs a plan-wide report in the background with its progress.
"""
