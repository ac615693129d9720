"""Editions: the biennial rule and the next edition."""

from __future__ import annotations

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils.translation import gettext as _

from contests.models import ContestLog, Edition, PrizeTier, Round
from contests.models.edition import EDITION_INTERVAL_YEARS

from ._common import (
    log_change,
)


def check_biennial(year: int, *, exclude_pk: int | None = None) -> None:
    """Raise ValidationError when another edition is less than two years from `year`."""
    Edition.objects.check_biennial(year, exclude_pk=exclude_pk)


@transaction.atomic
def create_next_edition(previous: Edition, *, actor=None) -> Edition:
    """A new edition two years after `previous`, copying its organisers, rules, limits, rounds and prizes.

    Writes: Edition, its Rounds and PrizeTiers; logs ContestLog.Action.EDITION_CREATED. Refuses (ValidationError)
    when the biennial rule forbids the new year.
    """
    shift = relativedelta(years=EDITION_INTERVAL_YEARS)
    year = previous.year + EDITION_INTERVAL_YEARS
    check_biennial(year)
    edition = Edition.objects.create(
        year=year,
        number=previous.number + 1,
        title=previous.title,
        organiser=previous.organiser,
        rules=previous.rules,
        submission_opens=previous.submission_opens + shift,
        submission_closes=previous.submission_closes + shift,
        min_words=previous.min_words,
        max_words=previous.max_words,
        max_photos=previous.max_photos,
        public_vote_enabled=previous.public_vote_enabled,
        vote_opens=previous.vote_opens + shift if previous.vote_opens else None,
        vote_closes=previous.vote_closes + shift if previous.vote_closes else None,
        public_vote_weight=previous.public_vote_weight,
    )
    edition.co_organisers.set(previous.co_organisers.all())
    for r in previous.rounds.all():
        Round.objects.create(
            edition=edition,
            kind=r.kind,
            starts_on=r.starts_on + shift,
            ends_on=r.ends_on + shift,
            advance_count=r.advance_count,
        )
    for tier in previous.prize_tiers.all():
        PrizeTier.objects.create(edition=edition, rank=tier.rank, count=tier.count, amount=tier.amount)
    log_change(
        edition,
        ContestLog.Action.EDITION_CREATED,
        actor=actor,
        comment=_("Tạo từ kỳ năm %(year)s") % {"year": previous.year},
    )
    return edition
