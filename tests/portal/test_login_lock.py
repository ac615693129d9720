"""The login lock (django-axes, tayninh_thidua/lib/loginlock.py): per account and, separately, per address, each at
its own limit; a Vietnamese lockout page; staff read the log and unlock. It replaces the per-address throttle."""

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.urls import reverse

from tests.factories import PASSWORD, StaffUserFactory, UserFactory
from tests.signin import SignInClient, code_for, give_app

pytestmark = pytest.mark.django_db

OFFICE = "203.0.113.9"


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.LOGIN_ACCOUNT_FAILURE_LIMIT = 3
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 6
    settings.TRUSTED_PROXY_COUNT = 0


def attempt(client, username: str, password: str = "sai-mat-khau", address: str = OFFICE, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address, **extra)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def is_lockout_page(response) -> bool:
    page = response.content.decode()
    return response.status_code == 429 and "Tạm khoá đăng nhập" in page and "thử lại sau 15 phút" in page


def test_failed_logins_on_one_account_from_many_addresses_lock_that_account_only(client):
    target, neighbour = UserFactory(), UserFactory()
    for i in range(3):
        attempt(client, target.username, address=f"198.51.100.{i}")
    # The right password from yet another address: still refused, with the Vietnamese page, not a stack trace.
    response = attempt(client, target.username, PASSWORD, address="198.51.100.77")
    assert is_lockout_page(response) and not signed_in(client)
    # Every address used is still open to other accounts.
    for i in range(3):
        response = attempt(client, neighbour.username, PASSWORD, address=f"198.51.100.{i}")
        assert response.status_code == 302 and signed_in(client)
        client.logout()


def test_many_accounts_from_one_address_lock_that_address_only(client):
    victim = UserFactory()
    for i in range(6):
        assert attempt(client, f"khong-co-{i}").status_code in (200, 429)
    response = attempt(client, victim.username, PASSWORD)
    assert is_lockout_page(response) and not signed_in(client)
    response = attempt(client, victim.username, PASSWORD, address="198.51.100.4")
    assert response.status_code == 302 and signed_in(client)


def test_one_persons_typos_lock_neither_the_office_nor_anyone_else(client):
    typist, colleague = UserFactory(), UserFactory()
    for _ in range(2):
        assert attempt(client, typist.username).status_code == 200
    assert attempt(client, typist.username, PASSWORD).status_code == 302  # success forgets the account's failures
    client.logout()
    for _ in range(2):
        attempt(client, typist.username)
    assert attempt(client, typist.username, PASSWORD).status_code == 302
    client.logout()
    assert attempt(client, colleague.username, PASSWORD).status_code == 302


def test_a_valid_account_does_not_reset_the_addresss_count(client):
    own = UserFactory()
    for i in range(5):
        attempt(client, f"thu-{i}")
    assert attempt(client, own.username, PASSWORD).status_code == 302  # the attacker's own account
    client.logout()
    assert is_lockout_page(attempt(client, "thu-6"))


def test_wrong_codes_count_towards_the_account_lock(client):
    staff = StaffUserFactory()
    device = give_app(staff)
    for _ in range(2):
        attempt(client, staff.username, PASSWORD)
        client.post(reverse("login.verify"), {"otp_token": "12345"}, REMOTE_ADDR=OFFICE)  # never a valid code
    attempt(client, staff.username, PASSWORD)
    response = client.post(reverse("login.verify"), {"otp_token": "12345"}, REMOTE_ADDR=OFFICE)
    assert is_lockout_page(response)
    response = attempt(client, staff.username, PASSWORD, address="198.51.100.9")
    assert is_lockout_page(response)
    assert client.post(reverse("login.verify"), {"otp_token": code_for(device)}).status_code == 302
    assert not signed_in(client)


@pytest.mark.parametrize("shape", ["appended", "overwritten"])
def test_a_rotated_x_forwarded_for_does_not_escape_the_lock(client, settings, shape):
    """Behind nginx (TRUSTED_PROXY_COUNT=1) REMOTE_ADDR is the proxy; the address is the last X-Forwarded-For entry,
    the one nginx wrote. Whatever the client puts before it (or nginx overwrites), the address stays the same."""
    settings.TRUSTED_PROXY_COUNT = 1
    user = UserFactory()
    for i in range(6):
        forwarded = f"10.{i}.0.1, 203.0.113.50" if shape == "appended" else "203.0.113.50"
        attempt(client, f"ai-do-{i}", address="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    response = attempt(
        client, user.username, PASSWORD, address="127.0.0.1", HTTP_X_FORWARDED_FOR="9.9.9.9, 203.0.113.50"
    )
    assert is_lockout_page(response)
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.50"}
    response = attempt(client, user.username, PASSWORD, address="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.51")
    assert response.status_code == 302


def test_staff_read_the_attempt_log_and_unlock_an_account_and_an_address(client, staff_user):
    staff_client = SignInClient()
    staff_client.force_login(staff_user)
    locked = UserFactory(username="bi-do-mat-khau")
    for i in range(3):
        attempt(client, locked.username, address=f"198.51.100.{i}")
    for i in range(6):
        attempt(client, f"ra-soat-{i}", address="192.0.2.66")
    assert is_lockout_page(attempt(client, locked.username, PASSWORD, address="198.51.100.200"))

    log = staff_client.get(reverse("admin:axes_accessfailurelog_changelist")).content.decode()
    assert "bi-do-mat-khau" in log and "192.0.2.66" in log and "198.51.100.1" in log
    counters = staff_client.get(reverse("admin:axes_accessattempt_changelist")).content.decode()
    assert "Đang bị khoá (4/3 lần sai)" in counters and "Đang bị khoá (6/6 lần sai)" in counters
    assert "Mở khoá các tài khoản đã chọn" in counters

    changelist = reverse("admin:axes_accessattempt_changelist")
    row = AccessAttempt.objects.filter(username=locked.username).first()
    response = staff_client.post(changelist, {"action": "unlock_accounts", "_selected_action": [row.pk]}, follow=True)
    assert "Đã mở khoá 1 tài khoản" in response.content.decode()
    assert attempt(client, locked.username, PASSWORD, address="198.51.100.200").status_code == 302
    client.logout()

    row = AccessAttempt.objects.filter(ip_address="192.0.2.66").first()
    staff_client.post(changelist, {"action": "unlock_addresses", "_selected_action": [row.pk]})
    assert attempt(client, locked.username, PASSWORD, address="192.0.2.66").status_code == 302
    # The record of who was attacked, and from where, stays after unlocking.
    assert AccessFailureLog.objects.filter(username=locked.username).count() == 4
    assert AccessFailureLog.objects.filter(ip_address="192.0.2.66").count() == 6


def test_only_staff_with_the_permission_unlock(client):
    row_user = UserFactory()
    for _ in range(3):
        attempt(client, row_user.username)
    reader = UserFactory(is_staff=True)
    client.force_login(reader)
    assert client.get(reverse("admin:axes_accessattempt_changelist")).status_code == 403
    client.post(reverse("admin:axes_accessattempt_changelist"), {"action": "unlock_accounts", "_selected_action": [1]})
    assert AccessAttempt.objects.filter(username=row_user.username).exists()


def test_successful_logins_do_not_count(client):
    user = UserFactory()
    for _ in range(4):
        attempt(client, user.username, PASSWORD)
        assert signed_in(client)
        client.logout()
    assert not AccessAttempt.objects.exists()


def test_the_sign_in_admin_pages_are_in_vietnamese_and_superusers_see_devices_without_keys(admin_client, staff_client):
    attempt(admin_client, "nguoi-la")
    page = staff_client.get(reverse("admin:index")).content.decode()
    assert "Khoá đăng nhập" in page and "Nhật ký đăng nhập sai" in page
    page = staff_client.get(reverse("admin:axes_accessattempt_changelist")).content.decode()
    assert "Tên đăng nhập" in page and "Địa chỉ IP" in page and "nguoi-la" in page
    device = give_app(StaffUserFactory(username="co-dien-thoai"))
    assert staff_client.get(reverse("admin:otp_totp_totpdevice_changelist")).status_code == 403
    page = admin_client.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk])).content.decode()
    assert "co-dien-thoai" in page and device.key not in page


@pytest.mark.parametrize(
    ("forwarded", "remote", "expected"),
    [
        ("203.0.113.5", "127.0.0.1", "203.0.113.5"),
        ("nonsense", "127.0.0.1", "127.0.0.1"),  # not written by our proxy: the connection's address
        ("", "", None),  # the test client's force_login: no address at all
    ],
)
def test_the_lock_records_only_ip_addresses(settings, forwarded, remote, expected):
    from django.test import RequestFactory

    from tayninh_thidua.lib.loginlock import client_ip

    settings.TRUSTED_PROXY_COUNT = 1
    request = RequestFactory().post("/dang-nhap/", HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR=remote)
    assert client_ip(request) == expected


def test_a_forged_forwarded_entry_does_not_break_the_sign_in(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    user = UserFactory()
    attempt(client, user.username, address="127.0.0.1", HTTP_X_FORWARDED_FOR="<script>")
    assert AccessFailureLog.objects.get().ip_address == "127.0.0.1"
    assert attempt(client, user.username, PASSWORD, address="127.0.0.1", HTTP_X_FORWARDED_FOR="x").status_code == 302


def test_an_overlong_username_is_a_form_error_and_records_nothing(client):
    # The lock's records hold 255 characters (PostgreSQL refused longer: a 500 the fuzz test found).
    response = attempt(client, "a" * 5000)
    assert response.status_code == 200 and "tối đa 150 kí tự" in response.content.decode()
    assert not AccessAttempt.objects.exists() and not AccessFailureLog.objects.exists()
