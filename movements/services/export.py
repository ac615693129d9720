"""The compliance board as an xlsx workbook: a summary sheet and one row per report."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tayninh_thidua.lib.xlsx import Workbook

from ..models import ReviewReport
from . import reports


def board_workbook(qs: QuerySet[ReviewReport], today: dt.date) -> Workbook:
    book = Workbook()
    summary = book.create_sheet(_("Tổng hợp"))
    summary.append(
        [
            _("Phong trào"),
            _("Giai đoạn"),
            _("Loại báo cáo"),
            _("Hạn nộp"),
            _("Số đơn vị"),
            _("Đã nộp"),
            _("Sắp đến hạn"),
            _("Quá hạn"),
        ]
    )
    for row in reports.compliance_rows(qs, today):
        summary.append(
            [row.movement, row.phase, row.kind_label, row.due_date, row.total, row.reported, row.due_soon, row.overdue]
        )
    detail = book.create_sheet(_("Chi tiết"))
    detail.append(
        [
            _("Phong trào"),
            _("Giai đoạn"),
            _("Loại báo cáo"),
            _("Đơn vị"),
            _("Hạn nộp"),
            _("Tình trạng"),
            _("Nộp lúc"),
            _("Trễ hạn"),
            _("Số ngày trễ"),
            _("Ghi chú trễ hạn"),
        ]
    )
    labels = dict(ReviewReport.Kind.choices)
    rows = qs.order_by("movement__name", "phase__start_date", "kind", "agency__name").values_list(
        "movement__name", "phase__name", "kind", "agency__name", "due_date", "state", "submitted_at"
    )
    for movement, phase, kind, agency, due, state, submitted in rows.iterator(chunk_size=2000):
        days_late, note = lateness(state, due, submitted, today)
        detail.append(
            [
                movement,
                phase,
                str(labels.get(kind, kind)),
                agency,
                due,
                reports.report_status_label(state, due, today),
                submitted,
                _("Có") if days_late else "",
                days_late or None,
                note,
            ]
        )
    return book


def lateness(state: str, due: dt.date, submitted: dt.datetime | None, today: dt.date) -> tuple[int, str]:
    """Days late and a note: submitted after the due date, or past it and still not submitted (0, "" if on time)."""
    if state in reports.REPORTED_STATES:
        if submitted is None:
            return 0, ""
        days = (timezone.localdate(submitted) - due).days
        if days <= 0:
            return 0, ""
        return days, ngettext("Nộp trễ %(days)d ngày", "Nộp trễ %(days)d ngày", days) % {"days": days}
    days = (today - due).days
    if days <= 0:
        return 0, ""
    return days, ngettext("Quá hạn %(days)d ngày, chưa nộp", "Quá hạn %(days)d ngày, chưa nộp", days) % {"days": days}
