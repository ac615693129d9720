"""Fields (lĩnh vực) and movements or campaigns, each led by one agency with coordinating agencies."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tayninh_thidua.lib.search import word_search
from tayninh_thidua.lib.text import fold, unique_slug
from tayninh_thidua.lib.uploads import CheckedImageField, random_upload_to

from .agency import Agency, TimeStamped, with_successors
from .plan import PlanPhase


class Field(models.Model):
    """Lĩnh vực: the subject area of a movement or an exemplar."""

    name = models.CharField(_("tên lĩnh vực"), max_length=255, unique=True)
    slug = models.SlugField(_("đường dẫn"), max_length=100, unique=True, blank=True)
    description = models.TextField(_("mô tả"), blank=True)
    named_in_plan = models.BooleanField(
        _("lĩnh vực xây dựng điển hình do kế hoạch nêu"),
        default=False,
        help_text=_("Các lĩnh vực kế hoạch đề nghị xây dựng điển hình tiên tiến ngoài các phong trào."),
    )
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = unique_slug(Field, self.name, exclude_pk=self.pk)
        super().save(*args, **kwargs)


# What a movement's own page shows of it, of its field and linked campaign, and of its lead agency with the two
# successors `current_lead` follows; its phases and coordinating agencies come from `Movement.page_lists`.
PAGE_FIELDS = (
    "kind",
    "name",
    "slug",
    "summary",
    "description",
    "criteria",
    "lead_confirmed",
    "cover_image",
    "cover_alt",
    "field__name",
    "linked_campaign__name",
    "linked_campaign__is_published",
    *with_successors("lead_agency__", "name"),
)


class MovementQuerySet(models.QuerySet):
    def published(self) -> MovementQuerySet:
        return self.filter(is_published=True)

    def with_agencies(self) -> MovementQuerySet:
        # Two hops of successors cover the province's mergers; deeper chains cost a query each.
        return self.select_related("field", "linked_campaign", "lead_agency__successor__successor").prefetch_related(
            "phases"
        )

    def for_page(self) -> MovementQuerySet:
        """What a movement's own page shows (`PAGE_FIELDS`): not the search text nor the lead's notes."""
        return self.select_related("field", "linked_campaign", "lead_agency__successor__successor").only(*PAGE_FIELDS)

    def for_cards(self) -> MovementQuerySet:
        """What a movement card (movements/_movement_card.html) shows, and nothing else: no phases, no texts."""
        return self.select_related("field", "lead_agency__successor__successor").only(
            "kind", "name", "slug", "lead_confirmed", "field__name", *with_successors("lead_agency__", "name")
        )

    def search(self, query: str, **options) -> MovementQuerySet:
        return word_search(self, query, **options)

    def movements(self) -> MovementQuerySet:
        return self.filter(kind=Movement.Kind.MOVEMENT)

    def campaigns(self) -> MovementQuerySet:
        return self.filter(kind=Movement.Kind.CAMPAIGN)


class Movement(TimeStamped):
    class Kind(models.TextChoices):
        MOVEMENT = "movement", pgettext_lazy("movement kind", "Phong trào thi đua")
        CAMPAIGN = "campaign", pgettext_lazy("movement kind", "Cuộc vận động")

    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices, default=Kind.MOVEMENT, db_index=True)
    name = models.CharField(_("tên"), max_length=300, unique=True)
    slug = models.SlugField(_("đường dẫn"), max_length=100, unique=True, blank=True)
    summary = models.CharField(_("tóm tắt"), max_length=400, blank=True)
    description = models.TextField(_("mô tả"), blank=True)
    field = models.ForeignKey(
        Field, verbose_name=_("lĩnh vực"), on_delete=models.PROTECT, null=True, blank=True, related_name="movements"
    )
    lead_agency = models.ForeignKey(
        Agency,
        verbose_name=_("đơn vị chủ trì"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_movements",
    )
    lead_confirmed = models.BooleanField(
        _("đã xác nhận đơn vị chủ trì"),
        default=False,
        help_text=_("Bỏ chọn khi đơn vị chủ trì được suy ra theo lĩnh vực, chưa có văn bản giao nhiệm vụ."),
    )
    lead_note = models.CharField(_("ghi chú về đơn vị chủ trì"), max_length=400, blank=True)
    coordinating_agencies = models.ManyToManyField(
        Agency, verbose_name=_("đơn vị phối hợp"), blank=True, related_name="coordinated_movements"
    )
    phases = models.ManyToManyField(
        PlanPhase, verbose_name=_("giai đoạn thực hiện"), blank=True, related_name="movements"
    )
    criteria = models.TextField(_("tiêu chí điển hình tiên tiến"), blank=True)
    linked_campaign = models.ForeignKey(
        "self",
        verbose_name=_("gắn với cuộc vận động"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="linked_movements",
        limit_choices_to={"kind": "campaign"},
    )
    cover_image = CheckedImageField(_("ảnh bìa"), upload_to=random_upload_to("movements"), blank=True)
    cover_alt = models.CharField(_("mô tả ảnh bìa"), max_length=200, blank=True)
    is_published = models.BooleanField(_("công khai"), default=False, db_index=True)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    search_text = models.TextField(editable=False, blank=True)

    objects = MovementQuerySet.as_manager()

    class Meta:
        verbose_name = _("phong trào, cuộc vận động")
        verbose_name_plural = _("phong trào, cuộc vận động")
        ordering = ["position", "name"]
        indexes = [models.Index(fields=["is_published", "kind", "position"], name="movement_public_list")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = unique_slug(Movement, self.name, exclude_pk=self.pk)
        self.search_text = fold(f"{self.name} {self.summary}")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("movements:movement.detail", kwargs={"slug": self.slug})

    def page_lists(self) -> dict[str, list]:
        """What the movement's own page lists: its phases and its coordinating agencies (with two successors).

        One plain query each: for one object, prefetch_related's machinery costs more than the queries it runs.
        """
        coordinating = self.coordinating_agencies.select_related("successor__successor").only(
            *with_successors("", "name")
        )
        return {
            "phases": list(self.phases.only("name", "start_date", "end_date")),
            "coordinating": list(coordinating),
        }

    def clean(self) -> None:
        if self.linked_campaign_id:
            if self.linked_campaign_id == self.pk:
                raise ValidationError({"linked_campaign": _("Không thể gắn với chính nó.")})
            if self.linked_campaign.kind != Movement.Kind.CAMPAIGN:
                raise ValidationError({"linked_campaign": _("Chỉ gắn với một cuộc vận động.")})

    @property
    def current_lead(self) -> Agency | None:
        return self.lead_agency.current if self.lead_agency_id else None


def phase_errors(movement: Movement | None, phase: PlanPhase | None, year: int | None) -> dict[str, list[str]]:
    """The phase must be one of the movement's, and the year within the phase (used by nominations, honours and exemplars)."""
    errors: dict[str, list[str]] = {}
    if movement and phase and not movement.phases.filter(pk=phase.pk).exists():
        names = ", ".join(p.name for p in movement.phases.all()) or _("chưa có giai đoạn nào")
        errors["phase"] = [
            _("“%(phase)s” không thuộc phong trào “%(movement)s” (các giai đoạn của phong trào: %(names)s).")
            % {"phase": phase.name, "movement": movement.name, "names": names}
        ]
    if phase and year and not (phase.start_date.year <= year <= phase.end_date.year):
        errors["year"] = [
            _("Năm %(year)s nằm ngoài giai đoạn “%(phase)s” (%(start)s – %(end)s).")
            % {
                "year": year,
                "phase": phase.name,
                "start": f"{phase.start_date:%d/%m/%Y}",
                "end": f"{phase.end_date:%d/%m/%Y}",
            }
        ]
    return errors
