"""Staff pages under /thong-ke/quan-ly/: the dashboard (what needs action today, and the statistics including
unpublished and in-progress work) and the sơ kết / tổng kết report documents."""

from __future__ import annotations

import datetime as dt
import uuid

from django.contrib import messages
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from contests.models import Round
from exemplars.models import Nomination
from movements.models import ReviewReport
from tayninh_thidua.lib.access import staff_permission_required
from tayninh_thidua.lib.models import OutgoingMail
from tayninh_thidua.lib.storage import private_file_response

from ..models import ReportJob
from ..reporting.context import build_context
from ..reporting.documents import FORMATS
from ..reporting.exports import XLSX_TYPE, download, table_csv, tables_workbook
from ..reporting.filters import ReportForm
from ..reporting.jobs import start_report_job
from ..reporting.year_figures import chosen_year, year_figures
from .statistics import figures_for

STATS_PERMS = ("exemplars.view_exemplar", "exemplars.view_honour")
REPORT_PERMS = (*STATS_PERMS, "movements.view_reviewreport")
WAITING = (Nomination.State.SUBMITTED, Nomination.State.RESUBMITTED, Nomination.State.IN_REVIEW)
CLOSING_DAYS = 7


def _today_work(today: dt.date) -> dict:
    """What needs action today, in four small queries."""
    waiting = dict(Nomination.objects.filter(state__in=WAITING).order_by().values_list("state").annotate(n=Count("pk")))
    rounds = list(
        Round.objects.filter(
            ends_on__gte=today,
            ends_on__lte=today + dt.timedelta(days=CLOSING_DAYS),
            edition__results_published_at__isnull=True,
        )
        .select_related("edition")
        .order_by("ends_on")
    )
    return {
        "waiting": [(str(Nomination.State(state).label), waiting.get(state, 0)) for state in WAITING],
        "waiting_total": sum(waiting.values()),
        "overdue": ReviewReport.objects.unreported().filter(due_date__lt=today).count(),
        "rounds": rounds,
        "outbox_failed": OutgoingMail.objects.failed().count(),
        "closing_days": CLOSING_DAYS,
    }


@require_GET
@staff_permission_required(*STATS_PERMS)
def dashboard(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form, figures = figures_for(request, include_unpublished=True)
    context = {
        "form": form,
        "figures": figures,
        "query_string": form.query_string(),
        "today": today,
        "work": _today_work(today),
        "year_figures": year_figures(chosen_year(form)),
        "public": False,
    }
    return render(request, "portal/statistics/dashboard.html", context)


@require_GET
@staff_permission_required(*STATS_PERMS)
def dashboard_csv(request: HttpRequest, key: str) -> HttpResponse:
    _form, figures = figures_for(request, include_unpublished=True)
    table = figures.table(key)
    if table is None:
        raise Http404
    name = f"thong-ke-noi-bo-{key}-{timezone.localdate():%Y%m%d}.csv"
    return download(table_csv(table), name, "text/csv; charset=utf-8")


@require_GET
@staff_permission_required(*STATS_PERMS)
def dashboard_xlsx(request: HttpRequest) -> HttpResponse:
    _form, figures = figures_for(request, include_unpublished=True)
    return download(tables_workbook(figures.tables), f"thong-ke-noi-bo-{timezone.localdate():%Y%m%d}.xlsx", XLSX_TYPE)


# ---------------------------------------------------------------------------
# Report documents
# ---------------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
@staff_permission_required(*REPORT_PERMS)
def report_form(request: HttpRequest) -> HttpResponse:
    """GET: the form. POST: build the report in the background (any scope; the whole plan always goes here)."""
    form = ReportForm(request.POST or request.GET or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        job = start_report_job(
            form.subject(), actor=request.user, signer_title=data["signer_title"], signer_name=data["signer_name"]
        )
        messages.success(request, _("Đang soạn báo cáo. Trang này tự cập nhật tiến độ."))
        return redirect("stats:report.job", token=job.token)
    jobs = ReportJob.objects.filter(requested_by=request.user)[:10]
    return render(request, "portal/statistics/report_form.html", {"form": form, "jobs": jobs})


@require_GET
@staff_permission_required(*REPORT_PERMS)
def report_download(request: HttpRequest, fmt: str) -> HttpResponse:
    """A movement's report in one format, at once. The whole plan is built in the background (report_form)."""
    if fmt not in FORMATS:
        raise Http404
    form = ReportForm(request.GET)
    if form.is_valid() and not form.cleaned_data.get("movement"):
        form.add_error("movement", _("Báo cáo toàn kế hoạch được soạn ở chế độ nền: bấm “Soạn báo cáo (chạy nền)”."))
    if not form.is_valid():
        return render(request, "portal/statistics/report_form.html", {"form": form, "jobs": []}, status=400)
    data, subject = form.cleaned_data, form.subject()
    ctx = build_context(subject, signer_title=data["signer_title"], signer_name=data["signer_name"])
    render_, content_type = FORMATS[fmt]
    return download(render_(ctx), f"{subject.slug()}.{fmt}", content_type)


def _job(token: str) -> ReportJob:
    try:
        token = uuid.UUID(token)
    except ValueError:
        raise Http404 from None
    return get_object_or_404(ReportJob, token=token)


@require_GET
@staff_permission_required(*REPORT_PERMS)
def report_job(request: HttpRequest, token) -> HttpResponse:
    return render(request, "portal/statistics/report_job.html", {"job": _job(token)})


@require_GET
@staff_permission_required(*REPORT_PERMS)
def report_job_progress(request: HttpRequest, token) -> JsonResponse:
    job = _job(token)
    files = (
        {fmt: reverse("stats:report.job.file", kwargs={"token": job.token, "fmt": fmt}) for fmt in FORMATS}
        if job.state == ReportJob.State.DONE
        else {}
    )
    return JsonResponse(
        {"state": job.state, "label": job.get_state_display(), "progress": job.progress, "files": files}
    )


@require_GET
@staff_permission_required(*REPORT_PERMS)
def report_job_file(request: HttpRequest, token, fmt: str) -> HttpResponseBase:
    job = _job(token)
    if fmt not in FORMATS or job.state != ReportJob.State.DONE or not getattr(job, fmt):
        raise Http404
    fieldfile = getattr(job, fmt)
    return private_file_response(fieldfile, f"{job.params.get('filename') or 'bao-cao'}.{fmt}", FORMATS[fmt][1])
