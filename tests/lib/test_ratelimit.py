"""Rate limits when the cache Redis is down: counted in the process's memory, still limiting, never a 500."""

from __future__ import annotations

import logging
import time

import pytest

from tayninh_thidua.lib import ratelimit
from tests.fixtures.redis_servers import free_port


def fail_safe_cache(settings, url: str) -> None:
    from django.core.cache import cache

    settings.CACHES = {
        "default": {
            "BACKEND": "tayninh_thidua.lib.cache.FailSafeRedisCache",
            "LOCATION": url,
            "OPTIONS": {"retry_after": 0.2},
        }
    }
    cache.breaker.reset()
    ratelimit.clear_local_counts()


@pytest.fixture
def cache_down(settings):
    fail_safe_cache(settings, f"redis://127.0.0.1:{free_port()}/0")  # nothing listens there
    yield
    ratelimit.clear_local_counts()


def test_hits_still_limit_when_the_cache_redis_is_down(cache_down, caplog):
    caplog.set_level(logging.WARNING, logger="tayninh_thidua.lib.ratelimit")
    ratelimit._last_warning = 0.0
    results = [ratelimit.hit("entry", "203.0.113.1", limit=3, window=60) for _ in range(5)]
    assert results == [False, False, False, True, True]
    assert ratelimit.reached("entry", "203.0.113.1", limit=3)
    # Other addresses and other scopes count apart.
    assert not ratelimit.reached("entry", "203.0.113.2", limit=3)
    assert not ratelimit.hit("vote", "203.0.113.1", limit=3, window=60)
    warnings = [r for r in caplog.records if "memory" in r.getMessage()]
    assert len(warnings) == 1


@pytest.mark.django_db
def test_the_login_lock_still_applies_with_the_cache_down(cache_down, client, settings):
    # django-axes keeps its counts in the database, not the cache: a Redis outage does not open the door.
    from django.urls import reverse

    from tests.factories import PASSWORD, UserFactory

    settings.LOGIN_ACCOUNT_FAILURE_LIMIT = 2
    user = UserFactory()
    first = client.post(reverse("login"), {"username": user.username, "password": "sai"})
    assert first.status_code == 200  # the form again, with its error
    client.post(reverse("login"), {"username": user.username, "password": "sai"})  # the limit: locked
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 429 and "Tạm khoá đăng nhập" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.services
def test_counts_move_to_redis_when_it_answers_again(own_cache, cache_redis):
    assert not ratelimit.hit("feedback", "198.51.100.7", limit=2, window=60)
    cache_redis.stop()
    assert not ratelimit.hit("feedback", "198.51.100.7", limit=2, window=60)  # counted locally: 1
    assert not ratelimit.hit("feedback", "198.51.100.7", limit=2, window=60)  # 2
    assert ratelimit.hit("feedback", "198.51.100.7", limit=2, window=60)  # 3: over, even with Redis down
    cache_redis.start()  # empty: a cache keeps nothing across a restart
    time.sleep(1.1)
    assert not ratelimit.hit("feedback", "198.51.100.7", limit=2, window=60)
    assert cache_redis.client().keys("*rl:feedback*")
