from __future__ import annotations

from functools import partial

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from movements.models import Agency
from movements.seed import CONTEST_CO_ORGANISERS, CONTEST_ORGANISER
from tayninh_thidua.lib.access import has_staff_permission
from tayninh_thidua.lib.admin import ReadOnlyLogAdmin, ViewOnlyAdmin, run_service_per_object, run_service_with_reason

from . import services
from .models import Assignment, Conflict, ContestLog, Edition, Entry, EntryPhoto, PrizeTier, Round, Score, Vote


class RoundInline(admin.TabularInline):
    model = Round
    extra = 0
    fields = ["kind", "starts_on", "ends_on", "judges_per_entry", "advance_count", "advanced_at"]
    readonly_fields = ["advanced_at"]


class PrizeTierInline(admin.TabularInline):
    model = PrizeTier
    extra = 0
    fields = ["rank", "count", "amount"]


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = ["year", "number", "title", "organiser", "submission_opens", "submission_closes", "state_label"]
    autocomplete_fields = ["organiser"]
    filter_horizontal = ["co_organisers"]
    readonly_fields = ["results_published_at"]
    inlines = [RoundInline, PrizeTierInline]
    actions = ["create_next_edition", "assign_judges"]

    def get_changeform_initial_data(self, request) -> dict:
        """A new edition starts with the plan's organiser and co-organisers (movements.seed), if seeded."""
        initial = super().get_changeform_initial_data(request)
        organiser = Agency.objects.filter(name=CONTEST_ORGANISER).first()
        if organiser is not None:
            initial.setdefault("organiser", organiser.current.pk)
        co = [a.current.pk for a in Agency.objects.filter(name__in=CONTEST_CO_ORGANISERS)]
        if co:
            initial.setdefault("co_organisers", co)
        return initial

    @admin.display(description=_("trạng thái"))
    def state_label(self, obj: Edition) -> str:
        return obj.state_label

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        if change and obj.results_published_at and services.CERTIFICATE_EDITION_FIELDS & set(form.changed_data):
            winners = Entry.objects.filter(edition=obj, prize__isnull=False)
            services.withdraw_certificates(winners, actor=request.user, reason=gettext("Sửa thông tin kỳ thi"))

    @admin.action(description=_("Tạo kỳ tiếp theo (sau hai năm, chép thể lệ và giải)"), permissions=["add"])
    def create_next_edition(self, request, queryset):
        for edition in queryset:
            try:
                new = services.create_next_edition(edition, actor=request.user)
            except ValidationError as exc:
                self.message_user(request, " ".join(exc.messages), messages.ERROR)
            else:
                self.message_user(request, _("Đã tạo %(e)s.") % {"e": new}, messages.SUCCESS)

    @admin.action(
        description=_("Phân công giám khảo cho vòng đang mở (số giám khảo mỗi bài theo vòng)"), permissions=["change"]
    )
    def assign_judges(self, request, queryset):
        for edition in queryset:
            round_ = edition.rounds.filter(advanced_at__isnull=True).order_by("order").first()
            if round_ is None:
                continue
            try:
                n = services.assign_judges(round_, actor=request.user)
            except ValidationError as exc:
                self.message_user(request, " ".join(exc.messages), messages.ERROR)
            else:
                self.message_user(request, ngettext("Đã tạo %(n)d phân công.", "Đã tạo %(n)d phân công.", n) % {"n": n})


class EntryPhotoInline(admin.TabularInline):
    """Photos are private files with no URL of their own: the admin shows them through contests:entry.photo, the
    view that checks who may see them. They come with the entry (cleaned on upload), never added here."""

    model = EntryPhoto
    extra = 0
    fields = ["preview", "position"]
    readonly_fields = ["preview"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("ảnh"))
    def preview(self, photo: EntryPhoto) -> str:
        url = photo.get_absolute_url()
        return format_html(
            '<a href="{}" target="_blank" rel="noopener"><img src="{}" alt="{}" height="120" loading="lazy"></a>',
            url,
            url,
            _("Ảnh %(n)s của bài %(code)s") % {"n": photo.position + 1, "code": photo.entry.code},
        )


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    """Staff read and correct an entry here; its progress (stage, disqualification, verification, prize) is
    read-only and changes through the contest services, which log each change: the staff pages at
    /cuoc-thi/quan-ly/ and the actions below."""

    list_display = ["code", "title", "author_name", "genre", "word_count", "stage", "verification", "prize"]
    list_filter = ["edition", "genre", "stage", "verification", "prize__rank", "disqualified"]
    search_fields = ["code", "title", "author_name", "subject_name"]
    readonly_fields = [
        "edition",
        "number",
        "code",
        "word_count",
        "submitted_at",
        "stage",
        "disqualified",
        "disqualified_reason",
        "verification_agency",
        "verification",
        "verification_note",
        "verified_at",
        "prize",
        "exemplar",
        "certificate_issued",
    ]
    inlines = [EntryPhotoInline]
    actions = ["disqualify", "reinstate", "make_exemplar"]

    @admin.display(description=_("giấy chứng nhận"), boolean=True)
    def certificate_issued(self, entry: Entry) -> bool:
        return bool(entry.certificate)

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        if change and obj.certificate and services.CERTIFICATE_ENTRY_FIELDS & set(form.changed_data):
            services.withdraw_certificates([obj], actor=request.user, reason=gettext("Sửa tên tác giả hoặc tên bài"))

    @admin.action(description=_("Loại bài khỏi cuộc thi (ghi lý do)"), permissions=["change"])
    def disqualify(self, request, queryset):
        return run_service_with_reason(
            self,
            request,
            queryset,
            services.disqualify_entry,
            action="disqualify",
            title=gettext("Loại bài dự thi"),
            done_message=gettext("Đã loại %(count)s bài dự thi."),
        )

    @admin.action(description=_("Khôi phục bài đã loại (ghi lý do)"), permissions=["change"])
    def reinstate(self, request, queryset):
        return run_service_with_reason(
            self,
            request,
            queryset,
            services.reinstate_entry,
            action="reinstate",
            title=gettext("Khôi phục bài dự thi"),
            done_message=gettext("Đã khôi phục %(count)s bài dự thi."),
        )

    def has_make_exemplar_permission(self, request) -> bool:
        return has_staff_permission(request.user, "contests.change_entry", "exemplars.add_exemplar")

    @admin.action(description=_("Tạo hồ sơ điển hình từ nhân vật của bài"), permissions=["make_exemplar"])
    def make_exemplar(self, request, queryset) -> None:
        run_service_per_object(
            self,
            request,
            queryset,
            partial(services.create_exemplar_from_entry, actor=request.user),
            gettext("Đã tạo hồ sơ điển hình (chưa công khai) cho %(count)s bài."),
        )


@admin.register(Assignment)
class AssignmentAdmin(ViewOnlyAdmin):
    """Made by `assign_judges` (and withdrawn by `declare_conflict`): never by hand."""

    list_display = ["round", "entry", "judge", "assigned_at"]
    list_filter = ["round__edition", "round__kind", "judge"]
    list_select_related = ["round__edition", "entry", "judge"]


@admin.register(Conflict)
class ConflictAdmin(admin.ModelAdmin):
    """Declared through `declare_conflict`, which withdraws the judge from the entry and logs it; a declared
    conflict is not edited afterwards (another judge or entry is another declaration)."""

    list_display = ["judge", "entry", "reason", "declared_at"]
    list_select_related = ["judge", "entry"]
    raw_id_fields = ["entry"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change) -> None:
        conflict = services.declare_conflict(obj.judge, obj.entry, reason=obj.reason, actor=request.user)
        obj.pk, obj.declared_at = conflict.pk, conflict.declared_at


@admin.register(Score)
class ScoreAdmin(ViewOnlyAdmin):
    """Judges score through their pages (`save_score`); staff read scores, never set them."""

    list_display = ["assignment", "content", "exemplary_value", "writing", "updated_at"]
    list_filter = ["assignment__round__edition", "assignment__round__kind"]
    list_select_related = ["assignment__round__edition", "assignment__entry", "assignment__judge"]


@admin.register(Vote)
class VoteAdmin(ViewOnlyAdmin):
    """Votes are requested and confirmed by the public (`request_vote`, `confirm_vote`) and count in rankings."""

    list_display = ["edition", "entry", "email", "created_at", "confirmed_at"]
    list_filter = ["edition"]
    list_select_related = ["edition", "entry"]


@admin.register(ContestLog)
class ContestLogAdmin(ReadOnlyLogAdmin):
    list_display = ["at", "edition", "entry", "action", "from_state", "to_state", "actor", "actor_label"]
    list_filter = ["edition", "action"]
    list_select_related = ["edition", "entry", "actor"]
