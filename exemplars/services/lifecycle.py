"""An exemplar's life, each step one service: proposal (public form or agency), triage, verification (the agency's
pages or a signed single-use link), confirmation into a draft exemplar, nurturing plan and follow-ups, replication.

Every step writes a log row (ProposalEvent or LifecycleEvent: actor, from, to, comment), queues its mail in the
outbox, and refreshes the public page cache when what the public sees changes (a published exemplar's stage or
spread). Verification links mirror the contests' design: signed, carrying a nonce that a new request replaces and
an answer clears (single use), expiring after VERIFICATION_MAX_AGE; every use is logged.
"""

from __future__ import annotations

import datetime as dt
import secrets
from pathlib import PurePath

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from movements import audiences
from movements.audiences import is_member_of, is_reviewer
from movements.models import Agency
from tayninh_thidua.lib import outbox
from tayninh_thidua.lib.publication import refresh_public_pages
from tayninh_thidua.lib.uploads import CheckedFile, save_after_commit
from tayninh_thidua.lib.workflow import Move, NotAllowedForYou, NotAllowedNow, check_move

from ..models import Exemplar, FollowUp, LifecycleEvent, NurturingPlan, Proposal, ProposalEvent, Replication
from ..models.lifecycle import holds_proposal_role

State = Proposal.State
Stage = Exemplar.Stage
VERIFICATION_SALT = "exemplars.proposal-verification"
VERIFICATION_MAX_AGE = 60 * 60 * 24 * 30  # verification links last 30 days
_STAGE_ORDER = [Stage.PROPOSED, Stage.VERIFIED, Stage.NURTURED, Stage.REPLICATED]
PROPOSAL_FIELDS = ("kind", "name", "locality", "story", "proposer_name", "proposer_email", "proposer_phone", "consent")


# ---------------------------------------------------------------------------
# Shared steps
# ---------------------------------------------------------------------------
def _lock(proposal: Proposal) -> Proposal:
    return Proposal.objects.select_for_update(of=("self",)).select_related("agency").get(pk=proposal.pk)


def _log(proposal: Proposal, from_state: str, *, actor=None, actor_label: str = "", comment: str = "") -> None:
    ProposalEvent.record(
        proposal=proposal,
        actor=actor,
        actor_label=actor_label[:255],
        from_state=from_state,
        to_state=proposal.state,
        comment=comment,
    )


def _notify_proposer(proposal: Proposal, move: Move | None) -> None:
    """One e-mail to the proposer per notifying move, with the status link (never another person's data)."""
    if move is None or not move.notify:
        return
    link = settings.SITE_URL + proposal.get_status_url()
    outbox.queue_mail(
        kind="proposal-status",
        key=f"proposal-status:{proposal.pk}:{proposal.state}",
        to=[proposal.proposer_email],
        subject=_("[Thi đua Tây Ninh] Cập nhật giới thiệu gương tốt: %(state)s")
        % {"state": State(proposal.state).label},
        body=render_to_string("emails/proposals/status.txt", {"proposal": proposal, "link": link}),
    )


def _move(locked: Proposal, to_state: str, *, actor, comment: str | None, holds=holds_proposal_role) -> Move:
    return check_move(State, locked, to_state, actor=actor, holds=holds, comment=comment, noun=_("giới thiệu"))


# ---------------------------------------------------------------------------
# Discovery
# ---------------------------------------------------------------------------
@transaction.atomic
def submit_proposal(data: dict, *, photo: CheckedFile | None = None, actor=None, agency: Agency | None = None):
    """Record a proposal from the public form (no actor) or from an agency's pages (`agency`, its member).

    Writes the Proposal (a fresh unguessable tracking code), its photo (checked, private storage, after commit)
    and a ProposalEvent; queues one confirmation e-mail to the proposer with the status page's link.
    """
    if agency is not None and not is_member_of(actor, agency.pk):
        raise NotAllowedForYou(_("Bạn không thuộc đơn vị này."))
    if not data.get("consent"):
        raise NotAllowedNow(_("Vui lòng đồng ý với điều khoản sử dụng thông tin."), code="consent")
    proposal = Proposal(**{name: data[name] for name in PROPOSAL_FIELDS if name in data})
    proposal.proposed_by_agency = agency
    proposal.state = State.RECEIVED
    if photo is not None:
        save_after_commit(proposal.photo, photo.name, photo)
    proposal.save()
    label = agency.name if agency is not None else _("Người giới thiệu (qua biểu mẫu công khai)")
    _log(proposal, "", actor=actor, actor_label=label, comment=_("Tiếp nhận giới thiệu."))
    link = settings.SITE_URL + proposal.get_status_url()
    outbox.queue_mail(
        kind="proposal-receipt",
        key=f"proposal-receipt:{proposal.pk}",
        to=[proposal.proposer_email],
        subject=_("[Thi đua Tây Ninh] Đã nhận giới thiệu gương tốt: %(name)s") % {"name": proposal.name},
        body=render_to_string("emails/proposals/receipt.txt", {"proposal": proposal, "link": link}),
    )
    return proposal


# ---------------------------------------------------------------------------
# Triage by provincial staff
# ---------------------------------------------------------------------------
@transaction.atomic
def mark_duplicate(proposal: Proposal, exemplar: Exemplar, *, actor, comment: str = "") -> Proposal:
    """The person, collective or model is already an exemplar: link it and close. The proposer is told it is
    already recognised (never which record, which may be unpublished). Logs; one e-mail to the proposer."""
    locked = _lock(proposal)
    move = _move(locked, State.DUPLICATE, actor=actor, comment=comment)
    previous = locked.state
    locked.state, locked.exemplar, locked.verification_nonce = State.DUPLICATE, exemplar, ""
    locked.public_reason = comment.strip() or _("Người, tập thể hoặc mô hình này đã được ghi nhận là điển hình.")
    locked.save()
    _log(
        locked,
        previous,
        actor=actor,
        comment=_("Trùng với điển hình #%(pk)s. %(c)s") % {"pk": exemplar.pk, "c": comment},
    )
    _notify_proposer(locked, move)
    return locked


@transaction.atomic
def close_proposal(proposal: Proposal, *, actor, reason: str) -> Proposal:
    """Out of scope: close with a reason the proposer sees on the status page and in one e-mail. Logs."""
    locked = _lock(proposal)
    move = _move(locked, State.CLOSED, actor=actor, comment=reason)
    previous = locked.state
    locked.state, locked.public_reason, locked.verification_nonce = State.CLOSED, reason.strip(), ""
    locked.save()
    _log(locked, previous, actor=actor, comment=reason)
    _notify_proposer(locked, move)
    return locked


@transaction.atomic
def send_for_verification(proposal: Proposal, agency: Agency, *, actor) -> Proposal:
    """Ask the locality or agency to verify. The same request again while its link is open changes nothing;
    otherwise a new nonce (any earlier link stops working), a log row, and one e-mail to the agency's own address
    with the signed link and its pages' link (it waits in the outbox if the agency has no address yet)."""
    locked = _lock(proposal)
    if locked.state == State.VERIFYING and locked.agency_id == agency.pk and locked.verification_nonce:
        return locked
    _move(locked, State.VERIFYING, actor=actor, comment="")
    previous = locked.state
    locked.state, locked.agency = State.VERIFYING, agency
    locked.verification_nonce = secrets.token_urlsafe(12)
    locked.save()
    _log(locked, previous, actor=actor, comment=_("Gửi %(agency)s xác minh.") % {"agency": agency.name})
    link = settings.SITE_URL + reverse("proposals:verify", kwargs={"token": verification_token(locked)})
    outbox.queue_mail(
        kind="proposal-verification",
        key=f"proposal-verification:{locked.pk}:{locked.verification_nonce}",
        audience=audiences.AGENCY_OFFICE,
        audience_args={"agency_id": agency.pk},
        subject=_("[Thi đua Tây Ninh] Đề nghị xác minh gương tốt: %(name)s") % {"name": locked.name},
        body=render_to_string(
            "emails/proposals/verification_request.txt",
            {
                "proposal": locked,
                "link": link,
                "agency_link": settings.SITE_URL + reverse("agency:proposal.detail", args=[locked.pk]),
            },
        ),
    )
    return locked


# ---------------------------------------------------------------------------
# Verification: by the agency's members, by staff, or through the signed link
# ---------------------------------------------------------------------------
def verification_token(proposal: Proposal) -> str:
    return signing.dumps(
        {"p": proposal.pk, "a": proposal.agency_id, "n": proposal.verification_nonce}, salt=VERIFICATION_SALT
    )


def _token_data(token: str) -> dict | None:
    try:
        data = signing.loads(token, salt=VERIFICATION_SALT, max_age=VERIFICATION_MAX_AGE)
    except signing.SignatureExpired:
        return {"expired": True}
    except signing.BadSignature:
        return None
    return data if isinstance(data, dict) and data.get("n") else None


def proposal_for_token(token: str) -> tuple[Proposal | None, str]:
    """(the proposal a genuine link is about, why the link is closed or ""); (None, "") for a forged link."""
    data = _token_data(token)
    if data is None:
        return None, ""
    if data.get("expired"):
        return None, _("Liên kết xác minh đã hết hạn. Xin liên hệ cơ quan thường trực thi đua – khen thưởng.")
    proposal = Proposal.objects.filter(pk=data.get("p")).select_related("agency").first()
    if proposal is None:
        return None, ""
    return proposal, link_closed_reason(proposal, data)


def link_closed_reason(proposal: Proposal, data: dict) -> str:
    asked = proposal.agency_id == data.get("a") and proposal.verification_nonce == data.get("n")
    if not asked or proposal.state != State.VERIFYING:
        return _(
            "Liên kết này đã được sử dụng hoặc đã được thay bằng liên kết mới. Nếu cần điều chỉnh kết quả xác minh, "
            "xin liên hệ cơ quan thường trực thi đua – khen thưởng."
        )
    return ""


@transaction.atomic
def answer_verification_link(token: str, *, confirmed: bool, note: str, responder: str) -> Proposal:
    """The agency's answer through its link, once: the link closes with it. Refused (ValidationError) when the
    link is forged, expired or closed. Logs with the agency and the person who answered as the actor."""
    found, closed = proposal_for_token(token)
    if found is None:
        raise ValidationError(closed or _("Liên kết xác minh không hợp lệ."), code="invalid_link")
    locked = _lock(found)
    reason = link_closed_reason(locked, _token_data(token) or {})
    if reason:
        raise ValidationError(reason, code="link_closed")
    label = _("%(agency)s – %(person)s (qua liên kết xác minh)") % {
        "agency": locked.agency.name,
        "person": " ".join(responder.split()),
    }
    return _answer(locked, confirmed=confirmed, note=note, actor=None, actor_label=label, holds=_link_holds)


def _link_holds(actor, proposal: Proposal, role: str) -> bool:
    return True  # the signed, open link is the verifier's right (checked above)


@transaction.atomic
def verify_proposal(proposal: Proposal, *, confirmed: bool, note: str = "", actor) -> Proposal:
    """The answer of the agency asked (its member, on its pages) or of a reviewer. Closes any link sent."""
    return _answer(_lock(proposal), confirmed=confirmed, note=note, actor=actor)


def _answer(locked: Proposal, *, confirmed: bool, note: str, actor, actor_label: str = "", holds=None) -> Proposal:
    """Confirmed: a draft, unpublished exemplar of the verifying agency linked to the proposal (stage verified).
    Not confirmed: the note is the reason the proposer sees. Logs; one e-mail to the proposer."""
    target = State.CONFIRMED if confirmed else State.NOT_CONFIRMED
    move = _move(locked, target, actor=actor, comment=note, holds=holds or holds_proposal_role)
    previous = locked.state
    locked.state, locked.verification_note, locked.verified_at = target, note.strip(), timezone.now()
    locked.verification_nonce = ""
    if confirmed:
        locked.exemplar = _exemplar_from(locked, actor)
        locked.public_reason = ""
    else:
        locked.public_reason = note.strip()
    locked.save()
    _log(locked, previous, actor=actor, actor_label=actor_label, comment=note)
    _notify_proposer(locked, move)
    return locked


def _exemplar_from(proposal: Proposal, actor) -> Exemplar:
    exemplar = Exemplar(
        kind=proposal.kind,
        name=proposal.name,
        agency=proposal.agency,
        locality=proposal.locality,
        summary=proposal.story[:500],
        story=proposal.story,
        is_published=False,
        stage=Stage.VERIFIED,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    exemplar.save()
    LifecycleEvent.record(
        exemplar=exemplar,
        action="verified",
        actor=actor,
        from_state=Stage.PROPOSED,
        to_state=Stage.VERIFIED,
        comment=_("Từ giới thiệu #%(pk)s, đã được xác minh.") % {"pk": proposal.pk},
    )
    return exemplar


# ---------------------------------------------------------------------------
# Nurturing and replication
# ---------------------------------------------------------------------------
def may_nurture(actor, exemplar: Exemplar) -> bool:
    """The exemplar's agency (its members) or a provincial reviewer."""
    return is_reviewer(actor) or is_member_of(actor, exemplar.agency_id)


def _advance(exemplar: Exemplar, stage: str, *, actor, action: str, comment: str = "") -> None:
    """Move the stage forward (never back); log the action either way; refresh public pages if it shows."""
    locked = Exemplar.objects.select_for_update().get(pk=exemplar.pk)
    previous = locked.stage
    if _STAGE_ORDER.index(stage) > _STAGE_ORDER.index(previous):
        Exemplar.objects.filter(pk=locked.pk).update(stage=stage)
        exemplar.stage = stage
    LifecycleEvent.record(
        exemplar=locked, action=action, actor=actor, from_state=previous, to_state=exemplar.stage, comment=comment
    )
    if locked.is_published:
        refresh_public_pages()


@transaction.atomic
def save_nurturing_plan(exemplar: Exemplar, *, actor, goals: str, support: str = "") -> NurturingPlan:
    """Write (or update) the exemplar's nurturing plan, kept by its agency. Stage → nurtured. Logs."""
    if not may_nurture(actor, exemplar):
        raise NotAllowedForYou(_("Chỉ đơn vị phụ trách điển hình mới lập kế hoạch bồi dưỡng."))
    if not goals.strip():
        raise NotAllowedNow(_("Vui lòng ghi mục tiêu, nội dung bồi dưỡng."), code="goals_required")
    plan, created = NurturingPlan.objects.update_or_create(
        exemplar=exemplar, defaults={"agency_id": exemplar.agency_id, "goals": goals.strip(), "support": support}
    )
    action = "plan-created" if created else "plan-updated"
    _advance(exemplar, Stage.NURTURED, actor=actor, action=action, comment=goals.strip()[:300])
    return plan


@transaction.atomic
def add_follow_up(
    plan: NurturingPlan,
    *,
    actor,
    date: dt.date,
    support_given: str,
    results: str = "",
    next_review: dt.date | None = None,
) -> FollowUp:
    """A dated follow-up of the plan; its `next_review` is when the agency is reminded (reminders.py). Logs."""
    if not may_nurture(actor, plan.exemplar):
        raise NotAllowedForYou(_("Chỉ đơn vị phụ trách điển hình mới ghi theo dõi bồi dưỡng."))
    if next_review is not None and next_review < date:
        raise NotAllowedNow(_("Ngày theo dõi tiếp theo phải sau ngày theo dõi."), code="next_review")
    follow_up = FollowUp.objects.create(
        plan=plan,
        date=date,
        support_given=support_given,
        results=results,
        next_review=next_review,
        created_by=actor,
    )
    _advance(plan.exemplar, Stage.NURTURED, actor=actor, action="follow-up", comment=support_given[:300])
    return follow_up


@transaction.atomic
def record_replication(
    exemplar: Exemplar,
    *,
    actor,
    agency: Agency,
    date: dt.date,
    what: str,
    results: str = "",
    evidence_link: str = "",
    evidence_file: CheckedFile | None = None,
    evidence_name: str = "",
) -> Replication:
    """An agency records that it adopted or learned from `exemplar`. Writes the Replication (evidence file in
    private storage, after commit), the exemplar's `spread` (distinct agencies) and stage → replicated; logs;
    refreshes public pages when the exemplar is published."""
    if not (is_reviewer(actor) or is_member_of(actor, agency.pk)):
        raise NotAllowedForYou(_("Bạn chỉ ghi nhận nhân rộng cho đơn vị của mình."))
    if agency.pk == exemplar.agency_id:
        raise NotAllowedNow(_("Đơn vị của chính điển hình không tính là nhân rộng."), code="own_agency")
    if date > timezone.localdate():
        raise NotAllowedNow(_("Ngày áp dụng không thể sau hôm nay."), code="future")
    replication = Replication(
        exemplar=exemplar, agency=agency, date=date, what=what, results=results, evidence_link=evidence_link
    )
    replication.created_by = actor
    if evidence_file is not None:
        ext = PurePath(evidence_file.name).suffix
        replication.evidence_name = f"{PurePath(evidence_name).stem or 'minh-chung'}{ext}"[:255]
        save_after_commit(replication.evidence_file, evidence_file.name, evidence_file)
    replication.save()
    spread = Replication.objects.filter(exemplar=exemplar).values("agency").distinct().count()
    Exemplar.objects.filter(pk=exemplar.pk).update(spread=spread)
    exemplar.spread = spread
    _advance(exemplar, Stage.REPLICATED, actor=actor, action="replicated", comment=f"{agency.name}: {what[:250]}")
    return replication


# ---------------------------------------------------------------------------
# Reads for others: statistics and review reports
# ---------------------------------------------------------------------------
def lifecycle_counts() -> dict:
    """Counts for the statistics page: proposals by state, exemplars by stage (all, and published), the
    replications recorded and the agencies that replicated. Three queries."""
    proposals = dict(Proposal.objects.order_by().values_list("state").annotate(n=Count("pk")))
    stages = Exemplar.objects.order_by().values("stage").annotate(n=Count("pk"), public=Count("pk", filter=_public()))
    replications = Replication.objects.aggregate(n=Count("pk"), agencies=Count("agency", distinct=True))
    return {
        "proposals": {value: proposals.get(value, 0) for value in State.values},
        "stages": {row["stage"]: row["n"] for row in stages},
        "published_stages": {row["stage"]: row["public"] for row in stages},
        "replications": replications["n"],
        "replicating_agencies": replications["agencies"],
    }


def _public() -> Q:
    return Q(is_published=True, published_at__isnull=False, published_at__lte=timezone.now())


def replicated_models(agency: Agency, start: dt.date, end: dt.date) -> list[Replication]:
    """What `agency` replicated between two dates, for its review reports' "models found and replicated"."""
    return list(
        Replication.objects.filter(agency=agency, date__range=(start, end)).select_related("exemplar").order_by("date")
    )


def report_figures(report) -> dict:
    """A review report's figures from these records, over its phase (registered as the reports' prefill hook):
    exemplars and models found (proposals the agency confirmed), models replicated (its replication records), and
    a line per replication for the notes. Three queries."""
    start, end = report.phase.start_date, report.phase.end_date
    confirmed = Proposal.objects.filter(
        agency_id=report.agency_id, state=State.CONFIRMED, verified_at__date__range=(start, end)
    )
    found = dict(confirmed.order_by().values_list("kind").annotate(n=Count("pk")))
    replicated = replicated_models(report.agency, start, end)
    notes = [
        _("%(date)s: học tập, nhân rộng “%(name)s” – %(what)s")
        % {"date": r.date.strftime("%d/%m/%Y"), "name": r.exemplar.name, "what": r.what}
        for r in replicated
    ]
    return {
        "exemplars_found": sum(n for kind, n in found.items() if kind != Exemplar.Kind.MODEL),
        "models_found": found.get(Exemplar.Kind.MODEL, 0),
        "models_replicated": len({r.exemplar_id for r in replicated}),
        "exemplar_notes": "\n".join(notes),
    }
