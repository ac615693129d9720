from .awards import AwardType
from .eligibility import Candidate, Check
from .events import EventPhoto, ExchangeEvent
from .exemplar import Exemplar, ExemplarPhoto, Honour
from .lifecycle import FollowUp, LifecycleEvent, NurturingPlan, Proposal, ProposalEvent, Replication
from .nomination import Nomination, NominationAttachment, NominationEvent

__all__ = [
    "AwardType",
    "Candidate",
    "Check",
    "EventPhoto",
    "ExchangeEvent",
    "Exemplar",
    "ExemplarPhoto",
    "FollowUp",
    "Honour",
    "LifecycleEvent",
    "Nomination",
    "NominationAttachment",
    "NominationEvent",
    "NurturingPlan",
    "Proposal",
    "ProposalEvent",
    "Replication",
]
