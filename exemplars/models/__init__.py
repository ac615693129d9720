from .awards import AwardType
from .consultation import Consultation, ConsultationComment
from .eligibility import Candidate, Check
from .events import EventPhoto, ExchangeEvent
from .exemplar import Exemplar, ExemplarPhoto, Honour
from .nomination import Nomination, NominationAttachment, NominationEvent
from .procedure import CalendarDay, ProcedureRule

__all__ = [
    "AwardType",
    "CalendarDay",
    "Candidate",
    "Check",
    "Consultation",
    "ConsultationComment",
    "EventPhoto",
    "ExchangeEvent",
    "Exemplar",
    "ExemplarPhoto",
    "Honour",
    "Nomination",
    "NominationAttachment",
    "NominationEvent",
    "ProcedureRule",
]
