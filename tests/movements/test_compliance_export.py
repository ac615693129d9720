"""Issue #11 item 8: the compliance xlsx stores dates as date cells (dd/mm/yyyy) and flags late reports."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tests import factories

pytestmark = pytest.mark.django_db

HEADER = ("Hạn nộp", "Tình trạng", "Nộp lúc", "Trễ hạn", "Số ngày trễ", "Ghi chú trễ hạn")


def _at(day: dt.date, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 30)))


@pytest.fixture
def reports(report_factory):
    today = timezone.localdate()
    movement, phase = factories.MovementFactory(name="Phong trào Dân vận khéo"), factories.PlanPhaseFactory()
    day = lambda n: today + dt.timedelta(days=n)  # noqa: E731
    rows = {
        "Sở Nội vụ": {"due_date": day(-10), "state": "submitted", "submitted_at": _at(day(-7))},
        "Sở Y tế": {"due_date": day(-10), "state": "accepted", "submitted_at": _at(day(-10), 23)},
        "Sở Tư pháp": {"due_date": day(-5), "state": "pending"},
        "Sở Tài chính": {"due_date": day(-2), "state": "returned"},
        "Sở Xây dựng": {"due_date": day(20), "state": "pending"},
    }
    for name, fields in rows.items():
        report_factory(movement=movement, phase=phase, agency=factories.AgencyFactory(name=name), **fields)
    return today


def _export(staff_client):
    response = staff_client.get(reverse("agency:compliance.export"))
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def test_dates_are_date_cells_shown_dd_mm_yyyy(staff_client, reports):
    today = reports
    book = _export(staff_client)
    detail = book["Chi tiết"]
    header = [cell.value for cell in next(detail.iter_rows(max_row=1))]
    assert tuple(header[4:]) == HEADER
    rows = {row[3].value: row for row in detail.iter_rows(min_row=2)}
    due, submitted = rows["Sở Nội vụ"][4], rows["Sở Nội vụ"][6]
    assert due.is_date and due.number_format == "dd/mm/yyyy"
    assert due.value.date() == today - dt.timedelta(days=10)
    assert submitted.is_date and submitted.number_format == "dd/mm/yyyy hh:mm"
    assert submitted.value == dt.datetime.combine(today - dt.timedelta(days=7), dt.time(9, 30))
    assert rows["Sở Tư pháp"][6].value is None
    summary_due = list(book["Tổng hợp"].iter_rows(min_row=2))[0][3]
    assert summary_due.is_date and summary_due.number_format == "dd/mm/yyyy"


def test_late_reports_are_flagged(staff_client, reports):
    detail = _export(staff_client)["Chi tiết"]
    late = {row[3]: row[7:] for row in detail.iter_rows(min_row=2, values_only=True)}
    assert late == {
        "Sở Nội vụ": ("Có", 3, "Nộp trễ 3 ngày"),
        "Sở Y tế": (None, None, None),  # submitted on the due date itself, late in the evening
        "Sở Tư pháp": ("Có", 5, "Quá hạn 5 ngày, chưa nộp"),
        "Sở Tài chính": ("Có", 2, "Quá hạn 2 ngày, chưa nộp"),  # returned and not sent again
        "Sở Xây dựng": (None, None, None),
    }
