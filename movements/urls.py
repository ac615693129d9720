from django.urls import path

from . import views

app_name = "movements"
urlpatterns = [
    path("", views.movement_list, name="movement.list"),
    path("<slug:slug>/", views.movement_detail, name="movement.detail"),
]
