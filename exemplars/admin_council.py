"""Admin of the road from an approved dossier to a signed decision: procedure rules and the calendar,
consultations and their comments, councils and their sessions, decisions and certificates.

Workflow fields are read-only; actions call the services (exemplars.services.consultation, .council …)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from tayninh_thidua.lib.admin import ViewOnlyAdmin, action_form_page, run_form_action, run_service_per_object
from tayninh_thidua.lib.views import error_text

from .admin import NominationAdmin
from .forms_decision import AttendanceForm, ConsultationOpenForm, HandlingForm, SessionPickForm
from .models import (
    AwardDecision,
    BallotReceipt,
    CalendarDay,
    Consultation,
    ConsultationComment,
    Council,
    CouncilMember,
    CouncilSession,
    DecisionRecipient,
    ProcedureRule,
    SessionResult,
)
from .services import consultation as consultation_services
from .services import council as council_services
from .services import decisions as decision_services


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


# --- council ---------------------------------------------------------------------------------------
class MemberInline(admin.TabularInline):
    model = CouncilMember
    fields = ["name", "user", "position", "role", "term_start", "term_end"]
    autocomplete_fields = ["user"]
    extra = 0


@admin.register(Council)
class CouncilAdmin(admin.ModelAdmin):
    list_display = ["name", "term_start", "term_end"]
    inlines = [MemberInline]


class ResultInline(admin.TabularInline):
    """The tally per nominee: counts only; no ballot, no member appears here."""

    model = SessionResult
    fields = ["nomination", "agree", "disagree", "members_total", "share", "required_share", "strictly_more", "passed"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class ReceiptInline(admin.TabularInline):
    """Who voted (and whether in writing): never what. Ballots have no admin page."""

    model = BallotReceipt
    fields = ["member", "written"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("Thành viên đã bỏ phiếu (không ghi nội dung phiếu)")

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(CouncilSession)
class CouncilSessionAdmin(admin.ModelAdmin):
    list_display = ["title", "council", "date", "state", "members_total"]
    list_filter = ["state", "council"]
    readonly_fields = [
        "state",
        "agenda_list",
        "present_list",
        "members_total",
        "written_votes_allowed",
        "minutes_links",
    ]
    inlines = [ReceiptInline, ResultInline]
    actions = ["record_attendance", "open_voting", "close_session"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.state != CouncilSession.State.PREPARING:
            return [*self.readonly_fields, "council", "title", "date", "place"]  # fixed once the vote is open
        return self.readonly_fields

    @admin.display(description=_("hồ sơ đưa ra xét"))
    def agenda_list(self, obj) -> str:
        return ", ".join(n.nominee_name for n in obj.agenda.all()) if obj.pk else ""

    @admin.display(description=_("thành viên có mặt"))
    def present_list(self, obj) -> str:
        return ", ".join(m.name for m in obj.present.all()) if obj.pk else ""

    @admin.display(description=_("biên bản kiểm phiếu"))
    def minutes_links(self, obj) -> str:
        if not obj.pk or not obj.minutes_docx:
            return "—"
        return format_html(
            '<a href="{}">DOCX</a> · <a href="{}">PDF</a>',
            reverse("council:session.minutes", args=[obj.pk, "docx"]),
            reverse("council:session.minutes", args=[obj.pk, "pdf"]),
        )

    @admin.action(description=_("Ghi nhận thành viên có mặt"), permissions=["change"])
    def record_attendance(self, request, queryset):
        session = queryset.first()
        form = AttendanceForm(request.POST if "apply" in request.POST else None, session=session)
        if form.is_valid():
            try:
                council_services.record_attendance(session, list(form.cleaned_data["members"]), actor=request.user)
            except (ValidationError, PermissionDenied) as exc:
                form.add_error(None, error_text(exc))
            else:
                self.message_user(request, _("Đã ghi nhận thành viên có mặt."), messages.SUCCESS)
                return None
        return action_form_page(self, request, queryset[:1], form, _("Thành viên có mặt"), "record_attendance")

    @admin.action(description=_("Mở bỏ phiếu"), permissions=["change"])
    def open_voting(self, request, queryset):
        run_service_per_object(
            self,
            request,
            queryset,
            lambda s: council_services.open_voting(s, actor=request.user),
            _("Đã mở bỏ phiếu %(count)s phiên họp."),
        )

    @admin.action(description=_("Kết thúc bỏ phiếu, kiểm phiếu và lập biên bản"), permissions=["change"])
    def close_session(self, request, queryset):
        run_service_per_object(
            self,
            request,
            queryset,
            lambda s: council_services.close_session(s, actor=request.user),
            _("Đã kiểm phiếu và lập biên bản %(count)s phiên họp."),
        )


@admin.action(description=_("Đưa ra xét tại phiên họp hội đồng"), permissions=["change"])
def add_to_session(modeladmin, request, queryset):
    form = SessionPickForm(request.POST if "apply" in request.POST else None)
    if form.is_valid():
        try:
            council_services.add_to_agenda(form.cleaned_data["session"], list(queryset), actor=request.user)
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, error_text(exc))
        else:
            modeladmin.message_user(request, _("Đã đưa hồ sơ ra xét tại phiên họp."), messages.SUCCESS)
            return None
    return action_form_page(modeladmin, request, queryset, form, _("Đưa ra xét tại phiên họp"), "add_to_session")


NominationAdmin.actions = [*NominationAdmin.actions, add_to_session]


# --- decisions -------------------------------------------------------------------------------------
class RecipientInline(admin.TabularInline):
    """The list of a draft decision: dossiers in review. Issued, it is read-only (with the honours)."""

    model = DecisionRecipient
    fields = ["nomination", "honour"]
    readonly_fields = ["honour"]
    raw_id_fields = ["nomination"]
    extra = 0

    def _draft(self, obj) -> bool:
        return obj is None or obj.state == AwardDecision.State.DRAFT

    def has_add_permission(self, request, obj=None) -> bool:
        return self._draft(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return self._draft(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._draft(obj) and super().has_delete_permission(request, obj)


@admin.register(AwardDecision)
class AwardDecisionAdmin(admin.ModelAdmin):
    list_display = ["full_number", "date", "title", "signer_name", "state", "issued_at"]
    list_filter = ["state"]
    search_fields = ["number", "title", "signer_name"]
    readonly_fields = ["state", "issued_at", "issued_by"]
    inlines = [RecipientInline]
    actions = ["issue"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.state != AwardDecision.State.DRAFT:
            return [f.name for f in AwardDecision._meta.fields]
        return self.readonly_fields

    def has_delete_permission(self, request, obj=None) -> bool:
        return (obj is None or obj.state == AwardDecision.State.DRAFT) and super().has_delete_permission(request, obj)

    @admin.action(description=_("Ban hành quyết định (tạo khen thưởng, thông báo đơn vị)"), permissions=["change"])
    def issue(self, request, queryset):
        run_service_per_object(
            self,
            request,
            queryset,
            lambda d: decision_services.issue_decision(d, actor=request.user),
            _("Đã ban hành %(count)s quyết định."),
        )
