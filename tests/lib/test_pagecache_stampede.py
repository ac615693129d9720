"""Issue #12: after a publication, concurrent requests for one page render it once, not once each.

With the local-memory cache (one process, its threads) and with a real Redis of the test's own (the lock lives in
Redis, so it holds across processes): the first request to miss renders, the others serve the copy rendered before
the publication (`X-Public-Cache: stale`) or, with no copy at all, wait for the render.
"""

from __future__ import annotations

import threading
import time

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from movements import services as movement_services
from tayninh_thidua.lib import pagecache
from tests.factories import MovementFactory

pytestmark = pytest.mark.django_db

REQUESTS = 20


@pytest.fixture(params=["locmem", "redis"])
def backend(request):
    """The suite's local-memory cache, or the site's fail-safe Redis cache on a redis-server of the test's own."""
    if request.param == "redis":
        request.getfixturevalue("own_cache")
    pagecache.clear_local_pages()
    return request.param


class SlowPage:
    """A public page that counts its renders and takes a while, so that every request arrives during one."""

    def __init__(self, text: str) -> None:
        self.text, self.renders = text, 0
        self._lock = threading.Lock()

    def __call__(self, request) -> HttpResponse:
        with self._lock:
            self.renders += 1
        time.sleep(0.3)
        return HttpResponse(self.text)


def _get(view) -> HttpResponse:
    return pagecache.cache_public_page(view)(RequestFactory().get("/trang-thu/"))


def _at_once(view, n: int = REQUESTS) -> list[HttpResponse]:
    """`n` visitors asking for the page at the same moment, each on its own thread (and cache connection)."""
    start = threading.Barrier(n)
    responses: list[HttpResponse | None] = [None] * n

    def visit(i: int) -> None:
        start.wait()
        responses[i] = _get(view)

    threads = [threading.Thread(target=visit, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert all(r is not None for r in responses), "a request did not finish"
    return responses


def _publish(staff_user, django_capture_on_commit_callbacks) -> None:
    movement = MovementFactory(is_published=False)
    before = pagecache.public_cache_version()
    with django_capture_on_commit_callbacks(execute=True):
        movement_services.publish_movement(movement, actor=staff_user)
    assert pagecache.public_cache_version() != before  # the publication made every cached page stale


def test_a_publication_then_concurrent_requests_render_the_page_once(
    backend, staff_user, django_capture_on_commit_callbacks
):
    page = SlowPage("trước khi công bố")
    assert _get(page).content.decode() == "trước khi công bố"
    _publish(staff_user, django_capture_on_commit_callbacks)
    page.text, page.renders = "sau khi công bố", 0

    responses = _at_once(page)

    assert page.renders == 1
    assert all(r.status_code == 200 for r in responses)
    # The one that rendered got the new page; the others the previous copy, marked stale, in the meantime.
    states = [r.headers.get("X-Public-Cache") for r in responses]
    assert states.count(None) == 1 and states.count("stale") + states.count("hit") == REQUESTS - 1
    fresh = [r for r in responses if r.headers.get("X-Public-Cache") is None][0]
    assert fresh.content.decode() == "sau khi công bố"
    assert all(
        r.content.decode() == "trước khi công bố" for r in responses if r.headers.get("X-Public-Cache") == "stale"
    )
    # Once rendered, every visitor gets the new page from the cache.
    pagecache.clear_local_pages()
    after = _get(page)
    assert after.headers["X-Public-Cache"] == "hit" and after.content.decode() == "sau khi công bố"
    assert page.renders == 1


def test_without_an_earlier_copy_the_others_wait_for_the_one_render(backend):
    page = SlowPage("trang mới")

    responses = _at_once(page)

    assert page.renders == 1
    assert all(r.status_code == 200 and r.content.decode() == "trang mới" for r in responses)
    assert [r.headers.get("X-Public-Cache") for r in responses].count(None) == 1


def test_a_render_that_is_not_stored_lets_the_waiting_requests_render_at_once(backend):
    class Missing(SlowPage):
        def __call__(self, request) -> HttpResponse:
            super().__call__(request)
            return HttpResponse("không có", status=404)

    page = Missing("")
    started = time.monotonic()

    responses = _at_once(page, n=4)

    # Nothing was stored, so the waiters rendered themselves as soon as the lock went, not after WAIT_FOR_RENDER.
    assert all(r.status_code == 404 for r in responses)
    assert page.renders == 4
    assert time.monotonic() - started < pagecache.WAIT_FOR_RENDER
