from __future__ import annotations

from functools import partial

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tayninh_thidua.lib.access import may_grant
from tayninh_thidua.lib.admin import PublicationAdmin, ReadOnlyLogAdmin, ViewOnlyAdmin, run_service_per_object
from tayninh_thidua.lib.forms import PasswordSettingForm

from . import services
from .models import (
    Agency,
    AgencyMembership,
    Bloc,
    BlocMembership,
    Covenant,
    CovenantCriterion,
    Field,
    Movement,
    MovementParticipant,
    Plan,
    PlanPhase,
    ReminderLog,
    ReminderRule,
    ReviewReport,
    ReviewReportAttachment,
    ReviewReportEvent,
    ScoreLine,
    ScoreSheet,
)
from .services import blocs, reports


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "parent", "active_from", "active_until", "successor"]
    list_filter = ["kind", ("active_until", admin.EmptyFieldListFilter)]
    search_fields = ["name", "short_name", "search_text", "email"]
    autocomplete_fields = ["parent", "successor"]
    list_select_related = ["parent", "successor"]
    prepopulated_fields = {}
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["name", "short_name", "slug", "kind", "parent"]}),
        (_("Liên hệ"), {"fields": ["email", "phone", "address"]}),
        (_("Lịch sử tổ chức"), {"fields": ["active_from", "active_until", "successor", "notes"]}),
        (_("Hệ thống"), {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]


class PlanPhaseInline(admin.TabularInline):
    model = PlanPhase
    extra = 0
    fields = ["name", "start_date", "end_date", "preliminary_review_date", "final_review_date", "dates_inferred"]


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["title", "number", "issued_on", "issuer"]
    list_select_related = ["issuer"]
    search_fields = ["title", "number"]
    date_hierarchy = "issued_on"
    autocomplete_fields = ["issuer"]
    inlines = [PlanPhaseInline]


@admin.register(PlanPhase)
class PlanPhaseAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "plan",
        "start_date",
        "end_date",
        "preliminary_review_date",
        "final_review_date",
        "dates_inferred",
    ]
    list_filter = ["plan", "dates_inferred"]
    list_select_related = ["plan"]
    search_fields = ["name", "plan__title"]


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin):
    list_display = ["name", "named_in_plan", "position", "movement_count"]
    list_filter = ["named_in_plan"]
    list_editable = ["position"]
    search_fields = ["name"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_movement_count=Count("movements"))

    @admin.display(description=_("số phong trào"), ordering="_movement_count")
    def movement_count(self, obj: Field) -> int:
        return obj._movement_count


@admin.register(Movement)
class MovementAdmin(PublicationAdmin):
    publish_service = staticmethod(services.publish_movement)
    unpublish_service = staticmethod(services.unpublish_movement)
    list_display = ["name", "kind", "lead_agency", "lead_status", "field", "is_published", "position"]
    list_filter = [
        "kind",
        "is_published",
        "lead_confirmed",
        "field",
        "phases",
        ("lead_agency", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["lead_agency", "field"]
    search_fields = ["name", "search_text", "lead_agency__name"]
    autocomplete_fields = ["lead_agency", "coordinating_agencies", "linked_campaign"]
    filter_horizontal = ["phases"]
    # Confirming the lead is the "confirm_lead" action (a logged service); publishing goes through the services too.
    readonly_fields = ["lead_confirmed", "created_at", "updated_at"]
    actions = ["confirm_lead", "publish", "unpublish"]
    fieldsets = [
        (None, {"fields": ["kind", "name", "slug", "summary", "description", "field", "criteria"]}),
        (_("Chủ trì, phối hợp"), {"fields": ["lead_agency", "lead_confirmed", "lead_note", "coordinating_agencies"]}),
        (_("Kế hoạch"), {"fields": ["phases", "linked_campaign"]}),
        (_("Hiển thị"), {"fields": ["cover_image", "cover_alt", "is_published", "position"]}),
        (_("Hệ thống"), {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    @admin.display(description=_("chủ trì đã xác nhận"), boolean=True, ordering="lead_confirmed")
    def lead_status(self, obj: Movement) -> bool:
        return obj.lead_confirmed

    @admin.action(description=_("Xác nhận đơn vị chủ trì của các mục đã chọn"), permissions=["change"])
    def confirm_lead(self, request, queryset) -> None:
        run_service_per_object(
            self,
            request,
            queryset,
            partial(services.confirm_movement_lead, actor=request.user),
            gettext("Đã xác nhận %(count)s phong trào."),
        )


# ---------------------------------------------------------------------------
# Review reports and reminders
# ---------------------------------------------------------------------------


@admin.register(MovementParticipant)
class MovementParticipantAdmin(admin.ModelAdmin):
    list_display = ["movement", "agency", "assigned_on"]
    list_filter = ["movement"]
    list_select_related = ["movement", "agency"]
    autocomplete_fields = ["movement", "agency"]
    search_fields = ["agency__name", "movement__name"]


class AttachmentInline(admin.TabularInline):
    model = ReviewReportAttachment
    extra = 0
    fields = ["download", "content_type", "uploaded_at", "uploaded_by"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("tệp"))
    def download(self, obj: ReviewReportAttachment) -> str:
        url = reverse("agency:report.attachment.staff_download", kwargs={"attachment_pk": obj.pk})
        return format_html('<a href="{}">{}</a>', url, obj.title)


class EventInline(admin.TabularInline):
    model = ReviewReportEvent
    extra = 0
    fields = ["at", "from_state", "to_state", "actor", "comment"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ReviewReport)
class ReviewReportAdmin(admin.ModelAdmin):
    list_display = ["movement", "agency", "phase", "kind", "due_date", "state", "submitted_at"]
    list_filter = ["state", "kind", "phase", "movement"]
    list_select_related = ["movement", "agency", "phase"]
    search_fields = ["agency__name", "movement__name"]
    date_hierarchy = "due_date"
    # The due date follows the phase (sync_review_reports) and the content is the agency's: staff only
    # write their comment, then accept or return through the actions below.
    readonly_fields = [
        "movement",
        "agency",
        "phase",
        "kind",
        "due_date",
        "state",
        "summary",
        "exemplars_found",
        "models_found",
        "models_replicated",
        "exemplar_notes",
        "submitted_at",
        "submitted_by",
        "reviewed_at",
    ]
    fields = [*readonly_fields, "review_comment"]
    inlines = [AttachmentInline, EventInline]
    actions = ["accept", "return_for_changes"]

    def has_add_permission(self, request) -> bool:
        return False  # reports are created for participants by sync_review_reports

    @admin.action(description=_("Tiếp nhận các báo cáo đã chọn"), permissions=["change"])
    def accept(self, request, queryset) -> None:
        run_service_per_object(
            self,
            request,
            queryset,
            lambda r: reports.accept_report(r, request.user),
            gettext("Đã tiếp nhận %(count)s báo cáo."),
        )

    @admin.action(description=_("Trả lại để bổ sung (lý do: ô “Ý kiến của cán bộ thi đua”)"), permissions=["change"])
    def return_for_changes(self, request, queryset) -> None:
        run_service_per_object(
            self,
            request,
            queryset,
            lambda r: reports.return_report(r, request.user, r.review_comment),
            gettext("Đã trả lại %(count)s báo cáo."),
        )


@admin.register(ReminderRule)
class ReminderRuleAdmin(admin.ModelAdmin):
    list_display = ["kind", "days_before", "days_after", "repeat_every_days", "enabled"]
    list_editable = ["enabled"]


@admin.register(ReminderLog)
class ReminderLogAdmin(ReadOnlyLogAdmin):
    list_display = [
        "day",
        "kind",
        "recipient_email",
        "agency",
        "subject",
        "item_count",
        "mail__sent_at",
        "mail__attempts",
    ]
    list_filter = ["kind", "day", ("mail__sent_at", admin.EmptyFieldListFilter)]
    list_select_related = ["agency", "mail"]
    search_fields = ["recipient_email", "subject", "key", "agency__name"]
    date_hierarchy = "day"


# --- accounts ------------------------------------------------------------------------------------
def send_password_setting_mail(request, users) -> int:
    """Queue the password-setting mail (naming the username), through the outbox, to each active user with an
    e-mail (staff-created accounts, usually without a usable password yet); how many were queued."""
    sent = 0
    for user in users:
        form = PasswordSettingForm(user)
        if form.is_valid() and form.get_users(user.email):
            form.save(
                request=request,
                use_https=request.is_secure(),
                email_template_name="emails/password_set.txt",
                subject_template_name="emails/password_set_subject.txt",
            )
            sent += 1
    return sent


@admin.register(AgencyMembership)
class AgencyMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "agency", "role", "created_at"]
    list_filter = ["role", "agency"]
    list_select_related = ["user", "agency"]
    search_fields = ["user__username", "user__email", "user__last_name", "agency__name"]
    autocomplete_fields = ["user", "agency"]
    actions = ["send_password_mail"]

    @admin.action(description=_("Gửi thư đặt mật khẩu cho tài khoản đã chọn"), permissions=["change"])
    def send_password_mail(self, request, queryset):
        sent = send_password_setting_mail(request, [m.user for m in queryset])
        self.message_user(request, _("Đã gửi %(count)s thư đặt mật khẩu.") % {"count": sent}, messages.SUCCESS)


class MembershipInline(admin.StackedInline):
    model = AgencyMembership
    extra = 0
    max_num = 1
    autocomplete_fields = ["agency"]


User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)


class GrantCheckedForm(forms.ModelForm):
    """A change form that refuses to give or take away a group (or a permission) the acting user could not grant:
    see lib.access.may_grant. `actor` is set by the admin for each request."""

    actor = None

    def _changed(self, name: str) -> set:
        before = set(getattr(self.instance, name).all()) if self.instance.pk else set()
        return before ^ set(self.cleaned_data[name])

    def clean_groups(self):
        refused = sorted(g.name for g in self._changed("groups") if not may_grant(self.actor, g.permissions.all()))
        if refused:
            raise ValidationError(
                gettext("Bạn không thể gán hoặc gỡ nhóm %(groups)s: nhóm có quyền mà bạn không có."),
                params={"groups": ", ".join(refused)},
            )
        return self.cleaned_data["groups"]

    def clean_permissions(self):
        if not may_grant(self.actor, self._changed("permissions")):
            raise ValidationError(gettext("Bạn không thể gán hoặc gỡ quyền mà chính bạn không có."))
        return self.cleaned_data["permissions"]

    clean_user_permissions = clean_permissions


@admin.register(User)
class AccountAdmin(UserAdmin):
    """Django's user admin with the agency membership inline: staff create agency accounts here.

    Only a superuser grants superuser status and single permissions, touches a superuser's account, sets another
    person's password (others send the password mail) and changes a colleague's (another staff account's)
    identity or status. Groups are granted or taken away only by someone holding all of the group's permissions.
    """

    inlines = [*UserAdmin.inlines, MembershipInline]
    list_display = ["username", "email", "first_name", "last_name", "is_staff", "is_active"]
    actions = ["send_password_mail"]
    SUPERUSER_ONLY_FIELDS = ("is_superuser", "user_permissions")
    # A colleague's sign-in name, the address their password mail goes to, and their access.
    COLLEAGUE_FIELDS = ("username", "email", "is_active", "is_staff")

    @staticmethod
    def _is_colleague(request, obj) -> bool:
        return obj is not None and obj.is_staff and obj.pk != request.user.pk and not request.user.is_superuser

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser or obj is None:
            return fieldsets
        hidden = {*self.SUPERUSER_ONLY_FIELDS, *(() if obj.pk == request.user.pk else ("password",))}
        return [(name, {**opts, "fields": [f for f in opts["fields"] if f not in hidden]}) for name, opts in fieldsets]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        return [*readonly, *self.COLLEAGUE_FIELDS] if self._is_colleague(request, obj) else readonly

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (GrantCheckedForm, form), {"actor": request.user})

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def user_change_password(self, request, id, form_url=""):
        user = self.get_object(request, id)
        if user is not None and not request.user.is_superuser and user.pk != request.user.pk:
            raise PermissionDenied(
                gettext("Chỉ quản trị hệ thống được đặt mật khẩu cho người khác; hãy gửi thư đặt mật khẩu.")
            )
        return super().user_change_password(request, id, form_url)

    @admin.action(description=_("Gửi thư đặt mật khẩu cho tài khoản đã chọn"), permissions=["change"])
    def send_password_mail(self, request, queryset):
        sent = send_password_setting_mail(request, queryset)
        self.message_user(request, gettext("Đã gửi %(count)s thư đặt mật khẩu.") % {"count": sent}, messages.SUCCESS)


if admin.site.is_registered(Group):
    admin.site.unregister(Group)


@admin.register(Group)
class AccountGroupAdmin(GroupAdmin):
    """Django's group admin; a group's permissions are changed only by someone holding them (lib.access)."""

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (GrantCheckedForm, form), {"actor": request.user})


# --- clusters and blocs --------------------------------------------------------------------------
class BlocMembershipInline(admin.TabularInline):
    model = BlocMembership
    extra = 0
    fields = ["year", "agency", "role"]
    autocomplete_fields = ["agency"]


@admin.register(Bloc)
class BlocAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [BlocMembershipInline]


class CovenantCriterionInline(admin.TabularInline):
    model = CovenantCriterion
    extra = 0
    fields = ["position", "text", "max_points", "evidence_required"]


@admin.register(Covenant)
class CovenantAdmin(admin.ModelAdmin):
    """Staff write the covenant and its rule; members score on their pages; the ranking is published by an
    action (services.blocs.publish_ranking), never by ticking a box."""

    list_display = ["bloc", "year", "combination", "proposal_count", "is_published", "published_at"]
    list_filter = ["year", "is_published", "bloc__kind"]
    list_select_related = ["bloc"]
    search_fields = ["bloc__name"]
    autocomplete_fields = ["bloc"]
    readonly_fields = ["is_published", "published_at", "results_link"]
    inlines = [CovenantCriterionInline]
    actions = ["publish", "unpublish"]

    @admin.display(description=_("Kết quả"))
    def results_link(self, obj: Covenant) -> str:
        if not obj.pk or not obj.is_published:
            return "—"
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), gettext("Trang kết quả công khai"))

    @admin.action(description=_("Công bố kết quả xếp hạng"))
    def publish(self, request, queryset):
        run_service_per_object(
            self,
            request,
            queryset.select_related("bloc"),
            lambda covenant: blocs.publish_ranking(covenant, actor=request.user),
            gettext("Đã công bố %(count)s kết quả."),
        )

    @admin.action(description=_("Thôi công bố kết quả"))
    def unpublish(self, request, queryset):
        run_service_per_object(
            self,
            request,
            queryset.select_related("bloc"),
            lambda covenant: blocs.unpublish_ranking(covenant, actor=request.user),
            gettext("Đã thôi công bố %(count)s kết quả."),
        )


class ScoreLineInline(admin.TabularInline):
    model = ScoreLine
    extra = 0
    can_delete = False
    fields = ["criterion", "points", "evidence"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ScoreSheet)
class ScoreSheetAdmin(ViewOnlyAdmin):
    """Sheets are handed in by members on their pages (services.blocs.submit_scores): read-only here."""

    list_display = ["covenant", "scorer", "scored", "submitted_at"]
    list_filter = ["covenant__year", "covenant__bloc"]
    list_select_related = ["covenant__bloc", "scorer", "scored"]
    search_fields = ["scorer__name", "scored__name"]
    inlines = [ScoreLineInline]
