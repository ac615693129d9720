"""The demo batch walks the whole road through the services: consultation over, a council vote, minutes, a
decision, certificates; and a batch still open for comment."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from exemplars.models import HonourCertificate, Nomination

pytestmark = pytest.mark.django_db


def test_generate_decision_demo(seeded, client, django_capture_on_commit_callbacks):
    call_command("seed_awards")
    call_command("generate_demo_data", exemplars=5, honours=3)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("generate_decision_demo")
    assert Nomination.objects.filter(state=Nomination.State.APPROVED, decision_recipient__isnull=False).exists()
    certificate = HonourCertificate.objects.exclude(file="").first()
    assert certificate is not None
    assert client.get(reverse("verification:status", args=[certificate.code])).status_code == 200
    html = client.get(reverse("consultations:list")).content.decode()
    assert "Lấy ý kiến đề nghị tặng Bằng khen, đợt 2" in html
    assert "Quyết định số" in client.get(reverse("decisions:list")).content.decode()


def test_make_run_may_ask_for_the_decision_demo_again(seeded, django_capture_on_commit_callbacks):
    from exemplars.models import AwardDecision

    call_command("seed_awards")
    call_command("generate_demo_data", exemplars=5, honours=3)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("generate_decision_demo", if_empty=True)
        call_command("generate_decision_demo", if_empty=True)
    assert AwardDecision.objects.count() == 1
