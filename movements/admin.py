from django import forms
from django.contrib import admin, messages
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from tayninh_thidua.uploads import clean_image

from .models import Agency, Field, Movement, Plan, PlanPhase


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


class MovementAdminForm(forms.ModelForm):
    # ModelAdmin supplies model and fields (from the fieldsets) when it builds the form.
    def clean_cover_image(self):
        image = self.cleaned_data.get("cover_image")
        if image and hasattr(image, "content_type"):  # a new upload, not the stored file
            return clean_image(image)
        return image


@admin.register(Movement)
class MovementAdmin(admin.ModelAdmin):
    form = MovementAdminForm
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
    readonly_fields = ["created_at", "updated_at"]
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
    def confirm_lead(self, request, queryset):
        updated = queryset.filter(lead_agency__isnull=False).update(lead_confirmed=True, lead_note="")
        self.message_user(
            request,
            ngettext("Đã xác nhận %d phong trào.", "Đã xác nhận %d phong trào.", updated) % updated,
            messages.SUCCESS,
        )

    @admin.action(description=_("Công khai các mục đã chọn"), permissions=["change"])
    def publish(self, request, queryset):
        updated = queryset.update(is_published=True)
        self.message_user(
            request, ngettext("Đã công khai %d mục.", "Đã công khai %d mục.", updated) % updated, messages.SUCCESS
        )

    @admin.action(description=_("Ngừng công khai các mục đã chọn"), permissions=["change"])
    def unpublish(self, request, queryset):
        updated = queryset.update(is_published=False)
        self.message_user(
            request,
            ngettext("Đã ngừng công khai %d mục.", "Đã ngừng công khai %d mục.", updated) % updated,
            messages.SUCCESS,
        )


# Review reports and reminders register their admin in their own module.
from . import report_admin  # noqa: E402,F401
