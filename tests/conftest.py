"""Shared fixtures. Service and browser tests skip where the service is missing, but fail
instead under REQUIRE_SERVICES=1 / REQUIRE_BROWSER=1 (as .ci/run sets them)."""

import os

import pytest
from django.conf import settings

from tests import factories

pytest_plugins = ["tests.fixtures.people", "tests.fixtures.reports", "tests.fixtures.redis_servers"]

# Playwright's sync API runs an event loop in the test thread; the ORM calls made there are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def _missing(flag: str, reason: str):
    if os.environ.get(flag) == "1":
        pytest.fail(f"{reason} ({flag}=1, so this fails instead of skipping)")
    pytest.skip(reason)


def require_service(available: bool, reason: str) -> None:
    if not available:
        _missing("REQUIRE_SERVICES", reason)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Public pages are cached (tayninh_thidua/public_cache.py), in Redis when configured: start each
    test with an empty cache so no page survives from another test or an earlier run."""
    from django.core.cache import cache

    from tayninh_thidua.lib.pagecache import clear_local_pages

    cache.clear()
    clear_local_pages()
    yield


DB_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback"}


@pytest.fixture(autouse=True)
def _every_mail_is_in_the_outbox(request):
    """Every e-mail the suite sends goes through the outbox: after each test, each message in Django's
    mail.outbox matches an outbox row stamped as sent, with the same recipients and subject."""
    from django.core import mail

    uses_db = bool(DB_FIXTURES & set(request.fixturenames)) or request.node.get_closest_marker("django_db")
    if uses_db:
        # Set the database up first, so that this check runs before it is rolled back or flushed.
        request.getfixturevalue("_django_db_helper")
    yield
    sent = [(tuple(m.to), m.subject) for m in getattr(mail, "outbox", [])]
    if not sent:
        return
    assert uses_db, "e-mail was sent by a test without the database, so not through the outbox"
    from collections import Counter

    from tayninh_thidua.lib.models import OutgoingMail

    rows = Counter((tuple(row.recipients), row.subject) for row in OutgoingMail.objects.sent())
    missing = Counter(sent) - rows
    assert not missing, f"sent without a stamped outbox row: {dict(missing)}"


@pytest.fixture
def postgres(db):
    from django.db import connection

    require_service(connection.vendor == "postgresql", "PostgreSQL not configured (set DATABASE_URL)")
    return connection


@pytest.fixture(scope="session")
def redis_url() -> str:
    url = settings.REDIS_URL
    if not url:
        _missing("REQUIRE_SERVICES", "Redis not configured (set REDIS_URL)")
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        _missing("REQUIRE_SERVICES", f"Redis at {url} does not answer: {exc}")
    return url


@pytest.fixture
def celery_worker(redis_url, transactional_db):
    """A real Celery worker thread consuming from Redis, with eager mode off."""
    from celery.contrib.testing.worker import start_worker

    from tayninh_thidua.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as worker:
            yield worker
    finally:
        app.conf.task_always_eager = previous


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        _missing("REQUIRE_BROWSER", f"Chromium not installed at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("REQUIRE_BROWSER", "playwright is not installed")
    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="vi-VN", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    if os.environ.get("KEEP_SCREENSHOTS"):
        os.makedirs("test-artifacts", exist_ok=True)
        page.screenshot(
            path=f"test-artifacts/{os.environ.get('PYTEST_CURRENT_TEST', 'page').split(':')[-1].split(' ')[0]}.png",
            full_page=True,
        )
    context.close()


@pytest.fixture
def seeded(db):
    from movements.services import seed_plan

    seed_plan()


@pytest.fixture
def client():
    """pytest-django's client, whose force_login also passes the second step for staff and agency heads (as
    their real sign-in does; tests/signin.py). `client.force_login(user, verified=False)` stops after the password."""
    from tests.signin import SignInClient

    return SignInClient()


@pytest.fixture
def admin_client(db, admin_user):
    from tests.signin import SignInClient

    client = SignInClient()
    client.force_login(admin_user)
    return client


@pytest.fixture
def staff_user(db):
    return factories.StaffUserFactory()


@pytest.fixture
def staff_client(client, staff_user):
    """A staff member signed in with both factors (a confirmed app, the session marked by django_otp.login)."""
    client.force_login(staff_user)
    return client
