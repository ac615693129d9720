"""Admin for review reports, participants, reminder rules and the (read-only) reminder log."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from tayninh_thidua.admin_mixins import ReadOnlyLogAdmin

from . import reports
from .reporting import (
    MovementParticipant,
    ReminderLog,
    ReminderRule,
    ReviewReport,
    ReviewReportAttachment,
    ReviewReportEvent,
)


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
        url = reverse("reports:attachment.staff_download", kwargs={"attachment_pk": obj.pk})
        return format_html('<a href="{}">{}</a>', url, obj.title)


class EventInline(admin.TabularInline):
    model = ReviewReportEvent
    extra = 0
    fields = ["at", "from_state", "to_state", "actor", "comment"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


def _apply(modeladmin, request, queryset, action, done_message) -> None:
    done = 0
    for report in queryset:
        try:
            action(report)
        except ValidationError as exc:
            modeladmin.message_user(request, f"{report}: {' '.join(exc.messages)}", messages.WARNING)
        else:
            done += 1
    if done:
        modeladmin.message_user(request, done_message(done), messages.SUCCESS)


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

    @admin.action(description=_("Tiếp nhận các báo cáo đã chọn"))
    def accept(self, request, queryset) -> None:
        _apply(
            self,
            request,
            queryset,
            lambda r: reports.accept_report(r, request.user),
            lambda n: ngettext("Đã tiếp nhận %d báo cáo.", "Đã tiếp nhận %d báo cáo.", n) % n,
        )

    @admin.action(description=_("Trả lại để bổ sung (lý do: ô “Ý kiến của cán bộ thi đua”)"))
    def return_for_changes(self, request, queryset) -> None:
        _apply(
            self,
            request,
            queryset,
            lambda r: reports.return_report(r, request.user, r.review_comment),
            lambda n: ngettext("Đã trả lại %d báo cáo.", "Đã trả lại %d báo cáo.", n) % n,
        )


@admin.register(ReminderRule)
class ReminderRuleAdmin(admin.ModelAdmin):
    list_display = ["kind", "days_before", "days_after", "repeat_every_days", "enabled"]
    list_editable = ["enabled"]


@admin.register(ReminderLog)
class ReminderLogAdmin(ReadOnlyLogAdmin):
    list_display = ["day", "kind", "recipient_email", "agency", "subject", "item_count", "sent_at", "attempts"]
    list_filter = ["kind", "day", ("sent_at", admin.EmptyFieldListFilter)]
    list_select_related = ["agency"]
    search_fields = ["recipient_email", "subject", "key", "agency__name"]
    date_hierarchy = "day"
