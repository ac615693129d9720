"""Whole-page cache for public pages, refreshed when staff publish or edit.

Every cached page is stored with the version number current when it was rendered; the version
lives in the cache itself and is read in the same round trip as the page (`get_many`).
`bump_public_cache()` increments it, so every cached page is stale at once. It is called from
the services and admin saves that change public content, and from a post_save/post_delete hook on
the public models (tayninh_thidua/apps.py) — that hook only busts the cache, it runs no workflow.

Only anonymous GET/HEAD requests are cached: signed-in users see their own menu and CSRF tokens.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

VERSION_KEY = "public-pages:version"
PAGE_TIMEOUT = 600


def public_cache_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return version


def bump_public_cache(**_ignored) -> None:
    """Make every cached public page stale. Safe to call often; accepts signal keyword arguments."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # the key was never set or has been evicted
        cache.set(VERSION_KEY, 2, timeout=None)


def _key(request: HttpRequest) -> str:
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    return f"public-page:{digest}"


def cache_public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method not in ("GET", "HEAD") or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        key = _key(request)
        found = cache.get_many([VERSION_KEY, key])  # one round trip to Redis
        version = found.get(VERSION_KEY) or public_cache_version()
        cached = found.get(key)
        if cached is not None and cached[0] == version:
            _version, content_type, content = cached
            response = HttpResponse(content, content_type=content_type)
            response["X-Public-Cache"] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if response.status_code == 200 and not response.streaming and not response.cookies:
            cache.set(key, (version, response["Content-Type"], response.content), PAGE_TIMEOUT)
        return response

    return wrapper
