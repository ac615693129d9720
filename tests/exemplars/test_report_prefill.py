"""Review reports start from the agency's records of the exemplar's life: found (confirmed proposals) and
replicated (its replication records) within the report's phase; never over what the agency typed."""

import datetime as dt

import pytest
from django.urls import reverse

from exemplars import services
from tests.factories import ExemplarFactory, PlanPhaseFactory, ProposalFactory
from tests.fixtures.reports import ReviewReportFactory

pytestmark = pytest.mark.django_db


def test_an_untouched_report_is_prefilled_and_a_filled_one_kept(client, reviewer, agency, officer):
    phase = PlanPhaseFactory(start_date=dt.date(2025, 1, 1), end_date=dt.date(2030, 12, 31))
    for kind in ("individual", "model", "model"):
        proposal = services.send_for_verification(ProposalFactory(kind=kind), agency, actor=reviewer)
        services.verify_proposal(proposal, confirmed=True, actor=officer)
    learned = ExemplarFactory(name="Mô hình Ngôi nhà xanh")
    services.record_replication(
        learned, actor=officer, agency=agency, date=dt.date(2026, 2, 3), what="Thu gom phế liệu"
    )
    report = ReviewReportFactory(agency=agency, phase=phase)
    client.force_login(officer)
    form = client.get(reverse("agency:report.detail", args=[report.pk])).context["form"]
    assert (form["exemplars_found"].value(), form["models_found"].value(), form["models_replicated"].value()) == (
        1,
        2,
        1,
    )
    assert "03/02/2026" in form["exemplar_notes"].value() and "Mô hình Ngôi nhà xanh" in form["exemplar_notes"].value()
    report.models_found = 5
    report.save()
    form = client.get(reverse("agency:report.detail", args=[report.pk])).context["form"]
    assert form["models_found"].value() == 5 and form["models_replicated"].value() == 0
