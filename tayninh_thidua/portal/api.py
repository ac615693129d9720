"""The read-only JSON API: each app's viewsets on one router, with the OpenAPI schema."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from exemplars.views.api import ExemplarViewSet, HonourViewSet
from movements.views.api import MovementViewSet

router = DefaultRouter()
router.register("exemplars", ExemplarViewSet, basename="exemplar")
router.register("honours", HonourViewSet, basename="honour")
router.register("movements", MovementViewSet, basename="movement")

# /api/, namespace "api"
api_patterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("", include(router.urls)),
]
