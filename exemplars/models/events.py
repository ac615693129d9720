"""Exchanges "Giao lưu gương điển hình tiên tiến": events where exemplars meet the public, with photo albums."""

from __future__ import annotations

from django.db import models
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from movements.models import Movement
from tayninh_thidua.lib.search import word_search
from tayninh_thidua.lib.text import fold, unique_slug
from tayninh_thidua.lib.uploads import CheckedImageField, random_upload_to

from .exemplar import Exemplar


class ExchangeEventQuerySet(models.QuerySet):
    def published(self) -> ExchangeEventQuerySet:
        return self.filter(is_published=True)

    def search(self, query: str, **options) -> ExchangeEventQuerySet:
        return word_search(self, query, **options)

    def with_public_relations(self) -> ExchangeEventQuerySet:
        return self.select_related("movement").prefetch_related(
            Prefetch("exemplars", queryset=Exemplar.objects.published().order_by("name")),
            "photos",
        )


class ExchangeEvent(models.Model):
    title = models.CharField(_("tiêu đề"), max_length=300)
    slug = models.SlugField(_("đường dẫn"), max_length=100, unique=True, blank=True)
    date = models.DateField(_("ngày tổ chức"))
    place = models.CharField(_("địa điểm"), max_length=300, blank=True)
    movement = models.ForeignKey(
        Movement,
        verbose_name=_("phong trào"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="exchange_events",
    )
    summary = models.TextField(_("nội dung"), blank=True)
    exemplars = models.ManyToManyField(
        Exemplar, verbose_name=_("điển hình tham gia"), blank=True, related_name="exchange_events"
    )
    is_published = models.BooleanField(_("công khai"), default=False, db_index=True)
    search_text = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    objects = ExchangeEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("giao lưu gương điển hình tiên tiến")
        verbose_name_plural = _("giao lưu gương điển hình tiên tiến")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = unique_slug(ExchangeEvent, self.title, exclude_pk=self.pk)
        self.search_text = fold(f"{self.title} {self.place} {self.summary}")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("exchanges:event.detail", kwargs={"slug": self.slug})


class EventPhotoQuerySet(models.QuerySet):
    def published(self) -> EventPhotoQuerySet:
        return self.filter(event__is_published=True).select_related("event")


class EventPhoto(models.Model):
    event = models.ForeignKey(
        ExchangeEvent, verbose_name=_("buổi giao lưu"), on_delete=models.CASCADE, related_name="photos"
    )
    image = CheckedImageField(_("ảnh"), upload_to=random_upload_to("events"))
    caption = models.CharField(_("chú thích"), max_length=255, blank=True)
    alt_text = models.CharField(_("mô tả ảnh"), max_length=200)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    objects = EventPhotoQuerySet.as_manager()

    class Meta:
        verbose_name = _("ảnh giao lưu")
        verbose_name_plural = _("ảnh giao lưu")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.caption or f"{self.event} #{self.pk}"
