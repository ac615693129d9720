"""Two-factor sign-in: required for staff and agency heads, offered to everyone else; codes from an app (computed
here from the device's key) or backup codes, each working once."""

import re

import pytest
from axes.models import AccessFailureLog
from django.core.management import call_command
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tayninh_thidua.portal import twofactor
from tayninh_thidua.portal.middleware import SIGN_IN_STATE
from tests.factories import PASSWORD, MembershipFactory, StaffUserFactory, UserFactory
from tests.signin import code_for, give_app

pytestmark = pytest.mark.django_db

SETUP = reverse("security.setup")


def password_step(client, user, next_url: str = ""):
    data = {"username": user.username, "password": PASSWORD, "next": next_url}
    return client.post(reverse("login"), data, REMOTE_ADDR="203.0.113.20")


def code_step(client, code: str, next_url: str = ""):
    return client.post(reverse("login.verify"), {"otp_token": code, "next": next_url}, REMOTE_ADDR="203.0.113.20")


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def set_up_app(client) -> list[str]:
    """Open the set-up page, read its key, confirm with the app's code; returns the backup codes shown."""
    page = client.get(SETUP).content.decode()
    assert re.search(r'<img class="qr-code[^"]*" src="data:image/png;base64,', page)
    device = TOTPDevice.objects.get(confirmed=False)
    assert twofactor.secret_for_manual_entry(device) in page
    response = client.post(SETUP, {"otp_token": code_for(device)})
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    return re.findall(r'<code class="fs-5 backup-code">(\w+)</code>', response.content.decode())


@pytest.mark.parametrize("role", ["staff", "head"])
def test_an_account_that_must_use_two_factors_is_sent_to_set_it_up_and_reaches_nothing_privileged(client, agency, role):
    user = StaffUserFactory() if role == "staff" else MembershipFactory(agency=agency, role="head").user
    own_page = reverse("agency:compliance.board" if role == "staff" else "agency:dashboard")  # both under /don-vi/
    response = password_step(client, user)
    assert response.status_code == 302 and response.url.startswith(SETUP) and signed_in(client)
    for url in ["/admin/", reverse("admin:exemplars_nomination_changelist"), own_page, "/"]:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(SETUP), url
    assert "phải bật xác thực hai bước" in client.get(SETUP, follow=True).content.decode()

    codes = set_up_app(client)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get(own_page).status_code == 200
    assert client.get("/admin/").status_code == (200 if role == "staff" else 302)  # a head is no staff


def test_a_session_that_passed_only_the_password_is_held_back_however_it_was_opened(client, staff_user):
    client.force_login(staff_user, verified=False)
    response = client.get(reverse("agency:compliance.board"))
    assert response.status_code == 302 and response.url.startswith(SETUP)
    assert client.get(reverse("password_reset")).status_code == 200  # still open before set-up
    # Once the account has an app (set up elsewhere; noticed within a minute), such a session is signed out.
    give_app(staff_user)
    session = client.session
    session[SIGN_IN_STATE][1] -= 60
    session.save()
    response = client.get("/")
    assert response.status_code == 302 and response.url.startswith(reverse("login")) and not signed_in(client)


def test_the_full_sign_in_with_an_app_code_reaches_the_admin(client, staff_user):
    device = give_app(staff_user)
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == f"{reverse('login')}?next=%2Fadmin%2F"
    response = password_step(client, staff_user, "/admin/")
    assert response.url == f"{reverse('login.verify')}?next=%2Fadmin%2F" and not signed_in(client)
    assert client.get("/admin/").status_code == 302  # the password alone opens nothing
    response = code_step(client, code_for(device), "/admin/")
    assert response.status_code == 302 and response.url == "/admin/" and signed_in(client)
    page = client.get("/admin/").content.decode()
    assert "Quản trị Thi đua Tây Ninh" in page and "Khoá đăng nhập" in page


def test_a_wrong_code_is_refused_and_recorded(client, staff_user):
    device = give_app(staff_user)
    password_step(client, staff_user)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    response = code_step(client, wrong)
    assert response.status_code == 200 and not signed_in(client)
    assert "Mã xác thực không đúng" in response.content.decode()
    assert AccessFailureLog.objects.filter(username=staff_user.username, path_info="/dang-nhap/xac-thuc/").exists()
    assert client.get("/admin/").status_code == 302


def test_the_code_step_needs_the_password_step_first(client, staff_user):
    device = give_app(staff_user)
    response = code_step(client, code_for(device))
    assert response.status_code == 302 and response.url.startswith(reverse("login")) and not signed_in(client)


def test_a_backup_code_works_once(client, staff_user):
    give_app(staff_user)
    codes = twofactor.new_backup_codes(staff_user)
    password_step(client, staff_user)
    response = code_step(client, codes[0].upper()[:4] + " " + codes[0][4:])  # case and spaces do not matter
    assert response.status_code == 302 and signed_in(client)
    assert twofactor.remaining_backup_codes(staff_user) == 9
    client.post(reverse("logout"))
    password_step(client, staff_user)
    response = code_step(client, codes[0])
    assert response.status_code == 200 and not signed_in(client)


def test_new_backup_codes_replace_the_old_ones(client, staff_user):
    client.force_login(staff_user)
    old = twofactor.new_backup_codes(staff_user)
    response = client.post(reverse("security.backup_codes"))
    new = re.findall(r'<code class="fs-5 backup-code">(\w+)</code>', response.content.decode())
    assert len(new) == 10 and not set(old) & set(new)
    assert twofactor.verify_code(staff_user, new[1]) and twofactor.remaining_backup_codes(staff_user) == 9
    assert not StaticToken.objects.filter(token__in=old).exists()


def test_any_account_may_turn_two_factors_on_and_off_staff_cannot_turn_it_off(client, staff_user):
    officer = UserFactory()
    client.force_login(officer)
    page = client.get(reverse("security")).content.decode()
    assert "Bảo mật tài khoản" in page and "Chưa bật" in page
    set_up_app(client)
    assert twofactor.has_two_factor(officer) and "Đang bật" in client.get(reverse("security")).content.decode()
    device = TOTPDevice.objects.get(user=officer)
    client.post(reverse("security.disable"), {"otp_token": "000000" if code_for(device) != "000000" else "111111"})
    assert twofactor.has_two_factor(officer)  # a wrong code turns nothing off
    device.throttle_reset()
    client.post(reverse("security.disable"), {"otp_token": code_for(device)})
    assert not twofactor.has_two_factor(officer)

    client.force_login(staff_user)
    device = give_app(staff_user)
    response = client.post(reverse("security.disable"), {"otp_token": code_for(device)}, follow=True)
    assert "không thể tắt" in response.content.decode() and twofactor.has_two_factor(staff_user)


def test_an_officer_without_two_factors_signs_in_with_the_password(client, officer):
    response = password_step(client, officer)
    assert response.status_code == 302 and response.url == reverse("home") and signed_in(client)
    assert client.get(reverse("agency:dashboard")).status_code == 200


def test_the_admin_sign_in_is_the_portals(client, staff_user):
    give_app(staff_user)
    response = client.post(reverse("admin:login"), {"username": staff_user.username, "password": PASSWORD})
    assert response.status_code == 302 and response.url.startswith(reverse("login")) and not signed_in(client)


def test_the_demo_account_can_sign_in_on_a_fresh_machine(client, settings, capsys):
    settings.DEBUG = True
    call_command("create_demo_user")
    out = capsys.readouterr().out
    password = re.search(r"demo / (\S+)", out).group(1)
    codes = re.search(r"mã dự phòng[^:]*: (.+)", out).group(1).split()
    secret = re.search(r"thêm khoá ([A-Z2-7 ]+?) vào", out).group(1)
    assert len(codes) == 10 and secret == twofactor.secret_for_manual_entry(TOTPDevice.objects.get())
    client.post(reverse("login"), {"username": "demo", "password": password})
    assert client.post(reverse("login.verify"), {"otp_token": codes[0]}).status_code == 302
    assert client.get("/admin/").status_code == 200


def test_the_readmes_first_account_step_gives_a_superuser_who_sets_up_two_factors(client, monkeypatch):
    """README, "The first account": createsuperuser, then the first sign-in opens the two-factor set-up, then the
    admin. (The command runs non-interactively here with the same fields the README asks for.)"""
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert "docker compose exec web python manage.py createsuperuser" in readme
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    call_command("createsuperuser", interactive=False, username="quantri", email="quantri@tayninh.gov.vn")

    response = client.post(
        reverse("login"), {"username": "quantri", "password": PASSWORD, "next": ""}, REMOTE_ADDR="203.0.113.21"
    )
    assert response.status_code == 302 and response.url.startswith(SETUP)
    assert client.get("/admin/").url.startswith(SETUP)
    assert len(set_up_app(client)) == 10
    assert client.get("/admin/").status_code == 200
