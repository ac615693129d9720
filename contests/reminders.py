"""Reminders of the contests app: judges with entries left to score before a round closes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.utils.translation import gettext as _

from movements.models import ReminderRule
from movements.reminders import Planned

from .services import judges_with_unscored_entries


def judge_unscored_source(day: dt.date, rule: ReminderRule) -> Iterator[Planned]:
    """Judges with entries left to score in rounds closing `days_before` days from `day`.

    One reminder per judge and round; the contests function filters open rounds by those offsets.
    """
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
