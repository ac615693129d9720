"""Agencies, plans with their phases, fields and movements: the frame of the emulation plan."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tayninh_thidua.text import fold, unique_slug
from tayninh_thidua.uploads import random_upload_to


class TimeStamped(models.Model):
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        abstract = True


# ---------------------------------------------------------------------------
# Agency
# ---------------------------------------------------------------------------
class AgencyQuerySet(models.QuerySet):
    def active_on(self, day=None) -> AgencyQuerySet:
        day = day or timezone.localdate()
        return self.filter(Q(active_from__isnull=True) | Q(active_from__lte=day)).filter(
            Q(active_until__isnull=True) | Q(active_until__gte=day)
        )

    def search(self, query: str) -> AgencyQuerySet:
        return self.filter(search_text__contains=fold(query)) if query else self


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


# ---------------------------------------------------------------------------
# Plan and phases
# ---------------------------------------------------------------------------
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


# ---------------------------------------------------------------------------
# Fields and movements
# ---------------------------------------------------------------------------
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


class MovementQuerySet(models.QuerySet):
    def published(self) -> MovementQuerySet:
        return self.filter(is_published=True)

    def with_agencies(self) -> MovementQuerySet:
        # Two hops of successors cover the province's mergers; deeper chains cost a query each.
        return self.select_related("field", "linked_campaign", "lead_agency__successor__successor").prefetch_related(
            "phases"
        )

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
    cover_image = models.ImageField(_("ảnh bìa"), upload_to=random_upload_to("movements"), blank=True)
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

    def clean(self) -> None:
        if self.linked_campaign_id:
            if self.linked_campaign_id == self.pk:
                raise ValidationError({"linked_campaign": _("Không thể gắn với chính nó.")})
            if self.linked_campaign.kind != Movement.Kind.CAMPAIGN:
                raise ValidationError({"linked_campaign": _("Chỉ gắn với một cuộc vận động.")})

    @property
    def current_lead(self) -> Agency | None:
        return self.lead_agency.current if self.lead_agency_id else None


# Review reports and reminders live in their own module; imported here so Django registers them.
from .reporting import *  # noqa: E402,F403
