"""The workflow kit: the graph lives in the states, services check it, templates ask the object."""

import pathlib
import re

import pytest
from django.contrib.auth.models import AnonymousUser

from contests.models import ContestLog
from exemplars import services
from exemplars.models import Nomination, NominationEvent
from movements.models import ReviewReport, ReviewReportEvent
from movements.services import reports
from tayninh_thidua.lib.workflow import NotAllowedForYou, NotAllowedNow, check_move
from tests.factories import NominationFactory, StaffUserFactory, UserFactory
from tests.fixtures.reports import ReviewReportFactory

pytestmark = pytest.mark.django_db
S = Nomination.State
TEMPLATES = pathlib.Path(__file__).resolve().parents[2] / "templates"


def test_every_state_has_a_badge_and_every_move_a_label():
    for states in (Nomination.State, ReviewReport.State):
        for state in states:
            assert state.badge.startswith("text-bg-")
        for move in states.moves():
            assert str(move.label) and move.role and move.name
            assert move.target in states.values and move.sources <= set(states.values)


def test_the_graph_answers_from_the_states():
    assert S.move(S.DRAFT, S.SUBMITTED).role == "head"
    assert S.move(S.DRAFT, S.APPROVED) is None
    assert S.move(S.IN_REVIEW, S.RETURNED).reason_required
    assert S.DRAFT.is_editable and S.RETURNED.is_editable and not S.SUBMITTED.is_editable
    assert S.APPROVED.is_final and not S.IN_REVIEW.is_final
    assert S.transitions()[S.IN_REVIEW] == {S.RETURNED, S.APPROVED, S.REJECTED}


def test_actions_for_follow_the_role_and_the_state(agency, head, officer, reviewer):
    draft = NominationFactory(agency=agency, state=S.DRAFT)
    assert [m.name for m in draft.actions_for(head)] == ["submit"]
    assert draft.actions_for(officer) == []
    assert draft.actions_for(reviewer) == []
    assert draft.actions_for(AnonymousUser()) == []
    in_review = NominationFactory(agency=agency, state=S.IN_REVIEW)
    assert [m.name for m in in_review.actions_for(reviewer)] == ["return_for_completion", "approve", "reject"]
    assert in_review.actions_for(head) == []


def test_check_move_says_why_it_refuses(agency, head, officer, reviewer):
    nomination = NominationFactory(agency=agency, state=S.IN_REVIEW)
    holds = Nomination.actions_for.__globals__["holds_nomination_role"]
    with pytest.raises(NotAllowedNow) as wrong_state:
        check_move(S, nomination, S.SUBMITTED, actor=head, holds=holds)
    assert "Đang thẩm định" in str(wrong_state.value) and "Đã gửi" in str(wrong_state.value)
    with pytest.raises(NotAllowedForYou):
        check_move(S, nomination, S.RETURNED, actor=officer, holds=holds, comment="Thiếu biên bản")
    with pytest.raises(NotAllowedNow) as no_reason:
        check_move(S, nomination, S.RETURNED, actor=reviewer, holds=holds, comment="  ")
    assert no_reason.value.code == "reason_required"
    assert check_move(S, nomination, S.RETURNED, actor=reviewer, holds=holds, comment="Thiếu biên bản").notify


def test_creating_and_editing_a_draft_write_events(agency, head, officer):
    template = NominationFactory()
    draft = NominationFactory.build(
        agency=agency, movement=template.movement, phase=template.phase, award_type=template.award_type
    )
    created = services.create_nomination(draft, actor=officer)
    assert created.pk and created.state == S.DRAFT and created.created_by == officer
    created.achievements = "Thành tích mới"
    services.update_nomination(created, actor=head, changed=["achievements"])
    comments = list(NominationEvent.objects.filter(nomination=created).values_list("comment", flat=True))
    assert comments[0] == "Tạo hồ sơ nháp."
    assert "tóm tắt thành tích" in comments[1]


def test_editing_is_refused_once_submitted_and_for_another_agency(agency, head, other_head):
    nomination = NominationFactory(agency=agency, state=S.SUBMITTED)
    nomination.achievements = "Sửa lén"
    with pytest.raises(NotAllowedNow):
        services.update_nomination(nomination, actor=head, changed=["achievements"])
    draft = NominationFactory(agency=agency, state=S.DRAFT)
    with pytest.raises(NotAllowedForYou):
        services.update_nomination(draft, actor=other_head, changed=["achievements"])
    nomination.refresh_from_db()
    assert nomination.achievements != "Sửa lén"


def test_report_moves_go_through_the_kit(agency, officer):
    staff = StaffUserFactory()  # staff who may change reports (a staff account without it may not: item 10)
    report = ReviewReportFactory(agency=agency, summary="Đã thực hiện")
    with pytest.raises(NotAllowedForYou):
        reports.submit_report(report, UserFactory())
    reports.submit_report(report, officer)
    with pytest.raises(NotAllowedNow):
        reports.return_report(report, staff, "  ")
    with pytest.raises(NotAllowedForYou):
        reports.accept_report(report, officer)
    accepted = reports.accept_report(report, staff, "Tốt")
    assert accepted.state == ReviewReport.State.ACCEPTED
    assert [(e.from_state, e.to_state) for e in ReviewReportEvent.objects.filter(report=report)] == [
        ("pending", "submitted"),
        ("submitted", "accepted"),
    ]
    assert [m.name for m in accepted.actions_for(officer)] == []


def test_contest_log_actions_are_a_fixed_list():
    assert "entry.submitted" in ContestLog.Action.values
    field = ContestLog._meta.get_field("action")
    assert field.choices == ContestLog.Action.choices


STATE_COMPARISON = re.compile(r"""\b\w*state\s*(==|!=)\s*['"]""")


def test_templates_never_compare_state_strings():
    offenders = [
        f"{path.relative_to(TEMPLATES)}:{n}"
        for pattern in ("*.html", "*.txt")
        for path in TEMPLATES.rglob(pattern)
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if STATE_COMPARISON.search(line)
    ]
    assert offenders == []
