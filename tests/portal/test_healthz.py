"""/healthz: beat's last run and the outbox figures, besides the database and Redis."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from tayninh_thidua.lib.models import OutgoingMail


@pytest.fixture
def with_broker(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False


def _beat_task(last_run_at, changed_at):
    every = IntervalSchedule.objects.create(every=1, period=IntervalSchedule.MINUTES)
    task = PeriodicTask.objects.create(name="quét hộp thư", task="sitelib.sweep_outbox", interval=every)
    # date_changed is auto_now: set both as beat and an old installation would have left them.
    PeriodicTask.objects.filter(pk=task.pk).update(last_run_at=last_run_at, date_changed=changed_at)


def test_beat_that_ran_lately_is_ok(client, db, with_broker):
    PeriodicTask.objects.all().delete()
    _beat_task(timezone.now() - timedelta(minutes=2), timezone.now() - timedelta(days=30))
    body = client.get("/healthz").json()
    assert body["checks"]["beat"] is True and body["beat"]["last_run"]


def test_beat_silent_for_a_day_makes_the_site_degraded_not_down(client, db, with_broker):
    PeriodicTask.objects.all().delete()
    _beat_task(timezone.now() - timedelta(days=2), timezone.now() - timedelta(days=30))
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["checks"]["beat"] is False


def test_a_fresh_schedule_that_never_ran_yet_is_not_late(client, db, with_broker):
    PeriodicTask.objects.all().delete()
    _beat_task(None, timezone.now() - timedelta(minutes=1))
    assert client.get("/healthz").json()["checks"]["beat"] is True


def test_without_a_broker_beat_is_not_checked(client, db, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    assert "beat" not in client.get("/healthz").json()["checks"]


def test_outbox_figures_count_waiting_failed_and_given_up(client, db, settings):
    settings.OUTBOX_MAX_ATTEMPTS = 3
    for n, attempts, sent in [(1, 0, False), (2, 0, False), (3, 1, False), (4, 3, False), (5, 0, True)]:
        OutgoingMail.objects.create(
            key=f"k{n}", to="a@example.vn", subject="Thư", attempts=attempts, sent_at=timezone.now() if sent else None
        )
    body = client.get("/healthz").json()
    assert body["outbox"] == {"waiting": 2, "failed": 2, "given_up": 1}
    assert body["status"] in {"ok", "degraded"}  # mail waiting never makes the site unhealthy
