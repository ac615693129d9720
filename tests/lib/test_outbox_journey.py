"""A whole season's e-mail — nomination, contest, reminders, feedback, password — and the outbox agrees with
what went out: the same recipients and subjects, each message once, every row stamped as sent."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from contests import services as contest_services
from contests.models import Entry
from exemplars import services as nomination_services
from tayninh_thidua.lib.models import OutgoingMail
from tayninh_thidua.portal.tasks import plan_reminders_task
from tests.factories import AgencyFactory, EditionFactory, MembershipFactory, NominationFactory, StaffUserFactory, words

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("default_rules")]


def nomination_journey(agency, head, reviewer) -> None:
    nomination = NominationFactory(agency=agency, complete=True)  # a lawful dossier: approval checks the rules
    nomination_services.submit_nomination(nomination, actor=head)  # → reviewers
    nomination_services.take_into_review(nomination, actor=reviewer)
    nomination_services.return_for_completion(nomination, actor=reviewer, reason="Bổ sung biên bản")  # → head
    nomination_services.resubmit_nomination(nomination, actor=head)  # → reviewers
    nomination_services.take_into_review(nomination, actor=reviewer)
    decision = nomination_services.Decision(number="163/QĐ-UBND", date=dt.date(2025, 12, 20))
    nomination_services.approve_nomination(nomination, actor=reviewer, decision=decision)  # → head


def contest_journey(agency) -> None:
    edition = EditionFactory()
    data = {
        "author_name": "Lê Văn Bút",
        "author_email": "butdanh@example.org",
        "author_phone": "0912345678",
        "author_address": "Tây Ninh",
        "author_workplace": "Báo Tây Ninh",
        "genre": "ky-su",
        "title": "Cô giáo cắm bản",
        "text": words(20, "cô-giáo"),
        "subject_kind": "individual",
        "subject_name": "Cô Hạnh",
        "subject_locality": "Xã Tân Hoà",
        "subject_activity": "Mở lớp học tình thương.",
        "declaration": True,
        "consent_publish": True,
    }
    entry = contest_services.submit_entry(edition, data, [])  # → the author
    contest_services.request_verification(entry, agency)  # → the agency's own box
    Entry.objects.filter(pk=entry.pk).update(stage=3, verification=Entry.Verification.CONFIRMED)
    today = timezone.localdate()
    edition.public_vote_enabled = True
    edition.vote_opens, edition.vote_closes = today - dt.timedelta(days=1), today + dt.timedelta(days=5)
    edition.public_vote_weight = Decimal("0.20")
    edition.save()
    contest_services.request_vote(edition, entry, "bandoc@example.org")  # → the voter


def test_every_email_of_a_season_is_in_the_outbox_and_stamped(client, day, member, report_factory):
    agency = AgencyFactory(email="donvi@example.org")
    head = MembershipFactory(agency=agency, role="head").user
    reviewer = StaffUserFactory(email="thamdinh@example.org")

    nomination_journey(agency, head, reviewer)
    contest_journey(agency)
    report_factory(agency=member.agency, due_date=day + dt.timedelta(days=7))
    plan_reminders_task.delay(day=day.isoformat())  # → the agency's box and its officer
    client.post(reverse("portal:feedback"), {"name": "Dân", "subject": "Góp ý", "message": "Nội dung góp ý."})
    client.post(reverse("password_reset"), {"email": head.email})

    rows = OutgoingMail.objects.all()
    assert set(rows.values_list("kind", flat=True)) == {
        "nomination",
        "contest-receipt",
        "contest-verification",
        "contest-vote",
        "reminder",
        "feedback",
        "password",
    }
    assert not rows.filter(sent_at__isnull=True).exists()
    sent = Counter((tuple(m.to), m.subject) for m in mail.outbox)
    stamped = Counter((tuple(row.recipients), row.subject) for row in rows)
    assert sent == stamped and len(mail.outbox) == rows.count() == 11
