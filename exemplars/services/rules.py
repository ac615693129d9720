"""Reads that judge a dossier: the facts of a nomination put to its award type version's rules.

No writes here. The rules themselves live in one function, `AwardType.evaluate` (models/eligibility.py);
this module gathers a nomination's facts for it. Approval refuses what is unmet, submission warns with it,
the agency page and the admin show the checklist.
"""

from __future__ import annotations

from decimal import Decimal

from ..models import Candidate, Check, Nomination, eligibility

__all__ = [
    "Check",
    "candidate_for",
    "check_prerequisite",
    "check_vote_share",
    "consecutive_years",
    "dossier_checklist",
    "missing_documents",
    "unmet_rules",
    "vote_share",
]

consecutive_years = eligibility.consecutive_years


def candidate_for(nomination: Nomination, decision=None) -> Candidate:
    """The nomination's facts; with `decision` (services.Decision), the decision's date and signer too."""
    from .registration import is_registered  # registration.py imports the workflow, which imports this module

    exemplar = nomination.exemplar
    return Candidate(
        kind=exemplar.kind if exemplar is not None else nomination.nominee_kind,
        year=nomination.year,
        exemplar_id=nomination.exemplar_id,
        documents=frozenset(a.document_type for a in nomination.attachments.all()),
        votes_for=nomination.votes_for,
        council_members=nomination.council_members,
        decision_date=decision.date if decision is not None else None,
        authority=decision.authority if decision is not None else "",
        registered=is_registered(nomination),
        nomination_id=nomination.pk,
        initiative_ids=frozenset(nomination.initiatives.values_list("pk", flat=True)) if nomination.pk else frozenset(),
    )


def dossier_checklist(nomination: Nomination) -> list[Check]:
    """What the reviewer needs to see: every rule of the award type version, met or not."""
    return nomination.award_type.evaluate(candidate_for(nomination))


def unmet_rules(nomination: Nomination, decision=None) -> list[Check]:
    """The rules the dossier does not meet yet (with `decision`: as decided by it)."""
    return nomination.award_type.unmet(candidate_for(nomination, decision))


def vote_share(nomination: Nomination) -> Decimal | None:
    return eligibility.vote_share(nomination.votes_for, nomination.council_members)


def check_vote_share(nomination: Nomination) -> Check:
    return eligibility.check_vote_share(nomination.award_type, nomination.votes_for, nomination.council_members)


def check_prerequisite(nomination: Nomination) -> Check | None:
    return eligibility.check_prerequisite(nomination.award_type, candidate_for(nomination))


def missing_documents(nomination: Nomination) -> list[str]:
    present = {a.document_type for a in nomination.attachments.all()}
    return [code for code in nomination.award_type.required_documents or [] if code not in present]
