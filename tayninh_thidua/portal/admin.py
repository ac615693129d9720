from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib import admin, messages
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from tayninh_thidua.lib import loginlock
from tayninh_thidua.lib.admin import PublicationAdmin, ViewOnlyAdmin
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


# --- sign-in: the login lock's counters and logs (django-axes), two-factor devices (django-otp) ----------------
# Registered here, before the libraries' own admins (AXES_ENABLE_ADMIN is off; django-otp skips models already
# registered): Vietnamese columns, no secret key on screen, and unlocking by staff.
@admin.register(AccessAttempt)
class LoginLockAdmin(ViewOnlyAdmin):
    """Failure counters within the cool-off time: staff see which accounts and addresses are locked and unlock them
    (permission "axes.delete_accessattempt", given to the staff group)."""

    list_display = ["attempt_time", "username", "ip_address", "failures_since_start", "account_state", "address_state"]
    list_filter = ["attempt_time"]
    search_fields = ["username", "ip_address"]
    date_hierarchy = "attempt_time"
    fields = ["attempt_time", "username", "ip_address", "failures_since_start", "path_info", "user_agent"]
    actions = ["unlock_accounts", "unlock_addresses"]

    def get_queryset(self, request):
        return loginlock.locked_state(super().get_queryset(request))

    def has_unlock_permission(self, request) -> bool:
        return request.user.has_perm("axes.delete_accessattempt")

    @admin.display(description=_("tài khoản"))
    def account_state(self, attempt) -> str:
        return self._state(attempt.account_failures, settings.LOGIN_ACCOUNT_FAILURE_LIMIT)

    @admin.display(description=_("địa chỉ"))
    def address_state(self, attempt) -> str:
        return self._state(attempt.address_failures, settings.LOGIN_ADDRESS_FAILURE_LIMIT)

    @staticmethod
    def _state(failures: int, limit: int) -> str:
        if failures >= limit:
            return gettext("Đang bị khoá (%(n)d/%(limit)d lần sai)") % {"n": failures, "limit": limit}
        return gettext("%(n)d/%(limit)d lần sai") % {"n": failures, "limit": limit}

    @admin.action(description=_("Mở khoá các tài khoản đã chọn (từ mọi địa chỉ)"), permissions=["unlock"])
    def unlock_accounts(self, request, queryset):
        names = [name for name in queryset.values_list("username", flat=True) if name]
        deleted = loginlock.unlock(usernames=names, actor=request.user)
        self.message_user(
            request,
            gettext("Đã mở khoá %(n)d tài khoản (xoá %(rows)d bộ đếm).") % {"n": len(set(names)), "rows": deleted},
            messages.SUCCESS,
        )

    @admin.action(description=_("Mở khoá các địa chỉ đã chọn (cho mọi tài khoản)"), permissions=["unlock"])
    def unlock_addresses(self, request, queryset):
        addresses = [a for a in queryset.values_list("ip_address", flat=True) if a]
        deleted = loginlock.unlock(addresses=addresses, actor=request.user)
        self.message_user(
            request,
            gettext("Đã mở khoá %(n)d địa chỉ (xoá %(rows)d bộ đếm).") % {"n": len(set(addresses)), "rows": deleted},
            messages.SUCCESS,
        )


@admin.register(AccessFailureLog)
class LoginFailureLogAdmin(ViewOnlyAdmin):
    """Every failed sign-in (wrong password or wrong code), kept after unlocking: who was attacked, from where."""

    list_display = ["attempt_time", "username", "ip_address", "locked_out", "path_info", "user_agent"]
    list_filter = ["locked_out", "attempt_time"]
    search_fields = ["username", "ip_address"]
    date_hierarchy = "attempt_time"


@admin.register(AccessLog)
class LoginLogAdmin(ViewOnlyAdmin):
    list_display = ["attempt_time", "logout_time", "username", "ip_address", "user_agent"]
    list_filter = ["attempt_time"]
    search_fields = ["username", "ip_address"]
    date_hierarchy = "attempt_time"
    fields = ["attempt_time", "logout_time", "username", "ip_address", "path_info", "user_agent"]


class DeviceAdmin(admin.ModelAdmin):
    """A user's two-factor devices, without their secret. Deleting them (a lost phone) makes the user set up a new
    app at the next sign-in; only superusers may, so no staff account can strip another's second factor.
    django-otp's field names are not translatable, hence the Vietnamese columns here."""

    list_display = ["account", "device_name", "is_confirmed", "created", "last_used"]
    list_filter = ["confirmed"]
    search_fields = ["user__username", "user__email"]
    list_select_related = ["user"]
    fields = ["account", "device_name", "is_confirmed", "created", "last_used"]
    readonly_fields = fields

    @admin.display(description=_("tài khoản"), ordering="user__username")
    def account(self, device) -> str:
        return device.user.get_username()

    @admin.display(description=_("tên"))
    def device_name(self, device) -> str:
        return device.name

    @admin.display(description=_("đã xác nhận"), boolean=True)
    def is_confirmed(self, device) -> bool:
        return device.confirmed

    @admin.display(description=_("tạo lúc"), ordering="created_at")
    def created(self, device):
        return device.created_at

    @admin.display(description=_("dùng lần cuối"), ordering="last_used_at")
    def last_used(self, device):
        return device.last_used_at

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser


admin.site.register(TOTPDevice, DeviceAdmin)
admin.site.register(StaticDevice, DeviceAdmin)
