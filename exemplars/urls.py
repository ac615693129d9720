"""Exemplars' pages. The root URLconf includes each list under its prefix and namespace."""

from django.urls import path

from .views import agency, public, staff

# /dien-hinh/, namespace "exemplars"
public_patterns = [
    path("", public.exemplar_list, name="exemplar.list"),
    path("<slug:slug>/", public.exemplar_detail, name="exemplar.detail"),
]

# /phong-trao/, namespace "movements": the movement page, which lists the movement's exemplars
movement_patterns = [
    path("<slug:slug>/", public.movement_detail, name="movement.detail"),
]

# /, namespace "exchanges"
exchange_patterns = [
    path("giao-luu/", public.event_list, name="event.list"),
    path("giao-luu/<slug:slug>/", public.event_detail, name="event.detail"),
    path("thu-vien-anh/", public.gallery, name="gallery"),
]

# /sang-kien/, namespace "initiatives": the public list of recognised initiatives
initiative_patterns = [
    path("", public.initiative_list, name="initiative.list"),
]

# /don-vi/, namespace "agency": an agency's dossiers and exemplars
agency_patterns = [
    path("", agency.dashboard, name="dashboard"),
    path("ho-so/moi/", agency.nomination_create, name="nomination.create"),
    path("ho-so/<int:pk>/", agency.nomination_detail, name="nomination.detail"),
    path("ho-so/<int:pk>/sua/", agency.nomination_edit, name="nomination.edit"),
    path("ho-so/<int:pk>/gui/", agency.nomination_submit, name="nomination.submit"),
    path("ho-so/<int:pk>/gui-lai/", agency.nomination_resubmit, name="nomination.resubmit"),
    path("ho-so/<int:pk>/tep/", agency.attachment_upload, name="attachment.upload"),
    path("ho-so/<int:pk>/tep/<int:attachment_pk>/xoa/", agency.attachment_delete, name="attachment.delete"),
    path("ho-so/<int:pk>/anh-chan-dung/", agency.nomination_portrait, name="nomination.portrait"),
    path("tep/<int:pk>/", agency.attachment_download, name="attachment.download"),
    path("dien-hinh/", agency.exemplar_list, name="exemplar.list"),
    path("ho-so/<int:pk>/sang-kien/", agency.nomination_initiatives, name="nomination.initiatives"),
    path("sang-kien/", agency.initiative_list, name="initiative.list"),
    path("sang-kien/moi/", agency.initiative_edit, name="initiative.create"),
    path("sang-kien/<int:pk>/", agency.initiative_detail, name="initiative.detail"),
    path("sang-kien/<int:pk>/sua/", agency.initiative_edit, name="initiative.edit"),
    path("sang-kien/<int:pk>/tep/", agency.initiative_file_upload, name="initiative.file.upload"),
    path("sang-kien/tep/<int:pk>/", agency.initiative_file_download, name="initiative.file.download"),
    path("dang-ky/", agency.registration, name="registration"),
    path("dang-ky/them/", agency.registration_add, name="registration.add"),
    path("dang-ky/<int:pk>/xoa/", agency.registration_remove, name="registration.remove"),
    path("dang-ky/tong-hop/", staff.registration_board, name="registration.board"),
    path("dang-ky/tong-hop/xlsx/", staff.registration_export, name="registration.export"),
]
