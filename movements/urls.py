"""Movements' pages. The root URLconf includes each list under its prefix and namespace."""

from django.urls import path

from .views import agency, public, staff

# /phong-trao/, namespace "movements" (the movement page itself is the exemplars app's: it lists exemplars)
public_patterns = [
    path("", public.movement_list, name="movement.list"),
]

# /khoi-thi-dua/, namespace "blocs": published rankings of clusters and blocs
bloc_patterns = [
    path("", public.bloc_list, name="list"),
    path("<slug:slug>/<int:year>/", public.bloc_ranking, name="ranking"),
]

# /don-vi/, namespace "agency": review reports, and the staff compliance board beside them
agency_patterns = [
    path("bao-cao/", agency.report_list, name="report.list"),
    path("bao-cao/<int:pk>/", agency.report_detail, name="report.detail"),
    path("bao-cao/<int:pk>/nop/", agency.report_submit, name="report.submit"),
    path("bao-cao/<int:pk>/tep/", agency.attachment_create, name="report.attachment.create"),
    path("bao-cao/<int:pk>/tep/<int:attachment_pk>/", agency.attachment_download, name="report.attachment.download"),
    path("khoi-thi-dua/", agency.covenant_list, name="covenant.list"),
    path("khoi-thi-dua/<int:pk>/", agency.covenant_detail, name="covenant.detail"),
    path("khoi-thi-dua/<int:pk>/cham/", agency.covenant_score, name="covenant.score"),
    path("bao-cao/tong-hop/", staff.compliance_board, name="compliance.board"),
    path("bao-cao/tong-hop/xlsx/", staff.compliance_export, name="compliance.export"),
    path(
        "bao-cao/tong-hop/tep/<int:attachment_pk>/",
        staff.attachment_staff_download,
        name="report.attachment.staff_download",
    ),
]
