"""Exemplars' pages. The root URLconf includes each list under its prefix and namespace."""

from django.urls import path

from .views import agency, council, public, public_decisions, staff

# /dien-hinh/, namespace "exemplars"
public_patterns = [
    path("", public.exemplar_list, name="exemplar.list"),
    path("<slug:slug>/", public.exemplar_detail, name="exemplar.detail"),
]

# /gioi-thieu/, namespace "proposals": the public proposal form, the proposer's status page, the verification link
proposal_patterns = [
    path("", public.proposal_submit, name="submit"),
    path("xac-minh/<str:token>/", public.proposal_verify, name="verify"),
    path("<slug:code>/", public.proposal_status, name="status"),
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
    path("dien-hinh/<int:pk>/boi-duong/", agency.exemplar_nurturing, name="exemplar.nurturing"),
    path("dien-hinh/<int:pk>/theo-doi/", agency.follow_up_create, name="follow_up.create"),
    path("gioi-thieu/", agency.proposal_list, name="proposal.list"),
    path("gioi-thieu/moi/", agency.proposal_create, name="proposal.create"),
    path("gioi-thieu/<int:pk>/", agency.proposal_detail, name="proposal.detail"),
    path("gioi-thieu/<int:pk>/xac-minh/", agency.proposal_verify, name="proposal.verify"),
    path("gioi-thieu/<int:pk>/anh/", agency.proposal_photo, name="proposal.photo"),
    path("nhan-rong/", agency.replication_list, name="replication.list"),
    path("nhan-rong/<int:pk>/minh-chung/", agency.replication_evidence, name="replication.evidence"),
]

# /lay-y-kien/, namespace "consultations": dossiers open for public comment
consultation_patterns = [
    path("", public_decisions.consultation_list, name="list"),
    path("<int:pk>/gop-y/", public_decisions.consultation_comment, name="comment"),
    path("xac-nhan/<str:token>/", public_decisions.comment_confirm, name="comment.confirm"),
]

# /hoi-dong/, namespace "council": members vote; staff read the minutes
council_patterns = [
    path("", council.session_list, name="session.list"),
    path("phien/<int:pk>/", council.ballot, name="ballot"),
    path("phien/<int:pk>/bien-ban.<str:fmt>", staff.session_minutes, name="session.minutes"),
]

# /quyet-dinh/, namespace "decisions": the public decision register
decision_patterns = [
    path("", public_decisions.decision_list, name="list"),
    path("tai-ve.xlsx", public_decisions.decision_export, name="export"),
]

# /xac-thuc/, namespace "verification": a printed certificate's public status (its QR code points here)
verification_patterns = [
    path("<slug:code>/", public_decisions.certificate_status, name="status"),
]
