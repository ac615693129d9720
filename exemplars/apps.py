from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExemplarsConfig(AppConfig):
    name = "exemplars"
    verbose_name = _("Điển hình tiên tiến")

    def ready(self) -> None:
        from movements.services.reports import register_report_prefill

        from .services.lifecycle import report_figures

        register_report_prefill(report_figures)
