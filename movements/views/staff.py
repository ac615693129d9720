"""Staff pages for review reports: the compliance board, its xlsx export, attachment downloads."""

from __future__ import annotations

import io

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from tayninh_thidua.lib.access import staff_permission_required

from ..forms import BoardFilterForm
from ..models import ReviewReport, ReviewReportAttachment
from ..services import reports
from ..services.export import board_workbook
from .agency import _file_response


@staff_permission_required("movements.view_reviewreport")
def attachment_staff_download(request: HttpRequest, attachment_pk: int) -> HttpResponseBase:
    return _file_response(get_object_or_404(ReviewReportAttachment, pk=attachment_pk))


# ---------------------------------------------------------------------------
# Staff: the compliance board and its export
# ---------------------------------------------------------------------------
def _board_queryset(request: HttpRequest) -> tuple[BoardFilterForm, object, bool]:
    form = BoardFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    movement, phase, kind = data.get("movement"), data.get("phase"), data.get("kind")
    qs = reports.board_filter(
        ReviewReport.objects.all(), movement.pk if movement else None, phase.pk if phase else None, kind or None
    )
    return form, qs, bool(movement)


@staff_permission_required("movements.view_reviewreport")
def compliance_board(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form, qs, detailed = _board_queryset(request)
    rows = reports.compliance_rows(qs, today)
    page = Paginator(rows, 50).get_page(request.GET.get("trang"))
    if detailed:  # agency names only for one movement, to keep the page small
        reports.attach_agencies(list(page.object_list), qs, today)
    query = request.GET.copy()
    query.pop("trang", None)
    return render(
        request,
        "movements/reports/compliance_board.html",
        {
            "form": form,
            "page_obj": page,
            "rows": page.object_list,
            "detailed": detailed,
            "today": today,
            "due_soon_days": reports.DUE_SOON_DAYS,
            "query_string": query.urlencode(),
        },
    )


@staff_permission_required("movements.view_reviewreport")
def compliance_export(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    _form, qs, _detailed = _board_queryset(request)
    buffer = io.BytesIO()
    board_workbook(qs, today).save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="tong-hop-bao-cao-{today:%Y%m%d}.xlsx"'
    return response
