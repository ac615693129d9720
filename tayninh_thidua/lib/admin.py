from django.conf import settings
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import outbox
from .models import OutgoingMail


class ReadOnlyLogAdmin(admin.ModelAdmin):
    """Logs are written by services only: staff read them, nobody adds, edits or deletes by hand."""

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class MailStatusFilter(admin.SimpleListFilter):
    title = _("trạng thái")
    parameter_name = "trang_thai"

    def lookups(self, request, model_admin):
        return [("sent", _("Đã gửi")), ("waiting", _("Chờ gửi")), ("failed", _("Gửi lỗi"))]

    def queryset(self, request, queryset):
        if self.value() in {"sent", "waiting", "failed"}:
            return getattr(queryset, self.value())()
        return queryset


@admin.register(OutgoingMail)
class OutgoingMailAdmin(ReadOnlyLogAdmin):
    """The outbox, read-only: what went out, what waits and why. "Gửi lại" is the one action."""

    list_display = ["created_at", "kind", "recipients", "subject", "status", "attempts", "sent_at", "last_error"]
    list_filter = [MailStatusFilter, "kind"]
    search_fields = ["subject", "key", "to", "last_error"]
    date_hierarchy = "created_at"
    actions = ["resend"]
    fields = [
        "kind",
        "key",
        "recipients",
        "audience",
        "subject",
        "body_text",
        "status",
        "created_at",
        "next_attempt_at",
        "sent_at",
        "attempts",
        "last_error",
    ]

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    @admin.display(description=_("người nhận"))
    def recipients(self, mail: OutgoingMail) -> str:
        return mail.to or _("(nhóm “%(audience)s”)") % {"audience": outbox.audience_label(mail.audience)}

    @admin.display(description=_("nội dung"))
    def body_text(self, mail: OutgoingMail) -> str:
        return mail.body or _("(soạn lúc gửi, không lưu lại)")

    @admin.display(description=_("trạng thái"))
    def status(self, mail: OutgoingMail) -> str:
        if mail.sent_at:
            return _("Đã gửi")
        if mail.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
            return _("Gửi lỗi, đã ngừng thử")
        if mail.attempts:
            return _("Gửi lỗi, sẽ thử lại")
        return _("Chờ gửi")

    def has_resend_permission(self, request) -> bool:
        opts = self.opts
        return request.user.has_perm(f"{opts.app_label}.resend_{opts.model_name}")

    @admin.action(description=_("Gửi lại"), permissions=["resend"])
    def resend(self, request, queryset) -> None:
        count = outbox.resend(queryset.values_list("pk", flat=True))
        skipped = queryset.count() - count
        self.message_user(
            request,
            ngettext("Đã xếp %(count)d thư vào hàng gửi lại.", "Đã xếp %(count)d thư vào hàng gửi lại.", count)
            % {"count": count},
            messages.SUCCESS,
        )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "Bỏ qua %(count)d thư đã gửi hoặc đang gửi.", "Bỏ qua %(count)d thư đã gửi hoặc đang gửi.", skipped
                )
                % {"count": skipped},
                messages.WARNING,
            )
