"""The outbox under failure, through Redis and real workers: a refusing mail server, a lost broker message, a
database connection dropped mid-batch, a worker killed mid-batch. Every message goes out; none is dropped."""

from __future__ import annotations

import json
import time
from collections import Counter

import pytest
from django.core import mail
from django.db import connection

from tayninh_thidua.lib import outbox
from tayninh_thidua.lib.models import OutgoingMail
from tests.backends import FlakyBackend, SlowBackend
from tests.lib.conftest import wait_until

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def store(count: int, prefix: str) -> list[int]:
    """Messages in the outbox whose send tasks were never queued (ASCII subjects the SMTP sink can count)."""
    mails = [
        outbox.new_mail(key=f"{prefix}:{i}", to=[f"{prefix}{i}@example.org"], subject=f"{prefix}-{i:02d}")
        for i in range(count)
    ]
    return [mail.pk for mail in OutgoingMail.objects.bulk_create(mails)]


def unsent() -> int:
    return OutgoingMail.objects.unsent().count()


@pytest.fixture
def sweep_every_second():
    """The outbox sweep in beat's database schedule, every second instead of every minute."""
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    every_second, _ = IntervalSchedule.objects.get_or_create(every=1, period=IntervalSchedule.SECONDS)
    PeriodicTask.objects.update_or_create(
        name="outbox sweep (test)",
        defaults={"task": "sitelib.sweep_outbox", "interval": every_second, "kwargs": json.dumps({}), "enabled": True},
    )


def test_a_mail_server_error_is_retried_by_the_worker_and_delivered_once(postgres, celery_worker, settings):
    settings.EMAIL_BACKEND = "tests.backends.FlakyBackend"
    settings.OUTBOX_RETRY_BACKOFF = 1
    FlakyBackend.failures = 2
    row = outbox.queue_mail(to=["canbo@example.org"], subject="Thư thử lại")  # autocommit: queued at once
    wait_until(lambda: OutgoingMail.objects.filter(pk=row.pk, sent_at__isnull=False).exists(), 30)
    time.sleep(1.0)  # let any duplicate run out
    row.refresh_from_db()
    assert FlakyBackend.failures == 0
    assert row.attempts == 3 and row.last_error == ""
    assert [(m.to, m.subject) for m in mail.outbox] == [(["canbo@example.org"], "Thư thử lại")]


def test_a_lost_broker_message_is_queued_again_by_the_sweep_and_delivered_once(
    own_redis, producer, smtp_sink, worker_factory, sweep_every_second
):
    ids = store(5, "lost")
    for pk in ids:
        producer.send_task("sitelib.send_mail", kwargs={"mail_id": pk})
    assert own_redis.client().llen("celery") == 5
    own_redis.restart()  # no persistence: the queue is gone
    assert own_redis.client().llen("celery") == 0

    worker = worker_factory("outbox-lost", "-B")  # beat inside, with the database schedule
    try:
        seconds = wait_until(lambda: unsent() == 0, 60, "the sweep did not send the lost messages")
    except AssertionError:
        print(worker.log_tail())
        raise
    time.sleep(3.0)  # a few more sweeps: nothing goes out twice
    assert smtp_sink.subjects == Counter({f"lost-{i:02d}": 1 for i in range(5)})
    assert seconds < 60


def test_a_database_connection_dropped_mid_batch_delivers_every_message_once(postgres, celery_worker, settings):
    settings.EMAIL_BACKEND = "tests.backends.SlowBackend"
    settings.OUTBOX_RETRY_BACKOFF_MAX = 2  # database retries: 1 s, 2 s, 2 s …
    SlowBackend.delay = 0.2
    total = 20
    for i in range(total):
        outbox.queue_mail(key=f"drop:{i}", to=[f"drop{i}@example.org"], subject=f"drop-{i:02d}")
    killed: list[str] = []
    deadline = time.monotonic() + 90
    with connection.cursor() as cursor:
        while unsent() and time.monotonic() < deadline:
            # Every connection to the test database but ours: the worker's, wherever it is in its batch.
            cursor.execute(
                "SELECT state, pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
            )
            killed.extend(state for state, done in cursor.fetchall() if done)
            time.sleep(0.5)
    assert not unsent(), "messages were dropped after the connection was killed"
    time.sleep(1.0)
    assert len(killed) >= 3, killed
    assert {"idle in transaction", "active"} & set(killed), killed  # some in the middle of sending
    assert Counter(m.subject for m in mail.outbox) == Counter({f"drop-{i:02d}": 1 for i in range(total)})


def test_a_worker_killed_mid_batch_delivers_everything_within_a_minute(
    own_redis, producer, smtp_sink, worker_factory, sweep_every_second
):
    smtp_sink.delay = 0.3
    total = 30
    ids = store(total, "kill")
    first = worker_factory("outbox-first")
    for pk in ids:
        producer.send_task("sitelib.send_mail", kwargs={"mail_id": pk})
    wait_until(lambda: smtp_sink.received >= 6, 60, "the first worker sent nothing:\n" + first.log_tail())
    first.kill()
    killed_at = time.monotonic()
    assert unsent() > 0, "the worker should be killed part-way through the batch"

    second = worker_factory("outbox-second", "-B")
    try:
        wait_until(lambda: unsent() == 0, 90, "messages were lost with the killed worker")
    except AssertionError:
        print(second.log_tail())
        raise
    delivered_in = time.monotonic() - killed_at
    time.sleep(3.0)
    subjects = smtp_sink.subjects
    assert set(subjects) == {f"kill-{i:02d}" for i in range(total)}
    # Sent twice at most: the messages the two pool processes were sending when killed.
    assert sum(count - 1 for count in subjects.values()) <= 2, subjects
    assert delivered_in < 60
