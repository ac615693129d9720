from .awards import AwardType
from .exemplar import Exemplar, ExemplarPhoto, Honour
from .membership import AgencyMembership
from .nomination import Nomination, NominationAttachment, NominationEvent

__all__ = [
    "AgencyMembership",
    "AwardType",
    "Exemplar",
    "ExemplarPhoto",
    "Honour",
    "Nomination",
    "NominationAttachment",
    "NominationEvent",
]
