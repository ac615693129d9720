"""E-mail notices about nominations, queued in the outbox by the transition that causes them."""

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

from ..models import Nomination, NominationEvent

State = Nomination.State
TO_REVIEWERS = frozenset({State.SUBMITTED, State.RESUBMITTED})

SUBJECTS = {
    State.SUBMITTED: gettext_noop("Hồ sơ đề nghị khen thưởng mới: %(name)s"),
    State.RESUBMITTED: gettext_noop("Hồ sơ đã được bổ sung, gửi lại: %(name)s"),
    State.RETURNED: gettext_noop("Hồ sơ được trả lại để bổ sung: %(name)s"),
    State.APPROVED: gettext_noop("Hồ sơ đã được phê duyệt: %(name)s"),
    State.REJECTED: gettext_noop("Hồ sơ không được phê duyệt: %(name)s"),
}


def _link(event: NominationEvent) -> str:
    if event.to_state in TO_REVIEWERS:
        path = reverse("admin:exemplars_nomination_change", args=[event.nomination_id])
    else:
        path = reverse("agency:nomination.detail", args=[event.nomination_id])
    return f"{settings.SITE_URL}{path}"


def _audience(event: NominationEvent) -> tuple[str, dict]:
    """Reviewers hear of dossiers sent to them; the agency's heads hear of the decisions on theirs."""
    if event.to_state in TO_REVIEWERS:
        return audiences.REVIEWERS, {}
    return audiences.AGENCY_HEADS, {"agency_id": event.nomination.agency_id}


def queue_event_notice(event: NominationEvent) -> OutgoingMail | None:
    """Queue the notice of one logged transition, in the caller's transaction; None if the move notifies no one.

    Side effects: one outbox row (keyed by the event, so queueing twice keeps one) addressed to the reviewers or
    to the agency's heads as they are when it is sent (with none yet, it waits in the outbox); sent after commit.
    """
    if event.to_state not in SUBJECTS:
        return None
    nomination = event.nomination
    with translation.override(settings.LANGUAGE_CODE):
        subject = _(SUBJECTS[event.to_state]) % {"name": nomination.nominee_name}
        body = render_to_string(
            "emails/nomination_notice.txt",
            {"event": event, "nomination": nomination, "link": _link(event), "SITE_NAME": settings.SITE_NAME},
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
