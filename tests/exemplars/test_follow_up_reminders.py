"""Nurturing follow-ups coming due: planned once per due follow-up, delivered once through the outbox by a real
Celery worker (the pattern of tests/portal/test_reminder_delivery.py)."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.core import mail

from exemplars import services
from movements.models import ReminderLog
from tayninh_thidua.portal import reminders
from tayninh_thidua.portal.tasks import plan_reminders_task
from tests.factories import ExemplarFactory, MembershipFactory
from tests.portal.test_reminder_delivery import wait_until

pytestmark = pytest.mark.usefixtures("default_rules")
DAY = dt.date(2026, 6, 1)


def _due_follow_ups(agency, actor):
    """Two exemplars of `agency`: one review due in 7 days, one today; a third whose due review was replaced by a
    newer follow-up, and one due in 3 days (not a reminder day)."""
    plans = [services.save_nurturing_plan(ExemplarFactory(agency=agency), actor=actor, goals="g") for _ in range(4)]
    for plan, due in zip(plans, (DAY + dt.timedelta(days=7), DAY, DAY, DAY + dt.timedelta(days=3)), strict=True):
        services.add_follow_up(plan, actor=actor, date=dt.date(2026, 3, 1), support_given="s", next_review=due)
    services.add_follow_up(plans[2], actor=actor, date=dt.date(2026, 5, 1), support_given="s2", next_review=None)
    return plans


@pytest.mark.django_db
def test_due_follow_ups_are_planned_once_for_the_agency(agency, officer, other_head):
    plans = _due_follow_ups(agency, officer)
    _due_follow_ups(other_head.membership.agency, other_head)
    reminders.plan_reminders(DAY)
    reminders.plan_reminders(DAY)
    rows = ReminderLog.objects.filter(kind="follow-up-due", agency=agency)
    assert sorted(rows.values_list("recipient_email", flat=True)) == sorted([agency.email, officer.email.lower()])
    for row in rows:
        assert sorted(item["exemplar"] for item in row.items) == sorted(
            [plans[0].exemplar.name, plans[1].exemplar.name]
        )
        assert "2 điển hình" in row.subject
    body = reminders.reminder_body(rows.first())
    assert (
        "08/06/2026" in body and "01/06/2026" in body and f"/don-vi/dien-hinh/{plans[1].exemplar.pk}/boi-duong/" in body
    )
    assert ReminderLog.objects.filter(kind="follow-up-due").count() == 4  # two agencies, two recipients each


@pytest.mark.services
def test_daily_task_twice_through_the_worker_sends_each_follow_up_reminder_once(celery_worker):
    member = MembershipFactory()
    _due_follow_ups(member.agency, member.user)
    plan_reminders_task.delay(day=DAY.isoformat())
    plan_reminders_task.delay(day=DAY.isoformat())

    def all_sent() -> bool:
        rows = ReminderLog.objects.filter(kind="follow-up-due")
        return rows.count() == 2 and not rows.filter(mail__sent_at__isnull=True).exists() and len(mail.outbox) >= 2

    wait_until(all_sent)
    time.sleep(1.0)  # let any duplicate sending task run out
    assert sorted(m.to[0] for m in mail.outbox) == sorted([member.agency.email, member.user.email.lower()])
