"""Read-only JSON API of published exemplars and their honours.

Serializers list their fields one by one from `Exemplar.PUBLIC_FIELDS`: private fields (birth
date, phone, e-mail, citizen ID, home address), nominations and dossier files are never exposed.
"""

from __future__ import annotations

from functools import cached_property

import django_filters
from django.conf import settings
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets

from tayninh_thidua.lib.pagecache import cache_public_page
from tayninh_thidua.lib.pagination import CountKeptPagination
from tayninh_thidua.lib.thumbnails import thumbnail_url

from ..filters import ExemplarFilter, award_type_choices
from ..models import Exemplar, Honour


class HonourSerializer(serializers.ModelSerializer):
    # The id and the honour's own API address: /api/honours/{id}/ is reachable from the exemplar's detail.
    url = serializers.SerializerMethodField()
    award_type = serializers.CharField(source="award_type.name")
    award_type_slug = serializers.CharField(source="award_type.slug")
    movement = serializers.SerializerMethodField()
    is_revoked = serializers.BooleanField()

    class Meta:
        model = Honour
        fields = [
            "id",
            "url",
            "award_type",
            "award_type_slug",
            "year",
            "decision_number",
            "decision_date",
            "issuing_authority",
            "movement",
            "is_revoked",
            "revoked_at",
            "revoked_reason",
        ]

    def get_url(self, obj: Honour) -> str:
        # SITE_URL, not the request's host: responses are cached and shared between visitors.
        return settings.SITE_URL + reverse("api:honour-detail", kwargs={"pk": obj.pk})

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_movement(self, obj: Honour) -> str | None:
        # A draft movement stays unnamed until it is published.
        return obj.movement.slug if obj.movement_id and obj.movement.is_published else None


class HonourWithExemplarSerializer(HonourSerializer):
    exemplar = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta(HonourSerializer.Meta):
        fields = ["exemplar", *HonourSerializer.Meta.fields]


_DATETIME = serializers.DateTimeField()  # how the declared `published_at` field writes a moment


class ExemplarSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display")
    agency = serializers.CharField(source="agency.name")
    agency_slug = serializers.CharField(source="agency.slug")
    field = serializers.CharField(source="field.name", allow_null=True, default=None)
    movements = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    portrait = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Exemplar
        fields = [
            "slug",
            "name",
            "kind",
            "kind_display",
            "agency",
            "agency_slug",
            "position_title",
            "locality",
            "field",
            "movements",
            "summary",
            "portrait",
            "portrait_alt",
            "published_at",
            "url",
        ]

    @extend_schema_field(serializers.CharField(allow_blank=True))
    def get_portrait(self, obj: Exemplar) -> str:
        return thumbnail_url(obj.portrait, "480x360") if obj.portrait else ""

    def get_url(self, obj: Exemplar) -> str:
        # SITE_URL, not the request's host: responses are cached and shared between visitors.
        return settings.SITE_URL + obj.get_absolute_url()

    def to_representation(self, obj: Exemplar) -> dict:
        """What DRF's field-by-field walk gives (tests/portal/test_api.py compares the two), built in one step.

        The walk inspects every attribute's signature and copies every field, some 0.5 ms a row: more than the rest of
        the list page. The declared fields above stay the schema; the detail keeps the walk.
        """
        return {
            "slug": obj.slug,
            "name": obj.name,
            "kind": obj.kind,
            "kind_display": self._kinds[obj.kind],
            "agency": obj.agency.name,
            "agency_slug": obj.agency.slug,
            "position_title": obj.position_title,
            "locality": obj.locality,
            "field": obj.field.name if obj.field_id else None,
            "movements": [movement.slug for movement in obj.movements.all()],
            "summary": obj.summary,
            "portrait": self.get_portrait(obj),
            "portrait_alt": obj.portrait_alt,
            "published_at": _DATETIME.to_representation(obj.published_at) if obj.published_at else None,
            "url": self.get_url(obj),
        }

    @cached_property
    def _kinds(self) -> dict[str, str]:
        return {value: str(label) for value, label in Exemplar.Kind.choices}


class ExemplarDetailSerializer(ExemplarSerializer):
    phase = serializers.CharField(source="phase.name", allow_null=True, default=None)
    honours = HonourSerializer(many=True, read_only=True)

    class Meta(ExemplarSerializer.Meta):
        fields = [*ExemplarSerializer.Meta.fields, "phase", "story", "honours"]

    to_representation = serializers.ModelSerializer.to_representation


@method_decorator(cache_public_page, name="dispatch")
class ExemplarViewSet(viewsets.ReadOnlyModelViewSet):
    """Published exemplars, filterable like the directory (`q` ignores diacritics and case)."""

    lookup_field = "slug"
    filterset_class = ExemplarFilter
    pagination_class = CountKeptPagination

    def get_queryset(self):
        return Exemplar.objects.public_pages() if self.action == "retrieve" else Exemplar.objects.public_cards()

    def get_serializer_class(self):
        return ExemplarDetailSerializer if self.action == "retrieve" else ExemplarSerializer


def published_exemplar_choices(request=None):
    return Exemplar.objects.published().only("pk", "slug")


class HonourFilter(django_filters.FilterSet):
    # Listed values only, like the directory's filters: an unknown slug answers 400 instead of an empty page
    # that reads like "no honours", and the schema says so (lib/apischema.PortalAutoSchema).
    exemplar = django_filters.ModelChoiceFilter(
        to_field_name="slug", queryset=published_exemplar_choices, label=_("Điển hình (địa chỉ)")
    )
    award_type = django_filters.ModelChoiceFilter(
        to_field_name="slug", queryset=award_type_choices, label=_("Danh hiệu, hình thức khen thưởng")
    )
    year = django_filters.NumberFilter(label=_("Năm"), min_value=1945, max_value=2100)

    class Meta:
        model = Honour
        fields = ["exemplar", "award_type", "year"]


@method_decorator(cache_public_page, name="dispatch")
class HonourViewSet(viewsets.ReadOnlyModelViewSet):
    """Honours of published exemplars, newest decision first; revoked ones say so."""

    serializer_class = HonourWithExemplarSerializer
    filterset_class = HonourFilter
    pagination_class = CountKeptPagination

    def get_queryset(self):
        return (
            Honour.objects.filter(exemplar__in=Exemplar.objects.published())
            .select_related("exemplar", "award_type", "movement")
            .order_by("-decision_date", "-pk")
        )
