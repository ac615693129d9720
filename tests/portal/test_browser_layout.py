"""In Chromium: pages load without any icon font and draw their icons from the sprite, and with their stylesheets
written into them; on a phone the exemplar's name comes before its facts box and the directory's results before its
folded filters (issues 11 and 12)."""

import pytest

from tests.factories import ExemplarFactory, HonourFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 412, "height": 823}, "device_scale_factor": 1.75, "is_mobile": True, "has_touch": True}


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(locale="vi-VN", base_url=live_server.url, **PHONE)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def _top(page, selector: str) -> float:
    return page.locator(selector).first.bounding_box()["y"]


def test_icons_come_from_the_sprite_and_no_font_is_loaded(phone):
    exemplar = ExemplarFactory(name="Lê Thị Hoa")
    HonourFactory(exemplar=exemplar)
    responses = []
    phone.on("response", lambda response: responses.append(response))
    phone.goto(exemplar.get_absolute_url())
    phone.wait_for_load_state("networkidle")
    urls = [response.url for response in responses]
    assert not [url for url in urls if "bootstrap-icons" in url or ".woff" in url], urls
    assert phone.evaluate("document.fonts.size") == 0
    sprite = next(response for response in responses if "/static/img/icons.svg" in response.url)
    assert sprite.status == 200 and sprite.headers["content-type"].startswith("image/svg+xml")
    # The share icon is drawn: its <use> resolved to the sprite's symbol, which has a real shape.
    box = phone.evaluate("document.querySelector('.share-links svg.bi use').getBBox().width")
    assert box > 0
    icon = phone.locator(".share-links svg.bi").bounding_box()
    assert icon["width"] > 8 and icon["height"] > 8


def test_pages_are_styled_by_their_inline_stylesheets_under_the_csp_and_fetch_none(phone):
    """The <style> base.html gets (lib/stylesheets.py) is applied, allowed by its hash: no CSP report, no request
    for a stylesheet."""
    exemplar = ExemplarFactory(name="Trần Văn Bình")
    csp_errors, requests = [], []
    phone.on("console", lambda msg: "Content Security Policy" in msg.text and csp_errors.append(msg.text))
    phone.on("request", lambda request: requests.append(request))
    for url in ("/", exemplar.get_absolute_url()):
        phone.goto(url)
        # Bootstrap's navbar is a flex box, and the skip link is out of the flow until focused.
        assert phone.evaluate("getComputedStyle(document.querySelector('nav.navbar')).display") == "flex"
        assert phone.evaluate("getComputedStyle(document.querySelector('.skip-link')).position") == "absolute"
    assert csp_errors == []
    assert [r.url for r in requests if r.resource_type == "stylesheet"] == []


def test_on_a_phone_the_name_comes_before_the_facts_and_results_before_filters(phone):
    exemplar = ExemplarFactory(name="Phạm Văn Dũng")
    ExemplarFactory.create_batch(2)
    phone.goto(exemplar.get_absolute_url())
    assert _top(phone, "h1") < _top(phone, ".exemplar-facts")
    phone.goto("/dien-hinh/")
    assert _top(phone, "#tieu-de-ket-qua") < _top(phone, ".filter-panel")
    assert phone.locator(".filter-panel").get_attribute("open") is None
    assert not phone.get_by_label("Tìm kiếm", exact=True).is_visible()
    phone.get_by_role("link", name="Tìm kiếm và lọc").click()  # a link under the count leads down to the panel
    phone.locator(".filter-panel summary").click()  # a tap unfolds the filters
    assert phone.get_by_label("Tìm kiếm", exact=True).is_visible()


def test_on_a_wide_screen_the_filters_are_open_beside_the_results(page):
    ExemplarFactory.create_batch(2)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/dien-hinh/")
    assert page.get_by_label("Tìm kiếm", exact=True).is_visible()
    assert not page.get_by_role("link", name="Tìm kiếm và lọc").is_visible()  # the panel is in sight
    filters, results = page.locator(".filter-panel").bounding_box(), page.locator("#tieu-de-ket-qua").bounding_box()
    assert filters["x"] < results["x"]


def test_the_menu_opens_on_a_phone_with_bootstrap_loaded_after_the_page(phone):
    phone.goto("/")
    menu = phone.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Tin tức")
    assert not menu.is_visible()
    phone.get_by_role("button", name="Mở menu").click()
    menu.wait_for(state="visible")
    assert phone.evaluate("typeof window.bootstrap") == "object"
