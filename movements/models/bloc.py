"""Clusters and blocs (cụm, khối thi đua): their members per year with the leader and deputy, the year's covenant
(giao ước thi đua) of criteria with maximum points, and the score sheets members hand in.

Membership rows keep the agency of that year: after a merger they stay as they were (history), and the
successor finds them through `lineage_ids`. Scores are saved as members hand them in and shown to the members;
the public sees a ranking only once staff publish it (`services.blocs.publish_ranking`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tayninh_thidua.lib.fields import YearField
from tayninh_thidua.lib.text import unique_slug

from .agency import Agency, lineage_ids


class Bloc(models.Model):
    class Kind(models.TextChoices):
        CLUSTER = "cluster", _("Cụm thi đua")
        BLOC = "bloc", _("Khối thi đua")

    name = models.CharField(_("tên"), max_length=255, unique=True)
    slug = models.SlugField(_("đường dẫn"), max_length=100, unique=True, blank=True)
    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices, default=Kind.BLOC)
    description = models.TextField(_("mô tả"), blank=True)

    class Meta:
        verbose_name = _("cụm, khối thi đua")
        verbose_name_plural = _("cụm, khối thi đua")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = unique_slug(Bloc, self.name, exclude_pk=self.pk)
        super().save(*args, **kwargs)


class BlocMembershipQuerySet(models.QuerySet):
    def for_agency(self, agency: Agency) -> BlocMembershipQuerySet:
        """The agency's memberships, with those of the agencies merged into it."""
        return self.filter(agency_id__in=lineage_ids(agency.pk))


class BlocMembership(models.Model):
    class Role(models.TextChoices):
        MEMBER = "member", _("Thành viên")
        LEADER = "leader", _("Trưởng khối")
        DEPUTY = "deputy", _("Phó trưởng khối")

    bloc = models.ForeignKey(Bloc, verbose_name=_("cụm, khối"), on_delete=models.CASCADE, related_name="memberships")
    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan, đơn vị"), on_delete=models.PROTECT, related_name="bloc_memberships"
    )
    year = YearField(_("năm"))
    role = models.CharField(_("vai trò"), max_length=16, choices=Role.choices, default=Role.MEMBER)

    objects = BlocMembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("thành viên cụm, khối")
        verbose_name_plural = _("thành viên cụm, khối")
        ordering = ["bloc", "-year", "role", "agency__name"]
        constraints = [
            models.UniqueConstraint(fields=["bloc", "agency", "year"], name="bloc_member_once_a_year"),
            # The leader and the deputy rotate yearly: one of each per bloc and year.
            models.UniqueConstraint(fields=["bloc", "year"], condition=Q(role="leader"), name="bloc_one_leader_a_year"),
            models.UniqueConstraint(fields=["bloc", "year"], condition=Q(role="deputy"), name="bloc_one_deputy_a_year"),
        ]

    def __str__(self) -> str:
        return f"{self.agency} – {self.bloc} {self.year}"


class CovenantQuerySet(models.QuerySet):
    def published(self) -> CovenantQuerySet:
        return self.filter(is_published=True)

    def for_agency(self, agency: Agency) -> CovenantQuerySet:
        """The covenants of the blocs the agency (or an agency merged into it) belonged to that year."""
        return self.filter(
            bloc__memberships__agency_id__in=lineage_ids(agency.pk), bloc__memberships__year=models.F("year")
        ).distinct()


class Covenant(models.Model):
    """A bloc's covenant for a year: its criteria, how self and cross scores combine, how many leading units
    the bloc proposes for the provincial emulation flag."""

    class Combination(models.TextChoices):
        CROSS_MEAN = "cross-mean", _("Trung bình điểm chấm chéo")
        WEIGHTED = "weighted", _("Kết hợp điểm tự chấm và trung bình điểm chấm chéo theo tỷ trọng")

    bloc = models.ForeignKey(Bloc, verbose_name=_("cụm, khối"), on_delete=models.PROTECT, related_name="covenants")
    year = YearField(_("năm"))
    signed_on = models.DateField(_("ngày ký giao ước"), null=True, blank=True)
    combination = models.CharField(
        _("cách tổng hợp điểm"), max_length=16, choices=Combination.choices, default=Combination.CROSS_MEAN
    )
    self_weight = models.DecimalField(
        _("tỷ trọng điểm tự chấm (%)"),
        max_digits=5,
        decimal_places=2,
        default=0,
        help_text=_("Chỉ dùng khi kết hợp điểm tự chấm và chấm chéo, ví dụ 30."),
    )
    proposal_count = models.PositiveSmallIntegerField(_("số đơn vị dẫn đầu đề nghị Cờ thi đua"), default=1)
    is_published = models.BooleanField(_("đã công bố kết quả"), default=False)
    published_at = models.DateTimeField(_("công bố lúc"), null=True, blank=True)

    objects = CovenantQuerySet.as_manager()

    class Meta:
        verbose_name = _("giao ước thi đua")
        verbose_name_plural = _("giao ước thi đua")
        ordering = ["-year", "bloc__name"]
        constraints = [
            models.UniqueConstraint(fields=["bloc", "year"], name="covenant_once_per_bloc_year"),
            models.CheckConstraint(
                condition=Q(self_weight__gte=0) & Q(self_weight__lte=100), name="covenant_self_weight_percent"
            ),
        ]

    def __str__(self) -> str:
        return _("Giao ước %(bloc)s năm %(year)s") % {"bloc": self.bloc, "year": self.year}

    def get_absolute_url(self) -> str:
        return reverse("blocs:ranking", kwargs={"slug": self.bloc.slug, "year": self.year})


class CovenantCriterion(models.Model):
    covenant = models.ForeignKey(
        Covenant, verbose_name=_("giao ước"), on_delete=models.CASCADE, related_name="criteria"
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    text = models.TextField(_("nội dung tiêu chí"))
    max_points = models.DecimalField(_("điểm tối đa"), max_digits=6, decimal_places=2)
    evidence_required = models.BooleanField(_("cần minh chứng"), default=False)

    class Meta:
        verbose_name = _("tiêu chí giao ước")
        verbose_name_plural = _("tiêu chí giao ước")
        ordering = ["position", "pk"]
        constraints = [models.CheckConstraint(condition=Q(max_points__gt=0), name="criterion_max_points_positive")]

    def __str__(self) -> str:
        return f"{self.position}. {self.text[:80]}"


class ScoreSheet(models.Model):
    """One member's scores of one member (itself: the self-score) on every criterion of the covenant."""

    covenant = models.ForeignKey(Covenant, verbose_name=_("giao ước"), on_delete=models.CASCADE, related_name="sheets")
    scorer = models.ForeignKey(
        Agency, verbose_name=_("đơn vị chấm"), on_delete=models.PROTECT, related_name="score_sheets_given"
    )
    scored = models.ForeignKey(
        Agency, verbose_name=_("đơn vị được chấm"), on_delete=models.PROTECT, related_name="score_sheets_received"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người gửi"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("gửi lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("phiếu chấm điểm")
        verbose_name_plural = _("phiếu chấm điểm")
        ordering = ["covenant", "scored__name", "scorer__name"]
        constraints = [
            # Nobody scores the same member twice.
            models.UniqueConstraint(fields=["covenant", "scorer", "scored"], name="score_sheet_once"),
        ]

    def __str__(self) -> str:
        return f"{self.scorer} → {self.scored}"

    @property
    def is_self(self) -> bool:
        return self.scorer_id == self.scored_id


class ScoreLine(models.Model):
    sheet = models.ForeignKey(ScoreSheet, verbose_name=_("phiếu"), on_delete=models.CASCADE, related_name="lines")
    criterion = models.ForeignKey(
        CovenantCriterion, verbose_name=_("tiêu chí"), on_delete=models.CASCADE, related_name="lines"
    )
    points = models.DecimalField(_("điểm"), max_digits=6, decimal_places=2)
    evidence = models.TextField(_("minh chứng"), blank=True)

    class Meta:
        verbose_name = _("điểm tiêu chí")
        verbose_name_plural = _("điểm tiêu chí")
        constraints = [
            models.UniqueConstraint(fields=["sheet", "criterion"], name="score_line_once"),
            models.CheckConstraint(condition=Q(points__gte=0), name="score_line_points_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.points}"
