"""A year typo on the nomination form is refused with a Vietnamese message and keeps what was typed (item 19)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from exemplars.models import AwardType, Honour, Nomination
from tests.factories import ExemplarFactory, MovementFactory, PlanPhaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def form_data(seeded):
    award = AwardType.objects.create(name="Bằng khen thử năm", kind="commendation", recipient="both")
    # A phase of the movement covering this year and the next (item 5: the year must lie within the phase).
    this_year = timezone.localdate().year
    movement = MovementFactory()
    phase = PlanPhaseFactory(start_date=dt.date(this_year, 1, 1), end_date=dt.date(this_year + 1, 12, 31))
    movement.phases.add(phase)
    return {
        "nominee_kind": "individual",
        "nominee_name": "Phạm Thị Gõ Nhầm",
        "movement": movement.pk,
        "phase": phase.pk,
        "award_type": award.pk,
        "achievements": "Thành tích gõ cả buổi sáng",
        "votes_for": 9,
        "council_members": 10,
        "document_type": "achievement-report",
    }


@pytest.mark.parametrize("year", ["20266", "10000", "0", "9999", "1900", "-2026", "99999999999999999999"])
def test_a_year_out_of_range_is_refused_and_the_form_kept(client, head, form_data, year):
    client.force_login(head)
    response = client.post(reverse("agency:nomination.create"), {**form_data, "year": year})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Năm phải từ 1945 đến" in html or "Đảm bảo" in html  # ours, or Django's Vietnamese min/max message
    assert "Phạm Thị Gõ Nhầm" in html and "Thành tích gõ cả buổi sáng" in html and f'value="{year}"' in html
    assert not Nomination.objects.exists()


def test_this_year_and_next_are_accepted(client, head, form_data):
    client.force_login(head)
    next_year = timezone.localdate().year + 1
    response = client.post(reverse("agency:nomination.create"), {**form_data, "year": next_year})
    assert response.status_code == 302
    assert Nomination.objects.get().year == next_year


@pytest.mark.parametrize("year", [0, 9999, 1944])
def test_the_models_refuse_such_years_too(nomination, year):
    nomination.year = year
    with pytest.raises(ValidationError) as info:
        nomination.full_clean()
    assert "year" in info.value.message_dict and "Năm phải từ 1945 đến" in info.value.message_dict["year"][0]
    honour = Honour(exemplar=ExemplarFactory(), award_type=nomination.award_type, year=year)
    with pytest.raises(ValidationError) as info:
        honour.full_clean()
    assert "year" in info.value.message_dict
