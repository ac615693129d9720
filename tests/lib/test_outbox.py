"""The outbox: one row per message, written with the change, sent once after commit, retried, swept, resent."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from tayninh_thidua.lib import outbox
from tayninh_thidua.lib.models import OutgoingMail
from tayninh_thidua.lib.tasks import send_outgoing_mail, sweep_outbox
from tayninh_thidua.portal.models import Feedback
from tests.backends import FlakyBackend
from tests.factories import AgencyFactory, EntryFactory, MembershipFactory, StaffUserFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def flaky(settings):
    settings.EMAIL_BACKEND = "tests.backends.FlakyBackend"
    FlakyBackend.failures = 1
    yield FlakyBackend
    FlakyBackend.failures = 0


@pytest.fixture
def nobody_receives_feedback(settings):
    settings.FEEDBACK_EMAILS = []
    settings.ADMINS = []


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a call as if its transaction committed: what it queues on commit runs (eagerly) right after."""

    def run(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return run


def stored(key: str, **fields) -> OutgoingMail:
    """A message in the outbox whose send task was never queued."""
    mail = outbox.new_mail(key=key, **{"to": ["a@example.org"], "subject": "S", **fields})
    mail.save()
    return mail


def make_stale(*mails: OutgoingMail, seconds: int = 3600) -> None:
    """As if their send task had been lost that long ago."""
    OutgoingMail.objects.filter(pk__in=[m.pk for m in mails]).update(
        next_attempt_at=timezone.now() - dt.timedelta(seconds=seconds)
    )


# ---------------------------------------------------------------------------
# Queueing and sending once
# ---------------------------------------------------------------------------
def test_queue_mail_writes_the_row_in_the_callers_transaction_and_sends_after_commit(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks() as callbacks:
        with transaction.atomic():
            row = outbox.queue_mail(kind="test", to=[" Mot@Example.org ", "mot@example.org"], subject="Chào", body="B")
        assert not mail.outbox
    assert OutgoingMail.objects.get() == row and row.to == "Mot@Example.org" and row.sent_at is None
    assert len(callbacks) == 1
    callbacks[0]()
    row.refresh_from_db()
    assert [(m.to, m.subject, m.body) for m in mail.outbox] == [(["Mot@Example.org"], "Chào", "B")]
    assert row.sent_at is not None and row.attempts == 1 and row.last_error == ""


def test_a_rolled_back_change_leaves_no_message(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        with transaction.atomic():
            outbox.queue_mail(to=["a@example.org"], subject="Không gửi")
            raise RuntimeError
    assert not OutgoingMail.objects.exists() and not mail.outbox


def test_the_same_key_is_queued_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        first = outbox.queue_mail(key="k:1", to=["a@example.org"], subject="Một lần")
        second = outbox.queue_mail(key="k:1", to=["a@example.org"], subject="Một lần")
    assert first.pk == second.pk and len(callbacks) == 1 and len(mail.outbox) == 1


def test_a_redelivered_send_task_sends_once():
    row = stored("k:2")
    assert send_outgoing_mail(mail_id=row.pk) is True
    assert send_outgoing_mail(mail_id=row.pk) is False
    assert send_outgoing_mail.apply(kwargs={"mail_id": row.pk}).get() is False
    assert len(mail.outbox) == 1


def test_every_subject_is_sent_on_one_line_however_the_row_was_written(settings):
    # add_mails_from copies subjects from rows in SQL, bypassing new_mail(): the sender cleans them too.
    settings.EMAIL_BACKEND = "tests.backends.StrictSubjectBackend"
    row = OutgoingMail.objects.create(key="k:nl", to="a@example.org", subject="Nhắc hạn\r\nBcc: ai@example.net")
    assert outbox.deliver(row.pk).sent
    row.refresh_from_db()
    assert [(m.subject, m.bcc) for m in mail.outbox] == [("Nhắc hạn Bcc: ai@example.net", [])]
    assert row.sent_at is not None and row.last_error == "" and row.subject == "Nhắc hạn Bcc: ai@example.net"


def test_a_message_for_a_deleted_row_is_ignored():
    assert send_outgoing_mail(mail_id=987654) is False


def test_only_the_outbox_task_sends_mail():
    """No view, service or task composes or sends an e-mail itself (STYLE.md rule 12)."""
    pattern = re.compile(
        r"django\.core\.mail(?!\.backends)|from django\.core import mail|\bEmail(Message|MultiAlternatives)\b"
        r"|(?<!def )\b(send_mail|send_mass_mail|mail_admins|mail_managers)\("
    )
    allowed = {ROOT / "tayninh_thidua/lib/outbox.py"}
    offenders = []
    for folder in ("tayninh_thidua", "movements", "exemplars", "contests"):
        for path in (ROOT / folder).rglob("*.py"):
            if path in allowed or "migrations" in path.parts:
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if pattern.search(line) and not line.lstrip().startswith("#"):
                    offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []


# ---------------------------------------------------------------------------
# Mail-server errors: kept, backed off, given up, resent by staff
# ---------------------------------------------------------------------------
def test_a_mail_server_error_is_kept_and_retried_after_the_backoff(flaky, settings, committed):
    settings.OUTBOX_RETRY_BACKOFF, settings.OUTBOX_RETRY_BACKOFF_MAX = 30, 900
    row = committed(outbox.queue_mail, to=["a@example.org"], subject="Thử lại")  # eager: tried at once, refused
    row.refresh_from_db()
    assert row.sent_at is None and row.attempts == 1 and "SMTPServerDisconnected" in row.last_error
    assert 25 <= (row.next_attempt_at - timezone.now()).total_seconds() <= 30
    assert outbox.deliver(row.pk) == outbox.Delivery(sent=True)
    row.refresh_from_db()
    assert row.attempts == 2 and row.last_error == "" and len(mail.outbox) == 1


def test_given_up_after_max_attempts_then_resent_by_staff(settings, flaky, committed):
    settings.OUTBOX_MAX_ATTEMPTS = 2
    flaky.failures = 5
    row = committed(outbox.queue_mail, to=["a@example.org"], subject="Hỏng")
    assert outbox.deliver(row.pk).retry_in is None  # the second failure: given up
    make_stale(row)
    assert committed(outbox.requeue_stale) == 0  # the sweep leaves it
    assert list(OutgoingMail.objects.failed()) == [row] and not OutgoingMail.objects.due().exists()
    flaky.failures = 0
    assert committed(outbox.resend, [row.pk]) == 1  # eager: sent at once
    row.refresh_from_db()
    assert row.sent_at is not None and row.attempts == 1 and len(mail.outbox) == 1
    assert committed(outbox.resend, [row.pk]) == 0 and len(mail.outbox) == 1  # sent messages are left alone


def test_other_errors_are_recorded_and_raised(monkeypatch):
    monkeypatch.setitem(outbox._RENDERERS, "broken", lambda mail: 1 / 0)
    row = stored("k:4", renderer="broken")
    with pytest.raises(ZeroDivisionError):
        outbox.deliver(row.pk)
    row.refresh_from_db()
    assert row.attempts == 1 and "ZeroDivisionError" in row.last_error and row.sent_at is None


# ---------------------------------------------------------------------------
# Recipients resolved when sent: a feedback nobody can receive yet
# ---------------------------------------------------------------------------
def _post_feedback(client):
    return client.post(
        reverse("portal:feedback"),
        {"name": "Nguyễn Văn Dân", "subject": "Gương tốt ở ấp 3", "message": "Ông Tư giúp đồng bào."},
    )


def test_feedback_with_no_recipient_waits_visibly_then_goes_out_once_someone_receives_it(
    client, settings, nobody_receives_feedback, django_capture_on_commit_callbacks
):
    settings.OUTBOX_SWEEP_AFTER = 0
    with django_capture_on_commit_callbacks(execute=True):
        assert _post_feedback(client).status_code == 302
    notice = OutgoingMail.objects.get(kind="feedback")
    assert notice.sent_at is None and notice.to == "" and not mail.outbox
    assert "Chưa có người nhận (cán bộ nhận phản hồi)" in notice.last_error

    viewer = StaffUserFactory(email="")  # staff without an address: can look, receives nothing
    client.force_login(viewer)
    page = client.get(reverse("admin:sitelib_outgoingmail_changelist"), {"trang_thai": "waiting"}).content.decode()
    assert "Gương tốt ở ấp 3" in page and "Chưa có người nhận" in page
    assert (
        "Gương tốt ở ấp 3"
        not in client.get(reverse("admin:sitelib_outgoingmail_changelist"), {"trang_thai": "sent"}).content.decode()
    )
    feedback = Feedback.objects.get()
    feedback_page = client.get(reverse("admin:tayninh_thidua_feedback_change", args=[feedback.pk]))
    assert "Chưa gửi: Chưa có người nhận" in feedback_page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        assert outbox.requeue_stale() == 1  # queued again, still nobody
    assert not mail.outbox
    StaffUserFactory(email="tiepnhan@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep_outbox() == 1
    notice.refresh_from_db()
    assert [m.to for m in mail.outbox] == [["tiepnhan@example.org"]]
    assert notice.sent_at is not None and notice.to == "tiepnhan@example.org" and notice.last_error == ""
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep_outbox() == 0
    assert len(mail.outbox) == 1


# ---------------------------------------------------------------------------
# Verification links: asked twice, one e-mail
# ---------------------------------------------------------------------------
def test_a_verification_link_requested_twice_by_a_redelivered_task_sends_one_email(
    django_capture_on_commit_callbacks,
):
    from contests import services

    agency = AgencyFactory(email="xa-thanh-dien@example.org")
    entry = EntryFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.request_verification(entry, agency)
        services.request_verification(entry, agency)  # the request itself repeated (a double click, a retry)
    row = OutgoingMail.objects.get(kind="contest-verification")
    for _ in range(2):  # the send task redelivered (acks_late after a crash)
        send_outgoing_mail.apply(kwargs={"mail_id": row.pk})
    assert [m.to for m in mail.outbox] == [["xa-thanh-dien@example.org"]]
    assert "/cuoc-thi/xac-minh/" in mail.outbox[0].body


def test_a_verification_request_to_an_agency_without_an_address_waits_for_one(django_capture_on_commit_callbacks):
    from contests import services

    agency = AgencyFactory(email="")
    with django_capture_on_commit_callbacks(execute=True):
        services.request_verification(EntryFactory(), agency)
    row = OutgoingMail.objects.get(kind="contest-verification")
    assert row.sent_at is None and "hộp thư của đơn vị" in row.last_error
    agency.email = "phuong-1@example.org"
    agency.save()
    assert outbox.deliver(row.pk).sent and [m.to for m in mail.outbox] == [["phuong-1@example.org"]]


# ---------------------------------------------------------------------------
# The sweep and its schedule; the broker's visibility timeout
# ---------------------------------------------------------------------------
def test_the_sweep_queues_again_only_messages_left_unsent_past_the_grace(settings, django_capture_on_commit_callbacks):
    settings.OUTBOX_SWEEP_AFTER = 120
    with django_capture_on_commit_callbacks(execute=False):  # their send tasks are "lost"
        lost = outbox.queue_mail(to=["a@example.org"], subject="Bị mất")
        fresh = outbox.queue_mail(to=["b@example.org"], subject="Vừa xếp hàng")
    make_stale(lost, seconds=121)
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox.requeue_stale() == 1
        assert outbox.requeue_stale() == 0  # queued again just now: left for another grace period
    assert [m.subject for m in mail.outbox] == ["Bị mất"]
    fresh.refresh_from_db()
    assert fresh.sent_at is None


def test_the_sweep_runs_every_minute_in_the_database_schedule():
    import importlib

    from django.apps import apps
    from django_celery_beat.models import PeriodicTask

    # Run the data migration again (idempotent): a transactional test before this one flushes its rows.
    importlib.import_module("tayninh_thidua.lib.migrations.0002_outbox_sweep_schedule").seed(apps, None)
    task = PeriodicTask.objects.get(task="sitelib.sweep_outbox")
    assert task.enabled and (task.interval.every, task.interval.period) == (1, "minutes")


def test_the_broker_redelivers_a_dead_workers_message_within_minutes(settings):
    from tayninh_thidua.celery import app

    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert app.conf.broker_transport_options["visibility_timeout"] == visibility
    assert settings.CELERY_TASK_TIME_LIMIT < visibility <= 10 * 60
    assert settings.OUTBOX_RETRY_BACKOFF_MAX < visibility  # a retry countdown is never redelivered early


def test_send_outbox_command_drains_what_waits(flaky, committed):
    flaky.failures = 2
    committed(outbox.queue_mail, to=["a@example.org"], subject="Một")
    committed(outbox.queue_mail, to=["b@example.org"], subject="Hai")
    assert not mail.outbox
    call_command("send_outbox")
    assert sorted(m.subject for m in mail.outbox) == ["Hai", "Một"]
    call_command("send_outbox")
    assert len(mail.outbox) == 2


# ---------------------------------------------------------------------------
# The admin: read-only, filters, search, “Gửi lại” through the service
# ---------------------------------------------------------------------------
def test_staff_read_the_outbox_but_cannot_change_it(client, flaky, committed):
    flaky.failures = 1
    failed = committed(outbox.queue_mail, kind="test", to=["loi@example.org"], subject="Thư lỗi")
    sent = committed(outbox.queue_mail, kind="test", to=["duoc@example.org"], subject="Thư đã đi")
    client.force_login(StaffUserFactory(email=""))
    url = reverse("admin:sitelib_outgoingmail_changelist")
    assert "Thư lỗi" in client.get(url, {"trang_thai": "failed"}).content.decode()
    assert "Thư lỗi" not in client.get(url, {"trang_thai": "sent"}).content.decode()
    assert "Thư đã đi" in client.get(url, {"q": "duoc@example"}).content.decode()
    assert "Thư lỗi" not in client.get(url, {"q": "duoc@example"}).content.decode()
    detail = client.get(reverse("admin:sitelib_outgoingmail_change", args=[failed.pk])).content.decode()
    assert "SMTPServerDisconnected" in detail and "Gửi lỗi, sẽ thử lại" in detail
    assert client.get(reverse("admin:sitelib_outgoingmail_add")).status_code == 403
    assert client.post(reverse("admin:sitelib_outgoingmail_delete", args=[sent.pk])).status_code == 403

    # eager: sent at once
    response = committed(client.post, url, {"action": "resend", "_selected_action": [failed.pk, sent.pk]}, follow=True)
    page = response.content.decode()
    assert "Đã xếp 1 thư vào hàng gửi lại" in page and "Bỏ qua 1 thư đã gửi hoặc đang gửi" in page
    failed.refresh_from_db()
    assert failed.sent_at is not None and [m.subject for m in mail.outbox] == ["Thư đã đi", "Thư lỗi"]


def test_resend_needs_its_own_permission(client, django_user_model):
    from django.contrib.auth.models import Permission

    reader = django_user_model.objects.create_user("chidoc", "chidoc@example.org", "x", is_staff=True)
    reader.user_permissions.add(Permission.objects.get(codename="view_outgoingmail"))
    client.force_login(reader)
    page = client.get(reverse("admin:sitelib_outgoingmail_changelist")).content.decode()
    assert 'value="resend"' not in page
    staff = StaffUserFactory()
    assert staff.has_perm("sitelib.resend_outgoingmail") and staff.has_perm("sitelib.view_outgoingmail")
    assert not staff.has_perm("sitelib.change_outgoingmail") and not staff.has_perm("sitelib.delete_outgoingmail")


# ---------------------------------------------------------------------------
# Password mails: queued with the account, the link made when sent and never stored
# ---------------------------------------------------------------------------
def test_a_password_link_is_made_when_sent_and_never_stored(client, django_capture_on_commit_callbacks):
    member = MembershipFactory(role="head")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("password_reset"), {"email": member.user.email})
    row = OutgoingMail.objects.get(kind="password")
    link = re.search(r"http\S+/tai-khoan/dat-lai-mat-khau/\S+/", mail.outbox[0].body).group(0)
    token = link.rstrip("/").rsplit("/", 1)[1]
    stored = " ".join(str(v) for v in OutgoingMail.objects.values().get().values())
    assert row.sent_at and row.body == "" and token not in stored
    assert client.get(link[link.index("/tai-khoan/") :], follow=True).status_code == 200


def test_the_membership_admin_sends_password_mails_through_the_outbox(admin_client, django_capture_on_commit_callbacks):
    from movements.models import AgencyMembership

    member = MembershipFactory(role="officer")
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("admin:movements_agencymembership_changelist"),
            {"action": "send_password_mail", "_selected_action": [member.pk]},
        )
    assert AgencyMembership.objects.count() == 1
    row = OutgoingMail.objects.get(kind="password")
    assert row.sent_at and [m.to for m in mail.outbox] == [[member.user.email]]
    assert "/tai-khoan/dat-lai-mat-khau/" in mail.outbox[0].body
