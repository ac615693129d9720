from django.urls import path

from . import views

app_name = "exchanges"
urlpatterns = [
    path("giao-luu/", views.event_list, name="event.list"),
    path("giao-luu/<slug:slug>/", views.event_detail, name="event.detail"),
    path("thu-vien-anh/", views.gallery, name="gallery"),
]
