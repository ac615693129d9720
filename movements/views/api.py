"""Read-only JSON API of published movements, with current successors of merged agencies."""

from __future__ import annotations

import django_filters
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers, viewsets

from tayninh_thidua.lib.pagecache import cache_public_page

from ..models import Movement, PlanPhase


class PhaseSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanPhase
        fields = ["name", "start_date", "end_date"]


class MovementSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display")
    field = serializers.CharField(source="field.name", allow_null=True, default=None)
    lead_agency = serializers.CharField(source="current_lead.name", allow_null=True, default=None)
    coordinating_agencies = serializers.SerializerMethodField()
    phases = PhaseSerializer(many=True, read_only=True)

    class Meta:
        model = Movement
        fields = [
            "slug",
            "name",
            "kind",
            "kind_display",
            "summary",
            "description",
            "criteria",
            "field",
            "lead_agency",
            "lead_confirmed",
            "coordinating_agencies",
            "phases",
        ]

    def get_coordinating_agencies(self, obj: Movement) -> list[str]:
        return [agency.current.name for agency in obj.coordinating_agencies.all()]


class MovementFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Tìm kiếm"))

    class Meta:
        model = Movement
        fields: list[str] = []

    def filter_q(self, queryset, name, value):
        return queryset.search(value)


@method_decorator(cache_public_page, name="dispatch")
class MovementViewSet(viewsets.ReadOnlyModelViewSet):
    """Published movements and campaigns; `q` finds them by every word, diacritics and case ignored."""

    serializer_class = MovementSerializer
    filterset_class = MovementFilter
    lookup_field = "slug"
    pagination_class = None

    def get_queryset(self):
        return (
            Movement.objects.published().with_agencies().prefetch_related("coordinating_agencies__successor__successor")
        )
