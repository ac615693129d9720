"""An agency's own figures (/don-vi/thong-ke/) and its report draft, pre-filled from its data.

The agency is always `request.agency` (with the agencies merged into it): no parameter names another agency, so no
page can show another agency's figures.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from movements.access import agency_member_required
from movements.models import Plan

from ..reporting.context import Subject, build_context, default_kind
from ..reporting.documents import FORMATS
from ..reporting.exports import download
from ..reporting.figures import Labels, compute
from ..reporting.filters import StatisticsFilterForm
from ..reporting.year_figures import chosen_year, year_figures


def _subject(request: HttpRequest, form: StatisticsFilterForm, labels: Labels) -> Subject | None:
    values = form.valid_values()
    phase = next((p for p in labels.phases if p.pk == values.get("phase")), None)
    plan_id = phase.plan_id if phase else values.get("plan")
    plans = Plan.objects.select_related("issuer__parent").order_by("-issued_on")
    plan = plans.filter(pk=plan_id).first() if plan_id else plans.first()
    if plan is None:
        return None
    movement = next((m for m in labels.movements if m.pk == values.get("movement")), None)
    return Subject(plan, phase, movement, request.agency, default_kind(phase))


@require_GET
@agency_member_required
def statistics(request: HttpRequest) -> HttpResponse:
    labels = Labels.load(include_unpublished=True)
    form = StatisticsFilterForm(request.GET or None, labels=labels)
    scope = form.scope(include_unpublished=True, agency_ids=labels.lineage(request.agency.pk))
    figures = compute(scope, labels=labels)
    context = {
        "form": form,
        "figures": figures,
        "query_string": form.query_string(),
        "agency": request.agency,
        "public": False,
        "has_plan": Plan.objects.exists(),
        "year_figures": year_figures(chosen_year(form), agency=request.agency),
    }
    return render(request, "portal/statistics/agency.html", context)


@require_GET
@agency_member_required
def report_draft(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    labels = Labels.load(include_unpublished=True)
    subject = _subject(request, StatisticsFilterForm(request.GET or None, labels=labels), labels)
    if subject is None:
        raise Http404
    render_, content_type = FORMATS[fmt]
    return download(render_(build_context(subject)), f"{subject.slug()}.{fmt}", content_type)
