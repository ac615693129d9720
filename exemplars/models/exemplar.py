"""Exemplars (điển hình tiên tiến) and their honours.

Private fields (birth date, phone, e-mail, citizen ID, home address) are for staff only: no
public template, feed, sitemap or API serializer may read them. `PUBLIC_FIELDS` lists what may be.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from movements.models import Agency, Field, Movement, PlanPhase, phase_errors, with_successors
from tayninh_thidua.lib.fields import YearField
from tayninh_thidua.lib.search import word_search
from tayninh_thidua.lib.text import fold, unique_slug
from tayninh_thidua.lib.uploads import CheckedImageField, random_upload_to

from .awards import AwardType

# What an exemplar card shows (ExemplarQuerySet.for_cards).
CARD_FIELDS = (
    "kind",
    "name",
    "slug",
    "locality",
    "portrait",
    "portrait_alt",
    "published_at",
    "spread",
    "agency__name",
    "field__name",
)

# What an API row shows (exemplars/views/api.py ExemplarSerializer): no story, nothing personal, no search text.
API_ROW_FIELDS = (
    *CARD_FIELDS,
    "position_title",
    "summary",
    "agency__slug",
)
# An exemplar's honours, newest first, and what its page shows of each (HonourQuerySet.for_page).
HONOUR_ORDER = ("-year", "-decision_date", "-pk")
HONOUR_PAGE_FIELDS = (
    "exemplar_id",
    "year",
    "decision_number",
    "decision_date",
    "issuing_authority",
    "revoked_at",
    "revoked_reason",
    "award_type__name",
)
# What a whole public page shows of an exemplar, of its agency and its successors (`agency.current`), its field and
# phase: the personal data (phone, e-mail, citizen id, address, birth date) and the search text are never read.
PAGE_FIELDS = (
    *API_ROW_FIELDS,
    "story",
    "stage",
    "is_published",
    "phase__name",
    "field__slug",
    *with_successors("agency__", "name", "short_name", "slug"),
)


class ExemplarQuerySet(models.QuerySet):
    def published(self) -> ExemplarQuerySet:
        return self.filter(is_published=True, published_at__isnull=False, published_at__lte=timezone.now())

    def for_agency(self, agency: Agency) -> ExemplarQuerySet:
        return self.filter(agency=agency)

    def search(self, query: str, **options) -> ExemplarQuerySet:
        """Every word, in any order, diacritics and case ignored: "duc nguyen" finds "Nguyễn Văn Đức".

        `options` are lib.search.word_search's: `rank=False` to filter only, `matches=` a count already known.
        """
        return word_search(self, query, **options)

    def with_honour_counts(self) -> ExemplarQuerySet:
        """Annotate `honours_in_force` and `honours_revoked`: a revoked honour is never counted as current."""
        return self.annotate(
            honours_in_force=models.Count("honours", filter=Q(honours__revoked_at__isnull=True)),
            honours_revoked=models.Count("honours", filter=Q(honours__revoked_at__isnull=False)),
        )

    def for_cards(self) -> ExemplarQuerySet:
        """Published exemplars with what a card (exemplars/_exemplar_card.html) shows: the long texts stay behind."""
        return self.published().select_related("agency", "field").only(*CARD_FIELDS)

    def public_cards(self) -> ExemplarQuerySet:
        """Published exemplars with what a list card or API row shows, in a fixed number of queries.

        Only published movements are prefetched: a public page must never name a movement still in draft.
        """
        return (
            self.published()
            .select_related("agency", "field")
            .only(*API_ROW_FIELDS)
            .prefetch_related(Prefetch("movements", queryset=_published_movements()))
        )

    def for_page(self) -> ExemplarQuerySet:
        """Published exemplars with the columns their own page shows; its lists come from `Exemplar.page_lists`."""
        return self.published().select_related("agency__successor__successor", "field", "phase").only(*PAGE_FIELDS)

    def public_pages(self) -> ExemplarQuerySet:
        """Published exemplars with everything their own page shows (honours, photos, published movements), for many.

        The page of one exemplar reads its lists with `Exemplar.page_lists` instead: for one object,
        prefetch_related's machinery costs more than the queries it runs.
        """
        honours = Honour.objects.select_related("award_type", "movement").order_by(*HONOUR_ORDER)
        return self.for_page().prefetch_related(
            Prefetch("movements", queryset=_published_movements()),
            Prefetch("honours", queryset=honours),
            "photos",
        )


def _published_movements():
    return Movement.objects.published().only("pk", "slug", "name", "kind", "position")


class Exemplar(models.Model):
    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", _("Cá nhân")
        COLLECTIVE = "collective", _("Tập thể")
        MODEL = "model", _("Mô hình")

    class Stage(models.TextChoices):
        """Its life (phát hiện → xác minh → bồi dưỡng → nhân rộng): moved forward only, by the lifecycle
        services. Honours are shown alongside, not as a stage."""

        PROPOSED = "proposed", _("Được phát hiện")
        VERIFIED = "verified", _("Đã xác minh")
        NURTURED = "nurtured", _("Đang bồi dưỡng")
        REPLICATED = "replicated", _("Đã nhân rộng")

    PUBLIC_FIELDS = (
        "kind",
        "name",
        "slug",
        "agency",
        "position_title",
        "locality",
        "field",
        "movements",
        "phase",
        "summary",
        "story",
        "portrait",
        "portrait_alt",
        "published_at",
        "stage",
        "spread",
    )

    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices, default=Kind.INDIVIDUAL, db_index=True)
    name = models.CharField(_("tên"), max_length=255)
    slug = models.SlugField(_("đường dẫn"), max_length=100, unique=True, blank=True)
    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan, đơn vị"), on_delete=models.PROTECT, related_name="exemplars"
    )
    position_title = models.CharField(_("chức vụ, nghề nghiệp"), max_length=255, blank=True)
    locality = models.CharField(_("địa phương"), max_length=255, blank=True, db_index=True)
    field = models.ForeignKey(
        Field, verbose_name=_("lĩnh vực"), on_delete=models.PROTECT, null=True, blank=True, related_name="exemplars"
    )
    movements = models.ManyToManyField(Movement, verbose_name=_("phong trào"), blank=True, related_name="exemplars")
    phase = models.ForeignKey(
        PlanPhase,
        verbose_name=_("giai đoạn"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="exemplars",
    )
    summary = models.TextField(_("tóm tắt thành tích"), blank=True)
    story = models.TextField(_("câu chuyện"), blank=True)
    portrait = CheckedImageField(_("ảnh chân dung"), upload_to=random_upload_to("exemplars"), blank=True, max_side=1600)
    portrait_alt = models.CharField(_("mô tả ảnh"), max_length=200, blank=True)
    is_published = models.BooleanField(_("công khai"), default=False)
    published_at = models.DateTimeField(_("ngày công khai"), null=True, blank=True)
    # Written by exemplars.services.lifecycle only (read-only in the admin).
    stage = models.CharField(_("giai đoạn vòng đời"), max_length=16, choices=Stage.choices, default=Stage.VERIFIED)
    spread = models.PositiveIntegerField(_("số đơn vị đã nhân rộng"), default=0, db_index=True)

    # Private: staff only, never rendered publicly.
    birth_date = models.DateField(_("ngày sinh"), null=True, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=40, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    citizen_id = models.CharField(_("số CCCD"), max_length=20, blank=True)
    home_address = models.CharField(_("địa chỉ thường trú"), max_length=255, blank=True)

    search_text = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords(excluded_fields=["search_text"])
    objects = ExemplarQuerySet.as_manager()

    class Meta:
        verbose_name = _("điển hình tiên tiến")
        verbose_name_plural = _("điển hình tiên tiến")
        ordering = ["-published_at", "name"]
        indexes = [
            models.Index(fields=["is_published", "-published_at"], name="exemplar_public_newest"),
            models.Index(fields=["agency", "kind"], name="exemplar_agency_kind"),
            models.Index(fields=["field", "is_published"], name="exemplar_field"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = unique_slug(Exemplar, self.name, exclude_pk=self.pk)
        self.search_text = fold(" ".join(filter(None, [self.name, self.position_title, self.locality, self.summary])))
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("exemplars:exemplar.detail", kwargs={"slug": self.slug})

    def page_lists(self) -> dict[str, list]:
        """What the exemplar's own page lists: its published movements, its honours (newest first), its photos.

        One plain query each, with only the columns the page shows (`HONOUR_PAGE_FIELDS`).
        """
        return {
            "movements": list(_published_movements().filter(exemplars=self)),
            "honours": list(Honour.objects.filter(exemplar=self).for_page()),
            "photos": list(self.photos.all()),
        }


class ExemplarPhoto(models.Model):
    exemplar = models.ForeignKey(Exemplar, verbose_name=_("điển hình"), on_delete=models.CASCADE, related_name="photos")
    image = CheckedImageField(_("ảnh"), upload_to=random_upload_to("exemplars/photos"))
    caption = models.CharField(_("chú thích"), max_length=255, blank=True)
    alt_text = models.CharField(_("mô tả ảnh"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("ảnh điển hình")
        verbose_name_plural = _("ảnh điển hình")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.caption or f"{self.exemplar} #{self.pk}"


# Where the admin's honour form shows each refused rule.
_RULE_FIELDS = {"decision-date": "decision_date", "signer": "issuing_authority"}


class HonourQuerySet(models.QuerySet):
    def in_force(self) -> HonourQuerySet:
        return self.filter(revoked_at__isnull=True)

    def for_page(self) -> HonourQuerySet:
        """Newest first, with what an exemplar's page shows of each (its timeline and its structured data)."""
        return self.select_related("award_type").only(*HONOUR_PAGE_FIELDS).order_by(*HONOUR_ORDER)


class Honour(models.Model):
    """An award an exemplar received: the decision that granted it, and its revocation if annulled."""

    exemplar = models.ForeignKey(
        Exemplar, verbose_name=_("điển hình"), on_delete=models.CASCADE, related_name="honours"
    )
    award_type = models.ForeignKey(
        AwardType, verbose_name=_("danh hiệu, hình thức"), on_delete=models.PROTECT, related_name="honours"
    )
    year = YearField(_("năm"), db_index=True)
    decision_number = models.CharField(_("số quyết định"), max_length=80)
    decision_date = models.DateField(_("ngày quyết định"))
    issuing_authority = models.CharField(_("cơ quan, người ký"), max_length=255, blank=True)
    movement = models.ForeignKey(
        Movement, verbose_name=_("phong trào"), on_delete=models.PROTECT, null=True, blank=True, related_name="honours"
    )
    phase = models.ForeignKey(
        PlanPhase, verbose_name=_("giai đoạn"), on_delete=models.PROTECT, null=True, blank=True, related_name="honours"
    )
    nomination = models.OneToOneField(
        "exemplars.Nomination",
        verbose_name=_("hồ sơ đề nghị"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="honour",
    )
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    revoked_reason = models.TextField(_("lý do thu hồi"), blank=True)

    objects = HonourQuerySet.as_manager()

    class Meta:
        verbose_name = _("khen thưởng")
        verbose_name_plural = _("khen thưởng")
        ordering = ["-year", "-decision_date"]
        indexes = [models.Index(fields=["award_type", "year"], name="honour_award_year")]
        constraints = [
            models.UniqueConstraint(
                fields=["exemplar", "award_type", "year"],
                condition=Q(revoked_at__isnull=True),
                name="honour_once_per_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.award_type.name} {self.year} – {self.exemplar}"

    def clean(self) -> None:
        """What a decision records must be lawful: the award's recipient kind, a version in force on the decision
        date, a signer of the award's level (eligibility.RECORD_RULES); a phase of the movement covering the year.

        Prerequisites, documents and the council vote are judged when a dossier is approved, not here: an honour
        entered by hand records a decision already taken outside the portal."""
        errors: dict[str, list[str]] = {}
        if self.award_type_id and self.exemplar_id and self.year and self.decision_date:
            from .eligibility import RECORD_RULES, candidate_for_honour

            for check in self.award_type.unmet(candidate_for_honour(self)):
                if check.code in RECORD_RULES:
                    errors.setdefault(_RULE_FIELDS.get(check.code, "award_type"), []).append(check.detail)
        errors.update(phase_errors(self.movement_id and self.movement, self.phase_id and self.phase, self.year))
        if errors:
            raise ValidationError(errors)

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
