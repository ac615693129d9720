"""Search ignores Vietnamese diacritics and case, on SQLite and PostgreSQL alike."""

import pytest
from django.urls import reverse

from exemplars.models import Exemplar
from tests.factories import ExemplarFactory

QUERIES = ["nguyen van a", "NGUYỄN VĂN A", "Nguyễn Văn A", "  nguyễn   văn a "]


def _seed():
    target = ExemplarFactory(name="Nguyễn Văn A", summary="Giúp đỡ đồng bào vùng biên giới.")
    ExemplarFactory(name="Trần Thị Bích", summary="Dạy tốt, học tốt.")
    return target


def _assert_search_works(client):
    target = _seed()
    for query in QUERIES:
        assert list(Exemplar.objects.published().search(query)) == [target], query
        html = client.get(reverse("exemplars:exemplar.list"), {"q": query}).content.decode()
        assert "Nguyễn Văn A" in html and "Trần Thị Bích" not in html, query
    assert list(Exemplar.objects.published().search("dong bao")) == [target]
    assert list(Exemplar.objects.published().search("ĐỒNG BÀO")) == [target]
    api = client.get("/api/exemplars/", {"q": "dong bao"}).json()
    assert [row["name"] for row in api["results"]] == ["Nguyễn Văn A"]


@pytest.mark.django_db
def test_search_ignores_diacritics_and_case_on_the_default_database(client):
    _assert_search_works(client)


@pytest.mark.services
def test_search_ignores_diacritics_and_case_on_postgresql(client, postgres):
    _assert_search_works(client)


@pytest.mark.services
def test_postgresql_has_a_trigram_index_on_the_search_column(postgres):
    with postgres.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'exemplar_search_trgm'")
        (definition,) = cursor.fetchone()
    assert "gin_trgm_ops" in definition


# --- search by words: every word, in any order (issue #12) -------------------------------------------------------
WORD_QUERIES = ["nguyen duc", "duc nguyen", "NGUYỄN văn đức", "Đức, Nguyễn"]


def _assert_words_match_in_any_order(client):
    target = ExemplarFactory(name="Nguyễn Văn Đức", summary="Dạy tốt, học tốt.")
    ExemplarFactory(name="Nguyễn Thị Lan", summary="Giúp đỡ đồng bào.")
    ExemplarFactory(name="Trần Minh Đức", summary="Sáng kiến kỹ thuật.")
    for query in WORD_QUERIES:
        assert list(Exemplar.objects.published().search(query)) == [target], query
        api = client.get("/api/exemplars/", {"q": query}).json()
        assert [row["name"] for row in api["results"]] == ["Nguyễn Văn Đức"], query
        html = client.get(reverse("exemplars:exemplar.list"), {"q": query}).content.decode()
        assert "Nguyễn Văn Đức" in html and "Nguyễn Thị Lan" not in html and "Trần Minh Đức" not in html, query
    for nothing in ["nguyen xyzzy", "xyzzy"]:
        assert not Exemplar.objects.published().search(nothing).exists(), nothing
        assert client.get("/api/exemplars/", {"q": nothing}).json()["count"] == 0


@pytest.mark.django_db
def test_every_word_matches_in_any_order_on_the_default_database(client):
    _assert_words_match_in_any_order(client)


@pytest.mark.services
def test_every_word_matches_in_any_order_on_postgresql(client, postgres):
    _assert_words_match_in_any_order(client)


def _ranked_names(query: str) -> list[str]:
    return list(Exemplar.objects.published().search(query).values_list("name", flat=True))


@pytest.mark.services
def test_results_are_ordered_by_similarity_on_postgresql(client, postgres):
    # Created best match first, so that the newest-first order would list them the other way round.
    ExemplarFactory(name="Nguyễn Đức", summary="Nông dân sản xuất giỏi.")
    ExemplarFactory(name="Nguyễn Văn Đức", summary="Nông dân sản xuất giỏi.")
    ExemplarFactory(name="Mô hình ấp Đức Hòa", summary="Phối hợp với hộ ông Nguyễn ở ấp bên cạnh.")
    expected = ["Nguyễn Đức", "Nguyễn Văn Đức", "Mô hình ấp Đức Hòa"]
    assert _ranked_names("nguyen duc") == expected
    ranks = list(Exemplar.objects.published().search("nguyen duc").values_list("search_rank", flat=True))
    assert ranks == sorted(ranks, reverse=True) and ranks[0] > ranks[-1]
    api = client.get("/api/exemplars/", {"q": "nguyen duc"}).json()
    assert [row["name"] for row in api["results"]] == expected
    # The directory lists the most similar first unless the visitor chose another order.
    html = client.get(reverse("exemplars:exemplar.list"), {"q": "nguyen duc", "sort": "phu-hop"}).content.decode()
    assert html.index("Nguyễn Đức") < html.index("Nguyễn Văn Đức") < html.index("Mô hình ấp Đức Hòa")


@pytest.mark.services
def test_ranking_stops_past_the_limit_but_the_words_still_match(postgres, monkeypatch):
    from tayninh_thidua.lib import search

    monkeypatch.setattr(search, "RANK_LIMIT", 1)
    ExemplarFactory(name="Nguyễn Đức", summary="Nông dân.")
    ExemplarFactory(name="Mô hình ấp Đức Hòa", summary="Hộ ông Nguyễn.")
    # Over the limit every rank is 0 and the newest comes first, as without a query.
    assert _ranked_names("nguyen duc") == ["Mô hình ấp Đức Hòa", "Nguyễn Đức"]
    assert _ranked_names("nguyen duc hoa") == ["Mô hình ấp Đức Hòa"]


@pytest.mark.services
def test_the_one_box_search_keeps_its_counts_and_ranks_only_what_it_can(client, postgres, monkeypatch, settings):
    """/tim-kiem/ counts each kind's matches once per publication; knowing the count, it ranks up to RANK_LIMIT
    matches and past it lists the newest first (an index walk that stops at the preview) instead of ranking."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tayninh_thidua.lib import search

    settings.PUBLIC_PAGE_CACHE = False
    cache.clear()
    ExemplarFactory(name="Nguyễn Đức", summary="Nông dân.")
    ExemplarFactory(name="Mô hình ấp Đức Hòa", summary="Hộ ông Nguyễn.")  # newer, less similar
    url = reverse("portal:search")

    def names() -> list[str]:
        return [row["title"] for row in client.get(url, {"q": "nguyen duc"}).context["sections"][0]["rows"]]

    with CaptureQueriesContext(connection) as first:
        assert names() == ["Nguyễn Đức", "Mô hình ấp Đức Hòa"]  # two matches, ranked
    with CaptureQueriesContext(connection) as again:
        assert names() == ["Nguyễn Đức", "Mô hình ấp Đức Hòa"]
    counts = [q["sql"] for q in first.captured_queries if q["sql"].startswith("SELECT COUNT(*)")]
    assert len(counts) == 4  # exemplars, movements, news, exchanges
    assert not any(q["sql"].startswith("SELECT COUNT(*)") for q in again.captured_queries)
    assert len(again.captured_queries) == 1  # only the exemplars' preview: the other kinds have no match
    monkeypatch.setattr(search, "RANK_LIMIT", 1)
    with CaptureQueriesContext(connection) as past:
        assert names() == ["Mô hình ấp Đức Hòa", "Nguyễn Đức"]  # over the limit: the newest first
    assert "word_similarity" not in past.captured_queries[-1]["sql"].lower()


@pytest.mark.services
def test_the_directory_and_the_api_rank_by_a_kept_count(client, postgres, monkeypatch, settings):
    """The directory's and the API's `q`: ranked unless another order is chosen, the number of matches kept per
    publication and filters, and past RANK_LIMIT the newest first without any similarity computed."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tayninh_thidua.lib import search

    settings.PUBLIC_PAGE_CACHE = False
    cache.clear()
    ExemplarFactory(name="Nguyễn Đức", summary="Nông dân.")
    ExemplarFactory(name="Mô hình ấp Đức Hòa", summary="Hộ ông Nguyễn.", kind=Exemplar.Kind.MODEL)  # newer
    url = reverse("exemplars:exemplar.list")

    def names(**params) -> list[str]:
        return [e.name for e in client.get(url, {"q": "nguyen duc", **params}).context["exemplars"]]

    assert names() == ["Nguyễn Đức", "Mô hình ấp Đức Hòa"]
    with CaptureQueriesContext(connection) as again:
        assert names() == ["Nguyễn Đức", "Mô hình ấp Đức Hòa"]
    assert [q["sql"] for q in again.captured_queries if "COUNT(" in q["sql"]] == []  # both counts kept
    page = again.captured_queries[-1]["sql"].lower()
    assert "word_similarity" in page and "over ()" not in page  # the count is known: no window in the query
    assert names(sort="ten") == ["Mô hình ấp Đức Hòa", "Nguyễn Đức"]  # the visitor's order, not the rank
    assert names(kind="model") == ["Mô hình ấp Đức Hòa"]  # other filters count apart
    api = client.get("/api/exemplars/", {"q": "nguyen duc"}).json()["results"]
    assert [row["name"] for row in api] == ["Nguyễn Đức", "Mô hình ấp Đức Hòa"]
    monkeypatch.setattr(search, "RANK_LIMIT", 1)
    with CaptureQueriesContext(connection) as past:
        assert names() == ["Mô hình ấp Đức Hòa", "Nguyễn Đức"]  # over the limit: the newest first
    assert "word_similarity" not in past.captured_queries[-1]["sql"].lower()
