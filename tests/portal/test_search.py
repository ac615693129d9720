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
