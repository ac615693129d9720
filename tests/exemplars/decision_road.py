"""Builders shared by the tests of the road from dossier to decision (consultation, council, decision)."""

import datetime as dt

from exemplars.models import Nomination
from tests.factories import NominationFactory


def in_review(n: int = 1, **kwargs) -> list[Nomination]:
    """Complete dossiers in review, ready for consultation and the council (no council vote recorded yet)."""
    found = []
    for _ in range(n):
        nomination = NominationFactory(
            state=Nomination.State.IN_REVIEW, votes_for=None, council_members=None, complete=True, **kwargs
        )
        found.append(nomination)
    return found


MONDAY = dt.date(2026, 11, 23)
