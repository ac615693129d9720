from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from movements.models import Movement
from tayninh_thidua.lib import ratelimit
from tayninh_thidua.lib.pagecache import CardRows, cache_public_page, public_fragment
from tayninh_thidua.lib.pagination import FragmentCountPaginator, list_count_key
from tayninh_thidua.lib.views import run_service

from .. import services
from ..filters import ExemplarFilter
from ..forms import ProposalForm, VerificationLinkAnswerForm
from ..models import EventPhoto, ExchangeEvent, Exemplar, Initiative, Proposal, Replication

DIRECTORY_PAGE_SIZE = 20


def _query_string(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("trang", None)
    return params.urlencode()


@require_GET
@cache_public_page
def exemplar_list(request: HttpRequest) -> HttpResponse:
    base = Exemplar.objects.for_cards()
    filterset = ExemplarFilter(request.GET or None, queryset=base)
    # An invalid parameter is dropped alone (and named in a notice); the other filters stay applied.
    exemplars = filterset.qs
    # The count of these filters is kept per publication (the sort and the page do not change it).
    count_key = list_count_key("exemplar", request.GET)
    paginator = FragmentCountPaginator(exemplars, DIRECTORY_PAGE_SIZE, count_key=count_key)
    page = paginator.get_page(request.GET.get("trang"))
    context = {
        "filter": filterset,
        "page_obj": page,
        "exemplars": CardRows(page.object_list),
        "query": request.GET.get("q", "").strip(),
        "query_string": _query_string(request),
    }
    return render(request, "exemplars/exemplar_list.html", context)


def _json_ld(data: dict) -> str:
    """JSON for a `<script type="application/ld+json">` data block (not executed, so CSP allows it)."""
    text = json.dumps(data, ensure_ascii=False)
    return mark_safe(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))  # noqa: S308


def _structured_data(exemplar: Exemplar, honours: list) -> str:
    kind = "Person" if exemplar.kind == Exemplar.Kind.INDIVIDUAL else "Organization"
    data = {
        "@context": "https://schema.org",
        "@type": kind,
        "name": exemplar.name,
        "url": settings.SITE_URL + exemplar.get_absolute_url(),
        "description": exemplar.summary,
        "award": [f"{h.award_type.name} {h.year} ({h.decision_number})" for h in honours if not h.is_revoked],
    }
    if kind == "Person":
        data["jobTitle"] = exemplar.position_title
        data["worksFor"] = {"@type": "Organization", "name": exemplar.agency.name}
    if exemplar.portrait:
        data["image"] = settings.SITE_URL + exemplar.portrait.url
    return _json_ld(data)


def _related_keys(exemplar: Exemplar, movements: list[Movement]) -> list[int]:
    """The four newest published exemplars that share a published movement or the field with `exemplar`."""
    # EXISTS rather than a join + DISTINCT: PostgreSQL then walks the newest-first index and stops at four.
    in_same_movement = Exists(
        Exemplar.movements.through.objects.filter(exemplar_id=OuterRef("pk"), movement__in=movements)
    )
    same_field = Q(field_id=exemplar.field_id) if exemplar.field_id else Q(pk__in=[])
    related = (
        Exemplar.objects.published()
        .filter(in_same_movement | same_field)
        .exclude(pk=exemplar.pk)
        .order_by("-published_at", "name")
    )
    return list(related.values_list("pk", flat=True)[:4])


@require_GET
@cache_public_page
def exemplar_detail(request: HttpRequest, slug: str) -> HttpResponse:
    exemplar = get_object_or_404(Exemplar.objects.for_page(), slug=slug)
    lists = exemplar.page_lists()
    # The related exemplars change only with a publication: their keys are kept per version, as their cards are.
    related = public_fragment(f"exemplar-related:{exemplar.pk}", lambda: _related_keys(exemplar, lists["movements"]))
    events = ExchangeEvent.objects.published().filter(exemplars=exemplar).only("title", "slug", "date")
    events = events.order_by("-date")[:5]
    # The page is for a published exemplar only (for_page), so its spread may show: one query, whatever its size,
    # and none for the many never replicated (`spread`, the number of agencies, is kept by record_replication).
    replications = (
        list(Replication.objects.filter(exemplar=exemplar).select_related("agency").order_by("date", "pk"))
        if exemplar.spread
        else []
    )
    context = {
        "exemplar": exemplar,
        **lists,
        "replications": replications,
        "replicating_agencies": list(dict.fromkeys(str(r.agency) for r in replications)),
        "related": CardRows(Exemplar.objects.for_cards(), keys=related),
        "events": events,
        "structured_data": _structured_data(exemplar, lists["honours"]),
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


def _phase_counts(movement: Movement) -> list[tuple[int | None, int]]:
    exemplars = Exemplar.objects.published().filter(movements=movement).order_by()
    return list(exemplars.values_list("phase").annotate(n=Count("pk", distinct=True)))


@require_GET
@cache_public_page
def movement_detail(request: HttpRequest, slug: str) -> HttpResponse:
    movement = get_object_or_404(Movement.objects.published().for_page(), slug=slug)
    lists = movement.page_lists()
    # The count per phase reads every exemplar of the movement: kept per publication (lib/pagecache).
    per_phase = dict(public_fragment(f"movement-phase-counts:{movement.pk}", lambda: _phase_counts(movement)))
    rows = [(phase.name, per_phase.pop(phase.pk, 0)) for phase in lists["phases"]]
    # Every exemplar is in exactly one row, so the rows add up to the total: those without a phase, or with a
    # phase the movement does not run in (recorded before the rule), share the last row.
    elsewhere = sum(per_phase.values())
    if elsewhere:
        rows.append((_("Giai đoạn khác hoặc chưa xác định"), elsewhere))
    context = {
        "movement": movement,
        **lists,
        "exemplars": CardRows(Exemplar.objects.for_cards().filter(movements=movement)[:MOVEMENT_EXEMPLARS]),
        "exemplar_total": sum(count for _label, count in rows),
        "phase_rows": rows,
    }
    return render(request, "movements/movement_detail.html", context)


# ---------------------------------------------------------------------------
# Proposals (/gioi-thieu/): the public form, the proposer's status page, the agency's verification link.
# Never cached: the form carries messages, the status page is the proposer's alone.
# ---------------------------------------------------------------------------
PROPOSAL_RATE = {"limit": 3, "window": 3600}  # stored proposals per address per hour
PROPOSAL_POST_RATE = {"limit": 20, "window": 600}  # posts of the form per address (floods), stored or not
PROPOSAL_MAILBOX_RATE = {"limit": 3, "window": 86400}  # stored proposals per mailbox a day, however spelt
PHOTO_ERRORS = {"too_large", "too_many_pixels", "invalid_image", "bad_format", "polyglot"}


def mailbox_key(email: str) -> str:
    """One key per mailbox: case, dots and "+tag" of a Gmail-style address do not make a new one."""
    local, _sep, domain = email.strip().lower().rpartition("@")
    local = local.split("+", 1)[0]
    if domain in {"gmail.com", "googlemail.com"}:
        local, domain = local.replace(".", ""), "gmail.com"
    return f"{local}@{domain}"


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def _proposal_throttled(address: str, email: str) -> str:
    if ratelimit.hit("proposal-post", address, **PROPOSAL_POST_RATE):
        return _("Bạn đã gửi biểu mẫu quá nhiều lần trong thời gian ngắn. Vui lòng thử lại sau ít phút.")
    if ratelimit.reached("proposal", address, limit=PROPOSAL_RATE["limit"]):
        return _("Bạn đã gửi quá nhiều lời giới thiệu trong thời gian ngắn. Vui lòng thử lại sau một giờ.")
    if email and ratelimit.reached("proposal-mailbox", mailbox_key(email), limit=PROPOSAL_MAILBOX_RATE["limit"]):
        return _("Địa chỉ thư điện tử này đã gửi nhiều lời giới thiệu hôm nay. Vui lòng thử lại vào ngày mai.")
    return ""


@require_http_methods(["GET", "POST"])
def proposal_submit(request: HttpRequest) -> HttpResponse:
    form = ProposalForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        address = ratelimit.client_address(request)
        if form.data.get("website"):  # the honeypot: answer like a success, store nothing
            messages.success(request, _("Cảm ơn bạn đã giới thiệu. Thư xác nhận đã được gửi."))
            return redirect("proposals:submit")
        refusal = _proposal_throttled(address, str(form.data.get("proposer_email", ""))[:254])
        if refusal:
            form.add_error(None, refusal)
            status = 429
        elif form.is_valid():
            data = form.cleaned_data
            proposal = run_service(
                request,
                lambda: services.submit_proposal(data, photo=data.get("photo") or None),
                _("Cảm ơn bạn đã giới thiệu. Thư xác nhận kèm liên kết trang này đã được gửi đến hộp thư của bạn."),
            )
            if proposal is not None:
                ratelimit.hit("proposal", address, **PROPOSAL_RATE)
                ratelimit.hit("proposal-mailbox", mailbox_key(data["proposer_email"]), **PROPOSAL_MAILBOX_RATE)
                return redirect(proposal.get_status_url())
        if request.FILES and status == 200:
            messages.warning(
                request,
                _(
                    "Nội dung bạn đã nhập vẫn được giữ, nhưng trình duyệt không giữ được ảnh đã chọn: vui lòng chọn lại."
                ),
            )
    return _private(render(request, "exemplars/proposal_form.html", {"form": form}, status=status))


@require_GET
def proposal_status(request: HttpRequest, code: str) -> HttpResponse:
    """What the proposer may know: the state, the dates, the reason given to them, and the exemplar's public page
    once it is published. Nothing of other people (the verifier's note, the contact) is shown."""
    proposal = get_object_or_404(Proposal.objects.select_related("exemplar"), tracking_code=code)
    exemplar = proposal.exemplar
    public_exemplar = Exemplar.objects.published().filter(pk=exemplar.pk).first() if exemplar is not None else None
    context = {"proposal": proposal, "public_exemplar": public_exemplar}
    return _private(render(request, "exemplars/proposal_status.html", context))


@require_http_methods(["GET", "POST"])
def proposal_verify(request: HttpRequest, token: str) -> HttpResponse:
    """The verifying agency's answer through its signed link; no account needed. Single use: a closed or expired
    link answers 410 with the reason; a forged one 404."""
    proposal, closed = services.proposal_for_token(token)
    if proposal is None and not closed:
        raise Http404
    form = VerificationLinkAnswerForm(request.POST or None)
    if not closed and request.method == "POST" and form.is_valid():
        try:
            services.answer_verification_link(token, **form.cleaned_data)
        except ValidationError as exc:
            if exc.code in {"invalid_link", "link_closed"}:
                closed = " ".join(exc.messages)
            else:
                form.add_error("note", exc)
        else:
            return _private(render(request, "exemplars/proposal_verified.html", {"proposal": proposal}))
    if closed:
        return _private(render(request, "exemplars/proposal_link_closed.html", {"reason": closed}, status=410))
    return _private(render(request, "exemplars/proposal_verify.html", {"proposal": proposal, "form": form}))


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
