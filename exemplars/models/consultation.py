"""Public consultation (lấy ý kiến dư luận): a batch of dossiers published for comment for a number of working
days before the council meets, and the public's comments, each confirmed by e-mail and handled by staff."""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .nomination import Nomination


class ConsultationQuerySet(models.QuerySet):
    def open_on(self, day: dt.date) -> ConsultationQuerySet:
        return self.filter(opens_on__lte=day, closes_on__gte=day)

    def open_now(self) -> ConsultationQuerySet:
        return self.open_on(timezone.localdate())


class Consultation(models.Model):
    title = models.CharField(_("tiêu đề"), max_length=255)
    opens_on = models.DateField(_("mở từ ngày"))
    working_days = models.PositiveSmallIntegerField(_("số ngày làm việc"))
    closes_on = models.DateField(_("đến hết ngày"), editable=False)
    rule_basis = models.CharField(_("căn cứ"), max_length=300, blank=True, editable=False)
    nominations = models.ManyToManyField(
        Nomination, verbose_name=_("hồ sơ lấy ý kiến"), related_name="consultations", blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        verbose_name = _("đợt lấy ý kiến")
        verbose_name_plural = _("đợt lấy ý kiến")
        ordering = ["-opens_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    def is_open_on(self, day: dt.date) -> bool:
        return self.opens_on <= day <= self.closes_on

    @property
    def is_open(self) -> bool:
        return self.is_open_on(timezone.localdate())


def _token() -> str:
    return secrets.token_urlsafe(24)


class ConsultationComment(models.Model):
    class Handling(models.TextChoices):
        PENDING = "pending", _("Chưa xử lý")
        ACCEPTED = "accepted", _("Tiếp thu, xác minh")
        EXPLAINED = "explained", _("Đã giải trình")
        DISMISSED = "dismissed", _("Không xem xét (không đúng nội dung, nặc danh …)")

    consultation = models.ForeignKey(
        Consultation, verbose_name=_("đợt lấy ý kiến"), on_delete=models.CASCADE, related_name="comments"
    )
    nomination = models.ForeignKey(
        Nomination, verbose_name=_("góp ý cho"), on_delete=models.CASCADE, related_name="public_comments"
    )
    name = models.CharField(_("họ và tên"), max_length=200)
    email = models.EmailField(_("thư điện tử"))
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    comment = models.TextField(_("nội dung góp ý"))
    token = models.CharField(max_length=64, unique=True, default=_token, editable=False)
    created_at = models.DateTimeField(_("gửi lúc"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("xác nhận lúc"), null=True, blank=True, editable=False)
    handling = models.CharField(
        _("xử lý"), max_length=16, choices=Handling.choices, default=Handling.PENDING, editable=False
    )
    handling_note = models.TextField(_("kết quả xử lý"), blank=True, editable=False)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    handled_at = models.DateTimeField(_("xử lý lúc"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("ý kiến góp ý")
        verbose_name_plural = _("ý kiến góp ý")
        ordering = ["nomination_id", "created_at"]

    def __str__(self) -> str:
        return f"{self.name} → {self.nomination.nominee_name}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None
