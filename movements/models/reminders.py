"""Reminder rules (data staff edit) and the log of reminders planned for each recipient."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from tayninh_thidua.lib.models import OutgoingMail

from .agency import Agency


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
        FOLLOW_UP_DUE = "follow-up-due", _("Đến hạn theo dõi bồi dưỡng điển hình")
        REGISTRATION_DUE = "registration-due", _("Đơn vị chưa đăng ký thi đua")

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
    """One reminder to one recipient, planned once (unique key): what was planned for whom, and why.

    Its e-mail is the outbox row `mail` (same unique key), which is sent at most once and records when.
    """

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
    # Joined by the outbox key, known when planning, so both rows are written in bulk without reading ids back.
    mail = models.OneToOneField(
        OutgoingMail,
        verbose_name=_("thư"),
        to_field="key",
        db_column="mail_key",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reminder",
    )

    class Meta:
        verbose_name = _("nhật ký nhắc việc")
        verbose_name_plural = _("nhật ký nhắc việc")
        ordering = ["-day", "recipient_email"]
        constraints = [
            # The rule that makes reruns, retries and concurrent planners harmless.
            models.UniqueConstraint(fields=["recipient_email", "key"], name="reminder_once_per_recipient"),
        ]
        indexes = [
            models.Index(fields=["agency", "-day"], name="reminder_agency_day"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_email}: {self.subject}"

    @property
    def sent_at(self):
        """When its e-mail went out (select_related("mail") when listing), None while it waits."""
        return self.mail.sent_at if self.mail else None

    @property
    def is_sent(self) -> bool:
        return self.sent_at is not None
