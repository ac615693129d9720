"""Fixtures for review reports and reminders: a fixed day, agencies with members, reports around it."""

from __future__ import annotations

import datetime as dt

import factory
import pytest

from movements.reporting import ReviewReport
from tests import factories

DAY = dt.date(2026, 6, 1)


class ReviewReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewReport

    movement = factory.SubFactory(factories.MovementFactory)
    agency = factory.SubFactory(factories.AgencyFactory)
    phase = factory.SubFactory(factories.PlanPhaseFactory)
    kind = ReviewReport.Kind.PRELIMINARY
    due_date = DAY


@pytest.fixture(autouse=True)
def default_rules(db):
    """The migration seeds the rules, but a transactional test before this one may have flushed them."""
    from movements.reminders import ensure_default_rules

    ensure_default_rules()


@pytest.fixture
def day() -> dt.date:
    return DAY


@pytest.fixture
def report_factory():
    return ReviewReportFactory


@pytest.fixture
def member(db):
    """An agency officer with an e-mail; the agency has its own address too."""
    return factories.MembershipFactory(role="officer")


@pytest.fixture
def other_member(db):
    return factories.MembershipFactory(role="head")


@pytest.fixture
def agency_client(client, member):
    client.force_login(member.user)
    return client


@pytest.fixture
def reports_around_day(db, member):
    """Reports of one agency at every interesting distance from DAY, in a phase of one movement.

    Default rules: remind 14, 7, 1 and 0 days before; overdue on day 1 past due, then weekly.
    """
    phase = factories.PlanPhaseFactory()
    agency = member.agency

    def make(days: int, state: str = ReviewReport.State.PENDING) -> ReviewReport:
        return ReviewReportFactory(
            agency=agency, phase=phase, due_date=DAY + dt.timedelta(days=days), state=state, kind="final"
        )

    return {
        "due14": make(14),
        "due7": make(7),
        "due3": make(3),  # no rule for 3 days
        "due0": make(0),
        "due1_returned": make(1, ReviewReport.State.RETURNED),
        "due7_submitted": make(7, ReviewReport.State.SUBMITTED),
        "due1_accepted": make(1, ReviewReport.State.ACCEPTED),
        "overdue1": make(-1),
        "overdue8": make(-8),
        "overdue5": make(-5),  # between weekly reminders
        "overdue15_submitted": make(-15, ReviewReport.State.SUBMITTED),
    }
