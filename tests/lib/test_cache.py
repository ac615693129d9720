"""The fail-safe cache backend (tayninh_thidua/lib/cache.py): Redis errors are misses, a breaker skips a dead Redis."""

from __future__ import annotations

import logging
import runpy
import threading
import time
from pathlib import Path

import pytest

from tayninh_thidua.lib.cache import CacheUnavailable, FailSafeRedisCache, failures
from tests.fixtures.redis_servers import free_port

SETTINGS = Path(__file__).resolve().parents[2] / "tayninh_thidua" / "settings.py"


def cache_at(url: str, retry_after: float = 30) -> FailSafeRedisCache:
    cache = FailSafeRedisCache(url, {"KEY_PREFIX": "t", "OPTIONS": {"retry_after": retry_after}})
    cache.breaker.reset()
    return cache


@pytest.fixture
def refused() -> str:
    """A port nothing listens on: connecting is refused at once."""
    return f"redis://127.0.0.1:{free_port()}/0"


def test_a_redis_that_refuses_behaves_as_an_empty_cache(refused):
    cache = cache_at(refused)
    assert cache.get("k") is None and cache.get("k", "default") == "default"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.add("k", 1) is False and cache.set("k", 1) is False
    assert cache.delete("k") is False and cache.touch("k") is False and cache.has_key("k") is False
    assert cache.set_many({"a": 1, "b": 2}) == ["a", "b"]
    assert cache.get_or_set("k", 5) == 5
    cache.delete_many(["a"])
    assert cache.clear() is False
    with pytest.raises(CacheUnavailable):
        cache.incr("k")
    with pytest.raises(ValueError):  # what callers already catch for a missing key
        cache.decr("k")
    assert failures(cache) >= 12


def test_after_an_error_redis_is_not_tried_until_retry_after(refused, monkeypatch):
    cache = cache_at(refused, retry_after=0.3)
    calls = []
    real_get_client = cache._cache.get_client

    def counting_get_client(*args, **kwargs):
        calls.append(1)
        return real_get_client(*args, **kwargs)

    monkeypatch.setattr(cache._cache, "get_client", counting_get_client)
    for _ in range(50):
        cache.get("k")
    assert len(calls) == 1 and cache.breaker.is_open
    time.sleep(0.35)
    cache.get("k")
    assert len(calls) == 2  # tried again once the pause is over


def test_threads_share_one_breaker_per_location(refused):
    # Django gives each thread its own backend instance; the breaker must be the process's.
    first = cache_at(refused)
    other: list[FailSafeRedisCache] = []
    thread = threading.Thread(target=lambda: other.append(FailSafeRedisCache(refused, {})))
    thread.start()
    thread.join()
    first.get("k")
    assert other[0].breaker is first.breaker and other[0].breaker.is_open


@pytest.mark.services
def test_a_frozen_redis_costs_one_short_timeout_per_pause(cache_redis):
    cache = cache_at(cache_redis.url, retry_after=30)
    assert cache.set("k", "v") is True and cache.get("k") == "v"
    cache_redis.freeze()
    start = time.monotonic()
    for _ in range(100):
        assert cache.get("k") is None
    elapsed = time.monotonic() - start
    assert elapsed < 1.5, f"100 reads took {elapsed:.2f} s with Redis frozen"


@pytest.mark.services
def test_an_outage_logs_one_warning_and_its_end_one_more(cache_redis, caplog):
    cache = cache_at(cache_redis.url, retry_after=0.2)
    caplog.set_level(logging.WARNING, logger="tayninh_thidua.lib.breaker")
    cache_redis.stop()
    for _ in range(5):
        cache.get("k")
        time.sleep(0.05)
    time.sleep(0.25)
    cache.get("k")  # a second failed try, within the minute: not logged again
    cache_redis.start()
    time.sleep(0.25)
    assert cache.set("k", "v") is True and cache.get("k") == "v"
    messages = [r.getMessage() for r in caplog.records]
    assert len(messages) == 2, messages
    assert "Cache Redis unavailable" in messages[0] and "Cache Redis is back" in messages[1]


def test_errors_other_than_an_unreachable_redis_are_not_hidden(refused, monkeypatch):
    cache = cache_at(refused)
    monkeypatch.setattr(cache._cache, "get", lambda *a: (_ for _ in ()).throw(TypeError("a bug")))
    with pytest.raises(TypeError):
        cache.get("k")


def settings_with(monkeypatch, **variables) -> dict:
    """The settings module as it reads this environment (REDIS variables unset unless given)."""
    for name in ("REDIS_URL", "CACHE_REDIS_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND"):
        monkeypatch.delenv(name, raising=False)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS), run_name="settings_under_test")


def test_without_redis_the_embedded_default_stays(monkeypatch):
    conf = settings_with(monkeypatch)
    assert conf["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert conf["CELERY_BROKER_URL"] == "memory://" and conf["CELERY_RESULT_BACKEND"] is None
    assert conf["CELERY_TASK_ALWAYS_EAGER"] is True


def test_both_roles_default_to_redis_url_with_short_timeouts(monkeypatch):
    conf = settings_with(monkeypatch, REDIS_URL="redis://r:6379/0", CACHE_REDIS_URL="")
    cache = conf["CACHES"]["default"]
    assert cache["BACKEND"] == "tayninh_thidua.lib.cache.FailSafeRedisCache" and cache["LOCATION"] == "redis://r:6379/0"
    assert cache["OPTIONS"]["socket_connect_timeout"] <= 0.5 and cache["OPTIONS"]["socket_timeout"] <= 0.5
    assert conf["CELERY_BROKER_URL"] == conf["CELERY_RESULT_BACKEND"] == "redis://r:6379/0"
    assert conf["CELERY_TASK_ALWAYS_EAGER"] is False
    transport = conf["CELERY_BROKER_TRANSPORT_OPTIONS"]
    assert transport["visibility_timeout"] == max(conf["CELERY_TASK_TIME_LIMIT"], conf["OUTBOX_RETRY_BACKOFF_MAX"]) + 60
    assert transport["socket_timeout"] <= 1 and transport["socket_connect_timeout"] <= 1
    assert conf["CELERY_BROKER_CONNECTION_TIMEOUT"] <= 1 and conf["CELERY_REDIS_SOCKET_TIMEOUT"] <= 1
    assert conf["CELERY_TASK_PUBLISH_RETRY_POLICY"]["max_retries"] <= 1


def test_each_role_has_its_own_url(monkeypatch):
    conf = settings_with(
        monkeypatch,
        REDIS_URL="redis://r:6379/0",
        CACHE_REDIS_URL="redis://cache:6379/0",
        CELERY_BROKER_URL="redis://broker:6379/0",
        CACHE_REDIS_SOCKET_TIMEOUT="0.3",
    )
    assert conf["CACHES"]["default"]["LOCATION"] == "redis://cache:6379/0"
    assert conf["CACHES"]["default"]["OPTIONS"]["socket_timeout"] == 0.3
    assert conf["CELERY_BROKER_URL"] == conf["CELERY_RESULT_BACKEND"] == "redis://broker:6379/0"
