"""Signed-in sessions: two-factor sign-in enforced, and sessions that end after an idle time.

Both run after django_otp's OTPMiddleware (request.user.is_verified()) and the messages middleware, and look at a
request only when it carries a session cookie, so anonymous visitors cost nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from movements.audiences import must_use_two_factor

from . import twofactor

LAST_ACTIVITY = "last_activity"
SIGN_IN_STATE = "sign_in_state"
ACTIVITY_RESOLUTION = 60  # seconds: the session is written at most once a minute, not on every request

# What an account that must use two factors but has no app yet may still open: signing in and out, setting the app
# up, resetting a password. Everything else, the admin and /don-vi/ first, sends it to set the app up.
OPEN_BEFORE_SETUP = {
    "login",
    "login.verify",
    "logout",
    "security",
    "security.setup",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "healthz",
}


def _signed_in(request: HttpRequest) -> bool:
    return settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_authenticated


def _read_state(user) -> list:
    return [user.pk, int(time.time()), twofactor.has_two_factor(user), must_use_two_factor(user)]


def remember_sign_in(sender, request: HttpRequest, user, **kwargs) -> None:
    """On user_logged_in: start the idle clock and note the account's two-factor state in the session, so that the
    requests that follow ask the database nothing (connected in apps.py)."""
    if hasattr(request, "session"):
        request.session[LAST_ACTIVITY] = int(time.time())
        request.session[SIGN_IN_STATE] = _read_state(user)


def sign_in_state(request: HttpRequest) -> tuple[bool, bool]:
    """(has an authenticator app, must use two factors) for the signed-in user, read again at most once a minute:
    a role given or an app set up elsewhere takes effect within a minute."""
    state = request.session.get(SIGN_IN_STATE)
    if not state or state[0] != request.user.pk or time.time() - state[1] >= ACTIVITY_RESOLUTION:
        state = request.session[SIGN_IN_STATE] = _read_state(request.user)
    return state[2], state[3]


class TwoFactorRequiredMiddleware:
    """1. A session of an account with an app that never passed the code step (opened before the app was set up
    elsewhere, or by any other means) is signed out: sign in again, with a code.
    2. An account that must use two factors and has no app reaches only OPEN_BEFORE_SETUP until it sets one up."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _signed_in(request) and not request.user.is_verified() and sign_in_state(request)[0]:
            path = request.get_full_path()
            logout(request)
            messages.info(request, _("Vui lòng đăng nhập lại và nhập mã xác thực."))
            return redirect_to_login(path)
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        if not _signed_in(request) or request.user.is_verified():
            return None
        if request.resolver_match.view_name in OPEN_BEFORE_SETUP or not sign_in_state(request)[1]:
            return None
        messages.warning(request, _("Tài khoản của bạn phải bật xác thực hai bước trước khi tiếp tục."))
        return redirect(f"{reverse('security.setup')}?{urlencode({'next': request.get_full_path()})}")


class IdleSessionMiddleware:
    """Ends a session unused for SESSION_IDLE_TIMEOUT_STAFF seconds (staff and agency heads) or SESSION_IDLE_TIMEOUT
    (everyone else), with a message, and sends the user to sign in again."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _signed_in(request):
            now = int(time.time())
            last = request.session.get(LAST_ACTIVITY)
            if last is not None and self._expired(request, now - last):
                path = request.get_full_path()
                logout(request)
                messages.info(request, _("Phiên làm việc đã kết thúc vì lâu không thao tác. Vui lòng đăng nhập lại."))
                return redirect_to_login(path)
            if last is None or now - last >= ACTIVITY_RESOLUTION:
                request.session[LAST_ACTIVITY] = now
        return self.get_response(request)

    @staticmethod
    def _expired(request: HttpRequest, idle: int) -> bool:
        shortest = min(settings.SESSION_IDLE_TIMEOUT_STAFF, settings.SESSION_IDLE_TIMEOUT)
        if idle <= shortest:  # the common case decides without asking who the user is
            return False
        staff = sign_in_state(request)[1]
        return idle > (settings.SESSION_IDLE_TIMEOUT_STAFF if staff else settings.SESSION_IDLE_TIMEOUT)
