"""Who may open a staff page or file door: "is staff" is never enough, each names the permissions for what it
shows or does ("app_label.codename"; superusers hold all). One decorator for staff views, one check for doors
shared with the public, one predicate for services."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse


def has_staff_permission(user, *perms: str) -> bool:
    """An active staff account holding every one of `perms`."""
    return bool(
        user is not None and user.is_authenticated and user.is_active and user.is_staff and user.has_perms(perms)
    )


def staff_permission_required(*perms: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Decorate a staff view: anyone who is not staff goes to the admin login (as with Django's
    `staff_member_required`); staff without every one of `perms` get 403.

    The view carries `required_permissions`, which a test checks on every view of a `views/staff.py`.
    """
    if not perms:
        raise ValueError("staff_permission_required needs at least one permission")

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not has_staff_permission(request.user, *perms):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        guarded = staff_member_required(wrapper)
        guarded.required_permissions = perms
        return guarded

    return decorator


def staff_may_see(user, *perms: str) -> bool:
    """For a door shared with the public (an unpublished certificate, a private photo): False for visitors and
    other non-staff accounts (the door then answers as if the file did not exist); True for staff holding
    `perms`; PermissionDenied (403) for staff without them."""
    if user is None or not user.is_authenticated or not user.is_staff:
        return False
    if not has_staff_permission(user, *perms):
        raise PermissionDenied
    return True


# ---------------------------------------------------------------------------
# Granting rights: nobody but a superuser hands out a permission they do not hold themselves
# ---------------------------------------------------------------------------
def permission_names(permissions) -> set[str]:
    """{"app_label.codename"} of a Permission queryset or list."""
    return {f"{p.content_type.app_label}.{p.codename}" for p in permissions}


def may_grant(actor, permissions) -> bool:
    """Whether `actor` may give (or take away) these permissions, directly or through a group: a superuser
    may; anyone else only permissions they hold themselves."""
    if actor is None or not actor.is_active:
        return False
    if actor.is_superuser:
        return True
    return permission_names(permissions) <= actor.get_all_permissions()
