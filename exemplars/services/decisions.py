"""The decision register: issuing a decision approves every recipient's dossier and creates the honours, all or
nothing, then tells each agency once."""

from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from movements import audiences
from movements.audiences import is_reviewer
from tayninh_thidua.lib import outbox
from tayninh_thidua.lib.publication import refresh_public_pages
from tayninh_thidua.lib.workflow import NotAllowedForYou, NotAllowedNow

from ..models import AwardDecision, DecisionRecipient
from .certificates import prepare_certificates
from .council import passed_in_council
from .nominations import Decision, approve_nomination


def _legal_basis(recipients: list[DecisionRecipient]) -> str:
    """The legal bases of the recipients' award type versions, once each, in order."""
    seen: dict[str, None] = {}
    for recipient in recipients:
        basis = recipient.nomination.award_type.legal_basis.strip()
        if basis:
            seen.setdefault(basis)
    return "\n".join(seen)


@transaction.atomic
def issue_decision(decision: AwardDecision, *, actor) -> AwardDecision:
    """Draft → issued, by a reviewer: every recipient's dossier is approved with this decision (number/symbol,
    date, issuing body) through approve_nomination, which checks every rule of its award type version (the
    council's tally included) and creates the honour. A dossier the council voted down is refused.

    All or nothing: one refused recipient, or any failure midway, leaves no honour and the decision a draft.
    Side effects: the decision (state, time, actor, legal basis from the award versions when blank); each
    recipient's honour; per-dossier events (their own notices suppressed); one outbox notice per agency;
    certificate codes for every honour (rendered after commit); the public pages refreshed on commit."""
    if not is_reviewer(actor):
        raise NotAllowedForYou(_("Bạn không có quyền ban hành quyết định khen thưởng."))
    locked = AwardDecision.objects.select_for_update().get(pk=decision.pk)
    if locked.state != AwardDecision.State.DRAFT:
        raise NotAllowedNow(_("Quyết định đã được ban hành."), code="issued")
    recipients = list(locked.recipients.select_related("nomination__agency", "nomination__award_type").order_by("pk"))
    if not recipients:
        raise NotAllowedNow(_("Quyết định chưa có danh sách khen thưởng."), code="empty")
    voted_down = [r.nomination.nominee_name for r in recipients if passed_in_council(r.nomination) is False]
    if voted_down:
        raise NotAllowedNow(
            _("Hội đồng không thông qua: %(names)s.") % {"names": ", ".join(voted_down)}, code="voted_down"
        )
    terms = Decision(
        number=locked.full_number, date=locked.date, authority=locked.issuing_body, publish=locked.publish_exemplars
    )
    comment = _("Khen thưởng theo %(decision)s.") % {"decision": locked}
    for recipient in recipients:
        approved = approve_nomination(recipient.nomination, actor=actor, decision=terms, comment=comment, notify=False)
        recipient.honour = approved.honour
        recipient.save(update_fields=["honour"])
    locked.legal_basis = locked.legal_basis.strip() or _legal_basis(recipients)
    locked.state, locked.issued_at, locked.issued_by = AwardDecision.State.ISSUED, timezone.now(), actor
    locked.save(update_fields=["legal_basis", "state", "issued_at", "issued_by"])
    _notify_agencies(locked, recipients)
    prepare_certificates([r.honour for r in recipients])
    refresh_public_pages()
    return locked


def _notify_agencies(decision: AwardDecision, recipients: list[DecisionRecipient]) -> None:
    """One notice per agency, naming all of its recipients (keyed by decision and agency: queued once)."""
    by_agency: dict[int, list[DecisionRecipient]] = defaultdict(list)
    for recipient in recipients:
        by_agency[recipient.nomination.agency_id].append(recipient)
    for agency_id, rows in by_agency.items():
        with translation.override(settings.LANGUAGE_CODE):
            subject = _("%(decision)s: khen thưởng cho đơn vị") % {"decision": decision}
            body = render_to_string(
                "emails/decision_notice.txt",
                {
                    "decision": decision,
                    "recipients": rows,
                    "agency": rows[0].nomination.agency,
                    "SITE_NAME": settings.SITE_NAME,
                },
            )
        outbox.queue_mail(
            kind="decision",
            key=f"decision:{decision.pk}:agency:{agency_id}",
            audience=audiences.AGENCY_HEADS,
            audience_args={"agency_id": agency_id},
            subject=subject,
            body=body,
        )
