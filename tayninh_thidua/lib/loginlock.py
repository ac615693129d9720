"""The login lock: django-axes, counting failed sign-ins per account and, separately, per client address.

Axes compares one number with one limit. Here the account and the address each have their own limit
(LOGIN_ACCOUNT_FAILURE_LIMIT, LOGIN_ADDRESS_FAILURE_LIMIT): an attack on one account from many addresses locks
that account only, and one address trying many accounts locks that address only, while a person's own typos lock
neither their office's shared address nor anyone else's account. Records stay in the database (axes' database
handler), so the lock works with Redis down. The client address is `ratelimit.client_address`, the same one the
rate limits use (`client_ip`), so a rotated X-Forwarded-For does not escape it.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import logging
from collections.abc import Iterable

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils import timezone

from . import ratelimit

log = logging.getLogger(__name__)


def _valid_ip(value: str | None) -> str | None:
    try:
        return str(ipaddress.ip_address((value or "").strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    """AXES_CLIENT_IP_CALLABLE: ratelimit.client_address, which axes stores in an IP address column. An entry that
    is no address was not written by our proxy: fall back to the connection's address, else none (such requests
    share one counter), rather than fail the sign-in on PostgreSQL's inet type."""
    return _valid_ip(ratelimit.client_address(request)) or _valid_ip(request.META.get("REMOTE_ADDR"))


def account_failure_limit(request: HttpRequest | None = None, credentials: dict | None = None) -> int:
    """AXES_FAILURE_LIMIT: the only limit axes itself compares with (see AccountOrAddressHandler)."""
    return settings.LOGIN_ACCOUNT_FAILURE_LIMIT


def cool_off(request: HttpRequest | None = None) -> dt.timedelta:
    """AXES_COOLOFF_TIME: how long failures count, and so how long a lock lasts after the last failure."""
    return dt.timedelta(minutes=settings.LOGIN_LOCK_MINUTES)


def recent_attempts() -> QuerySet:
    """Failure counters still within the cool-off time."""
    return AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - cool_off())


class AccountOrAddressHandler(AxesDatabaseHandler):
    """Axes' database handler, locking an account or an address, each at its own limit."""

    def failures(self, request: HttpRequest, credentials: dict | None = None) -> tuple[int, int]:
        """(failures of the account, failures from the address) within the cool-off time."""
        since = request.axes_attempt_time - cool_off()
        attempts = AccessAttempt.objects.filter(attempt_time__gte=since)
        username = get_client_username(request, credentials)

        def total(**lookup) -> int:
            return attempts.filter(**lookup).aggregate(n=Sum("failures_since_start"))["n"] or 0

        return total(username=username), total(ip_address=request.axes_ip_address)

    def get_failures(self, request: HttpRequest, credentials: dict | None = None) -> int:
        """The failures axes compares with AXES_FAILURE_LIMIT (the account limit): the account's own, or the
        address's scaled so that it reaches the account limit exactly when it reaches the address limit."""
        account, address = self.failures(request, credentials)
        scaled = address * settings.LOGIN_ACCOUNT_FAILURE_LIMIT // settings.LOGIN_ADDRESS_FAILURE_LIMIT
        return max(account, scaled)

    def reset_user_attempts(self, request: HttpRequest, credentials: dict | None = None) -> int:
        """After a successful sign-in (AXES_RESET_ON_SUCCESS), forget the account's own failures only. Axes would
        also clear the address's, so one valid account would let an address try others without end."""
        deleted, _ = AccessAttempt.objects.filter(username=get_client_username(request, credentials)).delete()
        return deleted


def locked_state(attempts: QuerySet) -> QuerySet:
    """Annotate counters with the totals of their account and their address (for the admin's list)."""
    recent = recent_attempts()

    def total(field: str) -> Coalesce:
        rows = recent.filter(**{field: OuterRef(field)}).values(field).annotate(n=Sum("failures_since_start"))
        return Coalesce(Subquery(rows.values("n")[:1]), 0)

    return attempts.annotate(account_failures=total("username"), address_failures=total("ip_address"))


def unlock(*, usernames: Iterable[str] = (), addresses: Iterable[str] = (), actor=None) -> int:
    """Unlock accounts and addresses: delete their failure counters, from every address or for every account.

    Side effects: deletes AccessAttempt rows; the failure log (AccessFailureLog) is kept; logs who unlocked what.
    Returns the number of counters deleted.
    """
    usernames, addresses = sorted(set(usernames)), sorted(set(addresses))
    deleted, _ = AccessAttempt.objects.filter(Q(username__in=usernames) | Q(ip_address__in=addresses)).delete()
    log.warning(
        "login lock: %s unlocked accounts %s and addresses %s (%d counters)", actor, usernames, addresses, deleted
    )
    return deleted
