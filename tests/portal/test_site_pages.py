import base64
import hashlib
import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from tayninh_thidua.lib.stylesheets import STYLESHEETS
from tests.factories import MovementFactory

ROOT = Path(django_settings.BASE_DIR)

pytestmark = pytest.mark.django_db


def test_home_lists_the_eleven_published_movements(client, seeded):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="vi"' in html
    assert "Dạy tốt - Học tốt" in html
    assert html.count('class="card h-100 movement-card"') == 12  # 11 movements + the campaign
    assert "dự kiến" in html  # inferred leads are marked


def test_home_hides_unpublished_movements(client):
    MovementFactory(name="Phong trào nháp bí mật", is_published=False)
    assert "Phong trào nháp bí mật" not in client.get(reverse("home")).content.decode()


@pytest.mark.parametrize("rows", [10, 200])
def test_home_and_list_query_count_is_fixed(client, django_assert_max_num_queries, rows):
    MovementFactory.create_batch(rows)
    # The home page also lists newest exemplars, news, photos, links and the contest: at most eight.
    with django_assert_max_num_queries(8):
        assert client.get(reverse("home")).status_code == 200
    with django_assert_max_num_queries(4):
        assert client.get(reverse("movements:movement.list")).status_code == 200


def test_movement_page_shows_lead_successor_and_hides_drafts(client, seeded):
    response = client.get(
        reverse("movements:movement.detail", kwargs={"slug": "tay-ninh-chung-suc-xay-dung-nong-thon-moi"})
    )
    html = response.content.decode()
    assert "Sở Nông nghiệp và Môi trường" in html
    assert "trước đây: Sở Nông nghiệp và Phát triển nông thôn" in html
    assert "25/02/2021" in html  # dates as dd/mm/yyyy
    draft = MovementFactory(is_published=False)
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_movement_page_never_names_a_campaign_in_draft_and_reads_its_lists_plainly(client, settings):
    """A movement linked to a campaign still in draft does not name it; once published, it does. Its phases and
    coordinating agencies (by their current names) come from plain queries, not prefetch_related."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from movements.models import Movement
    from tests.factories import AgencyFactory

    settings.PUBLIC_PAGE_CACHE = False
    campaign = MovementFactory(name="Cuộc vận động còn nháp", kind=Movement.Kind.CAMPAIGN, is_published=False)
    merged_into = AgencyFactory(name="Sở mới sau sáp nhập")
    movement = MovementFactory(linked_campaign=campaign)
    movement.coordinating_agencies.add(AgencyFactory(name="Sở cũ", successor=merged_into, active_until="2025-06-30"))
    with CaptureQueriesContext(connection) as queries:
        html = client.get(movement.get_absolute_url()).content.decode()
    assert "Cuộc vận động còn nháp" not in html
    assert "Sở mới sau sáp nhập" in html and "Sở cũ" not in html
    assert not [q for q in queries.captured_queries if "_prefetch_related_val" in q["sql"]]
    campaign.is_published = True
    campaign.save()
    assert "Cuộc vận động còn nháp" in client.get(movement.get_absolute_url()).content.decode()


def test_healthz_reports_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"]["database"] is True


def test_healthz_checks_redis_when_configured(client, redis_url):
    assert client.get("/healthz").json()["checks"]["redis"] is True


def _refused_url() -> str:
    from tests.fixtures.redis_servers import free_port

    return f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there


def test_healthz_is_ok_without_redis_on_the_embedded_default(client, settings):
    settings.CACHE_REDIS_URL, settings.CELERY_BROKER_URL = "", "memory://"
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["checks"]) == ("ok", {"database": True})


@pytest.mark.parametrize("role", ["cache", "broker"])
def test_healthz_is_degraded_but_200_when_one_redis_role_is_down(client, settings, role):
    settings.CACHE_REDIS_URL = _refused_url() if role == "cache" else ""
    settings.CELERY_BROKER_URL = _refused_url() if role == "broker" else "memory://"
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["checks"]) == ("degraded", {"database": True, role: False, "redis": False})


def test_healthz_checks_each_role_apart(client, settings, redis_url):
    settings.CACHE_REDIS_URL, settings.CELERY_BROKER_URL = redis_url, _refused_url()
    body = client.get("/healthz").json()
    assert body["checks"] == {"database": True, "cache": True, "broker": False, "redis": False}
    assert body["status"] == "degraded"


def test_healthz_is_an_error_when_the_database_is_down(client, monkeypatch):
    from tayninh_thidua.portal.views import public

    monkeypatch.setattr(public, "_check_database", lambda: False)
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["status"] == "error"


def test_pages_send_a_strict_content_security_policy(client):
    response = client.get(reverse("home"))
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "geolocation=()" in response.headers["Permissions-Policy"]


def _inline_styles(body: str) -> list[str]:
    return re.findall(r"<style>(.*?)</style>", body, flags=re.S)


def test_html_pages_carry_their_stylesheets_inline_allowed_by_their_hash_alone(client, settings):
    """The phone's first paint waits on no stylesheet: both are written into the page (lib/stylesheets.py), and the
    CSP allows that one <style> by its SHA-256, never 'unsafe-inline'. Cached or not, a page or a 404 alike."""
    settings.PUBLIC_PAGE_CACHE = True
    sources = {name: (ROOT / "static" / name).read_text(encoding="utf-8").strip() for name in STYLESHEETS}
    for url in (reverse("home"), reverse("home"), reverse("exemplars:exemplar.list"), "/khong-co-trang-nay/"):
        response = client.get(url)
        body = response.content.decode()
        (css,) = _inline_styles(body)
        assert css == "\n".join(sources.values())
        assert 'rel="stylesheet"' not in body and "<!--stylesheets-->" not in body
        digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
        style_src = next(d for d in response.headers["Content-Security-Policy"].split(";") if "style-src" in d)
        assert style_src.split() == ["style-src", "'self'", f"'sha256-{digest}'"]
        assert "Link" not in response.headers  # nothing left to preload
    assert client.get(reverse("home")).headers["X-Public-Cache"] == "hit"
    # JSON has no stylesheet, and its policy allows no inline style.
    assert "sha256" not in client.get("/api/exemplars/").headers["Content-Security-Policy"]


def test_the_page_cache_keeps_pages_without_their_stylesheets(client, settings):
    """The stylesheets (about 68 KB) are written on the way out: a kept page holds only the slot."""
    from tayninh_thidua.lib import pagecache

    settings.PUBLIC_PAGE_CACHE = True
    client.get(reverse("exemplars:exemplar.list"))
    kept = list(pagecache._local.values())
    assert kept and all(b"<!--stylesheets-->" in content and b"<style>" not in content for _v, _t, content in kept)


def test_with_debug_on_an_edited_stylesheet_shows_on_the_next_page(client, settings, tmp_path):
    """Production reads the stylesheets once per process; a developer's `make css` shows without a restart."""
    (tmp_path / "css").mkdir()
    for name in STYLESHEETS:
        (tmp_path / name).write_text((ROOT / "static" / name).read_text(encoding="utf-8"), encoding="utf-8")
    settings.STATICFILES_DIRS = [tmp_path, *settings.STATICFILES_DIRS]
    settings.DEBUG, settings.PUBLIC_PAGE_CACHE = True, False
    assert ".quy-tac-moi" not in client.get(reverse("home")).content.decode()
    with (tmp_path / "css" / "site.css").open("a", encoding="utf-8") as site_css:
        site_css.write(".quy-tac-moi{color:#b00}\n")
    response = client.get(reverse("home"))
    (css,) = _inline_styles(response.content.decode())
    assert css.endswith(".quy-tac-moi{color:#b00}")
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in response.headers["Content-Security-Policy"]


def test_unknown_page_is_a_vietnamese_404(client):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_favicon_ico_redirects_to_the_static_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response.url.endswith("img/favicon.svg")


def test_celery_beat_admin_is_translated(staff_client):
    html = staff_client.get(reverse("admin:index")).content.decode()
    assert "Tác vụ định kỳ" in html and "Periodic Tasks" not in html


def test_healthz_status_counts_only_false_checks_as_failures():
    from tayninh_thidua.portal.views.public import _health_status

    assert _health_status({"database": True, "cache": True, "outbox_waiting": 0}) == ("ok", 200)
    assert _health_status({"database": True, "broker": False}) == ("degraded", 200)
    assert _health_status({"database": False, "broker": False}) == ("error", 503)
