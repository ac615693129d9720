"""Issue #11 item 35: the sitemap lists the contest pages; the API schema lists the values its filters accept,
documents the pages, and honours are reachable by id from the exemplar's detail."""

import pytest
from django.utils import timezone

from contests.models import PrizeTier
from exemplars.models import Exemplar
from movements.models import Bloc, Covenant
from tests.factories import (
    AgencyFactory,
    AwardTypeFactory,
    EditionFactory,
    EntryFactory,
    ExemplarFactory,
    FieldFactory,
    HonourFactory,
    MovementFactory,
)

pytestmark = pytest.mark.django_db


# --- sitemap -------------------------------------------------------------------------------------------
def test_sitemap_lists_contest_editions_and_published_winners(client):
    published = EditionFactory(year=2101, results_published_at=timezone.now())
    running = EditionFactory(year=2103)
    winner = EntryFactory(edition=published, prize=PrizeTier.objects.get(edition=published, rank="nhat"))
    other = EntryFactory(edition=published)
    finalist = EntryFactory(edition=running, prize=PrizeTier.objects.get(edition=running, rank="nhat"))
    xml = client.get("/sitemap.xml").content.decode()
    for path in ["/cuoc-thi/", "/cuoc-thi/luu-tru/", "/cuoc-thi/2101/", "/cuoc-thi/2103/", winner.get_absolute_url()]:
        assert f"{path}</loc>" in xml, path
    assert other.code not in xml
    assert finalist.code not in xml  # results not published yet


@pytest.mark.parametrize("editions", [1, 4])
def test_contest_sitemap_query_count_is_fixed(client, django_assert_max_num_queries, editions):
    for i in range(editions):
        edition = EditionFactory(year=2101 + 2 * i, results_published_at=timezone.now())
        for tier in PrizeTier.objects.filter(edition=edition):
            EntryFactory(edition=edition, prize=tier)
    with django_assert_max_num_queries(11):  # the bound of tests/portal/test_pages.py
        xml = client.get("/sitemap.xml").content.decode()
    assert xml.count("/bai/GNT-") == editions * 4  # one winner per prize tier


def test_sitemap_contest_pages_answer(client):
    published = EditionFactory(year=2101, results_published_at=timezone.now())
    winner = EntryFactory(edition=published, prize=PrizeTier.objects.get(edition=published, rank="nhat"))
    for url in [published.get_absolute_url(), winner.get_absolute_url()]:
        assert client.get(url).status_code == 200, url


def test_sitemap_lists_the_public_lists_and_only_published_bloc_rankings(client):
    published = Covenant.objects.create(
        bloc=Bloc.objects.create(name="Khối công bố"), year=2025, is_published=True, published_at=timezone.now()
    )
    draft = Covenant.objects.create(bloc=Bloc.objects.create(name="Khối chưa công bố"), year=2025)
    xml = client.get("/sitemap.xml").content.decode()
    for path in ["/sang-kien/", "/khoi-thi-dua/", "/lay-y-kien/", "/quyet-dinh/", published.get_absolute_url()]:
        assert f"{path}</loc>" in xml, path
        assert client.get(path).status_code == 200, path
    assert draft.bloc.slug not in xml and client.get(draft.get_absolute_url()).status_code == 404
    assert f"<lastmod>{timezone.localdate(published.published_at):%Y-%m-%d}</lastmod>" in xml


# --- schema --------------------------------------------------------------------------------------------
@pytest.fixture
def listed():
    movement = MovementFactory()
    agency = AgencyFactory()
    field = FieldFactory()
    award = AwardTypeFactory()
    exemplar = ExemplarFactory(agency=agency, field=field, locality="Phường Tân Ninh")
    exemplar.movements.add(movement)
    HonourFactory(exemplar=exemplar, award_type=award)
    return {"movement": movement, "agency": agency, "field": field, "award_type": award, "exemplar": exemplar}


def _parameters(client, path: str) -> dict:
    schema = client.get("/api/schema/?format=json").json()
    return {p["name"]: p for p in schema["paths"][path]["get"]["parameters"]}


def test_schema_lists_the_values_each_filter_accepts(client, listed):
    from movements.models import Movement

    parameters = _parameters(client, "/api/exemplars/")
    published_movements = {m.slug for m in Movement.objects.published()}
    assert set(parameters["movement"]["schema"]["enum"]) == published_movements
    assert listed["agency"].slug in parameters["agency"]["schema"]["enum"]
    assert listed["field"].slug in parameters["field"]["schema"]["enum"]
    assert listed["award_type"].slug in parameters["award_type"]["schema"]["enum"]
    assert parameters["locality"]["schema"]["enum"] == ["Phường Tân Ninh"]
    assert set(parameters["kind"]["schema"]["enum"]) == set(Exemplar.Kind.values)
    assert parameters["q"]["schema"] == {"type": "string"}  # free text stays free text
    for name in ["movement", "agency", "field", "award_type", "locality"]:
        assert "400" in parameters[name]["description"]
        # …and the API does refuse a value not listed.
        assert client.get("/api/exemplars/", {name: "khong-co-trong-danh-sach"}).status_code == 400, name


def test_schema_documents_the_pages(client, listed):
    page = _parameters(client, "/api/exemplars/")["page"]
    assert page["schema"]["minimum"] == 1
    assert "page=0" in page["description"] and "404" in page["description"]
    assert client.get("/api/exemplars/", {"page": 0}).status_code == 404
    assert client.get("/api/exemplars/", {"page": 1}).status_code == 200
    assert _parameters(client, "/api/honours/")["page"]["schema"]["minimum"] == 1


# --- honour ids ----------------------------------------------------------------------------------------
def test_honours_carry_their_id_and_address(client, listed, settings):
    detail = client.get(f"/api/exemplars/{listed['exemplar'].slug}/").json()
    honour = detail["honours"][0]
    assert honour["url"] == f"{settings.SITE_URL}/api/honours/{honour['id']}/"
    assert client.get(f"/api/honours/{honour['id']}/").json()["decision_number"] == honour["decision_number"]
    listed_honour = client.get("/api/honours/").json()["results"][0]
    assert listed_honour["id"] == honour["id"] and listed_honour["url"] == honour["url"]


# --- the honours list: its filters accept listed values only, like the directory's -------------------------------
def test_honours_filters_are_listed_values_not_free_text(client, listed):
    parameters = _parameters(client, "/api/honours/")
    assert listed["award_type"].slug in parameters["award_type"]["schema"]["enum"]
    assert parameters["exemplar"]["schema"]["enum"] == [listed["exemplar"].slug]
    for name in ["exemplar", "award_type"]:
        assert "400" in parameters[name]["description"]
        assert client.get("/api/honours/", {name: "khong-co-trong-danh-sach"}).status_code == 400, name
    assert client.get("/api/honours/", {"year": "20266"}).status_code == 400
    only = client.get("/api/honours/", {"exemplar": listed["exemplar"].slug}).json()
    assert only["count"] == 1 and only["results"][0]["exemplar"] == listed["exemplar"].slug
    by_award = client.get("/api/honours/", {"award_type": listed["award_type"].slug}).json()
    assert by_award["count"] == 1


def test_an_unpublished_exemplar_is_not_a_value_of_the_honours_filter(client, listed):
    hidden = ExemplarFactory(is_published=False)
    HonourFactory(exemplar=hidden)
    parameters = _parameters(client, "/api/honours/")
    assert hidden.slug not in parameters["exemplar"]["schema"]["enum"]
    assert client.get("/api/honours/", {"exemplar": hidden.slug}).status_code == 400


def test_a_long_list_is_described_by_its_pattern_not_enumerated(client, listed, monkeypatch):
    from tayninh_thidua.lib import apischema

    monkeypatch.setattr(apischema, "MAX_ENUM", 0)
    parameter = _parameters(client, "/api/honours/")["exemplar"]
    assert "enum" not in parameter["schema"] and parameter["schema"]["pattern"] == apischema.SLUG_PATTERN
    assert "400" in parameter["description"] and "slug" in parameter["description"]


def test_year_filters_are_bounded_in_the_api_and_in_the_schema(client, listed):
    for path in ["/api/exemplars/", "/api/honours/"]:
        year = _parameters(client, path)["year"]["schema"]
        assert year == {"type": "integer", "minimum": 1945, "maximum": 2100}, path
        for bad in ["20266", "-5", "nam"]:
            assert client.get(path, {"year": bad}).status_code == 400, (path, bad)
        assert client.get(path, {"year": "2024"}).status_code == 200


def test_a_filter_with_nothing_published_lists_no_empty_enum(client, db):
    parameter = _parameters(client, "/api/exemplars/")["locality"]
    assert "enum" not in parameter["schema"] and parameter["schema"]["maxLength"] == 0
    assert "400" in parameter["description"]
