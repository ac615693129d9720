import datetime as dt

import factory
from django.utils import timezone

from exemplars.models import AwardType, Exemplar, Honour, Nomination
from movements.models import AgencyMembership

from .movements import AgencyFactory, MovementFactory, PlanPhaseFactory, UserFactory

__all__ = ["AwardTypeFactory", "ExemplarFactory", "HonourFactory", "MembershipFactory", "NominationFactory"]


class AwardTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AwardType

    name = factory.Sequence(lambda n: f"Bằng khen thử nghiệm {n}")
    kind = AwardType.Kind.COMMENDATION
    recipient = AwardType.Recipient.BOTH
    level = AwardType.Level.PROVINCE
    required_documents = factory.LazyFunction(lambda: ["proposal", "achievement-report", "meeting-minutes"])


class ExemplarFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Exemplar

    name = factory.Sequence(lambda n: f"Nguyễn Văn Điển {n}")
    agency = factory.SubFactory(AgencyFactory)
    summary = "Hoàn thành xuất sắc nhiệm vụ, có sáng kiến được công nhận."
    is_published = True
    published_at = factory.LazyFunction(timezone.now)


class HonourFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Honour

    exemplar = factory.SubFactory(ExemplarFactory)
    award_type = factory.SubFactory(AwardTypeFactory)
    year = 2024
    decision_number = factory.Sequence(lambda n: f"{n}/QĐ-UBND")
    decision_date = dt.date(2024, 12, 20)
    issuing_authority = "Chủ tịch UBND tỉnh Tây Ninh"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgencyMembership

    user = factory.SubFactory(UserFactory)
    agency = factory.SubFactory(AgencyFactory)
    role = AgencyMembership.Role.HEAD


class NominationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Nomination

    agency = factory.SubFactory(AgencyFactory)
    nominee_name = factory.Sequence(lambda n: f"Trần Thị Đề Cử {n}")
    movement = factory.SubFactory(MovementFactory)
    phase = factory.SubFactory(PlanPhaseFactory)
    award_type = factory.SubFactory(AwardTypeFactory)
    year = 2025
    achievements = "Dẫn đầu phong trào thi đua của đơn vị."
    votes_for = 9
    council_members = 10
