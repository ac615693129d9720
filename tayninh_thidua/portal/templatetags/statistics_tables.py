"""`{% table_rows table %}`: a statistics table's body rows, built in Python.

The agency and locality tables run to hundreds of rows of a few cells each; through the template engine they cost
tens of milliseconds per page, here about one. The markup is the template's: a row header with its note, then one
right-aligned cell per value carrying `data-value` for the chart (static/js/statistics.js).
"""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def table_rows(table) -> str:
    html = []
    for row in table.rows:
        note = f'<div class="small text-body-secondary fw-normal">{escape(row.note)}</div>' if row.note else ""
        cells = "".join(f'<td class="text-end" data-value="{int(v)}">{int(v)}</td>' for v in row.values)
        html.append(f'<tr><th scope="row">{escape(row.label)}{note}</th>{cells}</tr>')
    return mark_safe("\n".join(html))  # noqa: S308 (every text escaped above; values are integers)
