from .agency import Agency, TimeStamped, lineage_ids, with_successors
from .bloc import Bloc, BlocMembership, Covenant, CovenantCriterion, ScoreLine, ScoreSheet
from .membership import AgencyMembership
from .movement import Field, Movement, phase_errors
from .plan import Plan, PlanPhase
from .reminders import ReminderLog, ReminderRule
from .reports import MovementParticipant, ReviewReport, ReviewReportAttachment, ReviewReportEvent

__all__ = [
    "with_successors",
    "Agency",
    "AgencyMembership",
    "Bloc",
    "BlocMembership",
    "Covenant",
    "CovenantCriterion",
    "Field",
    "Movement",
    "MovementParticipant",
    "Plan",
    "PlanPhase",
    "ReminderLog",
    "ReminderRule",
    "ReviewReport",
    "ReviewReportAttachment",
    "ReviewReportEvent",
    "ScoreLine",
    "ScoreSheet",
    "TimeStamped",
    "lineage_ids",
    "phase_errors",
]
