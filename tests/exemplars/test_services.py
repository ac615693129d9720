"""The nomination workflow: every move from every state by every role, and what approval writes."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser

from exemplars import services
from exemplars.models import AwardType, Exemplar, Honour, Nomination, NominationEvent
from exemplars.services import rules
from tests.factories import AwardTypeFactory, ExemplarFactory, HonourFactory, NominationFactory, UserFactory

pytestmark = pytest.mark.django_db
S = Nomination.State

DECISION = services.Decision(number="163/QĐ-UBND", date=dt.date(2025, 12, 20), authority="Chủ tịch UBND tỉnh")


def _move(nomination, to_state, actor):
    if to_state == S.APPROVED:
        return services.approve_nomination(nomination, actor=actor, decision=DECISION)
    return services.transition(nomination, to_state, actor=actor, comment="Lý do thử nghiệm")


ROLES = ["head", "officer", "other_head", "reviewer", "plain_user", "anonymous"]
LEGAL = {(f, t) for f, targets in Nomination.State.transitions().items() for t in targets}
ALL_MOVES = [(f, t) for f in S.values for t in S.values]


@pytest.fixture
def actors(head, officer, other_head, reviewer):
    return {
        "head": head,
        "officer": officer,
        "other_head": other_head,
        "reviewer": reviewer,
        "plain_user": UserFactory(username="nguoingoai"),
        "anonymous": AnonymousUser(),
    }


def _allowed_role(from_state, to_state):
    move = S.move(from_state, to_state)
    return move.role if move else None


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("from_state", "to_state"), ALL_MOVES)
def test_every_move_by_every_role(actors, agency, role, from_state, to_state, django_capture_on_commit_callbacks):
    nomination = NominationFactory(agency=agency, state=from_state, complete=True)
    legal = (from_state, to_state) in LEGAL and role == _allowed_role(from_state, to_state)
    with django_capture_on_commit_callbacks():
        if legal:
            moved = _move(nomination, to_state, actors[role])
            assert moved.state == to_state
            event = NominationEvent.objects.get(nomination=nomination)
            assert (event.from_state, event.to_state) == (from_state, to_state)
        else:
            expected = services.WorkflowError if (from_state, to_state) not in LEGAL else services.NotAllowed
            with pytest.raises(expected):
                _move(nomination, to_state, actors[role])
            nomination.refresh_from_db()
            assert nomination.state == from_state
            assert not NominationEvent.objects.exists()


def test_return_and_reject_need_a_reason(nomination, reviewer):
    nomination.state = S.IN_REVIEW
    nomination.save()
    for func in (services.return_for_completion, services.reject_nomination):
        with pytest.raises(services.WorkflowError):
            func(nomination, actor=reviewer, reason="   ")
    returned = services.return_for_completion(nomination, actor=reviewer, reason="Thiếu biên bản họp xét")
    assert returned.reviewer_comment == "Thiếu biên bản họp xét"


def test_submit_records_time_and_rules_basis(nomination, head):
    nomination.award_type.legal_basis = "Nghị định 98/2023/NĐ-CP"
    nomination.award_type.save()
    submitted = services.submit_nomination(nomination, actor=head)
    assert submitted.submitted_at is not None
    assert "98/2023" in submitted.rules_basis


@pytest.mark.parametrize(
    ("votes", "members", "ok"), [(9, 10, True), (8, 10, False), (None, None, False), (10, 10, True)]
)
def test_vote_share_rule_blocks_approval_below_the_threshold(agency, reviewer, votes, members, ok):
    award = AwardTypeFactory(vote_share=Decimal("90"))
    nomination = NominationFactory(
        agency=agency, award_type=award, votes_for=votes, council_members=members, state=S.IN_REVIEW, complete=True
    )
    assert rules.check_vote_share(nomination).ok is ok
    if ok:
        assert services.approve_nomination(nomination, actor=reviewer, decision=DECISION).state == S.APPROVED
    else:
        with pytest.raises(services.WorkflowError) as info:
            services.approve_nomination(nomination, actor=reviewer, decision=DECISION)
        assert "Không thể phê duyệt" in str(info.value)
        nomination.refresh_from_db()
        assert nomination.state == S.IN_REVIEW


def test_approval_creates_the_exemplar_and_its_honour_and_publishes(agency, reviewer):
    nomination = NominationFactory(
        agency=agency, state=S.IN_REVIEW, nominee_name="Nguyễn Thị Đào", nominee_locality="Gò Dầu", complete=True
    )
    decision = services.Decision(number="12/QĐ-UBND", date=dt.date(2025, 11, 3), publish=True)
    approved = services.approve_nomination(nomination, actor=reviewer, decision=decision)
    exemplar = approved.exemplar
    assert exemplar.name == "Nguyễn Thị Đào" and exemplar.slug == "nguyen-thi-dao"
    assert exemplar.agency == agency and exemplar.locality == "Gò Dầu"
    assert list(exemplar.movements.all()) == [nomination.movement]
    assert Exemplar.objects.published().filter(pk=exemplar.pk).exists()
    honour = Honour.objects.get(nomination=nomination)
    assert (honour.exemplar, honour.award_type, honour.year) == (exemplar, nomination.award_type, 2025)
    assert honour.decision_number == "12/QĐ-UBND" and honour.decision_date == dt.date(2025, 11, 3)
    assert approved.decided_at is not None


def test_approval_of_an_existing_exemplar_adds_an_honour_without_publishing(agency, reviewer):
    exemplar = ExemplarFactory(agency=agency, is_published=False, published_at=None)
    nomination = NominationFactory(agency=agency, exemplar=exemplar, state=S.IN_REVIEW, complete=True)
    services.approve_nomination(nomination, actor=reviewer, decision=DECISION)
    exemplar.refresh_from_db()
    assert exemplar.honours.count() == 1 and not exemplar.is_published
    assert Exemplar.objects.count() == 1


def test_approval_refuses_a_second_honour_for_the_same_year(agency, reviewer):
    exemplar = ExemplarFactory(agency=agency)
    nomination = NominationFactory(agency=agency, exemplar=exemplar, state=S.IN_REVIEW, complete=True)
    HonourFactory(exemplar=exemplar, award_type=nomination.award_type, year=nomination.year)
    with pytest.raises(services.WorkflowError) as info:
        services.approve_nomination(nomination, actor=reviewer, decision=DECISION)
    assert info.value.code == "duplicate_honour"
    nomination.refresh_from_db()
    assert nomination.state == S.IN_REVIEW


def test_prerequisite_needs_three_consecutive_base_titles(agency):
    base = AwardTypeFactory(name="Chiến sĩ thi đua cơ sở")
    other_version = AwardTypeFactory(name="Chiến sĩ thi đua cơ sở", valid_from=dt.date(2024, 1, 1))
    provincial = AwardTypeFactory(name="Chiến sĩ thi đua cấp tỉnh", prerequisite=base, prerequisite_count=3)
    exemplar = ExemplarFactory(agency=agency)
    nomination = NominationFactory(agency=agency, exemplar=exemplar, award_type=provincial, year=2025)
    HonourFactory(exemplar=exemplar, award_type=base, year=2023)
    HonourFactory(exemplar=exemplar, award_type=other_version, year=2024)
    assert rules.check_prerequisite(nomination).ok is False
    HonourFactory(exemplar=exemplar, award_type=other_version, year=2025)
    check = rules.check_prerequisite(nomination)
    assert check.ok is True and "3 lần" in check.detail
    revoked = Honour.objects.get(year=2024)
    revoked.revoked_at = revoked.decision_date and dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    revoked.save()
    assert rules.check_prerequisite(nomination).ok is False


def test_checklist_lists_missing_documents_and_vote_result(agency):
    nomination = NominationFactory(agency=agency, votes_for=None, council_members=None)
    checklist = rules.dossier_checklist(nomination)
    labels = {c.label: c.ok for c in checklist}
    assert labels["Tờ trình đề nghị"] is False and labels["Biên bản họp xét"] is False
    assert rules.missing_documents(nomination) == ["proposal", "achievement-report", "meeting-minutes"]


def test_revoke_honour_needs_reviewer_and_reason(reviewer, head, agency):
    nomination = NominationFactory(agency=agency, state=S.APPROVED)
    honour = HonourFactory(nomination=nomination, exemplar=ExemplarFactory(agency=agency))
    with pytest.raises(services.NotAllowed):
        services.revoke_honour(honour, actor=head, reason="Khai man")
    with pytest.raises(services.WorkflowError):
        services.revoke_honour(honour, actor=reviewer, reason="")
    revoked = services.revoke_honour(honour, actor=reviewer, reason="Khai man thành tích")
    assert revoked.is_revoked and revoked.revoked_reason == "Khai man thành tích"
    assert NominationEvent.objects.filter(nomination=nomination, comment__contains="Khai man").exists()
    with pytest.raises(services.WorkflowError):
        services.revoke_honour(honour, actor=reviewer, reason="Lần hai")


def test_seed_awards_is_idempotent_and_versioned():
    first = services.seed_awards()
    assert first["created"] > 0 and first["kept"] == 0
    second = services.seed_awards()
    assert second["created"] == 0 and second["kept"] == first["created"]
    versions = AwardType.objects.filter(name="Chiến sĩ thi đua cấp tỉnh").order_by("valid_from")
    assert len(versions) == 3
    assert versions[0].valid_until == dt.date(2023, 12, 31) and "91/2017" in versions[0].legal_basis
    assert versions[2].valid_from == dt.date(2025, 7, 1) and "152/2025" in versions[2].legal_basis
    assert versions[1].vote_share == Decimal("90") and versions[1].prerequisite_count == 3
    assert versions[1].prerequisite.name == "Chiến sĩ thi đua cơ sở"
    assert versions[1].prerequisite.valid_from == versions[1].valid_from
    in_force = AwardType.objects.in_force_on(dt.date(2025, 3, 1)).get(name="Chiến sĩ thi đua cấp tỉnh")
    assert "98/2023" in in_force.legal_basis


def test_approval_copies_the_private_portrait_to_a_public_one_with_thumbnail(
    agency, reviewer, settings, django_capture_on_commit_callbacks
):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from PIL import Image

    from tayninh_thidua.lib.thumbnails import thumbnail_url

    from .helpers import png

    nomination = NominationFactory(agency=agency, state=S.IN_REVIEW, complete=True)
    nomination.nominee_portrait.save("p.png", ContentFile(png(800, 600)))
    with django_capture_on_commit_callbacks(execute=True):  # the public copy is written after the commit
        exemplar = services.approve_nomination(nomination, actor=reviewer, decision=DECISION).exemplar
    assert exemplar.portrait.path.startswith(str(settings.MEDIA_ROOT))
    assert not exemplar.portrait.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert exemplar.portrait.url.startswith("/media/exemplars/")
    url = thumbnail_url(exemplar.portrait, "480x360")
    with default_storage.open(url.removeprefix(settings.MEDIA_URL), "rb") as f:
        assert Image.open(f).size == (480, 360)


def test_agency_form_takes_the_name_of_an_existing_exemplar(agency, head, client, seeded):
    from django.urls import reverse

    from tests.factories import MovementFactory, PlanPhaseFactory

    exemplar = ExemplarFactory(agency=agency, name="Hợp tác xã Điển Hình")
    award = AwardTypeFactory()
    movement, phase = MovementFactory(), PlanPhaseFactory()
    movement.phases.add(phase)  # a phase of the movement, covering the year (issue #11 item 5)
    client.force_login(head)
    response = client.post(
        reverse("agency:nomination.create"),
        {
            "exemplar": exemplar.pk,
            "nominee_kind": "individual",
            "movement": movement.pk,
            "phase": phase.pk,
            "award_type": award.pk,
            "year": 2026,
            "achievements": "Thành tích",
        },
    )
    assert response.status_code == 302
    nomination = Nomination.objects.get()
    assert nomination.nominee_name == "Hợp tác xã Điển Hình" and nomination.exemplar == exemplar


def test_agency_form_refuses_an_award_version_not_in_force_for_the_year(agency, head, client, seeded):
    from django.urls import reverse

    from tests.factories import MovementFactory, PlanPhaseFactory

    services.seed_awards()
    old = AwardType.objects.get(name="Bằng khen của Chủ tịch UBND tỉnh", valid_until=dt.date(2023, 12, 31))
    client.force_login(head)
    response = client.post(
        reverse("agency:nomination.create"),
        {
            "nominee_name": "Lâm Văn Năm",
            "nominee_kind": "individual",
            "movement": MovementFactory().pk,
            "phase": PlanPhaseFactory().pk,
            "award_type": old.pk,
            "year": 2026,
            "achievements": "Thành tích",
        },
    )
    assert response.status_code == 200 and "không áp dụng cho năm 2026" in response.content.decode()
    assert "Lâm Văn Năm" in response.content.decode()


def test_reviewer_correction_writes_an_event_and_keeps_the_state(nomination, reviewer, head):
    nomination.state = S.IN_REVIEW
    nomination.save()
    nomination.achievements = "Thành tích đã được cán bộ đối chiếu"
    nomination.state = S.APPROVED  # a form cannot move the state: the service keeps the stored one
    services.correct_nomination(nomination, actor=reviewer, changed=["achievements"])
    nomination.refresh_from_db()
    assert nomination.state == S.IN_REVIEW and nomination.achievements.startswith("Thành tích đã")
    event = NominationEvent.objects.get(nomination=nomination)
    assert event.actor == reviewer and "tóm tắt thành tích" in event.comment
    with pytest.raises(services.NotAllowed):
        services.correct_nomination(nomination, actor=head, changed=["achievements"])


def test_the_admin_cannot_add_a_nomination(admin_client):
    assert admin_client.get("/admin/exemplars/nomination/add/").status_code == 403
