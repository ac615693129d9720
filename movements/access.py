"""Who may use the agency pages (/don-vi/), and for which agency.

Every agency-scoped view takes its agency from `request.agency`, set here, and looks objects up
through helpers that filter by it and raise 404 — never by a bare pk.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from .models import Agency, AgencyMembership


def membership_for(user) -> AgencyMembership | None:
    if not user.is_authenticated:
        return None
    try:
        return user.membership
    except AgencyMembership.DoesNotExist:
        return None


def agency_member_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Login required; then the user must belong to an agency (403 otherwise).

    Sets `request.agency` and `request.membership` for the view.
    """

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        membership = membership_for(request.user)
        if membership is None:
            raise PermissionDenied
        request.membership = membership
        request.agency = membership.agency
        return view(request, *args, **kwargs)

    return wrapper


def agency_head_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """As agency_member_required, and the member must be the agency's head."""

    @agency_member_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.membership.is_head:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def user_agency(user) -> Agency | None:
    membership = membership_for(user)
    return membership.agency if membership else None
