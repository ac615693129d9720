"""Issue #16 item 4: the counting functions the statistics page and the staff dashboard call (per year, bloc,
agency), with a merged agency's rows counted under its successor."""

import datetime as dt

import pytest

from exemplars.models import Initiative, RegistrationPeriod
from exemplars.services import register_title
from exemplars.services.initiatives import initiative_counts
from exemplars.services.registration import registration_counts
from movements.models import Bloc, BlocMembership, Covenant, ScoreSheet
from movements.services.blocs import bloc_counts
from tests.factories import AgencyFactory, AwardTypeFactory, MembershipFactory, NominationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_registration_initiative_and_bloc_figures():
    RegistrationPeriod.objects.create(year=2025, deadline=dt.date(2025, 3, 31))
    award = AwardTypeFactory(name="Lao động tiên tiến thử", recipient="individual")
    successor = AgencyFactory(active_from=dt.date(2025, 7, 1))
    merged = AgencyFactory(active_until=dt.date(2025, 6, 30), successor=successor)
    member = MembershipFactory(agency=merged, role="head", user=UserFactory())
    for name in ("An", "Bình"):
        register_title(
            merged,
            2025,
            actor=member.user,
            award_type=award,
            nominee_kind="individual",
            nominee_name=name,
            today=dt.date(2025, 3, 1),
        )
    figures = registration_counts(2025)
    assert (figures["agencies"], figures["titles"], figures["by_award"]) == (1, 2, {award.name: 2})
    assert registration_counts(2025, agency=successor)["titles"] == 2
    assert registration_counts(2024)["titles"] == 0

    used = Initiative.objects.create(
        agency=merged,
        title="A",
        authors="X",
        summary="S",
        recognition_level="province",
        recognised_on=dt.date(2025, 5, 1),
    )
    Initiative.objects.create(agency=successor, title="B", authors="Y", summary="S")
    NominationFactory(agency=successor).initiatives.add(used)
    assert initiative_counts(2025, agency=successor) == {
        "recorded": 2,
        "recognised": 1,
        "by_level": {"base": 0, "province": 1, "national": 0},
        "used": 1,
    }
    assert initiative_counts(2024)["recognised"] == 0

    bloc = Bloc.objects.create(name="Cụm thử")
    covenant = Covenant.objects.create(bloc=bloc, year=2025)
    other = AgencyFactory()
    for agency in (merged, other):
        BlocMembership.objects.create(bloc=bloc, agency=agency, year=2025)
    ScoreSheet.objects.create(covenant=covenant, scorer=merged, scored=other)
    expected = {
        "per_bloc": [("Cụm thử", 2, 1, False)],
        "covenants": 1,
        "members": 2,
        "sheets": 1,
        "sheets_expected": 4,
        "published": 0,
    }
    assert bloc_counts(2025) == expected
    assert bloc_counts(2025, agency=successor) == expected
    assert bloc_counts(2025, agency=AgencyFactory())["covenants"] == 0
