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
    edition: Edition,
    action: ContestLog.Action,
    *,
    entry=None,
    actor=None,
    actor_label: str = "",
    from_value="",
    to_value="",
    comment="",
) -> ContestLog:
    """Write one contest log row (the workflow kit's StateLog: who, when, from, to, why). `actor_label` names
    an actor without an account (an agency answering through its link)."""
    return ContestLog.record(
        edition=edition,
        entry=entry,
        action=action,
        actor=actor,
        actor_label=actor_label[:255],
        from_state=from_value,
        to_state=to_value,
        comment=comment,
    )
