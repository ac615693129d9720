"""Notices are queued in the outbox with the transition, sent after commit, go to the right people, and are sent once."""

import pytest
from django.core import mail

from exemplars import services
from exemplars.models import NominationEvent
from tayninh_thidua.lib.models import OutgoingMail
from tayninh_thidua.lib.tasks import send_outgoing_mail
from tests.factories import MembershipFactory, NominationFactory, UserFactory


def notice_of(event: NominationEvent) -> OutgoingMail:
    return OutgoingMail.objects.get(key=f"nomination-event:{event.pk}")


pytestmark = pytest.mark.django_db


def test_submission_queues_one_notice_on_commit_to_reviewers(
    nomination, head, reviewer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        services.submit_nomination(nomination, actor=head)
        assert not mail.outbox  # nothing is sent before commit
    assert len(callbacks) == 1
    callbacks[0]()  # the commit: tasks run eagerly in unit tests
    assert [m.to for m in mail.outbox] == [["thamdinh@example.org"]]
    assert "Hồ sơ đề nghị khen thưởng mới" in mail.outbox[0].subject
    assert nomination.nominee_name in mail.outbox[0].body and "/admin/exemplars/nomination/" in mail.outbox[0].body


def test_take_into_review_queues_nothing(nomination, reviewer, django_capture_on_commit_callbacks):
    nomination.state = "submitted"
    nomination.save()
    with django_capture_on_commit_callbacks() as callbacks:
        services.take_into_review(nomination, actor=reviewer)
    assert callbacks == []


def test_return_tells_the_agency_head_with_the_reason(
    nomination, head, officer, reviewer, django_capture_on_commit_callbacks
):
    nomination.state = "in-review"
    nomination.save()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.return_for_completion(nomination, actor=reviewer, reason="Bổ sung biên bản họp xét")
    assert len(callbacks) == 1
    assert [m.to for m in mail.outbox] == [[head.email]]
    assert "trả lại" in mail.outbox[0].subject and "Bổ sung biên bản họp xét" in mail.outbox[0].body
    assert f"/don-vi/ho-so/{nomination.pk}/" in mail.outbox[0].body


def test_notice_is_sent_once_even_if_the_task_runs_twice(
    nomination, head, reviewer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks():
        services.submit_nomination(nomination, actor=head)
    event = NominationEvent.objects.get()
    assert send_outgoing_mail(mail_id=notice_of(event).pk) == 1
    assert send_outgoing_mail(mail_id=notice_of(event).pk) == 0
    assert len(mail.outbox) == 1


def test_rejection_skips_inactive_heads_and_other_agencies(
    agency, other_agency, reviewer, django_capture_on_commit_callbacks
):
    MembershipFactory(agency=agency, role="head", user=UserFactory(username="nghi", is_active=False))
    MembershipFactory(agency=other_agency, role="head", user=UserFactory(username="khac"))
    active = MembershipFactory(agency=agency, role="head", user=UserFactory(username="conlam")).user
    nomination = NominationFactory(agency=agency, state="in-review")
    with django_capture_on_commit_callbacks(execute=True):
        services.reject_nomination(nomination, actor=reviewer, reason="Không đủ tiêu chuẩn")
    assert [m.to for m in mail.outbox] == [[active.email]]


@pytest.mark.services
def test_submission_notice_goes_through_the_real_worker(celery_worker, agency, reviewer):
    import time

    head = MembershipFactory(agency=agency, role="head", user=UserFactory(username="thutruongthat")).user
    nomination = NominationFactory(agency=agency)
    services.submit_nomination(nomination, actor=head)  # autocommit: on_commit queues the task at once
    event = NominationEvent.objects.get(nomination=nomination)
    notice = notice_of(event)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        notice.refresh_from_db()
        if notice.sent_at and mail.outbox:
            break
        time.sleep(0.2)
    assert notice.sent_at is not None
    assert [m.to for m in mail.outbox] == [["thamdinh@example.org"]]  # the worker thread shares locmem mail
    # A redelivery sends nothing more.
    assert send_outgoing_mail.apply_async(kwargs={"mail_id": notice.pk}).get(timeout=30) == 0
    assert len(mail.outbox) == 1
