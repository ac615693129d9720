"""Contest pages. The root URLconf includes each list under its prefix and namespace."""

from django.urls import path

from .views import judges, public, staff

# /cuoc-thi/, namespace "contests"
public_patterns = [
    path("", public.edition_current, name="edition.current"),
    path("luu-tru/", public.edition_archive, name="edition.archive"),
    path("<int:year>/", public.edition_detail, name="edition.detail"),
    path("<int:year>/du-thi/", public.entry_submit, name="entry.submit"),
    path("<int:year>/da-gui/", public.entry_submitted, name="entry.submitted"),
    path("<int:year>/bai/<str:code>/", public.entry_detail, name="entry.detail"),
    path("<int:year>/bai/<str:code>/anh/<int:pk>/", public.entry_photo, name="entry.photo"),
    path("<int:year>/giay-chung-nhan/<str:code>.pdf", public.certificate, name="certificate.download"),
    path("<int:year>/binh-chon/", public.vote_request, name="vote.request"),
    path("binh-chon/xac-nhan/<str:token>/", public.vote_confirm, name="vote.confirm"),
    path("xac-minh/<str:token>/", public.verification_respond, name="verification.respond"),
    # Staff
    path("quan-ly/<int:year>/", staff.manage_edition, name="manage.edition"),
    path("quan-ly/<int:year>/cong-bo/", staff.edition_publish, name="edition.publish"),
    path("quan-ly/vong/<int:pk>/phan-cong/", staff.round_assign, name="round.assign"),
    path("quan-ly/vong/<int:pk>/chon-vao-vong-sau/", staff.round_advance, name="round.advance"),
    path("quan-ly/vong/<int:pk>/hoan-tac/", staff.round_reopen, name="round.reopen"),
    path(
        "quan-ly/<int:year>/bai/<int:pk>/de-nghi-xac-minh/",
        staff.entry_verification_request,
        name="entry.verification_request",
    ),
    path(
        "quan-ly/<int:year>/bai/<int:pk>/xac-minh/", staff.entry_verification_record, name="entry.verification_record"
    ),
    path("quan-ly/<int:year>/bai/<int:pk>/giai/", staff.entry_prize, name="entry.prize"),
    path("quan-ly/<int:year>/bai/<int:pk>/dien-hinh/", staff.entry_exemplar, name="entry.exemplar"),
]

# /giam-khao/, namespace "judges": blind judging
judge_patterns = [
    path("", judges.assignment_list, name="assignment.list"),
    path("cham/<int:pk>/", judges.assignment_detail, name="assignment.detail"),
    path("cham/<int:pk>/xung-dot/", judges.conflict_declare, name="conflict.declare"),
]
