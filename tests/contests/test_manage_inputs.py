"""Staff contest pages read numbers through forms (issue #11 item 16): nothing typed answers 500, a negative or
non-numeric number is refused in Vietnamese, and closing a round (choosing who advances) can be undone."""

import pytest
from django.core.exceptions import ValidationError

from contests import services
from contests.models import Assignment, ContestLog, Entry

pytestmark = pytest.mark.django_db


def messages_of(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def score_all(prelim):
    for a in Assignment.objects.filter(round=prelim):
        services.save_score(a, a.judge, {"content": 5, "exemplary_value": 5, "writing": a.entry.number % 10})


@pytest.mark.parametrize(
    ("value", "message"),
    [("abc", "số nguyên"), ("-5", "ít nhất 1"), ("0", "ít nhất 1"), ("1e9", "số nguyên"), ("99999999999", "tối đa")],
)
def test_advance_count_is_validated(staff_client, prelim, entries, judges, value, message):
    services.assign_judges(prelim)
    score_all(prelim)
    response = staff_client.post(
        f"/cuoc-thi/quan-ly/vong/{prelim.pk}/chon-vao-vong-sau/", {"count": value}, follow=True
    )
    assert response.status_code == 200
    assert message in messages_of(response)
    prelim.refresh_from_db()
    assert prelim.advanced_at is None and not Entry.objects.filter(stage=2).exists()


@pytest.mark.parametrize(("value", "message"), [("abc", "số nguyên"), ("-2", "ít nhất 2"), ("1", "ít nhất 2")])
def test_judges_per_entry_is_validated(staff_client, prelim, entries, judges, value, message):
    response = staff_client.post(f"/cuoc-thi/quan-ly/vong/{prelim.pk}/phan-cong/", {"per_entry": value}, follow=True)
    assert response.status_code == 200 and message in messages_of(response)
    assert not Assignment.objects.exists()


@pytest.mark.parametrize("value", ["abc", "-1", "", "999999"])
def test_verification_agency_is_validated(staff_client, edition, entries, value):
    entry = entries[0]
    response = staff_client.post(
        f"/cuoc-thi/quan-ly/{edition.year}/bai/{entry.pk}/de-nghi-xac-minh/", {"agency": value}, follow=True
    )
    assert response.status_code == 200 and "Vui lòng chọn" in messages_of(response)
    entry.refresh_from_db()
    assert entry.verification == Entry.Verification.PENDING


def test_advancing_with_nothing_scored_is_refused(prelim, entries):
    with pytest.raises(ValidationError, match="Chưa có bài nào được chấm"):
        services.advance_top(prelim, count=3)
    with pytest.raises(ValidationError, match="ít nhất 1"):
        services.advance_top(prelim, count=-5)
    prelim.refresh_from_db()
    assert prelim.advanced_at is None


def test_advancing_can_be_undone_until_the_next_round_is_scored(staff_client, staff_user, prelim, entries, judges):
    services.assign_judges(prelim)
    score_all(prelim)
    staff_client.post(f"/cuoc-thi/quan-ly/vong/{prelim.pk}/chon-vao-vong-sau/", {"count": 2})
    assert Entry.objects.filter(stage=2).count() == 2
    page = staff_client.get(f"/cuoc-thi/quan-ly/{prelim.edition.year}/").content.decode()
    assert f"/cuoc-thi/quan-ly/vong/{prelim.pk}/hoan-tac/" in page

    response = staff_client.post(
        f"/cuoc-thi/quan-ly/vong/{prelim.pk}/hoan-tac/", {"reason": "Nhập nhầm số bài"}, follow=True
    )
    assert "Đã hoàn tác" in messages_of(response)
    prelim.refresh_from_db()
    assert prelim.advanced_at is None and not Entry.objects.filter(stage=2).exists()
    log = ContestLog.objects.get(action=ContestLog.Action.ROUND_REOPENED)
    assert (log.actor, log.comment) == (staff_user, "Nhập nhầm số bài")

    services.advance_top(prelim, count=3, actor=staff_user)
    semifinal = prelim.next_round()
    services.assign_judges(semifinal)
    first = Assignment.objects.filter(round=semifinal).first()
    services.save_score(first, first.judge, {"content": 1, "exemplary_value": 1, "writing": 1})
    with pytest.raises(ValidationError, match="đã chấm"):
        services.reopen_round(prelim, actor=staff_user, reason="Muộn rồi")
    assert Entry.objects.filter(stage=2).count() == 3


def test_undo_needs_a_reason_and_an_advanced_round(prelim, entries, staff_user):
    with pytest.raises(ValidationError, match="chưa chọn bài"):
        services.reopen_round(prelim, actor=staff_user, reason="Thử")
