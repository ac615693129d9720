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


def council_of(n: int = 9, *, start=dt.date(2026, 1, 1)):
    """A council of `n` members, each with their own account; the first is the chair."""
    from exemplars.models import Council, CouncilMember
    from tests.factories import UserFactory

    council = Council.objects.create(name="Hội đồng Thi đua – Khen thưởng tỉnh", term_start=start)
    for i in range(n):
        CouncilMember.objects.create(
            council=council,
            user=UserFactory(username=f"uyvien{i}"),
            name=f"Ủy viên số {i}",
            role="chair" if i == 0 else "member",
            term_start=start,
        )
    return council


def session_with(council, nominations, reviewer, *, present=None, date=None):
    """A session of `council` with `nominations` on its agenda, `present` members (all by default), voting open."""
    from exemplars.models import CouncilSession
    from exemplars.services import council as services

    session = CouncilSession.objects.create(council=council, title="Phiên họp tháng 12", date=date or MONDAY)
    services.add_to_agenda(session, nominations, actor=reviewer)
    members = list(council.members.all())
    services.record_attendance(session, members if present is None else present, actor=reviewer)
    return services.open_voting(session, actor=reviewer)


def draft_decision(nominations, **kwargs):
    from exemplars.models import AwardDecision, DecisionRecipient

    fields = {"number": "163", "date": dt.date(2026, 12, 1), "signer_name": "Nguyễn Văn Ký", **kwargs}
    decision = AwardDecision.objects.create(**fields)
    for nomination in nominations:
        DecisionRecipient.objects.create(decision=decision, nomination=nomination)
    return decision
