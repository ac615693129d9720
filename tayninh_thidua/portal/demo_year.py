"""Demo rows of the emulation year (issue #16), called once by generate_demo_data: the current year's registration
(open, most agencies registered), a bloc scored and ranked for last year (published) and this year's covenant
open for scoring, and a few initiatives, so that a newcomer sees each feature on `make run`.

Rows are written directly (the demo has no users to act as), obeying the rules the services enforce: titles in
force that year, every member scoring itself and every other member once, points within each criterion's maximum.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from exemplars.models import AwardType, Initiative, Registration, RegistrationEntry, RegistrationPeriod
from movements.models import Agency, Bloc, BlocMembership, Covenant, CovenantCriterion, ScoreLine, ScoreSheet
from tayninh_thidua.lib.text import fold

NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Minh Cường", "Phạm Thu Hà", "Võ Quốc Hùng", "Đặng Ngọc Lan"]
POSITIONS = ["Trưởng phòng", "Chuyên viên", "Phó Giám đốc", "Kế toán trưởng", "Giáo viên"]
CRITERIA = [
    ("Hoàn thành chỉ tiêu, nhiệm vụ chính trị được giao", 40, True),
    ("Tổ chức phong trào thi đua, phát hiện, nhân rộng điển hình", 25, True),
    ("Cải cách hành chính, chuyển đổi số", 20, False),
    ("Xây dựng Đảng, đoàn thể trong sạch vững mạnh", 15, False),
]
INITIATIVES = [
    ("Số hóa hồ sơ một cửa liên thông", "base", "Rút ngắn 30% thời gian giải quyết hồ sơ."),
    ("Ứng dụng bản đồ số quản lý cây trồng", "province", "Giảm chi phí khảo sát đồng ruộng 200 triệu đồng/năm."),
    ("Sổ tay điện tử hướng dẫn thủ tục thi đua", "base", "Giảm 40% hồ sơ bị trả lại để bổ sung."),
    ("Mô hình tổ hòa giải cơ sở trực tuyến", "province", "Hòa giải thành 85% vụ việc trong năm."),
    ("Phần mềm theo dõi tiến độ dự án đầu tư công", "national", "Áp dụng tại 12 tỉnh, thành phố."),
    ("Quy trình kiểm tra chéo chứng từ kế toán", "", ""),
]


def fill(rng: random.Random, agencies: list[Agency]) -> None:
    """Once: does nothing if a registration period already exists."""
    if RegistrationPeriod.objects.exists() or len(agencies) < 2:
        return
    today = timezone.localdate()
    _registration(rng, agencies, today)
    _blocs(rng, agencies[:6], today.year)
    _initiatives(rng, agencies, today)


def _registration(rng: random.Random, agencies: list[Agency], today: dt.date) -> None:
    year = today.year
    RegistrationPeriod.objects.create(
        year=year,
        deadline=today + dt.timedelta(days=20),
        note="Các đơn vị đăng ký danh hiệu thi đua của tập thể và cá nhân trước hạn.",
    )
    titles = [a for a in AwardType.objects.filter(kind=AwardType.Kind.TITLE) if a.is_in_force_during(year)]
    if not titles:
        return
    registering = agencies[:-2]  # the last two have not registered: the reminder and the board show them
    Registration.objects.bulk_create([Registration(agency=a, year=year) for a in registering])
    entries = []
    for registration in Registration.objects.filter(year=year):
        for award in rng.sample(titles, k=min(3, len(titles))):
            collective = award.recipient in (AwardType.Recipient.COLLECTIVE, AwardType.Recipient.HOUSEHOLD)
            name = registration.agency.name if collective else rng.choice(NAMES)
            entries.append(
                RegistrationEntry(
                    registration=registration,
                    award_type=award,
                    nominee_kind="collective" if collective else "individual",
                    nominee_name=name,
                    nominee_position="" if collective else rng.choice(POSITIONS),
                    name_folded=fold(name)[:255],
                )
            )
    RegistrationEntry.objects.bulk_create(entries, ignore_conflicts=True)


def _covenant(bloc: Bloc, year: int, members: list[Agency], published: bool) -> Covenant:
    covenant = Covenant.objects.create(
        bloc=bloc,
        year=year,
        signed_on=dt.date(year, 2, 15),
        proposal_count=1,
        is_published=published,
        published_at=timezone.now() if published else None,
    )
    for position, (text, points, evidence) in enumerate(CRITERIA, start=1):
        CovenantCriterion.objects.create(
            covenant=covenant, position=position, text=text, max_points=points, evidence_required=evidence
        )
    for index, agency in enumerate(members):
        role = {0: "leader", 1: "deputy"}.get((index - year) % len(members), "member")  # rotates yearly
        BlocMembership.objects.create(bloc=bloc, agency=agency, year=year, role=role)
    return covenant


def _score(rng: random.Random, covenant: Covenant, pairs: list[tuple[Agency, Agency]]) -> None:
    criteria = list(covenant.criteria.all())
    for scorer, scored in pairs:
        sheet = ScoreSheet.objects.create(covenant=covenant, scorer=scorer, scored=scored)
        ScoreLine.objects.bulk_create(
            [
                ScoreLine(
                    sheet=sheet,
                    criterion=c,
                    points=(c.max_points * Decimal(rng.randint(78, 100)) / 100).quantize(Decimal("0.5")),
                    evidence="Báo cáo tổng kết năm, quyết định khen thưởng kèm theo." if scorer == scored else "",
                )
                for c in criteria
            ]
        )


def _blocs(rng: random.Random, members: list[Agency], year: int) -> None:
    bloc = Bloc.objects.create(
        name="Khối thi đua các cơ quan mẫu",
        kind=Bloc.Kind.BLOC,
        description="Khối thi đua dữ liệu mẫu: các đơn vị tự chấm, chấm chéo theo giao ước.",
    )
    last = _covenant(bloc, year - 1, members, published=True)
    _score(rng, last, [(a, b) for a in members for b in members])
    current = _covenant(bloc, year, members, published=False)
    _score(rng, current, [(a, a) for a in members[:2]])  # this year: scoring has just begun


def _initiatives(rng: random.Random, agencies: list[Agency], today: dt.date) -> None:
    for index, (title, level, benefit) in enumerate(INITIATIVES):
        Initiative.objects.create(
            agency=agencies[index % len(agencies)],
            title=title,
            authors=", ".join(rng.sample(NAMES, k=2)),
            summary=f"{title}: giải pháp do đơn vị đề xuất và áp dụng thử trong năm.",
            recognition_level=level,
            recognised_on=(today - dt.timedelta(days=30 * (index + 1))) if level else None,
            decision_number=f"{rng.randint(10, 300)}/QĐ-HĐSK" if level else "",
            benefit=benefit,
            application_scope="Toàn đơn vị và các đơn vị cùng ngành." if level else "",
            internal_notes="Hồ sơ gốc lưu tại văn phòng đơn vị.",
        )
