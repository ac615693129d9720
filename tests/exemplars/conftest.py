import pytest

from tests.factories import NominationFactory


@pytest.fixture
def nomination(agency):
    return NominationFactory(agency=agency)
