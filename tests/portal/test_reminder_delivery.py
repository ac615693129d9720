"""Reminders through the outbox, Redis and a real Celery worker: once per recipient, retried on mail errors, never lost."""

from __future__ import annotations

import threading
import time
from collections import Counter

import pytest
from django.core import mail
from django.db import connection

from movements.models import ReminderLog
from tayninh_thidua.lib import outbox
from tayninh_thidua.lib.tasks import send_outgoing_mail
from tayninh_thidua.portal import reminders
from tayninh_thidua.portal.tasks import plan_reminders_task
from tests.backends import FlakyBackend, SlowBackend

pytestmark = [pytest.mark.services, pytest.mark.usefixtures("default_rules")]


def wait_until(predicate, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError("timed out")


def all_sent() -> bool:
    return ReminderLog.objects.exists() and not ReminderLog.objects.filter(mail__sent_at__isnull=True).exists()


def send_reminder(reminder_id: int):
    """Queue the sending of one reminder: the outbox task, for the reminder's outbox row."""
    mail_id = ReminderLog.objects.filter(pk=reminder_id).values_list("mail__pk", flat=True).get()
    return send_outgoing_mail.apply_async(kwargs={"mail_id": mail_id})


def deliveries() -> Counter:
    """(recipient, subject) → how many e-mails went out."""
    return Counter((m.to[0], m.subject) for m in mail.outbox)


def test_daily_task_twice_through_the_worker_sends_each_reminder_once(celery_worker, day, reports_around_day):
    plan_reminders_task.delay(day=day.isoformat())
    plan_reminders_task.delay(day=day.isoformat())
    wait_until(lambda: all_sent() and ReminderLog.objects.count() == 4 and len(mail.outbox) >= 4)
    time.sleep(1.0)  # let any duplicate sending task run out
    assert len(mail.outbox) == 4
    assert set(deliveries().values()) == {1}


@pytest.mark.django_db(transaction=True)
def test_two_planners_at_once_record_each_reminder_once(postgres, day, reports_around_day):
    barrier = threading.Barrier(2)
    errors = []

    def planner():
        try:
            barrier.wait(timeout=10)
            reminders.plan_reminders(day)
        except Exception as exc:  # surfaced below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=planner) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == []
    assert ReminderLog.objects.count() == 4
    # Two senders racing for every row: the row lock lets exactly one send.
    results = []

    def sender(pk):
        try:
            results.append(outbox.deliver(pk).sent)
        finally:
            connection.close()

    pks = list(ReminderLog.objects.values_list("mail__pk", flat=True))
    threads = [threading.Thread(target=sender, args=(pk,)) for pk in pks for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(results) == [False] * 4 + [True] * 4
    assert len(mail.outbox) == 4


def test_mail_server_failure_is_retried_and_delivered_once(celery_worker, settings, day, member, report_factory):
    settings.EMAIL_BACKEND = "tests.backends.FlakyBackend"
    settings.OUTBOX_RETRY_BACKOFF = 1
    FlakyBackend.failures = 1
    report_factory(agency=member.agency, due_date=day)
    reminders.plan_reminders(day)
    reminder = ReminderLog.objects.filter(recipient_email=member.user.email.lower()).get()
    send_reminder(reminder.pk)
    wait_until(lambda: ReminderLog.objects.filter(pk=reminder.pk, mail__sent_at__isnull=False).exists())
    reminder = ReminderLog.objects.select_related("mail").get(pk=reminder.pk)
    assert FlakyBackend.failures == 0
    assert reminder.mail.attempts == 2 and reminder.mail.last_error == ""
    assert [m.to for m in mail.outbox] == [[member.user.email.lower()]]


def test_worker_stopped_mid_batch_and_restarted_delivers_everything_once(
    redis_url, transactional_db, settings, day, report_factory
):
    from celery.contrib.testing.worker import start_worker

    from tayninh_thidua.celery import app
    from tests import factories

    settings.EMAIL_BACKEND = "tests.backends.SlowBackend"
    SlowBackend.delay = 0.2
    for _ in range(10):
        report_factory(agency=factories.MembershipFactory().agency, due_date=day)
    reminders.plan_reminders(day)
    total = ReminderLog.objects.count()
    assert total == 20
    app.conf.task_always_eager = False
    try:
        for pk in ReminderLog.objects.values_list("pk", flat=True):
            send_reminder(pk)
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=20):
            wait_until(lambda: len(mail.outbox) >= 4)
        stopped_at = ReminderLog.objects.filter(mail__sent_at__isnull=False).count()
        assert 4 <= stopped_at < total, "the worker should stop part-way through the batch"
        # Redelivery of tasks already done (what acks_late does after a crash) must not send again.
        for pk in ReminderLog.objects.filter(mail__sent_at__isnull=False).values_list("pk", flat=True)[:3]:
            send_reminder(pk)
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=20):
            wait_until(all_sent, timeout=60)
            time.sleep(1.0)
    finally:
        app.conf.task_always_eager = True
    assert len(mail.outbox) == total
    assert set(deliveries().values()) == {1}
