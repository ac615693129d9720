from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from movements.models import Agency
from movements.seed import CONTEST_CO_ORGANISERS, CONTEST_ORGANISER
from tayninh_thidua.lib.admin import ReadOnlyLogAdmin

from . import services
from .models import Assignment, Conflict, ContestLog, Edition, Entry, EntryPhoto, PrizeTier, Round, Score, Vote


class RoundInline(admin.TabularInline):
    model = Round
    extra = 0
    fields = ["kind", "starts_on", "ends_on", "advance_count", "advanced_at"]
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

    @admin.action(description=_("Tạo kỳ tiếp theo (sau hai năm, chép thể lệ và giải)"))
    def create_next_edition(self, request, queryset):
        for edition in queryset:
            try:
                new = services.create_next_edition(edition, actor=request.user)
            except ValidationError as exc:
                self.message_user(request, " ".join(exc.messages), messages.ERROR)
            else:
                self.message_user(request, _("Đã tạo %(e)s.") % {"e": new}, messages.SUCCESS)

    @admin.action(description=_("Phân công giám khảo cho vòng đang mở (mỗi bài 2 giám khảo)"))
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
    model = EntryPhoto
    extra = 0
    fields = ["image", "position"]
    readonly_fields = ["image"]


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "author_name", "genre", "word_count", "stage", "verification", "prize"]
    list_filter = ["edition", "genre", "stage", "verification", "prize__rank", "disqualified"]
    search_fields = ["code", "title", "author_name", "subject_name"]
    readonly_fields = [
        "edition",
        "number",
        "code",
        "word_count",
        "submitted_at",
        "prize",
        "exemplar",
    ]
    raw_id_fields = ["verification_agency"]
    inlines = [EntryPhotoInline]
    actions = ["make_exemplar"]

    @admin.action(description=_("Tạo hồ sơ điển hình từ nhân vật của bài"))
    def make_exemplar(self, request, queryset):
        for entry in queryset:
            services.create_exemplar_from_entry(entry, actor=request.user)
        self.message_user(request, _("Đã tạo hồ sơ điển hình (chưa công khai)."))


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["round", "entry", "judge", "assigned_at"]
    list_filter = ["round__edition", "round__kind", "judge"]
    raw_id_fields = ["entry"]


@admin.register(Conflict)
class ConflictAdmin(admin.ModelAdmin):
    list_display = ["judge", "entry", "reason", "declared_at"]
    raw_id_fields = ["entry"]

    def save_model(self, request, obj, form, change) -> None:
        if change:
            super().save_model(request, obj, form, change)
        else:  # through the service, so the judge is withdrawn from the entry at once
            services.declare_conflict(obj.judge, obj.entry, reason=obj.reason, actor=request.user)


@admin.register(Score)
class ScoreAdmin(admin.ModelAdmin):
    list_display = ["assignment", "content", "exemplary_value", "writing", "updated_at"]
    list_filter = ["assignment__round__edition", "assignment__round__kind"]


@admin.register(Vote)
class VoteAdmin(admin.ModelAdmin):
    list_display = ["edition", "entry", "email", "created_at", "confirmed_at"]
    list_filter = ["edition"]
    readonly_fields = ["edition", "entry", "email", "created_at", "confirmed_at"]


@admin.register(ContestLog)
class ContestLogAdmin(ReadOnlyLogAdmin):
    list_display = ["at", "edition", "entry", "action", "from_value", "to_value", "actor"]
    list_filter = ["edition", "action"]
    list_select_related = ["edition", "entry", "actor"]
