"""An exemplar's life: discovered (a proposal), verified (by its locality or agency), nurtured (a plan and dated
follow-ups), replicated (other agencies adopt it).

Proposals come from the public form (/gioi-thieu/) or from agencies. The proposer's contact is private: staff and
the verifying agency see it, the public never sees a proposal; the proposer follows it on a status page opened by
its unguessable tracking code, which shows only the state and the reason given to the proposer.
The states and moves are data (the workflow kit); `exemplars.services.lifecycle` is the one door that changes them.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from movements.audiences import is_member_of, is_reviewer
from movements.models import Agency
from tayninh_thidua.lib.storage import private_storage
from tayninh_thidua.lib.uploads import CheckedFileField, CheckedImageField, name_for_type, random_upload_to
from tayninh_thidua.lib.workflow import Move, StateLog, WorkflowState, actions_for

from .exemplar import Exemplar


def new_tracking_code() -> str:
    """22 URL-safe characters (128 bits): a status page nobody can find by guessing."""
    return secrets.token_urlsafe(16)


class ProposalState(WorkflowState):
    RECEIVED = "received", _("Đã tiếp nhận")
    VERIFYING = "verifying", _("Đang xác minh")
    CONFIRMED = "confirmed", _("Đã xác minh, ghi nhận điển hình")
    NOT_CONFIRMED = "not-confirmed", _("Không được xác nhận")
    DUPLICATE = "duplicate", _("Trùng với điển hình đã có")
    CLOSED = "closed", _("Không thuộc phạm vi")


# Provincial staff triage; the agency asked (through its pages or its signed link) confirms or rejects.
REVIEWER, VERIFIER = "reviewer", "verifier"
_P = ProposalState
_OPEN = frozenset({_P.RECEIVED, _P.VERIFYING})
ProposalState.define(
    moves=[
        Move(_OPEN, _P.VERIFYING, REVIEWER, "send_for_verification", _("Gửi xác minh")),
        Move(_OPEN, _P.DUPLICATE, REVIEWER, "mark_duplicate", _("Trùng điển hình đã có"), notify=True),
        Move(_OPEN, _P.CLOSED, REVIEWER, "close", _("Đóng: không thuộc phạm vi"), reason_required=True, notify=True),
        Move(frozenset({_P.VERIFYING}), _P.CONFIRMED, VERIFIER, "confirm", _("Xác nhận"), notify=True),
        Move(
            frozenset({_P.VERIFYING}),
            _P.NOT_CONFIRMED,
            VERIFIER,
            "reject",
            _("Không xác nhận"),
            reason_required=True,
            notify=True,
            style="danger",
        ),
    ],
    badges={
        _P.RECEIVED: "text-bg-primary",
        _P.VERIFYING: "text-bg-info",
        _P.CONFIRMED: "text-bg-success",
        _P.NOT_CONFIRMED: "text-bg-danger",
        _P.DUPLICATE: "text-bg-secondary",
        _P.CLOSED: "text-bg-secondary",
    },
    final={_P.CONFIRMED, _P.NOT_CONFIRMED, _P.DUPLICATE, _P.CLOSED},
)


def holds_proposal_role(actor, proposal: Proposal, role: str) -> bool:
    """Reviewers triage; the verifier is a member of the agency asked to verify (or a reviewer, who may record
    an answer heard by telephone or letter)."""
    if role == REVIEWER:
        return is_reviewer(actor)
    if role == VERIFIER:
        return is_reviewer(actor) or bool(proposal.agency_id and is_member_of(actor, proposal.agency_id))
    return False


class ProposalQuerySet(models.QuerySet):
    def for_agency(self, agency: Agency) -> ProposalQuerySet:
        """What an agency may see: the proposals it was asked to verify and those it made."""
        return self.filter(models.Q(agency=agency) | models.Q(proposed_by_agency=agency))

    def with_relations(self) -> ProposalQuerySet:
        return self.select_related("agency", "proposed_by_agency", "exemplar")


class Proposal(models.Model):
    """A proposal (giới thiệu) of a person, collective or model as a possible exemplar."""

    State = ProposalState

    tracking_code = models.CharField(
        _("mã theo dõi"), max_length=32, unique=True, default=new_tracking_code, editable=False
    )
    kind = models.CharField(_("loại"), max_length=16, choices=Exemplar.Kind.choices, default=Exemplar.Kind.INDIVIDUAL)
    name = models.CharField(_("tên cá nhân, tập thể, mô hình"), max_length=255)
    locality = models.CharField(_("địa phương (xã, phường, đơn vị)"), max_length=255)
    story = models.TextField(_("câu chuyện, việc làm tốt"))
    photo = CheckedImageField(
        _("ảnh"), upload_to=random_upload_to("proposals"), storage=private_storage, blank=True, max_side=1600
    )

    # Private: the proposer's contact, for staff and the verifying agency only.
    proposer_name = models.CharField(_("người giới thiệu"), max_length=150)
    proposer_email = models.EmailField(_("thư điện tử người giới thiệu"))
    proposer_phone = models.CharField(_("điện thoại người giới thiệu"), max_length=40, blank=True)
    consent = models.BooleanField(_("đồng ý cho cơ quan thi đua liên hệ, xác minh và sử dụng thông tin"), default=False)
    proposed_by_agency = models.ForeignKey(
        Agency,
        verbose_name=_("đơn vị giới thiệu"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals_made",
    )

    state = models.CharField(_("trạng thái"), max_length=16, choices=State.choices, default=State.RECEIVED)
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("đơn vị xác minh"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals_to_verify",
    )
    exemplar = models.ForeignKey(
        Exemplar,
        verbose_name=_("điển hình liên kết"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
    )
    public_reason = models.TextField(_("lý do (người giới thiệu được xem)"), blank=True)
    verification_note = models.TextField(_("ghi chú xác minh"), blank=True)
    verified_at = models.DateTimeField(_("xác minh lúc"), null=True, blank=True)
    # The open verification link's nonce: a new request replaces it, an answer clears it (single use).
    verification_nonce = models.CharField(max_length=32, blank=True, editable=False)
    created_at = models.DateTimeField(_("gửi lúc"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("giới thiệu gương tốt")
        verbose_name_plural = _("giới thiệu gương tốt")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["state", "-created_at"], name="proposal_state_newest"),
            models.Index(fields=["agency", "state"], name="proposal_agency_state"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_status_url(self) -> str:
        return reverse("proposals:status", kwargs={"code": self.tracking_code})

    @property
    def state_badge(self) -> str:
        return self.State(self.state).badge

    @property
    def is_open(self) -> bool:
        return not self.State(self.state).is_final

    def actions_for(self, user) -> list[Move]:
        return actions_for(self.State, self, user, holds=holds_proposal_role)


class ProposalEvent(StateLog):
    """The proposal's log: every move (who, when, from, to, comment); `actor_label` names an actor without an
    account (the proposer on the public form, an agency answering through its link)."""

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("giới thiệu"), on_delete=models.CASCADE, related_name="events"
    )
    actor_label = models.CharField(_("người thực hiện (không có tài khoản)"), max_length=255, blank=True)

    class Meta(StateLog.Meta):
        verbose_name = _("nhật ký giới thiệu")
        verbose_name_plural = _("nhật ký giới thiệu")

    def __str__(self) -> str:
        return f"{self.proposal_id}: {self.from_state or '∅'} → {self.to_state or '∅'}"


class NurturingPlan(models.Model):
    """The responsible agency's short plan to nurture (bồi dưỡng) one exemplar."""

    exemplar = models.OneToOneField(
        Exemplar, verbose_name=_("điển hình"), on_delete=models.CASCADE, related_name="nurturing_plan"
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("đơn vị phụ trách"), on_delete=models.PROTECT, related_name="nurturing_plans"
    )
    goals = models.TextField(_("mục tiêu, nội dung bồi dưỡng"))
    support = models.TextField(_("hình thức hỗ trợ dự kiến"), blank=True)
    created_at = models.DateTimeField(_("lập lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("kế hoạch bồi dưỡng")
        verbose_name_plural = _("kế hoạch bồi dưỡng")
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return str(_("Kế hoạch bồi dưỡng %(name)s") % {"name": self.exemplar})


class FollowUp(models.Model):
    """A dated follow-up of a nurturing plan: the support given, the results, the next review (reminded)."""

    plan = models.ForeignKey(
        NurturingPlan, verbose_name=_("kế hoạch bồi dưỡng"), on_delete=models.CASCADE, related_name="follow_ups"
    )
    date = models.DateField(_("ngày theo dõi"))
    support_given = models.TextField(_("hỗ trợ đã thực hiện"))
    results = models.TextField(_("kết quả"), blank=True)
    next_review = models.DateField(_("lần theo dõi tiếp theo"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người ghi"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("ghi lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("lần theo dõi bồi dưỡng")
        verbose_name_plural = _("theo dõi bồi dưỡng")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["next_review"], name="followup_next_review")]

    def __str__(self) -> str:
        return f"{self.plan.exemplar} – {self.date:%d/%m/%Y}"


class ReplicationQuerySet(models.QuerySet):
    def for_agency(self, agency: Agency) -> ReplicationQuerySet:
        return self.filter(agency=agency)

    def public(self) -> ReplicationQuerySet:
        """Replications of published exemplars only: an unpublished exemplar's spread shows nowhere."""
        return self.filter(exemplar__in=Exemplar.objects.published())


class Replication(models.Model):
    """An agency adopted or learned from an exemplar or model (nhân rộng)."""

    exemplar = models.ForeignKey(
        Exemplar, verbose_name=_("điển hình, mô hình"), on_delete=models.CASCADE, related_name="replications"
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("đơn vị nhân rộng"), on_delete=models.PROTECT, related_name="replications"
    )
    date = models.DateField(_("ngày áp dụng"))
    what = models.TextField(_("nội dung học tập, nhân rộng"))
    results = models.TextField(_("kết quả"), blank=True)
    evidence_file = CheckedFileField(
        _("tệp minh chứng"), upload_to=random_upload_to("replications"), storage=private_storage, blank=True
    )
    evidence_name = models.CharField(_("tên tệp gốc"), max_length=255, blank=True)
    evidence_link = models.URLField(_("liên kết minh chứng"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người ghi"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("ghi lúc"), auto_now_add=True)

    objects = ReplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("nhân rộng điển hình")
        verbose_name_plural = _("nhân rộng điển hình")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["exemplar", "-date"], name="replication_exemplar_date")]

    def __str__(self) -> str:
        return f"{self.agency} – {self.exemplar}"

    @property
    def download_name(self) -> str:
        return name_for_type(self.evidence_name or "minh-chung", "")


class LifecycleEvent(StateLog):
    """The exemplar's life log: its stage moves and every plan, follow-up and replication recorded (the
    statistics read these)."""

    exemplar = models.ForeignKey(
        Exemplar, verbose_name=_("điển hình"), on_delete=models.CASCADE, related_name="lifecycle_events"
    )
    action = models.CharField(_("việc"), max_length=32)

    class Meta(StateLog.Meta):
        verbose_name = _("nhật ký vòng đời điển hình")
        verbose_name_plural = _("nhật ký vòng đời điển hình")

    def __str__(self) -> str:
        return f"{self.exemplar_id}: {self.action}"
