"""Agencies, with their merger history (active dates, successor)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tayninh_thidua.lib.search import word_search
from tayninh_thidua.lib.text import fold, unique_slug


def with_successors(path: str, *names: str) -> tuple[str, ...]:
    """`only()` names for the agency at `path` ("agency__"; "" for the queryset's own) and its two successors: each
    one's `names` and its `successor`, which `Agency.current` follows. Pair it with select_related of
    `<path>successor__successor`: two hops cover the province's mergers, a deeper chain costs a query a hop."""
    hops = (path, f"{path}successor__", f"{path}successor__successor__")
    return tuple(f"{hop}{name}" for hop in hops for name in (*names, "successor"))


class TimeStamped(models.Model):
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        abstract = True


class AgencyQuerySet(models.QuerySet):
    def active_on(self, day=None) -> AgencyQuerySet:
        day = day or timezone.localdate()
        return self.filter(Q(active_from__isnull=True) | Q(active_from__lte=day)).filter(
            Q(active_until__isnull=True) | Q(active_until__gte=day)
        )

    def search(self, query: str) -> AgencyQuerySet:
        return word_search(self, query, rank=False)


def lineage_ids(agency_id: int, hops: int = 10) -> set[int]:
    """The agency and every agency merged into it, directly or through earlier mergers (its predecessors).

    What was registered, scored or recognised under a merged agency is found under its successor through this.
    One query per generation of mergers (at most `hops`).
    """
    found, frontier = {agency_id}, {agency_id}
    for _hop in range(hops):
        frontier = set(Agency.objects.filter(successor_id__in=frontier).values_list("pk", flat=True)) - found
        if not frontier:
            break
        found |= frontier
    return found


class Agency(TimeStamped):
    class Kind(models.TextChoices):
        PROVINCIAL_DEPARTMENT = "provincial-department", _("Sở, ban, ngành tỉnh")
        PARTY_BODY = "party-body", _("Cơ quan Đảng")
        PEOPLES_COMMITTEE = "peoples-committee", _("UBND tỉnh")
        DISTRICT = "district", _("UBND cấp huyện")
        COMMUNE = "commune", _("UBND cấp xã")
        MASS_ORGANISATION = "mass-organisation", _("Đoàn thể, Mặt trận Tổ quốc")
        ARMED_FORCES = "armed-forces", _("Lực lượng vũ trang")
        ENTERPRISE = "enterprise", _("Doanh nghiệp")
        SCHOOL = "school", _("Trường học")
        PRESS = "press", _("Cơ quan báo chí")
        OTHER = "other", _("Khác")

    name = models.CharField(_("tên cơ quan, đơn vị"), max_length=255, unique=True)
    short_name = models.CharField(_("tên viết tắt"), max_length=80, blank=True)
    slug = models.SlugField(_("đường dẫn"), max_length=100, unique=True, blank=True)
    kind = models.CharField(_("loại"), max_length=32, choices=Kind.choices, default=Kind.OTHER, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("cơ quan cấp trên"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    email = models.EmailField(_("thư điện tử"), blank=True)
    phone = models.CharField(_("điện thoại"), max_length=40, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    active_from = models.DateField(_("hoạt động từ"), null=True, blank=True)
    active_until = models.DateField(_("hoạt động đến"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị kế thừa"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="predecessors",
        help_text=_("Khi cơ quan sáp nhập hoặc đổi tên: đơn vị tiếp nhận chức năng, nhiệm vụ."),
    )
    notes = models.TextField(_("ghi chú"), blank=True)
    search_text = models.TextField(editable=False, blank=True, db_index=False)

    objects = AgencyQuerySet.as_manager()

    class Meta:
        verbose_name = _("cơ quan, đơn vị")
        verbose_name_plural = _("cơ quan, đơn vị")
        ordering = ["name"]
        indexes = [models.Index(fields=["kind", "name"], name="agency_kind_name")]
        constraints = [
            models.CheckConstraint(
                condition=Q(active_until__isnull=True)
                | Q(active_from__isnull=True)
                | Q(active_until__gte=models.F("active_from")),
                name="agency_active_dates_ordered",
                violation_error_message=_("Ngày kết thúc hoạt động phải sau ngày bắt đầu."),
            ),
            models.CheckConstraint(
                condition=~Q(successor=models.F("pk")),
                name="agency_not_own_successor",
                violation_error_message=_("Một đơn vị không thể kế thừa chính nó."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = unique_slug(Agency, self.short_name or self.name, exclude_pk=self.pk)
        self.search_text = fold(f"{self.name} {self.short_name}")
        super().save(*args, **kwargs)

    def clean(self) -> None:
        errors = {}
        if self.active_from and self.active_until and self.active_until < self.active_from:
            errors["active_until"] = _("Ngày kết thúc hoạt động phải sau ngày bắt đầu.")
        if self.successor_id and self.successor_id == self.pk:
            errors["successor"] = _("Một đơn vị không thể kế thừa chính nó.")
        elif self.successor_id and self.pk and self.pk in {a.pk for a in self.successor.successor_chain()}:
            errors["successor"] = _("Chuỗi kế thừa bị lặp vòng.")
        if self.successor_id and not self.active_until:
            errors["active_until"] = _("Đơn vị đã có đơn vị kế thừa cần có ngày kết thúc hoạt động.")
        if self.parent_id and self.parent_id == self.pk:
            errors["parent"] = _("Một đơn vị không thể là cấp trên của chính nó.")
        if errors:
            raise ValidationError(errors)

    def successor_chain(self, limit: int = 10) -> list[Agency]:
        """The successors in order, newest last; stops on a loop or after `limit` hops."""
        chain, seen, current = [], {self.pk}, self.successor
        while current is not None and current.pk not in seen and len(chain) < limit:
            chain.append(current)
            seen.add(current.pk)
            current = current.successor
        return chain

    @property
    def current(self) -> Agency:
        """The agency that carries this one's duties today (itself if it was never merged)."""
        chain = self.successor_chain()
        return chain[-1] if chain else self

    @property
    def is_active(self) -> bool:
        today = timezone.localdate()
        return (self.active_from is None or self.active_from <= today) and (
            self.active_until is None or self.active_until >= today
        )
