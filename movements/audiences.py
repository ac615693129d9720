"""Who is who: each role's audience, defined once and used by every app.

A check (`is_reviewer(user)`) and, where mail goes to that role, its addresses (`reviewer_addresses()`).
Addresses are lower-cased and sorted, so the same person is never mailed twice for one reason.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from .models.agency import Agency
from .models.membership import AgencyMembership

JUDGES_GROUP_NAME = "Giám khảo"
REVIEW_PERMISSION = "exemplars.change_nomination"

# Names under which the outbox finds these audiences when it sends a message (registered in apps.py), so
# that a message waits, visibly, until someone is there to receive it.
FEEDBACK = "feedback"
REVIEWERS = "reviewers"
AGENCY_HEADS = "agency-heads"
AGENCY_OFFICE = "agency-office"
AGENCY_MEMBERS = "agency-members"


def _pairs(users: QuerySet) -> list[tuple[str, int]]:
    found: dict[str, int] = {}
    for email, pk in users.exclude(email="").order_by("pk").values_list("email", "pk"):
        found.setdefault(email.strip().lower(), pk)
    return sorted(found.items())


# ---------------------------------------------------------------------------
# Provincial staff who review nominations (the "Cán bộ thi đua – khen thưởng" group, and superusers)
# ---------------------------------------------------------------------------
def is_reviewer(user) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.is_staff
        and user.has_perm(REVIEW_PERMISSION)
    )


def reviewers() -> QuerySet:
    """Active staff accounts in the staff group, and active superusers."""
    users = get_user_model().objects.filter(is_active=True, is_staff=True)
    return users.filter(Q(is_superuser=True) | Q(groups__name=settings.STAFF_GROUP_NAME)).distinct()


def reviewer_addresses() -> list[tuple[str, int]]:
    """(address, user id) of every reviewer with an e-mail address."""
    return _pairs(reviewers())


# ---------------------------------------------------------------------------
# Who must sign in with a second factor: the people who read citizens' dossiers
# ---------------------------------------------------------------------------
def must_use_two_factor(user) -> bool:
    """Provincial staff (every staff account, so every reviewer, and superusers) and agency heads.

    The one place this is decided: the portal's middleware sends such a user without a device to set one up
    and gives the shorter idle timeout; every other account may turn two-factor sign-in on for itself.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_staff or user.is_superuser:
        return True
    return AgencyMembership.objects.filter(user=user, role=AgencyMembership.Role.HEAD).exists()


# ---------------------------------------------------------------------------
# Staff who receive public feedback
# ---------------------------------------------------------------------------
def feedback_addresses() -> list[str]:
    """FEEDBACK_EMAILS if set, else the reviewers' addresses, else ADMINS. May be empty."""
    if settings.FEEDBACK_EMAILS:
        return sorted({address.strip().lower() for address in settings.FEEDBACK_EMAILS})
    staff = [address for address, _pk in reviewer_addresses()]
    return staff or sorted({address.strip().lower() for _name, address in settings.ADMINS})


# ---------------------------------------------------------------------------
# Agencies: their heads (who submit nominations) and everyone who answers for them
# ---------------------------------------------------------------------------
def is_member_of(user, agency_id: int) -> bool:
    """An active account of the agency (its head or an officer)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return AgencyMembership.objects.filter(user=user, agency_id=agency_id).exists()


def is_head_of(user, agency_id: int) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    membership = AgencyMembership.objects.filter(user=user).only("agency_id", "role").first()
    return bool(membership and membership.is_head and membership.agency_id == agency_id)


def head_addresses(agency_id: int) -> list[tuple[str, int]]:
    heads = get_user_model().objects.filter(
        is_active=True, membership__agency_id=agency_id, membership__role=AgencyMembership.Role.HEAD
    )
    return _pairs(heads)


def agency_office_address(agency_id: int) -> list[str]:
    """The agency's own address (not a person's), e.g. for contest verification requests. May be empty."""
    return [
        email.strip().lower()
        for email in Agency.objects.filter(pk=agency_id).exclude(email="").values_list("email", flat=True)
    ]


def member_addresses(agency_id: int) -> list[tuple[str, int | None]]:
    """One agency's own address and its active members' (those who prepare its reports). May be empty."""
    return agency_addresses([agency_id])[agency_id]


def agency_addresses(agency_ids: list[int]) -> dict[int, list[tuple[str, int | None]]]:
    """Per agency: its own address (no account) and its active members' addresses, each once."""
    found: dict[int, dict[str, int | None]] = {a: {} for a in agency_ids}
    for agency_id, email in Agency.objects.filter(pk__in=agency_ids).exclude(email="").values_list("pk", "email"):
        found[agency_id].setdefault(email.strip().lower(), None)
    members = (
        AgencyMembership.objects.filter(agency_id__in=agency_ids, user__is_active=True)
        .exclude(user__email="")
        .values_list("agency_id", "user_id", "user__email")
    )
    for agency_id, user_id, email in members:
        found[agency_id][email.strip().lower()] = user_id
    return {a: list(emails.items()) for a, emails in found.items()}


# ---------------------------------------------------------------------------
# Contest judges (the "Giám khảo" group)
# ---------------------------------------------------------------------------
def is_judge(user) -> bool:
    return bool(user.is_authenticated and user.groups.filter(name=JUDGES_GROUP_NAME).exists())


def judges() -> QuerySet:
    return get_user_model().objects.filter(is_active=True, groups__name=JUDGES_GROUP_NAME).order_by("pk")
