"""Issue #16 item 4: the emulation year's figures on /thong-ke/ (public: recognised initiatives and published
rankings only), on the staff dashboard and on an agency's own statistics page (with its predecessors)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from exemplars.models import Initiative, RegistrationPeriod
from exemplars.services import register_title
from movements.models import Bloc, BlocMembership, Covenant
from tests.factories import AgencyFactory, AwardTypeFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_data():
    year = timezone.localdate().year
    RegistrationPeriod.objects.create(year=year, deadline=timezone.localdate() + dt.timedelta(days=5))
    successor = AgencyFactory(name="Sở sau sáp nhập")
    merged = AgencyFactory(name="Sở đã sáp nhập", active_until=timezone.localdate(), successor=successor)
    member = MembershipFactory(agency=merged, role="head", user=UserFactory())
    award = AwardTypeFactory(name="Lao động tiên tiến thử", recipient="individual")
    register_title(merged, year, actor=member.user, award_type=award, nominee_kind="individual", nominee_name="An")
    day = timezone.localdate()
    Initiative.objects.create(
        agency=merged, title="SKCONGNHAN", authors="A", summary="S", recognition_level="province", recognised_on=day
    )
    Initiative.objects.create(agency=merged, title="SKCHUACONGNHAN", authors="A", summary="S")
    published = Covenant.objects.create(
        bloc=Bloc.objects.create(name="KHOICONGBO"), year=year, is_published=True, published_at=timezone.now()
    )
    hidden = Covenant.objects.create(bloc=Bloc.objects.create(name="KHOICHUACONGBO"), year=year)
    for covenant in (published, hidden):
        BlocMembership.objects.create(bloc=covenant.bloc, agency=merged, year=year)
    return year, successor


def test_public_statistics_show_recognised_initiatives_and_published_rankings_only(client, year_data):
    page = client.get(reverse("stats:index")).content.decode()
    assert "Năm thi đua" in page and 'data-year="initiatives">1<' in page
    assert "KHOICONGBO" in page and "KHOICHUACONGBO" not in page and "đơn vị đã đăng ký" not in page


def test_dashboard_shows_registration_blocs_and_initiatives(client, staff_user, year_data):
    client.force_login(staff_user)
    page = client.get(reverse("stats:dashboard")).content.decode()
    assert "1/" in page and "đơn vị đã đăng ký, 1 danh hiệu" in page and "Lao động tiên tiến thử: 1" in page
    assert "KHOICHUACONGBO" in page and "2 giao ước" in page and "2 sáng kiến trong sổ" in page


def test_agency_statistics_count_its_predecessors(client, year_data):
    _year, successor = year_data
    client.force_login(MembershipFactory(agency=successor, role="officer", user=UserFactory()).user)
    page = client.get(reverse("agency:statistics")).content.decode()
    assert "1/1 đơn vị đã đăng ký, 1 danh hiệu" in page and "2 giao ước" in page
    other = MembershipFactory(agency=AgencyFactory(), role="officer", user=UserFactory()).user
    client.force_login(other)
    page = client.get(reverse("agency:statistics")).content.decode()
    assert "0/1 đơn vị đã đăng ký, 0 danh hiệu" in page and "0 giao ước" in page
