"""Whole-page cache for public pages, refreshed when staff publish or edit.

Every cached page is stored with the version number current when it was rendered; the version
lives in the shared cache (Redis) and is read on every request. `bump_public_cache()` increments
it, so every cached page, in every worker, is stale at once. It is called from
the services and admin saves that change public content, and from a post_save/post_delete hook on
the public models (tayninh_thidua/apps.py) — that hook only busts the cache, it runs no workflow.

Only GET/HEAD requests without a session or messages cookie are cached: signed-in users see their
own menu, and a pending flash message must never be stored in a page other visitors get.

A cached page may hold a form: its template writes `CSRF_SLOT` where the CSRF token goes, and each
response gets the visitor's own token put in its place (`_fill_csrf_slot`), hit or miss.

When the cache Redis does not answer (lib/cache.py turns its errors into misses), the version is unknown:
pages are rendered on every request and neither stored nor served from memory, since a refresh may have been
missed. A process that saw the outage (or could not bump) bumps the version once Redis answers again, so no
page cached before the outage is served after a change made during it.

A cached page is shared by every visitor, so nothing in it may come from the visitor's Host header: the view
gets a request whose host and scheme are SITE_URL's (`site_url_request`), so absolute links written by
Django's sitemap and feeds, or by DRF's pagination, always point at the site itself.

No stampede after a publication: the first worker to miss a page under the new version takes a short lock in the
shared cache (`cache.add`, atomic in Redis across processes) and renders it; the others meanwhile serve the copy
rendered under the previous version, marked `X-Public-Cache: stale` (stale while revalidate: at most one render's
time, bounded by LOCK_TIMEOUT), or, with no copy at all, wait up to WAIT_FOR_RENDER for the render and render
themselves only if it does not come (or failed). So a page is rendered once per publication, not once per request.

Public fragments (`public_fragment`) are smaller values derived from public data, such as the directory's filter
choices or a list's row count: built once per version (and language) and kept in the shared cache and in each
process, they make pages rendered without the page cache cheap, and a publication refreshes them with the pages.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from contextvars import ContextVar
from typing import Any, TypeVar
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language

from .cache import failures

T = TypeVar("T")

VERSION_KEY = "public-pages:version"
CSRF_SLOT = "__csrf_token_slot__"
_CSRF_SLOT_BYTES = CSRF_SLOT.encode()
PAGE_TIMEOUT = 600
LOCAL_PAGES = 256
LOCAL_FRAGMENTS = 512
# A worker that renders a page holds its lock this long at most (it lets go as soon as the page is stored).
LOCK_TIMEOUT = 10
# A worker with no copy at all to serve waits this long for another's render, polling every POLL_INTERVAL.
WAIT_FOR_RENDER = 3.0
POLL_INTERVAL = 0.02

# Each worker process also keeps its most recent pages in memory, tagged with the version they were
# rendered under: a hit then costs one small GET of the version instead of fetching the page.
_local: OrderedDict[str, tuple[int, str, bytes]] = OrderedDict()
_local_lock = threading.Lock()


def _new_version() -> int:
    # Not 1: if Redis evicts the version key, a restarted count could match pages cached before.
    return time.time_ns()


# Set when this process found the cache unavailable: the next version read that succeeds bumps it first.
_bump_owed = False


# Within one public request the version is read once: the page, its fragments and its cards all ask for it.
_version_memo: ContextVar[list | None] = ContextVar("public_cache_version_memo", default=None)


def public_cache_version() -> int | None:
    """The current version, or None when the cache does not answer (render uncached, store nothing)."""
    memo = _version_memo.get()
    if memo:
        return memo[0]
    version = _read_version()
    if memo is not None and version is not None:
        memo.append(version)
    return version


def _read_version() -> int | None:
    global _bump_owed
    before = failures(cache)
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, _new_version(), timeout=None)
        version = cache.get(VERSION_KEY)
    if version is None or failures(cache) != before:
        _bump_owed = True
        return None
    if _bump_owed:
        _bump_owed = False
        bump_public_cache()
        return _read_version()
    return version


def bump_public_cache(**_ignored) -> None:
    """Make every cached public page stale. Safe to call often; accepts signal keyword arguments."""
    global _bump_owed
    memo = _version_memo.get()
    if memo:
        memo.clear()
    before = failures(cache)
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # the key was never set or has been evicted (or the cache does not answer)
        cache.set(VERSION_KEY, _new_version(), timeout=None)
    if failures(cache) != before:
        _bump_owed = True


# Public fragments kept in this process: key -> (version, expires at (epoch seconds), value).
_fragments: OrderedDict[str, tuple[int, float, Any]] = OrderedDict()


def clear_local_pages() -> None:
    with _local_lock:
        _local.clear()
        _fragments.clear()


def _remember(key: str, entry: tuple[int, str, bytes]) -> None:
    with _local_lock:
        _local[key] = entry
        _local.move_to_end(key)
        while len(_local) > LOCAL_PAGES:
            _local.popitem(last=False)


def _key(request: HttpRequest) -> str:
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    return f"public-page:{digest}"


def _cached_response(entry: tuple[int, str, bytes], state: str = "hit") -> HttpResponse:
    _version, content_type, content = entry
    response = HttpResponse(content, content_type=content_type)
    response["X-Public-Cache"] = state
    return response


def _cacheable(request: HttpRequest) -> bool:
    cookies = request.COOKIES
    return (
        settings.PUBLIC_PAGE_CACHE
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in cookies
        and "messages" not in cookies  # django.contrib.messages' cookie storage
    )


def _fill_csrf_slot(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    if not getattr(response, "streaming", False) and _CSRF_SLOT_BYTES in response.content:
        response.content = response.content.replace(_CSRF_SLOT_BYTES, get_token(request).encode())
    return response


def cache_public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        token = _version_memo.set([])
        try:
            return _fill_csrf_slot(request, _cached_or_rendered(view, request, *args, **kwargs))
        finally:
            _version_memo.reset(token)

    return wrapper


@functools.cache
def _site_url_class(request_class: type) -> type:
    class SiteUrlRequest(request_class):
        """The visitor's request, seen from SITE_URL: get_host(), scheme, is_secure() and
        build_absolute_uri() ignore the Host and X-Forwarded-* headers."""

        def get_host(self) -> str:
            return urlsplit(settings.SITE_URL).netloc

        @property
        def scheme(self) -> str:
            return urlsplit(settings.SITE_URL).scheme

    SiteUrlRequest.__name__ = SiteUrlRequest.__qualname__ = f"SiteUrl{request_class.__name__}"
    return SiteUrlRequest


def site_url_request(request: HttpRequest) -> HttpRequest:
    """A shallow copy of `request` (same headers, session, user, cookies) whose host and scheme are SITE_URL's."""
    clone = copy.copy(request)
    clone.__class__ = _site_url_class(type(request))
    clone.__dict__.pop("_current_scheme_host", None)  # cached from the real host, if it was ever asked
    return clone


def _rendered(view, request: HttpRequest, *args, **kwargs) -> HttpResponse:
    response = view(site_url_request(request), *args, **kwargs)
    if hasattr(response, "render") and callable(response.render):
        response = response.render()  # TemplateResponse and DRF's Response render lazily
    return response


def _current(entry: tuple | None, version: int) -> bool:
    return entry is not None and entry[0] == version


def _cached_or_rendered(view, request: HttpRequest, *args, **kwargs) -> HttpResponse:
    if not _cacheable(request):
        return _rendered(view, request, *args, **kwargs)
    key = _key(request)
    version = public_cache_version()
    if version is None:
        return _rendered(view, request, *args, **kwargs)
    local = _local.get(key)
    if _current(local, version):
        return _cached_response(local)
    stored = cache.get(key)
    if _current(stored, version):
        _remember(key, stored)
        return _cached_response(stored)
    lock = f"{key}:render:{version}"
    if cache.add(lock, 1, LOCK_TIMEOUT):
        try:
            # Another worker may have stored the page between our miss and our lock.
            stored = cache.get(key)
            if _current(stored, version):
                _remember(key, stored)
                return _cached_response(stored)
            return _render_and_store(view, request, key, version, *args, **kwargs)
        finally:
            cache.delete(lock)
    # Another worker renders this page under this version: serve the previous copy meanwhile, or wait for it.
    stale = max((e for e in (local, stored) if e is not None), key=lambda e: e[0], default=None)
    if stale is not None:
        return _cached_response(stale, "stale")
    fresh = _wait_for_render(key, lock, version)
    if fresh is not None:
        _remember(key, fresh)
        return _cached_response(fresh)
    return _render_and_store(view, request, key, version, *args, **kwargs)


def _wait_for_render(key: str, lock: str, version: int) -> tuple | None:
    """The page another worker is rendering, once stored; None if its lock goes (or times out) without it."""
    deadline = time.monotonic() + WAIT_FOR_RENDER
    while time.monotonic() < deadline:
        time.sleep(POLL_INTERVAL)
        found = cache.get_many([key, lock])
        if _current(found.get(key), version):
            return found[key]
        if lock not in found:  # rendered without being stored (not a 200), or the cache stopped answering
            return None
    return None


def _render_and_store(view, request: HttpRequest, key: str, version: int, *args, **kwargs) -> HttpResponse:
    response = _rendered(view, request, *args, **kwargs)
    if response.status_code == 200 and not response.streaming and not response.cookies:
        entry = (version, response["Content-Type"], response.content)
        cache.set(key, entry, PAGE_TIMEOUT)
        _remember(key, entry)
    return response


def public_fragment(name: str, build: Callable[[], T], timeout: int = PAGE_TIMEOUT) -> T:
    """`build()`'s value, built once per page-cache version and language (and at most `timeout` seconds old).

    For small values derived from public data that many pages repeat (filter choices, a list's row count): kept
    in the shared cache and in this process, so a page rendered without the page cache does not rebuild them.
    A publication bumps the version, so a fragment never outlives the data it was built from; the timeout
    catches what becomes public by the clock alone (a publication date reached), as the page cache does.
    When the cache does not answer, `build()` runs every time.
    """
    version = public_cache_version()
    if version is None:
        return build()
    key = f"public-fragment:{name}:{get_language()}"
    now = time.time()
    memo = _fragments.get(key)
    if memo is not None and memo[0] == version and memo[1] > now:
        return memo[2]
    stored = cache.get(key)
    if stored is None or stored[0] != version or stored[1] <= now:
        stored = (version, now + timeout, build())
        cache.set(key, stored, timeout)
    with _local_lock:
        _fragments[key] = stored
        _fragments.move_to_end(key)
        while len(_fragments) > LOCAL_FRAGMENTS:
            _fragments.popitem(last=False)
    return stored[2]


class CardRows(Sequence):
    """The rows of a list shown as cards (`{% cards %}`), read key first.

    `public_cards` needs only the rows' keys when their cards are kept: `keys` is one query for the primary keys
    in the queryset's order and window (no joins, no model instances), and only the rows whose card is missing are
    read whole, in one more query. Used as a sequence (a template's `{% if %}` or `|length`), it answers from the
    keys; iterated or indexed, it reads the rows whole, in order, like the queryset.
    """

    def __init__(self, queryset: QuerySet, keys: list | None = None) -> None:
        """`keys`: the list's keys, in order, when already known (kept as a `public_fragment`, say); `queryset` then
        only reads the rows of those keys whose card is missing, and may be the model's unfiltered queryset."""
        self.queryset = queryset
        self._given_keys = keys is not None
        if self._given_keys:
            self.__dict__["keys"] = list(keys)

    @functools.cached_property
    def keys(self) -> list:
        if self.queryset._result_cache is not None:  # already read whole: no query for the keys
            return [obj.pk for obj in self.queryset]
        return list(self.queryset.values_list("pk", flat=True))

    @functools.cached_property
    def _rows(self) -> list:
        if self._given_keys:
            by_key = self.rows(self.keys)
            return [by_key[pk] for pk in self.keys if pk in by_key]
        return list(self.queryset)

    def rows(self, keys: list) -> dict:
        """The rows of `keys`, whole (as the queryset selects them), by key: one query, outside the list's window."""
        wanted = set(keys)
        if "_rows" in self.__dict__ or self.queryset._result_cache is not None:
            return {obj.pk: obj for obj in self._rows if obj.pk in wanted}
        queryset = self.queryset._chain()
        queryset.query.clear_limits()
        queryset.query.clear_ordering(force=True)
        return {obj.pk: obj for obj in queryset.filter(pk__in=wanted)}

    def __len__(self) -> int:
        return len(self.keys)

    def __bool__(self) -> bool:
        return bool(self.keys)

    def __getitem__(self, index):
        return self._rows[index]

    def __iter__(self) -> Iterator:
        return iter(self._rows)


def public_cards(objects, template_name: str, name: str, **context) -> list[str]:
    """Each object's card (`template_name` rendered with the object as `name`), kept per page-cache version.

    A card shows only public fields of a published object, so the same HTML serves every list it appears in
    (home, the directory's pages and filters, a movement's page): a page rendered without the page cache fetches
    its rows' keys (`CardRows`) and takes their cards from the cache in one round trip, reading and rendering only
    the missing ones. Keys carry the version, the language, the template, the extra context and the object's key,
    so a publication (which bumps the version) retires every card at once, as it does pages.
    """
    from django.template.loader import render_to_string

    def render(obj) -> str:
        return render_to_string(template_name, {name: obj, **context})

    version = public_cache_version()
    if not isinstance(objects, CardRows):
        objects = list(objects)
        keys, by_key = [obj.pk for obj in objects], {obj.pk: obj for obj in objects}
    elif version is None:
        return [render(obj) for obj in objects]
    else:
        keys, by_key = objects.keys, None
    if version is None or not keys:
        return [render(by_key[pk]) for pk in keys]
    extra = hashlib.sha1(repr(sorted(context.items())).encode()).hexdigest()[:8]
    prefix = f"public-card:{version}:{get_language()}:{template_name}:{extra}:"
    found = cache.get_many([prefix + str(pk) for pk in keys])  # the fail-safe cache answers {} while Redis is down
    absent = [pk for pk in keys if prefix + str(pk) not in found]
    if absent and by_key is None:
        by_key = objects.rows(absent)
    missing = {prefix + str(pk): render(by_key[pk]) for pk in absent if pk in by_key}
    if missing:
        cache.set_many(missing, PAGE_TIMEOUT)
    # A row unpublished between the two reads has no card: it is left out, as the next render would.
    return [html for pk in keys if (html := found.get(prefix + str(pk)) or missing.get(prefix + str(pk)))]
