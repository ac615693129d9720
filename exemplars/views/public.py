from __future__ import annotations

import json

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from movements.models import Movement
from tayninh_thidua.lib.pagecache import cache_public_page

from ..filters import ExemplarFilter
from ..models import EventPhoto, ExchangeEvent, Exemplar, Initiative

DIRECTORY_PAGE_SIZE = 20


def _query_string(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("trang", None)
    return params.urlencode()


@require_GET
@cache_public_page
def exemplar_list(request: HttpRequest) -> HttpResponse:
    base = Exemplar.objects.published().select_related("agency", "field")
    filterset = ExemplarFilter(request.GET or None, queryset=base)
    # An invalid parameter is dropped alone (and named in a notice); the other filters stay applied.
    exemplars = filterset.qs
    page = Paginator(exemplars, DIRECTORY_PAGE_SIZE).get_page(request.GET.get("trang"))
    context = {
        "filter": filterset,
        "page_obj": page,
        "exemplars": page.object_list,
        "query": request.GET.get("q", "").strip(),
        "query_string": _query_string(request),
    }
    return render(request, "exemplars/exemplar_list.html", context)


def _json_ld(data: dict) -> str:
    """JSON for a `<script type="application/ld+json">` data block (not executed, so CSP allows it)."""
    text = json.dumps(data, ensure_ascii=False)
    return mark_safe(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))  # noqa: S308


def _structured_data(exemplar: Exemplar) -> str:
    kind = "Person" if exemplar.kind == Exemplar.Kind.INDIVIDUAL else "Organization"
    data = {
        "@context": "https://schema.org",
        "@type": kind,
        "name": exemplar.name,
        "url": settings.SITE_URL + exemplar.get_absolute_url(),
        "description": exemplar.summary,
        "award": [
            f"{h.award_type.name} {h.year} ({h.decision_number})" for h in exemplar.honours.all() if not h.is_revoked
        ],
    }
    if kind == "Person":
        data["jobTitle"] = exemplar.position_title
        data["worksFor"] = {"@type": "Organization", "name": exemplar.agency.name}
    if exemplar.portrait:
        data["image"] = settings.SITE_URL + exemplar.portrait.url
    return _json_ld(data)


@require_GET
@cache_public_page
def exemplar_detail(request: HttpRequest, slug: str) -> HttpResponse:
    exemplar = get_object_or_404(Exemplar.objects.public_pages(), slug=slug)
    movement_ids = [m.pk for m in exemplar.movements.all()]
    # EXISTS rather than a join + DISTINCT: PostgreSQL then walks the newest-first index and stops at four.
    in_same_movement = Exists(
        Exemplar.movements.through.objects.filter(exemplar_id=OuterRef("pk"), movement_id__in=movement_ids)
    )
    same_field = Q(field_id=exemplar.field_id) if exemplar.field_id else Q(pk__in=[])
    related = (
        Exemplar.objects.published()
        .filter(in_same_movement | same_field)
        .exclude(pk=exemplar.pk)
        .select_related("agency", "field")
        .order_by("-published_at", "name")[:4]
    )
    events = ExchangeEvent.objects.published().filter(exemplars=exemplar).order_by("-date")[:5]
    context = {
        "exemplar": exemplar,
        "related": related,
        "events": events,
        "structured_data": _structured_data(exemplar),
    }
    return render(request, "exemplars/exemplar_detail.html", context)


@require_GET
@cache_public_page
def event_list(request: HttpRequest) -> HttpResponse:
    events = ExchangeEvent.objects.published().select_related("movement")
    page = Paginator(events, 12).get_page(request.GET.get("trang"))
    return render(request, "exemplars/event_list.html", {"page_obj": page, "events": page.object_list})


@require_GET
@cache_public_page
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(ExchangeEvent.objects.published().with_public_relations(), slug=slug)
    return render(request, "exemplars/event_detail.html", {"event": event})


@require_GET
@cache_public_page
def gallery(request: HttpRequest) -> HttpResponse:
    photos = EventPhoto.objects.published().order_by("-event__date", "position", "pk")
    page = Paginator(photos, 24).get_page(request.GET.get("trang"))
    return render(request, "exemplars/gallery.html", {"page_obj": page, "photos": page.object_list})


# ---------------------------------------------------------------------------
# The movement page: the movement with its exemplars (movements.urls lists the movements)
# ---------------------------------------------------------------------------
MOVEMENT_EXEMPLARS = 12


@require_GET
@cache_public_page
def movement_detail(request: HttpRequest, slug: str) -> HttpResponse:
    movement = get_object_or_404(
        Movement.objects.published().with_agencies().prefetch_related("coordinating_agencies__successor__successor"),
        slug=slug,
    )
    exemplars = Exemplar.objects.published().filter(movements=movement)
    per_phase = {
        row["phase"]: row["n"] for row in exemplars.order_by().values("phase").annotate(n=Count("pk", distinct=True))
    }
    rows = [(phase.name, per_phase.pop(phase.pk, 0)) for phase in movement.phases.all()]
    # Every exemplar is in exactly one row, so the rows add up to the total: those without a phase, or with a
    # phase the movement does not run in (recorded before the rule), share the last row.
    elsewhere = sum(per_phase.values())
    if elsewhere:
        rows.append((_("Giai đoạn khác hoặc chưa xác định"), elsewhere))
    context = {
        "movement": movement,
        "exemplars": exemplars.select_related("agency", "field")[:MOVEMENT_EXEMPLARS],
        "exemplar_total": sum(count for _label, count in rows),
        "phase_rows": rows,
    }
    return render(request, "movements/movement_detail.html", context)


@require_GET
@cache_public_page
def initiative_list(request: HttpRequest) -> HttpResponse:
    """Recognised initiatives, their public fields only (Initiative.PUBLIC_FIELDS): no files, no notes."""
    level = request.GET.get("cap", "")
    initiatives = (
        Initiative.objects.recognised()
        .with_relations()
        .only(*Initiative.PUBLIC_FIELDS, "agency__name", "agency__slug", "field__name")
    )
    if level in Initiative.Level.values:
        initiatives = initiatives.filter(recognition_level=level)
    page = Paginator(initiatives, DIRECTORY_PAGE_SIZE).get_page(request.GET.get("trang"))
    context = {
        "page_obj": page,
        "initiatives": page.object_list,
        "levels": Initiative.Level.choices,
        "level": level if level in Initiative.Level.values else "",
        "query_string": _query_string(request),
    }
    return render(request, "exemplars/initiative_list.html", context)
