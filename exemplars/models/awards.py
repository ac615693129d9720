"""Emulation titles and forms of commendation, with the legal basis they were defined under."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tayninh_thidua.lib.text import unique_slug


class AwardTypeQuerySet(models.QuerySet):
    def in_force_on(self, day: dt.date) -> AwardTypeQuerySet:
        """The award types whose rules applied on `day` (a nomination is judged by those)."""
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=day)
        )


class AwardType(models.Model):
    class Kind(models.TextChoices):
        TITLE = "title", _("Danh hiệu thi đua")
        COMMENDATION = "commendation", _("Hình thức khen thưởng")

    class Recipient(models.TextChoices):
        INDIVIDUAL = "individual", _("Cá nhân")
        COLLECTIVE = "collective", _("Tập thể")
        BOTH = "both", _("Cá nhân và tập thể")
        HOUSEHOLD = "household", _("Hộ gia đình, thôn, tổ dân phố")

    class Level(models.TextChoices):
        BASE = "base", _("Cơ sở")
        PROVINCE = "province", _("Cấp tỉnh")
        CENTRAL = "central", _("Trung ương")

    class Document(models.TextChoices):
        PROPOSAL = "proposal", _("Tờ trình đề nghị")
        ACHIEVEMENT_REPORT = "achievement-report", _("Báo cáo thành tích")
        MEETING_MINUTES = "meeting-minutes", _("Biên bản họp xét")
        INITIATIVE = "initiative", _("Văn bản công nhận sáng kiến")
        OTHER = "other", _("Tài liệu khác")

    name = models.CharField(_("tên"), max_length=200)
    slug = models.SlugField(_("đường dẫn"), max_length=100, unique=True, blank=True)
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices, db_index=True)
    recipient = models.CharField(_("đối tượng"), max_length=16, choices=Recipient.choices)
    level = models.CharField(_("cấp"), max_length=16, choices=Level.choices, default=Level.PROVINCE)
    criteria = models.TextField(_("tiêu chuẩn (tóm tắt)"), blank=True)
    decided_by = models.CharField(_("thẩm quyền quyết định"), max_length=200, blank=True)
    vote_share = models.DecimalField(
        _("tỷ lệ phiếu đồng ý tối thiểu (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Tỷ lệ trên tổng số thành viên hội đồng; để trống nếu không yêu cầu bỏ phiếu."),
    )
    required_documents = models.JSONField(
        _("hồ sơ bắt buộc"),
        default=list,
        blank=True,
        help_text=_("Danh sách mã tài liệu: proposal, achievement-report, meeting-minutes, initiative."),
    )
    prerequisite = models.ForeignKey(
        "self",
        verbose_name=_("danh hiệu cần có trước"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="required_by",
    )
    prerequisite_count = models.PositiveSmallIntegerField(_("số lần liên tục cần có"), default=0)
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=300, blank=True)
    valid_from = models.DateField(_("áp dụng từ"), null=True, blank=True)
    valid_until = models.DateField(_("áp dụng đến"), null=True, blank=True)
    notes = models.TextField(_("ghi chú"), blank=True)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    objects = AwardTypeQuerySet.as_manager()

    class Meta:
        verbose_name = _("danh hiệu, hình thức khen thưởng")
        verbose_name_plural = _("danh hiệu, hình thức khen thưởng")
        ordering = ["position", "name", "-valid_from"]
        constraints = [
            # One version per name and start date; and at most one open-ended (undated) version per name.
            # (Two constraints rather than nulls_distinct=False, which SQLite cannot enforce.)
            models.UniqueConstraint(fields=["name", "valid_from"], name="award_type_unique_version"),
            models.UniqueConstraint(
                fields=["name"], condition=Q(valid_from__isnull=True), name="award_type_unique_undated_version"
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_until__gte=models.F("valid_from")),
                name="award_type_validity_ordered",
            ),
            models.CheckConstraint(
                condition=Q(vote_share__isnull=True) | (Q(vote_share__gte=0) & Q(vote_share__lte=100)),
                name="award_type_vote_share_percent",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            suffix = f" {self.valid_from:%Y}" if self.valid_from else ""
            self.slug = unique_slug(AwardType, f"{self.name}{suffix}", exclude_pk=self.pk)
        super().save(*args, **kwargs)
