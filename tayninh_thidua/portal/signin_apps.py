"""The sign-in libraries under Vietnamese names in the admin; settings.INSTALLED_APPS lists these classes.

Apart from apps.py on purpose: Django picks an app's configuration from its apps.py when that defines one class.
"""

from axes.apps import AppConfig as BaseAxesConfig
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.apps import DefaultConfig as BaseStaticConfig
from django_otp.plugins.otp_totp.apps import DefaultConfig as BaseTOTPConfig


# --- sign-in libraries, under Vietnamese names in the admin (settings.INSTALLED_APPS lists these) ----------------
class TOTPConfig(BaseTOTPConfig):
    verbose_name = _("Xác thực hai bước: ứng dụng")


class BackupCodesConfig(BaseStaticConfig):
    verbose_name = _("Xác thực hai bước: mã dự phòng")


class AxesConfig(BaseAxesConfig):
    verbose_name = _("Khoá đăng nhập")
