from django.contrib import admin
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from tayninh_thidua.lib.admin import PublicationAdmin
from tayninh_thidua.lib.pagecache import bump_public_cache

from . import services
from .models import Feedback, NewsArticle, WebsiteLink


class PublicContentAdmin(admin.ModelAdmin):
    """Refreshes the public page cache after every save or delete made by staff."""

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        bump_public_cache()

    def delete_model(self, request, obj) -> None:
        super().delete_model(request, obj)
        bump_public_cache()


@admin.register(NewsArticle)
class NewsArticleAdmin(PublicationAdmin, PublicContentAdmin):
    """Ticking "công khai" (or the list's actions) publishes through `publish_news`: now, unless a date is given."""

    publish_service = staticmethod(services.publish_news)
    unpublish_service = staticmethod(services.unpublish_news)
    list_display = ["title", "kind", "is_published", "published_at"]
    list_filter = ["kind", "is_published"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    date_hierarchy = "published_at"


@admin.register(WebsiteLink)
class WebsiteLinkAdmin(PublicContentAdmin):
    list_display = ["title", "url", "position", "is_active"]
    list_editable = ["position", "is_active"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["subject", "name", "email", "created_at", "handled"]
    list_filter = ["handled"]
    search_fields = ["subject", "name", "email", "message"]
    readonly_fields = ["name", "email", "subject", "message", "created_at", "notice"]

    @admin.display(description=_("thư báo cán bộ"))
    def notice(self, feedback: Feedback) -> str:
        mail = services.feedback_notice(feedback)
        if mail is None:
            return "—"
        if mail.sent_at:
            return _("Đã gửi lúc %(time)s tới %(to)s") % {
                "time": date_format(timezone.localtime(mail.sent_at), "d/m/Y H:i"),
                "to": mail.to,
            }
        return _("Chưa gửi: %(reason)s") % {"reason": mail.last_error or _("đang chờ gửi")}

    def has_add_permission(self, request) -> bool:
        return False
