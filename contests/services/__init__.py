"""State changes of the contest: each one function that locks, checks, saves and logs.

Views, admin actions and tasks call these; nothing else writes contest state. Rankings live in
`contests.services.ranking`, certificates in `contests.certificates`.

The functions live in modules by subject (editions, entries, eligibility, judging, results) and are all
importable from here: `from contests import services; services.submit_entry(...)`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db.models import Count

from contests.models import Assignment, Edition, Round
from movements.audiences import JUDGES_GROUP_NAME, is_judge, judges

from ._common import CODE_PREFIX
from .certificates import EDITION_FIELDS as CERTIFICATE_EDITION_FIELDS
from .certificates import ENTRY_FIELDS as CERTIFICATE_ENTRY_FIELDS
from .certificates import issue_certificate, issue_certificates, withdraw_certificates
from .editions import check_biennial, create_next_edition
from .eligibility import disqualify_entry, reinstate_entry
from .entries import (
    check_window,
    check_word_limits,
    clean_photos,
    count_words,
    find_duplicate,
    queue_entry_receipt,
    submit_entry,
    text_fingerprint,
)
from .judging import (
    assign_judges,
    declare_conflict,
    get_assignment_for_judge,
    judges_group,
    judges_missing,
    queue_assignment_notices,
    save_score,
    short_of_judges,
)
from .ranking import under_scored, vote_counts
from .results import (
    advance_top,
    assign_prize,
    create_exemplar_from_entry,
    finalists,
    on_public_view,
    publication_blockers,
    publish_results,
    reopen_round,
)
from .verification import (
    answer_verification_link,
    entry_for_verification_token,
    link_closed_reason,
    queue_verification_request,
    record_verification,
    request_verification,
    verification_token,
)
from .votes import confirm_vote, mailbox_key, queue_vote_confirmation, request_vote, vote_for_token, vote_token

__all__ = [
    "CERTIFICATE_EDITION_FIELDS",
    "CERTIFICATE_ENTRY_FIELDS",
    "CODE_PREFIX",
    "answer_verification_link",
    "JUDGES_GROUP_NAME",
    "advance_top",
    "assign_judges",
    "assign_prize",
    "check_biennial",
    "check_window",
    "check_word_limits",
    "clean_photos",
    "confirm_vote",
    "count_words",
    "create_exemplar_from_entry",
    "create_next_edition",
    "current_edition",
    "declare_conflict",
    "disqualify_entry",
    "entry_for_verification_token",
    "find_duplicate",
    "finalists",
    "get_assignment_for_judge",
    "is_judge",
    "issue_certificate",
    "issue_certificates",
    "judges",
    "judges_group",
    "judges_missing",
    "judges_with_unscored_entries",
    "link_closed_reason",
    "mailbox_key",
    "on_public_view",
    "publication_blockers",
    "publish_results",
    "queue_assignment_notices",
    "queue_entry_receipt",
    "queue_verification_request",
    "queue_vote_confirmation",
    "record_verification",
    "reinstate_entry",
    "reopen_round",
    "request_verification",
    "request_vote",
    "save_score",
    "short_of_judges",
    "submit_entry",
    "text_fingerprint",
    "under_scored",
    "verification_token",
    "vote_counts",
    "vote_for_token",
    "vote_token",
    "withdraw_certificates",
]


def current_edition() -> Edition | None:
    """The edition the home page shows (see EditionQuerySet.current)."""
    return Edition.objects.with_related().current()


def judges_with_unscored_entries(day: dt.date, days_before: Iterable[int] = (3, 1)) -> list[tuple]:
    """Judges to remind: for rounds whose scoring closes `days_before` days after `day` (3 and 1 by default;
    the reminders app passes its rule's offsets).

    Returns a list of `(judge, round, unscored)` tuples — `judge` a User, `round` a Round (with
    `round.edition` loaded), `unscored` the number (> 0) of that judge's assignments in that round
    without a score — ordered by round end date, then judge id. Rounds already advanced (closed)
    and inactive judges are left out. Reads only; sends nothing.
    """
    days = [day + dt.timedelta(days=n) for n in days_before]
    rows = (
        Assignment.objects.filter(
            round__ends_on__in=days,
            round__advanced_at__isnull=True,
            score__isnull=True,
            judge__is_active=True,
        )
        .values("judge_id", "round_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    rows = list(rows)
    users = get_user_model().objects.in_bulk({r["judge_id"] for r in rows})
    rounds = Round.objects.select_related("edition").in_bulk({r["round_id"] for r in rows})
    result = [(users[r["judge_id"]], rounds[r["round_id"]], r["n"]) for r in rows]
    result.sort(key=lambda t: (t[1].ends_on, t[0].pk))
    return result
