"""Publishing results (issue #11 item 7): refused while a round or the public vote is open, confirmed first."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from contests import services
from contests.models import ContestLog, Entry
from tests.contests.conftest import close_judging
from tests.factories import EntryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def winner(edition):
    entry = EntryFactory(edition=edition, stage=3, verification=Entry.Verification.CONFIRMED)
    services.assign_prize(entry, edition.prize_tiers.get(rank="nhat"))
    return entry


def publish_url(edition) -> str:
    return f"/cuoc-thi/quan-ly/{edition.year}/cong-bo/"


def test_results_are_refused_while_the_final_round_and_the_vote_run(edition, winner):
    """The audit's case: published on 28/11 while the vote (20 % of the score) and the final ran until 20/12."""
    close_judging(edition)
    today = timezone.localdate()
    final = edition.rounds.get(kind="chung-ket")
    final.ends_on = today + dt.timedelta(days=22)
    final.save()
    edition.public_vote_enabled = True
    edition.public_vote_weight = Decimal("0.20")
    edition.vote_opens, edition.vote_closes = today - dt.timedelta(days=5), today + dt.timedelta(days=22)
    edition.save()
    blockers = services.publication_blockers(edition)
    closes = final.ends_on.strftime("%d/%m/%Y")
    assert any("Chung kết" in b and closes in b for b in blockers)
    assert any("Bình chọn trực tuyến" in b and closes in b for b in blockers)
    with pytest.raises(ValidationError, match="Chung kết"):
        services.publish_results(edition)
    edition.refresh_from_db()
    assert edition.results_published_at is None
    assert not ContestLog.objects.filter(action=ContestLog.Action.RESULTS_PUBLISHED).exists()


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"round": "so-khao", "advanced_at": None}, "Sơ khảo chưa chọn bài vào vòng sau"),
        ({"submission": True}, "đang nhận bài"),
        ({"vote_without_dates": True}, "thời gian bình chọn"),
    ],
)
def test_each_open_step_blocks_publication(edition, winner, change, says):
    close_judging(edition)
    if "round" in change:
        edition.rounds.filter(kind=change["round"]).update(advanced_at=None)
    if "submission" in change:
        edition.submission_closes = timezone.localdate() + dt.timedelta(days=1)
        edition.save()
    if "vote_without_dates" in change:
        edition.public_vote_enabled, edition.vote_opens, edition.vote_closes = True, None, None
        edition.save()
    with pytest.raises(ValidationError, match=says):
        services.publish_results(edition)


def test_staff_confirm_before_publishing(staff_client, staff_user, edition, winner):
    close_judging(edition)
    page = staff_client.post(publish_url(edition))
    assert page.status_code == 200
    content = page.content.decode()
    assert "Xác nhận công bố kết quả" in content and winner.title in content and "Giải Nhất" in content
    edition.refresh_from_db()
    assert edition.results_published_at is None  # nothing published without the confirmation

    staff_client.post(publish_url(edition), {"confirm": "1"})
    edition.refresh_from_db()
    assert edition.results_published_at is not None
    log = ContestLog.objects.get(action=ContestLog.Action.RESULTS_PUBLISHED)
    assert log.actor == staff_user


def test_confirmation_page_shows_what_blocks_and_offers_no_button(staff_client, edition, winner):
    page = staff_client.post(publish_url(edition)).content.decode()
    assert "Chưa thể công bố" in page and "Chung kết" in page
    assert 'name="confirm"' not in page
    response = staff_client.post(publish_url(edition), {"confirm": "1"}, follow=True)
    assert "Chung kết" in " ".join(str(m) for m in response.context["messages"])
    edition.refresh_from_db()
    assert edition.results_published_at is None
    manage = staff_client.get(f"/cuoc-thi/quan-ly/{edition.year}/").content.decode()
    assert "Chưa thể công bố" in manage
