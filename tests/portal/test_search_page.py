"""The one-box search at /tim-kiem/: exemplars, movements, news and exchanges on one page (issue #12)."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.factories import ExchangeEventFactory, ExemplarFactory, MovementFactory, NewsArticleFactory
from tests.portal.test_pages import _seed

pytestmark = pytest.mark.django_db

URL = "/tim-kiem/"


def _get(client, **params) -> str:
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.content.decode()


def test_one_box_finds_exemplars_movements_news_and_exchanges(client):
    ExemplarFactory(name="Nguyễn Văn Đức", summary="Nông dân sản xuất giỏi ở Tân Biên.")
    MovementFactory(name="Phong trào nông dân sản xuất giỏi", summary="Thi đua làm giàu.")
    NewsArticleFactory(title="Tuyên dương nông dân sản xuất giỏi năm 2025", summary="Lễ tuyên dương.")
    ExchangeEventFactory(title="Giao lưu nông dân sản xuất giỏi", summary="Chia sẻ kinh nghiệm.")
    html = _get(client, q="NONG DÂN san xuat")
    for heading in ["Điển hình tiên tiến", "Phong trào, cuộc vận động", "Tin tức – thông báo", "Giao lưu gương"]:
        assert heading in html, heading
    assert "4 kết quả" in html
    # Highlighted in the original text, with its diacritics.
    assert "<mark>Nông</mark> <mark>dân</mark> <mark>sản</mark> <mark>xuất</mark> giỏi" in html
    assert "Tuyên dương <mark>nông</mark> <mark>dân</mark>" in html
    assert "Giao lưu <mark>nông</mark> <mark>dân</mark>" in html


def test_one_box_needs_every_word(client):
    NewsArticleFactory(title="Tin về nông dân")
    MovementFactory(name="Phong trào nông dân")
    html = _get(client, q="nong dan xyzzy")
    assert "0 kết quả" in html and "Tin về" not in html and "Phong trào nông" not in html


def test_the_public_never_finds_drafts(client):
    ExemplarFactory(name="Nguyễn Bí Mật", is_published=False, published_at=None)
    MovementFactory(name="Phong trào bí mật", is_published=False)
    NewsArticleFactory(title="Tin bí mật", is_published=False)
    ExchangeEventFactory(title="Giao lưu bí mật", is_published=False)
    html = _get(client, q="bi mat")
    assert "0 kết quả" in html and "mật" not in html.split("</form>", 2)[-1]
    assert "Bí Mật" not in _get(client, q="bi mat", loai="dien-hinh")


def test_personal_data_is_not_searched(client):
    ExemplarFactory(name="Lê Thị Hoa", phone="0909123456", citizen_id="072123456789", home_address="Ấp Bí Ẩn")
    for secret in ["0909123456", "072123456789", "bi an"]:
        assert "Lê Thị Hoa" not in _get(client, q=secret), secret


def test_empty_query_shows_help_in_vietnamese(client):
    for params in [{}, {"q": ""}, {"q": "   "}, {"q": "!!! …"}]:
        html = _get(client, **params)
        assert "Nhập từ khóa để tìm trong toàn bộ cổng thông tin" in html
        assert "không dấu" in html


def test_bad_input_never_fails_and_keeps_what_was_typed(client):
    ExemplarFactory(name="Nguyễn Văn Đức")
    html = _get(client, q="x" * 5000)
    assert "Từ khóa quá dài" in html and 'value="' + "x" * 100 + '"' in html
    assert client.get(URL, {"q": "nguyen\x00duc"}).status_code == 400  # the site's NUL guard (lib.middleware)
    assert "Văn <mark>Đức</mark>" in _get(client, q="nguyen\tduc\x7f")
    assert _get(client, q="đức", loai="khong-co", trang="-1")
    assert "&lt;script&gt;" in _get(client, q="<script>alert(1)</script>")


def test_one_kind_is_listed_page_by_page_with_a_link_from_the_overview(client):
    for i in range(25):
        NewsArticleFactory(title=f"Tin nông thôn mới số {i}")
    html = _get(client, q="nong thon")
    assert "Xem tất cả 25 kết quả" in html and "?q=nong+thon&amp;loai=tin-tuc" in html
    first = _get(client, q="nong thon", loai="tin-tuc")
    assert first.count("<mark>nông</mark>") == 20 and "Trang 1 / 2" in first and "loai=tin-tuc&amp;trang=2" in first
    second = _get(client, q="nong thon", loai="tin-tuc", trang=2)
    assert second.count("<mark>nông</mark>") == 5


def test_the_header_search_box_leads_here(client):
    html = client.get(reverse("home")).content.decode()
    assert f'action="{URL}"' in html and 'id="tim-kiem-chung"' in html


def test_search_is_not_in_the_sitemap_and_robots_skip_it(client):
    assert URL not in client.get("/sitemap.xml").content.decode()
    assert f"Disallow: {URL}" in client.get("/robots.txt").content.decode()


@pytest.mark.parametrize("rows", [10, 200])
def test_search_page_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries, rows):
    _seed(rows)
    # Four counts and four short lists; one kind alone: its count and its page.
    for url, bound in [(f"{URL}?q=nguyen+van", 8), (f"{URL}?q=nguyen&loai=dien-hinh", 2), (f"{URL}?q=tin", 8)]:
        cache.clear()
        with django_assert_max_num_queries(bound, info=url):
            assert client.get(url).status_code == 200


def test_the_movements_api_accepts_q(client):
    MovementFactory(name="Phong trào “Dân vận khéo”")
    MovementFactory(name="Cuộc vận động xây dựng nông thôn mới")
    MovementFactory(name="Phong trào khéo tay", is_published=False)
    rows = client.get("/api/movements/", {"q": "KHEO dan"}).json()
    assert [row["name"] for row in rows] == ["Phong trào “Dân vận khéo”"]
    assert len(client.get("/api/movements/").json()) == 2


def test_a_kind_without_matches_costs_no_query_once_counted(client, settings, django_assert_num_queries):
    """Each kind's count is kept per publication and query; a kind counted at 0 is neither queried nor built."""
    settings.PUBLIC_PAGE_CACHE = False
    ExemplarFactory(name="Lê Thị Hoa Sen")
    assert "Lê Thị <mark>Hoa</mark> <mark>Sen</mark>" in _get(client, q="hoa sen")  # four counts, one list
    with django_assert_num_queries(1):  # the exemplars' preview alone: the three empty kinds cost nothing
        again = _get(client, q="hoa sen")
    assert again.count("Không có kết quả.") == 3
    with django_assert_num_queries(0):  # one empty kind, page by page: nothing to read
        empty = _get(client, q="hoa sen", loai="tin-tuc")
    assert "Không có kết quả." in empty and "Trang 2" not in empty
