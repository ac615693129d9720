"""The statistics tables as CSV and xlsx: the same rows as the page's tables, nothing more."""

from __future__ import annotations

import csv
import io

from django.http import HttpResponse

from tayninh_thidua.lib.xlsx import FORMULA_STARTS, Workbook

from .figures import Table

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _safe(value):
    # A label typed by a user (a locality, a name) must never be read as a formula by a spreadsheet program.
    return f"'{value}" if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


def table_csv(table: Table) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(table.header)
    for row in table.as_rows():
        writer.writerow([_safe(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")  # the BOM makes Excel read UTF-8


def tables_workbook(tables: list[Table]) -> bytes:
    """One sheet per table (its header, then its rows)."""
    book = Workbook()
    used: set[str] = set()
    for table in tables:
        title = table.title[:31].replace("/", "-")
        while title in used:
            title = title[:29] + f"{len(used):02d}"
        used.add(title)
        sheet = book.create_sheet(title)
        sheet.append(table.header)
        for row in table.as_rows():
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
