"""Clusters and blocs: members hand in their self-scores and cross-scores; the results combine them by the
covenant's rule and rank them by the stated tie rule; staff publish the ranking.

The combination rule is data on the covenant (`Covenant.combination`, `self_weight`):
- "cross-mean" (default): the final score is the mean of the cross scores the member received;
- "weighted": self_weight % of the self-score plus the rest of the mean of the cross scores.
The spread is the highest cross score minus the lowest. Scores are rounded half up to two decimals.

The tie rule (TIE_RULE, shown on the results pages): equal final scores are ranked by the smaller spread of
cross scores, then by the higher lowest cross score; members still equal share the rank (listed by name).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Count, Prefetch, Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tayninh_thidua.lib.publication import set_published
from tayninh_thidua.lib.workflow import NotAllowedForYou, NotAllowedNow

from ..audiences import is_member_of
from ..models import Agency, BlocMembership, Covenant, CovenantCriterion, ScoreLine, ScoreSheet

TIE_RULE = gettext_lazy(
    "Các đơn vị bằng điểm tổng hợp: đơn vị có độ chênh lệch điểm chấm chéo (cao nhất − thấp nhất) nhỏ hơn "
    "xếp trên; nếu vẫn bằng, đơn vị có điểm chấm chéo thấp nhất cao hơn xếp trên; nếu vẫn bằng, đồng hạng."
)
CENT = Decimal("0.01")


def _round(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


# ---------------------------------------------------------------------------
# Who is in the bloc that year
# ---------------------------------------------------------------------------
def memberships(covenant: Covenant) -> list[BlocMembership]:
    return list(
        BlocMembership.objects.filter(bloc_id=covenant.bloc_id, year=covenant.year)
        .select_related("agency")
        .order_by("agency__name")
    )


def member_for(covenant: Covenant, agency: Agency) -> Agency | None:
    """The member agency the given (current) agency answers for: itself, or the predecessor that was the member
    that year (a merger keeps the membership rows as they were)."""
    from ..models import lineage_ids

    row = (
        BlocMembership.objects.filter(
            bloc_id=covenant.bloc_id, year=covenant.year, agency_id__in=lineage_ids(agency.pk)
        )
        .select_related("agency")
        .first()
    )
    return row.agency if row else None


def _acts_for(actor, agency: Agency) -> bool:
    """A member (account) of the agency or of the agency that took it over."""
    return any(is_member_of(actor, a.pk) for a in (agency, *agency.successor_chain()))


# ---------------------------------------------------------------------------
# Scoring
# ---------------------------------------------------------------------------
def _check_lines(
    criteria: list[CovenantCriterion], points: dict[int, Decimal], evidence: dict[int, str], is_self: bool
) -> list[str]:
    errors = []
    for criterion in criteria:
        value = points.get(criterion.pk)
        if value is None:
            errors.append(_("Chưa chấm tiêu chí “%(c)s”.") % {"c": criterion.text[:80]})
        elif not Decimal(0) <= value <= criterion.max_points:
            errors.append(
                _("Điểm tiêu chí “%(c)s” phải từ 0 đến %(max)s.")
                % {"c": criterion.text[:80], "max": criterion.max_points}
            )
        if is_self and criterion.evidence_required and not evidence.get(criterion.pk, "").strip():
            errors.append(_("Tiêu chí “%(c)s” cần minh chứng.") % {"c": criterion.text[:80]})
    return errors


@transaction.atomic
def submit_scores(
    covenant: Covenant,
    *,
    scorer: Agency,
    scored: Agency,
    points: dict[int, Decimal],
    evidence: dict[int, str] | None = None,
    actor,
) -> ScoreSheet:
    """Hand in one score sheet: the self-score (`scorer == scored`, with evidence where a criterion requires it)
    or a cross-score of another member.

    Refused to anyone who does not act for `scorer`, when either agency is not a member of the bloc that year,
    when a sheet from `scorer` for `scored` exists (nobody scores twice), once the ranking is published, and for
    a criterion left out or scored outside 0..max. Writes the ScoreSheet and its ScoreLines.
    """
    evidence = evidence or {}
    locked = Covenant.objects.select_for_update().get(pk=covenant.pk)
    if not _acts_for(actor, scorer):
        raise NotAllowedForYou(_("Bạn không thuộc đơn vị chấm điểm."))
    members = {m.agency_id for m in memberships(locked)}
    if scorer.pk not in members:
        raise NotAllowedForYou(
            _("Đơn vị không thuộc %(bloc)s năm %(year)s.") % {"bloc": locked.bloc, "year": locked.year}
        )
    if scored.pk not in members:
        raise NotAllowedNow(_("Đơn vị được chấm không thuộc khối năm %(year)s.") % {"year": locked.year})
    if locked.is_published:
        raise NotAllowedNow(_("Kết quả đã công bố, không thể chấm thêm."), code="published")
    if ScoreSheet.objects.filter(covenant=locked, scorer=scorer, scored=scored).exists():
        raise NotAllowedNow(_("Đơn vị đã chấm điểm cho %(scored)s.") % {"scored": scored}, code="twice")
    criteria = list(locked.criteria.all())
    errors = _check_lines(criteria, points, evidence, scorer.pk == scored.pk)
    if errors:
        raise NotAllowedNow(errors, code="invalid")
    sheet = ScoreSheet.objects.create(covenant=locked, scorer=scorer, scored=scored, submitted_by=actor)
    ScoreLine.objects.bulk_create(
        [
            ScoreLine(sheet=sheet, criterion=c, points=points[c.pk], evidence=evidence.get(c.pk, "").strip())
            for c in criteria
        ]
    )
    return sheet


# ---------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------
@dataclass
class Result:
    agency: Agency
    role: str
    self_score: Decimal | None = None
    cross_scores: list[Decimal] = field(default_factory=list)
    final: Decimal | None = None
    rank: int | None = None
    proposed: bool = False

    @property
    def cross_mean(self) -> Decimal | None:
        return _round(sum(self.cross_scores) / len(self.cross_scores)) if self.cross_scores else None

    @property
    def spread(self) -> Decimal | None:
        return max(self.cross_scores) - min(self.cross_scores) if self.cross_scores else None

    @property
    def tie_key(self) -> tuple:
        return (-self.final, self.spread, -min(self.cross_scores))


def _final(covenant: Covenant, result: Result) -> Decimal | None:
    if not result.cross_scores:
        return None
    mean = sum(result.cross_scores) / len(result.cross_scores)
    if covenant.combination == Covenant.Combination.WEIGHTED and result.self_score is not None:
        weight = covenant.self_weight / 100
        return _round(weight * result.self_score + (1 - weight) * mean)
    return _round(mean)


def results(covenant: Covenant) -> list[Result]:
    """Every member's self-score, cross scores, final score and rank (members without cross scores last,
    unranked); the first `proposal_count` ranks are proposed for the emulation flag. Two queries."""
    rows = {m.agency_id: Result(m.agency, m.role) for m in memberships(covenant)}
    totals = (
        ScoreSheet.objects.filter(covenant=covenant)
        .annotate(total=Sum("lines__points"))
        .values_list("scorer_id", "scored_id", "total")
    )
    for scorer_id, scored_id, total in totals:
        result = rows.get(scored_id)
        if result is None or scorer_id not in rows:
            continue
        if scorer_id == scored_id:
            result.self_score = total
        else:
            result.cross_scores.append(total)
    for result in rows.values():
        result.cross_scores.sort()
        result.final = _final(covenant, result)
    ranked = sorted((r for r in rows.values() if r.final is not None), key=lambda r: (r.tie_key, r.agency.name))
    for index, result in enumerate(ranked):
        previous = ranked[index - 1] if index else None
        result.rank = previous.rank if previous and previous.tie_key == result.tie_key else index + 1
        result.proposed = result.rank <= covenant.proposal_count
    unranked = sorted((r for r in rows.values() if r.final is None), key=lambda r: r.agency.name)
    return ranked + unranked


def missing_sheets(covenant: Covenant) -> list[tuple[Agency, Agency]]:
    """(scorer, scored) pairs still to hand in: every member scores itself and every other member."""
    members = [m.agency for m in memberships(covenant)]
    done = set(ScoreSheet.objects.filter(covenant=covenant).values_list("scorer_id", "scored_id"))
    return [(a, b) for a in members for b in members if (a.pk, b.pk) not in done]


def publish_ranking(covenant: Covenant, *, actor) -> Covenant:
    """Publish the bloc's ranking for the year, once every sheet is in. Refused to staff without the right to
    change covenants. Side effects (lib.publication.set_published): saves, logs a PublicChange, refreshes the
    public pages."""
    if not covenant.criteria.exists():
        raise NotAllowedNow(_("Giao ước chưa có tiêu chí."), code="no_criteria")
    missing = missing_sheets(covenant)
    if missing:
        raise NotAllowedNow(
            _("Còn %(count)s phiếu chấm chưa nộp (ví dụ: %(scorer)s chấm %(scored)s).")
            % {"count": len(missing), "scorer": missing[0][0], "scored": missing[0][1]},
            code="incomplete",
        )
    return set_published(covenant, actor=actor, published=True)


def unpublish_ranking(covenant: Covenant, *, actor) -> Covenant:
    return set_published(covenant, actor=actor, published=False)


# ---------------------------------------------------------------------------
# Figures (statistics, dashboard)
# ---------------------------------------------------------------------------
def bloc_counts(year: int, agency: Agency | None = None) -> dict:
    """Per year: blocs with a covenant, members, sheets handed in and expected, rankings published; with
    `agency`, only the blocs it (or an agency merged into it) belonged to. `per_bloc` lists each covenant:
    (bloc name, members, sheets in, published)."""
    covenants = Covenant.objects.filter(year=year)
    if agency is not None:
        covenants = covenants.filter(pk__in=Covenant.objects.for_agency(agency).values("pk"))
    covenants = covenants.annotate(
        members=Count("bloc__memberships", filter=Q(bloc__memberships__year=year), distinct=True),
        sheets_in=Count("sheets", distinct=True),
    )
    named = list(covenants.order_by("bloc__name").values_list("bloc__name", "members", "sheets_in", "is_published"))
    rows = [row[1:] for row in named]
    return {
        "per_bloc": named,
        "covenants": len(rows),
        "members": sum(m for m, _s, _p in rows),
        "sheets": sum(s for _m, s, _p in rows),
        "sheets_expected": sum(m * m for m, _s, _p in rows),
        "published": sum(1 for _m, _s, p in rows if p),
    }


def covenants_with_criteria():
    return Covenant.objects.select_related("bloc").prefetch_related(
        Prefetch("criteria", CovenantCriterion.objects.order_by("position", "pk"))
    )
