"""The site library's tables: the outbox (one row per outgoing e-mail) and the log of changes to what the
public sees.

`tayninh_thidua.lib.outbox` writes, sends, sweeps and resends the outbox rows; nothing else sends e-mail.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
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


class OutgoingMailQuerySet(models.QuerySet):
    def sent(self) -> OutgoingMailQuerySet:
        return self.filter(sent_at__isnull=False)

    def unsent(self) -> OutgoingMailQuerySet:
        return self.filter(sent_at__isnull=True)

    def waiting(self) -> OutgoingMailQuerySet:
        """Not sent and not yet refused by the mail server: queued, or waiting for a recipient."""
        return self.unsent().filter(attempts=0)

    def failed(self) -> OutgoingMailQuerySet:
        """Not sent although tried: retrying with backoff, or given up after OUTBOX_MAX_ATTEMPTS."""
        return self.unsent().filter(attempts__gt=0)

    def due(self, *, before=None) -> OutgoingMailQuerySet:
        """Unsent rows the sender should try now (next attempt at or before `before`), not given up."""
        before = before or timezone.now()
        return self.unsent().filter(next_attempt_at__lte=before, attempts__lt=settings.OUTBOX_MAX_ATTEMPTS)


class OutgoingMail(models.Model):
    """One e-mail: to fixed addresses (`to`) or to a named audience resolved when it is sent.

    `key` is unique: queueing the same message twice (a rerun, a redelivered task) keeps one row.
    `body` is empty when a registered renderer writes it at sending time (reminders, password links:
    a password link is never stored).
    """

    key = models.CharField(_("khóa"), max_length=500, unique=True)
    kind = models.CharField(_("loại thư"), max_length=40, blank=True, db_index=True)
    # Addresses joined by ", " (plain text: cheap to insert by the thousand, searchable everywhere).
    to = models.TextField(_("người nhận"), blank=True)
    audience = models.CharField(_("nhóm người nhận"), max_length=64, blank=True)
    audience_args = models.JSONField(_("tham số nhóm người nhận"), null=True, blank=True)
    subject = models.CharField(_("tiêu đề"), max_length=300)
    body = models.TextField(_("nội dung"), blank=True)
    renderer = models.CharField(_("soạn nội dung bằng"), max_length=64, blank=True)
    context = models.JSONField(_("dữ liệu soạn nội dung"), null=True, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    next_attempt_at = models.DateTimeField(_("gửi tiếp từ"), default=timezone.now)
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("số lần thử"), default=0)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)

    objects = OutgoingMailQuerySet.as_manager()

    class Meta:
        verbose_name = _("thư đi")
        verbose_name_plural = _("hộp thư đi")
        ordering = ["-created_at", "-pk"]
        permissions = [("resend_outgoingmail", _("Có thể gửi lại thư đi"))]
        indexes = [
            # The sweep's scan: unsent rows by their next attempt (a partial index stays small).
            models.Index(fields=["next_attempt_at"], condition=Q(sent_at__isnull=True), name="outbox_unsent_due"),
        ]

    def __str__(self) -> str:
        return f"{self.to or self.audience}: {self.subject}"

    @property
    def recipients(self) -> list[str]:
        return [address.strip() for address in self.to.split(",") if address.strip()]

    @property
    def is_sent(self) -> bool:
        return self.sent_at is not None


class UploadedFile(models.Model):
    """What a private upload records beside its file: the name it came with, its detected type, its size, who
    uploaded it and when. Concrete models add the `file` field (storage, folder) and what it belongs to."""

    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    content_type = models.CharField(_("kiểu nội dung"), max_length=100)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    class Meta:
        abstract = True
