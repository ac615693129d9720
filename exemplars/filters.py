"""The directory's filters, shared by the public directory page and the JSON API."""

from __future__ import annotations

import functools

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from movements.models import Agency, Field, Movement
from tayninh_thidua.lib.filters import LenientFilterSet, Options
from tayninh_thidua.lib.pagecache import public_fragment
from tayninh_thidua.lib.pagination import list_count_key
from tayninh_thidua.lib.search import rank_matches

from .models import AwardType, Exemplar, Honour


def _published_exists(model_field: str):
    return Exists(Exemplar.objects.published().filter(**{model_field: OuterRef("pk")}))


def movement_choices(request=None):
    return Movement.objects.published().only("pk", "slug", "name")


def field_choices(request=None):
    # Fields are few and public: list them all (an EXISTS per field costs more than it saves).
    return Field.objects.only("pk", "slug", "name", "position")


def agency_choices(request=None):
    return Agency.objects.filter(_published_exists("agency")).only("pk", "slug", "name")


def award_type_choices(request=None):
    # Labelled with each version's validity and legal basis (AwardType.__str__): versions share a name.
    return AwardType.objects.only("pk", "slug", "name", "valid_from", "valid_until", "legal_basis")


def _localities() -> list[tuple[str, str]]:
    values = (
        Exemplar.objects.published()
        .exclude(locality="")
        .order_by("locality")
        .values_list("locality", flat=True)
        .distinct()
    )
    return [(value, value) for value in values]


def _build_directory_options() -> dict[str, Options]:
    # Values, not model instances (award types excepted: their label is a property, and they are few).
    return {
        "movement": Options(movement_choices().values_list("slug", "name")),
        "field": Options(field_choices().values_list("slug", "name")),
        "agency": Options(agency_choices().values_list("slug", "name")),
        "locality": Options(_localities()),
        "award_type": Options((award.slug, str(award)) for award in award_type_choices()),
    }


def _options_of(name: str) -> Options:
    return directory_options()[name]


def directory_options() -> dict[str, Options]:
    """The directory's select choices, built once per page-cache version: a publication refreshes them."""
    return public_fragment("directory-options", _build_directory_options)


def locality_choices() -> list[tuple[str, str]]:
    return directory_options()["locality"].pairs


class ExemplarFilter(LenientFilterSet):
    SORTS = {
        "phu-hop": (),  # the search's own order: by similarity on PostgreSQL when `q` is given, else the newest
        "moi-nhat": ("-published_at", "name"),
        "cu-nhat": ("published_at", "name"),
        "ten": ("name", "pk"),
        "lan-toa": ("-spread", "-published_at", "name"),
    }

    q = django_filters.CharFilter(
        method="filter_q", label=_("Tìm kiếm"), widget=forms.TextInput(attrs={"type": "search"})
    )
    kind = django_filters.ChoiceFilter(choices=Exemplar.Kind.choices, label=_("Loại"), empty_label=_("Tất cả"))
    movement = django_filters.ModelChoiceFilter(
        field_name="movements",
        to_field_name="slug",
        queryset=movement_choices,
        label=_("Phong trào"),
        empty_label=_("Tất cả"),
    )
    field = django_filters.ModelChoiceFilter(
        to_field_name="slug", queryset=field_choices, label=_("Lĩnh vực"), empty_label=_("Tất cả")
    )
    agency = django_filters.ModelChoiceFilter(
        to_field_name="slug", queryset=agency_choices, label=_("Cơ quan, đơn vị"), empty_label=_("Tất cả")
    )
    locality = django_filters.ChoiceFilter(choices=locality_choices, label=_("Địa phương"), empty_label=_("Tất cả"))
    award_type = django_filters.ModelChoiceFilter(
        to_field_name="slug",
        queryset=award_type_choices,
        method="filter_award_type",
        label=_("Danh hiệu, hình thức khen thưởng"),
        empty_label=_("Tất cả"),
    )
    year = django_filters.NumberFilter(
        method="filter_year",
        label=_("Năm khen thưởng"),
        min_value=1945,
        max_value=2100,
        widget=forms.NumberInput(attrs={"min": 1945, "max": 2100}),
    )
    sort = django_filters.ChoiceFilter(
        method="filter_sort",
        label=_("Sắp xếp"),
        empty_label=None,
        choices=[
            ("phu-hop", _("Phù hợp nhất")),
            ("moi-nhat", _("Mới nhất")),
            ("cu-nhat", _("Cũ nhất")),
            ("ten", _("Theo tên (A–Z)")),
            ("lan-toa", _("Lan tỏa rộng nhất")),
        ],
    )

    class Meta:
        model = Exemplar
        fields: list[str] = []

    # Selects rendered from directory_options() (lib/templatetags fast_select); a given value is still checked
    # against the field's queryset or choices.
    CACHED_SELECTS = ("movement", "field", "agency", "locality", "award_type")

    # The fields' choices are published rows, the same for every visitor: the form class is kept per version.
    FORM_PER_VERSION = True

    def prepare_form_class(self, form_class: type) -> type:
        for name, field in form_class.base_fields.items():
            is_select = isinstance(field.widget, forms.Select)
            field.widget.attrs["class"] = "form-select form-select-sm" if is_select else "form-control form-control-sm"
            if name in self.CACHED_SELECTS:
                field.cached_options = functools.partial(_options_of, name)
        return form_class

    def filter_q(self, queryset, name, value):
        # The words filter here; the rank is decided in filter_queryset, once every filter is applied.
        return queryset.search(value, rank=False)

    # Award type and year are filtered together in filter_queryset, on one honour in force.
    def filter_award_type(self, queryset, name, value: str):
        return queryset

    def filter_year(self, queryset, name, value: int):
        return queryset

    def filter_sort(self, queryset, name, value):
        fields = self.SORTS.get(value, self.SORTS["moi-nhat"])
        return queryset.order_by(*fields) if fields else queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        award_type = self.form.cleaned_data.get("award_type")
        year = self.form.cleaned_data.get("year")
        if award_type or year:
            honours = Honour.objects.in_force().filter(exemplar=OuterRef("pk"))
            if award_type:
                honours = honours.filter(award_type=award_type)
            if year:
                honours = honours.filter(year=year)
            queryset = queryset.filter(Exists(honours))
        query = self.form.cleaned_data.get("q")
        if query and self.form.cleaned_data.get("sort") in (None, "", "phu-hop"):
            # Ranked by similarity unless the visitor chose another order. The number of matches is kept per
            # publication and filters (as the lists' counts are): up to RANK_LIMIT they are ranked; past it they keep
            # the newest-first order, which PostgreSQL reads from an index and stops at the page.
            count = public_fragment(list_count_key("exemplar", self.data), queryset.count)
            queryset = rank_matches(queryset, query, matches=count)
        return queryset
