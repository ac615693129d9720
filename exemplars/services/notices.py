"""E-mail notices about nominations. Called by the Celery task in tasks.py, never from a request."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mass_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from movements.audiences import head_addresses, reviewer_addresses

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


def send_event_notice(event_id: int) -> int:
    """Send the notice for one logged transition, once; return how many messages went out.

    Claims the event with a conditional UPDATE on notified_at, so running twice sends once. If
    sending fails the claim is released and the error propagates (the task may retry).
    """
    claimed = NominationEvent.objects.filter(pk=event_id, notified_at__isnull=True).update(notified_at=timezone.now())
    if not claimed:
        return 0
    event = NominationEvent.objects.select_related("nomination__agency", "nomination__award_type").get(pk=event_id)
    nomination = event.nomination
    if event.to_state not in SUBJECTS:
        return 0
    audience = reviewer_addresses() if event.to_state in TO_REVIEWERS else head_addresses(nomination.agency_id)
    recipients = [address for address, _user in audience]
    if not recipients:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = _(SUBJECTS[event.to_state]) % {"name": nomination.nominee_name}
        body = render_to_string(
            "emails/nomination_notice.txt",
            {"event": event, "nomination": nomination, "link": _link(event), "SITE_NAME": settings.SITE_NAME},
        )
    messages = [(subject, body, settings.DEFAULT_FROM_EMAIL, [address]) for address in recipients]
    try:
        return send_mass_mail(messages, fail_silently=False)
    except Exception:
        NominationEvent.objects.filter(pk=event_id).update(notified_at=None)
        raise
