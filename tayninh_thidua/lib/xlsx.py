"""Spreadsheets for download. Every export builds its workbook here (a test checks that nothing else imports
openpyxl), so that text typed by users is always stored as text, never as a formula.

A cell whose text starts with =, +, -, @ (or a tab or carriage return, which some spreadsheet programs skip
before reading a formula) is written as a string cell with Excel's "quote prefix" style: it shows exactly what
was typed, and no spreadsheet program evaluates it (OWASP "CSV injection", for xlsx).

Dates and times are written as real date cells shown dd/mm/yyyy (dd/mm/yyyy hh:mm for a time), so a
spreadsheet sorts and filters them as dates; an aware time is written in the site's time zone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import openpyxl
from django.utils import timezone
from openpyxl.cell import WriteOnlyCell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"


class _Sheet:
    """A write-only worksheet whose `append` writes user text as text."""

    def __init__(self, sheet) -> None:
        self._sheet = sheet

    def __getattr__(self, name):
        return getattr(self._sheet, name)

    def append(self, values: Iterable) -> None:
        self._sheet.append([self.cell(value) for value in values])

    def cell(self, value):
        if isinstance(value, str) and value.startswith(FORMULA_STARTS):
            cell = WriteOnlyCell(self._sheet, value=value)
            cell.data_type = "s"
            cell.quotePrefix = True
            return cell
        if isinstance(value, dt.datetime):
            if timezone.is_aware(value):
                value = timezone.make_naive(value)
            cell = WriteOnlyCell(self._sheet, value=value)
            cell.number_format = DATETIME_FORMAT
            return cell
        if isinstance(value, dt.date):
            cell = WriteOnlyCell(self._sheet, value=value)
            cell.number_format = DATE_FORMAT
            return cell
        return value


class Workbook(openpyxl.Workbook):
    """openpyxl's write-only workbook (rows are streamed, memory stays flat) with text-safe sheets."""

    def __init__(self) -> None:
        super().__init__(write_only=True)

    def create_sheet(self, title: str | None = None, index: int | None = None) -> _Sheet:
        return _Sheet(super().create_sheet(title, index))
