import datetime as dt

import factory
from django.contrib.auth import get_user_model

from movements.models import Agency, Field, Movement, Plan, PlanPhase

__all__ = [
    "PASSWORD",
    "UserFactory",
    "StaffUserFactory",
    "AgencyFactory",
    "PlanFactory",
    "PlanPhaseFactory",
    "FieldFactory",
    "MovementFactory",
]

PASSWORD = "mat-khau-thu-nghiem-2025"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"nguoidung{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password(PASSWORD)


class StaffUserFactory(UserFactory):
    is_staff = True

    @factory.post_generation
    def staff_group(self, create, extracted, **kwargs):
        if create:
            from movements.services import ensure_staff_group

            self.groups.add(ensure_staff_group())


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"Đơn vị thử nghiệm số {n}")
    short_name = factory.Sequence(lambda n: f"ĐV{n}")
    kind = Agency.Kind.PROVINCIAL_DEPARTMENT
    email = factory.Sequence(lambda n: f"donvi{n}@example.org")


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    code = factory.Sequence(lambda n: f"ke-hoach-{n}")
    issuer = factory.SubFactory(AgencyFactory)
    issued_on = dt.date(2026, 1, 15)
    title = factory.Sequence(lambda n: f"Kế hoạch thi đua số {n}")


class PlanPhaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanPhase

    plan = factory.SubFactory(PlanFactory)
    name = factory.Sequence(lambda n: f"Giai đoạn {n}")
    start_date = dt.date(2026, 1, 1)
    end_date = dt.date(2027, 12, 31)
    preliminary_review_date = dt.date(2026, 12, 31)
    final_review_date = dt.date(2027, 12, 15)


class FieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Field

    name = factory.Sequence(lambda n: f"Lĩnh vực {n}")


class MovementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Movement

    name = factory.Sequence(lambda n: f"Phong trào thi đua số {n}")
    kind = Movement.Kind.MOVEMENT
    field = factory.SubFactory(FieldFactory)
    lead_agency = factory.SubFactory(AgencyFactory)
    is_published = True
