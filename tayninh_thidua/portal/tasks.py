from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.utils import timezone

from movements.reminders import MAIL_KIND
from tayninh_thidua.lib import outbox

from . import reminders


@shared_task(name="tayninh_thidua.ping")
def ping(value: str = "pong") -> str:
    """A round trip for health checks and tests: returns what it was given."""
    return value


def _day(value: str | None) -> dt.date:
    return dt.date.fromisoformat(value) if value else timezone.localdate()


@shared_task(name="portal.plan_reminders", acks_late=True)
def plan_reminders_task(day: str | None = None) -> int:
    """Plan the day's reminders into the outbox, then queue the sending of those due, after commit.

    Safe to run twice: planning skips reminders already recorded, and the outbox never sends one twice.
    """
    planned = reminders.plan_reminders(_day(day))
    outbox.queue_due(kind=MAIL_KIND)
    return planned


@shared_task(name="portal.build_report", acks_late=True)
def build_report_task(*, job_id: int) -> str:
    """Build a report job's documents (reporting/jobs.py). Safe to run twice: a finished job is kept."""
    from .models import ReportJob
    from .reporting.jobs import build_report

    job = ReportJob.objects.filter(pk=job_id).first()
    if job is None:
        return ""
    return build_report(job).state
