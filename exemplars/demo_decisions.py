"""Demo data for the road from dossier to decision (README, “From dossier to decision”): one batch walked through
the services, as staff would — dossiers in review, a public consultation already over, a council of nine whose
members vote secretly (eight of them), the minutes, a decision and its verifiable certificates; and a second
batch whose consultation is still open, so /lay-y-kien/ has something to show.

Needs the plan and the award types (`seed_plan`, `seed_awards`) and at least one agency and published movement
(`generate_demo_data`). Every change goes through the services; nothing is written around them."""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from movements.models import Agency, Movement
from movements.services import ensure_staff_group

from .models import (
    AwardDecision,
    AwardType,
    Council,
    CouncilMember,
    CouncilSession,
    DecisionRecipient,
    Nomination,
    NominationAttachment,
)
from .services import consultation, council, decisions
from .services.calendar import working_days

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
NAMES = [
    "Nguyễn Thị Hồng Nhung",
    "Trần Văn Đức",
    "Lê Hoàng Phúc",
    "Phạm Thị Thu Hà",
    "Võ Minh Tâm",
    "Đặng Thị Bích Ngọc",
]
MEMBERS = [
    ("Nguyễn Văn Chủ", "chair", "Chủ tịch UBND tỉnh"),
    ("Trần Thị Phó", "vice-chair", "Giám đốc Sở Nội vụ"),
    ("Lê Văn Thường", "standing", "Trưởng ban Thi đua – Khen thưởng"),
    ("Phạm Văn An", "member", "Chủ tịch Liên đoàn Lao động tỉnh"),
    ("Hồ Thị Bình", "member", "Chủ tịch Hội Liên hiệp Phụ nữ tỉnh"),
    ("Đỗ Văn Cường", "member", "Giám đốc Sở Giáo dục và Đào tạo"),
    ("Huỳnh Thị Dung", "member", "Giám đốc Sở Y tế"),
    ("Bùi Văn Em", "member", "Bí thư Tỉnh đoàn"),
    ("Ngô Thị Giang", "member", "Chủ tịch Ủy ban MTTQ tỉnh"),
]


def _reviewer():
    user, _ = get_user_model().objects.get_or_create(
        username="demo-thamdinh", defaults={"is_staff": True, "email": "thamdinh@example.org"}
    )
    user.groups.add(ensure_staff_group())
    return user


def _dossiers(names: list[str], *, actor, rng: random.Random) -> list[Nomination]:
    today = timezone.localdate()
    award = AwardType.objects.in_force_on(today).get(name="Bằng khen của Chủ tịch UBND tỉnh")
    agencies = list(Agency.objects.order_by("pk")[:3])
    movement = Movement.objects.published().filter(phases__isnull=False).order_by("pk").first()
    if not agencies or movement is None:
        raise RuntimeError("Chạy generate_demo_data trước (cần đơn vị và phong trào đã công khai).")
    phase = movement.phases.order_by("-end_date").first()
    year = min(max(today.year - 1, phase.start_date.year), phase.end_date.year)
    found = []
    for i, name in enumerate(names):
        nomination = Nomination.objects.create(
            agency=agencies[i % len(agencies)],
            nominee_name=name,
            movement=movement,
            phase=phase,
            award_type=award,
            year=year,
            achievements=rng.choice(
                [
                    "Hoàn thành xuất sắc nhiệm vụ hai năm liền, có hai sáng kiến được công nhận cấp cơ sở.",
                    "Dẫn đầu phong trào thi đua của đơn vị; vận động xây dựng 3 căn nhà tình nghĩa.",
                    "Có thành tích đột xuất trong phòng, chống thiên tai, cứu người bị nạn.",
                ]
            ),
            state=Nomination.State.IN_REVIEW,
            submitted_at=timezone.now(),
            created_by=actor,
        )
        for code in award.required_documents:
            NominationAttachment.objects.create(
                nomination=nomination,
                document_type=code,
                file=ContentFile(PDF, name=f"{code}.pdf"),
                original_name=f"{code}.pdf",
                content_type="application/pdf",
                size=len(PDF),
            )
        found.append(nomination)
    return found


def _council(today: dt.date) -> Council:
    council, created = Council.objects.get_or_create(
        name="Hội đồng Thi đua – Khen thưởng tỉnh Tây Ninh", defaults={"term_start": dt.date(today.year - 1, 1, 1)}
    )
    users = get_user_model().objects
    for i, (name, role, position) in enumerate(MEMBERS, start=1):
        user, _ = users.get_or_create(username=f"hoidong{i}", defaults={"email": f"hoidong{i}@example.org"})
        CouncilMember.objects.get_or_create(
            council=council,
            user=user,
            defaults={"name": name, "role": role, "position": position, "term_start": council.term_start},
        )
    return council


@transaction.atomic
def generate(seed: int = 15) -> dict:
    rng = random.Random(seed)
    actor = _reviewer()
    today = timezone.localdate()
    batch = _dossiers(NAMES[:4], actor=actor, rng=rng)
    # A consultation over: opened long enough ago that its 10 working days have passed.
    opened = working_days(today - dt.timedelta(days=40), today)[0]
    consultation.open_consultation(
        batch, actor=actor, title="Lấy ý kiến đề nghị tặng Bằng khen, đợt 1", opens_on=opened
    )
    members_council = _council(today)
    session = CouncilSession.objects.create(
        council=members_council, title="Phiên họp xét khen thưởng", date=today, place="Hội trường UBND tỉnh"
    )
    council.add_to_agenda(session, batch, actor=actor)
    members = list(members_council.members.order_by("pk"))
    council.record_attendance(session, members[:8], actor=actor)
    council.open_voting(session, actor=actor)
    for member in members[:8]:
        choices = {n.pk: "agree" for n in batch}
        if member.role == "member" and rng.random() < 0.5:
            choices[batch[-1].pk] = "disagree"  # the last nominee gets a split vote
        council.cast_ballot(session, user=member.user, choices=choices)
    session = council.close_session(session, actor=actor)
    passed = [r.nomination for r in session.results.select_related("nomination") if r.passed]
    number = str(100 + AwardDecision.objects.count())
    decision = AwardDecision.objects.create(number=number, date=today, signer_name=MEMBERS[0][0])
    for nomination in passed:
        DecisionRecipient.objects.create(decision=decision, nomination=nomination)
    decisions.issue_decision(decision, actor=actor)
    # A second batch, open for comment now.
    waiting = _dossiers(NAMES[4:], actor=actor, rng=rng)
    consultation.open_consultation(
        waiting, actor=actor, title="Lấy ý kiến đề nghị tặng Bằng khen, đợt 2", opens_on=today
    )
    return {"session": session, "decision": decision, "passed": passed, "waiting": waiting}
