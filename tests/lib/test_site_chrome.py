"""Issue #12: the site's header and footer, the same on every page a visitor not signed in gets, are rendered once
per process and language ({% site_chrome %}, lib/templatetags/sitelib.py); a signed-in user's are their own."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation
from django.utils.safestring import mark_safe

from tayninh_thidua.lib.templatetags import sitelib
from tests.factories import StaffUserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_chrome(settings):
    settings.PUBLIC_PAGE_CACHE = False  # every request renders its page
    sitelib._forget_chrome()
    yield
    sitelib._forget_chrome()


def test_a_visitors_header_and_footer_are_rendered_once_and_are_what_the_templates_give(client):
    first = client.get("/tin-tuc/").content.decode()
    assert set(sitelib._ANONYMOUS_CHROME) == {
        ("includes/site_header.html", "vi"),
        ("includes/site_footer.html", "vi"),
    }
    # What is kept is what the templates render for a visitor…
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    for (template_name, _language), html in sitelib._ANONYMOUS_CHROME.items():
        assert html == render_to_string(template_name, request=request)
        assert html in first
    assert "Đăng nhập" in first and "Đăng xuất" not in first
    # …and the next page takes it as it is, without rendering it again.
    sitelib._ANONYMOUS_CHROME[("includes/site_footer.html", "vi")] = mark_safe("<footer>kept</footer>")
    assert "<footer>kept</footer>" in client.get("/dien-hinh/").content.decode()


def test_a_changed_setting_renders_them_anew(client, settings):
    client.get("/tin-tuc/")
    settings.PORTAL_OWNER = "Sở Nội vụ tỉnh Tây Ninh"
    assert not sitelib._ANONYMOUS_CHROME
    assert "Sở Nội vụ tỉnh Tây Ninh" in client.get("/tin-tuc/").content.decode()


def test_a_signed_in_users_menu_is_theirs_and_never_kept(client):
    client.force_login(StaffUserFactory())
    page = client.get("/tin-tuc/").content.decode()
    assert "Đăng xuất" in page and "Quản trị" in page and 'name="csrfmiddlewaretoken"' in page
    assert not sitelib._ANONYMOUS_CHROME
    client.logout()
    visitor = client.get("/tin-tuc/").content.decode()
    assert "Đăng xuất" not in visitor and "Quản trị" not in visitor and "Đăng nhập" in visitor


def test_each_language_has_its_own():
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    pages = {}
    for language in ("vi", "en"):
        with translation.override(language):
            pages[language] = render_to_string("base.html", request=request)
    names = ("includes/site_header.html", "includes/site_footer.html")
    assert set(sitelib._ANONYMOUS_CHROME) == {(name, language) for name in names for language in pages}
    for (_name, language), html in sitelib._ANONYMOUS_CHROME.items():
        assert html in pages[language]


def test_djangos_error_pages_rendered_without_a_request_neither_keep_nor_get_the_kept_chrome(client, settings):
    """Django's 500 view renders its template without a request, so without the context processors that give the
    site's name and owner: that header must not become every visitor's."""
    from django.views.defaults import server_error

    settings.PORTAL_OWNER = "Ủy ban nhân dân tỉnh Tây Ninh"
    sitelib._forget_chrome()
    error = server_error(RequestFactory().get("/")).content.decode()
    assert error.count("Ủy ban nhân dân tỉnh Tây Ninh") == 0  # no context processor ran
    assert not sitelib._ANONYMOUS_CHROME
    page = client.get("/tin-tuc/").content.decode()
    assert 'class="site-owner">Ủy ban nhân dân tỉnh Tây Ninh</span>' in page
    assert "Hệ thống đang gặp sự cố" not in page
    assert server_error(RequestFactory().get("/")).content.decode() == error  # nor is it given the kept copy
