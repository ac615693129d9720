"""Signing in in tests as the site does it: an authenticator app with a known key, its codes computed here, the
session marked as having passed the second step (django_otp.login), and the browser's two steps."""

from __future__ import annotations

import time

import django_otp
from django.http import HttpRequest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from movements.audiences import must_use_two_factor
from tayninh_thidua.portal import twofactor

from .factories import PASSWORD


def give_app(user) -> TOTPDevice:
    """The user's confirmed authenticator app (made if missing)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Điện thoại thử nghiệm", confirmed=True)


def code_for(device: TOTPDevice) -> str:
    """The app's current code, or the next step's when the current one was already used (a code works once and
    the device accepts one step ahead)."""
    device.refresh_from_db()
    now = int((time.time() - device.t0) // device.step) + device.drift
    step = max(now, device.last_t + 1)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = device.t0 + (step - device.drift) * device.step
    return f"{totp.token():0{device.digits}d}"


def mark_verified(client: Client, user) -> None:
    """Record on the client's session that it passed the code step, with django_otp.login like the view."""
    device = give_app(user)
    request = HttpRequest()
    request.session = client.session
    request.user = user
    django_otp.login(request, device)
    request.session.save()


class SignInClient(Client):
    """Django's test client whose force_login also passes the second step for accounts that use it (those that must,
    and those with an app), as a real sign-in would; the middleware stays on. `verified=False` leaves a session
    that passed the password only, as for an account that must use two factors and has not set them up."""

    def force_login(self, user, backend=None, verified: bool = True) -> None:
        super().force_login(user, backend)
        if verified and (must_use_two_factor(user) or twofactor.has_two_factor(user)):
            mark_verified(self, user)


def sign_in_page(page, user, path: str = "/dang-nhap/", password: str = PASSWORD) -> None:
    """The browser's sign-in: username and password, then its app's current code. An account that must use two
    factors is given an app first, as if it had set one up earlier."""
    if must_use_two_factor(user):
        give_app(user)
    page.goto(path)
    page.get_by_label("Tên đăng nhập").fill(user.get_username())
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()
    if "/dang-nhap/xac-thuc/" in page.url:
        page.get_by_label("Mã xác thực").fill(code_for(give_app(user)))
        page.get_by_role("button", name="Xác nhận").click()
        page.wait_for_load_state()
