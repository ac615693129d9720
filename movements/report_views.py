"""Agency pages for review reports (/don-vi/bao-cao/) and the staff compliance board."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from exemplars.access import agency_member_required
from tayninh_thidua.storage import private_file_response

from . import reports
from .report_forms import AttachmentForm, BoardFilterForm, ReviewReportForm
from .reporting import ReminderLog, ReviewReport, ReviewReportAttachment


@agency_member_required
def report_list(request: HttpRequest) -> HttpResponse:
    qs = ReviewReport.objects.with_relations().for_agency(request.agency).order_by("due_date", "movement__name")
    page = Paginator(qs, 25).get_page(request.GET.get("trang"))
    recent = ReminderLog.objects.filter(agency=request.agency).order_by("-day", "-pk")[:10]
    return render(
        request,
        "movements/reports/report_list.html",
        {"page_obj": page, "reports": page.object_list, "reminders": recent, "today": timezone.localdate()},
    )


@agency_member_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = reports.get_report_for_agency(request.agency, pk)
    form = ReviewReportForm(request.POST or None, instance=report)
    if request.method == "POST":
        if not report.is_open:
            messages.error(request, _("Báo cáo đã nộp, không thể sửa."))
            return redirect(report)
        if form.is_valid():
            form.save()
            messages.success(request, _("Đã lưu báo cáo."))
            return redirect(report)
    return render(
        request,
        "movements/reports/report_detail.html",
        {
            "report": report,
            "form": form,
            "attachment_form": AttachmentForm(),
            "attachments": report.attachments.all(),
            "events": report.events.select_related("actor"),
        },
    )


@require_POST
@agency_member_required
def report_submit(request: HttpRequest, pk: int) -> HttpResponse:
    report = reports.get_report_for_agency(request.agency, pk)
    try:
        reports.submit_report(report, request.user, request.agency)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã nộp báo cáo."))
    return redirect(report)


@require_POST
@agency_member_required
def attachment_create(request: HttpRequest, pk: int) -> HttpResponse:
    report = reports.get_report_for_agency(request.agency, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            reports.add_attachment(report, form.cleaned_data["file"], form.cleaned_data["title"], request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Đã tải tệp lên."))
    else:
        messages.error(request, _("Chưa chọn tệp."))
    return redirect(report)


def _file_response(attachment: ReviewReportAttachment) -> FileResponse:
    ext = "pdf" if attachment.content_type.endswith("pdf") else "docx"
    name = f"bao-cao-{attachment.report_id}-{attachment.pk}.{ext}"
    return private_file_response(attachment.file, name, attachment.content_type)


@agency_member_required
def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    report = reports.get_report_for_agency(request.agency, pk)
    return _file_response(get_object_or_404(report.attachments, pk=attachment_pk))


@staff_member_required
def attachment_staff_download(request: HttpRequest, attachment_pk: int) -> FileResponse:
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


@staff_member_required
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


@staff_member_required
def compliance_export(request: HttpRequest) -> HttpResponse:
    from .report_export import board_workbook

    today = timezone.localdate()
    _form, qs, _detailed = _board_queryset(request)
    buffer = io.BytesIO()
    board_workbook(qs, today).save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="tong-hop-bao-cao-{today:%Y%m%d}.xlsx"'
    return response
