"""A state portal says who stands behind it (issue 11, item 34): the owning body and emblem in the header, a footer
with only the configured contact lines, breadcrumbs, share links without third-party script, and on a phone the
exemplar's name before its facts box and the directory's results before its folded filters. Also: every <img> of
the main public pages has width and height (issue 12, item 3)."""

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from contests.models import EntryPhoto
from exemplars.models import ExemplarPhoto
from movements.models import Bloc, Covenant
from tests.factories import (
    EditionFactory,
    EntryFactory,
    EventPhotoFactory,
    ExemplarFactory,
    HonourFactory,
    MovementFactory,
    NewsArticleFactory,
)
from tests.factories.portal import jpeg_file

pytestmark = pytest.mark.django_db


class _Page(HTMLParser):
    """The parts of a page these tests look at: images, scripts, the breadcrumb trail."""

    def __init__(self) -> None:
        super().__init__()
        self.images: list[dict] = []
        self.scripts: list[dict] = []
        self.crumbs: list[tuple[str, str | None, str | None]] = []  # (text, href, aria-current)
        self._in_trail = False
        self._item: list | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "img":
            self.images.append(attrs)
        elif tag == "script":
            self.scripts.append(attrs)
        elif tag == "ol" and "breadcrumb" in (attrs.get("class") or ""):
            self._in_trail = True
        elif tag == "li" and self._in_trail:
            self._item = ["", None, attrs.get("aria-current")]
        elif tag == "a" and self._item is not None:
            self._item[1] = attrs.get("href")

    def handle_endtag(self, tag):
        if tag == "li" and self._item is not None:
            self.crumbs.append((self._item[0].strip(), self._item[1], self._item[2]))
            self._item = None
        elif tag == "ol":
            self._in_trail = False

    def handle_data(self, data):
        if self._item is not None:
            self._item[0] += data


def parse(response) -> _Page:
    assert response.status_code == 200
    page = _Page()
    page.feed(response.content.decode())
    return page


# --- header and footer ---------------------------------------------------------------------------------------
def test_header_carries_the_owning_body_and_the_emblem(client, settings):
    settings.PORTAL_OWNER = "Ủy ban nhân dân tỉnh Tây Ninh"
    response = client.get(reverse("home"))
    header = response.content.decode().split("</header>")[0]
    assert "Ủy ban nhân dân tỉnh Tây Ninh" in header
    emblem = next(img for img in parse(response).images if img["src"].endswith("img/emblem.svg"))
    assert emblem["alt"] == "Biểu trưng" and emblem["width"] == emblem["height"] == "40"
    assert client.get(emblem["src"]).status_code == 200


def test_footer_shows_the_configured_contact_lines(client, settings):
    settings.PORTAL_OPERATOR = "Ban Thi đua – Khen thưởng"
    settings.PORTAL_ADDRESS = "Số 1 đường Thử Nghiệm"
    settings.PORTAL_PHONE = "0276 000 000"
    settings.PORTAL_EMAIL = "lienhe@example.gov.vn"
    settings.PORTAL_RESPONSIBLE = "Ông Nguyễn Văn Thử, Trưởng ban"
    settings.PORTAL_LICENCE = "Giấy phép số 00/GP-TEST"
    footer = client.get(reverse("home")).content.decode().split("<footer")[1]
    for text in (
        "Ban Thi đua – Khen thưởng",
        "Địa chỉ: Số 1 đường Thử Nghiệm",
        'href="tel:0276000000">0276 000 000</a>',
        'href="mailto:lienhe@example.gov.vn"',
        "Chịu trách nhiệm nội dung: Ông Nguyễn Văn Thử, Trưởng ban",
        "Giấy phép số 00/GP-TEST",
    ):
        assert text in footer, text


def test_footer_hides_what_is_not_configured(client, settings):
    for name in ("OPERATOR", "ADDRESS", "PHONE", "EMAIL", "RESPONSIBLE", "LICENCE"):
        setattr(settings, f"PORTAL_{name}", "")
    footer = client.get(reverse("home")).content.decode().split("<footer")[1]
    for label in ("Địa chỉ:", "Điện thoại:", "Thư điện tử:", "Chịu trách nhiệm nội dung:", "<address", "tel:"):
        assert label not in footer, label
    assert "Ủy ban nhân dân tỉnh Tây Ninh" in footer  # the owner's default: the body that issued the plan


# --- breadcrumbs ---------------------------------------------------------------------------------------------
def test_the_home_page_has_no_breadcrumbs(client):
    assert parse(client.get(reverse("home"))).crumbs == []


def test_breadcrumbs_trace_the_public_pages(client):
    exemplar = ExemplarFactory(name="Nguyễn Thị Bình")
    movement = MovementFactory(name="Dân vận khéo")
    article = NewsArticleFactory(title="Thông báo xét khen thưởng")
    home = ("Trang chủ", "/", None)
    expected = {
        reverse("exemplars:exemplar.list"): [home, ("Điển hình tiên tiến", None, "page")],
        exemplar.get_absolute_url(): [
            home,
            ("Điển hình tiên tiến", reverse("exemplars:exemplar.list"), None),
            ("Nguyễn Thị Bình", None, "page"),
        ],
        movement.get_absolute_url(): [
            home,
            ("Phong trào thi đua", reverse("movements:movement.list"), None),
            ("Dân vận khéo", None, "page"),
        ],
        article.get_absolute_url(): [
            home,
            ("Tin tức – thông báo", reverse("portal:news.list"), None),
            ("Thông báo xét khen thưởng", None, "page"),
        ],
        reverse("portal:feedback"): [home, ("Gửi phản hồi", None, "page")],
    }
    for url, trail in expected.items():
        response = client.get(url)
        assert parse(response).crumbs == trail, url
        html = response.content.decode()
        assert '<nav aria-label="Đường dẫn">' in html and 'itemtype="https://schema.org/BreadcrumbList"' in html
        assert html.count('itemprop="position"') == len(trail)


def test_breadcrumbs_on_agency_pages(client, head):
    client.force_login(head)
    crumbs = parse(client.get(reverse("agency:report.list"))).crumbs
    assert crumbs == [
        ("Trang chủ", "/", None),
        ("Trang đơn vị", reverse("agency:dashboard"), None),
        ("Báo cáo sơ kết, tổng kết", None, "page"),
    ]


# Pages below base.html that keep no trail: the home page is the trail's root; the error pages and the sign-in
# flow (second factor, lock-out, password reset steps) are dead ends where a trail back into the site is noise.
WITHOUT_BREADCRUMBS = {
    "home.html",
    "400.html",
    "403.html",
    "404.html",
    "500.html",
    "registration/login_verify.html",
    "registration/locked_out.html",
    "registration/password_reset_confirm.html",
    "registration/password_reset_done.html",
    "registration/password_reset_complete.html",
}


def test_every_page_below_home_has_breadcrumbs():
    root = Path(settings.BASE_DIR) / "templates"
    pages = {
        path.relative_to(root).as_posix(): path.read_text(encoding="utf-8")
        for path in root.rglob("*.html")
        if '{% extends "base.html" %}' in path.read_text(encoding="utf-8")
    }
    assert len(pages) > 60 and WITHOUT_BREADCRUMBS <= set(pages)  # the walk found the pages, the list is current
    missing = sorted(name for name, text in pages.items() if "{% breadcrumbs" not in text)
    assert missing == sorted(WITHOUT_BREADCRUMBS)


def test_breadcrumbs_on_the_newer_public_pages(client):
    covenant = Covenant.objects.create(
        bloc=Bloc.objects.create(name="Khối các sở văn hóa"), year=2025, is_published=True, published_at=timezone.now()
    )
    home = ("Trang chủ", "/", None)
    expected = {
        "/sang-kien/": [home, ("Sáng kiến", None, "page")],
        "/khoi-thi-dua/": [home, ("Khối thi đua", None, "page")],
        covenant.get_absolute_url(): [
            home,
            ("Khối thi đua", "/khoi-thi-dua/", None),
            ("Khối các sở văn hóa – năm 2025", None, "page"),
        ],
        "/lay-y-kien/": [home, ("Lấy ý kiến về đề nghị khen thưởng", None, "page")],
        "/gioi-thieu/": [home, ("Giới thiệu gương người tốt, việc tốt", None, "page")],
        "/quyet-dinh/": [home, ("Quyết định khen thưởng", None, "page")],
    }
    for url, trail in expected.items():
        response = client.get(url)
        assert '<nav aria-label="Đường dẫn">' in response.content.decode(), url
        assert parse(response).crumbs == trail, url


def test_breadcrumbs_on_the_newer_agency_pages(client, head):
    client.force_login(head)
    above = [("Trang chủ", "/", None), ("Trang đơn vị", reverse("agency:dashboard"), None)]
    expected = {
        reverse("agency:covenant.list"): [*above, ("Cụm, khối thi đua", None, "page")],
        reverse("agency:proposal.create"): [
            *above,
            ("Giới thiệu, xác minh", reverse("agency:proposal.list"), None),
            ("Giới thiệu gương tốt", None, "page"),
        ],
        reverse("agency:statistics"): [*above, ("Số liệu của đơn vị", None, "page")],
    }
    for url, trail in expected.items():
        assert parse(client.get(url)).crumbs == trail, url


def test_footer_links_the_public_lists(client):
    footer = client.get(reverse("home")).content.decode().split("<footer")[1]
    for url, label in [
        ("/sang-kien/", "Sáng kiến"),
        ("/khoi-thi-dua/", "Khối thi đua"),
        ("/lay-y-kien/", "Lấy ý kiến về đề nghị khen thưởng"),
        ("/quyet-dinh/", "Quyết định khen thưởng"),
    ]:
        assert f'href="{url}">{label}</a>' in footer, url


# --- share links ---------------------------------------------------------------------------------------------
def _winning_entry():
    edition = EditionFactory(results_published_at=timezone.now())
    entry = EntryFactory(edition=edition, consent_publish=True)
    entry.prize = edition.prize_tiers.first()
    entry.save(update_fields=["prize"])
    return entry


@pytest.mark.parametrize("kind", ["exemplar", "news", "entry", "edition"])
def test_share_links_are_plain_links_to_the_absolute_address(client, settings, kind):
    settings.SITE_URL = "https://thidua.example.gov.vn"
    page = {
        "exemplar": lambda: ExemplarFactory(),
        "news": lambda: NewsArticleFactory(),
        "entry": _winning_entry,
        "edition": lambda: _winning_entry().edition,
    }[kind]()
    response = client.get(page.get_absolute_url())
    html = response.content.decode()
    absolute = quote(f"https://thidua.example.gov.vn{page.get_absolute_url()}", safe="")
    facebook = re.search(r'<a class="share-facebook" href="([^"]+)"[^>]*rel="noopener"', html)
    zalo = re.search(r'<a class="share-zalo" href="([^"]+)"[^>]*rel="noopener"', html)
    assert facebook.group(1) == f"https://www.facebook.com/sharer/sharer.php?u={absolute}"
    assert zalo.group(1) == f"https://zalo.me/share?url={absolute}"
    # No third-party script: every script is a local file (or a JSON-LD data block, which never runs).
    for script in parse(response).scripts:
        assert script.get("src", "").startswith("/static/") or script.get("type") == "application/ld+json", script


# --- mobile order --------------------------------------------------------------------------------------------
def test_exemplar_name_comes_before_the_facts_box(client):
    html = client.get(ExemplarFactory(name="Trần Văn Cường").get_absolute_url()).content.decode()
    assert html.index("<h1") < html.index('class="exemplar-facts"') < html.index('class="exemplar-body"')
    assert "Trần Văn Cường</h1>" in html


def test_directory_results_come_before_the_folded_filters(client):
    ExemplarFactory()
    html = client.get(reverse("exemplars:exemplar.list")).content.decode()
    assert (
        html.index('id="tieu-de-ket-qua"')
        < html.index('class="filter-panel"')
        < html.index('class="directory-filters"')
    )
    panel = re.search(r"<details[^>]*filter-panel[^>]*>", html).group(0)
    assert " open" not in panel  # folded without script; site.js opens it on wide screens
    assert 'class="col-lg-3 order-lg-first"' in html  # beside the results, on the left, on a wide screen


# --- images --------------------------------------------------------------------------------------------------
def test_every_image_of_the_main_public_pages_has_width_and_height(client):
    exemplar = ExemplarFactory(portrait=jpeg_file("chan-dung.jpg"))
    ExemplarPhoto.objects.create(exemplar=exemplar, image=jpeg_file("hoat-dong.jpg"), caption="Hoạt động")
    HonourFactory(exemplar=exemplar)
    movement = MovementFactory(cover_image=jpeg_file("bia.jpg"))
    exemplar.movements.add(movement)
    photo = EventPhotoFactory()
    article = NewsArticleFactory(image=jpeg_file("tin.jpg"))
    entry = _winning_entry()
    EntryPhoto.objects.create(entry=entry, image=jpeg_file("du-thi.jpg"))
    pages = [
        reverse("home"),
        reverse("exemplars:exemplar.list"),
        exemplar.get_absolute_url(),
        movement.get_absolute_url(),
        reverse("movements:movement.list"),
        photo.event.get_absolute_url(),
        reverse("exchanges:gallery"),
        reverse("portal:news.list"),
        article.get_absolute_url(),
        entry.get_absolute_url(),
        entry.edition.get_absolute_url(),
    ]
    seen = 0
    for url in pages:
        for img in parse(client.get(url)).images:
            seen += 1
            assert img.get("width", "").isdigit() and img.get("height", "").isdigit(), (url, img)
    assert seen >= len(pages) + 8  # the emblem on every page, and the pictures made above
