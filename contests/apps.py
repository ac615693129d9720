from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContestsConfig(AppConfig):
    name = "contests"
    verbose_name = _("Cuộc thi “Gương người tốt quanh ta”")

    def ready(self) -> None:
        from exemplars import verification

        from . import verification as prize_certificates

        verification.register(prize_certificates.lookup)
