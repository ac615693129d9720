"""A fixed-window rate limit on the Django cache (Redis in production), keyed by client address.

When the cache Redis does not answer (lib/cache.py counts the failed calls), the counts are kept in this
process's memory instead: the limits still apply, per worker process rather than site-wide, until Redis is
back (then the shared counts resume; the local ones are dropped when their window ends). Never a 500, never
unlimited. A warning is logged when a process starts counting locally, at most once a minute.
"""

from __future__ import annotations

import hashlib
import ipaddress
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.http import HttpRequest

from .cache import failures

logger = logging.getLogger(__name__)

# Process-wide (every thread of the worker shares it), bounded like any local-memory cache.
_local = LocMemCache("sitelib-ratelimit-fallback", {"OPTIONS": {"MAX_ENTRIES": 10_000}})
_last_warning = 0.0


def client_address(request: HttpRequest) -> str:
    """The client's address. Behind TRUSTED_PROXY_COUNT proxies, the X-Forwarded-For entry the
    outermost of them appended; anything further left was written by the client and is ignored."""
    hops = settings.TRUSTED_PROXY_COUNT
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    if hops and len(forwarded) >= hops:
        return forwarded[-hops]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def network_key(address: str) -> str:
    """The network an address belongs to, for limits that rotating addresses must not escape: its /24 for IPv4
    (an IPv4-mapped IPv6 address counts as IPv4), its /64 for IPv6 (one subscriber's usual allocation). Anything
    that is not an IP address is returned as it is."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    prefix = 24 if ip.version == 4 else 64
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


def _cache_key(scope: str, key: str) -> str:
    return f"rl:{scope}:{hashlib.sha256(key.encode()).hexdigest()[:32]}"


def _falling_back(scope: str) -> None:
    global _last_warning
    now = time.monotonic()
    if now - _last_warning >= 60:
        _last_warning = now
        logger.warning("Rate limit %r counted in this process's memory: the cache Redis does not answer", scope)


def _count(store, cache_key: str, window: int) -> int:
    store.add(cache_key, 0, timeout=window)
    try:
        return store.incr(cache_key)
    except ValueError:  # expired between add and incr (or, for the shared cache, Redis did not answer)
        store.set(cache_key, 1, timeout=window)
        return 1


def reached(scope: str, key: str, *, limit: int) -> bool:
    """True when `key` already has `limit` hits in the current window (counts nothing)."""
    cache_key = _cache_key(scope, key)
    before = failures(cache)
    count = cache.get(cache_key)
    if failures(cache) != before:
        _falling_back(scope)
        count = _local.get(cache_key)
    return (count or 0) >= limit


def hit(scope: str, key: str, *, limit: int, window: int) -> bool:
    """Count one hit; True when `key` has gone over `limit` hits within `window` seconds."""
    cache_key = _cache_key(scope, key)
    before = failures(cache)
    count = _count(cache, cache_key, window)
    if failures(cache) != before:
        _falling_back(scope)
        count = _count(_local, cache_key, window)
    return count > limit


def clear_local_counts() -> None:
    """Forget the counts kept in memory during an outage (tests)."""
    _local.clear()
