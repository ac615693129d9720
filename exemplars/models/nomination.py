"""Nomination dossiers (hồ sơ đề nghị khen thưởng), their files and their event log.

States and the allowed transitions live here as data; `exemplars.services` is the one place
that moves a nomination between them (lock, check, save, log, notify).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from movements.audiences import is_head_of, is_reviewer
from movements.models import Agency, Field, Movement, PlanPhase, phase_errors
from tayninh_thidua.lib.fields import YearField
from tayninh_thidua.lib.models import UploadedFile
from tayninh_thidua.lib.storage import private_storage
from tayninh_thidua.lib.uploads import CheckedFileField, CheckedImageField, name_for_type, random_upload_to
from tayninh_thidua.lib.workflow import Move, StateLog, WorkflowState, actions_for

from .awards import AwardType
from .exemplar import Exemplar


class NominationQuerySet(models.QuerySet):
    def for_agency(self, agency: Agency) -> NominationQuerySet:
        return self.filter(agency=agency)

    def with_relations(self) -> NominationQuerySet:
        return self.select_related("agency", "movement", "phase", "award_type", "exemplar")


class NominationState(WorkflowState):
    DRAFT = "draft", _("Nháp")
    SUBMITTED = "submitted", _("Đã gửi")
    IN_REVIEW = "in-review", _("Đang thẩm định")
    RETURNED = "returned", _("Trả lại để bổ sung")
    RESUBMITTED = "resubmitted", _("Đã gửi lại")
    APPROVED = "approved", _("Đã phê duyệt")
    REJECTED = "rejected", _("Không phê duyệt")


# Who makes each move: the agency's head sends, provincial staff review and decide.
HEAD, REVIEWER = "head", "reviewer"
_S = NominationState
NominationState.define(
    moves=[
        Move(frozenset({_S.DRAFT}), _S.SUBMITTED, HEAD, "submit", _("Gửi hồ sơ"), notify=True),
        Move(frozenset({_S.SUBMITTED, _S.RESUBMITTED}), _S.IN_REVIEW, REVIEWER, "take_into_review", _("Tiếp nhận")),
        Move(
            frozenset({_S.IN_REVIEW}),
            _S.RETURNED,
            REVIEWER,
            "return_for_completion",
            _("Trả lại để bổ sung"),
            reason_required=True,
            notify=True,
            style="warning",
        ),
        Move(frozenset({_S.IN_REVIEW}), _S.APPROVED, REVIEWER, "approve", _("Phê duyệt"), notify=True, style="success"),
        Move(
            frozenset({_S.IN_REVIEW}),
            _S.REJECTED,
            REVIEWER,
            "reject",
            _("Không phê duyệt"),
            reason_required=True,
            notify=True,
            style="danger",
        ),
        Move(frozenset({_S.RETURNED}), _S.RESUBMITTED, HEAD, "resubmit", _("Gửi lại hồ sơ"), notify=True),
    ],
    badges={
        _S.DRAFT: "text-bg-secondary",
        _S.RETURNED: "text-bg-warning",
        _S.APPROVED: "text-bg-success",
        _S.REJECTED: "text-bg-danger",
        _S.SUBMITTED: "text-bg-primary",
        _S.IN_REVIEW: "text-bg-primary",
        _S.RESUBMITTED: "text-bg-primary",
    },
    editable={_S.DRAFT, _S.RETURNED},
    final={_S.APPROVED, _S.REJECTED},
)


def holds_nomination_role(actor, nomination: Nomination, role: str) -> bool:
    """The nomination workflow's roles: the head of the dossier's agency, or a provincial reviewer."""
    if role == HEAD:
        return is_head_of(actor, nomination.agency_id)
    return role == REVIEWER and is_reviewer(actor)


class Nomination(models.Model):
    State = NominationState
    # The fields that decide eligibility: once the dossier is submitted, only a reviewer changes them, through
    # services.correct_nomination with a reason (logged old → new).
    ELIGIBILITY_FIELDS = (
        "exemplar",
        "nominee_kind",
        "movement",
        "phase",
        "award_type",
        "year",
        "votes_for",
        "council_members",
    )

    agency = models.ForeignKey(
        Agency, verbose_name=_("đơn vị đề nghị"), on_delete=models.PROTECT, related_name="nominations"
    )
    exemplar = models.ForeignKey(
        Exemplar,
        verbose_name=_("điển hình đã có"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations",
    )
    # The nominee, for a new exemplar (copied onto the Exemplar on approval).
    nominee_kind = models.CharField(
        _("loại"), max_length=16, choices=Exemplar.Kind.choices, default=Exemplar.Kind.INDIVIDUAL
    )
    nominee_name = models.CharField(_("tên cá nhân, tập thể, mô hình"), max_length=255)
    nominee_position = models.CharField(_("chức vụ, nghề nghiệp"), max_length=255, blank=True)
    nominee_locality = models.CharField(_("địa phương"), max_length=255, blank=True)
    nominee_field = models.ForeignKey(
        Field, verbose_name=_("lĩnh vực"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    nominee_portrait = CheckedImageField(
        _("ảnh chân dung"),
        upload_to=random_upload_to("nominations"),
        storage=private_storage,
        blank=True,
        max_side=1600,
    )

    movement = models.ForeignKey(
        Movement, verbose_name=_("phong trào"), on_delete=models.PROTECT, related_name="nominations"
    )
    phase = models.ForeignKey(
        PlanPhase, verbose_name=_("giai đoạn"), on_delete=models.PROTECT, related_name="nominations"
    )
    award_type = models.ForeignKey(
        AwardType, verbose_name=_("danh hiệu, hình thức đề nghị"), on_delete=models.PROTECT, related_name="nominations"
    )
    year = YearField(_("năm xét"))
    achievements = models.TextField(_("tóm tắt thành tích"))
    votes_for = models.PositiveIntegerField(_("số phiếu đồng ý"), null=True, blank=True)
    council_members = models.PositiveIntegerField(_("tổng số thành viên hội đồng"), null=True, blank=True)

    state = models.CharField(_("trạng thái"), max_length=16, choices=State.choices, default=State.DRAFT)
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    decided_at = models.DateTimeField(_("quyết định lúc"), null=True, blank=True)
    decision_number = models.CharField(_("số quyết định"), max_length=80, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    issuing_authority = models.CharField(_("cơ quan, người ký"), max_length=255, blank=True)
    reviewer_comment = models.TextField(_("ý kiến thẩm định gần nhất"), blank=True)
    rules_basis = models.CharField(
        _("căn cứ xét"), max_length=300, blank=True, help_text=_("Căn cứ pháp lý của danh hiệu tại thời điểm xét.")
    )

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    history = HistoricalRecords()
    objects = NominationQuerySet.as_manager()

    class Meta:
        verbose_name = _("hồ sơ đề nghị khen thưởng")
        verbose_name_plural = _("hồ sơ đề nghị khen thưởng")
        ordering = ["-updated_at"]
        indexes = [
            models.Index(fields=["agency", "state", "-updated_at"], name="nomination_agency_state"),
            models.Index(fields=["state", "submitted_at"], name="nomination_state_waiting"),
            models.Index(fields=["movement", "phase"], name="nomination_movement_phase"),
            models.Index(fields=["award_type", "year"], name="nomination_award_year"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(votes_for__isnull=True)
                | Q(council_members__isnull=True)
                | Q(votes_for__lte=models.F("council_members")),
                name="nomination_votes_within_members",
                violation_error_message=_("Số phiếu đồng ý không thể lớn hơn số thành viên hội đồng."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nominee_name} – {self.award_type.name} {self.year}"

    def clean(self) -> None:
        """What no dossier may say, whatever its state: the award's recipient kind and a version that applies to
        the year; a phase of the chosen movement and a year within that phase."""
        errors: dict[str, list[str]] = {}
        if self.award_type_id and self.year:
            from .eligibility import Candidate, check_recipient, check_version

            kind = self.exemplar.kind if self.exemplar_id else self.nominee_kind
            for check in (
                check_recipient(self.award_type, kind),
                check_version(self.award_type, Candidate(kind, self.year)),
            ):
                if not check.ok:
                    errors.setdefault("award_type", []).append(check.detail)
        errors.update(phase_errors(self.movement_id and self.movement, self.phase_id and self.phase, self.year))
        if errors:
            raise ValidationError(errors)

    def can_move_to(self, state: str) -> bool:
        return self.State.move(self.state, state) is not None

    @property
    def is_editable_by_agency(self) -> bool:
        return self.State(self.state).is_editable

    @property
    def state_badge(self) -> str:
        return self.State(self.state).badge

    @property
    def shows_reviewer_comment(self) -> bool:
        """The reviewer's last reasons matter to the agency while the dossier is returned or was rejected."""
        return bool(self.reviewer_comment) and self.state in (self.State.RETURNED, self.State.REJECTED)

    def actions_for(self, user) -> list[Move]:
        """The moves `user` may make on this dossier now (templates show these, never compare states)."""
        return actions_for(self.State, self, user, holds=holds_nomination_role)


class NominationAttachment(UploadedFile):
    nomination = models.ForeignKey(
        Nomination, verbose_name=_("hồ sơ"), on_delete=models.CASCADE, related_name="attachments"
    )
    document_type = models.CharField(_("loại tài liệu"), max_length=32, choices=AwardType.Document.choices)
    file = CheckedFileField(_("tệp"), upload_to=random_upload_to("dossiers"), storage=private_storage)

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")
        ordering = ["document_type", "uploaded_at"]

    def __str__(self) -> str:
        return f"{self.get_document_type_display()}: {self.download_name}"

    @property
    def download_name(self) -> str:
        """The uploaded name with the extension of the type found in the file (a PDF named .docx is a .pdf)."""
        return name_for_type(self.original_name, self.content_type)


class NominationEvent(StateLog):
    """The dossier's log: every transition and notable change (who, when, from, to, comment)."""

    nomination = models.ForeignKey(Nomination, verbose_name=_("hồ sơ"), on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(_("từ trạng thái"), max_length=16, choices=Nomination.State.choices, blank=True)
    to_state = models.CharField(_("sang trạng thái"), max_length=16, choices=Nomination.State.choices, blank=True)

    class Meta(StateLog.Meta):
        verbose_name = _("nhật ký hồ sơ")
        verbose_name_plural = _("nhật ký hồ sơ")

    def __str__(self) -> str:
        return f"{self.nomination_id}: {self.from_state or '∅'} → {self.to_state or '∅'}"
