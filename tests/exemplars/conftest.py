import pytest

from tests.factories import (
    AgencyFactory,
    MembershipFactory,
    NominationFactory,
    StaffUserFactory,
    UserFactory,
)


@pytest.fixture
def agency(db):
    return AgencyFactory(name="Sở Giáo dục và Đào tạo thử nghiệm")


@pytest.fixture
def other_agency(db):
    return AgencyFactory(name="Sở Y tế thử nghiệm")


@pytest.fixture
def head(agency):
    return MembershipFactory(agency=agency, role="head", user=UserFactory(username="thutruong")).user


@pytest.fixture
def officer(agency):
    return MembershipFactory(agency=agency, role="officer", user=UserFactory(username="canbo")).user


@pytest.fixture
def other_head(other_agency):
    return MembershipFactory(agency=other_agency, role="head", user=UserFactory(username="thutruongkhac")).user


@pytest.fixture
def reviewer(db):
    return StaffUserFactory(username="thamdinh", email="thamdinh@example.org")


@pytest.fixture
def nomination(agency):
    return NominationFactory(agency=agency)
