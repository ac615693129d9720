"""Emulation titles and forms of commendation, with the legal basis they were defined under."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from movements.models import Agency
from tayninh_thidua.lib.text import unique_slug

PROVINCIAL_CHAIRMAN = "Chủ tịch UBND tỉnh"


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
    # Rules of the emulation year (issue #16), judged by eligibility.evaluate like the others.
    requires_registration = models.BooleanField(
        _("yêu cầu đã đăng ký thi đua"),
        default=False,
        help_text=_(
            "Hồ sơ đề nghị danh hiệu không có trong đăng ký thi đua đầu năm của đơn vị sẽ không được phê duyệt."
        ),
    )
    refuses_reused_initiative = models.BooleanField(
        _("không chấp nhận sáng kiến đã dùng"),
        default=False,
        help_text=_(
            "Sáng kiến đã dùng làm căn cứ cho một hồ sơ khác cùng danh hiệu sẽ không được chấp nhận "
            "(nếu không chọn: chỉ cảnh báo)."
        ),
    )
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
        return self.version_label

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            suffix = f" {self.valid_from:%Y}" if self.valid_from else ""
            self.slug = unique_slug(AwardType, f"{self.name}{suffix}", exclude_pk=self.pk)
        super().save(*args, **kwargs)

    @property
    def version_label(self) -> str:
        """The name with the version's validity and legal basis: versions of one award share a name, and staff
        and visitors must tell them apart ("Chiến sĩ thi đua cơ sở — hiệu lực từ 01/07/2025 (Nghị định …)")."""
        if self.valid_from and self.valid_until:
            validity = _("hiệu lực %(start)s – %(end)s") % {
                "start": f"{self.valid_from:%d/%m/%Y}",
                "end": f"{self.valid_until:%d/%m/%Y}",
            }
        elif self.valid_from:
            validity = _("hiệu lực từ %(start)s") % {"start": f"{self.valid_from:%d/%m/%Y}"}
        elif self.valid_until:
            validity = _("hiệu lực đến %(end)s") % {"end": f"{self.valid_until:%d/%m/%Y}"}
        else:
            validity = ""
        basis = self.short_legal_basis
        label = f"{self.name} — {validity}" if validity else self.name
        return f"{label} ({basis})" if basis else label

    @property
    def short_legal_basis(self) -> str:
        """The decree the version rests on (the part of the legal basis that names it), else the whole basis."""
        parts = [p.strip() for p in self.legal_basis.split(";") if p.strip()]
        decrees = [p for p in parts if p.lower().startswith("nghị định")]
        return decrees[0] if decrees else (parts[-1] if parts else "")

    def is_in_force_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or self.valid_until >= day
        )

    def is_in_force_during(self, year: int) -> bool:
        """The version applied on at least one day of `year` (a dossier for that year may be judged by it)."""
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        return (self.valid_from is None or self.valid_from <= last) and (
            self.valid_until is None or self.valid_until >= first
        )

    def evaluate(self, candidate):
        """Every rule of this version for `candidate` (recipient kind, version in force, decision date and signer,
        prerequisite honours, required documents, council vote share): a list of `eligibility.Check`, met or not.
        The one place these rules are judged; `unmet()` keeps the failures."""
        from .eligibility import evaluate  # eligibility.py imports this module

        return evaluate(self, candidate)

    def unmet(self, candidate) -> list:
        return [check for check in self.evaluate(candidate) if not check.ok]

    def signer_for(self, agency) -> str:
        """Who signs this award's decision for a nominee of `agency`, when staff do not name the signer: the
        provincial chairman for a provincial-level award, the head of the agency (or commune) otherwise."""
        if self.level == self.Level.PROVINCE:
            return self.decided_by or PROVINCIAL_CHAIRMAN
        if self.level == self.Level.CENTRAL:
            return self.decided_by
        title = {
            Agency.Kind.COMMUNE: "Chủ tịch UBND",
            Agency.Kind.PEOPLES_COMMITTEE: "Chánh Văn phòng",
            Agency.Kind.PROVINCIAL_DEPARTMENT: "Giám đốc",
        }.get(agency.kind, "Thủ trưởng")
        name = agency.name.removeprefix("UBND ") if agency.kind == Agency.Kind.COMMUNE else agency.name
        return f"{title} {name}"
