"""The reminder planner: every app's reminder sources, planned daily and delivered once.

Planning walks the sources (one function per reminder kind, in each app's `reminders.py`). A source yields
`Planned` reminders (one e-mail per recipient, listing that recipient's items); the planner inserts them in
batches with `ignore_conflicts`, so the unique (recipient_email, key) rule makes reruns and concurrent planners
harmless.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Iterator
from itertools import islice

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from contests.reminders import judge_unscored_source
from exemplars.reminders import nomination_waiting_source
from movements.models import ReminderLog, ReminderRule, ReviewReport
from movements.reminders import BATCH_SIZE, RETRYABLE_ERRORS, Planned, Source, report_due_source, report_overdue_source

logger = logging.getLogger(__name__)

Kind = ReminderRule.Kind

SOURCES: dict[str, Source] = {
    Kind.REPORT_DUE: report_due_source,
    Kind.REPORT_OVERDUE: report_overdue_source,
    Kind.NOMINATION_WAITING: nomination_waiting_source,
    Kind.JUDGE_UNSCORED: judge_unscored_source,
}


# ---------------------------------------------------------------------------
# Planning
# ---------------------------------------------------------------------------
def _batches(iterable: Iterable[Planned], size: int) -> Iterator[list[Planned]]:
    iterator = iter(iterable)
    while batch := list(islice(iterator, size)):
        yield batch


def plan_reminders(day: dt.date, sources: dict[str, Source] | None = None) -> int:
    """Record the day's reminders for every enabled rule; returns how many were planned (before dedup).

    Side effects: inserts ReminderLog rows in batches, ignoring rows that exist (same recipient and key).
    Sends nothing.
    """
    sources = SOURCES if sources is None else sources
    rules = {rule.kind: rule for rule in ReminderRule.objects.filter(enabled=True)}
    planned = 0
    for kind, source in sources.items():
        rule = rules.get(kind)
        if rule is None:
            continue
        for batch in _batches(source(day, rule), BATCH_SIZE):
            ReminderLog.objects.bulk_create([p.as_row() for p in batch], ignore_conflicts=True)
            planned += len(batch)
    logger.info("Planned %d reminders for %s", planned, day)
    return planned


def unsent_ids(day: dt.date, lookback_days: int = 2) -> Iterator[int]:
    """Unsent reminders of `day` and the few days before (a failed send gets another chance)."""
    qs = ReminderLog.objects.filter(
        sent_at__isnull=True, day__gte=day - dt.timedelta(days=lookback_days), day__lte=day
    ).order_by("pk")
    return qs.values_list("pk", flat=True).iterator(chunk_size=2000)


# ---------------------------------------------------------------------------
# Delivery
# ---------------------------------------------------------------------------
def _link(name: str, *args) -> str:
    try:
        return settings.SITE_URL + reverse(name, args=args)
    except NoReverseMatch:
        return settings.SITE_URL + "/"


def build_message(reminder: ReminderLog) -> EmailMessage:
    items = [dict(item) for item in reminder.items]
    kind_labels = dict(ReviewReport.Kind.choices)
    for item in items:
        if "report" in item:
            item["url"] = _link("agency:report.detail", item["report"])
            item["kind_label"] = str(kind_labels.get(item["report_kind"], item["report_kind"]))
        elif "nomination" in item:
            item["url"] = _link("admin:exemplars_nomination_change", item["nomination"])
        elif item.get("url", "").startswith("/"):
            item["url"] = settings.SITE_URL + item["url"]
        for key in ("due", "closes"):
            if key in item:  # dd/mm/yyyy, formatted here once rather than by a filter per item
                item[f"{key}_text"] = dt.date.fromisoformat(item[key]).strftime("%d/%m/%Y")
    context = {
        "reminder": reminder,
        "items": items,
        "site_name": settings.SITE_NAME,
        "list_url": _link("agency:report.list"),
        "site_url": settings.SITE_URL,
    }
    body = render_to_string(f"emails/reminder_{reminder.kind.replace('-', '_')}.txt", context)
    return EmailMessage(subject=reminder.subject, body=body, to=[reminder.recipient_email])


def deliver_reminder(reminder_id: int) -> bool:
    """Send one reminder unless it was sent already. Returns True if this call sent it.

    Side effects: sends one e-mail and stamps sent_at in the same transaction, the row locked meanwhile,
    so a concurrent duplicate waits and then finds it sent. On a mail error the stamp rolls back, the
    attempt and error are recorded, and the error is raised again for the caller to retry.
    """
    try:
        with transaction.atomic():
            row = ReminderLog.objects.select_for_update().filter(pk=reminder_id, sent_at__isnull=True).first()
            if row is None:
                return False
            build_message(row).send(fail_silently=False)
            ReminderLog.objects.filter(pk=row.pk).update(
                sent_at=timezone.now(), attempts=F("attempts") + 1, last_error=""
            )
        return True
    except RETRYABLE_ERRORS as exc:
        ReminderLog.objects.filter(pk=reminder_id, sent_at__isnull=True).update(
            attempts=F("attempts") + 1, last_error=f"{type(exc).__name__}: {exc}"[:500]
        )
        raise


def run_day(day: dt.date) -> tuple[int, int, int]:
    """`send_reminders` without Celery: plan, then deliver every unsent reminder here, one by one.

    Returns (planned, sent, failed).
    """
    planned = plan_reminders(day)
    sent = failed = 0
    for pk in list(unsent_ids(day)):
        try:
            sent += deliver_reminder(pk)
        except RETRYABLE_ERRORS:
            logger.exception("Reminder %s not sent", pk)
            failed += 1
    return planned, sent, failed
