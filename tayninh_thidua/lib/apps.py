from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteLibConfig(AppConfig):
    name = "tayninh_thidua.lib"
    label = "sitelib"
    verbose_name = _("Hệ thống")
