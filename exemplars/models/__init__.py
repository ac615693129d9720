from .awards import AwardType
from .events import EventPhoto, ExchangeEvent
from .exemplar import Exemplar, ExemplarPhoto, Honour
from .nomination import Nomination, NominationAttachment, NominationEvent

__all__ = [
    "AwardType",
    "EventPhoto",
    "ExchangeEvent",
    "Exemplar",
    "ExemplarPhoto",
    "Honour",
    "Nomination",
    "NominationAttachment",
    "NominationEvent",
]
