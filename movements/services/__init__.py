"""Changes to the movements domain, by subject: the plan's seed and the staff role (`plan`), review reports
(`reports`). Views, admin actions, commands and tasks call these.
"""

from .plan import ensure_staff_group, seed_plan
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
    "ensure_staff_group",
    "return_report",
    "seed_plan",
    "submit_report",
    "sync_review_reports",
]
