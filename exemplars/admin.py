"""Staff review in the admin: filters, search, the dossier checklist, the event log and history.

Workflow actions call services (one per move); those needing data (reasons, the award decision)
show an intermediate form page first.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from tayninh_thidua.lib.admin import (
    NoRevertHistoryAdmin,
    PublicationAdmin,
    ReadOnlyLogAdmin,
    ViewOnlyAdmin,
    run_form_action,
    run_service_per_object,
    run_service_with_reason,
)
from tayninh_thidua.lib.pagecache import bump_public_cache
from tayninh_thidua.lib.views import error_text

from . import services
from .forms import DecisionForm, HonourAdminForm, NominationAdminForm, NominationCorrectionForm
from .models import (
    AwardType,
    EventPhoto,
    ExchangeEvent,
    Exemplar,
    ExemplarPhoto,
    Honour,
    Initiative,
    InitiativeAttachment,
    Nomination,
    NominationAttachment,
    NominationEvent,
    Registration,
    RegistrationEntry,
    RegistrationPeriod,
)
from .services import rules


# --- award types ---------------------------------------------------------------------------------
@admin.register(AwardType)
class AwardTypeAdmin(admin.ModelAdmin):
    list_display = ["version_label", "kind", "recipient", "level", "vote_share", "valid_from", "valid_until"]
    list_filter = ["kind", "recipient", "level", "valid_from"]
    search_fields = ["name", "legal_basis", "criteria"]
    autocomplete_fields = ["prerequisite"]
    list_select_related = ["prerequisite"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "recipient", "level", "position"]}),
        (_("Tiêu chuẩn"), {"fields": ["criteria", "decided_by", "vote_share", "required_documents"]}),
        (_("Đăng ký thi đua, sáng kiến"), {"fields": ["requires_registration", "refuses_reused_initiative"]}),
        (_("Điều kiện khen thưởng trước"), {"fields": ["prerequisite", "prerequisite_count"]}),
        (_("Căn cứ pháp lý"), {"fields": ["legal_basis", "valid_from", "valid_until", "notes"]}),
    ]

    @admin.display(description=_("phiên bản (hiệu lực, căn cứ)"), ordering="name")
    def version_label(self, obj: AwardType) -> str:
        return obj.version_label


# --- exemplars and honours -----------------------------------------------------------------------
# Pictures are checked and re-encoded by their model fields (lib.uploads.CheckedImageField), here as anywhere.


class ExemplarAdminForm(forms.ModelForm):
    # No Meta: the ModelAdmin supplies the model and the fields from its fieldsets.
    def clean(self):
        data = super().clean()
        phase, movements = data.get("phase"), data.get("movements")
        if phase and movements and not any(m.phases.filter(pk=phase.pk).exists() for m in movements):
            names = ", ".join(m.name for m in movements)
            self.add_error(
                "phase",
                _("Giai đoạn “%(phase)s” không thuộc phong trào nào của điển hình (%(names)s).")
                % {"phase": phase, "names": names},
            )
        return data


class ExemplarPhotoInline(admin.TabularInline):
    model = ExemplarPhoto
    extra = 0


class HonourInline(admin.TabularInline):
    model = Honour
    form = HonourAdminForm
    extra = 0
    fields = ["award_type", "year", "decision_number", "decision_date", "issuing_authority", "revoked_at"]
    readonly_fields = ["revoked_at"]
    autocomplete_fields = ["award_type"]
    show_change_link = True


@admin.register(Exemplar)
class ExemplarAdmin(PublicationAdmin, NoRevertHistoryAdmin):
    form = ExemplarAdminForm
    publish_service = staticmethod(services.publish_exemplar)
    unpublish_service = staticmethod(services.unpublish_exemplar)
    list_display = ["name", "kind", "agency", "locality", "stage", "spread", "is_published", "published_at"]
    list_filter = ["kind", "stage", "is_published", "field", "phase", "agency"]
    list_select_related = ["agency"]
    search_fields = ["name", "search_text", "agency__name"]
    autocomplete_fields = ["agency", "field", "movements"]
    readonly_fields = ["created_at", "updated_at", "created_by", "stage", "spread"]
    inlines = [HonourInline, ExemplarPhotoInline]
    fieldsets = [
        (
            None,
            {"fields": ["kind", "name", "slug", "agency", "position_title", "locality", "field", "movements", "phase"]},
        ),
        (_("Nội dung công khai"), {"fields": ["summary", "story", "portrait", "portrait_alt"]}),
        (_("Công khai"), {"fields": ["is_published", "published_at"]}),
        (_("Vòng đời (phát hiện, xác minh, bồi dưỡng, nhân rộng)"), {"fields": ["stage", "spread"]}),
        (
            _("Thông tin riêng (chỉ cán bộ xem, không bao giờ công khai)"),
            {"fields": ["birth_date", "phone", "email", "citizen_id", "home_address"], "classes": ["collapse"]},
        ),
        (_("Hệ thống"), {"fields": ["created_at", "updated_at", "created_by"], "classes": ["collapse"]}),
    ]

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Honour)
class HonourAdmin(admin.ModelAdmin):
    form = HonourAdminForm
    list_display = ["exemplar", "award_type", "year", "decision_number", "decision_date", "revoked_at"]
    list_filter = ["award_type", "year", ("revoked_at", admin.EmptyFieldListFilter)]
    list_select_related = ["exemplar", "award_type"]
    search_fields = ["exemplar__name", "decision_number", "award_type__name"]
    autocomplete_fields = ["exemplar", "award_type", "movement", "phase", "nomination"]
    readonly_fields = ["revoked_at", "revoked_reason"]
    actions = ["revoke"]

    @admin.action(description=_("Thu hồi khen thưởng (ghi lý do)"), permissions=["change"])
    def revoke(self, request, queryset):
        return run_service_with_reason(
            self,
            request,
            queryset,
            services.revoke_honour,
            action="revoke",
            title=_("Thu hồi khen thưởng"),
            done_message=_("Đã thu hồi %(count)s khen thưởng."),
        )


# --- nominations ---------------------------------------------------------------------------------
class AttachmentInline(admin.TabularInline):
    model = NominationAttachment
    extra = 0
    can_delete = False
    fields = ["document_type", "download", "size", "uploaded_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("Tệp"))
    def download(self, obj: NominationAttachment) -> str:
        return format_html(
            '<a href="{}">{}</a>', reverse("agency:attachment.download", args=[obj.pk]), obj.download_name
        )


class EventInline(admin.TabularInline):
    model = NominationEvent
    extra = 0
    can_delete = False
    fields = ["at", "actor", "from_state", "to_state", "comment"]
    readonly_fields = fields
    verbose_name_plural = _("Nhật ký xử lý hồ sơ")

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Nomination)
class NominationAdmin(NoRevertHistoryAdmin):
    form = NominationAdminForm
    list_display = ["nominee_name", "agency", "award_type", "year", "movement", "state", "submitted_at"]
    list_filter = ["state", "movement", "phase", "agency", "award_type", "year"]
    list_select_related = ["agency", "award_type", "movement"]
    search_fields = ["nominee_name", "agency__name", "decision_number", "achievements"]
    autocomplete_fields = ["agency", "exemplar", "movement", "phase", "award_type", "nominee_field"]
    readonly_fields = [
        "checklist",
        "portrait_link",
        "correction_link",
        # What decides eligibility is corrected only through the logged correction page (a reason is required).
        "agency",
        *Nomination.ELIGIBILITY_FIELDS,
        "state",
        "submitted_at",
        "decided_at",
        "decision_number",
        "decision_date",
        "issuing_authority",
        "reviewer_comment",
        "rules_basis",
        "created_by",
        "created_at",
        "updated_at",
    ]
    inlines = [AttachmentInline, EventInline]
    actions = ["take_into_review", "return_for_completion", "approve", "reject"]
    date_hierarchy = "submitted_at"
    fieldsets = [
        (_("Tình trạng"), {"fields": ["state", "checklist", "reviewer_comment", "submitted_at", "rules_basis"]}),
        (
            _("Người, tập thể được đề nghị"),
            {
                "fields": [
                    "agency",
                    "exemplar",
                    "nominee_kind",
                    "nominee_name",
                    "nominee_position",
                    "nominee_locality",
                    "nominee_field",
                    "portrait_link",
                ]
            },
        ),
        (
            _("Đề nghị"),
            {
                "fields": [
                    "movement",
                    "phase",
                    "award_type",
                    "year",
                    "achievements",
                    "votes_for",
                    "council_members",
                    "correction_link",
                ]
            },
        ),
        (_("Quyết định"), {"fields": ["decided_at", "decision_number", "decision_date", "issuing_authority"]}),
        (_("Hệ thống"), {"fields": ["created_by", "created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    def has_add_permission(self, request) -> bool:
        return False  # agencies create dossiers on their own pages (exemplars.services.create_nomination)

    def save_model(self, request, obj, form, change) -> None:
        # A correction by a reviewer is a logged service; the state only moves through the list actions.
        services.correct_nomination(obj, actor=request.user, changed=form.changed_data)

    def get_urls(self):
        correct = self.admin_site.admin_view(self.correct_view)
        return [path("<int:pk>/dieu-chinh/", correct, name="exemplars_nomination_correct"), *super().get_urls()]

    @admin.display(description=_("Điều chỉnh thông tin xét"))
    def correction_link(self, obj: Nomination) -> str:
        if not obj.pk or Nomination.State(obj.state).is_final:
            return "—"
        url = reverse("admin:exemplars_nomination_correct", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Điều chỉnh số phiếu, danh hiệu, năm … (ghi lý do)"))

    def correct_view(self, request, pk: int):
        """A reviewer corrects what decides eligibility, with a reason (services.correct_nomination logs it)."""
        nomination = get_object_or_404(Nomination.objects.select_related("agency"), pk=pk)
        if not self.has_change_permission(request, nomination):
            raise PermissionDenied
        form = NominationCorrectionForm(request.POST or None, instance=nomination)
        if request.method == "POST" and form.is_valid():
            try:
                services.correct_nomination(
                    form.save(commit=False),
                    actor=request.user,
                    changed=form.changed_data,
                    reason=form.cleaned_data["reason"],
                )
            except (ValidationError, PermissionDenied) as exc:
                self.message_user(request, error_text(exc), messages.ERROR)
            else:
                self.message_user(request, _("Đã điều chỉnh và ghi vào nhật ký hồ sơ."), messages.SUCCESS)
                return redirect("admin:exemplars_nomination_change", nomination.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Điều chỉnh thông tin xét khen thưởng"),
            "objects": [nomination],
            "form": form,
            "opts": self.model._meta,
            "correction": True,
        }
        return TemplateResponse(request, "admin/action_form.html", context)

    @admin.display(description=_("Ảnh chân dung"))
    def portrait_link(self, obj: Nomination) -> str:
        if not obj.pk or not obj.nominee_portrait:
            return "—"
        return format_html('<a href="{}">{}</a>', reverse("agency:nomination.portrait", args=[obj.pk]), _("Tải ảnh"))

    @admin.display(description=_("Danh mục hồ sơ"))
    def checklist(self, obj: Nomination) -> str:
        if not obj.pk:
            return "—"
        items = rules.dossier_checklist(obj)
        return format_html(
            '<ul class="dossier-checklist">{}</ul>',
            format_html_join(
                "",
                "<li>{} <strong>{}</strong>: {}</li>",
                (("✔" if c.ok else "✘", c.label, c.detail) for c in items),
            ),
        )

    @admin.action(description=_("Nhận hồ sơ để thẩm định"), permissions=["change"])
    def take_into_review(self, request, queryset):
        run_service_per_object(
            self,
            request,
            queryset,
            lambda n: services.take_into_review(n, actor=request.user),
            _("Đã nhận %(count)s hồ sơ để thẩm định."),
        )

    # Each action with an intermediate page asks the service first whether the move is possible for each row,
    # so staff never type a reason or a decision that is then refused (tayninh_thidua.lib.admin.run_form_action).
    def _precheck(self, request, to_state: str):
        return lambda n: services.check_nomination_move(n, to_state, actor=request.user)

    @admin.action(description=_("Trả lại để bổ sung (ghi lý do)"), permissions=["change"])
    def return_for_completion(self, request, queryset):
        return run_service_with_reason(
            self,
            request,
            queryset,
            services.return_for_completion,
            action="return_for_completion",
            title=_("Trả lại hồ sơ để bổ sung"),
            done_message=_("Đã trả lại %(count)s hồ sơ."),
            precheck=self._precheck(request, Nomination.State.RETURNED),
        )

    @admin.action(description=_("Không phê duyệt (ghi lý do)"), permissions=["change"])
    def reject(self, request, queryset):
        return run_service_with_reason(
            self,
            request,
            queryset,
            services.reject_nomination,
            action="reject",
            title=_("Không phê duyệt hồ sơ"),
            done_message=_("Đã ghi nhận không phê duyệt %(count)s hồ sơ."),
            precheck=self._precheck(request, Nomination.State.REJECTED),
        )

    @admin.action(description=_("Phê duyệt (nhập quyết định khen thưởng)"), permissions=["change"])
    def approve(self, request, queryset):
        def approve_one(nomination: Nomination, data: dict) -> None:
            decision = services.Decision(
                number=data["number"], date=data["date"], authority=data["authority"], publish=data["publish"]
            )
            services.approve_nomination(nomination, actor=request.user, decision=decision, comment=data["comment"])

        return run_form_action(
            self,
            request,
            queryset,
            form_class=DecisionForm,
            call=approve_one,
            title=_("Phê duyệt hồ sơ, ghi quyết định khen thưởng"),
            action="approve",
            done_message=_("Đã phê duyệt %(count)s hồ sơ."),
            precheck=self._precheck(request, Nomination.State.APPROVED),
        )


@admin.register(NominationEvent)
class NominationEventAdmin(ReadOnlyLogAdmin):
    list_display = ["at", "nomination", "actor", "from_state", "to_state"]
    list_filter = ["to_state"]
    list_select_related = ["nomination__award_type", "actor"]
    search_fields = ["nomination__nominee_name", "comment"]
    date_hierarchy = "at"


# --- exchanges "Giao lưu gương điển hình tiên tiến" and their photos --------------------------------
class EventPhotoInline(admin.TabularInline):
    model = EventPhoto
    fields = ["image", "caption", "alt_text", "position"]
    extra = 1


@admin.register(ExchangeEvent)
class ExchangeEventAdmin(PublicationAdmin):
    publish_service = staticmethod(services.publish_exchange)
    unpublish_service = staticmethod(services.unpublish_exchange)
    list_display = ["title", "date", "place", "movement", "is_published"]
    list_filter = ["is_published", "movement"]
    search_fields = ["title", "place"]
    autocomplete_fields = ["exemplars"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [EventPhotoInline]

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        bump_public_cache()


# The lifecycle models and the decision road: their own modules, registered with this one.
from . import admin_council, admin_lifecycle  # noqa: E402, F401


# --- the initiative register ---------------------------------------------------------------------
class InitiativeAttachmentInline(admin.TabularInline):
    model = InitiativeAttachment
    extra = 0
    can_delete = False
    fields = ["download", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # files come through the agency page (checked by uploads.clean_document)

    @admin.display(description=_("Tệp"))
    def download(self, obj: InitiativeAttachment) -> str:
        return format_html(
            '<a href="{}">{}</a>', reverse("agency:initiative.file.download", args=[obj.pk]), obj.download_name
        )


@admin.register(Initiative)
class InitiativeAdmin(admin.ModelAdmin):
    list_display = ["title", "agency", "authors", "recognition_level", "recognised_on", "decision_number"]
    list_filter = ["recognition_level", "field", "agency"]
    list_select_related = ["agency"]
    search_fields = ["title", "authors", "agency__name", "decision_number"]
    autocomplete_fields = ["agency", "field", "nominations"]
    readonly_fields = ["created_by", "created_at", "updated_at"]
    inlines = [InitiativeAttachmentInline]
    date_hierarchy = "recognised_on"
    fieldsets = [
        (None, {"fields": ["title", "authors", "agency", "field", "summary"]}),
        (_("Công nhận"), {"fields": ["recognition_level", "recognised_on", "decision_number", "decided_by"]}),
        (_("Hiệu quả"), {"fields": ["benefit", "application_scope"]}),
        (_("Sử dụng"), {"fields": ["nominations", "internal_notes"]}),
        (_("Hệ thống"), {"fields": ["created_by", "created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    def save_model(self, request, obj, form, change) -> None:
        services.save_initiative(obj, actor=request.user)  # refreshes the public list


# --- annual registration -------------------------------------------------------------------------
@admin.register(RegistrationPeriod)
class RegistrationPeriodAdmin(admin.ModelAdmin):
    """Staff open a year's registration and set its deadline; agencies register on their pages before it."""

    list_display = ["year", "deadline"]
    ordering = ["-year"]


class RegistrationEntryInline(admin.TabularInline):
    model = RegistrationEntry
    extra = 0
    can_delete = False
    fields = ["award_type", "nominee_kind", "nominee_name", "nominee_position", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Registration)
class RegistrationAdmin(ViewOnlyAdmin):
    """What agencies registered (on their pages, before the deadline): staff read it here or on the board."""

    list_display = ["agency", "year", "created_at", "updated_at"]
    list_filter = ["year"]
    list_select_related = ["agency"]
    search_fields = ["agency__name", "entries__nominee_name"]
    inlines = [RegistrationEntryInline]
