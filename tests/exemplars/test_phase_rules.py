"""Issue #11 item 5: a phase must be one of the movement's and the year within the phase (model, service and
forms, in Vietnamese), and the movement page's counts add up to its total."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from exemplars import services
from exemplars.models import Nomination
from tests.factories import (
    AwardTypeFactory,
    ExemplarFactory,
    MovementFactory,
    NominationFactory,
    PlanFactory,
    PlanPhaseFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan_phases():
    plan = PlanFactory()
    first = PlanPhaseFactory(plan=plan, start_date=dt.date(2021, 2, 25), end_date=dt.date(2023, 6, 30))
    second = PlanPhaseFactory(plan=plan, start_date=dt.date(2023, 7, 1), end_date=dt.date(2025, 12, 31))
    return first, second


def _nomination(agency, runs_in, phase, year) -> Nomination:
    """An unsaved dossier for a movement that runs in the phases `runs_in`."""
    movement = MovementFactory()
    movement.phases.set(runs_in)
    return NominationFactory.build(
        agency=agency, movement=movement, phase=phase, award_type=AwardTypeFactory(), year=year
    )


def test_a_phase_outside_the_movement_is_refused(agency, plan_phases):
    first, second = plan_phases
    with pytest.raises(ValidationError) as info:
        _nomination(agency, [first], second, 2024).full_clean()
    assert "không thuộc phong trào" in " ".join(info.value.message_dict["phase"])


def test_a_year_outside_the_phase_is_refused(agency, plan_phases):
    first, _second = plan_phases
    with pytest.raises(ValidationError) as info:
        _nomination(agency, [first], first, 2025).full_clean()
    assert "Năm 2025 nằm ngoài giai đoạn" in " ".join(info.value.message_dict["year"])


def test_the_service_refuses_them_too(agency, head, plan_phases):
    first, second = plan_phases
    with pytest.raises(services.WorkflowError):
        services.create_nomination(_nomination(agency, [first], second, 2024), actor=head)
    assert not Nomination.objects.exists()


def test_the_agency_form_says_why_in_vietnamese_and_keeps_the_input(client, agency, head, plan_phases):
    first, second = plan_phases
    movement = MovementFactory()
    movement.phases.set([first])
    client.force_login(head)
    response = client.post(
        reverse("agency:nomination.create"),
        {
            "nominee_name": "Phan Văn Giai Đoạn",
            "nominee_kind": "individual",
            "movement": movement.pk,
            "phase": second.pk,
            "award_type": AwardTypeFactory().pk,
            "year": 2024,
            "achievements": "Thành tích",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200 and "không thuộc phong trào" in html and "Phan Văn Giai Đoạn" in html
    assert not Nomination.objects.exists()


def test_the_exemplar_admin_refuses_a_phase_outside_its_movements(staff_client, plan_phases):
    from tests.side_doors import change_form_data

    first, second = plan_phases
    movement = MovementFactory()
    movement.phases.set([first])
    exemplar = ExemplarFactory(phase=first)
    exemplar.movements.set([movement])
    url = reverse("admin:exemplars_exemplar_change", args=[exemplar.pk])
    data = change_form_data(staff_client, url)
    data["phase"] = str(second.pk)
    response = staff_client.post(url, data)
    assert response.status_code == 200 and "không thuộc phong trào" in response.content.decode()
    exemplar.refresh_from_db()
    assert exemplar.phase == first


def test_the_movement_page_counts_add_up_to_its_total(client, plan_phases):
    first, second = plan_phases
    other_plan_phase = PlanPhaseFactory()
    movement = MovementFactory()
    movement.phases.set([first, second])
    for phase, count in [(first, 3), (second, 7), (other_plan_phase, 1), (None, 2)]:
        for _ in range(count):
            ExemplarFactory(phase=phase).movements.add(movement)
    response = client.get(movement.get_absolute_url())
    rows = response.context["phase_rows"]
    assert [count for _label, count in rows] == [3, 7, 3]  # first, second, then "other or none"
    assert sum(count for _label, count in rows) == response.context["exemplar_total"] == 13
