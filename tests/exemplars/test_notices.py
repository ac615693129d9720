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


# ---------------------------------------------------------------------------
# Revocation of an honour (#11 item 30): the heads of the exemplar's agency hear of it, once
# ---------------------------------------------------------------------------
def test_revoking_an_honour_tells_the_heads_of_the_exemplars_agency_once(
    agency, head, officer, other_head, reviewer, django_capture_on_commit_callbacks
):
    from tests.factories import ExemplarFactory, HonourFactory

    honour = HonourFactory(
        exemplar=ExemplarFactory(agency=agency, name="Nguyễn Thị Hoa"), decision_number="123/QĐ-UBND"
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.revoke_honour(honour, actor=reviewer, reason="Khai man thành tích")
        assert not mail.outbox  # nothing before commit
    assert [m.to for m in mail.outbox] == [[head.email]]  # not the officer, not another agency's head
    notice = mail.outbox[0]
    assert notice.subject == "Khen thưởng bị thu hồi: Nguyễn Thị Hoa"
    assert "Khai man thành tích" in notice.body and "123/QĐ-UBND" in notice.body
    assert honour.award_type.name in notice.body and "/don-vi/dien-hinh/" in notice.body
    row = OutgoingMail.objects.get(kind="honour-revoked")
    assert row.sent_at is not None and row.audience == "agency-heads"
    assert send_outgoing_mail(mail_id=row.pk) is False and len(mail.outbox) == 1


def test_a_refused_revocation_queues_nothing(agency, head, reviewer, django_capture_on_commit_callbacks):
    from tests.factories import ExemplarFactory, HonourFactory

    honour = HonourFactory(exemplar=ExemplarFactory(agency=agency))
    with django_capture_on_commit_callbacks(execute=True):
        services.revoke_honour(honour, actor=reviewer, reason="Khai man")
        with pytest.raises(services.WorkflowError):
            services.revoke_honour(honour, actor=reviewer, reason="Lần hai")
        with pytest.raises(services.NotAllowed):
            services.revoke_honour(HonourFactory(exemplar=ExemplarFactory(agency=agency)), actor=head, reason="X")
    assert OutgoingMail.objects.filter(kind="honour-revoked").count() == 1 and len(mail.outbox) == 1
