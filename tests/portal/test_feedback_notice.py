"""A feedback's notice to staff is marked as sent only when it reached someone (#11 item 24)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from tayninh_thidua.lib import outbox
from tayninh_thidua.lib.tasks import sweep_outbox
from tayninh_thidua.portal import services
from tests.factories import StaffUserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def nobody_receives_feedback(settings):
    settings.FEEDBACK_EMAILS = []
    settings.ADMINS = []
    settings.OUTBOX_SWEEP_AFTER = 0


def _submit(django_capture_on_commit_callbacks, subject: str = "Gương tốt ở ấp 3"):
    with django_capture_on_commit_callbacks(execute=True):
        feedback = services.submit_feedback(
            name="Nguyễn Văn Dân", email="", subject=subject, message="Ông Tư giúp đồng bào."
        )
    return feedback, services.feedback_notice(feedback)


def _admin_notice(client, feedback) -> str:
    client.force_login(StaffUserFactory(is_superuser=True, email=""))
    page = client.get(reverse("admin:tayninh_thidua_feedback_change", args=[feedback.pk])).content.decode()
    client.logout()
    return page


def test_a_feedback_nobody_can_receive_is_never_marked_notified(
    client, nobody_receives_feedback, django_capture_on_commit_callbacks
):
    StaffUserFactory(email="")  # a reviewer without an address is no recipient
    feedback, notice = _submit(django_capture_on_commit_callbacks)
    assert not mail.outbox
    assert notice.sent_at is None and notice.to == "" and notice.attempts == 0
    assert "Chưa có người nhận" in notice.last_error
    assert "Chưa gửi: Chưa có người nhận" in _admin_notice(client, feedback)
    assert outbox.drain(kind="feedback") == (0, 1)  # staff's "send now" cannot mark it either
    notice.refresh_from_db()
    assert notice.sent_at is None

    # Retried, not dropped: once someone receives feedback, the sweep sends it, once.
    StaffUserFactory(email="tiepnhan@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep_outbox() == 1
    notice.refresh_from_db()
    assert [m.to for m in mail.outbox] == [["tiepnhan@example.org"]]
    assert notice.sent_at is not None and notice.to == "tiepnhan@example.org"
    assert "Đã gửi lúc" in _admin_notice(client, feedback)


def test_a_feedback_subject_with_a_line_break_reaches_a_server_that_refuses_them(
    settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.backends.StrictSubjectBackend"
    settings.FEEDBACK_EMAILS = ["tiepnhan@example.org"]
    _feedback, notice = _submit(django_capture_on_commit_callbacks, subject="Gương tốt\r\nBcc: ai@example.net\n")
    assert [(m.subject, m.to, m.bcc) for m in mail.outbox] == [
        ("[Phản hồi] Gương tốt Bcc: ai@example.net", ["tiepnhan@example.org"], [])
    ]
    assert notice.subject == "[Phản hồi] Gương tốt Bcc: ai@example.net"
    notice.refresh_from_db()
    assert notice.sent_at is not None and notice.last_error == ""


def test_a_feedback_notice_the_server_refuses_stays_unsent_and_is_retried(
    client, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.backends.RefusingBackend"
    settings.FEEDBACK_EMAILS = ["tiepnhan@example.org"]
    feedback, notice = _submit(django_capture_on_commit_callbacks)
    notice.refresh_from_db()
    assert not mail.outbox
    assert notice.sent_at is None and notice.attempts == 1 and "SMTPDataError" in notice.last_error
    assert "Chưa gửi: SMTPDataError" in _admin_notice(client, feedback)

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox.resend([notice.pk]) == 1
    notice.refresh_from_db()
    assert notice.sent_at is not None and len(mail.outbox) == 1
