"""Review reports (báo cáo sơ kết / tổng kết) that agencies owe per movement, phase and kind; their files and log."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tayninh_thidua.lib.access import has_staff_permission
from tayninh_thidua.lib.storage import private_storage
from tayninh_thidua.lib.uploads import CheckedFileField, random_upload_to
from tayninh_thidua.lib.workflow import Move, StateLog, WorkflowState, actions_for

from ..audiences import is_member_of
from .agency import Agency
from .movement import Movement
from .plan import PlanPhase


class MovementParticipant(models.Model):
    """An agency assigned to take part in a movement, besides its lead and coordinating agencies."""

    movement = models.ForeignKey(
        Movement, verbose_name=_("phong trào"), on_delete=models.CASCADE, related_name="participants"
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan, đơn vị"), on_delete=models.PROTECT, related_name="participations"
    )
    assigned_on = models.DateField(_("giao nhiệm vụ ngày"), null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("đơn vị tham gia")
        verbose_name_plural = _("đơn vị tham gia")
        constraints = [models.UniqueConstraint(fields=["movement", "agency"], name="participant_unique")]

    def __str__(self) -> str:
        return f"{self.agency} – {self.movement}"


class ReviewReportQuerySet(models.QuerySet):
    def for_agency(self, agency: Agency) -> ReviewReportQuerySet:
        return self.filter(agency=agency)

    def with_relations(self) -> ReviewReportQuerySet:
        return self.select_related("movement", "phase", "agency")

    def unreported(self) -> ReviewReportQuerySet:
        return self.filter(state__in=ReviewReport.OPEN_STATES)


class ReportState(WorkflowState):
    PENDING = "pending", _("Chưa nộp")
    SUBMITTED = "submitted", _("Đã nộp")
    RETURNED = "returned", _("Trả lại để bổ sung")
    ACCEPTED = "accepted", _("Đã tiếp nhận")


# Who makes each move: the agency that owes the report hands it in; provincial staff accept or return it.
AGENCY, STAFF = "agency", "staff"
_R = ReportState
ReportState.define(
    moves=[
        Move(frozenset({_R.PENDING, _R.RETURNED}), _R.SUBMITTED, AGENCY, "submit", _("Nộp báo cáo")),
        Move(frozenset({_R.SUBMITTED}), _R.ACCEPTED, STAFF, "accept", _("Tiếp nhận"), notify=True, style="success"),
        Move(
            frozenset({_R.SUBMITTED}),
            _R.RETURNED,
            STAFF,
            "return",
            _("Trả lại để bổ sung"),
            reason_required=True,
            notify=True,
            style="warning",
        ),
    ],
    badges={
        _R.PENDING: "text-bg-secondary",
        _R.SUBMITTED: "text-bg-primary",
        _R.RETURNED: "text-bg-warning",
        _R.ACCEPTED: "text-bg-success",
    },
    editable={_R.PENDING, _R.RETURNED},
    final={_R.ACCEPTED},
)


def holds_report_role(actor, report: ReviewReport, role: str) -> bool:
    """The report workflow's roles: a member of the agency that owes it, or provincial staff who may change reports."""
    if role == AGENCY:
        return is_member_of(actor, report.agency_id)
    return role == STAFF and has_staff_permission(actor, "movements.change_reviewreport")


class ReviewReport(models.Model):
    class Kind(models.TextChoices):
        PRELIMINARY = "preliminary", _("Báo cáo sơ kết")
        FINAL = "final", _("Báo cáo tổng kết")

    State = ReportState
    # Reports the agency still owes: reminders go out for these, and only these.
    OPEN_STATES = tuple(state for state in ReportState if state.is_editable)

    movement = models.ForeignKey(
        Movement, verbose_name=_("phong trào"), on_delete=models.PROTECT, related_name="review_reports"
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan, đơn vị"), on_delete=models.PROTECT, related_name="review_reports"
    )
    phase = models.ForeignKey(
        PlanPhase, verbose_name=_("giai đoạn"), on_delete=models.PROTECT, related_name="review_reports"
    )
    kind = models.CharField(_("loại báo cáo"), max_length=16, choices=Kind.choices)
    due_date = models.DateField(_("hạn nộp"))
    state = models.CharField(_("trạng thái"), max_length=16, choices=State.choices, default=State.PENDING)
    summary = models.TextField(_("tóm tắt kết quả"), blank=True)
    exemplars_found = models.PositiveIntegerField(_("số điển hình phát hiện"), default=0)
    models_found = models.PositiveIntegerField(_("số mô hình phát hiện"), default=0)
    models_replicated = models.PositiveIntegerField(_("số mô hình được nhân rộng"), default=0)
    exemplar_notes = models.TextField(_("điển hình, mô hình tiêu biểu"), blank=True)
    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nộp"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("xử lý lúc"), null=True, blank=True)
    review_comment = models.TextField(_("ý kiến của cán bộ thi đua"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    objects = ReviewReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("báo cáo sơ kết, tổng kết")
        verbose_name_plural = _("báo cáo sơ kết, tổng kết")
        ordering = ["due_date", "movement_id", "agency_id"]
        constraints = [
            models.UniqueConstraint(fields=["movement", "agency", "phase", "kind"], name="review_report_unique"),
        ]
        indexes = [
            models.Index(fields=["state", "due_date", "agency"], name="review_report_due"),
            models.Index(fields=["agency", "due_date"], name="review_report_agency"),
            models.Index(fields=["movement", "phase", "kind"], name="review_report_board"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.movement} – {self.phase} – {self.agency}"

    def get_absolute_url(self) -> str:
        return reverse("agency:report.detail", kwargs={"pk": self.pk})

    def can_move_to(self, state: str) -> bool:
        return self.State.move(self.state, state) is not None

    @property
    def state_badge(self) -> str:
        return self.State(self.state).badge

    def actions_for(self, user) -> list[Move]:
        """The moves `user` may make on this report now (templates show these, never compare states)."""
        return actions_for(self.State, self, user, holds=holds_report_role)

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN_STATES


class ReviewReportAttachment(models.Model):
    report = models.ForeignKey(
        ReviewReport, verbose_name=_("báo cáo"), on_delete=models.CASCADE, related_name="attachments"
    )
    title = models.CharField(_("tên tài liệu"), max_length=255)
    file = CheckedFileField(
        _("tệp"), upload_to=random_upload_to("review-reports"), storage=private_storage, allow_images=False
    )
    content_type = models.CharField(_("loại tệp"), max_length=100)
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người tải"), on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("tệp đính kèm báo cáo")
        verbose_name_plural = _("tệp đính kèm báo cáo")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.title


class ReviewReportEvent(StateLog):
    """The report's log: every move (who, when, from, to, the reviewer's comment)."""

    report = models.ForeignKey(ReviewReport, verbose_name=_("báo cáo"), on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(_("từ trạng thái"), max_length=16, choices=ReportState.choices, blank=True)
    to_state = models.CharField(_("sang trạng thái"), max_length=16, choices=ReportState.choices, blank=True)

    class Meta(StateLog.Meta):
        verbose_name = _("nhật ký báo cáo")
        verbose_name_plural = _("nhật ký báo cáo")

    def __str__(self) -> str:
        return f"{self.report_id}: {self.from_state} → {self.to_state}"
