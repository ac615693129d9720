"""Constants and the log helper shared by the service modules."""

from __future__ import annotations

import re

from contests.models import ContestLog, Edition

CODE_PREFIX = "GNT"
VERIFICATION_SALT = "contests.verification"
VOTE_SALT = "contests.vote"
TOKEN_MAX_AGE = 60 * 60 * 24 * 60  # verification links last 60 days
VOTE_TOKEN_MAX_AGE = 60 * 60 * 24 * 3

WORD_PATTERN = re.compile(r"\w+(?:[-'’]\w+)*", re.UNICODE)


def log_change(
    edition: Edition, action: str, *, entry=None, actor=None, from_value="", to_value="", comment=""
) -> None:
    ContestLog.objects.create(
        edition=edition,
        entry=entry,
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        from_value=str(from_value)[:80],
        to_value=str(to_value)[:80],
        comment=comment,
    )
