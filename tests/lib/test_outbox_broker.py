"""Queueing mail while the broker is down: the change commits, the mail waits for the sweep, nothing blocks."""

from __future__ import annotations

import logging
import time

import pytest

from tayninh_thidua.lib import outbox
from tayninh_thidua.lib.models import OutgoingMail
from tests.fixtures.redis_servers import free_port, site_celery_app

pytestmark = pytest.mark.django_db


@pytest.fixture
def refused_broker(settings):
    settings.OUTBOX_BROKER_RETRY_AFTER = 30
    with site_celery_app(f"redis://127.0.0.1:{free_port()}/0") as app:  # nothing listens there
        yield app


def queue_one(capture, key: str = "k1") -> tuple[OutgoingMail, float]:
    start = time.monotonic()
    with capture(execute=True):
        mail = outbox.queue_mail(subject="Thư thử", body="Nội dung", to=["a@example.org"], key=key)
    return mail, time.monotonic() - start


def test_a_refusing_broker_leaves_the_mail_for_the_sweep(refused_broker, django_capture_on_commit_callbacks, caplog):
    caplog.set_level(logging.WARNING)
    mail, elapsed = queue_one(django_capture_on_commit_callbacks)
    assert elapsed < 1.5
    mail.refresh_from_db()
    assert mail.sent_at is None and mail.attempts == 0
    assert outbox.broker_breaker.is_open
    assert any("left for the sweep" in r.getMessage() for r in caplog.records)
    # While the breaker is open, nothing waits on the broker.
    start = time.monotonic()
    assert outbox.publish([mail.pk]) == 0
    assert time.monotonic() - start < 0.05


def test_errors_that_are_not_the_brokers_are_not_hidden(refused_broker, monkeypatch):
    task = refused_broker.tasks["sitelib.send_mail"]
    monkeypatch.setattr(task, "apply_async", lambda **kw: (_ for _ in ()).throw(KeyError("bug")))
    with pytest.raises(KeyError):
        outbox.publish([1])


@pytest.mark.services
def test_the_sweep_queues_the_waiting_mail_once_the_broker_is_back(
    own_broker, broker_redis, settings, django_capture_on_commit_callbacks
):
    settings.OUTBOX_SWEEP_AFTER = 0
    broker_redis.stop()
    mail, elapsed = queue_one(django_capture_on_commit_callbacks)
    assert elapsed < 1.5 and OutgoingMail.objects.get(pk=mail.pk).sent_at is None
    broker_redis.start()
    time.sleep(1.1)  # past OUTBOX_BROKER_RETRY_AFTER
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox.requeue_stale() == 1
    assert broker_redis.client().llen("celery") == 1
