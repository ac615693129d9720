"""The exemplar's life in the admin: proposals triaged by list actions that call the services (the workflow fields
are read-only), nurturing plans, follow-ups and replications to read (agencies write them on their pages), and the
logs. Imported by admin.py."""

from __future__ import annotations

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from tayninh_thidua.lib.admin import ReadOnlyLogAdmin, ViewOnlyAdmin, run_form_action, run_service_with_reason

from . import services
from .forms import DuplicateForm, ProposalTriageForm
from .models import FollowUp, LifecycleEvent, NurturingPlan, Proposal, ProposalEvent, Replication


class ProposalEventInline(admin.TabularInline):
    model = ProposalEvent
    extra = 0
    can_delete = False
    fields = ["at", "actor", "actor_label", "from_state", "to_state", "comment"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "locality", "state", "agency", "proposed_by_agency", "created_at"]
    list_filter = ["state", "kind", "created_at"]
    list_select_related = ["agency", "proposed_by_agency"]
    search_fields = ["name", "locality", "story", "proposer_email", "tracking_code"]
    date_hierarchy = "created_at"
    inlines = [ProposalEventInline]
    actions = ["send_for_verification", "mark_duplicate", "close"]
    # Content may be corrected; the workflow, the link and the contact are written by services only.
    readonly_fields = [
        "tracking_code",
        "state",
        "agency",
        "exemplar",
        "public_reason",
        "verification_note",
        "verified_at",
        "proposed_by_agency",
        "proposer_name",
        "proposer_email",
        "proposer_phone",
        "consent",
        "photo_link",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (_("Tình trạng"), {"fields": ["state", "agency", "exemplar", "public_reason", "verification_note"]}),
        (_("Người, tập thể, mô hình được giới thiệu"), {"fields": ["kind", "name", "locality", "story", "photo_link"]}),
        (
            _("Người giới thiệu (không công khai)"),
            {"fields": ["proposer_name", "proposer_email", "proposer_phone", "consent", "proposed_by_agency"]},
        ),
        (_("Hệ thống"), {"fields": ["tracking_code", "verified_at", "created_at", "updated_at"]}),
    ]

    def has_add_permission(self, request) -> bool:
        return False  # proposals come from the public form and the agencies' pages

    @admin.display(description=_("ảnh"))
    def photo_link(self, obj: Proposal) -> str:
        if not obj.photo:
            return "—"
        from django.urls import reverse

        return format_html('<a href="{}">{}</a>', reverse("agency:proposal.photo", args=[obj.pk]), _("Xem ảnh"))

    @admin.action(description=_("Gửi địa phương, đơn vị xác minh"), permissions=["change"])
    def send_for_verification(self, request, queryset):
        return run_form_action(
            self,
            request,
            queryset,
            form_class=ProposalTriageForm,
            call=lambda p, data: services.send_for_verification(p, data["agency"], actor=request.user),
            title=_("Gửi xác minh lời giới thiệu"),
            action="send_for_verification",
            done_message=_("Đã gửi %(count)d lời giới thiệu đi xác minh."),
        )

    @admin.action(description=_("Trùng với điển hình đã có (liên kết)"), permissions=["change"])
    def mark_duplicate(self, request, queryset):
        return run_form_action(
            self,
            request,
            queryset,
            form_class=DuplicateForm,
            call=lambda p, data: services.mark_duplicate(
                p, data["exemplar"], actor=request.user, comment=data["comment"]
            ),
            title=_("Liên kết lời giới thiệu với điển hình đã có"),
            action="mark_duplicate",
            done_message=_("Đã liên kết %(count)d lời giới thiệu với điển hình đã có."),
        )

    @admin.action(
        description=_("Đóng: không thuộc phạm vi (ghi lý do người giới thiệu được xem)"), permissions=["change"]
    )
    def close(self, request, queryset):
        return run_service_with_reason(
            self,
            request,
            queryset,
            services.close_proposal,
            action="close",
            title=_("Đóng lời giới thiệu không thuộc phạm vi"),
            done_message=_("Đã đóng %(count)d lời giới thiệu."),
        )


class FollowUpInline(admin.TabularInline):
    model = FollowUp
    extra = 0
    can_delete = False
    fields = ["date", "support_given", "results", "next_review", "created_by"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(NurturingPlan)
class NurturingPlanAdmin(ViewOnlyAdmin):
    list_display = ["exemplar", "agency", "updated_at"]
    list_select_related = ["exemplar", "agency"]
    search_fields = ["exemplar__name", "agency__name"]
    inlines = [FollowUpInline]


@admin.register(Replication)
class ReplicationAdmin(ViewOnlyAdmin):
    list_display = ["exemplar", "agency", "date", "evidence_link"]
    list_filter = ["date"]
    list_select_related = ["exemplar", "agency"]
    search_fields = ["exemplar__name", "agency__name", "what"]


@admin.register(ProposalEvent)
class ProposalEventAdmin(ReadOnlyLogAdmin):
    list_display = ["at", "proposal", "actor", "actor_label", "from_state", "to_state"]
    list_select_related = ["proposal", "actor"]


@admin.register(LifecycleEvent)
class LifecycleEventAdmin(ReadOnlyLogAdmin):
    list_display = ["at", "exemplar", "action", "actor", "from_state", "to_state"]
    list_filter = ["action"]
    list_select_related = ["exemplar", "actor"]
