"""The exemplar's life through its services: proposal, triage, verification by link, nurturing, replication."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import signing
from django.core.exceptions import ValidationError

from exemplars import services
from exemplars.models import Exemplar, LifecycleEvent, Proposal, ProposalEvent, Replication
from exemplars.services import lifecycle
from tayninh_thidua.lib.models import OutgoingMail
from tayninh_thidua.lib.workflow import NotAllowedForYou, NotAllowedNow
from tests.factories import AgencyFactory, ExemplarFactory, MembershipFactory, ProposalFactory

pytestmark = pytest.mark.django_db
State = Proposal.State

DATA = {
    "kind": "individual",
    "name": "Bà Nguyễn Thị Tấm Lòng",
    "locality": "Phường Tân Ninh",
    "story": "Hơn mười năm nấu cháo miễn phí cho bệnh nhân nghèo.",
    "proposer_name": "Trần Văn Báo Tin",
    "proposer_email": "baotin@example.org",
    "proposer_phone": "0909000111",
    "consent": True,
}


def _link_token(proposal: Proposal) -> str:
    mail = OutgoingMail.objects.get(key=f"proposal-verification:{proposal.pk}:{proposal.verification_nonce}")
    return re.search(r"/gioi-thieu/xac-minh/([^/\s]+)/", mail.body).group(1)


def test_submit_records_an_unguessable_code_logs_and_queues_one_receipt():
    proposal = services.submit_proposal(DATA)
    assert proposal.state == State.RECEIVED and len(proposal.tracking_code) >= 22
    assert ProposalFactory().tracking_code != proposal.tracking_code
    assert ProposalEvent.objects.filter(proposal=proposal, to_state=State.RECEIVED).count() == 1
    mail = OutgoingMail.objects.get(kind="proposal-receipt")
    assert mail.recipients == ["baotin@example.org"]
    assert proposal.get_status_url() in mail.body


def test_submit_without_consent_is_refused():
    with pytest.raises(NotAllowedNow):
        services.submit_proposal({**DATA, "consent": False})
    assert not Proposal.objects.exists()


def test_duplicate_is_linked_and_proposer_told(reviewer):
    proposal, exemplar = ProposalFactory(), ExemplarFactory()
    services.mark_duplicate(proposal, exemplar, actor=reviewer)
    proposal.refresh_from_db()
    assert proposal.state == State.DUPLICATE and proposal.exemplar == exemplar and proposal.public_reason
    assert OutgoingMail.objects.filter(kind="proposal-status", to=proposal.proposer_email).count() == 1


def test_out_of_scope_needs_a_reason_and_the_proposer_sees_it(reviewer):
    proposal = ProposalFactory()
    with pytest.raises(NotAllowedNow):
        services.close_proposal(proposal, actor=reviewer, reason=" ")
    services.close_proposal(proposal, actor=reviewer, reason="Không thuộc địa bàn tỉnh Tây Ninh.")
    proposal.refresh_from_db()
    assert proposal.state == State.CLOSED and proposal.public_reason == "Không thuộc địa bàn tỉnh Tây Ninh."


def test_only_reviewers_triage(head):
    with pytest.raises(NotAllowedForYou):
        services.close_proposal(ProposalFactory(), actor=head, reason="x")


def test_verification_link_is_single_use_and_confirmation_makes_a_draft_exemplar(reviewer, agency):
    proposal = services.send_for_verification(ProposalFactory(), agency, actor=reviewer)
    token = _link_token(proposal)
    mail = OutgoingMail.objects.get(kind="proposal-verification")
    assert mail.audience_args == {"agency_id": agency.pk}
    done = services.answer_verification_link(token, confirmed=True, note="Đúng sự thật.", responder="Chủ tịch UBND xã")
    exemplar = done.exemplar
    assert done.state == State.CONFIRMED and exemplar.agency == agency
    assert not exemplar.is_published and exemplar.stage == Exemplar.Stage.VERIFIED
    assert exemplar.proposals.get() == done
    event = ProposalEvent.objects.filter(proposal=done, to_state=State.CONFIRMED).get()
    assert event.actor is None and "Chủ tịch UBND xã" in event.actor_label
    with pytest.raises(ValidationError):
        services.answer_verification_link(token, confirmed=False, note="x", responder="y")
    assert Exemplar.objects.count() == 1


def test_tampered_and_expired_links_are_refused(reviewer, agency, settings):
    proposal = services.send_for_verification(ProposalFactory(), agency, actor=reviewer)
    token = _link_token(proposal)
    with pytest.raises(ValidationError):
        services.answer_verification_link(token[:-2] + "xx", confirmed=True, note="", responder="A")
    forged = signing.dumps({"p": proposal.pk, "a": agency.pk, "n": proposal.verification_nonce}, salt="other")
    with pytest.raises(ValidationError):
        services.answer_verification_link(forged, confirmed=True, note="", responder="A")
    lifecycle_max = lifecycle.VERIFICATION_MAX_AGE
    try:
        lifecycle.VERIFICATION_MAX_AGE = -1
        found, reason = services.proposal_for_token(token)
        assert found is None and "hết hạn" in reason
        with pytest.raises(ValidationError, match="hết hạn"):
            services.answer_verification_link(token, confirmed=True, note="", responder="A")
    finally:
        lifecycle.VERIFICATION_MAX_AGE = lifecycle_max
    proposal.refresh_from_db()
    assert proposal.state == State.VERIFYING


def test_a_new_request_closes_the_earlier_link(reviewer, agency, other_agency):
    proposal = services.send_for_verification(ProposalFactory(), agency, actor=reviewer)
    first = _link_token(proposal)
    proposal = services.send_for_verification(proposal, other_agency, actor=reviewer)
    with pytest.raises(ValidationError):
        services.answer_verification_link(first, confirmed=True, note="", responder="A")
    services.answer_verification_link(_link_token(proposal), confirmed=True, note="", responder="B")


def test_rejection_by_the_agency_gives_the_proposer_its_reason(reviewer, agency, officer, other_head):
    proposal = services.send_for_verification(ProposalFactory(), agency, actor=reviewer)
    with pytest.raises(NotAllowedForYou):
        services.verify_proposal(proposal, confirmed=True, actor=other_head)
    with pytest.raises(NotAllowedNow):
        services.verify_proposal(proposal, confirmed=False, note="", actor=officer)
    services.verify_proposal(proposal, confirmed=False, note="Không có người này tại địa phương.", actor=officer)
    proposal.refresh_from_db()
    assert proposal.state == State.NOT_CONFIRMED and proposal.public_reason == "Không có người này tại địa phương."
    assert not Exemplar.objects.exists()


def test_nurturing_and_replication_move_the_stage_forward(agency, officer, other_agency, other_head):
    exemplar = ExemplarFactory(agency=agency, stage=Exemplar.Stage.VERIFIED)
    with pytest.raises(NotAllowedForYou):
        services.save_nurturing_plan(exemplar, actor=other_head, goals="x")
    plan = services.save_nurturing_plan(exemplar, actor=officer, goals="Tập huấn kỹ năng, hỗ trợ vốn.")
    follow = services.add_follow_up(
        plan, actor=officer, date=dt.date(2026, 1, 5), support_given="Tập huấn", next_review=dt.date(2026, 3, 5)
    )
    assert follow.pk and Exemplar.objects.get(pk=exemplar.pk).stage == Exemplar.Stage.NURTURED
    with pytest.raises(NotAllowedForYou):
        services.record_replication(exemplar, actor=officer, agency=other_agency, date=dt.date(2026, 2, 1), what="x")
    with pytest.raises(NotAllowedNow):
        services.record_replication(exemplar, actor=officer, agency=agency, date=dt.date(2026, 2, 1), what="x")
    services.record_replication(
        exemplar, actor=other_head, agency=other_agency, date=dt.date(2026, 2, 1), what="Mô hình"
    )
    services.record_replication(exemplar, actor=other_head, agency=other_agency, date=dt.date(2026, 2, 9), what="Lần 2")
    exemplar.refresh_from_db()
    assert exemplar.stage == Exemplar.Stage.REPLICATED and exemplar.spread == 1
    actions = list(LifecycleEvent.objects.filter(exemplar=exemplar).values_list("action", flat=True))
    assert actions == ["plan-created", "follow-up", "replicated", "replicated"]
    # A later plan edit never moves the stage back.
    services.save_nurturing_plan(exemplar, actor=officer, goals="Mục tiêu mới")
    assert Exemplar.objects.get(pk=exemplar.pk).stage == Exemplar.Stage.REPLICATED


def test_lifecycle_counts_for_the_statistics(reviewer, agency):
    ProposalFactory()
    services.close_proposal(ProposalFactory(), actor=reviewer, reason="Ngoài phạm vi")
    exemplar = ExemplarFactory(agency=agency)
    other = MembershipFactory(agency=AgencyFactory()).user
    Replication.objects.all().delete()
    services.record_replication(
        exemplar, actor=other, agency=other.membership.agency, date=dt.date(2026, 1, 1), what="x"
    )
    counts = services.lifecycle_counts()
    assert counts["proposals"][State.RECEIVED] == 1 and counts["proposals"][State.CLOSED] == 1
    assert counts["stages"][Exemplar.Stage.REPLICATED] == 1 and counts["published_stages"]["replicated"] == 1
    assert counts["replications"] == 1 and counts["replicating_agencies"] == 1
