import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from tests.factories import AwardTypeFactory

pytestmark = pytest.mark.django_db


def test_one_version_per_name_and_start_date():
    AwardTypeFactory(name="Lao động tiên tiến", valid_from=dt.date(2024, 1, 1))
    AwardTypeFactory(name="Lao động tiên tiến", valid_from=dt.date(2025, 7, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        AwardTypeFactory(name="Lao động tiên tiến", valid_from=dt.date(2024, 1, 1))


def test_only_one_undated_version_per_name():
    AwardTypeFactory(name="Giấy khen", valid_from=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        AwardTypeFactory(name="Giấy khen", valid_from=None)
