"""A round's ranking: mean and median of the judges' totals, the spread between them, and votes.

TIE_RULE is shown on the staff page next to the table.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from contests.models import Edition, Entry, Round, Score, Vote
from contests.models.judging import CRITERIA, MAX_POINTS

MAX_TOTAL = MAX_POINTS * len(CRITERIA)
TIE_RULE = _(
    "Xếp theo điểm trung bình (chung kết: điểm tổng hợp có tính bình chọn); bằng nhau thì xét điểm trung vị, "
    "rồi điểm trung bình tiêu chí “Giá trị nêu gương”, rồi bài gửi trước (mã nhỏ hơn) xếp trên."
)


@dataclass
class RankRow:
    entry: Entry
    scores: list[int] = field(default_factory=list)
    exemplary: list[int] = field(default_factory=list)
    votes: int = 0
    vote_share: float = 0.0
    final_score: float | None = None
    position: int = 0
    required: int = 0  # judges the round gives each entry

    @property
    def missing_scores(self) -> int:
        """Scores still missing: a rank resting on fewer scores than required is shown with a warning."""
        return max(0, self.required - len(self.scores))

    @property
    def mean(self) -> float | None:
        return round(statistics.fmean(self.scores), 2) if self.scores else None

    @property
    def median(self) -> float | None:
        return float(statistics.median(self.scores)) if self.scores else None

    @property
    def spread(self) -> int | None:
        return max(self.scores) - min(self.scores) if self.scores else None

    @property
    def exemplary_mean(self) -> float:
        return statistics.fmean(self.exemplary) if self.exemplary else 0.0

    @property
    def sort_key(self) -> tuple:
        primary = self.final_score if self.final_score is not None else (self.mean or 0)
        return (-primary, -(self.median or 0), -self.exemplary_mean, self.entry.number)


def combined_score(mean: float | None, vote_share: float, weight: Decimal) -> float:
    """Final-round score out of 100: (1 − weight) × jury mean as a percentage + weight × vote share (0–100)."""
    w = float(weight)
    jury = (mean or 0) / MAX_TOTAL * 100
    return round((1 - w) * jury + w * vote_share, 2)


def rank_round(round_: Round) -> list[RankRow]:
    """Every entry of the round with its judges' scores, sorted by TIE_RULE; unscored entries last."""
    rows = {
        e.pk: RankRow(entry=e, required=round_.judges_per_entry)
        for e in Entry.objects.in_round(round_).order_by("number")
    }
    scores = Score.objects.filter(assignment__round=round_, assignment__entry_id__in=rows).values_list(
        "assignment__entry_id", "content", "exemplary_value", "writing"
    )
    for entry_id, content, exemplary, writing in scores:
        rows[entry_id].scores.append(content + exemplary + writing)
        rows[entry_id].exemplary.append(exemplary)
    edition = round_.edition
    if round_.is_final and edition.public_vote_enabled:
        counts = vote_counts(edition)
        top = max(counts.values(), default=0)
        for row in rows.values():
            row.votes = counts.get(row.entry.pk, 0)
            row.vote_share = round(row.votes / top * 100, 2) if top else 0.0
            row.final_score = combined_score(row.mean, row.vote_share, edition.public_vote_weight)
    ordered = sorted(rows.values(), key=lambda r: (not r.scores, r.sort_key))
    for position, row in enumerate(ordered, start=1):
        row.position = position
    return ordered


def under_scored(round_: Round, entries: list[Entry]) -> list[Entry]:
    """Those of `entries` with fewer scores in `round_` than the round requires (their rank rests on less)."""
    counts = Counter(
        Score.objects.filter(assignment__round=round_, assignment__entry__in=entries).values_list(
            "assignment__entry_id", flat=True
        )
    )
    return [e for e in entries if counts[e.pk] < round_.judges_per_entry]


def vote_counts(edition: Edition) -> dict[int, int]:
    """Confirmed public votes per entry id."""
    rows = Vote.objects.filter(edition=edition, confirmed_at__isnull=False).values("entry_id").annotate(n=Count("pk"))
    return {row["entry_id"]: row["n"] for row in rows}
