from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from exemplars.api import ExemplarViewSet, HonourViewSet
from movements.api import MovementViewSet

router = DefaultRouter()
router.register("exemplars", ExemplarViewSet, basename="exemplar")
router.register("honours", HonourViewSet, basename="honour")
router.register("movements", MovementViewSet, basename="movement")

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("", include(router.urls)),
]
