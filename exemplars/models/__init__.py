from .awards import AwardType
from .eligibility import Candidate, Check
from .events import EventPhoto, ExchangeEvent
from .exemplar import Exemplar, ExemplarPhoto, Honour
from .initiative import Initiative, InitiativeAttachment
from .nomination import Nomination, NominationAttachment, NominationEvent
from .registration import Registration, RegistrationEntry, RegistrationPeriod

__all__ = [
    "AwardType",
    "Candidate",
    "Check",
    "EventPhoto",
    "ExchangeEvent",
    "Exemplar",
    "ExemplarPhoto",
    "Honour",
    "Initiative",
    "InitiativeAttachment",
    "Nomination",
    "NominationAttachment",
    "NominationEvent",
    "Registration",
    "RegistrationEntry",
    "RegistrationPeriod",
]
