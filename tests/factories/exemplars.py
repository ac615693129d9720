import datetime as dt

import factory
from django.utils import timezone

from exemplars.models import AwardType, Exemplar, Honour, Nomination, NurturingPlan, Proposal
from movements.models import AgencyMembership

from .movements import AgencyFactory, MovementFactory, PlanPhaseFactory, UserFactory

__all__ = [
    "AwardTypeFactory",
    "ExemplarFactory",
    "HonourFactory",
    "MembershipFactory",
    "NominationFactory",
    "NurturingPlanFactory",
    "ProposalFactory",
    "attach_documents",
]


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


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def attach_documents(nomination: Nomination, codes=None) -> None:
    """Attach a small PDF for each document code (default: every document the award type version requires)."""
    from django.core.files.base import ContentFile

    from exemplars.models import NominationAttachment

    for code in nomination.award_type.required_documents if codes is None else codes:
        NominationAttachment.objects.create(
            nomination=nomination,
            document_type=code,
            file=ContentFile(PDF, name=f"{code}.pdf"),
            original_name=f"{code}.pdf",
            content_type="application/pdf",
            size=len(PDF),
        )


class NominationFactory(factory.django.DjangoModelFactory):
    """A lawful dossier: its phase is one of its movement's and covers its year. `complete=True` attaches
    every document the award type version requires (approval refuses a dossier without them)."""

    class Meta:
        model = Nomination
        skip_postgeneration_save = True

    agency = factory.SubFactory(AgencyFactory)
    nominee_name = factory.Sequence(lambda n: f"Trần Thị Đề Cử {n}")
    movement = factory.SubFactory(MovementFactory)
    phase = factory.SubFactory(PlanPhaseFactory, start_date=dt.date(2025, 1, 1), end_date=dt.date(2027, 12, 31))
    award_type = factory.SubFactory(AwardTypeFactory)
    year = 2025
    achievements = "Dẫn đầu phong trào thi đua của đơn vị."
    votes_for = 9
    council_members = 10

    @factory.post_generation
    def phase_of_movement(self, create, extracted, **kwargs):
        if create:
            self.movement.phases.add(self.phase)

    @factory.post_generation
    def complete(self, create, extracted, **kwargs):
        if create and extracted:
            attach_documents(self)


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal

    kind = Exemplar.Kind.INDIVIDUAL
    name = factory.Sequence(lambda n: f"Lê Thị Người Tốt {n}")
    locality = "Xã Thạnh Đức, tỉnh Tây Ninh"
    story = "Nhiều năm liền tự bỏ tiền sửa đường liên ấp, giúp học sinh nghèo có xe đạp đến trường."
    proposer_name = "Phạm Văn Giới Thiệu"
    proposer_email = factory.Sequence(lambda n: f"nguoigioithieu{n}@example.org")
    consent = True


class NurturingPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NurturingPlan

    exemplar = factory.SubFactory(ExemplarFactory)
    agency = factory.LazyAttribute(lambda o: o.exemplar.agency)
    goals = "Hỗ trợ nhân rộng mô hình ra các ấp lân cận."
