"""Review report pages of an agency (/don-vi/bao-cao/) and the staff compliance board."""

from django.urls import path

from . import report_views as views

app_name = "reports"
urlpatterns = [
    path("", views.report_list, name="report.list"),
    path("tong-hop/", views.compliance_board, name="compliance.board"),
    path("tong-hop/xlsx/", views.compliance_export, name="compliance.export"),
    path("tong-hop/tep/<int:attachment_pk>/", views.attachment_staff_download, name="attachment.staff_download"),
    path("<int:pk>/", views.report_detail, name="report.detail"),
    path("<int:pk>/nop/", views.report_submit, name="report.submit"),
    path("<int:pk>/tep/", views.attachment_create, name="attachment.create"),
    path("<int:pk>/tep/<int:attachment_pk>/", views.attachment_download, name="attachment.download"),
]
