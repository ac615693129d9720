import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from contests import services
from contests.models import Edition
from tests.factories import AgencyFactory, EditionFactory

pytestmark = pytest.mark.django_db


def test_state_is_derived_from_dates():
    today = timezone.localdate()
    edition = EditionFactory(
        submission_opens=today + dt.timedelta(days=5), submission_closes=today + dt.timedelta(days=40)
    )
    assert edition.state() == Edition.State.ANNOUNCED
    assert edition.state(today + dt.timedelta(days=5)) == Edition.State.OPEN
    assert edition.state(today + dt.timedelta(days=41)) == Edition.State.JUDGING
    assert edition.state(today + dt.timedelta(days=400)) == Edition.State.AWAITING_RESULTS
    edition.results_published_at = timezone.now()
    assert edition.state() == Edition.State.PUBLISHED


def test_biennial_rule_refuses_an_edition_within_two_years():
    EditionFactory(year=2025)
    edition = Edition(
        year=2026,
        number=2,
        organiser=AgencyFactory(),
        submission_opens=dt.date(2026, 1, 1),
        submission_closes=dt.date(2026, 5, 1),
    )
    with pytest.raises(ValidationError) as exc:
        edition.full_clean()
    message = " ".join(exc.value.message_dict["year"])
    assert "hai năm một lần" in message and "2025" in message and "2027" in message
    edition.year = 2027
    edition.full_clean()  # two years on is fine


def test_create_next_edition_copies_rules_prizes_and_rounds_two_years_on():
    co = AgencyFactory()
    previous = EditionFactory(year=2021, number=1, rules="Thể lệ kỳ đầu", public_vote_enabled=True)
    previous.co_organisers.add(co)
    new = services.create_next_edition(previous)
    assert (new.year, new.number, new.rules) == (2023, 2, "Thể lệ kỳ đầu")
    assert new.submission_opens == previous.submission_opens.replace(year=previous.submission_opens.year + 2)
    assert list(new.co_organisers.all()) == [co]
    assert [(t.rank, t.count, t.amount) for t in new.prize_tiers.all()] == [
        (t.rank, t.count, t.amount) for t in previous.prize_tiers.all()
    ]
    assert [r.kind for r in new.rounds.all()] == ["so-khao", "chung-khao", "chung-ket"]
    assert new.public_vote_enabled and new.organiser == previous.organiser
    assert new.log.filter(action="edition.created").exists()


def test_create_next_edition_refused_when_that_year_is_taken():
    previous = EditionFactory(year=2031)
    EditionFactory(year=2033)
    with pytest.raises(ValidationError, match="hai năm một lần"):
        services.create_next_edition(previous)


def test_next_edition_admin_action(admin_client):
    previous = EditionFactory(year=2041)
    response = admin_client.post(
        "/admin/contests/edition/", {"action": "create_next_edition", "_selected_action": [previous.pk]}, follow=True
    )
    assert response.status_code == 200
    assert Edition.objects.filter(year=2043).exists()


def test_current_edition_prefers_the_running_one():
    old = EditionFactory(year=2051, results_published_at=timezone.now())
    running = EditionFactory(year=2053)
    assert services.current_edition() == running
    running.delete()
    assert services.current_edition() == old


def test_public_edition_page_and_nav(client, edition):
    response = client.get("/cuoc-thi/", follow=True)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Gửi bài dự thi" in content and "Giải Nhất" in content and "Cuộc thi" in content
    assert "style=" not in content and "<script>" not in content
