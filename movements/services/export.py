"""The compliance board as an xlsx workbook: a summary sheet and one row per report."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

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
        due = row.due_date.strftime("%d/%m/%Y") if row.due_date else ""
        summary.append(
            [row.movement, row.phase, row.kind_label, due, row.total, row.reported, row.due_soon, row.overdue]
        )
    detail = book.create_sheet(_("Chi tiết"))
    detail.append(
        [_("Phong trào"), _("Giai đoạn"), _("Loại báo cáo"), _("Đơn vị"), _("Hạn nộp"), _("Tình trạng"), _("Nộp lúc")]
    )
    labels = dict(ReviewReport.Kind.choices)
    rows = qs.order_by("movement__name", "phase__start_date", "kind", "agency__name").values_list(
        "movement__name", "phase__name", "kind", "agency__name", "due_date", "state", "submitted_at"
    )
    for movement, phase, kind, agency, due, state, submitted in rows.iterator(chunk_size=2000):
        submitted_text = timezone.localtime(submitted).strftime("%d/%m/%Y %H:%M") if submitted else ""
        detail.append(
            [
                movement,
                phase,
                str(labels.get(kind, kind)),
                agency,
                due.strftime("%d/%m/%Y"),
                reports.report_status_label(state, due, today),
                submitted_text,
            ]
        )
    return book
