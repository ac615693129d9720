"""What every app's admin shares: read-only tables, the bulk-action helper, publication through services,
history without revert, the public-change log and the outbox.

No side doors: a workflow or publication field is read-only in a change form, and list actions call one
service per selected row (`run_service_per_object`), never `queryset.update`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.contenttypes.admin import GenericTabularInline
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from simple_history.admin import SimpleHistoryAdmin

from . import outbox
from .models import OutgoingMail, PublicChange
from .views import error_text


class ViewOnlyAdmin(admin.ModelAdmin):
    """Rows only services write: staff read them, nobody adds, edits or deletes by hand."""

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyLogAdmin(ViewOnlyAdmin):
    """Logs are written by services only: staff read them, nobody adds, edits or deletes by hand."""


# --- list actions that call services -----------------------------------------------------------------
def run_service_per_object(
    modeladmin: admin.ModelAdmin,
    request: HttpRequest,
    queryset,
    call: Callable[[Any], object],
    done_message: str,
) -> int:
    """Call a service (`call(obj)`) on each selected row; returns how many went through.

    Each refusal (NotAllowedNow / NotAllowedForYou, or any ValidationError / PermissionDenied) is shown with
    the row's name; then `done_message % {"count": n}` once, if any went through.
    """
    done = 0
    for obj in queryset:
        try:
            call(obj)
        except (ValidationError, PermissionDenied) as exc:
            modeladmin.message_user(request, f"{obj}: {error_text(exc)}", messages.ERROR)
        else:
            done += 1
    if done:
        modeladmin.message_user(request, done_message % {"count": done}, messages.SUCCESS)
    return done


def action_form_page(
    modeladmin: admin.ModelAdmin, request: HttpRequest, queryset, form: forms.Form, title: str, action: str
) -> TemplateResponse:
    """The page between choosing an action and running it, for actions that need data (a reason, a decision).

    It posts back to the changelist with the same rows, the action and `apply=1`.
    """
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "objects": queryset,
        "form": form,
        "action": action,
        "opts": modeladmin.model._meta,
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/action_form.html", context)


class ReasonForm(forms.Form):
    """The reason staff give on an action's intermediate page (returned, rejected, revoked, disqualified ...)."""

    reason = forms.CharField(label=gettext_lazy("Lý do"), widget=forms.Textarea(attrs={"rows": 5, "cols": 80}))


def run_form_action(
    modeladmin: admin.ModelAdmin,
    request: HttpRequest,
    queryset,
    *,
    form_class: type[forms.Form],
    call: Callable[[Any, dict], object],
    title: str,
    action: str,
    done_message: str,
    precheck: Callable[[Any], object] | None = None,
) -> TemplateResponse | None:
    """An action whose data is typed on an intermediate page (a reason, a decision); nothing typed is lost.

    First `precheck(obj)` runs on each row (it raises the reason the action cannot apply now): refused rows are
    named with the reason before the page is shown, so nobody types for nothing; with none left, back to the
    list. Then `call(obj, form.cleaned_data)` per row. An invalid form, or rows refused after typing, bring
    the page back with what was typed (for the refused rows only).
    """
    objects = list(queryset)
    if precheck is not None:
        objects = [obj for obj in objects if _passes(modeladmin, request, obj, precheck)]
        if not objects:
            return None
    form = form_class(request.POST if "apply" in request.POST else None)
    if form.is_valid():
        done, refused = 0, []
        for obj in objects:
            try:
                call(obj, form.cleaned_data)
            except (ValidationError, PermissionDenied) as exc:
                modeladmin.message_user(request, f"{obj}: {error_text(exc)}", messages.ERROR)
                refused.append(obj)
            else:
                done += 1
        if done:
            modeladmin.message_user(request, done_message % {"count": done}, messages.SUCCESS)
        if not refused:
            return None
        objects = refused
    return action_form_page(modeladmin, request, objects, form, title, action)


def _passes(modeladmin: admin.ModelAdmin, request: HttpRequest, obj, precheck: Callable[[Any], object]) -> bool:
    try:
        precheck(obj)
    except (ValidationError, PermissionDenied) as exc:
        modeladmin.message_user(request, f"{obj}: {error_text(exc)}", messages.ERROR)
        return False
    return True


def run_service_with_reason(
    modeladmin: admin.ModelAdmin,
    request: HttpRequest,
    queryset,
    service: Callable[..., Any],
    *,
    action: str,
    title: str,
    done_message: str,
    precheck: Callable[[Any], object] | None = None,
) -> TemplateResponse | None:
    """An action that needs a reason: first the reason page, then `service(obj, actor=user, reason=...)` per row
    (see run_form_action: `precheck` refuses rows before the reason is typed; a refusal keeps the reason)."""
    return run_form_action(
        modeladmin,
        request,
        queryset,
        form_class=ReasonForm,
        call=lambda obj, data: service(obj, actor=request.user, reason=data["reason"]),
        title=title,
        action=action,
        done_message=done_message,
        precheck=precheck,
    )


# --- publication -------------------------------------------------------------------------------------
class PublicChangeInline(GenericTabularInline):
    """The object's publication log on its change page."""

    model = PublicChange
    extra = 0
    can_delete = False
    fields = ["at", "action", "actor", "comment"]
    readonly_fields = fields
    verbose_name_plural = gettext_lazy("Nhật ký công khai")

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class PublicationAdmin(admin.ModelAdmin):
    """The admin of a public model whose `is_published` (and `published_at`) change only through its services.

    Set `publish_service` and `unpublish_service` (`staticmethod(services.publish_x)`, called as
    `service(obj, actor=user)`, plus `at=` where the model has `published_at`). The list's "publish" and
    "unpublish" actions call them row by row. A change form that ticks or unticks "công khai", or moves the
    date of a public item, saves the other fields as usual and then calls the service, which logs it.
    """

    publish_service: Callable[..., Any]
    unpublish_service: Callable[..., Any]
    actions = ["publish", "unpublish"]

    def get_inlines(self, request, obj):
        inlines = super().get_inlines(request, obj)
        return [*inlines, PublicChangeInline] if obj is not None else inlines

    @admin.action(description=gettext_lazy("Công khai các mục đã chọn"), permissions=["change"])
    def publish(self, request, queryset) -> None:
        call = partial(self.publish_service, actor=request.user)
        run_service_per_object(self, request, queryset, call, _("Đã công khai %(count)s mục."))

    @admin.action(description=gettext_lazy("Ngừng công khai các mục đã chọn"), permissions=["change"])
    def unpublish(self, request, queryset) -> None:
        call = partial(self.unpublish_service, actor=request.user)
        run_service_per_object(self, request, queryset, call, _("Đã ngừng công khai %(count)s mục."))

    def save_model(self, request, obj, form, change) -> None:
        self._save_publication(request, obj, form, change)
        self.message_user(request, public_status(obj), messages.INFO)

    def _save_publication(self, request, obj, form, change) -> None:
        was_public = bool(form.initial.get("is_published", False))
        wants_public = obj.is_published
        touched = {"is_published", "published_at"} & set(form.changed_data)
        if not touched or not (was_public or wants_public):
            super().save_model(request, obj, form, change)  # content only, or a draft staying a draft
            return
        # Save everything else with the publication as stored; the service then changes and logs it.
        # The admin's change view runs in one transaction, so no one sees the state in between.
        has_date = any(f.name == "published_at" for f in obj._meta.concrete_fields)
        wanted_date = obj.published_at if has_date else None
        obj.is_published = was_public
        if wants_public and has_date:
            obj.published_at = form.initial.get("published_at")
        super().save_model(request, obj, form, change)
        if not wants_public:
            self.unpublish_service(obj, actor=request.user)
            return
        comment = _("Đổi ngày công khai") if was_public else ""
        extra = {"at": wanted_date} if has_date else {}
        self.publish_service(obj, actor=request.user, comment=comment, **extra)


def public_status(obj) -> str:
    """What the public sees of `obj` now, in one sentence (said after each save in the admin)."""
    manager = type(obj)._default_manager
    visible = manager.published().filter(pk=obj.pk).exists() if hasattr(manager, "published") else obj.is_published
    when = getattr(obj, "published_at", None)
    day = f"{timezone.localtime(when):%d/%m/%Y %H:%M}" if when else ""
    if visible:
        url = obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else ""
        text = _("Công chúng đang thấy “%(obj)s”") % {"obj": obj}
        text += (" " + _("tại %(url)s") % {"url": url}) if url else ""
        return text + ((" " + _("(công khai từ %(day)s).") % {"day": day}) if day else ".")
    if obj.is_published and when:
        return _("“%(obj)s” được đặt công khai từ %(day)s: đến lúc đó công chúng chưa thấy.") % {"obj": obj, "day": day}
    return _("Công chúng chưa thấy “%(obj)s”: mục này chưa được công khai.") % {"obj": obj}


# --- history -----------------------------------------------------------------------------------------
class NoRevertHistoryAdmin(SimpleHistoryAdmin):
    """History stays viewable, but no past version can be saved back over the current one: workflow and
    publication fields change only through their services, which check and log."""

    def revert_disabled(self, request, obj=None) -> bool:
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method not in ("GET", "HEAD"):
            raise PermissionDenied(_("Không thể khôi phục phiên bản cũ: hãy dùng các thao tác xử lý."))
        return super().history_form_view(request, object_id, version_id, extra_context)


@admin.register(PublicChange)
class PublicChangeAdmin(ReadOnlyLogAdmin):
    list_display = ["at", "action", "content_type", "object_repr", "actor", "comment"]
    list_filter = ["action", "content_type"]
    list_select_related = ["content_type", "actor"]
    search_fields = ["object_repr", "comment", "actor__username"]
    date_hierarchy = "at"


# --- the outbox ----------------------------------------------------------------------------------------
class MailStatusFilter(admin.SimpleListFilter):
    title = gettext_lazy("trạng thái")
    parameter_name = "trang_thai"

    def lookups(self, request, model_admin):
        return [
            ("sent", gettext_lazy("Đã gửi")),
            ("waiting", gettext_lazy("Chờ gửi")),
            ("failed", gettext_lazy("Gửi lỗi")),
        ]

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

    @admin.display(description=gettext_lazy("người nhận"))
    def recipients(self, mail: OutgoingMail) -> str:
        return mail.to or gettext_lazy("(nhóm “%(audience)s”)") % {"audience": outbox.audience_label(mail.audience)}

    @admin.display(description=gettext_lazy("nội dung"))
    def body_text(self, mail: OutgoingMail) -> str:
        return mail.body or gettext_lazy("(soạn lúc gửi, không lưu lại)")

    @admin.display(description=gettext_lazy("trạng thái"))
    def status(self, mail: OutgoingMail) -> str:
        if mail.sent_at:
            return gettext_lazy("Đã gửi")
        if mail.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
            return gettext_lazy("Gửi lỗi, đã ngừng thử")
        if mail.attempts:
            return gettext_lazy("Gửi lỗi, sẽ thử lại")
        return gettext_lazy("Chờ gửi")

    def has_resend_permission(self, request) -> bool:
        opts = self.opts
        return request.user.has_perm(f"{opts.app_label}.resend_{opts.model_name}")

    @admin.action(description=gettext_lazy("Gửi lại"), permissions=["resend"])
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
