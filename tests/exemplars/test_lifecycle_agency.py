"""The agencies' pages of the exemplar's life and the admin's triage: each agency sees and changes only its own
proposals, plans, follow-ups and replication records (another agency's answer 404, or 403 for a wrong role)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from exemplars import services
from exemplars.models import Exemplar, FollowUp, NurturingPlan, Proposal, Replication
from tests.contests.conftest import png
from tests.exemplars.helpers import PDF
from tests.factories import ExemplarFactory, ProposalFactory
from tests.side_doors import committing, run_action

pytestmark = pytest.mark.django_db


@pytest.fixture
def asked(reviewer, agency):
    proposal = ProposalFactory(proposer_phone="0911222333")
    proposal.photo.save("a.png", png())  # saved at once: FieldFile.save outside a service
    return services.send_for_verification(proposal, agency, actor=reviewer)


def test_the_agency_asked_sees_and_confirms_on_its_pages(client, officer, asked):
    client.force_login(officer)
    assert asked.name in client.get(reverse("agency:proposal.list")).content.decode()
    page = client.get(reverse("agency:proposal.detail", args=[asked.pk]))
    assert page.status_code == 200 and "0911222333" in page.content.decode()
    assert client.get(reverse("agency:proposal.photo", args=[asked.pk])).status_code == 200
    response = client.post(reverse("agency:proposal.verify", args=[asked.pk]), {"confirmed": "1", "note": "Đúng."})
    assert response.status_code == 302
    asked.refresh_from_db()
    assert asked.state == Proposal.State.CONFIRMED and asked.exemplar.agency == officer.membership.agency
    assert not asked.exemplar.is_published


def test_another_agency_can_neither_read_nor_answer(client, other_head, asked):
    client.force_login(other_head)
    assert asked.name not in client.get(reverse("agency:proposal.list")).content.decode()
    assert client.get(reverse("agency:proposal.detail", args=[asked.pk])).status_code == 404
    assert client.get(reverse("agency:proposal.photo", args=[asked.pk])).status_code == 404
    response = client.post(reverse("agency:proposal.verify", args=[asked.pk]), {"confirmed": "1", "note": ""})
    assert response.status_code == 404
    assert Proposal.objects.get(pk=asked.pk).state == Proposal.State.VERIFYING


def test_the_proposing_agency_reads_but_does_not_verify(client, other_head, reviewer, agency):
    made = services.submit_proposal(
        {
            "kind": "model",
            "name": "Mô hình Tổ tự quản",
            "locality": "Ấp 3",
            "story": "…",
            "consent": True,
            "proposer_name": "Cán bộ",
            "proposer_email": "cb@example.org",
        },
        actor=other_head,
        agency=other_head.membership.agency,
    )
    services.send_for_verification(made, agency, actor=reviewer)
    client.force_login(other_head)
    assert client.get(reverse("agency:proposal.detail", args=[made.pk])).status_code == 200
    response = client.post(reverse("agency:proposal.verify", args=[made.pk]), {"confirmed": "1", "note": ""})
    assert response.status_code == 403


def test_an_agency_proposes_from_its_pages(client, officer):
    client.force_login(officer)
    data = {
        "kind": "collective",
        "name": "Chi đoàn Ấp Bàu Sen",
        "locality": "Xã Tân Hưng",
        "story": "Hiến máu.",
        "proposer_name": "Cán bộ",
        "proposer_email": "cb@example.org",
        "consent": "on",
    }
    response = client.post(reverse("agency:proposal.create"), data)
    proposal = Proposal.objects.get()
    assert response.status_code == 302 and proposal.proposed_by_agency == officer.membership.agency


def test_nurturing_plan_and_follow_ups_belong_to_the_exemplar_agency(client, officer, other_head, agency):
    exemplar = ExemplarFactory(agency=agency)
    url = reverse("agency:exemplar.nurturing", args=[exemplar.pk])
    follow = reverse("agency:follow_up.create", args=[exemplar.pk])
    client.force_login(other_head)
    assert client.get(url).status_code == 404
    assert client.post(url, {"goals": "x"}).status_code == 404
    assert client.post(follow, {"date": "01/02/2026", "support_given": "x"}).status_code == 404
    assert not NurturingPlan.objects.exists()
    client.force_login(officer)
    assert client.post(url, {"goals": "Hỗ trợ vốn vay", "support": ""}).status_code == 302
    bad = client.post(follow, {"date": "31/02/2026", "support_given": "Tập huấn"})
    assert bad.status_code == 400 and "Tập huấn" in bad.content.decode()
    ok = client.post(follow, {"date": "01/02/2026", "support_given": "Tập huấn", "next_review": "01/05/2026"})
    assert ok.status_code == 302 and FollowUp.objects.get().next_review == dt.date(2026, 5, 1)
    page = client.get(url).content.decode()
    assert "01/05/2026" in page and "Đang bồi dưỡng" in page


def test_replication_records_are_the_agency_own(client, officer, other_head, agency):
    exemplar = ExemplarFactory()
    draft = ExemplarFactory(is_published=False)
    client.force_login(other_head)
    page = client.get(reverse("agency:replication.list")).content.decode()
    assert exemplar.name in page and draft.name not in page
    data = {
        "exemplar": exemplar.pk,
        "date": "10/03/2026",
        "what": "Áp dụng mô hình",
        "results": "",
        "evidence_link": "",
        "evidence": SimpleUploadedFile("bien-ban.pdf", PDF),
    }
    with committing():  # the evidence file is stored once the record commits
        assert client.post(reverse("agency:replication.list"), data).status_code == 302
    record = Replication.objects.get()
    assert record.agency == other_head.membership.agency and record.evidence_name == "bien-ban.pdf"
    assert client.get(reverse("agency:replication.evidence", args=[record.pk])).status_code == 200
    refused = client.post(reverse("agency:replication.list"), {**data, "exemplar": draft.pk, "evidence": ""})
    assert refused.status_code == 400 and Replication.objects.count() == 1
    client.force_login(officer)
    assert "Áp dụng mô hình" not in client.get(reverse("agency:replication.list")).content.decode()
    assert client.get(reverse("agency:replication.evidence", args=[record.pk])).status_code == 404


def test_visitors_are_sent_to_sign_in(client, asked):
    for url in (reverse("agency:proposal.list"), reverse("agency:proposal.detail", args=[asked.pk])):
        assert client.get(url).status_code == 302


def test_admin_triage_goes_through_the_services(admin_client, agency):
    to_verify, out_of_scope, duplicate = ProposalFactory(), ProposalFactory(), ProposalFactory()
    exemplar = ExemplarFactory()
    run_action(admin_client, Proposal, "send_for_verification", [to_verify], apply="1", agency=agency.pk)
    run_action(admin_client, Proposal, "close", [out_of_scope], apply="1", reason="Ngoài tỉnh.")
    run_action(admin_client, Proposal, "mark_duplicate", [duplicate], apply="1", exemplar=exemplar.pk, comment="")
    states = dict(Proposal.objects.values_list("pk", "state"))
    assert states == {to_verify.pk: "verifying", out_of_scope.pk: "closed", duplicate.pk: "duplicate"}
    assert Proposal.objects.get(pk=duplicate.pk).exemplar == exemplar
    page = admin_client.get(reverse("admin:exemplars_proposal_change", args=[to_verify.pk]))
    assert page.status_code == 200 and 'name="state"' not in page.content.decode()
    page = admin_client.get(reverse("admin:exemplars_exemplar_change", args=[exemplar.pk]))
    assert 'name="stage"' not in page.content.decode() and str(Exemplar.Stage.VERIFIED.label) in page.content.decode()
