"""A fixed-window rate limit on the Django cache (Redis in production), keyed by client address."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The client's address. Behind TRUSTED_PROXY_COUNT proxies, the X-Forwarded-For entry the
    outermost of them appended; anything further left was written by the client and is ignored."""
    hops = settings.TRUSTED_PROXY_COUNT
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    if hops and len(forwarded) >= hops:
        return forwarded[-hops]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _cache_key(scope: str, key: str) -> str:
    return f"rl:{scope}:{hashlib.sha256(key.encode()).hexdigest()[:32]}"


def reached(scope: str, key: str, *, limit: int) -> bool:
    """True when `key` already has `limit` hits in the current window (counts nothing)."""
    return (cache.get(_cache_key(scope, key)) or 0) >= limit


def hit(scope: str, key: str, *, limit: int, window: int) -> bool:
    """Count one hit; True when `key` has gone over `limit` hits within `window` seconds."""
    cache_key = _cache_key(scope, key)
    cache.add(cache_key, 0, timeout=window)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=window)
        count = 1
    return count > limit
