"""Issue #11 item 2: the fields that decide eligibility (the council vote, the award version, the year …) are
read-only once a dossier is submitted, in the agency's form and in the admin; a reviewer corrects them through
one logged service, with a reason."""

import pytest
from django.urls import reverse

from exemplars import services
from exemplars.models import Nomination, NominationEvent
from tests.factories import NominationFactory
from tests.side_doors import change_form_data

pytestmark = pytest.mark.django_db
S = Nomination.State


@pytest.fixture
def submitted(agency):
    return NominationFactory(agency=agency, state=S.IN_REVIEW, votes_for=8, council_members=10)


def test_the_admin_change_form_does_not_change_the_vote_count(staff_client, submitted):
    url = reverse("admin:exemplars_nomination_change", args=[submitted.pk])
    data = change_form_data(staff_client, url)
    assert "votes_for" not in data and "award_type" not in data and "year" not in data  # shown, not editable
    data.update(votes_for="10", achievements="Thành tích đã đối chiếu")
    assert staff_client.post(url, data).status_code == 302
    submitted.refresh_from_db()
    assert submitted.votes_for == 8 and submitted.achievements == "Thành tích đã đối chiếu"


def test_a_correction_of_the_vote_needs_a_reason_and_is_logged_with_old_and_new_values(submitted, reviewer):
    submitted.votes_for = 10
    with pytest.raises(services.WorkflowError) as info:
        services.correct_nomination(submitted, actor=reviewer, changed=["votes_for"])
    assert "lý do" in " ".join(info.value.messages)
    submitted.refresh_from_db()
    assert submitted.votes_for == 8 and not NominationEvent.objects.exists()

    submitted.votes_for = 10
    services.correct_nomination(
        submitted, actor=reviewer, changed=["votes_for"], reason="Biên bản họp xét ghi 10/10 phiếu"
    )
    submitted.refresh_from_db()
    assert submitted.votes_for == 10 and submitted.state == S.IN_REVIEW
    event = NominationEvent.objects.get()
    assert event.actor == reviewer
    assert "số phiếu đồng ý: 8 → 10" in event.comment and "Biên bản họp xét ghi 10/10 phiếu" in event.comment


def test_no_correction_of_eligibility_once_decided(agency, reviewer):
    approved = NominationFactory(agency=agency, state=S.APPROVED, votes_for=8)
    approved.votes_for = 10
    with pytest.raises(services.WorkflowError):
        services.correct_nomination(approved, actor=reviewer, changed=["votes_for"], reason="Nhầm")
    approved.refresh_from_db()
    assert approved.votes_for == 8


def test_the_admin_correction_page_needs_a_reason_keeps_what_was_typed_and_logs(staff_client, staff_user, submitted):
    change = staff_client.get(reverse("admin:exemplars_nomination_change", args=[submitted.pk])).content.decode()
    url = reverse("admin:exemplars_nomination_correct", args=[submitted.pk])
    assert url in change  # the change page links to it
    data = {
        "votes_for": "10",
        "council_members": "10",
        "year": "2025",
        "award_type": submitted.award_type.pk,
        "movement": submitted.movement.pk,
        "phase": submitted.phase.pk,
        "nominee_kind": "individual",
        "reason": "",
    }
    page = staff_client.post(url, data)
    assert page.status_code == 200 and 'value="10"' in page.content.decode()
    assert "Lý do" in page.content.decode()
    submitted.refresh_from_db()
    assert submitted.votes_for == 8

    data["reason"] = "Đối chiếu biên bản họp xét: 10/10 phiếu"
    response = staff_client.post(url, data)
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.votes_for == 10
    event = NominationEvent.objects.get(nomination=submitted)
    assert event.actor == staff_user and "8 → 10" in event.comment and "Đối chiếu biên bản" in event.comment


def test_a_returned_dossier_keeps_its_vote_as_submitted(client, agency, head, reviewer):
    nomination = NominationFactory(agency=agency, votes_for=8, council_members=10)
    services.submit_nomination(nomination, actor=head)
    services.take_into_review(nomination, actor=reviewer)
    services.return_for_completion(nomination, actor=reviewer, reason="Bổ sung báo cáo")
    client.force_login(head)
    url = reverse("agency:nomination.edit", args=[nomination.pk])
    form = client.get(url).context["form"]
    assert form.fields["votes_for"].disabled and form.fields["award_type"].disabled
    assert not form.fields["achievements"].disabled
    data = {
        "nominee_name": nomination.nominee_name,
        "nominee_kind": "individual",
        "movement": nomination.movement.pk,
        "phase": nomination.phase.pk,
        "award_type": nomination.award_type.pk,
        "year": 2025,
        "achievements": "Bổ sung thành tích",
        "votes_for": 10,
        "council_members": 10,
    }
    assert client.post(url, data).status_code == 302
    nomination.refresh_from_db()
    assert nomination.votes_for == 8 and nomination.achievements == "Bổ sung thành tích"

    nomination.votes_for = 10  # and the service refuses it, whatever the form
    with pytest.raises(services.WorkflowError):
        services.update_nomination(nomination, actor=head, changed=["votes_for"])


def test_a_stored_dossier_that_breaks_the_rules_gets_a_message_in_the_admin_not_a_500(staff_client, submitted):
    """E.g. a dossier recorded before the phase rule: the admin says what to correct (on the correction page)."""
    from tests.factories import PlanPhaseFactory

    submitted.movement.phases.set([PlanPhaseFactory()])  # its phase is no longer one of the movement's
    url = reverse("admin:exemplars_nomination_change", args=[submitted.pk])
    data = change_form_data(staff_client, url)
    data["achievements"] = "Đã đối chiếu"
    response = staff_client.post(url, data)
    assert response.status_code == 200 and "không thuộc phong trào" in response.content.decode()


def test_an_exemplar_with_an_old_honour_outside_its_movement_phase_can_still_be_opened_and_says_why(staff_client):
    from tests.factories import ExemplarFactory, HonourFactory, MovementFactory, PlanPhaseFactory

    exemplar = ExemplarFactory()
    movement = MovementFactory()
    HonourFactory(exemplar=exemplar, movement=movement, phase=PlanPhaseFactory(), year=2026)
    url = reverse("admin:exemplars_exemplar_change", args=[exemplar.pk])
    data = change_form_data(staff_client, url)
    response = staff_client.post(url, data)
    assert response.status_code == 200 and "không thuộc phong trào" in response.content.decode()
