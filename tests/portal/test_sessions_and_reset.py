"""Password reset limited per address and per e-mail address behind one neutral page; password mails name the
username; sessions end after an idle time (shorter for staff and agency heads)."""

import time

import pytest
from django.core import mail
from django.urls import reverse

from tayninh_thidua.portal.middleware import LAST_ACTIVITY
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.PASSWORD_RESET_ADDRESS_LIMIT = 3
    settings.PASSWORD_RESET_ACCOUNT_LIMIT = 2
    settings.TRUSTED_PROXY_COUNT = 0


def ask_reset(client, email: str, address: str = "203.0.113.30"):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=address, follow=True)


NEUTRAL = "Nếu địa chỉ thư điện tử thuộc một tài khoản đang hoạt động"


def test_password_reset_is_limited_per_address_behind_the_same_page(client, django_capture_on_commit_callbacks):
    users = [UserFactory(email=f"nguoi{i}@example.org") for i in range(4)]
    with django_capture_on_commit_callbacks(execute=True):
        for user in users:
            response = ask_reset(client, user.email)
            assert (
                response.redirect_chain[-1][0] == reverse("password_reset_done")
                and NEUTRAL in response.content.decode()
            )
    assert len(mail.outbox) == 3 and users[3].email not in {m.to[0] for m in mail.outbox}
    with django_capture_on_commit_callbacks(execute=True):
        ask_reset(client, users[3].email, address="198.51.100.30")
    assert len(mail.outbox) == 4


def test_password_reset_is_limited_per_account_from_any_address(client, django_capture_on_commit_callbacks):
    user = UserFactory(email="chu.tk@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(4):
            response = ask_reset(client, "Chu.TK@example.org" if i % 2 else user.email, address=f"198.51.100.{i}")
            assert NEUTRAL in response.content.decode()
    assert len(mail.outbox) == 2


def test_an_unknown_address_gets_the_same_answer(client):
    UserFactory(email="co-that@example.org")
    known = ask_reset(client, "co-that@example.org")
    unknown = ask_reset(client, "khong-ai@example.org")
    assert known.redirect_chain == unknown.redirect_chain and known.status_code == unknown.status_code == 200


def test_reset_and_password_setting_mails_name_the_username(client, admin_client, django_capture_on_commit_callbacks):
    head = MembershipFactory(role="head", user=UserFactory(username="thutruong.sgd", email="ts@example.org"))
    with django_capture_on_commit_callbacks(execute=True):
        ask_reset(client, "ts@example.org")
    assert "Tên đăng nhập của bạn: thutruong.sgd" in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("admin:movements_agencymembership_changelist"),
            {"action": "send_password_mail", "_selected_action": [head.pk]},
        )
    setting = mail.outbox[1]
    assert setting.subject == "Đặt mật khẩu cho tài khoản mới tại Thi đua Tây Ninh"
    assert "Tên đăng nhập của bạn: thutruong.sgd" in setting.body and "xác thực hai bước" in setting.body


def idle_for(client, seconds: int) -> None:
    session = client.session
    session[LAST_ACTIVITY] = int(time.time()) - seconds
    session.save()


def test_a_staff_session_ends_after_its_idle_time_with_a_message(client, staff_user, settings):
    settings.SESSION_IDLE_TIMEOUT_STAFF = 7200
    settings.SESSION_IDLE_TIMEOUT = 8 * 3600
    client.force_login(staff_user)
    assert client.get("/admin/").status_code == 200
    idle_for(client, 7100)
    assert client.get("/admin/").status_code == 200
    idle_for(client, 7300)
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[0][0].startswith(reverse("login")) and "_auth_user_id" not in client.session
    assert "Phiên làm việc đã kết thúc vì lâu không thao tác" in response.content.decode()


def test_other_accounts_have_the_longer_idle_time(client, officer, settings):
    settings.SESSION_IDLE_TIMEOUT_STAFF = 7200
    settings.SESSION_IDLE_TIMEOUT = 8 * 3600
    client.force_login(officer)
    idle_for(client, 7300)
    assert client.get(reverse("agency:dashboard")).status_code == 200 and "_auth_user_id" in client.session
    idle_for(client, 8 * 3600 + 10)
    assert client.get(reverse("agency:dashboard")).status_code == 302 and "_auth_user_id" not in client.session


def test_the_session_is_written_at_most_once_a_minute(client, officer):
    client.force_login(officer)
    client.get("/")
    first = client.session[LAST_ACTIVITY]
    key = client.cookies["sessionid"].value
    idle_for(client, 30)
    stamped = client.session[LAST_ACTIVITY]
    client.get("/")
    assert client.session[LAST_ACTIVITY] == stamped  # 30 s: not written again
    idle_for(client, 61)
    client.get("/")
    assert client.session[LAST_ACTIVITY] >= first and client.cookies["sessionid"].value == key


def test_an_account_created_without_a_password_gets_its_password_setting_mail(
    admin_client, django_capture_on_commit_callbacks
):
    # Staff create heads' accounts with no usable password; Django's reset form skips such accounts, so the
    # action said "Đã gửi 1 thư" and sent nothing (issue #11 item 9).
    user = UserFactory(username="thutruong.moi", email="moi@example.org")
    user.set_unusable_password()
    user.save()
    head = MembershipFactory(role="head", user=user)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:movements_agencymembership_changelist"),
            {"action": "send_password_mail", "_selected_action": [head.pk]},
            follow=True,
        )
    assert "Đã gửi 1 thư đặt mật khẩu." in response.content.decode()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["moi@example.org"]
    assert "Tên đăng nhập của bạn: thutruong.moi" in mail.outbox[0].body


def test_the_action_counts_only_mails_really_queued(admin_client, django_capture_on_commit_callbacks):
    inactive = UserFactory(email="nghi@example.org", is_active=False)
    no_address = UserFactory(email="")
    heads = [MembershipFactory(role="head", user=inactive), MembershipFactory(role="head", user=no_address)]
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:movements_agencymembership_changelist"),
            {"action": "send_password_mail", "_selected_action": [h.pk for h in heads]},
            follow=True,
        )
    assert "Đã gửi 0 thư đặt mật khẩu." in response.content.decode() and not mail.outbox
