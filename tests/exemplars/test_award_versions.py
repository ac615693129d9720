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


# --- issue #11 item 4: versions are told apart, and a version must be in force on the decision date --------
VERSION_2025 = "Chiến sĩ thi đua cơ sở — hiệu lực từ 01/07/2025 (Nghị định 152/2025/NĐ-CP)"
VERSION_2024 = "Chiến sĩ thi đua cơ sở — hiệu lực 01/01/2024 – 30/06/2025 (Nghị định 98/2023/NĐ-CP)"
VERSION_2017 = "Chiến sĩ thi đua cơ sở — hiệu lực 31/07/2017 – 31/12/2023 (Nghị định 91/2017/NĐ-CP)"


@pytest.fixture
def seeded_awards():
    from exemplars import services

    services.seed_awards()


def test_versions_are_labelled_with_validity_and_legal_basis(seeded_awards):
    from exemplars.models import AwardType

    labels = {str(a) for a in AwardType.objects.filter(name="Chiến sĩ thi đua cơ sở")}
    assert labels == {VERSION_2025, VERSION_2024, VERSION_2017}
    assert str(AwardType.objects.get(name="Gia đình văn hóa")) == "Gia đình văn hóa (Nghị định 86/2023/NĐ-CP)"


def test_the_admin_and_the_agency_form_tell_versions_apart(seeded_awards, staff_client, client, head):
    from django.urls import reverse

    html = staff_client.get(reverse("admin:exemplars_awardtype_changelist")).content.decode()
    assert all(label in html for label in (VERSION_2025, VERSION_2024, VERSION_2017))
    # The admin's award pickers (honours, nominations) search through the autocomplete view.
    found = staff_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "exemplars", "model_name": "honour", "field_name": "award_type", "term": "cơ sở"},
    ).json()
    assert {VERSION_2025, VERSION_2024, VERSION_2017} <= {row["text"] for row in found["results"]}
    client.force_login(head)
    nomination_form = client.get(reverse("agency:nomination.create")).content.decode()
    assert VERSION_2025 in nomination_form and VERSION_2024 in nomination_form


def test_the_public_filter_tells_versions_apart(seeded_awards, client):
    from django.urls import reverse

    from tests.factories import ExemplarFactory

    ExemplarFactory()
    html = client.get(reverse("exemplars:exemplar.list")).content.decode()
    assert VERSION_2025 in html and VERSION_2024 in html and VERSION_2017 in html


def test_an_honour_under_a_version_not_in_force_on_its_decision_date_is_refused(seeded_awards, staff_client):
    from django.core.exceptions import ValidationError
    from django.urls import reverse

    from exemplars.models import AwardType, Honour
    from tests.factories import ExemplarFactory

    later = AwardType.objects.get(name="Chiến sĩ thi đua cơ sở", valid_from=dt.date(2025, 7, 1))
    exemplar = ExemplarFactory()
    honour = Honour(
        exemplar=exemplar, award_type=later, year=2024, decision_number="1/QĐ", decision_date=dt.date(2024, 12, 20)
    )
    honour.issuing_authority = "Giám đốc Sở thử nghiệm"
    with pytest.raises(ValidationError) as info:
        honour.full_clean()
    assert "không có hiệu lực vào ngày quyết định 20/12/2024" in " ".join(info.value.messages)

    response = staff_client.post(
        reverse("admin:exemplars_honour_add"),
        {
            "exemplar": exemplar.pk,
            "award_type": later.pk,
            "year": 2024,
            "decision_number": "1/QĐ-SYT",
            "decision_date": "20/12/2024",
            "issuing_authority": "Giám đốc Sở thử nghiệm",
        },
    )
    assert response.status_code == 200 and "không có hiệu lực vào ngày quyết định 20/12/2024" in (
        response.content.decode()
    )
    assert not Honour.objects.exists()


def test_an_honour_for_the_wrong_kind_or_signed_at_the_wrong_level_is_refused(seeded_awards):
    from django.core.exceptions import ValidationError

    from exemplars.models import AwardType, Honour
    from tests.factories import ExemplarFactory

    flag = AwardType.objects.in_force_on(dt.date(2024, 12, 20)).get(name="Cờ thi đua của UBND tỉnh")
    person = ExemplarFactory(kind="individual")
    with pytest.raises(ValidationError, match="dành cho đối tượng"):
        Honour(
            exemplar=person, award_type=flag, year=2024, decision_number="1", decision_date=dt.date(2024, 12, 20)
        ).full_clean()
    base = AwardType.objects.in_force_on(dt.date(2024, 12, 20)).get(name="Giấy khen")
    with pytest.raises(ValidationError, match="không do UBND tỉnh"):
        Honour(
            exemplar=person,
            award_type=base,
            year=2024,
            decision_number="1",
            decision_date=dt.date(2024, 12, 20),
            issuing_authority="Chủ tịch UBND tỉnh Tây Ninh",
        ).full_clean()
