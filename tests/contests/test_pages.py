import pytest
from django.utils import timezone

from contests import services
from contests.models import Entry
from tests.contests.conftest import close_judging
from tests.factories import EditionFactory, EntryFactory, JudgeFactory, UserFactory

pytestmark = pytest.mark.django_db

STAFF_POSTS = [
    "/cuoc-thi/quan-ly/{year}/cong-bo/",
    "/cuoc-thi/quan-ly/vong/{round}/phan-cong/",
    "/cuoc-thi/quan-ly/vong/{round}/chon-vao-vong-sau/",
    "/cuoc-thi/quan-ly/{year}/bai/{entry}/de-nghi-xac-minh/",
    "/cuoc-thi/quan-ly/{year}/bai/{entry}/xac-minh/",
    "/cuoc-thi/quan-ly/{year}/bai/{entry}/giai/",
    "/cuoc-thi/quan-ly/{year}/bai/{entry}/dien-hinh/",
]


@pytest.mark.parametrize("user_kind", ["anonymous", "judge", "user"])
@pytest.mark.parametrize("path", STAFF_POSTS)
def test_staff_actions_refuse_everyone_else(client, edition, prelim, user_kind, path):
    entry = EntryFactory(edition=edition, stage=3)
    if user_kind == "judge":
        client.force_login(JudgeFactory())
    elif user_kind == "user":
        client.force_login(UserFactory())
    response = client.post(
        path.format(year=edition.year, round=prelim.pk, entry=entry.pk), {"tier": "", "confirmed": "1"}
    )
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    entry.refresh_from_db()
    assert entry.exemplar_id is None and entry.verification == Entry.Verification.PENDING
    assert not entry.edition.log.exists()


def test_staff_actions_are_post_only(staff_client, edition, prelim):
    assert staff_client.get(f"/cuoc-thi/quan-ly/vong/{prelim.pk}/phan-cong/").status_code == 405
    assert staff_client.get(f"/cuoc-thi/quan-ly/{edition.year}/cong-bo/").status_code == 405


@pytest.mark.parametrize("n", [2, 12])
def test_public_pages_query_count(client, django_assert_max_num_queries, n):
    edition = EditionFactory()
    entries = [EntryFactory(edition=edition, stage=3, verification="confirmed") for _ in range(n)]
    for entry, tier in zip(entries, edition.prize_tiers.all(), strict=False):
        services.assign_prize(entry, tier)
    close_judging(edition)
    services.publish_results(edition)
    EditionFactory(results_published_at=timezone.now())
    with django_assert_max_num_queries(8):
        assert client.get(f"/cuoc-thi/{edition.year}/").status_code == 200
    with django_assert_max_num_queries(4):
        assert client.get("/cuoc-thi/luu-tru/").status_code == 200


@pytest.mark.parametrize("model", ["edition", "entry", "assignment", "conflict", "score", "vote", "contestlog"])
def test_admin_pages_load(admin_client, edition, entries, model):
    assert admin_client.get(f"/admin/contests/{model}/").status_code == 200
    if model in {"edition", "entry"}:
        obj = edition if model == "edition" else entries[0]
        assert admin_client.get(f"/admin/contests/{model}/{obj.pk}/change/").status_code == 200
    if model == "edition":
        assert admin_client.get("/admin/contests/edition/add/").status_code == 200


def test_new_edition_form_starts_with_the_seeded_organisers(admin_client, seeded):
    from movements.models import Agency
    from movements.seed import CONTEST_CO_ORGANISERS, CONTEST_ORGANISER

    form = admin_client.get("/admin/contests/edition/add/").context["adminform"].form
    assert form.initial["organiser"] == Agency.objects.get(name=CONTEST_ORGANISER).current.pk
    assert len(form.initial["co_organisers"]) == len(CONTEST_CO_ORGANISERS)


def test_empty_ranking_rows_span_exactly_their_tables_columns(staff_client, edition, prelim):
    # A preliminary round without entries: its table has 7 columns, so its "no entry" row spans 7, not 9 (#11.33).
    import re

    page = staff_client.get(f"/cuoc-thi/quan-ly/{edition.year}/").content.decode()
    tables = re.findall(r"<table.*?</table>", page, flags=re.S)
    spans = 0
    for table in tables:
        columns = len(re.findall(r"<th scope=\"col\"", table.split("</thead>")[0]))
        for span in re.findall(r'colspan="(\d+)"', table):
            spans += 1
            assert int(span) == columns, (span, columns)
    assert spans, "no empty ranking row on the page"
