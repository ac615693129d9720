"""The locality's verification link (issue #11 item 15): single use, closed once the round moves on or the staff
have recorded the answer, every use logged with who answered."""

import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from contests import services
from contests.models import ContestLog, Entry
from tayninh_thidua.lib.models import OutgoingMail
from tests.factories import AgencyFactory, EntryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency(db):
    return AgencyFactory(name="UBND xã Long Thành Bắc", email="xa-long-thanh@example.org")


@pytest.fixture
def finalist(edition):
    return EntryFactory(edition=edition, stage=3)


def ask(entry, agency, staff_user, capture) -> str:
    with capture(execute=True):
        services.request_verification(entry, agency, actor=staff_user)
    link = re.search(r"http\S+/xac-minh/\S+/", mail.outbox[-1].body).group(0)
    return link[link.index("/cuoc-thi/") :]


ANSWER = {"confirmed": "1", "note": "Đúng người, đúng việc", "responder": "Nguyễn Văn Xã, Phó Chủ tịch UBND xã"}


def test_the_link_works_once_and_logs_who_answered(finalist, agency, staff_user, django_capture_on_commit_callbacks):
    path = ask(finalist, agency, staff_user, django_capture_on_commit_callbacks)
    public = Client()
    assert public.get(path).status_code == 200
    response = public.post(path, ANSWER)
    assert response.status_code == 302
    finalist.refresh_from_db()
    assert finalist.verification == Entry.Verification.CONFIRMED
    log = ContestLog.objects.filter(entry=finalist, action=ContestLog.Action.ENTRY_VERIFICATION).latest("at")
    assert log.actor is None
    assert "UBND xã Long Thành Bắc" in log.actor_label and "Nguyễn Văn Xã, Phó Chủ tịch UBND xã" in log.actor_label
    assert log.comment == "Đúng người, đúng việc"

    again = public.post(path, {**ANSWER, "confirmed": "0", "note": "Đổi ý"})
    assert again.status_code == 410 and "đã được sử dụng" in again.content.decode()
    assert public.get(path).status_code == 410
    finalist.refresh_from_db()
    assert finalist.verification == Entry.Verification.CONFIRMED
    assert ContestLog.objects.filter(entry=finalist, action=ContestLog.Action.ENTRY_VERIFICATION).count() == 2


def test_the_answer_needs_the_responders_name(finalist, agency, staff_user, django_capture_on_commit_callbacks):
    path = ask(finalist, agency, staff_user, django_capture_on_commit_callbacks)
    response = Client().post(path, {**ANSWER, "responder": ""})
    assert response.status_code == 200
    finalist.refresh_from_db()
    assert finalist.verification == Entry.Verification.REQUESTED


def test_a_request_to_another_agency_closes_the_old_link_and_sends_a_new_one(
    finalist, agency, staff_user, django_capture_on_commit_callbacks
):
    first = ask(finalist, agency, staff_user, django_capture_on_commit_callbacks)
    assert ask(finalist, agency, staff_user, django_capture_on_commit_callbacks) == first  # a double click
    other = AgencyFactory(name="UBND phường 1", email="phuong-1@example.org")
    second = ask(finalist, other, staff_user, django_capture_on_commit_callbacks)
    assert first != second
    assert OutgoingMail.objects.filter(kind="contest-verification").count() == 2
    assert Client().post(first, ANSWER).status_code == 410
    assert Client().post(second, ANSWER).status_code == 302
    third = ask(finalist, agency, staff_user, django_capture_on_commit_callbacks)  # asked again after the answer
    assert third not in (first, second) and Client().get(third).status_code == 200


def test_the_link_closes_once_staff_record_the_answer(finalist, agency, staff_user, django_capture_on_commit_callbacks):
    path = ask(finalist, agency, staff_user, django_capture_on_commit_callbacks)
    services.record_verification(finalist, confirmed=True, note="Xã gọi điện xác nhận", actor=staff_user)
    assert Client().post(path, {**ANSWER, "confirmed": "0"}).status_code == 410
    finalist.refresh_from_db()
    assert finalist.verification == Entry.Verification.CONFIRMED


def test_the_link_closes_once_the_round_moves_on(edition, agency, staff_user, django_capture_on_commit_callbacks):
    semifinalist = EntryFactory(edition=edition, stage=2)
    path = ask(semifinalist, agency, staff_user, django_capture_on_commit_callbacks)
    semifinal = edition.rounds.get(kind="chung-khao")
    semifinal.advanced_at = timezone.now()
    semifinal.save(update_fields=["advanced_at"])
    response = Client().post(path, ANSWER)
    assert response.status_code == 410 and "Vòng chấm của bài dự thi đã kết thúc" in response.content.decode()
    semifinalist.refresh_from_db()
    assert semifinalist.verification == Entry.Verification.REQUESTED


def test_the_link_closes_once_results_are_published(finalist, agency, staff_user, django_capture_on_commit_callbacks):
    path = ask(finalist, agency, staff_user, django_capture_on_commit_callbacks)
    Entry.objects.filter(pk=finalist.pk).update(verification=Entry.Verification.REQUESTED)
    finalist.edition.results_published_at = timezone.now()
    finalist.edition.save(update_fields=["results_published_at"])
    assert Client().post(path, {**ANSWER, "confirmed": "0"}).status_code == 410
    finalist.refresh_from_db()
    assert finalist.verification == Entry.Verification.REQUESTED


def test_a_prize_winner_cannot_be_unconfirmed_and_published_results_cannot_change(edition, finalist, staff_user):
    services.record_verification(finalist, confirmed=True, actor=staff_user)
    services.assign_prize(finalist, edition.prize_tiers.get(rank="nhat"), actor=staff_user)
    with pytest.raises(ValidationError, match="bỏ giải"):
        services.record_verification(finalist, confirmed=False, note="Sai", actor=staff_user)
    Entry.objects.filter(pk=finalist.pk).update(prize=None)
    edition.results_published_at = timezone.now()
    edition.save(update_fields=["results_published_at"])
    finalist.refresh_from_db()
    with pytest.raises(ValidationError, match="công bố"):
        services.record_verification(finalist, confirmed=False, note="Sai", actor=staff_user)
    finalist.refresh_from_db()
    assert finalist.verification == Entry.Verification.CONFIRMED


def test_a_forged_link_is_not_found(client):
    assert client.get("/cuoc-thi/xac-minh/gia-mao/").status_code == 404
