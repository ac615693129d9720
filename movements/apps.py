from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MovementsConfig(AppConfig):
    name = "movements"
    verbose_name = _("Phong trào thi đua")

    def ready(self) -> None:
        # Fill the outbox's hook: messages addressed to a role are resolved here when they are sent.
        # Imported here, not at the top: models load once the app registry is ready.
        from tayninh_thidua.lib.outbox import register_audience

        from . import audiences

        register_audience(audiences.FEEDBACK, audiences.feedback_addresses, label=_("cán bộ nhận phản hồi"))
        register_audience(audiences.REVIEWERS, audiences.reviewer_addresses, label=_("cán bộ thẩm định hồ sơ"))
        register_audience(audiences.AGENCY_HEADS, audiences.head_addresses, label=_("thủ trưởng đơn vị"))
        register_audience(audiences.AGENCY_OFFICE, audiences.agency_office_address, label=_("hộp thư của đơn vị"))
        register_audience(audiences.AGENCY_MEMBERS, audiences.member_addresses, label=_("cán bộ của đơn vị"))
