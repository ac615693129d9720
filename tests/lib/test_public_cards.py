"""Issue #12: pages rendered without the page cache take their cards, and the cache version, from the cache.

A card (exemplar, movement) is rendered once per page-cache version and reused by every list it appears in; a
publication retires them all. One public request reads the version once, however many fragments ask for it. The
Redis cache keeps one client per pool instead of building one per operation.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.template import loader

from exemplars import services as exemplar_services
from tayninh_thidua.lib import pagecache
from tests.factories import AgencyFactory, ExemplarFactory, MovementFactory, StaffUserFactory

pytestmark = pytest.mark.django_db

CARD = "exemplars/_exemplar_card.html"


@pytest.fixture
def page_cache_off(settings):
    settings.PUBLIC_PAGE_CACHE = False  # the pages render; the cards may still come from the cache
    cache.clear()
    pagecache.clear_local_pages()


@pytest.fixture
def card_renders(monkeypatch):
    """How many times the exemplar card template is rendered."""
    count = {"n": 0}
    real = loader.render_to_string

    def counting(template_name, context=None, *args, **kwargs):
        if template_name == CARD:
            count["n"] += 1
        return real(template_name, context, *args, **kwargs)

    monkeypatch.setattr(loader, "render_to_string", counting)
    return count


def test_cards_are_rendered_once_and_shared_by_every_list(client, page_cache_off, card_renders):
    exemplars = [ExemplarFactory(name=f"Gương thẻ {i}") for i in range(3)]
    first = client.get("/dien-hinh/")
    assert card_renders["n"] == 3 and all(e.name in first.content.decode() for e in exemplars)
    # Another list (the home page, the directory again, a filter): the same cards, none rendered again.
    assert client.get("/").status_code == 200
    again = client.get("/dien-hinh/", {"sort": "ten"})
    assert card_renders["n"] == 3
    assert all(e.name in again.content.decode() for e in exemplars)


def test_a_publication_retires_the_cards(client, page_cache_off, card_renders):
    shown = ExemplarFactory(name="Gương đang hiện")
    client.get("/dien-hinh/")
    assert card_renders["n"] == 1
    exemplar_services.record_replication(
        shown, actor=StaffUserFactory(), agency=AgencyFactory(), date=dt.date(2026, 1, 5), what="Nhân rộng mô hình"
    )
    page = client.get("/dien-hinh/").content.decode()
    assert card_renders["n"] == 2  # the card was rendered again under the new version…
    assert "Đã nhân rộng tại 1 đơn vị" in page  # …and shows what changed
    hidden = ExemplarFactory(name="Gương sắp ẩn")
    exemplar_services.unpublish_exemplar(hidden, actor=StaffUserFactory())
    assert "Gương sắp ẩn" not in client.get("/dien-hinh/").content.decode()


def _whole_rows(queries) -> list[str]:
    """The queries that read exemplars whole (their names among the selected columns), not only their keys."""
    return [q["sql"] for q in queries if '"exemplars_exemplar"."name"' in q["sql"].split(" FROM ", 1)[0]]


def test_kept_cards_need_only_their_rows_keys(client, page_cache_off, card_renders, django_assert_num_queries):
    """With every card kept, a list reads its rows' keys alone: no join, no whole row, no model instance."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from exemplars.models import Exemplar

    exemplars = [ExemplarFactory(name=f"Gương khóa {i}") for i in range(4)]
    rows = pagecache.CardRows(Exemplar.objects.for_cards().order_by("name")[:3])
    with django_assert_num_queries(2):  # the keys, then the rows of the missing cards
        cold = pagecache.public_cards(rows, CARD, "exemplar")
    again = pagecache.CardRows(Exemplar.objects.for_cards().order_by("name")[:3])
    with CaptureQueriesContext(connection) as queries:
        warm = pagecache.public_cards(again, CARD, "exemplar")
    assert warm == cold and card_renders["n"] == 3
    assert [e.name in html for e, html in zip(exemplars[:3], warm, strict=True)] == [True] * 3
    (sql,) = [q["sql"] for q in queries.captured_queries]
    assert "JOIN" not in sql.upper() and '"exemplars_exemplar"."name",' not in sql
    # Used as a list it answers from the keys; iterated, it gives the rows in order, whole.
    assert len(again) == 3 and bool(again) and again[0] == exemplars[0]
    assert [e.name for e in again] == [e.name for e in exemplars[:3]] and again[2].agency.name
    assert not pagecache.CardRows(Exemplar.objects.for_cards().filter(name="không có"))


def test_a_list_whose_keys_are_known_reads_only_its_missing_rows(
    page_cache_off, card_renders, django_assert_num_queries
):
    """Given its keys (kept elsewhere), a list runs no query for them: the rows of missing cards are read by key from
    the model's plain queryset, and iterated it gives those rows alone, in the keys' order."""
    from exemplars.models import Exemplar

    first, second, _other = (ExemplarFactory(name=f"Gương biết khóa {i}") for i in range(3))
    with django_assert_num_queries(0):
        rows = pagecache.CardRows(Exemplar.objects.for_cards(), keys=[second.pk, first.pk])
        assert len(rows) == 2 and rows
    with django_assert_num_queries(1):  # the two rows whose cards are missing
        cards = pagecache.public_cards(rows, CARD, "exemplar")
    assert ["Gương biết khóa 1" in cards[0], "Gương biết khóa 0" in cards[1]] == [True, True]
    with django_assert_num_queries(0):  # kept
        pagecache.public_cards(pagecache.CardRows(Exemplar.objects.for_cards(), keys=[first.pk]), CARD, "exemplar")
    assert [e.pk for e in pagecache.CardRows(Exemplar.objects.for_cards(), keys=[second.pk, first.pk])] == [
        second.pk,
        first.pk,
    ]


def test_an_exemplars_related_list_is_kept_until_a_publication(client, page_cache_off, django_assert_max_num_queries):
    """The related exemplars' keys are kept per version like their cards: the page asks for them once, and a newly
    published exemplar of the same movement shows there at once."""
    from exemplars.models import Exemplar

    movement = MovementFactory()
    exemplar = ExemplarFactory(name="Gương chính", field=None)
    neighbour = ExemplarFactory(name="Gương cùng phong trào", field=None)
    for each in (exemplar, neighbour):
        each.movements.add(movement)
    url = exemplar.get_absolute_url()
    assert "Gương cùng phong trào" in client.get(url).content.decode()
    with django_assert_max_num_queries(5) as queries:  # the exemplar, its three lists, its exchanges
        assert "Gương cùng phong trào" in client.get(url).content.decode()
    assert not [q for q in queries.captured_queries if "EXISTS" in q["sql"]]
    newcomer = ExemplarFactory(name="Gương mới công bố", field=None, is_published=False, published_at=None)
    newcomer.movements.add(movement)
    exemplar_services.publish_exemplar(Exemplar.objects.get(pk=newcomer.pk), actor=StaffUserFactory())
    assert "Gương mới công bố" in client.get(url).content.decode()


def test_a_row_gone_between_its_key_and_its_card_is_left_out(page_cache_off, card_renders):
    from exemplars.models import Exemplar

    kept, gone = ExemplarFactory(name="Gương còn"), ExemplarFactory(name="Gương vừa ẩn")
    rows = pagecache.CardRows(Exemplar.objects.for_cards().order_by("name"))
    assert rows.keys == [kept.pk, gone.pk]
    Exemplar.objects.filter(pk=gone.pk).update(is_published=False)  # after the keys were read
    (card,) = pagecache.public_cards(rows, CARD, "exemplar")
    assert "Gương còn" in card


def test_pages_with_kept_cards_read_keys_not_rows(client, page_cache_off):
    """Home, the directory, a movement's page and an exemplar's related list take their cards from the cache."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    movement = MovementFactory()
    exemplar, neighbour = ExemplarFactory(name="Gương liên quan"), ExemplarFactory(name="Gương bên cạnh")
    exemplar.movements.add(movement)
    neighbour.movements.add(movement)
    for url in ["/", "/dien-hinh/", movement.get_absolute_url(), exemplar.get_absolute_url()]:
        client.get(url)  # renders and keeps the cards
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url).content.decode()
        assert neighbour.name in page, url
        card_reads = _whole_rows(queries.captured_queries)
        # Only the exemplar's own page reads an exemplar whole (itself); no card list does.
        assert len(card_reads) == (1 if url == exemplar.get_absolute_url() else 0), (url, card_reads)


def test_without_a_cache_version_cards_are_rendered_each_time(client, page_cache_off, card_renders, monkeypatch):
    monkeypatch.setattr(pagecache, "public_cache_version", lambda: None)
    ExemplarFactory()
    client.get("/dien-hinh/")
    client.get("/dien-hinh/")
    assert card_renders["n"] == 2


def test_one_public_request_reads_the_version_once(client, page_cache_off, monkeypatch):
    ExemplarFactory()
    reads = {"n": 0}
    real = pagecache._read_version

    def counting():
        reads["n"] += 1
        return real()

    monkeypatch.setattr(pagecache, "_read_version", counting)
    client.get("/dien-hinh/")  # choices, counts, cards: each asks for the version
    assert reads["n"] == 1
    client.get("/dien-hinh/")
    assert reads["n"] == 2


def test_the_redis_cache_reuses_its_client(own_cache):
    own_cache.set("mot", 1)
    client = own_cache._cache.get_client("mot")
    assert own_cache._cache.get_client("hai") is client
    assert own_cache.get("mot") == 1 and own_cache._cache.get_client("mot", write=True) is client
