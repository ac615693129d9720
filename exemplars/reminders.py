"""Reminders of the exemplars app: nominations waiting too long in review, to the staff who review them; the
year's registration closing, to the agencies that have not registered; nurturing
follow-ups coming due, to the agency that keeps the plan."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from movements.audiences import agency_addresses, reviewer_addresses
from movements.models import Agency, ReminderRule
from movements.reminders import Planned

from .models import FollowUp, Nomination, Registration, RegistrationPeriod


def nomination_waiting_source(day: dt.date, rule: ReminderRule) -> Iterator[Planned]:
    """Nominations submitted, in review or resubmitted for `days_after` days (then every repeat)."""
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
    for email, user_id in reviewer_addresses():
        yield Planned(
            kind=rule.kind,
            key=f"{rule.kind}:{day.isoformat()}",
            day=day,
            recipient_email=email,
            recipient_id=user_id,
            subject=subject,
            items=items,
        )


def follow_up_due_source(day: dt.date, rule: ReminderRule) -> Iterator[Planned]:
    """Nurturing follow-ups whose next review is one of the rule's `days_before` away (0 = due today), to the
    plan's agency (its own address and its members). Only the latest follow-up of each plan counts: a newer one
    replaces the review it announced. One reminder per agency and day, listing its follow-ups."""
    if not rule.days_before:
        return
    dates = sorted({day + dt.timedelta(days=d) for d in rule.days_before})
    later = FollowUp.objects.filter(plan_id=OuterRef("plan_id")).filter(
        Q(date__gt=OuterRef("date")) | Q(date=OuterRef("date"), pk__gt=OuterRef("pk"))
    )
    rows = (
        FollowUp.objects.filter(next_review__in=dates)
        .exclude(Exists(later))
        .order_by("plan__agency_id", "next_review", "pk")
        .values_list("pk", "plan__agency_id", "plan__exemplar_id", "plan__exemplar__name", "next_review")
    )
    per_agency: dict[int, list[dict]] = {}
    for pk, agency_id, exemplar_id, name, due in rows:
        url = reverse("agency:exemplar.nurturing", args=[exemplar_id])
        per_agency.setdefault(agency_id, []).append(
            {"follow_up": pk, "exemplar": name, "due": due.isoformat(), "url": url}
        )
    recipients = agency_addresses(list(per_agency))
    for agency_id, items in per_agency.items():
        subject = ngettext(
            "[Thi đua Tây Ninh] %(count)d điển hình đến hạn theo dõi bồi dưỡng",
            "[Thi đua Tây Ninh] %(count)d điển hình đến hạn theo dõi bồi dưỡng",
            len(items),
        ) % {"count": len(items)}
        for email, user_id in recipients.get(agency_id, []):
            yield Planned(
                kind=rule.kind,
                key=f"{rule.kind}:agency{agency_id}:{day.isoformat()}",
                day=day,
                recipient_email=email,
                recipient_id=user_id,
                agency_id=agency_id,
                subject=subject,
                items=items,
            )


def registration_due_source(day: dt.date, rule: ReminderRule) -> Iterator[Planned]:
    """Agencies active on the deadline that have not registered for the year, `days_before` the deadline: one
    reminder per recipient and day (the planner's unique key makes a second run on the same day harmless)."""
    deadlines = [day + dt.timedelta(days=d) for d in rule.days_before or []]
    url = reverse("agency:registration")
    for period in RegistrationPeriod.objects.filter(deadline__in=deadlines).order_by("year"):
        registered = Registration.objects.filter(year=period.year).values("agency_id")
        missing = list(
            Agency.objects.active_on(period.deadline)
            .exclude(pk__in=registered)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        subject = _("[Thi đua Tây Ninh] Nhắc đăng ký thi đua năm %(year)s (hạn %(deadline)s)") % {
            "year": period.year,
            "deadline": f"{period.deadline:%d/%m/%Y}",
        }
        items = [{"year": period.year, "closes": period.deadline.isoformat(), "url": f"{url}?nam={period.year}"}]
        for agency_id, recipients in agency_addresses(missing).items():
            for email, user_id in recipients:
                yield Planned(
                    kind=rule.kind,
                    key=f"{rule.kind}:{period.year}:agency{agency_id}:{day.isoformat()}",
                    day=day,
                    recipient_email=email,
                    recipient_id=user_id,
                    agency_id=agency_id,
                    subject=subject,
                    items=items,
                )
