from django.urls import path

from . import views

app_name = "exemplars"
urlpatterns = [
    path("", views.exemplar_list, name="exemplar.list"),
    path("<slug:slug>/", views.exemplar_detail, name="exemplar.detail"),
]
