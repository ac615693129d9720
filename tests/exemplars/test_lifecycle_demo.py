"""The demo data shows the exemplar's whole life: proposals in every state, nurturing, replication in public."""

import pytest
from django.core.management import call_command

from exemplars.models import Exemplar, FollowUp, Proposal, Replication
from tests.side_doors import visitor

pytestmark = pytest.mark.django_db


def test_demo_data_has_proposals_in_every_state_and_replicated_exemplars():
    call_command("generate_demo_data", exemplars=20, honours=40, agencies=6, movements=3, events=0, news=0)
    assert set(Proposal.objects.values_list("state", flat=True)) == set(Proposal.State.values)
    confirmed = Proposal.objects.filter(state=Proposal.State.CONFIRMED)
    assert confirmed.exists() and not confirmed.filter(exemplar__isnull=True).exists()
    assert set(Exemplar.objects.values_list("stage", flat=True)) >= {"verified", "nurtured", "replicated"}
    assert FollowUp.objects.filter(next_review__isnull=False).exists()
    spread = Exemplar.objects.published().filter(spread__gte=2).first()
    assert (
        spread is not None
        and Replication.objects.filter(exemplar=spread).values("agency").distinct().count() == spread.spread
    )
    body = visitor().get(spread.get_absolute_url()).content.decode()
    assert "Lan tỏa, nhân rộng" in body
    status = visitor().get(Proposal.objects.filter(state=Proposal.State.CLOSED).get().get_status_url())
    assert "ngoài địa bàn" in status.content.decode()
