"""Reminders: the shape every app's reminder sources share (`Planned`), and the review reports' own sources.

The planner (tayninh_thidua.portal.reminders) walks every app's sources, one function per reminder kind. A source
yields `Planned` reminders (one e-mail per recipient, listing that recipient's items); the planner inserts them in
batches with `ignore_conflicts` — a ReminderLog row and its outbox row under the same unique key — so the unique
(recipient_email, key) rule makes reruns and concurrent planners harmless. The outbox sends each at most once.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import groupby
from operator import itemgetter

from django.utils.translation import ngettext

from .audiences import agency_addresses
from .models import ReminderLog, ReminderRule, ReviewReport

logger = logging.getLogger(__name__)

Kind = ReminderRule.Kind
BATCH_SIZE = 500
AGENCY_BUFFER = 200
OVERDUE_HORIZON_DAYS = 3 * 366
# The outbox kind of reminder e-mails, and the renderer that writes their body when they are sent (the
# planner registers it: the body needs the site's links, and rendering 4,000 bodies would slow planning).
MAIL_KIND = "reminder"


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

    @property
    def email(self) -> str:
        return self.recipient_email.strip().lower()

    @property
    def mail_key(self) -> str:
        """The outbox key: one e-mail per ReminderLog row, i.e. per (recipient_email, key)."""
        return f"{MAIL_KIND}:{self.email}:{self.key}"

    def as_row(self) -> ReminderLog:
        return ReminderLog(
            kind=self.kind,
            key=self.key,
            day=self.day,
            recipient_email=self.email,
            recipient_id=self.recipient_id,
            agency_id=self.agency_id,
            subject=self.subject[:300],
            items=self.items,
            item_count=len(self.items),
            mail_id=self.mail_key,
        )


Source = Callable[[dt.date, ReminderRule], Iterable[Planned]]


# ---------------------------------------------------------------------------
# Sources: reports due and overdue (to agencies)
# ---------------------------------------------------------------------------
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
        recipients = agency_addresses([agency_id for agency_id, _items in buffer])
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


# The defaults seeded by migration 0003 (kept there too, as migrations must not import live code).
DEFAULT_RULES: dict[str, dict] = {
    Kind.REPORT_DUE: {"days_before": [14, 7, 1, 0]},
    Kind.REPORT_OVERDUE: {"days_after": 1, "repeat_every_days": 7},
    Kind.NOMINATION_WAITING: {"days_after": 10, "repeat_every_days": 7},
    Kind.JUDGE_UNSCORED: {"days_before": [3, 1]},
    Kind.FOLLOW_UP_DUE: {"days_before": [7, 0]},
    Kind.REGISTRATION_DUE: {"days_before": [7, 1]},
}


def ensure_default_rules() -> None:
    """Create the default rules that are missing; rules staff edited are left as they are."""
    for kind, values in DEFAULT_RULES.items():
        ReminderRule.objects.get_or_create(kind=kind, defaults=values)
