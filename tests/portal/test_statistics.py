"""The statistics (/thong-ke/ and the staff dashboard): figures equal to hand counts and to independent queries,
public versus staff, merged agencies, fixed query counts, downloads equal to the tables (issue #13)."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from exemplars.models import Exemplar, Honour
from tayninh_thidua.portal.reporting.figures import Scope, compute
from tests.factories import ExemplarFactory, HonourFactory, StaffUserFactory, UserFactory

from .stats_data import build

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    return build()


def _table(figures, key):
    return {row.label: row.values for row in figures.table(key).rows}


def test_public_figures_equal_the_hand_counts(data):
    f = compute(Scope())
    assert (f.exemplars, f.honours, f.models) == (3, 4, 1)
    assert _table(f, "giai-doan") == {"Giai đoạn 2021–2023": [1, 1], "Giai đoạn 2023–2025": [2, 3]}
    assert _table(f, "phong-trao") == {"Phong trào Dân vận khéo": [2, 2]}  # the draft M2 is never named
    assert _table(f, "linh-vuc") == {"Giáo dục": [2, 3], "Nông nghiệp": [1, 1]}
    assert _table(f, "loai") == {"Cá nhân": [1, 2], "Tập thể": [1, 1], "Mô hình": [1, 1]}
    assert _table(f, "danh-hieu") == {"Bằng khen thử": [2, 3], "Giấy khen thử": [1, 1]}
    assert _table(f, "cap") == {"Cấp tỉnh": [2, 3], "Cơ sở": [1, 1]}
    assert _table(f, "dia-phuong") == {"Xã An Hòa": [1, 2], "Xã Bình Minh": [1, 1], "Chưa rõ địa phương": [1, 1]}
    year = timezone.now().year
    assert _table(f, "nam") == {"2022": [0, 1], "2024": [0, 3], str(year): [3, 0]}
    assert _table(f, "cuoc-thi") == {"Gương người tốt quanh ta " + str(data.edition.year): [3, 1, 1]}


def test_the_exemplars_life_is_counted_by_stage(data):
    # e1 (2 honours) nurtured, e3 (1) replicated, e2 (1) stays verified; the unpublished e4 counts only for staff.
    Exemplar.objects.filter(pk=data.e1.pk).update(stage=Exemplar.Stage.NURTURED)
    Exemplar.objects.filter(pk__in=[data.e3.pk, data.e4.pk]).update(stage=Exemplar.Stage.REPLICATED)
    public = _table(compute(Scope()), "giai-doan-dien-hinh")
    assert public == {"Đã xác minh": [1, 1], "Đang bồi dưỡng": [1, 2], "Đã nhân rộng": [1, 1]}
    staff = _table(compute(Scope(include_unpublished=True)), "giai-doan-dien-hinh")
    assert staff["Đã nhân rộng"][0] == 2


def test_merged_agency_is_counted_under_its_successor_with_its_history(data):
    f = compute(Scope())
    agencies = {row.label: row for row in f.table("don-vi").rows}
    assert set(agencies) == {"Sở Văn hóa mới", "Huyện Đoàn Thử"}
    assert agencies["Sở Văn hóa mới"].values == [2, 3]
    assert "Sở Văn hóa cũ (đến 30/06/2025)" in agencies["Sở Văn hóa mới"].note


def test_public_counts_equal_independent_queries(data):
    f = compute(Scope())
    published = Exemplar.objects.published()
    in_force = Honour.objects.filter(revoked_at__isnull=True, exemplar__in=published)
    assert f.exemplars == published.count()
    assert f.honours == in_force.count()
    for table in f.tables:
        if table.key in ("cuoc-thi", "phong-trao"):
            continue  # an exemplar may be in several movements; contests count entries
        assert table.totals == [published.count(), in_force.count()], table.key


def test_a_total_counts_each_exemplar_once_where_rows_share_exemplars(data):
    HonourFactory(exemplar=data.e1, award_type=data.gk, year=2023, phase=data.a)  # e1 now holds both titles
    public = compute(Scope())
    for key in ("danh-hieu", "cap"):  # e1 stands on two rows: Bằng khen and Giấy khen, province and base level
        table = public.table(key)
        assert sum(row.values[0] for row in table.rows) == 4, key
        assert (
            table.totals[0]
            == 3
            == Honour.objects.filter(revoked_at__isnull=True, exemplar__is_published=True)
            .values("exemplar")
            .distinct()
            .count()
        )
        assert table.totals[1] == public.honours == 5
    staff = compute(Scope(include_unpublished=True)).table("phong-trao")  # e2 is in M1 and the draft M2
    assert _table(compute(Scope(include_unpublished=True)), "phong-trao")["Phong trào Nháp bí mật"][0] == 1
    assert sum(row.values[0] for row in staff.rows) == 4 and staff.totals[0] == 3
    assert compute(Scope()).table("phong-trao").totals[0] == 2  # publicly only M1: e1 and e2


def test_staff_figures_include_unpublished_and_revoked(data):
    f = compute(Scope(include_unpublished=True))
    assert (f.exemplars, f.honours, f.honours_revoked) == (4, 6, 1)
    assert f.exemplars == Exemplar.objects.count() and f.honours == Honour.objects.count()
    assert _table(f, "phong-trao") == {"Phong trào Dân vận khéo": [3, 3], "Phong trào Nháp bí mật": [1, 1]}
    assert {row.label: row.values for row in f.table("don-vi").rows}["Sở Văn hóa mới"] == [3, 5]
    editions = _table(f, "cuoc-thi")
    assert len(editions) == 2


def test_filters_by_phase_movement_and_year(data):
    assert compute(Scope(phase_id=data.a.pk)).honours == 1
    assert compute(Scope(plan_id=data.plan.pk)).exemplars == 3
    by_movement = compute(Scope(movement_id=data.m1.pk))
    assert (by_movement.exemplars, by_movement.honours) == (2, 2)
    assert compute(Scope(year=2024)).honours == 3


def test_public_page_shows_tables_with_charts_and_hides_drafts(client, data):
    response = client.get(reverse("stats:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<canvas data-chart-for=") == html.count('<table class="table table-sm') >= 10
    assert 'id="du-lieu-don-vi"' in html and "Sở Văn hóa cũ" in html
    assert "Phong trào Nháp bí mật" not in html and "Chưa Công Bố" not in html
    assert "vendor/chart.js/chart.umd.min.js" in html and "js/statistics.js" in html
    assert "<script>" not in html


def test_table_rows_are_escaped_and_carry_their_values(client, data):
    ExemplarFactory(agency=data.other, locality='Xã <b onmouseover="x">Ấp</b>', phase=data.b)
    html = client.get(reverse("stats:index")).content.decode()
    body = html[html.index('id="du-lieu-dia-phuong"') :]
    body = body[: body.index("</tbody>")]
    assert "<b onmouseover" not in body
    assert '<th scope="row">Xã &lt;b onmouseover=&quot;x&quot;&gt;Ấp&lt;/b&gt;</th>' in body
    assert '<td class="text-end" data-value="1">1</td><td class="text-end" data-value="0">0</td></tr>' in body
    # a merged agency's row names the agencies it holds, under the row header
    agencies = html[html.index('id="du-lieu-don-vi"') :]
    assert '<div class="small text-body-secondary fw-normal">Gồm số liệu của: Sở Văn hóa cũ' in agencies


def test_public_page_filters_and_refuses_bad_values_with_a_message(client, data):
    url = reverse("stats:index")
    response = client.get(url, {"giai-doan": data.a.pk})
    assert response.context["figures"].honours == 1
    response = client.get(url, {"giai-doan": "abc", "nam": "2024"})
    assert response.status_code == 200
    assert "không có trong danh sách" in response.content.decode()
    assert response.context["figures"].honours == 3  # the year filter stays applied


def test_public_page_query_count_is_fixed(client, data, django_assert_num_queries, settings):
    settings.PUBLIC_PAGE_CACHE = False
    url = reverse("stats:index")
    # the honours read once for every table (HonourRows), their award types in one small lookup, and the exemplars
    # in movements counted once (an exemplar in two movements is one in the total)
    with django_assert_num_queries(21) as small:
        client.get(url)
    agency = data.other
    for i in range(15):
        e = ExemplarFactory(agency=agency, locality=f"Xã {i}", phase=data.b)
        HonourFactory(exemplar=e, award_type=data.gk, year=2020 + i % 5)
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(url)


def test_public_page_is_cached_until_the_data_changes(client, data):
    url = reverse("stats:index")
    client.get(url)
    assert client.get(url)["X-Public-Cache"] == "hit"
    ExemplarFactory(agency=data.other)  # a public model saved: the cache version moves on
    assert "X-Public-Cache" not in client.get(url)


def test_csv_equals_the_table(client, data):
    response = client.get(reverse("stats:download.csv", kwargs={"key": "don-vi"}))
    assert response["Content-Disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    table = compute(Scope()).table("don-vi")
    assert rows == [table.header] + [[str(v) for v in row] for row in table.as_rows()]
    assert client.get(reverse("stats:download.csv", kwargs={"key": "khong-co"})).status_code == 404


def test_xlsx_equals_the_tables(client, data):
    response = client.get(reverse("stats:download.xlsx"), {"nam": 2024})
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    figures = compute(Scope(year=2024))
    assert len(book.sheetnames) == len(figures.tables)
    for sheet, table in zip(book.worksheets, figures.tables, strict=True):
        assert [list(r) for r in sheet.iter_rows(values_only=True)] == [table.header, *table.as_rows()]


def test_dashboard_is_for_staff_with_permission(client, data):
    url = reverse("stats:dashboard")
    assert client.get(url).status_code == 302  # visitors go to sign in
    client.force_login(UserFactory(is_staff=True))  # staff without the permissions
    assert client.get(url).status_code == 403
    client.force_login(StaffUserFactory())
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["figures"].exemplars == 4
    html = response.content.decode()
    assert "Phong trào Nháp bí mật" in html and 'data-work="overdue"' in html
    work = response.context["work"]
    assert work["overdue"] == (1 if timezone.localdate() > data.report_missing.due_date else 0)
    assert client.get(reverse("stats:dashboard.xlsx")).status_code == 200


def test_admin_index_links_to_the_dashboard(client, data):
    client.force_login(StaffUserFactory())
    assert reverse("stats:dashboard") in client.get(reverse("admin:index")).content.decode()
