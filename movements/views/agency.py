"""Agency pages for review reports (/don-vi/bao-cao/): list, fill in, attach files, submit."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tayninh_thidua.lib.storage import private_file_response
from tayninh_thidua.lib.uploads import name_for_type
from tayninh_thidua.lib.views import run_service

from ..access import agency_member_required
from ..forms import AttachmentForm, ReviewReportForm, ScoreSheetForm
from ..models import Covenant, ReminderLog, ReviewReport, ReviewReportAttachment
from ..services import blocs, reports


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


# ---------------------------------------------------------------------------
# Clusters and blocs: the covenants of the agency's blocs, scoring, results
# ---------------------------------------------------------------------------
@agency_member_required
def covenant_list(request: HttpRequest) -> HttpResponse:
    covenants = Covenant.objects.for_agency(request.agency).select_related("bloc").order_by("-year", "bloc__name")
    return render(request, "movements/blocs/agency_covenant_list.html", {"covenants": covenants})


def _covenant_page(request: HttpRequest, covenant: Covenant, member, form=None, status: int = 200) -> HttpResponse:
    members = [m.agency for m in blocs.memberships(covenant)]
    criteria = list(covenant.criteria.all())
    done = set(covenant.sheets.filter(scorer=member).values_list("scored_id", flat=True))
    self_form = (
        None
        if member.pk in done
        else ScoreSheetForm(
            initial={"scored": member.pk}, criteria=criteria, members=[member], self_score=True, prefix="tu-cham"
        )
    )
    others = [a for a in members if a.pk != member.pk and a.pk not in done]
    cross_form = ScoreSheetForm(criteria=criteria, members=others, self_score=False) if others else None
    if form is not None:
        self_form, cross_form = (form, cross_form) if form.prefix else (self_form, form)
    context = {
        "covenant": covenant,
        "member": member,
        "criteria": criteria,
        "results": blocs.results(covenant),
        "missing": blocs.missing_sheets(covenant),
        "tie_rule": blocs.TIE_RULE,
        "self_form": None if covenant.is_published else self_form,
        "cross_form": None if covenant.is_published else cross_form,
    }
    return render(request, "movements/blocs/agency_covenant_detail.html", context, status=status)


def _covenant_for(request: HttpRequest, pk: int):
    covenant = get_object_or_404(Covenant.objects.for_agency(request.agency).select_related("bloc"), pk=pk)
    member = blocs.member_for(covenant, request.agency)
    if member is None:  # pragma: no cover - for_agency found it through the membership
        raise Http404
    return covenant, member


@agency_member_required
def covenant_detail(request: HttpRequest, pk: int) -> HttpResponse:
    covenant, member = _covenant_for(request, pk)
    return _covenant_page(request, covenant, member)


@require_POST
@agency_member_required
def covenant_score(request: HttpRequest, pk: int) -> HttpResponse:
    covenant, member = _covenant_for(request, pk)
    is_self = "tu-cham-scored" in request.POST
    members = [member] if is_self else [m.agency for m in blocs.memberships(covenant) if m.agency_id != member.pk]
    form = ScoreSheetForm(
        request.POST,
        criteria=covenant.criteria.all(),
        members=members,
        self_score=is_self,
        prefix="tu-cham" if is_self else None,
    )
    if not form.is_valid():
        return _covenant_page(request, covenant, member, form, status=400)
    sheet = run_service(
        request,
        lambda: blocs.submit_scores(
            covenant,
            scorer=member,
            scored=form.cleaned_data["scored"],
            points=form.points(),
            evidence=form.evidence(),
            actor=request.user,
        ),
        _("Đã gửi phiếu chấm điểm."),
    )
    if sheet is None:
        return _covenant_page(request, covenant, member, form, status=400)
    return redirect("agency:covenant.detail", pk=pk)
