"""The emulation plan and its phases (with the sơ kết / tổng kết dates)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .agency import Agency, TimeStamped


class Plan(TimeStamped):
    code = models.SlugField(_("mã kế hoạch"), max_length=100, unique=True)
    issuer = models.ForeignKey(
        Agency, verbose_name=_("cơ quan ban hành"), on_delete=models.PROTECT, related_name="plans"
    )
    number = models.CharField(_("số hiệu"), max_length=60, blank=True)
    issued_on = models.DateField(_("ngày ban hành"))
    title = models.CharField(_("trích yếu"), max_length=500)
    summary = models.TextField(_("tóm tắt"), blank=True)
    source = models.TextField(_("nguồn"), blank=True, help_text=_("Văn bản hoặc bài viết mà dữ liệu được lấy từ đó."))

    class Meta:
        verbose_name = _("kế hoạch")
        verbose_name_plural = _("kế hoạch")
        ordering = ["-issued_on"]

    def __str__(self) -> str:
        return self.title


class PlanPhaseQuerySet(models.QuerySet):
    def current(self, day=None) -> PlanPhaseQuerySet:
        day = day or timezone.localdate()
        return self.filter(start_date__lte=day, end_date__gte=day)


class PlanPhase(TimeStamped):
    plan = models.ForeignKey(Plan, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="phases")
    name = models.CharField(_("tên giai đoạn"), max_length=120)
    start_date = models.DateField(_("ngày bắt đầu"))
    end_date = models.DateField(_("ngày kết thúc"))
    preliminary_review_date = models.DateField(_("hạn sơ kết"), null=True, blank=True)
    final_review_date = models.DateField(_("hạn tổng kết"), null=True, blank=True)
    dates_inferred = models.BooleanField(
        _("ngày tháng là dự kiến"),
        default=False,
        help_text=_("Kế hoạch chỉ nêu năm: các ngày cụ thể được suy ra, cán bộ cần xác nhận."),
    )

    objects = PlanPhaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("giai đoạn")
        verbose_name_plural = _("giai đoạn")
        ordering = ["plan", "start_date"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "name"], name="phase_unique_name_in_plan"),
            models.CheckConstraint(
                condition=Q(end_date__gt=models.F("start_date")),
                name="phase_dates_ordered",
                violation_error_message=_("Ngày kết thúc giai đoạn phải sau ngày bắt đầu."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.start_date and self.end_date:
            if self.end_date <= self.start_date:
                errors["end_date"] = _("Ngày kết thúc giai đoạn phải sau ngày bắt đầu.")
            prelim, final = self.preliminary_review_date, self.final_review_date
            if prelim and not (self.start_date <= prelim <= self.end_date):
                errors["preliminary_review_date"] = _("Ngày sơ kết phải nằm trong giai đoạn.")
            if final and final < self.start_date:
                errors["final_review_date"] = _("Ngày tổng kết không thể trước ngày bắt đầu giai đoạn.")
            if prelim and final and final <= prelim:
                errors["final_review_date"] = _("Ngày tổng kết phải sau ngày sơ kết.")
            if self.plan_id and not errors:
                overlapping = PlanPhase.objects.filter(
                    plan_id=self.plan_id, start_date__lt=self.end_date, end_date__gt=self.start_date
                ).exclude(pk=self.pk)
                if overlapping.exists():
                    errors["start_date"] = _("Giai đoạn trùng thời gian với một giai đoạn khác của kế hoạch.")
        if errors:
            raise ValidationError(errors)
