"""View helpers every app shares."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _

T = TypeVar("T")


def error_text(exc: Exception) -> str:
    """What to tell the user about a refused change: the service's own Vietnamese message(s)."""
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc) or _("Bạn không có quyền thực hiện thao tác này.")


def run_service(request: HttpRequest, call: Callable[[], T], success: str = "") -> T | None:
    """Call one service; flash `success`, or the reason it refused (ValidationError, PermissionDenied and the
    workflow kit's NotAllowedNow / NotAllowedForYou). Returns the service's result, or None when refused."""
    try:
        result = call()
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, error_text(exc))
        return None
    if success:
        messages.success(request, success)
    return result
