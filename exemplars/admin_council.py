"""Admin of the road from an approved dossier to a signed decision: procedure rules and the calendar,
consultations and their comments, councils and their sessions, decisions and certificates.

Workflow fields are read-only; actions call the services (exemplars.services.consultation, .council …)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from tayninh_thidua.lib.admin import ViewOnlyAdmin, action_form_page, run_form_action
from tayninh_thidua.lib.views import error_text

from .admin import NominationAdmin
from .forms_decision import ConsultationOpenForm, HandlingForm
from .models import CalendarDay, Consultation, ConsultationComment, ProcedureRule
from .services import consultation as consultation_services


@admin.register(ProcedureRule)
class ProcedureRuleAdmin(admin.ModelAdmin):
    list_display = ["code", "value", "valid_from", "valid_until", "legal_basis"]
    list_filter = ["code"]


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "is_day_off", "reason"]
    list_filter = ["is_day_off"]
    date_hierarchy = "date"


# --- consultation ----------------------------------------------------------------------------------
@admin.action(description=_("Mở lấy ý kiến công khai cho các hồ sơ đã chọn"), permissions=["change"])
def open_consultation(modeladmin, request, queryset):
    form = ConsultationOpenForm(request.POST if "apply" in request.POST else None)
    if form.is_valid():
        data = form.cleaned_data
        try:
            consultation = consultation_services.open_consultation(
                list(queryset),
                actor=request.user,
                title=data["title"],
                opens_on=data["opens_on"],
                working_days=data["working_days"],
            )
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, error_text(exc))
        else:
            modeladmin.message_user(
                request,
                _("Đã mở lấy ý kiến đến hết ngày %(end)s.") % {"end": f"{consultation.closes_on:%d/%m/%Y}"},
                messages.SUCCESS,
            )
            return None
    return action_form_page(modeladmin, request, queryset, form, _("Mở lấy ý kiến công khai"), "open_consultation")


NominationAdmin.actions = [*NominationAdmin.actions, open_consultation]


class CommentInline(admin.TabularInline):
    model = ConsultationComment
    fields = ["nomination", "name", "comment", "confirmed_at", "handling", "handling_note"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Consultation)
class ConsultationAdmin(ViewOnlyAdmin):
    """Opened from the dossiers' list (action “Mở lấy ý kiến công khai”); read here with its comments."""

    list_display = ["title", "opens_on", "closes_on", "working_days"]
    readonly_fields = ["title", "opens_on", "working_days", "closes_on", "rule_basis", "nominations", "created_by"]
    inlines = [CommentInline]


@admin.register(ConsultationComment)
class ConsultationCommentAdmin(ViewOnlyAdmin):
    list_display = ["nomination", "name", "email", "confirmed_at", "handling", "handled_at"]
    list_filter = ["handling", "consultation", ("confirmed_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "email", "comment", "nomination__nominee_name"]
    readonly_fields = [
        "consultation",
        "nomination",
        "name",
        "email",
        "phone",
        "comment",
        "created_at",
        "confirmed_at",
        "handling",
        "handling_note",
        "handled_by",
        "handled_at",
    ]
    actions = ["record_handling"]

    def has_change_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("exemplars.change_consultationcomment")

    @admin.action(description=_("Ghi nhận cách xử lý ý kiến"), permissions=["change"])
    def record_handling(self, request, queryset):
        return run_form_action(
            self,
            request,
            queryset,
            form_class=HandlingForm,
            call=lambda c, data: consultation_services.handle_comment(
                c, actor=request.user, handling=data["handling"], note=data["note"]
            ),
            title=_("Ghi nhận cách xử lý ý kiến góp ý"),
            action="record_handling",
            done_message=_("Đã ghi nhận xử lý %(count)s ý kiến."),
        )
