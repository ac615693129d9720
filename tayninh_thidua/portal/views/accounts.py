"""Sign-in in two steps, the account's security page, the lockout page and the throttled password reset.

Sign-in: /dang-nhap/ checks the password (django-axes counts failures); an account with an authenticator app is not
signed in yet but sent to /dang-nhap/xac-thuc/ for a code (a wrong code counts as a failed sign-in too); an account
that must use two factors and has no app is signed in and sent to set one up (the middleware keeps it there).
"""

from __future__ import annotations

import time
from urllib.parse import urlencode

import django_otp
from axes.handlers.proxy import AxesProxyHandler
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from movements.audiences import must_use_two_factor
from tayninh_thidua.lib import ratelimit
from tayninh_thidua.lib.forms import OutboxPasswordResetForm

from .. import twofactor
from ..forms import SignInForm

PENDING = "signin_pending"  # session: the account that passed the password step and owes a code
PENDING_SECONDS = 300


class CodeForm(forms.Form):
    otp_token = forms.CharField(
        label=gettext_lazy("Mã xác thực"),
        max_length=32,
        help_text=gettext_lazy("Mã 6 chữ số trong ứng dụng xác thực, hoặc một mã dự phòng."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}),
    )


def _next_url(request: HttpRequest, default: str = "") -> str:
    """The `next` the user came with, if it is a path on this site."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(candidate, {request.get_host()}, require_https=request.is_secure())
    return candidate if candidate and safe else default


def _with_next(url_name: str, next_url: str) -> str:
    url = reverse(url_name)
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


# --- sign-in ----------------------------------------------------------------------------------------------------
@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def login(request: HttpRequest) -> HttpResponse:
    next_url = _next_url(request)
    form = SignInForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.get_user()
        if twofactor.has_two_factor(user):
            request.session.cycle_key()
            request.session[PENDING] = {"user": user.pk, "backend": user.backend, "next": next_url, "at": time.time()}
            return redirect(_with_next("login.verify", next_url))
        auth_login(request, user)
        if must_use_two_factor(user):
            messages.warning(request, _("Tài khoản của bạn phải bật xác thực hai bước. Hãy thiết lập ngay."))
            return redirect(_with_next("security.setup", next_url))
        return redirect(next_url or settings.LOGIN_REDIRECT_URL)
    return render(request, "registration/login.html", {"form": form, "next": next_url})


def _pending_user(request: HttpRequest):
    pending = request.session.get(PENDING)
    if not pending or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        return None, None
    user = get_user_model()._default_manager.filter(pk=pending["user"], is_active=True).first()
    return user, pending


@sensitive_post_parameters("otp_token")
@csrf_protect
@never_cache
def login_verify(request: HttpRequest) -> HttpResponse:
    """The second step: a code from the app or a backup code, for the account that passed the password step."""
    user, pending = _pending_user(request)
    if user is None:
        request.session.pop(PENDING, None)
        messages.info(request, _("Phiên đăng nhập đã hết hạn. Vui lòng nhập lại mật khẩu."))
        return redirect(_with_next("login", _next_url(request)))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        credentials = {"username": user.get_username()}
        if not AxesProxyHandler.is_allowed(request, credentials):
            request.session.pop(PENDING, None)
            return locked_out(request, None, credentials)
        try:
            device = twofactor.verify_code(user, form.cleaned_data["otp_token"])
        except twofactor.CodeThrottled:
            form.add_error("otp_token", _("Bạn vừa nhập sai. Vui lòng đợi vài giây rồi nhập lại mã."))
        else:
            if device is not None:
                return _finish_sign_in(request, user, device, pending)
            # A wrong code is a failed sign-in for the lock, like a wrong password.
            user_login_failed.send(sender=__name__, credentials=credentials, request=request)
            if getattr(request, "axes_locked_out", False):
                request.session.pop(PENDING, None)
            form.add_error("otp_token", _("Mã xác thực không đúng, đã hết hạn hoặc đã được dùng."))
    return render(request, "registration/login_verify.html", {"form": form, "next": pending["next"]})


def _finish_sign_in(request: HttpRequest, user, device, pending: dict) -> HttpResponse:
    del request.session[PENDING]
    auth_login(request, user, backend=pending["backend"])
    django_otp.login(request, device)
    if not hasattr(device, "step"):  # a backup code, now used up
        left = twofactor.remaining_backup_codes(user)
        messages.warning(request, _("Bạn đã dùng một mã dự phòng; còn %(left)d mã.") % {"left": left})
    return redirect(pending["next"] or settings.LOGIN_REDIRECT_URL)


def admin_login(request: HttpRequest, extra_context=None) -> HttpResponse:
    """The admin signs in through the portal's two steps (admin.site.login is this)."""
    return redirect(_with_next("login", _next_url(request, reverse("admin:index"))))


def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: the page shown instead of the sign-in while an account or an address is locked."""
    context = {"minutes": settings.LOGIN_LOCK_MINUTES}
    return render(request, "registration/locked_out.html", context, status=429)


# --- the account's security page: /tai-khoan/bao-mat/ ---------------------------------------------------------
def _needs_fresh_sign_in(request: HttpRequest) -> bool:
    return twofactor.has_two_factor(request.user) and not request.user.is_verified()


@login_required
@never_cache
def security(request: HttpRequest) -> HttpResponse:
    user = request.user
    context = {
        "enabled": twofactor.has_two_factor(user),
        "required": must_use_two_factor(user),
        "backup_left": twofactor.remaining_backup_codes(user),
    }
    return render(request, "registration/security.html", context)


@login_required
@never_cache
@sensitive_post_parameters("otp_token")
def security_setup(request: HttpRequest) -> HttpResponse:
    """Set up (or replace) the authenticator app: QR code and key, then a code from the app confirms it."""
    if _needs_fresh_sign_in(request):
        return redirect(_with_next("login", request.get_full_path()))
    device = twofactor.pending_app_device(request.user)
    next_url = _next_url(request)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = twofactor.confirm_app_device(request.user, device, form.cleaned_data["otp_token"])
        if codes is not None:
            django_otp.login(request, device)
            messages.success(request, _("Đã bật xác thực hai bước."))
            return _show_backup_codes(request, codes, next_url)
        form.add_error("otp_token", _("Mã xác thực không đúng. Kiểm tra giờ trên điện thoại rồi nhập mã mới."))
    context = {
        "form": form,
        "next": next_url,
        "qr": twofactor.qr_data_uri(device),
        "secret": twofactor.secret_for_manual_entry(device),
        "replacing": twofactor.has_two_factor(request.user),
    }
    return render(request, "registration/security_setup.html", context)


def _show_backup_codes(request: HttpRequest, codes: list[str], next_url: str) -> HttpResponse:
    response = render(request, "registration/backup_codes.html", {"codes": codes, "next": next_url})
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def security_backup_codes(request: HttpRequest) -> HttpResponse:
    """New backup codes (the old ones stop working), shown once."""
    if not twofactor.has_two_factor(request.user) or _needs_fresh_sign_in(request):
        return redirect("security")
    return _show_backup_codes(request, twofactor.new_backup_codes(request.user), reverse("security"))


@login_required
@require_POST
@sensitive_post_parameters("otp_token")
def security_disable(request: HttpRequest) -> HttpResponse:
    """Turn two-factor sign-in off, with a current code; never for an account that must use it."""
    user = request.user
    if must_use_two_factor(user):
        messages.error(request, _("Tài khoản của bạn bắt buộc dùng xác thực hai bước nên không thể tắt."))
        return redirect("security")
    if _needs_fresh_sign_in(request):
        return redirect("security")
    form = CodeForm(request.POST)
    try:
        confirmed = form.is_valid() and twofactor.verify_code(user, form.cleaned_data["otp_token"]) is not None
    except twofactor.CodeThrottled:
        confirmed = False
    if not confirmed:
        messages.error(request, _("Mã xác thực không đúng; xác thực hai bước vẫn bật."))
        return redirect("security")
    twofactor.turn_off(user)
    messages.success(request, _("Đã tắt xác thực hai bước."))
    return redirect("security")


# --- password reset, limited per address and per e-mail address -------------------------------------------------
class ThrottledPasswordResetView(auth_views.PasswordResetView):
    """Django's reset view; past the limits no mail is sent but the page is the same neutral one, so it never
    tells whether an account exists or whether a limit was reached."""

    form_class = OutboxPasswordResetForm
    email_template_name = "emails/password_reset.txt"
    subject_template_name = "emails/password_reset_subject.txt"

    def form_valid(self, form):
        window = settings.PASSWORD_RESET_WINDOW
        address = ratelimit.client_address(self.request)
        email = form.cleaned_data["email"].strip().lower()
        if ratelimit.hit("password-reset", address, limit=settings.PASSWORD_RESET_ADDRESS_LIMIT, window=window) or (
            ratelimit.hit("password-reset-account", email, limit=settings.PASSWORD_RESET_ACCOUNT_LIMIT, window=window)
        ):
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)
