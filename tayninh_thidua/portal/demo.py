"""Demo honours that obey the award rules: each one passes `AwardType.evaluate`, the function approval uses.

For each exemplar, a career of honours year by year (oldest first, so prerequisites such as three consecutive
"Chiến sĩ thi đua cơ sở" before "Chiến sĩ thi đua cấp tỉnh" are met by what was given before): the award's
recipient kind, the version in force on the decision date, the signer of the award's level
(`AwardType.signer_for`). There is no dossier behind a demo honour, so documents and council votes are not
judged (`Candidate(dossier=False)`, as for an honour recorded in the admin).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from exemplars.models import AwardType, Candidate, Exemplar, Honour
from movements.models import Movement, PlanPhase

# The years demo honours fall in: every one of them has a seeded version in force (from 31/07/2017).
FIRST_YEAR, LAST_YEAR = 2018, 2025
# How often each award is chosen among those a candidate may receive (prerequisite titles weigh more,
# so the demo shows them whenever a career allows it). Unlisted awards weigh 1.
WEIGHTS = {
    "Lao động tiên tiến": 3,
    "Chiến sĩ thi đua cơ sở": 5,
    "Chiến sĩ thi đua cấp tỉnh": 20,
    "Tập thể lao động tiên tiến": 3,
    "Cờ thi đua của UBND tỉnh": 3,
}


def _initials(name: str) -> str:
    words = [w for w in name.split() if w.lower() not in {"và", "-", "–"}]
    return "".join(w[0] for w in words).upper()


def decision_number(rng: random.Random, award: AwardType, exemplar: Exemplar) -> str:
    issuer = "UBND" if award.level == AwardType.Level.PROVINCE else _initials(exemplar.agency.name)
    return f"{rng.randint(1, 3999)}/QĐ-{issuer}"


def _phase_for(movement: Movement | None, phases: list[PlanPhase], year: int) -> PlanPhase | None:
    return next((p for p in phases if p.start_date.year <= year <= p.end_date.year), None) if movement else None


def lawful_honours(
    rng: random.Random,
    count: int,
    exemplars: list[Exemplar],
    awards: list[AwardType],
    movement_of: dict[int, Movement],
    phases_of: dict[int, list[PlanPhase]],
) -> list[Honour]:
    """Up to `count` unsaved honours, spread over `exemplars` (one a year each, ending in LAST_YEAR)."""
    versions = [a for a in awards if a.recipient != AwardType.Recipient.HOUSEHOLD]
    honours = []
    for index, given in sorted(_careers(rng, count, len(exemplars)).items()):
        exemplar = exemplars[index]
        movement = movement_of.get(exemplar.pk)
        phases = phases_of.get(movement.pk, []) if movement else []
        held: dict[str, set[int]] = defaultdict(set)
        for year in range(LAST_YEAR - given + 1, LAST_YEAR + 1):
            day = dt.date(year, rng.randint(1, 12), 15)
            award = _choose(rng, versions, exemplar, year, day, held)
            if award is None:
                continue
            held[award.name].add(year)
            honours.append(
                Honour(
                    exemplar_id=exemplar.pk,
                    award_type=award,
                    year=year,
                    decision_number=decision_number(rng, award, exemplar),
                    decision_date=day,
                    issuing_authority=award.signer_for(exemplar.agency),
                    movement=movement,
                    phase=_phase_for(movement, phases, year),
                )
            )
    return honours


def _careers(rng: random.Random, count: int, exemplars: int) -> dict[int, int]:
    """How many honours each exemplar gets: `count` in all, at most one a year; spread evenly, then some
    careers lengthened (long careers are where prerequisite titles such as Chiến sĩ thi đua cấp tỉnh appear)."""
    most = LAST_YEAR - FIRST_YEAR + 1
    lengths = defaultdict(int)
    for k in range(min(count, most * exemplars)):
        lengths[k % exemplars] += 1
    for _ in range(count // 4):
        giver, taker = rng.randrange(exemplars), rng.randrange(exemplars)
        if giver != taker and lengths[giver] > 1 and lengths[taker] < most:
            lengths[giver] -= 1
            lengths[taker] += 1
    return lengths


def _choose(rng, versions, exemplar, year, day, held) -> AwardType | None:
    frozen = {name: frozenset(years) for name, years in held.items()}
    lawful = [
        award
        for award in versions
        if award.is_in_force_on(day)
        and not award.unmet(
            Candidate(
                kind=exemplar.kind,
                year=year,
                dossier=False,
                decision_date=day,
                authority=award.signer_for(exemplar.agency),
                held=frozen,
            )
        )
    ]
    if not lawful:
        return None
    return rng.choices(lawful, weights=[WEIGHTS.get(a.name, 1) for a in lawful])[0]
