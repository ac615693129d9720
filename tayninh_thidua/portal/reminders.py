"""The reminder planner: every app's reminder sources, planned daily and sent once through the outbox.

Planning walks the sources (one function per reminder kind, in each app's `reminders.py`). A source yields
`Planned` reminders (one e-mail per recipient, listing that recipient's items); the planner inserts them in
batches with `ignore_conflicts` — the ReminderLog row and its outbox row, under the same unique key — so the
unique (recipient_email, key) rule makes reruns and concurrent planners harmless. The outbox sends them; their
body is written when sent, by `render_reminder` (registered in apps.py).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Iterator
from itertools import islice

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse

from contests.reminders import judge_unscored_source
from exemplars.reminders import follow_up_due_source, nomination_waiting_source, registration_due_source
from movements.models import ReminderLog, ReminderRule, ReviewReport
from movements.reminders import (
    BATCH_SIZE,
    MAIL_KIND,
    Planned,
    Source,
    report_due_source,
    report_overdue_source,
)
from tayninh_thidua.lib import outbox
from tayninh_thidua.lib.models import OutgoingMail

logger = logging.getLogger(__name__)

Kind = ReminderRule.Kind

SOURCES: dict[str, Source] = {
    Kind.REPORT_DUE: report_due_source,
    Kind.REPORT_OVERDUE: report_overdue_source,
    Kind.NOMINATION_WAITING: nomination_waiting_source,
    Kind.JUDGE_UNSCORED: judge_unscored_source,
    Kind.FOLLOW_UP_DUE: follow_up_due_source,
    Kind.REGISTRATION_DUE: registration_due_source,
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

    Side effects: per batch, in one transaction, inserts the ReminderLog rows and their outbox rows (same key),
    ignoring rows that exist (same recipient and key). Queues nothing: the caller queues the sending
    (`outbox.queue_due(kind=MAIL_KIND)`, as the daily task does) or drains the outbox.
    """
    sources = SOURCES if sources is None else sources
    rules = {rule.kind: rule for rule in ReminderRule.objects.filter(enabled=True)}
    planned = 0
    for kind, source in sources.items():
        rule = rules.get(kind)
        if rule is None:
            continue
        for batch in _batches(source(day, rule), BATCH_SIZE):
            with transaction.atomic():  # the log rows' key to their outbox rows is checked at commit
                ReminderLog.objects.bulk_create([p.as_row() for p in batch], ignore_conflicts=True)
                outbox.add_mails_from(
                    ReminderLog.objects.filter(mail_id__in=[p.mail_key for p in batch]),
                    key=F("mail_id"),
                    to=F("recipient_email"),
                    subject=F("subject"),
                    kind=MAIL_KIND,
                    renderer=MAIL_KIND,
                )
            planned += len(batch)
    logger.info("Planned %d reminders for %s", planned, day)
    return planned


# ---------------------------------------------------------------------------
# Delivery
# ---------------------------------------------------------------------------
def _link(name: str, *args) -> str:
    try:
        return settings.SITE_URL + reverse(name, args=args)
    except NoReverseMatch:
        return settings.SITE_URL + "/"


def reminder_body(reminder: ReminderLog) -> str:
    """The text of one reminder e-mail: its items with their links, due dates as dd/mm/yyyy."""
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
    return render_to_string(f"emails/reminder_{reminder.kind.replace('-', '_')}.txt", context)


def render_reminder(mail: OutgoingMail) -> str:
    """The outbox renderer of reminder e-mails (registered in apps.py): the body of the mail's reminder."""
    return reminder_body(ReminderLog.objects.select_related("agency").get(mail_id=mail.key))


def run_day(day: dt.date) -> tuple[int, int, int]:
    """`send_reminders` without Celery: plan, then send every unsent reminder here, one by one.

    Returns (planned, sent, still unsent).
    """
    planned = plan_reminders(day)
    sent, unsent = outbox.drain(kind=MAIL_KIND)
    return planned, sent, unsent
