"""The cache backend of the site: Django's Redis cache that never fails a request when Redis is down or frozen.

The cache only ever holds what can be rebuilt (rendered public pages, the page-cache version, rate-limit
counters), so when its Redis does not answer every call behaves as a miss: `get` returns the default,
`get_many` nothing, `add`/`set`/`delete`/`touch`/`has_key` False, `incr`/`decr` raise `CacheUnavailable` (a
ValueError, as for a missing key, which callers already handle). The socket timeouts are short (OPTIONS
`socket_connect_timeout`, `socket_timeout`), and a circuit breaker (lib/breaker.py), shared by every thread of
the process, skips Redis for `retry_after` seconds after an error, so a frozen Redis costs one short timeout per
few seconds per process, not one per call.

Each backend instance counts the calls that failed or were skipped (`failures`); `failures(cache)` lets a
caller that must not act on a miss (the rate limits, the page cache) notice that Redis did not answer.
"""

from __future__ import annotations

import threading
from typing import Any

import redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

from .breaker import CircuitBreaker

# A server that refuses, drops, times out, is loading, read-only, out of memory or misconfigured: all mean
# "the cache is not usable now"; none is worth a 500.
UNAVAILABLE_ERRORS: tuple[type[BaseException], ...] = (redis.RedisError, OSError)

_breakers: dict[tuple[str, ...], CircuitBreaker] = {}
_breakers_lock = threading.Lock()
_UNSET = object()


class CacheUnavailable(ValueError):
    """Raised by incr()/decr() when Redis does not answer; a ValueError like a missing key."""


def breaker_for(servers: tuple[str, ...], retry_after: float) -> CircuitBreaker:
    """One breaker per Redis location and process (Django gives each thread its own backend instance)."""
    with _breakers_lock:
        breaker = _breakers.get(servers)
        if breaker is None:
            breaker = _breakers[servers] = CircuitBreaker("Cache Redis", retry_after=retry_after)
        breaker.retry_after = retry_after
        return breaker


def failures(cache: Any) -> int:
    """How many calls of `cache` failed or were skipped so far (0 for backends that never fail this way)."""
    return getattr(cache, "failures", 0)


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django's client builds a new `redis.Redis` around the pool on every operation, and redis-py fills a dict of
    some 170 response callbacks each time (about 0.15 ms): a cached page or fragment costs several. The client is
    stateless over its pool and thread-safe, so one per pool serves every operation."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client


class FailSafeRedisCache(RedisCache):
    """Django's RedisCache with short timeouts and a circuit breaker; Redis errors behave as cache misses.

    OPTIONS: `socket_connect_timeout` and `socket_timeout` (seconds, default 0.25 and 0.5), `retry_after`
    (seconds the breaker stays open, default 5); the other options go to redis-py's connection pool.
    """

    def __init__(self, server, params: dict) -> None:
        options = dict(params.get("OPTIONS") or {})
        retry_after = float(options.pop("retry_after", 5))
        options.setdefault("socket_connect_timeout", 0.25)
        options.setdefault("socket_timeout", 0.5)
        super().__init__(server, {**params, "OPTIONS": options})
        self._class = ReusedClientRedisCacheClient
        self.breaker = breaker_for(tuple(self._servers), retry_after)
        self.failures = 0

    def _guarded(self, fallback: Any, method, *args, **kwargs) -> Any:
        if self.breaker.is_open:
            self.failures += 1
            return fallback
        try:
            result = method(*args, **kwargs)
        except UNAVAILABLE_ERRORS as exc:
            self.failures += 1
            self.breaker.failure(exc)
            return fallback
        self.breaker.success()
        return result

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> bool:
        return self._guarded(False, super().add, key, value, timeout, version)

    def get(self, key, default=None, version=None) -> Any:
        return self._guarded(default, super().get, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> bool:
        result = self._guarded(_UNSET, super().set, key, value, timeout, version)
        return result is not _UNSET

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None) -> bool:
        return self._guarded(False, super().touch, key, timeout, version)

    def delete(self, key, version=None) -> bool:
        return self._guarded(False, super().delete, key, version)

    def get_many(self, keys, version=None) -> dict:
        return self._guarded({}, super().get_many, keys, version)

    def has_key(self, key, version=None) -> bool:
        return self._guarded(False, super().has_key, key, version)

    def incr(self, key, delta=1, version=None) -> int:
        result = self._guarded(_UNSET, super().incr, key, delta, version)
        if result is _UNSET:
            raise CacheUnavailable(f"Cache Redis unavailable: key {key!r} not incremented.")
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None) -> list:
        # Django's contract: the keys that could not be stored.
        return self._guarded(list(data), super().set_many, data, timeout, version)

    def delete_many(self, keys, version=None) -> None:
        self._guarded(None, super().delete_many, keys, version)

    def clear(self) -> bool:
        return self._guarded(False, super().clear)
