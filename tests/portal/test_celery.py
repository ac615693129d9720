import os
import subprocess
import sys

import pytest

from tayninh_thidua.portal.tasks import ping


@pytest.mark.services
def test_task_round_trip_through_a_real_worker_on_redis(celery_worker):
    from tayninh_thidua.celery import app

    assert app.conf.broker_url.startswith("redis://")
    result = ping.delay("xin chào")
    assert result.get(timeout=20) == "xin chào"
    assert result.successful()


@pytest.mark.parametrize(
    ("redis_url", "expected"),
    [
        ("", "eager=True cache=LocMemCache broker=memory://"),
        ("redis://127.0.0.1:6379/3", "eager=False cache=FailSafeRedisCache broker=redis://127.0.0.1:6379/3"),
    ],
)
def test_redis_url_switches_broker_cache_and_eager_mode(redis_url, expected):
    code = (
        "from django.conf import settings as s;"
        "print(f\"eager={s.CELERY_TASK_ALWAYS_EAGER} cache={s.CACHES['default']['BACKEND'].rsplit('.', 1)[1]} "
        'broker={s.CELERY_BROKER_URL}")'
    )
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "tayninh_thidua.settings",
        "DEBUG": "1",
        "SECRET_KEY": "x" * 50,
        "REDIS_URL": redis_url,
    }
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert result.stdout.strip() == expected
