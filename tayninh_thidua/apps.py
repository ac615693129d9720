from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    name = "tayninh_thidua"
    verbose_name = _("Cổng thông tin")
