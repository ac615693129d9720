from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteLibConfig(AppConfig):
    name = "tayninh_thidua.lib"
    label = "sitelib"
    verbose_name = _("Hệ thống")

    def ready(self) -> None:
        # Imported here, not at the top: models and forms load once the app registry is ready.
        from .forms import PASSWORD_RENDERER, render_password_mail
        from .outbox import register_renderer

        register_renderer(PASSWORD_RENDERER, render_password_mail)
