"""Agency pages, mounted at /don-vi/ under the namespace "agency"."""

from django.urls import path

from . import agency_views as views

app_name = "agency"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("ho-so/moi/", views.nomination_create, name="nomination.create"),
    path("ho-so/<int:pk>/", views.nomination_detail, name="nomination.detail"),
    path("ho-so/<int:pk>/sua/", views.nomination_edit, name="nomination.edit"),
    path("ho-so/<int:pk>/gui/", views.nomination_submit, name="nomination.submit"),
    path("ho-so/<int:pk>/gui-lai/", views.nomination_resubmit, name="nomination.resubmit"),
    path("ho-so/<int:pk>/tep/", views.attachment_upload, name="attachment.upload"),
    path("ho-so/<int:pk>/tep/<int:attachment_pk>/xoa/", views.attachment_delete, name="attachment.delete"),
    path("ho-so/<int:pk>/anh-chan-dung/", views.nomination_portrait, name="nomination.portrait"),
    path("tep/<int:pk>/", views.attachment_download, name="attachment.download"),
    path("dien-hinh/", views.exemplar_list, name="exemplar.list"),
]
