"""The site library's tables: the log of changes to what the public sees."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PublicChange(models.Model):
    """Who made which public object public or not (or changed a public fact about it), and when.

    Written only by the publication services (`tayninh_thidua.lib.publication`); read-only in the admin.
    """

    class Action(models.TextChoices):
        PUBLISH = "publish", _("Công khai")
        UNPUBLISH = "unpublish", _("Ngừng công khai")
        LEAD_CONFIRMED = "lead-confirmed", _("Xác nhận đơn vị chủ trì")

    content_type = models.ForeignKey(ContentType, verbose_name=_("loại nội dung"), on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField(_("mã đối tượng"))
    target = GenericForeignKey("content_type", "object_id")
    # The object's name at the time: the log stays readable after the object is renamed or deleted.
    object_repr = models.CharField(_("đối tượng"), max_length=300)
    action = models.CharField(_("việc"), max_length=32, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    comment = models.TextField(_("ghi chú"), blank=True)
    at = models.DateTimeField(_("lúc"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("nhật ký công khai")
        verbose_name_plural = _("nhật ký công khai")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "-at"], name="publicchange_object_at")]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.get_action_display()}: {self.object_repr}"
