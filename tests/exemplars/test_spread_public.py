"""How far an exemplar has spread, in public: its page, the directory's sort; nothing of an unpublished one."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from exemplars import services
from tests.factories import AgencyFactory, ExemplarFactory, MembershipFactory
from tests.side_doors import committing, visitor, warm

pytestmark = pytest.mark.django_db


def _replicate(exemplar, name: str, day: dt.date, what: str = "Học tập mô hình"):
    member = MembershipFactory(agency=AgencyFactory(name=name))
    return services.record_replication(exemplar, actor=member.user, agency=member.agency, date=day, what=what)


def test_two_agencies_replicating_show_on_the_public_page_once_the_cache_refreshes():
    exemplar = ExemplarFactory(name="Mô hình Ngôi nhà xanh")
    client = visitor()
    warm(client, [exemplar.get_absolute_url()])
    with committing():
        _replicate(exemplar, "UBND xã Phước Vinh", dt.date(2026, 2, 3), "Nhân rộng mô hình ra 5 ấp")
        _replicate(exemplar, "Trường THCS Lê Lợi", dt.date(2026, 3, 15))
    body = client.get(exemplar.get_absolute_url()).content.decode()
    assert "UBND xã Phước Vinh" in body and "Trường THCS Lê Lợi" in body
    assert "03/02/2026" in body and "15/03/2026" in body and "Nhân rộng mô hình ra 5 ấp" in body
    assert "Đã được 2 cơ quan" in body and "Đã nhân rộng" in body


def test_an_unpublished_exemplar_spread_shows_nowhere_publicly():
    draft = ExemplarFactory(name="Điển hình chưa công khai", is_published=False)
    _replicate(draft, "UBND xã Bí Mật Lan Tỏa", dt.date(2026, 1, 10), "Nội dung nhân rộng bí mật")
    client = visitor()
    assert client.get(draft.get_absolute_url()).status_code == 404
    for url in ("/", "/dien-hinh/", "/dien-hinh/?sort=lan-toa", "/api/exemplars/", "/sitemap.xml", "/rss/dien-hinh/"):
        body = client.get(url).content.decode()
        assert "Bí Mật Lan Tỏa" not in body and "bí mật" not in body and draft.name not in body, url


def test_the_directory_sorts_by_spread():
    quiet, wide, some = (ExemplarFactory(name=n) for n in ("Ít lan tỏa", "Lan tỏa rộng", "Lan tỏa vừa"))
    for n in range(3):
        _replicate(wide, f"Đơn vị học tập {n}", dt.date(2026, 1, 1 + n))
    _replicate(some, "Đơn vị học tập khác", dt.date(2026, 1, 9))
    body = visitor().get("/dien-hinh/?sort=lan-toa").content.decode()
    assert body.index(wide.name) < body.index(some.name) < body.index(quiet.name)
    assert "Đã nhân rộng tại 3 đơn vị" in body and "Lan tỏa rộng nhất" in body


@pytest.mark.parametrize("url", ["/dien-hinh/?sort=lan-toa", "exemplar"])
def test_spread_pages_run_a_fixed_number_of_queries(url):
    exemplar = ExemplarFactory()
    target = exemplar.get_absolute_url() if url == "exemplar" else url
    counts = []
    for size in (2, 25):
        for n in range(size):
            _replicate(ExemplarFactory(), f"Đơn vị A{size}-{n}", dt.date(2026, 1, 1))
            _replicate(exemplar, f"Đơn vị B{size}-{n}", dt.date(2026, 1, 1))
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert visitor().get(target).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 8


def test_a_page_of_an_exemplar_never_replicated_does_not_look_for_its_spread():
    """`spread` (kept by record_replication) says there is nothing to read: one query fewer on most exemplar pages."""
    exemplar = ExemplarFactory(name="Chưa được nhân rộng")
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        body = visitor().get(exemplar.get_absolute_url()).content.decode()
    assert not [q["sql"] for q in queries if "exemplars_replication" in q["sql"]]
    assert 'data-testid="lan-toa"' not in body
    _replicate(exemplar, "UBND xã Học Tập", dt.date(2026, 4, 1))
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        body = visitor().get(exemplar.get_absolute_url()).content.decode()
    assert [q["sql"] for q in queries if "exemplars_replication" in q["sql"]]
    assert "UBND xã Học Tập" in body
