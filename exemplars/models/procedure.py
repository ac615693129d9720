"""Procedure rules as data: durations and vote rules that the law sets and may change, and the calendar's
staff-entered exceptions (extra days off, make-up working Saturdays).

The public holidays themselves come from the `holidays` package's Vietnam calendar (fixed days and the lunar ones:
Tết, Giỗ Tổ Hùng Vương), read by `exemplars.services.calendar`; staff add what the government decides each year.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ProcedureRuleQuerySet(models.QuerySet):
    def in_force_on(self, day: dt.date) -> ProcedureRuleQuerySet:
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=day)
        )


class ProcedureRule(models.Model):
    """One versioned number of the procedure (a window in working days, a share of the council's members …)."""

    class Code(models.TextChoices):
        CONSULTATION_DAYS = "consultation-days", _("Số ngày làm việc lấy ý kiến công khai (tối thiểu)")
        MAJORITY_SHARE = "council-majority", _("Tỷ lệ phiếu mặc định: trên … % tổng số thành viên hội đồng")
        WRITTEN_VOTES = "written-votes", _("Thành viên vắng mặt được gửi phiếu bằng văn bản (1: có, 0: không)")

    # What applies when staff have entered no rule for a code (the defaults of DOMAIN.md).
    DEFAULTS = {Code.CONSULTATION_DAYS: 10, Code.MAJORITY_SHARE: 50, Code.WRITTEN_VOTES: 1}

    code = models.CharField(_("quy tắc"), max_length=32, choices=Code.choices)
    value = models.PositiveIntegerField(_("giá trị"))
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=300, blank=True)
    valid_from = models.DateField(_("áp dụng từ"), null=True, blank=True)
    valid_until = models.DateField(_("áp dụng đến"), null=True, blank=True)

    objects = ProcedureRuleQuerySet.as_manager()

    class Meta:
        verbose_name = _("quy tắc thủ tục")
        verbose_name_plural = _("quy tắc thủ tục")
        ordering = ["code", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="procedure_rule_unique_version"),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_until__gte=models.F("valid_from")),
                name="procedure_rule_validity_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_code_display()}: {self.value}"

    @classmethod
    def value_on(cls, code: str, day: dt.date) -> int:
        """The rule's value in force on `day` (the latest version starting on or before it), else the default."""
        rule = cls.objects.in_force_on(day).filter(code=code).order_by("-valid_from").first()
        return rule.value if rule is not None else cls.DEFAULTS[code]


class CalendarDay(models.Model):
    """A day the government's decision makes different from the package's calendar: an extra day off (a bridge
    day around Tết or 2/9), or a Saturday worked to make up for one."""

    date = models.DateField(_("ngày"), unique=True)
    is_day_off = models.BooleanField(
        _("ngày nghỉ"), default=True, help_text=_("Bỏ chọn nếu đây là ngày làm việc bù (ví dụ thứ Bảy làm bù).")
    )
    reason = models.CharField(_("lý do, căn cứ"), max_length=255)

    class Meta:
        verbose_name = _("ngày nghỉ, ngày làm bù")
        verbose_name_plural = _("ngày nghỉ, ngày làm bù")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y}: {self.reason}"
