"""Reminder planning and delivery.

Planning walks a list of pluggable sources, one function per reminder kind. A source yields `Planned`
reminders (one e-mail per recipient, listing that recipient's items); the planner inserts them in batches
with `ignore_conflicts`, so the unique (recipient_email, key) rule makes reruns and concurrent planners
harmless. Delivery locks one row, sends, and stamps `sent_at` in the same transaction: a row is sent
at most once, and a crash before the commit leaves it unsent for the redelivered task.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import groupby, islice
from operator import itemgetter

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .reporting import ReminderLog, ReminderRule, ReviewReport

logger = logging.getLogger(__name__)

Kind = ReminderRule.Kind
BATCH_SIZE = 500
AGENCY_BUFFER = 200
OVERDUE_HORIZON_DAYS = 3 * 366
# Mail-server trouble worth another try; anything else is a bug and fails loudly.
RETRYABLE_ERRORS: tuple[type[BaseException], ...] = (smtplib.SMTPException, ConnectionError, OSError)


@dataclass(frozen=True)
class Planned:
    kind: str
    key: str
    day: dt.date
    recipient_email: str
    subject: str
    items: list[dict] = field(default_factory=list)
    recipient_id: int | None = None
    agency_id: int | None = None

    def as_row(self) -> ReminderLog:
        return ReminderLog(
            kind=self.kind,
            key=self.key,
            day=self.day,
            recipient_email=self.recipient_email.strip().lower(),
            recipient_id=self.recipient_id,
            agency_id=self.agency_id,
            subject=self.subject[:300],
            items=self.items,
            item_count=len(self.items),
        )


Source = Callable[[dt.date, ReminderRule], Iterable[Planned]]


# ---------------------------------------------------------------------------
# Sources: reports due and overdue (to agencies)
# ---------------------------------------------------------------------------
def _agency_recipients(agency_ids: list[int]) -> dict[int, list[tuple[str, int | None]]]:
    """Each agency's active members with an e-mail, plus the agency's own address."""
    from exemplars.models import AgencyMembership

    from .models import Agency

    found: dict[int, dict[str, int | None]] = {a: {} for a in agency_ids}
    for agency_id, email in Agency.objects.filter(pk__in=agency_ids).exclude(email="").values_list("pk", "email"):
        found[agency_id].setdefault(email.strip().lower(), None)
    members = (
        AgencyMembership.objects.filter(agency_id__in=agency_ids, user__is_active=True)
        .exclude(user__email="")
        .values_list("agency_id", "user_id", "user__email")
    )
    for agency_id, user_id, email in members:
        found[agency_id][email.strip().lower()] = user_id
    return {a: list(emails.items()) for a, emails in found.items()}


def _report_subject(kind: str, count: int) -> str:
    if kind == Kind.REPORT_OVERDUE:
        return ngettext(
            "[Thi đua Tây Ninh] %(count)d báo cáo sơ kết, tổng kết đã quá hạn",
            "[Thi đua Tây Ninh] %(count)d báo cáo sơ kết, tổng kết đã quá hạn",
            count,
        ) % {"count": count}
    return ngettext(
        "[Thi đua Tây Ninh] Nhắc hạn nộp %(count)d báo cáo sơ kết, tổng kết",
        "[Thi đua Tây Ninh] Nhắc hạn nộp %(count)d báo cáo sơ kết, tổng kết",
        count,
    ) % {"count": count}


def _report_reminders(due_dates: Iterable[dt.date], day: dt.date, kind: str) -> Iterator[Planned]:
    """Open reports with a due date in `due_dates`, grouped per agency, one reminder per recipient.

    Streams rows ordered by agency and holds at most AGENCY_BUFFER agencies' items at a time.
    """
    dates = sorted(set(due_dates))
    if not dates:
        return
    rows = (
        ReviewReport.objects.filter(state__in=ReviewReport.OPEN_STATES, due_date__in=dates)
        .order_by("agency_id", "due_date", "movement_id", "phase_id", "kind")
        .values_list("pk", "agency_id", "movement__name", "phase__name", "kind", "due_date")
        .iterator(chunk_size=2000)
    )
    buffer: list[tuple[int, list[dict]]] = []

    def flush() -> Iterator[Planned]:
        recipients = _agency_recipients([agency_id for agency_id, _items in buffer])
        for agency_id, items in buffer:
            for email, user_id in recipients.get(agency_id, []):
                yield Planned(
                    kind=kind,
                    key=f"{kind}:agency{agency_id}:{day.isoformat()}",
                    day=day,
                    recipient_email=email,
                    recipient_id=user_id,
                    agency_id=agency_id,
                    subject=_report_subject(kind, len(items)),
                    items=items,
                )
        buffer.clear()

    for agency_id, group in groupby(rows, key=itemgetter(1)):
        items = [
            {"report": pk, "movement": movement, "phase": phase, "report_kind": rkind, "due": due.isoformat()}
            for pk, _agency, movement, phase, rkind, due in group
        ]
        buffer.append((agency_id, items))
        if len(buffer) >= AGENCY_BUFFER:
            yield from flush()
    if buffer:
        yield from flush()


def report_due_source(day: dt.date, rule: ReminderRule) -> Iterator[Planned]:
    """Reports still owed whose due date is one of the rule's `days_before` away (0 = due today)."""
    yield from _report_reminders((day + dt.timedelta(days=d) for d in rule.days_before or []), day, rule.kind)


def report_overdue_source(day: dt.date, rule: ReminderRule) -> Iterator[Planned]:
    """Reports still owed `days_after` days past due, then every `repeat_every_days` days."""
    dates = (day - dt.timedelta(days=n) for n in range(1, OVERDUE_HORIZON_DAYS) if rule.matches_after(n))
    yield from _report_reminders(dates, day, rule.kind)


# ---------------------------------------------------------------------------
# Source: nominations waiting in review (to staff reviewers)
# ---------------------------------------------------------------------------
def staff_reviewers() -> list[tuple[str, int]]:
    users = (
        get_user_model()
        .objects.filter(groups__name=settings.STAFF_GROUP_NAME, is_active=True)
        .exclude(email="")
        .order_by("pk")
        .values_list("email", "pk")
        .distinct()
    )
    return list(users)


def nomination_waiting_source(day: dt.date, rule: ReminderRule) -> Iterator[Planned]:
    """Nominations submitted, in review or resubmitted for `days_after` days (then every repeat)."""
    from exemplars.models import Nomination

    if rule.days_after is None:
        return
    waiting = (Nomination.State.SUBMITTED, Nomination.State.IN_REVIEW, Nomination.State.RESUBMITTED)
    tz = timezone.get_current_timezone()
    cutoff = dt.datetime.combine(day - dt.timedelta(days=rule.days_after - 1), dt.time.min, tzinfo=tz)
    rows = (
        Nomination.objects.filter(state__in=waiting, submitted_at__lt=cutoff)
        .order_by("submitted_at")
        .values_list("pk", "nominee_name", "agency__name", "movement__name", "state", "submitted_at")
    )
    labels = dict(Nomination.State.choices)
    items = []
    for pk, name, agency, movement, state, submitted_at in rows.iterator(chunk_size=2000):
        waited = (day - timezone.localtime(submitted_at, tz).date()).days
        if rule.matches_after(waited):
            items.append(
                {
                    "nomination": pk,
                    "nominee": name,
                    "agency": agency,
                    "movement": movement,
                    "state": str(labels.get(state, state)),
                    "days": waited,
                }
            )
    if not items:
        return
    subject = ngettext(
        "[Thi đua Tây Ninh] %(count)d hồ sơ đề nghị khen thưởng chờ thẩm định quá hạn",
        "[Thi đua Tây Ninh] %(count)d hồ sơ đề nghị khen thưởng chờ thẩm định quá hạn",
        len(items),
    ) % {"count": len(items)}
    for email, user_id in staff_reviewers():
        yield Planned(
            kind=rule.kind,
            key=f"{rule.kind}:{day.isoformat()}",
            day=day,
            recipient_email=email,
            recipient_id=user_id,
            subject=subject,
            items=items,
        )


# ---------------------------------------------------------------------------
# Source: judges with unscored entries (contests app)
# ---------------------------------------------------------------------------
def judge_unscored_source(day: dt.date, rule: ReminderRule) -> Iterator[Planned]:
    """Judges with entries left to score in rounds closing `days_before` days from `day`.

    One reminder per judge and round; the contests function filters open rounds by those offsets.
    """
    from contests.services import judges_with_unscored_entries  # contests builds on movements: import late

    if not rule.days_before:
        return
    for judge, round_, count in judges_with_unscored_entries(day, days_before=sorted(set(rule.days_before))):
        if not getattr(judge, "email", ""):
            continue
        url = round_.get_absolute_url() if hasattr(round_, "get_absolute_url") else ""
        yield Planned(
            kind=rule.kind,
            key=f"{rule.kind}:round{round_.pk}:{day.isoformat()}",
            day=day,
            recipient_email=judge.email,
            recipient_id=judge.pk,
            subject=_("[Thi đua Tây Ninh] Còn %(count)d bài chưa chấm – %(round)s") % {"count": count, "round": round_},
            items=[{"round": str(round_), "count": count, "closes": round_.ends_on.isoformat(), "url": url}],
        )


SOURCES: dict[str, Source] = {
    Kind.REPORT_DUE: report_due_source,
    Kind.REPORT_OVERDUE: report_overdue_source,
    Kind.NOMINATION_WAITING: nomination_waiting_source,
    Kind.JUDGE_UNSCORED: judge_unscored_source,
}


# The defaults seeded by migration 0003 (kept there too, as migrations must not import live code).
DEFAULT_RULES: dict[str, dict] = {
    Kind.REPORT_DUE: {"days_before": [14, 7, 1, 0]},
    Kind.REPORT_OVERDUE: {"days_after": 1, "repeat_every_days": 7},
    Kind.NOMINATION_WAITING: {"days_after": 10, "repeat_every_days": 7},
    Kind.JUDGE_UNSCORED: {"days_before": [3, 1]},
}


def ensure_default_rules() -> None:
    """Create the default rules that are missing; rules staff edited are left as they are."""
    for kind, values in DEFAULT_RULES.items():
        ReminderRule.objects.get_or_create(kind=kind, defaults=values)


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
            item["url"] = _link("reports:report.detail", item["report"])
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
        "list_url": _link("reports:report.list"),
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
