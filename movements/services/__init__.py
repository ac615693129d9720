"""Changes to the movements domain, by subject: the plan's seed and the staff role (`plan`), publishing movements
and confirming their leads (`movements`), review reports (`reports`). Views, admin actions, commands and tasks call
these.
"""

from .movements import confirm_movement_lead, publish_movement, unpublish_movement
from .plan import ensure_judges_group, ensure_staff_group, seed_plan
from .reports import (
    accept_report,
    add_attachment,
    return_report,
    submit_report,
    sync_review_reports,
)

__all__ = [
    "accept_report",
    "add_attachment",
    "confirm_movement_lead",
    "ensure_judges_group",
    "ensure_staff_group",
    "publish_movement",
    "return_report",
    "seed_plan",
    "submit_report",
    "sync_review_reports",
    "unpublish_movement",
]
