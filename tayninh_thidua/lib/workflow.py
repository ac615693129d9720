"""The workflow kit: what every workflow of the portal (nominations, review reports, contests) shares.

- `NotAllowedNow` / `NotAllowedForYou`: the one pair of exceptions a service raises when a move is refused
  (the rules forbid it in this state, or this actor may not make it). Views and admin actions show their text.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError


class NotAllowedNow(ValidationError):
    """The rules forbid this move now: wrong state, a missing reason, an unmet condition."""


class NotAllowedForYou(PermissionDenied):
    """This actor's role may not make this move."""
