"""Demo rows of the exemplar's life, for generate_demo_data: proposals in every state (with their logs), exemplars
found through a proposal, nurturing plans with dated follow-ups (some coming due), and replications by several
agencies. Written directly, like the rest of the demo data: no e-mail is queued, the logs are filled in."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from movements.models import Agency

from .models import Exemplar, FollowUp, LifecycleEvent, NurturingPlan, Proposal, ProposalEvent, Replication

State = Proposal.State
Stage = Exemplar.Stage

STORIES = [
    (
        "individual",
        "Bà Trần Thị Mai",
        "Xã Thạnh Bình",
        "Hơn 15 năm nấu cơm miễn phí cho bệnh nhân nghèo tại Trung tâm Y tế.",
    ),
    (
        "individual",
        "Ông Nguyễn Văn Sáu",
        "Xã Hòa Hiệp",
        "Tự bỏ tiền và công sức làm 3 cây cầu bê tông cho bà con vùng biên giới.",
    ),
    (
        "collective",
        "Chi đoàn Ấp Tân Lập",
        "Xã Tân Lập",
        "Duy trì 5 năm mô hình “Thắp sáng đường quê” bằng đèn năng lượng mặt trời.",
    ),
    (
        "model",
        "Mô hình “Tổ tự quản an ninh trật tự”",
        "Phường Tân Ninh",
        "Mỗi tổ 10 hộ tuần tra, giảm hẳn trộm cắp vặt trong khu phố.",
    ),
    (
        "individual",
        "Cô giáo Lê Thị Hồng",
        "Xã Phước Vinh",
        "Mở lớp học tình thương miễn phí cho trẻ em hoàn cảnh khó khăn.",
    ),
    (
        "model",
        "Mô hình “Ngôi nhà xanh”",
        "Xã Trường Tây",
        "Thu gom phế liệu đổi quà, gây quỹ tặng học bổng cho học sinh nghèo.",
    ),
    (
        "collective",
        "Hội Phụ nữ ấp Bàu Sen",
        "Xã Tân Hưng",
        "Vận động 120 hội viên tham gia tổ tiết kiệm, giúp 30 hộ thoát nghèo.",
    ),
    (
        "individual",
        "Anh Phạm Văn Tài",
        "Xã Lộc Ninh",
        "Hiến máu tình nguyện 32 lần, vận động hàng trăm thanh niên cùng tham gia.",
    ),
    ("individual", "Ông Võ Văn Ba", "Xã Bến Cầu", "Nhặt được tài sản lớn, tìm trả lại cho người đánh rơi."),
    (
        "model",
        "Mô hình “Chợ không tiền”",
        "Phường Hòa Thành",
        "Mỗi tháng tặng quần áo, nhu yếu phẩm cho người lao động nghèo.",
    ),
    (
        "individual",
        "Bà Đặng Thị Lan",
        "Xã Ninh Điền",
        "Nhận nuôi 4 trẻ mồ côi trong xóm, lo cho các em ăn học đến nơi đến chốn.",
    ),
    (
        "collective",
        "Đội thanh niên tình nguyện phường 3",
        "Phường Tân Ninh",
        "Sửa chữa miễn phí xe đạp cho học sinh mỗi đầu năm học.",
    ),
]
PROPOSERS = ["Nguyễn Thị Hạnh", "Trần Văn Lộc", "Lê Minh Tâm", "Phạm Thị Thu", "Huỳnh Văn Nam", "Võ Thị Kim"]
# The proposals' states, one story each: every stage of the life is shown.
PLAN = [
    State.RECEIVED,
    State.RECEIVED,
    State.VERIFYING,
    State.VERIFYING,
    State.CONFIRMED,
    State.CONFIRMED,
    State.CONFIRMED,
    State.CONFIRMED,
    State.NOT_CONFIRMED,
    State.DUPLICATE,
    State.CLOSED,
    State.CONFIRMED,
]
REASONS = {
    State.NOT_CONFIRMED: "Địa phương xác minh: thông tin chưa chính xác, người được giới thiệu đã chuyển đi nơi khác.",
    State.CLOSED: "Việc làm tốt xảy ra ngoài địa bàn tỉnh Tây Ninh, đã chuyển thông tin đến địa phương liên quan.",
    State.DUPLICATE: "Người này đã được ghi nhận là điển hình tiên tiến.",
}
SUPPORT = [
    "Tập huấn kỹ năng tuyên truyền, hỗ trợ kinh phí 5 triệu đồng.",
    "Giới thiệu trên Báo Tây Ninh và trang thông tin điện tử của xã.",
    "Kết nối với Hội Chữ thập đỏ để mở rộng hoạt động.",
]
WHAT = [
    "Học tập cách tổ chức, nhân rộng mô hình ra các ấp trên địa bàn.",
    "Áp dụng cách vận động hội viên tham gia, thành lập tổ tương tự.",
    "Tổ chức buổi giao lưu, học tập kinh nghiệm tại chỗ.",
]


def add_lifecycle_demo(rng: random.Random, agencies: list[Agency], exemplars: list[Exemplar]) -> dict[str, int]:
    """Proposals in every state, their confirmed exemplars nurtured and replicated, and replications of a few
    published exemplars by several agencies. Returns counts for the command's summary."""
    if len(agencies) < 3:
        return {}
    today = timezone.localdate()
    created = []
    for n, ((kind, name, locality, story), state) in enumerate(zip(STORIES, PLAN, strict=True)):
        created.append(_proposal(rng, n, kind, name, locality, story, state, agencies, exemplars, today))
    confirmed = [p.exemplar for p in created if p.state == State.CONFIRMED]
    plans = [_nurture(rng, e, today) for e in confirmed[:4]]
    spread_targets = list({e.pk: e for e in confirmed[:2] + exemplars[-4:]}.values())
    replications = sum(_replicate(rng, e, agencies, today) for e in spread_targets)
    return {"proposals": len(created), "plans": len(plans), "replications": replications}


def _proposal(rng, n, kind, name, locality, story, state, agencies, exemplars, today) -> Proposal:
    found = _found_through(kind, exemplars) if state == State.CONFIRMED else None
    if found is not None:  # a demo exemplar that was discovered through this proposal
        kind, name, locality = found.kind, found.name, found.locality or locality
    sent = timezone.now() - dt.timedelta(days=60 - n * 4)
    proposal = Proposal.objects.create(
        kind=kind,
        name=name,
        locality=locality,
        story=story,
        proposer_name=PROPOSERS[n % len(PROPOSERS)],
        proposer_email=f"nguoigioithieu{n}@example.org",
        proposer_phone=f"09{rng.randrange(10**7, 10**8)}",
        consent=True,
        proposed_by_agency=agencies[n % len(agencies)] if n % 4 == 3 else None,
    )
    Proposal.objects.filter(pk=proposal.pk).update(created_at=sent)
    ProposalEvent.record(proposal=proposal, to_state=State.RECEIVED, actor_label="Biểu mẫu công khai")
    verifier = found.agency if found is not None else agencies[(n + 1) % len(agencies)]
    if state in (State.VERIFYING, State.CONFIRMED, State.NOT_CONFIRMED):
        proposal.agency = verifier
        ProposalEvent.record(
            proposal=proposal, from_state=State.RECEIVED, to_state=State.VERIFYING, comment=verifier.name
        )
    proposal.state = state
    proposal.public_reason = REASONS.get(state, "")
    if state == State.VERIFYING:
        proposal.verification_nonce = f"demo{n}"
    if state == State.DUPLICATE and exemplars:
        proposal.exemplar = exemplars[n % len(exemplars)]
    if state == State.CONFIRMED:
        proposal.exemplar = found or _draft_exemplar(kind, name, locality, story, verifier)  # only with no demo rows
        LifecycleEvent.record(
            exemplar=proposal.exemplar, action="verified", from_state=Stage.PROPOSED, to_state=Stage.VERIFIED
        )
        proposal.verified_at = timezone.now() - dt.timedelta(days=30 - n)
        proposal.verification_note = "Đã xác minh tại địa phương: đúng sự thật."
    if state not in (State.RECEIVED, State.VERIFYING):
        source = State.VERIFYING if proposal.agency_id else State.RECEIVED
        ProposalEvent.record(
            proposal=proposal,
            from_state=source,
            to_state=state,
            actor_label=f"{verifier.name} (qua liên kết xác minh)" if proposal.agency_id else "",
            comment=proposal.public_reason or proposal.verification_note,
        )
    proposal.save()
    return proposal


def _found_through(kind: str, exemplars: list[Exemplar]) -> Exemplar | None:
    """The next demo exemplar (of `kind` if there is one left) not yet linked to a proposal: the exemplars found
    through proposals are among those the command was asked for, so its counts stay as asked."""
    taken = set(Proposal.objects.exclude(exemplar=None).values_list("exemplar_id", flat=True))
    free = [e for e in exemplars if e.pk not in taken]
    return next((e for e in free if e.kind == kind), free[0] if free else None)


def _draft_exemplar(kind, name, locality, story, agency) -> Exemplar:
    """A confirmed proposal's new exemplar when the command made none: a draft, unpublished until staff publish it."""
    exemplar = Exemplar(
        kind=kind, name=name, agency=agency, locality=locality, summary=story, story=story, stage=Stage.VERIFIED
    )
    exemplar.save()
    return exemplar


def _nurture(rng, exemplar: Exemplar, today: dt.date) -> NurturingPlan:
    plan = NurturingPlan.objects.create(
        exemplar=exemplar,
        agency=exemplar.agency,
        goals="Bồi dưỡng để mô hình hoạt động bền vững và đủ điều kiện nhân rộng.",
        support=rng.choice(SUPPORT),
    )
    for back in (50, 20):
        FollowUp.objects.create(
            plan=plan,
            date=today - dt.timedelta(days=back),
            support_given=rng.choice(SUPPORT),
            results="Hoạt động ổn định, thêm hộ dân tham gia.",
            next_review=today + dt.timedelta(days=rng.choice([0, 7, 14, 30])) if back == 20 else None,
        )
    Exemplar.objects.filter(pk=exemplar.pk).update(stage=Stage.NURTURED)
    LifecycleEvent.record(exemplar=exemplar, action="plan-created", from_state=Stage.VERIFIED, to_state=Stage.NURTURED)
    return plan


def _replicate(rng, exemplar: Exemplar, agencies: list[Agency], today: dt.date) -> int:
    others = [a for a in agencies if a.pk != exemplar.agency_id]
    chosen = rng.sample(others, k=min(len(others), rng.randint(2, 4)))
    for i, agency in enumerate(chosen):
        Replication.objects.create(
            exemplar=exemplar,
            agency=agency,
            date=today - dt.timedelta(days=40 - i * 9),
            what=rng.choice(WHAT),
            results="Đã có thêm hộ dân, hội viên tham gia.",
        )
    previous = Exemplar.objects.filter(pk=exemplar.pk).values_list("stage", flat=True).get()
    spread = Replication.objects.filter(exemplar=exemplar).values("agency").distinct().count()
    Exemplar.objects.filter(pk=exemplar.pk).update(stage=Stage.REPLICATED, spread=spread)
    LifecycleEvent.record(exemplar=exemplar, action="replicated", from_state=previous, to_state=Stage.REPLICATED)
    return len(chosen)
