"""Issue #12: the directory's filter choices and counts are built once per publication, and a publication shows at once.

The page cache is off here, so what is checked is the per-publication fragment itself (lib/pagecache.public_fragment),
and the publication service alone refreshes it (the post_save safety net is disconnected).
"""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from exemplars import services as exemplar_services
from tests.factories import AgencyFactory, ExemplarFactory
from tests.side_doors import without_cache_hooks

pytestmark = pytest.mark.django_db


@pytest.fixture
def uncached(settings):
    settings.PUBLIC_PAGE_CACHE = False


def _option(value: str, label: str) -> str:
    return f'<option value="{value}">{label}</option>'


def test_a_publication_brings_its_agency_and_locality_into_the_choices(
    client, uncached, staff_user, django_capture_on_commit_callbacks
):
    ExemplarFactory(locality="Xã Tân Biên")
    agency = AgencyFactory(name="Sở Khoa học & Công nghệ")
    with without_cache_hooks():
        draft = ExemplarFactory(agency=agency, locality="Phường Mới Lập", is_published=False, published_at=None)
    html = client.get("/dien-hinh/").content.decode()
    assert _option("Xã Tân Biên", "Xã Tân Biên") in html
    assert "Phường Mới Lập" not in html and "Sở Khoa học" not in html  # a draft names nothing
    # Nor can its agency be chosen yet: the value is dropped with a notice (its choices are kept per publication).
    assert "Đã bỏ qua giá trị không hợp lệ" in client.get("/dien-hinh/", {"agency": agency.slug}).content.decode()

    with without_cache_hooks(), django_capture_on_commit_callbacks(execute=True):
        exemplar_services.publish_exemplar(draft, actor=staff_user)

    html = client.get("/dien-hinh/").content.decode()
    assert _option("Phường Mới Lập", "Phường Mới Lập") in html
    assert _option(agency.slug, "Sở Khoa học &amp; Công nghệ") in html  # escaped once, when the choices are built
    chosen = client.get("/dien-hinh/", {"agency": agency.slug})
    assert "Đã bỏ qua giá trị không hợp lệ" not in chosen.content.decode()
    assert [e.pk for e in chosen.context["exemplars"]] == [draft.pk]
    assert "2 điển hình" in html  # the count too


def test_choices_and_count_are_built_once_per_publication(client, uncached, django_assert_num_queries):
    for n in range(25):
        ExemplarFactory(locality=f"Xã {n}")
    client.get("/dien-hinh/")
    # The next page of the same list: its keys, then the rows of its cards, not kept yet (lib/pagecache.CardRows);
    # the choices and the count are kept for this publication.
    with django_assert_num_queries(2):
        response = client.get("/dien-hinh/?trang=2")
    assert "25 điển hình" in response.content.decode()
    # Its cards are kept now: its keys alone.
    with django_assert_num_queries(1):
        client.get("/dien-hinh/?trang=2")
    # A filtered list counts its own rows once, and reads its keys (the 25 cards are kept from the pages above)…
    with django_assert_num_queries(2):
        client.get("/dien-hinh/?kind=individual&sort=ten")
    # …then reuses the count: another order and page of it, whose cards are all kept, read only their keys.
    with django_assert_num_queries(1):
        client.get("/dien-hinh/?sort=cu-nhat&kind=individual&trang=2")


def test_a_selected_value_is_marked_and_an_unknown_one_is_still_refused(client, uncached):
    exemplar = ExemplarFactory(locality="Xã Tân Biên")
    html = client.get("/dien-hinh/", {"agency": exemplar.agency.slug, "locality": "Xã Tân Biên"}).content.decode()
    assert f'<option value="{exemplar.agency.slug}" selected>' in html
    assert '<option value="Xã Tân Biên" selected>' in html
    html = client.get("/dien-hinh/", {"locality": "Nơi không có"}).content.decode()
    assert "Đã bỏ qua giá trị không hợp lệ của" in html and '<option value="" selected>' in html


def test_deep_pages_hold_what_plain_offsets_give_in_every_order(client, uncached):
    """Past page 1 the directory and the API find the page's keys first (lib/pagination.py): the same rows, in the
    same order, as slicing the list; a search keeps plain slicing (its rank is computed over all the matches)."""
    from exemplars.filters import ExemplarFilter
    from exemplars.models import Exemplar

    agencies = [AgencyFactory(), AgencyFactory()]
    for n in range(45):  # published on a few shared days, so that the name breaks the ties
        ExemplarFactory(
            name=f"Nguyễn Văn {n:02d}",
            agency=agencies[n % 2],
            published_at=dt.datetime(2024, 1, 1 + n % 4, tzinfo=dt.UTC),
        )
    for sort in ExemplarFilter.SORTS:
        fields = ExemplarFilter.SORTS[sort] or Exemplar._meta.ordering  # "phu-hop" without `q`: the newest first
        expected = [e.name for e in Exemplar.objects.for_cards().order_by(*fields)]
        for page in (2, 3):
            response = client.get("/dien-hinh/", {"sort": sort, "trang": page})
            assert [e.name for e in response.context["exemplars"]] == expected[(page - 1) * 20 : page * 20], (
                sort,
                page,
            )
    api = client.get("/api/exemplars/", {"page": 2}).json()
    assert [row["name"] for row in api["results"]] == [e.name for e in Exemplar.objects.for_cards()[20:40]]
    with CaptureQueriesContext(connection) as queries:
        client.get("/dien-hinh/", {"trang": 2})
    assert '"exemplars_exemplar"."id" IN (SELECT' in queries.captured_queries[-1]["sql"]
    with CaptureQueriesContext(connection) as queries:
        searched = client.get("/dien-hinh/", {"q": "nguyen van", "trang": 3}).context["exemplars"]
    assert len(searched) == 5
    if connection.vendor == "postgresql":  # ranked there: the page is sliced from the ranked matches
        assert "IN (SELECT" not in queries.captured_queries[-1]["sql"]


DJANGO_FILTER_PANEL = """{% load sitelib %}{% for field in filter.form %}
<div class="mb-2">
<label class="form-label small mb-1" for="{{ field.id_for_label }}">{{ field.label }}</label>
{% if field.widget_type == "select" %}{% fast_select field %}{% else %}{{ field }}{% endif %}
{% for error in field.errors %}<p class="invalid-feedback d-block">{{ error }}</p>{% endfor %}
</div>{% endfor %}"""


@pytest.mark.parametrize(
    "data",
    [
        None,  # the bare directory
        {"q": 'Nguyễn "Văn" <b>', "kind": "model", "sort": "ten"},  # typed text kept, escaped
        {"year": "20266", "kind": "khong-co", "q": "x"},  # invalid values: their errors under their fields
    ],
)
def test_the_filter_panel_built_in_python_is_what_djangos_widgets_write(data):
    """`{% filter_fields %}` (lib/templatetags/sitelib.py) writes the same elements and attributes as rendering each
    field through Django's widget templates."""
    from django.template import engines
    from django.test.html import parse_html

    from exemplars.filters import ExemplarFilter
    from exemplars.models import Exemplar

    agency = AgencyFactory(name="Sở <Thử>")
    ExemplarFactory(agency=agency, locality="Xã Tân Biên")
    data = data and {**data, "agency": agency.slug}
    filterset = ExemplarFilter(data, queryset=Exemplar.objects.for_cards())
    engine = engines["django"]
    django_way = engine.from_string(DJANGO_FILTER_PANEL).render({"filter": filterset})
    python_way = engine.from_string("{% load sitelib %}{% filter_fields filter.form %}").render({"filter": filterset})
    assert parse_html(python_way) == parse_html(django_way)
    assert 'name="year"' in python_way and 'type="search"' in python_way
    if data and "year" in data:
        assert 'value="20266"' in python_way and 'aria-invalid="true"' in python_way
        assert python_way.count('class="invalid-feedback d-block"') == 2


def test_the_filter_form_is_built_once_per_publication(client, uncached, staff_user, monkeypatch):
    """django-filter would build the form class (deep copies of every filter, their fields and choice querysets) on
    every request; the directory and the API build it once per publication and language (lib/filters.py)."""
    import django_filters

    builds = {"n": 0}
    real = django_filters.FilterSet.get_form_class

    def counting(self):
        builds["n"] += 1
        return real(self)

    monkeypatch.setattr(django_filters.FilterSet, "get_form_class", counting)
    ExemplarFactory(name="Gương thứ nhất")
    for url in ("/dien-hinh/", "/dien-hinh/?kind=individual", "/api/exemplars/?kind=model", "/dien-hinh/?trang=1"):
        assert client.get(url).status_code == 200
    assert builds["n"] == 1
    page = client.get("/dien-hinh/", {"kind": "khong-co"}).content.decode()
    assert "Đã bỏ qua giá trị không hợp lệ của: Loại" in page  # a kept form still checks each request's values
    assert 'class="form-select form-select-sm"' in page and 'class="form-control form-control-sm"' in page
    agency = AgencyFactory(name="Đơn vị mới công bố")
    ExemplarFactory(agency=agency)  # a publication: a new version, so a new form whose agency choices have it
    chosen = client.get("/dien-hinh/", {"agency": agency.slug}).content.decode()
    assert builds["n"] == 2 and "Đã bỏ qua" not in chosen and "1 điển hình" in chosen
