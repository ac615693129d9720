"""Annual emulation registration (đăng ký thi đua): at the start of a year each agency registers the titles it and
its people aim for, before the deadline staff set; at year end nominations are checked against it.

A registration belongs to the agency that made it; after a merger it is found under the successor
(`Registration.objects.for_agency`), and a successor's nominations match what its predecessors registered.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from movements.models import Agency, lineage_ids
from tayninh_thidua.lib.fields import YearField
from tayninh_thidua.lib.text import fold

from .awards import AwardType
from .exemplar import Exemplar


class RegistrationPeriod(models.Model):
    """The year's registration: open until `deadline` (set by staff)."""

    year = YearField(_("năm thi đua"), unique=True)
    deadline = models.DateField(_("hạn đăng ký"))
    note = models.TextField(_("hướng dẫn"), blank=True)

    class Meta:
        verbose_name = _("đợt đăng ký thi đua")
        verbose_name_plural = _("đợt đăng ký thi đua")
        ordering = ["-year"]

    def __str__(self) -> str:
        return _("Đăng ký thi đua năm %(year)s (hạn %(deadline)s)") % {
            "year": self.year,
            "deadline": f"{self.deadline:%d/%m/%Y}",
        }


class RegistrationQuerySet(models.QuerySet):
    def for_agency(self, agency: Agency) -> RegistrationQuerySet:
        """The agency's registrations, with those of the agencies merged into it."""
        return self.filter(agency_id__in=lineage_ids(agency.pk))


class Registration(models.Model):
    """One agency's registration for one year; its titles are the entries."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan, đơn vị"), on_delete=models.PROTECT, related_name="registrations"
    )
    year = YearField(_("năm thi đua"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người đăng ký"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("đăng ký lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("đăng ký thi đua")
        verbose_name_plural = _("đăng ký thi đua")
        ordering = ["-year", "agency__name"]
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="registration_once_per_agency_year")]

    def __str__(self) -> str:
        return f"{self.agency} – {self.year}"


class RegistrationEntry(models.Model):
    """A title registered: for the agency itself or one of its collectives, or for a person by name and position."""

    registration = models.ForeignKey(
        Registration, verbose_name=_("đăng ký"), on_delete=models.CASCADE, related_name="entries"
    )
    award_type = models.ForeignKey(
        AwardType, verbose_name=_("danh hiệu đăng ký"), on_delete=models.PROTECT, related_name="registrations"
    )
    nominee_kind = models.CharField(
        _("loại"), max_length=16, choices=Exemplar.Kind.choices, default=Exemplar.Kind.INDIVIDUAL
    )
    nominee_name = models.CharField(_("tên cá nhân, tập thể"), max_length=255)
    nominee_position = models.CharField(_("chức vụ"), max_length=255, blank=True)
    name_folded = models.CharField(max_length=255, editable=False, db_index=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("danh hiệu đăng ký")
        verbose_name_plural = _("danh hiệu đăng ký")
        ordering = ["award_type__position", "nominee_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "award_type", "name_folded"], name="registration_entry_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nominee_name} – {self.award_type.name}"

    def save(self, *args, **kwargs) -> None:
        self.name_folded = fold(" ".join(self.nominee_name.split()))[:255]
        super().save(*args, **kwargs)
