from .awards import AwardType
from .certificate import HonourCertificate
from .consultation import Consultation, ConsultationComment
from .council import Ballot, BallotChoice, BallotReceipt, Council, CouncilMember, CouncilSession, SessionResult
from .decision import AwardDecision, DecisionRecipient
from .eligibility import Candidate, Check
from .events import EventPhoto, ExchangeEvent
from .exemplar import Exemplar, ExemplarPhoto, Honour
from .initiative import Initiative, InitiativeAttachment
from .lifecycle import FollowUp, LifecycleEvent, NurturingPlan, Proposal, ProposalEvent, Replication
from .nomination import Nomination, NominationAttachment, NominationEvent
from .procedure import CalendarDay, ProcedureRule
from .registration import Registration, RegistrationEntry, RegistrationPeriod

__all__ = [
    "AwardDecision",
    "AwardType",
    "Ballot",
    "BallotChoice",
    "BallotReceipt",
    "CalendarDay",
    "Candidate",
    "Check",
    "Consultation",
    "Council",
    "CouncilMember",
    "CouncilSession",
    "DecisionRecipient",
    "ConsultationComment",
    "EventPhoto",
    "ExchangeEvent",
    "Exemplar",
    "ExemplarPhoto",
    "FollowUp",
    "Honour",
    "HonourCertificate",
    "LifecycleEvent",
    "Nomination",
    "NominationAttachment",
    "NominationEvent",
    "NurturingPlan",
    "ProcedureRule",
    "Proposal",
    "ProposalEvent",
    "Replication",
    "SessionResult",
    "Initiative",
    "InitiativeAttachment",
    "Registration",
    "RegistrationEntry",
    "RegistrationPeriod",
]
