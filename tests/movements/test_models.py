import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from movements.models import Agency, Movement
from tests.factories import AgencyFactory, MovementFactory, PlanFactory, PlanPhaseFactory

pytestmark = pytest.mark.django_db


def test_phase_end_must_follow_start():
    phase = PlanPhaseFactory.build(plan=PlanFactory(), start_date=dt.date(2026, 1, 1), end_date=dt.date(2025, 1, 1))
    with pytest.raises(ValidationError) as exc:
        phase.full_clean()
    assert "end_date" in exc.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        phase.save()


def test_phase_reviews_must_fall_inside_and_in_order():
    plan = PlanFactory()
    phase = PlanPhaseFactory.build(plan=plan, preliminary_review_date=dt.date(2030, 1, 1))
    with pytest.raises(ValidationError) as exc:
        phase.full_clean()
    assert "preliminary_review_date" in exc.value.message_dict
    phase = PlanPhaseFactory.build(
        plan=plan, preliminary_review_date=dt.date(2027, 6, 1), final_review_date=dt.date(2027, 1, 1)
    )
    with pytest.raises(ValidationError) as exc:
        phase.full_clean()
    assert "final_review_date" in exc.value.message_dict


def test_phases_of_one_plan_do_not_overlap():
    first = PlanPhaseFactory()
    second = PlanPhaseFactory.build(
        plan=first.plan,
        start_date=dt.date(2027, 6, 1),
        end_date=dt.date(2029, 1, 1),
        preliminary_review_date=None,
        final_review_date=None,
    )
    with pytest.raises(ValidationError) as exc:
        second.full_clean()
    assert "trùng" in str(exc.value)


def test_next_plan_is_data():
    """Staff can add the 2026–2030 plan without code."""
    plan = PlanFactory(title="Kế hoạch 2026 – 2030")
    for start, end in [((2026, 1, 1), (2028, 6, 30)), ((2028, 7, 1), (2030, 12, 31))]:
        phase = PlanPhaseFactory.build(
            plan=plan,
            start_date=dt.date(*start),
            end_date=dt.date(*end),
            preliminary_review_date=None,
            final_review_date=None,
        )
        phase.full_clean()
        phase.save()
    assert plan.phases.count() == 2


def test_agency_active_dates_are_ordered():
    agency = AgencyFactory.build(active_from=dt.date(2025, 1, 1), active_until=dt.date(2024, 1, 1))
    with pytest.raises(ValidationError):
        agency.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        agency.save()


def test_agency_successor_rules():
    old, new = AgencyFactory(), AgencyFactory()
    old.successor = new
    with pytest.raises(ValidationError) as exc:
        old.full_clean()  # a merged agency needs the date it stopped
    assert "active_until" in exc.value.message_dict
    old.active_until = dt.date(2025, 2, 28)
    old.full_clean()
    old.save()
    new.successor, new.active_until = old, dt.date(2025, 6, 30)
    with pytest.raises(ValidationError) as exc:
        new.full_clean()
    assert "successor" in exc.value.message_dict


def test_current_follows_the_successor_chain():
    newest = AgencyFactory(name="Sở mới nhất")
    middle = AgencyFactory(successor=newest, active_until=dt.date(2025, 6, 30))
    oldest = AgencyFactory(successor=middle, active_until=dt.date(2024, 6, 30))
    assert oldest.current == newest
    assert newest.current == newest
    assert not oldest.is_active and newest.is_active
    assert set(Agency.objects.active_on(dt.date(2024, 12, 1))) == {middle, newest}


def test_movement_slug_is_readable_vietnamese():
    assert MovementFactory(name="Dạy tốt - Học tốt").slug == "day-tot-hoc-tot"
    assert MovementFactory(name="Đồng bào Đắk Lắk").slug == "dong-bao-dak-lak"
    assert MovementFactory(name="Dạy tốt – học tốt!").slug == "day-tot-hoc-tot-2"


def test_movement_links_only_to_campaigns():
    other = MovementFactory(kind=Movement.Kind.MOVEMENT)
    movement = MovementFactory.build(linked_campaign=other, lead_agency=AgencyFactory(), field=None)
    with pytest.raises(ValidationError):
        movement.clean()
