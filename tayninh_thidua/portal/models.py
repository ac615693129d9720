"""Site-wide content staff manage: news and announcements, links to other sites, and feedback."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tayninh_thidua.lib.search import word_search
from tayninh_thidua.lib.storage import private_storage
from tayninh_thidua.lib.text import fold, unique_slug
from tayninh_thidua.lib.uploads import CheckedImageField, GeneratedFileField, random_upload_to


class NewsQuerySet(models.QuerySet):
    def published(self) -> NewsQuerySet:
        return self.filter(is_published=True, published_at__isnull=False, published_at__lte=timezone.now())

    def search(self, query: str, **options) -> NewsQuerySet:
        return word_search(self, query, **options)


class NewsArticle(models.Model):
    class Kind(models.TextChoices):
        NEWS = "news", _("Tin tức")
        ANNOUNCEMENT = "announcement", _("Thông báo")

    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices, default=Kind.NEWS)
    title = models.CharField(_("tiêu đề"), max_length=300)
    slug = models.SlugField(_("đường dẫn"), max_length=100, unique=True, blank=True)
    summary = models.CharField(_("tóm tắt"), max_length=500, blank=True)
    body = models.TextField(_("nội dung"), blank=True)
    image = CheckedImageField(_("ảnh"), upload_to=random_upload_to("news"), blank=True)
    image_alt = models.CharField(_("mô tả ảnh"), max_length=200, blank=True)
    is_published = models.BooleanField(_("công khai"), default=False)
    published_at = models.DateTimeField(_("ngày đăng"), null=True, blank=True)
    search_text = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    objects = NewsQuerySet.as_manager()

    class Meta:
        verbose_name = _("tin tức – thông báo")
        verbose_name_plural = _("tin tức – thông báo")
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["is_published", "-published_at"], name="news_public_newest")]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = unique_slug(NewsArticle, self.title, exclude_pk=self.pk)
        self.search_text = fold(f"{self.title} {self.summary} {self.body}")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("portal:news.detail", kwargs={"slug": self.slug})


class WebsiteLinkQuerySet(models.QuerySet):
    def active(self) -> WebsiteLinkQuerySet:
        return self.filter(is_active=True)


class WebsiteLink(models.Model):
    title = models.CharField(_("tên trang"), max_length=200)
    url = models.URLField(_("địa chỉ"))
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    is_active = models.BooleanField(_("hiển thị"), default=True)

    objects = WebsiteLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("liên kết website")
        verbose_name_plural = _("liên kết website")
        ordering = ["position", "title"]

    def __str__(self) -> str:
        return self.title


class Feedback(models.Model):
    """A message from the public. Staff read it in the admin; a notice goes out by e-mail (the outbox)."""

    name = models.CharField(_("họ và tên"), max_length=200)
    email = models.EmailField(_("thư điện tử"), blank=True)
    subject = models.CharField(_("tiêu đề"), max_length=300)
    message = models.TextField(_("nội dung"))
    created_at = models.DateTimeField(_("gửi lúc"), auto_now_add=True)
    handled = models.BooleanField(_("đã xử lý"), default=False)

    class Meta:
        verbose_name = _("phản hồi")
        verbose_name_plural = _("phản hồi")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.subject


class ReportJob(models.Model):
    """A report document built in the background (a plan-wide sơ kết / tổng kết): its progress and its files.

    The files are private (staff only, through `stats:report.job.file`). The task stamps `progress` as it goes,
    so the page's progress bar polls this row, the same with a real worker or eager tasks.
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang soạn")
        DONE = "done", _("Đã xong")
        FAILED = "failed", _("Lỗi")

    token = models.UUIDField(_("mã"), default=uuid.uuid4, unique=True, editable=False)
    params = models.JSONField(_("phạm vi"), default=dict)
    title = models.CharField(_("tên báo cáo"), max_length=500, blank=True)
    state = models.CharField(_("trạng thái"), max_length=16, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    error = models.TextField(_("lỗi"), blank=True)
    docx = GeneratedFileField(_("tệp DOCX"), upload_to=random_upload_to("reports"), storage=private_storage, blank=True)
    pdf = GeneratedFileField(_("tệp PDF"), upload_to=random_upload_to("reports"), storage=private_storage, blank=True)
    xlsx = GeneratedFileField(
        _("phụ lục xlsx"), upload_to=random_upload_to("reports"), storage=private_storage, blank=True
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người yêu cầu"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("báo cáo soạn tự động")
        verbose_name_plural = _("báo cáo soạn tự động")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title or str(self.token)

    @property
    def is_done(self) -> bool:
        return self.state == self.State.DONE

    @property
    def is_failed(self) -> bool:
        return self.state == self.State.FAILED
