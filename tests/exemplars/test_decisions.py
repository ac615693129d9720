"""The decision register: issuing creates the honours in one transaction through the approval service, tells
each agency once, and the public register shows published recipients only."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse

from exemplars.models import AwardDecision, Honour, Nomination
from exemplars.services import council as council_services
from exemplars.services import decisions as services
from exemplars.services import nominations as nomination_services
from tayninh_thidua.lib.models import OutgoingMail
from tayninh_thidua.lib.workflow import NotAllowedForYou, NotAllowedNow
from tests.exemplars.decision_road import council_of, draft_decision, in_review, session_with
from tests.factories import AgencyFactory, AwardTypeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def batch():
    first, second = AgencyFactory(name="Sở Nội vụ thử nghiệm"), AgencyFactory(name="UBND xã Thử Nghiệm")
    return in_review(2, agency=first) + in_review(1, agency=second)


def test_issuing_creates_every_honour_and_notifies_each_agency_once(batch, reviewer):
    decision = draft_decision(batch)
    services.issue_decision(decision, actor=reviewer)
    decision.refresh_from_db()
    assert decision.state == AwardDecision.State.ISSUED and decision.issued_by == reviewer
    honours = Honour.objects.filter(nomination__in=batch)
    assert honours.count() == 3
    assert {h.decision_number for h in honours} == {"163/QĐ-UBND"}
    assert all(r.honour_id for r in decision.recipients.all())
    for nomination in batch:
        nomination.refresh_from_db()
        assert nomination.state == Nomination.State.APPROVED and nomination.decision_number == "163/QĐ-UBND"
    mails = OutgoingMail.objects.filter(kind="decision")
    assert mails.count() == 2  # two agencies, three recipients
    assert sorted(m.audience_args["agency_id"] for m in mails) == sorted({n.agency_id for n in batch})
    assert not OutgoingMail.objects.filter(kind="nomination").exists()  # no per-dossier approval notices
    first_mail = mails.get(audience_args__agency_id=batch[0].agency_id)
    assert batch[0].nominee_name in first_mail.body and batch[1].nominee_name in first_mail.body


def test_a_failure_midway_leaves_no_honour_and_a_draft(batch, reviewer, monkeypatch):
    calls = []
    real = nomination_services._record_honour

    def fail_on_the_second(nomination, exemplar):
        calls.append(nomination.pk)
        if len(calls) == 2:
            raise RuntimeError("mất kết nối giữa chừng")
        return real(nomination, exemplar)

    monkeypatch.setattr(nomination_services, "_record_honour", fail_on_the_second)
    decision = draft_decision(batch)
    with pytest.raises(RuntimeError):
        services.issue_decision(decision, actor=reviewer)
    assert len(calls) == 2
    assert not Honour.objects.exists()
    decision.refresh_from_db()
    assert decision.state == AwardDecision.State.DRAFT
    assert set(Nomination.objects.values_list("state", flat=True)) == {Nomination.State.IN_REVIEW}
    assert not OutgoingMail.objects.filter(kind="decision").exists()


def test_an_ineligible_recipient_refuses_the_whole_decision(batch, reviewer):
    batch[2].attachments.all().delete()  # documents missing: approval refuses it
    decision = draft_decision(batch)
    with pytest.raises(NotAllowedNow):
        services.issue_decision(decision, actor=reviewer)
    assert not Honour.objects.exists()


def test_a_dossier_the_council_voted_down_is_refused(reviewer):
    seventy = AwardTypeFactory(vote_share=Decimal("70"))
    (nomination,) = in_review(1, award_type=seventy)
    council = council_of(3)
    session = session_with(council, [nomination], reviewer)
    council_services.cast_ballot(session, user=council.members.first().user, choices={nomination.pk: "agree"})
    council_services.close_session(session, actor=reviewer)
    with pytest.raises(NotAllowedNow):
        services.issue_decision(draft_decision([nomination]), actor=reviewer)


def test_only_reviewers_issue_and_only_once(batch, reviewer, head):
    decision = draft_decision(batch[:1])
    with pytest.raises(NotAllowedForYou):
        services.issue_decision(decision, actor=head)
    services.issue_decision(decision, actor=reviewer)
    with pytest.raises(NotAllowedNow):
        services.issue_decision(decision, actor=reviewer)


def test_the_register_shows_issued_decisions_with_published_recipients_only(batch, reviewer, client):
    draft_decision(in_review(1, nominee_name="LEAKDRAFTDECISION"), number="999")
    decision = draft_decision(batch, publish_exemplars=False)
    services.issue_decision(decision, actor=reviewer)
    shown = Honour.objects.get(nomination=batch[0]).exemplar
    from exemplars.services import publish_exemplar

    publish_exemplar(shown, actor=reviewer)
    html = client.get(reverse("decisions:list")).content.decode()
    assert "163/QĐ-UBND" in html and shown.name in html
    assert batch[1].nominee_name not in html and batch[2].nominee_name not in html
    assert "LEAKDRAFTDECISION" not in html and "999/" not in html
    response = client.get(reverse("decisions:export"))
    from openpyxl import load_workbook

    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][0] == "163/QĐ-UBND" and rows[1][5] == shown.name


@pytest.mark.parametrize("size", [2, 8])
def test_register_query_count_is_fixed(size, reviewer, client, django_assert_max_num_queries):
    for i in range(size):
        decision = draft_decision(in_review(2), number=str(100 + i))
        services.issue_decision(decision, actor=reviewer)
    with django_assert_max_num_queries(6):
        assert client.get(reverse("decisions:list")).status_code == 200
