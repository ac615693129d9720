"""Password reset by e-mail for accounts that staff create (Django's auth views, Vietnamese templates).

Mounted at /tai-khoan/ without a namespace: the auth views reverse these names as they are.
"""

from django.contrib.auth import views as auth_views
from django.urls import path

urlpatterns = [
    path(
        "quen-mat-khau/",
        auth_views.PasswordResetView.as_view(
            email_template_name="emails/password_reset.txt", subject_template_name="emails/password_reset_subject.txt"
        ),
        name="password_reset",
    ),
    path("quen-mat-khau/da-gui/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "dat-lai-mat-khau/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("dat-lai-mat-khau/xong/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
]
