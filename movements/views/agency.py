"""Agency pages for review reports (/don-vi/bao-cao/): list, fill in, attach files, submit."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tayninh_thidua.lib.storage import private_file_response
from tayninh_thidua.lib.uploads import name_for_type
from tayninh_thidua.lib.views import run_service

from ..access import agency_member_required
from ..forms import AttachmentForm, ReviewReportForm
from ..models import ReminderLog, ReviewReport, ReviewReportAttachment
from ..services import reports


@agency_member_required
def report_list(request: HttpRequest) -> HttpResponse:
    qs = ReviewReport.objects.with_relations().for_agency(request.agency).order_by("due_date", "movement__name")
    page = Paginator(qs, 25).get_page(request.GET.get("trang"))
    recent = ReminderLog.objects.filter(agency=request.agency).select_related("mail").order_by("-day", "-pk")[:10]
    return render(
        request,
        "movements/reports/report_list.html",
        {"page_obj": page, "reports": page.object_list, "reminders": recent, "today": timezone.localdate()},
    )


@agency_member_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = reports.get_report_for_agency(request.agency, pk)
    initial = reports.report_prefill(report) if request.method == "GET" else None
    form = ReviewReportForm(request.POST or None, instance=report, initial=initial)
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
            "actions": {move.name: move for move in report.actions_for(request.user)},
        },
    )


@require_POST
@agency_member_required
def report_submit(request: HttpRequest, pk: int) -> HttpResponse:
    report = reports.get_report_for_agency(request.agency, pk)
    run_service(request, lambda: reports.submit_report(report, request.user, request.agency), _("Đã nộp báo cáo."))
    return redirect(report)


@require_POST
@agency_member_required
def attachment_create(request: HttpRequest, pk: int) -> HttpResponse:
    report = reports.get_report_for_agency(request.agency, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        run_service(
            request,
            lambda: reports.add_attachment(report, form.cleaned_data["file"], form.cleaned_data["title"], request.user),
            _("Đã tải tệp lên."),
        )
    else:  # the form's own reason: no file chosen, an empty file, a title too long...
        messages.error(request, " ".join(m for errors in form.errors.values() for m in errors))
    return redirect(report)


def _file_response(attachment: ReviewReportAttachment) -> HttpResponseBase:
    name = name_for_type(f"bao-cao-{attachment.report_id}-{attachment.pk}", attachment.content_type)
    return private_file_response(attachment.file, name, attachment.content_type)


@agency_member_required
def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponseBase:
    report = reports.get_report_for_agency(request.agency, pk)
    return _file_response(get_object_or_404(report.attachments, pk=attachment_pk))
