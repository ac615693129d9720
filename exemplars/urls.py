from django.urls import path

from . import views

app_name = "exemplars"
urlpatterns = [
    path("<slug:slug>/", views.exemplar_detail, name="exemplar.detail"),
]
