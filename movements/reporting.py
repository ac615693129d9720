"""Review reports (báo cáo sơ kết / tổng kết), assigned participants, reminder rules and the reminder log.

Kept apart from models.py (the plan's frame); models.py imports this module so Django finds the models.
State changes live in `movements.reports` (reports) and `movements.reminders` (planning, sending).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tayninh_thidua.storage import private_storage
from tayninh_thidua.uploads import random_upload_to

from .models import Agency, Movement, PlanPhase


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


class ReviewReport(models.Model):
    class Kind(models.TextChoices):
        PRELIMINARY = "preliminary", _("Báo cáo sơ kết")
        FINAL = "final", _("Báo cáo tổng kết")

    class State(models.TextChoices):
        PENDING = "pending", _("Chưa nộp")
        SUBMITTED = "submitted", _("Đã nộp")
        RETURNED = "returned", _("Trả lại để bổ sung")
        ACCEPTED = "accepted", _("Đã tiếp nhận")

    TRANSITIONS: dict[str, frozenset[str]] = {
        State.PENDING: frozenset({State.SUBMITTED}),
        State.SUBMITTED: frozenset({State.ACCEPTED, State.RETURNED}),
        State.RETURNED: frozenset({State.SUBMITTED}),
        State.ACCEPTED: frozenset(),
    }
    # Reports the agency still owes: reminders go out for these, and only these.
    OPEN_STATES = (State.PENDING, State.RETURNED)

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
        from django.urls import reverse

        return reverse("reports:report.detail", kwargs={"pk": self.pk})

    def can_move_to(self, state: str) -> bool:
        return state in self.TRANSITIONS.get(self.state, frozenset())

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN_STATES


class ReviewReportAttachment(models.Model):
    report = models.ForeignKey(
        ReviewReport, verbose_name=_("báo cáo"), on_delete=models.CASCADE, related_name="attachments"
    )
    title = models.CharField(_("tên tài liệu"), max_length=255)
    file = models.FileField(_("tệp"), upload_to=random_upload_to("review-reports"), storage=private_storage)
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


class ReviewReportEvent(models.Model):
    report = models.ForeignKey(ReviewReport, verbose_name=_("báo cáo"), on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(_("từ trạng thái"), max_length=16, choices=ReviewReport.State.choices)
    to_state = models.CharField(_("sang trạng thái"), max_length=16, choices=ReviewReport.State.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    comment = models.TextField(_("ý kiến"), blank=True)
    at = models.DateTimeField(_("lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("nhật ký báo cáo")
        verbose_name_plural = _("nhật ký báo cáo")
        ordering = ["at"]

    def __str__(self) -> str:
        return f"{self.report_id}: {self.from_state} → {self.to_state}"


class ReminderRule(models.Model):
    """When to remind, as data staff can edit.

    `days_before`: remind this many days before the due date or closing day (e.g. [14, 7, 1]).
    `days_after` and `repeat_every_days`: remind once `days_after` days past the start (due date for
    overdue reports, submission for waiting nominations), then every `repeat_every_days` days.
    """

    class Kind(models.TextChoices):
        REPORT_DUE = "report-due", _("Báo cáo sắp đến hạn")
        REPORT_OVERDUE = "report-overdue", _("Báo cáo quá hạn")
        NOMINATION_WAITING = "nomination-waiting", _("Hồ sơ chờ thẩm định")
        JUDGE_UNSCORED = "judge-unscored", _("Giám khảo chưa chấm")

    kind = models.CharField(_("loại nhắc việc"), max_length=32, choices=Kind.choices, unique=True)
    days_before = models.JSONField(
        _("nhắc trước (ngày)"), default=list, blank=True, help_text=_("Danh sách số ngày, ví dụ [14, 7, 1].")
    )
    days_after = models.PositiveSmallIntegerField(_("nhắc lần đầu sau (ngày)"), null=True, blank=True)
    repeat_every_days = models.PositiveSmallIntegerField(_("nhắc lại mỗi (ngày)"), null=True, blank=True)
    enabled = models.BooleanField(_("đang áp dụng"), default=True)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("quy tắc nhắc việc")
        verbose_name_plural = _("quy tắc nhắc việc")
        ordering = ["kind"]

    def __str__(self) -> str:
        return self.get_kind_display()

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        values = self.days_before or []
        if not isinstance(values, list) or not all(isinstance(v, int) and 0 <= v <= 366 for v in values):
            raise ValidationError({"days_before": _("Nhập danh sách số nguyên từ 0 đến 366, ví dụ [14, 7, 1].")})
        if self.repeat_every_days == 0:
            raise ValidationError({"repeat_every_days": _("Chu kỳ nhắc lại phải lớn hơn 0.")})

    def matches_after(self, days_past: int) -> bool:
        """True if a reminder is due `days_past` days after the start, per days_after/repeat_every_days."""
        if self.days_after is None or days_past < self.days_after:
            return False
        if days_past == self.days_after:
            return True
        return bool(self.repeat_every_days) and (days_past - self.days_after) % self.repeat_every_days == 0


class ReminderLog(models.Model):
    """One reminder e-mail to one recipient: planned once (unique key), sent at most once (sent_at)."""

    kind = models.CharField(_("loại nhắc việc"), max_length=32, choices=ReminderRule.Kind.choices)
    key = models.CharField(_("lý do"), max_length=200)
    day = models.DateField(_("ngày nhắc"))
    recipient_email = models.EmailField(_("người nhận"))
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản nhận"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("cơ quan, đơn vị"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminders",
    )
    subject = models.CharField(_("tiêu đề"), max_length=300)
    items = models.JSONField(_("nội dung nhắc"), default=list)
    item_count = models.PositiveIntegerField(_("số việc"), default=0)
    created_at = models.DateTimeField(_("lập lúc"), auto_now_add=True)
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("số lần thử"), default=0)
    last_error = models.CharField(_("lỗi gần nhất"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("nhật ký nhắc việc")
        verbose_name_plural = _("nhật ký nhắc việc")
        ordering = ["-day", "recipient_email"]
        constraints = [
            # The rule that makes reruns, retries and concurrent planners harmless.
            models.UniqueConstraint(fields=["recipient_email", "key"], name="reminder_once_per_recipient"),
        ]
        indexes = [
            models.Index(fields=["day", "sent_at"], name="reminder_day_unsent"),
            models.Index(fields=["agency", "-day"], name="reminder_agency_day"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_email}: {self.subject}"

    @property
    def is_sent(self) -> bool:
        return self.sent_at is not None


__all__ = [
    "MovementParticipant",
    "ReminderLog",
    "ReminderRule",
    "ReviewReport",
    "ReviewReportAttachment",
    "ReviewReportEvent",
]
