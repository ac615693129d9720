from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from . import reminders


@shared_task(name="tayninh_thidua.ping")
def ping(value: str = "pong") -> str:
    """A round trip for health checks and tests: returns what it was given."""
    return value


@shared_task(name="tayninh_thidua.send_feedback_notice", acks_late=True)
def send_feedback_notice(*, feedback_id: int) -> bool:
    from .services import notify_staff_of_feedback

    return notify_staff_of_feedback(feedback_id)


def _day(value: str | None) -> dt.date:
    return dt.date.fromisoformat(value) if value else timezone.localdate()


@shared_task(name="portal.plan_reminders", acks_late=True)
def plan_reminders_task(day: str | None = None) -> int:
    """Plan the day's reminders, then queue one sending task per reminder (one recipient each).

    Safe to run twice: planning ignores rows that exist, and sending skips rows already sent.
    """
    target = _day(day)
    planned = reminders.plan_reminders(target)
    transaction.on_commit(lambda: queue_unsent(target))
    return planned


def queue_unsent(day: dt.date) -> int:
    queued = 0
    for pk in reminders.unsent_ids(day):
        send_reminder.apply_async(kwargs={"reminder_id": pk})
        queued += 1
    return queued


def retry_countdown(retries: int) -> int:
    """Exponential backoff, bounded: base, 2×base, 4×base … up to REMINDER_RETRY_BACKOFF_MAX seconds."""
    base = settings.REMINDER_RETRY_BACKOFF
    ceiling = settings.REMINDER_RETRY_BACKOFF_MAX
    return int(min(ceiling, base * (2**retries)))


@shared_task(name="portal.send_reminder", bind=True, acks_late=True, max_retries=6, ignore_result=True)
def send_reminder(self, reminder_id: int) -> bool:
    """Send one reminder at most once; retry with bounded backoff on mail-server errors only."""
    try:
        return reminders.deliver_reminder(reminder_id)
    except reminders.RETRYABLE_ERRORS as exc:
        raise self.retry(exc=exc, countdown=retry_countdown(self.request.retries)) from exc
