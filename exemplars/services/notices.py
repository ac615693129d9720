"""E-mail notices about nominations and honours, queued in the outbox by the change that causes them."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from movements import audiences
from tayninh_thidua.lib import outbox
from tayninh_thidua.lib.models import OutgoingMail
from tayninh_thidua.lib.workflow import notifying_move

from ..models import Honour, Nomination, NominationEvent
from ..models.nomination import HEAD

State = Nomination.State

SUBJECTS = {
    State.SUBMITTED: gettext_noop("Hồ sơ đề nghị khen thưởng mới: %(name)s"),
    State.RESUBMITTED: gettext_noop("Hồ sơ đã được bổ sung, gửi lại: %(name)s"),
    State.RETURNED: gettext_noop("Hồ sơ được trả lại để bổ sung: %(name)s"),
    State.APPROVED: gettext_noop("Hồ sơ đã được phê duyệt: %(name)s"),
    State.REJECTED: gettext_noop("Hồ sơ không được phê duyệt: %(name)s"),
}
HEADLINES = {
    State.SUBMITTED: gettext_noop("%(agency)s đã gửi hồ sơ đề nghị khen thưởng."),
    State.RESUBMITTED: gettext_noop("%(agency)s đã bổ sung và gửi lại hồ sơ đề nghị khen thưởng."),
    State.RETURNED: gettext_noop("Hồ sơ đề nghị khen thưởng của đơn vị được trả lại để bổ sung."),
    State.APPROVED: gettext_noop("Hồ sơ đề nghị khen thưởng của đơn vị đã được phê duyệt."),
    State.REJECTED: gettext_noop("Hồ sơ đề nghị khen thưởng của đơn vị không được phê duyệt."),
}


def _to_reviewers(event: NominationEvent) -> bool:
    """A move the agency's head made goes to the reviewers; a reviewer's decision goes back to the agency."""
    move = State.move(event.from_state, event.to_state)
    return move is not None and move.role == HEAD


def _link(event: NominationEvent) -> str:
    if _to_reviewers(event):
        path = reverse("admin:exemplars_nomination_change", args=[event.nomination_id])
    else:
        path = reverse("agency:nomination.detail", args=[event.nomination_id])
    return f"{settings.SITE_URL}{path}"


def _audience(event: NominationEvent) -> tuple[str, dict]:
    """Reviewers hear of dossiers sent to them; the agency's heads hear of the decisions on theirs."""
    if _to_reviewers(event):
        return audiences.REVIEWERS, {}
    return audiences.AGENCY_HEADS, {"agency_id": event.nomination.agency_id}


def queue_event_notice(event: NominationEvent) -> OutgoingMail | None:
    """Queue the notice of one logged transition, in the caller's transaction; None if the move notifies no one.

    Side effects: one outbox row (keyed by the event, so queueing twice keeps one) addressed to the reviewers or
    to the agency's heads as they are when it is sent (with none yet, it waits in the outbox); sent after commit.
    """
    move = notifying_move(State, event.from_state, event.to_state)
    if move is None:
        return None
    nomination = event.nomination
    with translation.override(settings.LANGUAGE_CODE):
        subject = _(SUBJECTS[event.to_state]) % {"name": nomination.nominee_name}
        body = render_to_string(
            "emails/nomination_notice.txt",
            {
                "event": event,
                "nomination": nomination,
                "headline": _(HEADLINES[event.to_state]) % {"agency": nomination.agency},
                "with_decision": event.to_state == State.APPROVED,
                "comment_label": _("Lý do") if move.reason_required else _("Ghi chú"),
                "link": _link(event),
                "SITE_NAME": settings.SITE_NAME,
            },
        )
    audience, audience_args = _audience(event)
    return outbox.queue_mail(
        kind="nomination",
        key=f"nomination-event:{event.pk}",
        audience=audience,
        audience_args=audience_args,
        subject=subject,
        body=body,
    )


def queue_revocation_notice(honour: Honour) -> OutgoingMail:
    """Queue the notice of an honour's revocation to the heads of the exemplar's agency, in the caller's
    transaction (revoke_honour's).

    Side effects: one outbox row, keyed by the honour (a revocation is final, so there is one per honour),
    addressed to the agency's heads as they are when it is sent (with none yet, it waits); sent after commit.
    """
    exemplar = honour.exemplar
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Khen thưởng bị thu hồi: %(name)s") % {"name": exemplar.name}
        body = render_to_string(
            "emails/honour_revoked.txt",
            {
                "honour": honour,
                "exemplar": exemplar,
                "link": f"{settings.SITE_URL}{reverse('agency:exemplar.list')}",
                "SITE_NAME": settings.SITE_NAME,
            },
        )
    return outbox.queue_mail(
        kind="honour-revoked",
        key=f"honour-revoked:{honour.pk}",
        audience=audiences.AGENCY_HEADS,
        audience_args={"agency_id": exemplar.agency_id},
        subject=subject,
        body=body,
    )
