"""The figures: exemplars and honours per dimension, contest entries per edition.

Every table is one or two aggregate queries (GROUP BY), whatever the number of rows; labels come from a few small
lookups shared by all tables, so the statistics page costs a fixed number of queries.

Public figures count only published exemplars (`Exemplar.objects.published()`) and, of their honours, those not
revoked; a movement still in draft is never named. Staff figures (`Scope(include_unpublished=True)`) count
everything, revoked honours included (their number is also given apart). An agency merged into another is counted
under its successor (the end of its `successor` chain), and the row names the agencies whose figures it holds.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from operator import itemgetter

from django.db.models import Count, Exists, Max, OuterRef, Q
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _

from contests.models import Edition, Entry, Round
from exemplars.models import AwardType, Exemplar, Honour
from movements.models import Agency, Field, Movement, PlanPhase


@dataclass(frozen=True)
class Scope:
    """What to count. Public by default; `agency_ids` limits to one agency and its predecessors."""

    include_unpublished: bool = False
    plan_id: int | None = None
    phase_id: int | None = None
    movement_id: int | None = None
    year: int | None = None
    agency_ids: frozenset[int] | None = None


@dataclass
class Row:
    label: str
    values: list[int]
    note: str = ""


@dataclass
class Table:
    key: str
    title: str
    dimension: str
    columns: list[str]
    rows: list[Row] = field(default_factory=list)
    # Where one exemplar can stand on several rows (several movements, titles or levels), the first column's total is
    # the number of distinct exemplars, not the sum of the rows.
    exemplar_total: int | None = None

    @property
    def header(self) -> list[str]:
        return [self.dimension, *self.columns]

    def as_rows(self) -> list[list]:
        return [[row.label, *row.values] for row in self.rows]

    @property
    def totals(self) -> list[int]:
        sums = [sum(row.values[i] for row in self.rows) for i in range(len(self.columns))]
        return sums if self.exemplar_total is None else [self.exemplar_total, *sums[1:]]


@dataclass
class Figures:
    scope: Scope
    exemplars: int
    honours: int
    honours_revoked: int
    models: int
    tables: list[Table]

    def table(self, key: str) -> Table | None:
        return next((t for t in self.tables if t.key == key), None)


# ---------------------------------------------------------------------------
# The two base querysets
# ---------------------------------------------------------------------------
def exemplar_queryset(scope: Scope):
    qs = Exemplar.objects.all() if scope.include_unpublished else Exemplar.objects.published()
    qs = qs.annotate(stat_year=ExtractYear(Coalesce("published_at", "created_at")))
    if scope.phase_id:
        qs = qs.filter(phase_id=scope.phase_id)
    elif scope.plan_id:
        qs = qs.filter(phase__plan_id=scope.plan_id)
    if scope.movement_id:
        qs = qs.filter(movements=scope.movement_id)
    if scope.year:
        qs = qs.filter(stat_year=scope.year)
    if scope.agency_ids is not None:
        qs = qs.filter(agency_id__in=scope.agency_ids)
    return qs.order_by()


def honour_queryset(scope: Scope):
    qs = Honour.objects.all()
    if not scope.include_unpublished:
        qs = qs.filter(
            revoked_at__isnull=True,
            exemplar__is_published=True,
            exemplar__published_at__isnull=False,
            exemplar__published_at__lte=timezone.now(),
        )
    if scope.phase_id:
        qs = qs.filter(phase_id=scope.phase_id)
    elif scope.plan_id:
        qs = qs.filter(phase__plan_id=scope.plan_id)
    if scope.movement_id:
        qs = qs.filter(movement_id=scope.movement_id)
    if scope.year:
        qs = qs.filter(year=scope.year)
    if scope.agency_ids is not None:
        qs = qs.filter(exemplar__agency_id__in=scope.agency_ids)
    return qs.order_by()


class HonourRows:
    """The scope's honours read once, as a few small integer columns in one query, then counted in Python per table.

    Grouping 30,000 honours joined to their exemplars costs PostgreSQL 30–40 ms per GROUP BY, and the page has a
    dozen such tables; reading the rows once and counting them here costs about as much as one. Award types are read
    as ids (names and levels come from one small lookup), and each column is counted only when a table asks for it.
    """

    COLUMNS = (
        "exemplar_id",
        "phase_id",
        "movement_id",
        "movement__is_published",
        "exemplar__field_id",
        "exemplar__kind",
        "exemplar__stage",
        "award_type_id",
        "exemplar__agency_id",
        "exemplar__locality",
        "year",
        "revoked_at",
    )
    AWARD_KEYS = {"award_type__name": 0, "award_type__level": 1}

    def __init__(self, queryset) -> None:
        self.queryset = queryset
        self._counters: dict[str, Counter] = {}

    @cached_property
    def rows(self) -> list[tuple]:
        return list(self.queryset.values_list(*self.COLUMNS))

    @cached_property
    def awards(self) -> dict[int, tuple[str, str]]:
        """Award type id → (name, level), for the types these honours use."""
        ids = self._counter("award_type_id").keys()
        return {
            pk: (name, level)
            for pk, name, level in AwardType.objects.filter(pk__in=ids).values_list("pk", "name", "level")
        }

    def _column(self, key: str):
        return map(itemgetter(self.COLUMNS.index(key)), self.rows)

    def _counter(self, key: str) -> Counter:
        """Honours per value of `key` (counted in C: map and itemgetter), once per key."""
        if key not in self._counters:
            if key in self.AWARD_KEYS:
                at, awards = self.AWARD_KEYS[key], self.awards
                counter: Counter = Counter()
                for pk, n in self._counter("award_type_id").items():
                    counter[awards[pk][at]] += n
            elif key == "published movement_id":
                published = self.COLUMNS.index("movement__is_published")
                movement = self.COLUMNS.index("movement_id")
                counter = Counter(map(itemgetter(movement), filter(itemgetter(published), self.rows)))
            else:
                counter = Counter(self._column(key))
            self._counters[key] = counter
        return self._counters[key]

    def grouped(self, key: str, *, published_movements_only: bool = False) -> dict:
        """Honours per value of `key` (a COLUMNS name); under published movements only, if asked."""
        return dict(self._counter(f"published {key}" if published_movements_only else key))

    def with_exemplars(self, key: str) -> list[tuple]:
        """(value, distinct exemplars, honours) per value of `key` (an award type's name or level)."""
        value_of = {pk: award[self.AWARD_KEYS[key]] for pk, award in self.awards.items()}
        held = set(
            zip(map(value_of.__getitem__, self._column("award_type_id")), self._column("exemplar_id"), strict=True)
        )
        exemplars = Counter(map(itemgetter(0), held))
        return [(value, exemplars[value], n) for value, n in self._counter(key).items()]

    @cached_property
    def exemplar_count(self) -> int:
        """Distinct exemplars holding these honours."""
        return len(set(self._column("exemplar_id")))

    def totals(self) -> dict:
        revoked = self.COLUMNS.index("revoked_at")
        return {"n": len(self.rows), "revoked": sum(1 for row in self.rows if row[revoked] is not None)}


def _grouped(qs, key: str, *, distinct_exemplars: bool = False) -> dict:
    measure = Count("exemplar", distinct=True) if distinct_exemplars else Count("pk")
    return dict(qs.values_list(key).annotate(n=measure).values_list(key, "n"))


def _pairs(exemplars: dict, honours: dict) -> dict:
    return {key: [exemplars.get(key, 0), honours.get(key, 0)] for key in exemplars.keys() | honours.keys()}


# ---------------------------------------------------------------------------
# Labels, looked up once for every table
# ---------------------------------------------------------------------------
@dataclass
class Labels:
    phases: list[PlanPhase]
    movements: list[Movement]
    fields: list[Field]
    agencies: dict[int, Agency]

    @classmethod
    def load(cls, *, include_unpublished: bool) -> Labels:
        movements = Movement.objects.all() if include_unpublished else Movement.objects.published()
        return cls(
            phases=list(PlanPhase.objects.select_related("plan").order_by("start_date", "pk")),
            movements=list(movements.only("pk", "name", "position", "is_published").order_by("position", "name")),
            fields=list(Field.objects.order_by("position", "name")),
            agencies={a.pk: a for a in Agency.objects.only("pk", "name", "successor_id", "active_until")},
        )

    def current_agency(self, agency_id: int) -> Agency:
        """The end of the successor chain (loops and missing rows stop the walk)."""
        agency, seen = self.agencies[agency_id], {agency_id}
        while agency.successor_id and agency.successor_id not in seen and agency.successor_id in self.agencies:
            seen.add(agency.successor_id)
            agency = self.agencies[agency.successor_id]
        return agency

    def lineage(self, agency_id: int) -> frozenset[int]:
        """The agency and every agency merged into it, directly or through others."""
        target = self.current_agency(agency_id).pk
        return frozenset(pk for pk in self.agencies if self.current_agency(pk).pk == target)


def _ordered_rows(items, counts: dict, *, label=str) -> list[Row]:
    return [Row(label(item), counts[item.pk]) for item in items if item.pk in counts]


def _unknown(counts: dict, rows: list[Row], label: str) -> list[Row]:
    if None in counts:
        rows.append(Row(label, counts[None]))
    return rows


# ---------------------------------------------------------------------------
# The tables
# ---------------------------------------------------------------------------
def _columns() -> list[str]:
    return [_("Điển hình"), _("Khen thưởng")]


def _phase_table(ex, hon, labels: Labels) -> Table:
    counts = _pairs(_grouped(ex, "phase_id"), hon.grouped("phase_id"))
    rows = _ordered_rows(labels.phases, counts)
    return Table(
        "giai-doan", _("Theo giai đoạn"), _("Giai đoạn"), _columns(), _unknown(counts, rows, _("Chưa gắn giai đoạn"))
    )


def _movement_table(ex, hon, labels: Labels, include_unpublished: bool) -> Table:
    # The total: exemplars in at least one (published) movement, each once; EXISTS, not a join and DISTINCT.
    links = Exemplar.movements.through.objects.filter(exemplar_id=OuterRef("pk"))
    in_movements = ex.filter(Exists(links if include_unpublished else links.filter(movement__is_published=True)))
    if not include_unpublished:  # a draft movement is never named publicly
        ex = ex.filter(movements__is_published=True)
    honours = hon.grouped("movement_id", published_movements_only=not include_unpublished)
    honours.pop(None, None)  # an honour under no movement
    counts = _pairs(_grouped(ex.filter(movements__isnull=False), "movements"), honours)
    counts.pop(None, None)
    rows = _ordered_rows(labels.movements, counts, label=lambda m: m.name)
    return Table("phong-trao", _("Theo phong trào"), _("Phong trào"), _columns(), rows, in_movements.count())


def _field_table(ex, hon, labels: Labels) -> Table:
    counts = _pairs(_grouped(ex, "field_id"), hon.grouped("exemplar__field_id"))
    rows = _ordered_rows(labels.fields, counts)
    return Table(
        "linh-vuc", _("Theo lĩnh vực"), _("Lĩnh vực"), _columns(), _unknown(counts, rows, _("Chưa rõ lĩnh vực"))
    )


def _kind_table(ex, hon) -> Table:
    counts = _pairs(_grouped(ex, "kind"), hon.grouped("exemplar__kind"))
    rows = [Row(str(label), counts[value]) for value, label in Exemplar.Kind.choices if value in counts]
    return Table("loai", _("Theo loại điển hình"), _("Loại"), _columns(), rows)


def _stage_table(ex, hon) -> Table:
    """The exemplar's life (#14): found, verified, nurtured, replicated — from the stage the lifecycle services keep."""
    counts = _pairs(_grouped(ex, "stage"), hon.grouped("exemplar__stage"))
    rows = [Row(str(label), counts[value]) for value, label in Exemplar.Stage.choices if value in counts]
    return Table("giai-doan-dien-hinh", _("Theo bước phát hiện, bồi dưỡng, nhân rộng"), _("Bước"), _columns(), rows)


def _award_tables(hon) -> list[Table]:
    """Per award type (versions of one title counted together, by name) and per level."""
    by_name = hon.with_exemplars("award_type__name")
    by_level = {level: [e, h] for level, e, h in hon.with_exemplars("award_type__level")}
    names = sorted(by_name, key=lambda r: (-r[2], r[0]))
    return [
        Table(
            "danh-hieu",
            _("Theo danh hiệu, hình thức khen thưởng"),
            _("Danh hiệu, hình thức"),
            _columns(),
            [Row(name, [e, h]) for name, e, h in names],
            hon.exemplar_count,
        ),
        Table(
            "cap",
            _("Theo cấp khen thưởng"),
            _("Cấp"),
            _columns(),
            [Row(str(label), by_level[v]) for v, label in AwardType.Level.choices if v in by_level],
            hon.exemplar_count,
        ),
    ]


def _agency_table(ex, hon, labels: Labels) -> Table:
    counts = _pairs(_grouped(ex, "agency_id"), hon.grouped("exemplar__agency_id"))
    merged: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    held: dict[int, list[str]] = defaultdict(list)
    for agency_id, (e, h) in counts.items():
        current = labels.current_agency(agency_id)
        merged[current.pk][0] += e
        merged[current.pk][1] += h
        if current.pk != agency_id:
            old = labels.agencies[agency_id]
            until = f" ({_('đến')} {old.active_until:%d/%m/%Y})" if old.active_until else ""
            held[current.pk].append(f"{old.name}{until}")
    rows = [
        Row(
            labels.agencies[pk].name,
            values,
            _("Gồm số liệu của: %(names)s") % {"names": "; ".join(sorted(held[pk]))} if held[pk] else "",
        )
        for pk, values in merged.items()
    ]
    rows.sort(key=lambda r: (-r.values[0], -r.values[1], r.label))
    return Table("don-vi", _("Theo cơ quan, đơn vị"), _("Cơ quan, đơn vị"), _columns(), rows)


def _locality_table(ex, hon) -> Table:
    counts = _pairs(_grouped(ex, "locality"), hon.grouped("exemplar__locality"))
    unknown = [a + b for a, b in zip(counts.pop("", [0, 0]), counts.pop(None, [0, 0]), strict=True)]
    rows = sorted((Row(name, values) for name, values in counts.items()), key=lambda r: (-r.values[0], r.label))
    if any(unknown):
        rows.append(Row(_("Chưa rõ địa phương"), unknown))
    return Table("dia-phuong", _("Theo địa phương"), _("Địa phương"), _columns(), rows)


def _year_table(ex, hon) -> Table:
    counts = _pairs(_grouped(ex, "stat_year"), hon.grouped("year"))
    counts.pop(None, None)
    rows = [Row(str(year), counts[year]) for year in sorted(counts)]
    return Table("nam", _("Theo năm"), _("Năm"), _columns(), rows)


def contest_table(*, include_unpublished: bool) -> Table:
    """Entries received, finalists (entries that reached the last round) and winners per edition. Publicly only
    editions whose results are published. Two queries."""
    editions = Edition.objects.order_by("year")
    if not include_unpublished:
        editions = editions.filter(results_published_at__isnull=False)
    editions = list(editions.only("pk", "year", "number", "title"))
    last_round = dict(
        Round.objects.filter(edition__in=[e.pk for e in editions])
        .order_by()
        .values_list("edition_id")
        .annotate(n=Max("order"))
        .values_list("edition_id", "n")
    )
    grouped = (
        Entry.objects.filter(edition__in=[e.pk for e in editions])
        .order_by()
        .values_list("edition_id", "stage", "disqualified")
        .annotate(n=Count("pk"), won=Count("pk", filter=Q(prize__isnull=False)))
    )
    totals: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    for edition_id, stage, disqualified, n, won in grouped:
        totals[edition_id][0] += n
        if not disqualified and stage >= last_round.get(edition_id, 1) and last_round.get(edition_id):
            totals[edition_id][1] += n
        totals[edition_id][2] += won
    rows = [Row(f"{e.title} {e.year}", totals[e.pk]) for e in editions]
    return Table(
        "cuoc-thi",
        _("Cuộc thi “Gương người tốt quanh ta”"),
        _("Kỳ cuộc thi"),
        [_("Bài dự thi"), _("Vào chung kết"), _("Đoạt giải")],
        rows,
    )


def compute(scope: Scope, *, labels: Labels | None = None, contests: bool = True) -> Figures:
    """Every table for `scope`, in a fixed number of queries."""
    labels = labels or Labels.load(include_unpublished=scope.include_unpublished)
    ex, hon = exemplar_queryset(scope), HonourRows(honour_queryset(scope))
    totals = ex.aggregate(n=Count("pk"), models=Count("pk", filter=Q(kind=Exemplar.Kind.MODEL)))
    honour_totals = hon.totals()
    tables = [
        _phase_table(ex, hon, labels),
        _movement_table(ex, hon, labels, scope.include_unpublished),
        _field_table(ex, hon, labels),
        _kind_table(ex, hon),
        _stage_table(ex, hon),
        *_award_tables(hon),
        _agency_table(ex, hon, labels),
        _locality_table(ex, hon),
        _year_table(ex, hon),
    ]
    if contests and scope.agency_ids is None:
        tables.append(contest_table(include_unpublished=scope.include_unpublished))
    return Figures(
        scope=scope,
        exemplars=totals["n"],
        honours=honour_totals["n"],
        honours_revoked=honour_totals["revoked"],
        models=totals["models"],
        tables=tables,
    )
