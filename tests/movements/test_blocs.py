"""Issue #16, clusters and blocs: a bloc of 5 agencies hands in self-scores and cross-scores (nobody scores itself,
nobody twice, no outsider); the combined scores and the ranking equal a hand computation, ties broken by the
stated rule; the published ranking on its public page; membership found under a merged agency's successor."""

import datetime as dt
import re
from decimal import Decimal as D

import pytest
from django.urls import reverse

from movements.models import Bloc, BlocMembership, Covenant, CovenantCriterion, ScoreSheet
from movements.services import blocs
from tayninh_thidua.lib.workflow import NotAllowedForYou, NotAllowedNow
from tests.factories import AgencyFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

# Cross totals each member receives, from the other four in member order (hand-checked below).
RECEIVED = {
    "A": [90, 88, 92, 90],  # mean 90.00, spread 4
    "B": [85, 95, 90, 90],  # mean 90.00, spread 10: below A by the tie rule (larger spread)
    "C": [80, 80, 82, 78],  # mean 80.00, spread 4
    "D": [79, 81, 80, 80],  # mean 80.00, spread 2: above C by the tie rule
    "E": [70, 72, 71, 72],  # mean 71.25, spread 2
}
SELF = {"A": 95, "B": 80, "C": 85, "D": 70, "E": 75}


def _split(total: int) -> tuple[D, D]:
    """Points on the two criteria (max 60 and 40) adding up to `total`."""
    return D(total) * 3 / 5, D(total) * 2 / 5


@pytest.fixture
def bloc_year():
    bloc = Bloc.objects.create(name="Khối các sở kinh tế thử nghiệm")
    covenant = Covenant.objects.create(bloc=bloc, year=2025, proposal_count=1)
    first = CovenantCriterion.objects.create(covenant=covenant, position=1, text="Hoàn thành nhiệm vụ", max_points=60)
    second = CovenantCriterion.objects.create(
        covenant=covenant, position=2, text="Phong trào thi đua", max_points=40, evidence_required=True
    )
    members = {}
    for index, letter in enumerate("ABCDE"):
        membership = MembershipFactory(
            agency=AgencyFactory(name=f"Sở {letter} thử nghiệm"), role="head", user=UserFactory()
        )
        role = {0: "leader", 1: "deputy"}.get(index, "member")
        BlocMembership.objects.create(bloc=bloc, agency=membership.agency, year=2025, role=role)
        members[letter] = membership
    return covenant, (first, second), members


def _score(covenant, criteria, scorer, scored, total, evidence=True):
    a, b = _split(total)
    return blocs.submit_scores(
        covenant,
        scorer=scorer.agency,
        scored=scored.agency,
        points={criteria[0].pk: a, criteria[1].pk: b},
        evidence={criteria[1].pk: "Báo cáo số 12/BC"} if evidence else {},
        actor=scorer.user,
    )


def _score_all(covenant, criteria, members):
    letters = list(members)
    for letter in letters:
        _score(covenant, criteria, members[letter], members[letter], SELF[letter])
        others = [x for x in letters if x != letter]
        for scorer, total in zip(others, RECEIVED[letter], strict=True):
            _score(covenant, criteria, members[scorer], members[letter], total)


def test_five_member_bloc_combines_and_ranks_as_computed_by_hand(bloc_year):
    covenant, criteria, members = bloc_year
    _score_all(covenant, criteria, members)
    assert ScoreSheet.objects.filter(covenant=covenant).count() == 25 and blocs.missing_sheets(covenant) == []
    rows = {r.agency.name[3]: r for r in blocs.results(covenant)}
    assert [r.agency.name[3] for r in blocs.results(covenant)] == ["A", "B", "D", "C", "E"]
    assert {k: (r.final, r.spread, r.rank) for k, r in rows.items()} == {
        "A": (D("90.00"), 4, 1),
        "B": (D("90.00"), 10, 2),
        "D": (D("80.00"), 2, 3),
        "C": (D("80.00"), 4, 4),
        "E": (D("71.25"), 2, 5),
    }
    assert rows["A"].self_score == 95 and sorted(rows["A"].cross_scores) == [88, 90, 90, 92]
    assert [k for k, r in rows.items() if r.proposed] == ["A"]


def test_weighted_combination_is_data_and_gives_the_hand_computed_scores(bloc_year):
    covenant, criteria, members = bloc_year
    _score_all(covenant, criteria, members)
    Covenant.objects.filter(pk=covenant.pk).update(combination="weighted", self_weight=30, proposal_count=2)
    covenant.refresh_from_db()
    results = blocs.results(covenant)
    # 0.3 × self + 0.7 × mean of cross, rounded half up to cents.
    assert [(r.agency.name[3], r.final, r.rank, r.proposed) for r in results] == [
        ("A", D("91.50"), 1, True),
        ("B", D("87.00"), 2, True),
        ("C", D("81.50"), 3, False),
        ("D", D("77.00"), 4, False),
        ("E", D("72.38"), 5, False),
    ]


def test_members_equal_on_every_tie_rule_share_the_rank(bloc_year):
    covenant, criteria, members = bloc_year
    pairs = [("A", "B"), ("B", "A")]  # only two members scored, each 80 by the other
    for scorer, scored in pairs:
        _score(covenant, criteria, members[scorer], members[scored], 80)
    ranked = [(r.agency.name[3], r.rank) for r in blocs.results(covenant)]
    assert ranked[:2] == [("A", 1), ("B", 1)] and {r for _n, r in ranked[2:]} == {None}


def test_nobody_scores_twice_nor_outside_the_bloc(bloc_year):
    covenant, criteria, members = bloc_year
    _score(covenant, criteria, members["A"], members["B"], 90)
    with pytest.raises(NotAllowedNow, match="đã chấm điểm"):
        _score(covenant, criteria, members["A"], members["B"], 91)
    _score(covenant, criteria, members["A"], members["A"], 90)
    with pytest.raises(NotAllowedNow, match="đã chấm điểm"):
        _score(covenant, criteria, members["A"], members["A"], 95)
    outsider = MembershipFactory(agency=AgencyFactory(name="Sở ngoài khối"), role="head", user=UserFactory())
    with pytest.raises(NotAllowedForYou):
        _score(covenant, criteria, outsider, members["B"], 90)
    with pytest.raises(NotAllowedNow):
        _score(covenant, criteria, members["B"], outsider, 90)
    with pytest.raises(NotAllowedForYou):  # a user of another agency cannot hand in A's sheet
        blocs.submit_scores(
            covenant, scorer=members["A"].agency, scored=members["C"].agency, points={}, actor=members["B"].user
        )
    assert ScoreSheet.objects.count() == 2


def test_scores_are_checked_against_the_covenant(bloc_year):
    covenant, criteria, members = bloc_year
    with pytest.raises(NotAllowedNow, match="cần minh chứng"):
        _score(covenant, criteria, members["A"], members["A"], 90, evidence=False)
    with pytest.raises(NotAllowedNow, match="từ 0 đến 60"):
        blocs.submit_scores(
            covenant,
            scorer=members["A"].agency,
            scored=members["B"].agency,
            points={criteria[0].pk: D(61), criteria[1].pk: D(10)},
            actor=members["A"].user,
        )
    _score(covenant, criteria, members["A"], members["B"], 90, evidence=False)  # evidence: the self-score's


def test_agency_page_never_offers_itself_for_cross_scoring_and_outsiders_get_404(client, bloc_year):
    covenant, criteria, members = bloc_year
    a = members["A"]
    client.force_login(a.user)
    url = reverse("agency:covenant.score", args=[covenant.pk])
    cross = {"scored": a.agency.pk, f"diem_{criteria[0].pk}": "50", f"diem_{criteria[1].pk}": "30"}
    response = client.post(url, cross)
    assert response.status_code == 400 and not ScoreSheet.objects.exists()
    ok = client.post(url, {**cross, "scored": members["B"].agency.pk})
    assert ok.status_code == 302 and ScoreSheet.objects.get().scored == members["B"].agency
    self_score = {
        "tu-cham-scored": a.agency.pk,
        f"tu-cham-diem_{criteria[0].pk}": "55",
        f"tu-cham-diem_{criteria[1].pk}": "35",
        f"tu-cham-minh_chung_{criteria[1].pk}": "Báo cáo 5/BC",
    }
    assert client.post(url, self_score).status_code == 302
    assert ScoreSheet.objects.filter(scorer=a.agency, scored=a.agency).exists()
    page = client.get(reverse("agency:covenant.detail", args=[covenant.pk])).content.decode()
    assert "Tự chấm điểm" not in page and blocs.TIE_RULE[:30] in page
    outsider = MembershipFactory(agency=AgencyFactory(), role="head", user=UserFactory())
    client.force_login(outsider.user)
    assert client.get(reverse("agency:covenant.detail", args=[covenant.pk])).status_code == 404
    assert client.post(url, cross).status_code == 404


def test_ranking_is_published_once_complete_and_shown_on_its_public_page(
    client, bloc_year, staff_user, django_capture_on_commit_callbacks
):
    covenant, criteria, members = bloc_year
    public = reverse("blocs:ranking", kwargs={"slug": covenant.bloc.slug, "year": 2025})
    _score(covenant, criteria, members["A"], members["B"], 90)
    assert client.get(public).status_code == 404
    with pytest.raises(NotAllowedNow, match="phiếu chấm chưa nộp"):
        blocs.publish_ranking(covenant, actor=staff_user)
    ScoreSheet.objects.all().delete()
    _score_all(covenant, criteria, members)
    with django_capture_on_commit_callbacks(execute=True):  # the page cache is refreshed on commit
        blocs.publish_ranking(covenant, actor=staff_user)
    page = client.get(public).content.decode()
    assert "Sở A thử nghiệm" in page and "90,00" in page and "71,25" in page and "Đề nghị" in page
    assert page.index("Sở D thử nghiệm") < page.index("Sở C thử nghiệm")
    assert covenant.bloc.name in client.get(reverse("blocs:list")).content.decode()
    with pytest.raises(NotAllowedNow, match="đã công bố"):
        _score(covenant, criteria, members["A"], members["B"], 90)


def test_scores_show_two_decimals_on_the_public_and_agency_pages(client, staff_user):
    """A database sum of decimals can come back as 89.4000000000000 (SQLite); the pages show 89,40."""
    bloc = Bloc.objects.create(name="Khối số lẻ")
    covenant = Covenant.objects.create(bloc=bloc, year=2025)
    criteria = [CovenantCriterion.objects.create(covenant=covenant, text=t, max_points=50) for t in ("Một", "Hai")]
    head = MembershipFactory(agency=AgencyFactory(name="Sở số lẻ"), role="head", user=UserFactory())
    agencies = [head.agency, AgencyFactory(), AgencyFactory()]
    for agency in agencies:
        BlocMembership.objects.create(bloc=bloc, agency=agency, year=2025)
    # What each member gives the head on the two criteria: self 89.40, cross 80.50 and 91.50 (spread 11.00).
    given = {0: ("44.70", "44.70"), 1: ("40.25", "40.25"), 2: ("45.75", "45.75")}
    for s, scorer in enumerate(agencies):
        for scored in agencies:
            sheet = ScoreSheet.objects.create(covenant=covenant, scorer=scorer, scored=scored)
            for criterion, points in zip(criteria, given[s] if scored == head.agency else ("40", "40"), strict=True):
                sheet.lines.create(criterion=criterion, points=D(points))
    blocs.publish_ranking(covenant, actor=staff_user)
    client.force_login(head.user)
    for url in (covenant.get_absolute_url(), reverse("agency:covenant.detail", args=[covenant.pk])):
        page = client.get(url).content.decode()
        row = page[page.index("Sở số lẻ</td>") :].split("</tr>")[0]
        assert re.findall(r'text-end">(?:<strong>)?([\d,]+)<', row) == ["89,40", "86,00", "11,00", "86,00"], url
        table = page[page.index("<table") : page.index("</table>")]
        assert not re.search(r"0{6,}", table), url


@pytest.mark.parametrize("size", [3, 5])
def test_public_ranking_query_count_is_fixed(client, staff_user, django_assert_max_num_queries, size):
    bloc = Bloc.objects.create(name=f"Cụm {size}")
    covenant = Covenant.objects.create(bloc=bloc, year=2025)
    criterion = CovenantCriterion.objects.create(covenant=covenant, text="Tiêu chí", max_points=100)
    agencies = [AgencyFactory() for _ in range(size)]
    for agency in agencies:
        BlocMembership.objects.create(bloc=bloc, agency=agency, year=2025)
    for scorer in agencies:
        for scored in agencies:
            sheet = ScoreSheet.objects.create(covenant=covenant, scorer=scorer, scored=scored)
            sheet.lines.create(criterion=criterion, points=50)
    blocs.publish_ranking(covenant, actor=staff_user)
    with django_assert_max_num_queries(6):
        assert client.get(covenant.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(4):
        assert client.get(reverse("blocs:list")).status_code == 200


def test_merged_member_is_found_under_its_successor_which_scores_for_it(client, bloc_year):
    covenant, criteria, members = bloc_year
    merged = members["C"].agency
    successor = AgencyFactory(name="Sở mới sau sáp nhập", active_from=dt.date(2025, 7, 1))
    merged.successor, merged.active_until = successor, dt.date(2025, 6, 30)
    merged.save()
    user = MembershipFactory(agency=successor, role="head", user=UserFactory()).user
    assert list(BlocMembership.objects.for_agency(successor).values_list("agency_id", flat=True)) == [merged.pk]
    assert list(Covenant.objects.for_agency(successor)) == [covenant]
    assert blocs.member_for(covenant, successor) == merged
    client.force_login(user)
    assert covenant.bloc.name in client.get(reverse("agency:covenant.list")).content.decode()
    url = reverse("agency:covenant.score", args=[covenant.pk])
    data = {"scored": members["A"].agency.pk, f"diem_{criteria[0].pk}": "50", f"diem_{criteria[1].pk}": "30"}
    assert client.post(url, data).status_code == 302
    assert ScoreSheet.objects.get().scorer == merged  # handed in for the member of that year
