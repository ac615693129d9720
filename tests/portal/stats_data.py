"""A small, hand-counted data set for the statistics and report tests (issue #13).

    plan "Kế hoạch thử" with phases A (2021–2023) and B (2023–2025, ended before today)
    movements M1 (published) and M2 (draft); fields F1, F2
    agencies OLD (merged into NEW on 30/06/2025), NEW, OTHER
    award types "Bằng khen thử" (two versions, province level) and "Giấy khen thử" (base level)

    e1 individual, OLD,   F1, phase A, [M1],     "Xã An Hòa"  published: Bằng khen 2022 (A, M1), Bằng khen v2 2024 (B, M1)
    e2 collective, NEW,   F1, phase B, [M1, M2], "Xã Bình Minh" published: Giấy khen 2024 (B, M2), Giấy khen 2025 REVOKED
    e3 model,      OTHER, F2, phase B, [],       ""           published: Bằng khen 2024 (B, no movement)
    e4 individual, NEW,   F1, phase B, [M1],     "Xã An Hòa"  UNPUBLISHED: Bằng khen 2024 (B, M1)

Public: 3 exemplars, 4 honours. Staff: 4 exemplars, 6 honours of which 1 revoked.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from django.utils import timezone

from contests.models import Entry
from exemplars.models import AwardType
from movements.models import ReviewReport
from tests.factories import (
    AgencyFactory,
    AwardTypeFactory,
    EditionFactory,
    EntryFactory,
    ExemplarFactory,
    FieldFactory,
    HonourFactory,
    MovementFactory,
    PlanFactory,
    PlanPhaseFactory,
)


def build() -> SimpleNamespace:
    d = SimpleNamespace()
    d.new = AgencyFactory(name="Sở Văn hóa mới", short_name="SVH")
    d.old = AgencyFactory(name="Sở Văn hóa cũ", short_name="SVHC", active_until=dt.date(2025, 6, 30), successor=d.new)
    d.other = AgencyFactory(name="Huyện Đoàn Thử", short_name="HĐT")
    d.plan = PlanFactory(title="Kế hoạch thử", issuer=AgencyFactory(name="Ban Thi đua - Khen thưởng tỉnh"))
    d.a = PlanPhaseFactory(
        plan=d.plan,
        name="Giai đoạn 2021–2023",
        start_date=dt.date(2021, 1, 1),
        end_date=dt.date(2023, 6, 30),
        preliminary_review_date=dt.date(2022, 6, 30),
        final_review_date=dt.date(2023, 6, 30),
    )
    d.b = PlanPhaseFactory(
        plan=d.plan,
        name="Giai đoạn 2023–2025",
        start_date=dt.date(2023, 7, 1),
        end_date=dt.date(2025, 12, 31),
        preliminary_review_date=dt.date(2024, 6, 30),
        final_review_date=dt.date(2025, 12, 15),
    )
    d.f1, d.f2 = FieldFactory(name="Giáo dục"), FieldFactory(name="Nông nghiệp")
    d.m1 = MovementFactory(name="Phong trào Dân vận khéo", field=d.f1, lead_agency=d.new)
    d.m2 = MovementFactory(name="Phong trào Nháp bí mật", field=d.f1, is_published=False)
    d.m1.phases.set([d.a, d.b])
    d.m2.phases.set([d.b])
    province, base = AwardType.Level.PROVINCE, AwardType.Level.BASE
    d.bk1 = AwardTypeFactory(name="Bằng khen thử", level=province, valid_until=dt.date(2023, 12, 31))
    d.bk2 = AwardTypeFactory(name="Bằng khen thử", level=province, valid_from=dt.date(2024, 1, 1))
    d.gk = AwardTypeFactory(name="Giấy khen thử", level=base)
    kinds = SimpleNamespace(i="individual", c="collective", m="model")
    d.e1 = ExemplarFactory(
        name="Nguyễn Văn Một", kind=kinds.i, agency=d.old, field=d.f1, phase=d.a, locality="Xã An Hòa"
    )
    d.e2 = ExemplarFactory(name="Tổ Hai", kind=kinds.c, agency=d.new, field=d.f1, phase=d.b, locality="Xã Bình Minh")
    d.e3 = ExemplarFactory(name="Mô hình Ba", kind=kinds.m, agency=d.other, field=d.f2, phase=d.b, locality="")
    d.e4 = ExemplarFactory(
        name="Trần Thị Bốn Chưa Công Bố",
        kind=kinds.i,
        agency=d.new,
        field=d.f1,
        phase=d.b,
        locality="Xã An Hòa",
        is_published=False,
        published_at=None,
    )
    d.e1.movements.set([d.m1])
    d.e2.movements.set([d.m1, d.m2])
    d.e4.movements.set([d.m1])
    HonourFactory(
        exemplar=d.e1, award_type=d.bk1, year=2022, decision_date=dt.date(2022, 12, 1), phase=d.a, movement=d.m1
    )
    HonourFactory(exemplar=d.e1, award_type=d.bk2, year=2024, phase=d.b, movement=d.m1)
    HonourFactory(exemplar=d.e2, award_type=d.gk, year=2024, phase=d.b, movement=d.m2)
    HonourFactory(exemplar=d.e2, award_type=d.gk, year=2025, phase=d.b, revoked_at=timezone.now(), revoked_reason="Sai")
    HonourFactory(exemplar=d.e3, award_type=d.bk2, year=2024, phase=d.b)
    HonourFactory(exemplar=d.e4, award_type=d.bk2, year=2024, phase=d.b, movement=d.m1)
    # Review reports of M1, phase B, final: NEW handed in, OTHER still owes it
    kind = ReviewReport.Kind.FINAL
    d.report_in = ReviewReport.objects.create(
        movement=d.m1,
        agency=d.new,
        phase=d.b,
        kind=kind,
        due_date=dt.date(2025, 12, 15),
        state=ReviewReport.State.ACCEPTED,
        submitted_at=timezone.now(),
        exemplars_found=5,
        models_found=2,
        models_replicated=1,
    )
    d.report_missing = ReviewReport.objects.create(
        movement=d.m1, agency=d.other, phase=d.b, kind=kind, due_date=dt.date(2025, 12, 15)
    )
    # Contests: one edition with published results (3 entries, 1 disqualified, 1 finalist who won), one running
    d.edition = EditionFactory(title="Gương người tốt quanh ta", results_published_at=timezone.now())
    final = d.edition.final_round
    EntryFactory(edition=d.edition)
    EntryFactory(edition=d.edition, disqualified=True, disqualified_reason="Trùng")
    winner = EntryFactory(edition=d.edition, stage=final.order)
    Entry.objects.filter(pk=winner.pk).update(prize=d.edition.prize_tiers.get(rank="nhat"))
    d.running = EditionFactory(title="Kỳ đang chạy")
    EntryFactory(edition=d.running)
    return d
