"""The council's secret ballot: 7 of 9 members vote; secrecy by schema, the threshold on total membership, one
ballot per member, members only, and minutes whose figures equal the tally."""

import io
from decimal import Decimal

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from exemplars.models import Ballot, BallotChoice, BallotReceipt, Nomination, SessionResult
from exemplars.services import consultation as consultation_services
from exemplars.services import council as services
from exemplars.services import rules
from tayninh_thidua.lib.workflow import NotAllowedForYou, NotAllowedNow
from tests.exemplars.decision_road import council_of, in_review, session_with
from tests.factories import AwardTypeFactory, UserFactory

pytestmark = pytest.mark.django_db

AGREE, DISAGREE = "agree", "disagree"


@pytest.fixture
def voted(reviewer):
    """9 members; 7 vote. Nominee A: 6 agree (66.67% of 9, 85.7% of voters) under a 70% rule → fails.
    Nominee B: 7 agree (77.78%) → passes. Nominee C (no award rule: more than half): 5 agree (55.56%) → passes."""
    seventy = AwardTypeFactory(vote_share=Decimal("70"))
    a, b = in_review(2, award_type=seventy)
    (c,) = in_review(1)
    council = council_of(9)
    session = session_with(council, [a, b, c], reviewer)
    members = list(council.members.order_by("pk"))
    plan = [
        (AGREE, AGREE, AGREE),
        (AGREE, AGREE, AGREE),
        (AGREE, AGREE, AGREE),
        (AGREE, AGREE, AGREE),
        (AGREE, AGREE, AGREE),
        (AGREE, AGREE, DISAGREE),
        (DISAGREE, AGREE, DISAGREE),
    ]
    for member, (va, vb, vc) in zip(members, plan, strict=False):
        services.cast_ballot(session, user=member.user, choices={a.pk: va, b.pk: vb, c.pk: vc})
    return session, (a, b, c), members


def test_the_threshold_on_total_membership_decides(voted, reviewer):
    session, (a, b, c), _members = voted
    services.close_session(session, actor=reviewer)
    results = {r.nomination_id: r for r in SessionResult.objects.filter(session=session)}
    assert (results[a.pk].agree, results[a.pk].disagree, results[a.pk].passed) == (6, 1, False)
    assert results[a.pk].share == Decimal("66.67")  # 6/9, although 6 of the 7 who voted agreed
    assert (results[b.pk].agree, results[b.pk].passed) == (7, True)
    assert (results[c.pk].agree, results[c.pk].strictly_more, results[c.pk].passed) == (5, True, True)
    a.refresh_from_db()
    assert (a.votes_for, a.council_members) == (6, 9)  # the tally feeds the eligibility rule, not a typed number
    assert not rules.check_vote_share(a).ok
    b.refresh_from_db()
    assert rules.check_vote_share(b).ok


def test_five_of_nine_without_an_award_rule_is_more_than_half_but_four_is_not(reviewer):
    (n,) = in_review(1)
    council = council_of(9)
    session = session_with(council, [n], reviewer)
    for member in list(council.members.order_by("pk"))[:7]:
        services.cast_ballot(
            session, user=member.user, choices={n.pk: AGREE if member.name[-1] in "0123" else DISAGREE}
        )
    services.close_session(session, actor=reviewer)
    result = SessionResult.objects.get(session=session)
    assert (result.agree, result.passed) == (4, False)  # 4 of 7 voters, but not more than half of 9


def test_a_member_cannot_vote_twice_and_a_non_member_not_at_all(voted):
    session, (a, b, c), members = voted
    with pytest.raises(NotAllowedNow):
        services.cast_ballot(session, user=members[0].user, choices={a.pk: AGREE, b.pk: AGREE, c.pk: AGREE})
    with pytest.raises(NotAllowedForYou):
        services.cast_ballot(session, user=UserFactory(), choices={a.pk: AGREE, b.pk: AGREE, c.pk: AGREE})
    assert BallotReceipt.objects.filter(session=session).count() == Ballot.objects.filter(session=session).count() == 7


def test_an_absent_member_votes_in_writing_only_where_the_rule_allows(reviewer):
    from exemplars.models import ProcedureRule

    (n,) = in_review(1)
    council = council_of(3)
    members = list(council.members.order_by("pk"))
    session = session_with(council, [n], reviewer, present=members[:2])
    services.cast_ballot(session, user=members[2].user, choices={n.pk: AGREE})
    assert BallotReceipt.objects.get(member=members[2]).written
    ProcedureRule.objects.create(code=ProcedureRule.Code.WRITTEN_VOTES, value=0, valid_from=session.date)
    (m,) = in_review(1)
    other = session_with(council, [m], reviewer, present=members[:2])
    with pytest.raises(NotAllowedNow):
        services.cast_ballot(other, user=members[2].user, choices={m.pk: AGREE})


def test_secrecy_no_column_or_key_links_a_member_to_a_choice():
    receipt_fields = {f.name for f in BallotReceipt._meta.get_fields()}
    ballot_side = {Ballot, BallotChoice}
    # Who voted: the member and the session, nothing that points at a ballot or a choice, and no time.
    assert receipt_fields == {"id", "session", "member", "written"}
    # What was chosen: no member, no user, no time, on the ballot or its choices.
    for model in ballot_side:
        for field in model._meta.get_fields():
            target = getattr(field, "related_model", None)
            assert target not in (
                BallotReceipt,
                apps.get_model("exemplars", "CouncilMember"),
                apps.get_model("auth", "User"),
            )
            assert (
                field.get_internal_type() not in ("DateTimeField", "DateField")
                if hasattr(field, "get_internal_type")
                else True
            )
    # Keys are random, so the order of insertion cannot line a receipt up with its ballot.
    for model in (BallotReceipt, Ballot, BallotChoice):
        assert model._meta.pk.get_internal_type() == "UUIDField"
    # No other model of the project points (by its own columns) at a ballot and at a member at once.
    for model in apps.get_models():
        if model in ballot_side:
            continue
        forward = [*model._meta.concrete_fields, *model._meta.many_to_many]
        targets = {getattr(f, "related_model", None) for f in forward}
        assert not (targets & ballot_side and targets & {BallotReceipt, apps.get_model("exemplars", "CouncilMember")})


def test_secrecy_admin_pages_show_who_voted_never_what(voted, admin_client):
    from django.contrib import admin

    session, _nominations, members = voted
    assert Ballot not in admin.site._registry and BallotChoice not in admin.site._registry
    html = admin_client.get(reverse("admin:exemplars_councilsession_change", args=[session.pk])).content.decode()
    assert members[0].name in html  # who voted is known
    for ballot in Ballot.objects.all():
        assert str(ballot.pk) not in html
    receipts = admin_client.get(reverse("admin:exemplars_councilsession_change", args=[session.pk]))
    assert receipts.status_code == 200


def test_the_minutes_figures_equal_the_tally(voted, reviewer):
    from docx import Document

    session, (a, b, c), _members = voted
    session = services.close_session(session, actor=reviewer)
    doc = Document(io.BytesIO(session.minutes_docx.open("rb").read()))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Tổng số thành viên Hội đồng: 9. Có mặt: 9." in text
    assert "Số phiếu phát ra: 9. Số phiếu thu về: 7. Phiếu hợp lệ: 7. Phiếu không hợp lệ: 0." in text
    results = doc.tables[-2].rows if len(doc.tables) > 3 else doc.tables[2].rows
    rows = {row.cells[1].text: [cell.text for cell in row.cells] for row in results[1:]}
    for result in SessionResult.objects.filter(session=session).select_related("nomination"):
        row = rows[result.nomination.nominee_name]
        assert int(row[4]) == result.agree and int(row[5]) == result.disagree
        assert row[6] == f"{result.share:.2f}".replace(".", ",") + "%"
        assert row[8] == ("Đạt" if result.passed else "Không đạt")
    assert rows[a.nominee_name][4:7] == ["6", "1", "66,67%"]
    assert session.minutes_pdf.open("rb").read(5) == b"%PDF-"


def test_an_open_consultation_keeps_the_dossier_from_the_council(reviewer):
    from exemplars.models import CouncilSession

    (n,) = in_review(1)
    consultation_services.open_consultation([n], actor=reviewer, title="Lấy ý kiến", opens_on=timezone.localdate())
    council = council_of(3)
    session = CouncilSession.objects.create(council=council, title="Phiên họp", date=timezone.localdate())
    with pytest.raises(NotAllowedNow) as refused:
        services.add_to_agenda(session, [n], actor=reviewer)
    assert "đang được lấy ý kiến công khai" in refused.value.messages[0]
    assert not session.agenda.exists()
    Nomination.objects.filter(pk=n.pk)  # still in review, nothing changed
    n.consultations.update(opens_on="2026-01-05", closes_on="2026-01-16")  # the window is over
    services.add_to_agenda(session, [n], actor=reviewer)
    assert list(session.agenda.all()) == [n]


def test_ballot_page_for_members_only(voted, client):
    session, (a, b, c), members = voted
    url = reverse("council:ballot", args=[session.pk])
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(members[8].user)  # present, has not voted
    assert client.get(url).status_code == 200
    response = client.post(url, {f"n{a.pk}": AGREE, f"n{b.pk}": AGREE, f"n{c.pk}": DISAGREE})
    assert response.status_code == 302
    assert BallotReceipt.objects.filter(member=members[8]).exists()
    again = client.post(url, {f"n{a.pk}": AGREE, f"n{b.pk}": AGREE, f"n{c.pk}": AGREE}, follow=True)
    assert "đã bỏ phiếu" in again.content.decode()
    assert Ballot.objects.filter(session=session).count() == 8


def test_minutes_door_is_for_staff_with_the_permission(voted, reviewer, client):
    session, *_ = voted
    services.close_session(session, actor=reviewer)
    url = reverse("council:session.minutes", args=[session.pk, "docx"])
    assert client.get(url).status_code == 302  # to the sign-in
    client.force_login(reviewer)
    response = client.get(url)
    assert response.status_code == 200
    assert client.get(reverse("council:session.minutes", args=[session.pk, "xls"])).status_code == 404
