"""Two-factor sign-in: an authenticator app (TOTP, django-otp) and ten backup codes, no SMS.

Who must use it is decided in movements.audiences.must_use_two_factor; the middleware (middleware.py) enforces
it and the views (views/accounts.py) call these functions. A code is six digits from the app, or one backup code
(ten letters and digits, each works once).
"""

from __future__ import annotations

import re
from base64 import b32encode

import segno
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

BACKUP_CODE_COUNT = 10
APP_DEVICE_NAME = _("Ứng dụng xác thực")
BACKUP_DEVICE_NAME = _("Mã dự phòng")
_SEPARATORS = re.compile(r"[\s\-]+")


class CodeThrottled(Exception):
    """Too many wrong codes just now: the device waits (1, 2, 4 … seconds) before it checks another."""


def has_two_factor(user) -> bool:
    """The account has a confirmed authenticator app, so every sign-in asks for a code."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def remaining_backup_codes(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def normalize_code(code: str) -> str:
    return _SEPARATORS.sub("", code or "").lower()


def verify_code(user, code: str) -> Device | None:
    """The device that accepts `code` (six digits: the app; anything else: a backup code, then used up), or None.

    Side effects: the device records the success (the app's last time step, so a code works once; a backup code
    is deleted) or the failure (django-otp's back-off). Raises CodeThrottled while every candidate waits.
    """
    code = normalize_code(code)
    model = TOTPDevice if re.fullmatch(r"\d{6}", code) else StaticDevice
    with transaction.atomic():
        devices = list(model.objects.devices_for_user(user, confirmed=True).select_for_update())
        allowed = [device for device in devices if device.verify_is_allowed()[0]]
        if devices and not allowed:
            raise CodeThrottled
        for device in allowed:
            if device.verify_token(code):
                return device
    return None


# --- setting up, replacing, turning off -----------------------------------------------------------------------
def pending_app_device(user) -> TOTPDevice:
    """The unconfirmed app device being set up: made once and shown again on reload, until a code confirms it."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    return device or TOTPDevice.objects.create(user=user, name=str(APP_DEVICE_NAME), confirmed=False)


def secret_for_manual_entry(device: TOTPDevice) -> str:
    """The key in base32, in groups of four, for apps that cannot scan the QR code."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// link as a PNG data: URI (the strict CSP allows data: images; nothing inline runs)."""
    return segno.make(device.config_url, error="m").png_data_uri(scale=5, border=2)


@transaction.atomic
def confirm_app_device(user, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the device being set up with a code from the app; None if the code is wrong.

    Side effects: the device becomes confirmed; the user's other app devices are deleted (a replaced phone stops
    working); new backup codes replace the old ones. Returns the backup codes, to show once.
    """
    if not re.fullmatch(r"\d{6}", normalize_code(code)) or not device.verify_token(normalize_code(code)):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    return new_backup_codes(user)


@transaction.atomic
def new_backup_codes(user) -> list[str]:
    """Replace the user's backup codes with BACKUP_CODE_COUNT new ones. Side effects: the old codes stop working.
    Returns the codes, which are shown once and never again."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=str(BACKUP_DEVICE_NAME), confirmed=True)
    codes = [StaticToken.random_token() for _i in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@transaction.atomic
def turn_off(user) -> None:
    """Delete the user's app and backup codes (the views allow it only to accounts that need not use it)."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
