"""The initiative register (sổ sáng kiến): initiatives with their authors, recognition and effect, their private
files, and the nominations that rely on them.

An initiative belongs to the agency that applied it; after a merger it is found under the successor
(`Initiative.objects.for_agency`). Only recognised initiatives appear on the public list, and only their public
fields (`PUBLIC_FIELDS`): files and internal notes never leave the agency and the provincial staff.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from movements.models import Agency, Field, lineage_ids
from tayninh_thidua.lib.models import UploadedFile
from tayninh_thidua.lib.storage import private_storage
from tayninh_thidua.lib.uploads import CheckedFileField, name_for_type, random_upload_to

from .nomination import Nomination


class InitiativeQuerySet(models.QuerySet):
    def for_agency(self, agency: Agency) -> InitiativeQuerySet:
        """The agency's initiatives, with those of the agencies merged into it."""
        return self.filter(agency_id__in=lineage_ids(agency.pk))

    def recognised(self) -> InitiativeQuerySet:
        return self.exclude(recognition_level="").filter(recognised_on__isnull=False)

    def with_relations(self) -> InitiativeQuerySet:
        return self.select_related("agency", "field")


class Initiative(models.Model):
    class Level(models.TextChoices):
        BASE = "base", _("Cấp cơ sở")
        PROVINCE = "province", _("Cấp tỉnh")
        NATIONAL = "national", _("Toàn quốc")

    # What the public list may show (no files, no internal notes).
    PUBLIC_FIELDS = (
        "title",
        "authors",
        "agency",
        "field",
        "summary",
        "recognition_level",
        "recognised_on",
        "decision_number",
        "benefit",
        "application_scope",
    )

    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan, đơn vị"), on_delete=models.PROTECT, related_name="initiatives"
    )
    title = models.CharField(_("tên sáng kiến"), max_length=300)
    authors = models.CharField(_("tác giả"), max_length=500, help_text=_("Họ tên các tác giả, cách nhau bởi dấu phẩy."))
    summary = models.TextField(_("tóm tắt nội dung"))
    field = models.ForeignKey(
        Field, verbose_name=_("lĩnh vực"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recognition_level = models.CharField(
        _("phạm vi công nhận"),
        max_length=16,
        choices=Level.choices,
        blank=True,
        help_text=_("Để trống nếu chưa công nhận."),
    )
    recognised_on = models.DateField(_("ngày công nhận"), null=True, blank=True)
    decision_number = models.CharField(_("số quyết định công nhận"), max_length=80, blank=True)
    decided_by = models.CharField(_("cơ quan, người ký quyết định"), max_length=255, blank=True)
    benefit = models.TextField(_("hiệu quả, lợi ích"), blank=True)
    application_scope = models.TextField(_("phạm vi áp dụng"), blank=True)
    internal_notes = models.TextField(_("ghi chú nội bộ"), blank=True)
    nominations = models.ManyToManyField(
        Nomination, verbose_name=_("hồ sơ đề nghị sử dụng"), blank=True, related_name="initiatives"
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

    objects = InitiativeQuerySet.as_manager()

    class Meta:
        verbose_name = _("sáng kiến")
        verbose_name_plural = _("sáng kiến")
        ordering = ["-recognised_on", "title"]
        indexes = [
            models.Index(fields=["agency", "-recognised_on"], name="initiative_agency_recognised"),
            models.Index(fields=["recognition_level", "-recognised_on"], name="initiative_level_recognised"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(recognition_level="") | Q(recognised_on__isnull=False),
                name="initiative_recognised_has_date",
                violation_error_message=_("Sáng kiến đã công nhận cần có ngày công nhận."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_recognised(self) -> bool:
        return bool(self.recognition_level and self.recognised_on)


class InitiativeAttachment(UploadedFile):
    """A private file of an initiative (the recognising decision, the description): agency and staff only."""

    initiative = models.ForeignKey(
        Initiative, verbose_name=_("sáng kiến"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = CheckedFileField(_("tệp"), upload_to=random_upload_to("initiatives"), storage=private_storage)

    class Meta:
        verbose_name = _("tệp sáng kiến")
        verbose_name_plural = _("tệp sáng kiến")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.download_name

    @property
    def download_name(self) -> str:
        return name_for_type(self.original_name, self.content_type)
