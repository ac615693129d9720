"""Judges: the group, assignment, conflicts of interest, scores."""

from __future__ import annotations

from collections import Counter, defaultdict

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from contests.models import Assignment, Conflict, ContestLog, Entry, Round, Score
from contests.models.judging import CRITERIA, MAX_POINTS
from movements.audiences import judges
from movements.services import ensure_judges_group
from tayninh_thidua.lib import outbox

from ._common import log_change

# Fewer than two judges per entry is no jury: the staff form and assign_judges never go below it.
MIN_JUDGES_PER_ENTRY = 2


def judges_group() -> Group:
    """The "Giám khảo" group (seed_plan creates it with the staff group; here for callers that run earlier)."""
    return ensure_judges_group()


@transaction.atomic
def assign_judges(round_: Round, *, per_entry: int | None = None, judge_list=None, actor=None) -> int:
    """Give every entry of the round its judges (`per_entry`, kept as the round's judges_per_entry; by default
    the round's), spreading the load evenly.

    Each entry goes to the least-loaded judges who have not declared a conflict with it (ties by
    id), so loads differ by at most one when there are no conflicts. Keeps existing assignments.
    Writes: Assignment rows, Round.judges_per_entry; logs ContestLog.Action.ROUND_ASSIGNED; queues in the outbox
    one notice per judge given new entries. Returns how many were created. Raises ValidationError if fewer
    judges than needed are available, or an entry has too few judges free of conflict.
    """
    round_ = Round.objects.select_for_update(of=("self",)).select_related("edition__organiser").get(pk=round_.pk)
    if not round_.is_open_for_scoring():
        raise ValidationError(_("Vòng chấm này đã khép lại, không phân công thêm."))
    if per_entry is not None and max(per_entry, MIN_JUDGES_PER_ENTRY) != round_.judges_per_entry:
        round_.judges_per_entry = max(per_entry, MIN_JUDGES_PER_ENTRY)
        round_.save(update_fields=["judges_per_entry"])
    per_entry = round_.judges_per_entry
    pool = list(judge_list if judge_list is not None else judges())
    if len(pool) < per_entry:
        raise ValidationError(
            _("Cần ít nhất %(n)s giám khảo trong nhóm “Giám khảo” để phân công; hiện có %(have)s.")
            % {"n": per_entry, "have": len(pool)}
        )
    entries = list(Entry.objects.in_round(round_).order_by("number"))
    existing = defaultdict(set)
    load = Counter({j.pk: 0 for j in pool})
    for entry_id, judge_id in Assignment.objects.filter(round=round_).values_list("entry_id", "judge_id"):
        existing[entry_id].add(judge_id)
        load[judge_id] += 1
    conflicts = defaultdict(set)
    for judge_id, entry_id in Conflict.objects.filter(entry__in=entries).values_list("judge_id", "entry_id"):
        conflicts[entry_id].add(judge_id)
    new = []
    for entry in entries:
        missing = per_entry - len(existing[entry.pk])
        if missing <= 0:
            continue
        free = [j for j in pool if j.pk not in existing[entry.pk] and j.pk not in conflicts[entry.pk]]
        if len(free) < missing:
            raise ValidationError(
                _("Bài %(code)s không đủ giám khảo không có xung đột lợi ích để chấm.") % {"code": entry.code}
            )
        for judge in sorted(free, key=lambda j: (load[j.pk], j.pk))[:missing]:
            new.append(Assignment(round=round_, entry=entry, judge=judge))
            existing[entry.pk].add(judge.pk)
            load[judge.pk] += 1
    Assignment.objects.bulk_create(new)
    log_change(
        round_.edition, ContestLog.Action.ROUND_ASSIGNED, actor=actor, to_value=round_.kind, comment=str(len(new))
    )
    queue_assignment_notices(round_, new)
    return len(new)


def queue_assignment_notices(round_: Round, assignments: list[Assignment]) -> None:
    """Tell each judge which entries (codes only: judging is blind) they were just given, and by when.

    Side effects: one outbox row per judge with an e-mail address (a judge without one is told nothing).
    """
    codes = defaultdict(list)
    people = {}
    for assignment in assignments:
        codes[assignment.judge_id].append(assignment.entry.code)
        people[assignment.judge_id] = assignment.judge
    link = settings.SITE_URL + reverse("judges:assignment.list")
    for judge_id, judge_codes in codes.items():
        judge = people[judge_id]
        if not judge.email:
            continue
        outbox.queue_mail(
            kind="contest-assignment",
            to=[judge.email],
            subject=_("Phân công chấm bài vòng %(round)s – %(title)s %(year)s")
            % {"round": round_.get_kind_display(), "title": round_.edition.title, "year": round_.edition.year},
            body=render_to_string(
                "emails/contests/judge_assigned.txt",
                {"judge": judge, "round": round_, "codes": sorted(judge_codes), "link": link},
            ),
        )


def short_of_judges(round_: Round) -> list[tuple[Entry, int]]:
    """Entries of an open round, once it has been assigned, with fewer judges than it requires (a conflict
    declared with no free judge left, an entry put back in the contest): (entry, judges assigned). Reads only."""
    if not round_.is_open_for_scoring():
        return []
    counts = dict(Assignment.objects.filter(round=round_).values_list("entry_id").annotate(n=Count("pk")).order_by())
    if not counts:
        return []
    entries = Entry.objects.in_round(round_).order_by("number").only("pk", "code", "number", "title")
    return [(e, counts.get(e.pk, 0)) for e in entries if counts.get(e.pk, 0) < round_.judges_per_entry]


def judges_missing(entry: Entry) -> int:
    """How many judges the entry still lacks in the open round it competes in (0 when it has all it needs)."""
    round_ = Round.objects.filter(edition_id=entry.edition_id, order=entry.stage, advanced_at__isnull=True).first()
    if round_ is None or not round_.is_open_for_scoring():
        return 0
    return max(0, round_.judges_per_entry - Assignment.objects.filter(round=round_, entry=entry).count())


def get_assignment_for_judge(user, pk: int) -> Assignment:
    """The one door for judges to an entry: their own assignment or Http404."""
    assignment = Assignment.objects.for_judge(user).filter(pk=pk).first()
    if assignment is None:
        raise Http404
    return assignment


@transaction.atomic
def declare_conflict(judge, entry: Entry, *, reason: str = "", actor=None) -> Conflict:
    """Record the judge's conflict with the entry, withdraw them from it in every open round, and hand it over.

    A score they already gave in an open round is withdrawn too (it should not count); closed rounds are history
    and stay. For each round withdrawn from, the least-loaded judge free of conflict takes the entry (and is told,
    through the outbox); when none is free the entry is flagged for staff (the manage page lists it under "Bài
    cần thêm giám khảo"). Writes: Conflict; deletes the judge's Assignments (and Scores) for the entry in rounds
    not yet advanced; creates the replacements; logs ContestLog.Action.JUDGE_CONFLICT, then JUDGE_REPLACED or
    JUDGE_NEEDED per round.
    """
    actor = actor or judge
    conflict, _created = Conflict.objects.get_or_create(judge=judge, entry=entry, defaults={"reason": reason})
    withdrawn = Assignment.objects.filter(judge=judge, entry=entry, round__advanced_at__isnull=True)
    rounds = list(Round.objects.filter(pk__in=withdrawn.values("round_id")).select_related("edition__organiser"))
    withdrawn.delete()
    log_change(entry.edition, ContestLog.Action.JUDGE_CONFLICT, entry=entry, actor=actor, comment=reason)
    for round_ in rounds:
        _hand_over(round_, entry, actor=actor)
    return conflict


def _hand_over(round_: Round, entry: Entry, *, actor) -> Assignment | None:
    """Give `entry` one more judge in `round_`: the least-loaded judge not assigned to it and free of conflict
    with it (ties by id). Logs JUDGE_REPLACED and queues the judge's notice, or logs JUDGE_NEEDED."""
    taken = set(Assignment.objects.filter(round=round_, entry=entry).values_list("judge_id", flat=True))
    if len(taken) >= round_.judges_per_entry:
        return None
    barred = taken | set(Conflict.objects.filter(entry=entry).values_list("judge_id", flat=True))
    load = Counter(Assignment.objects.filter(round=round_).values_list("judge_id", flat=True))
    free = [j for j in judges() if j.pk not in barred]
    if not free:
        log_change(
            round_.edition,
            ContestLog.Action.JUDGE_NEEDED,
            entry=entry,
            actor=actor,
            to_value=round_.kind,
            comment=_("Không còn giám khảo không có xung đột lợi ích: cần Ban Tổ chức phân công thêm."),
        )
        return None
    judge = min(free, key=lambda j: (load[j.pk], j.pk))
    assignment = Assignment.objects.create(round=round_, entry=entry, judge=judge)
    log_change(
        round_.edition,
        ContestLog.Action.JUDGE_REPLACED,
        entry=entry,
        actor=actor,
        to_value=judge.get_username(),
        comment=round_.get_kind_display(),
    )
    queue_assignment_notices(round_, [assignment])
    return assignment


def save_score(assignment: Assignment, judge, values: dict) -> Score:
    """Save (or replace) the judge's score. Invisible to everyone but staff rankings.

    Writes: Score. Raises ValidationError when the round is closed or a mark is outside 0–10.
    """
    with transaction.atomic():
        assignment = Assignment.objects.select_for_update().select_related("round__edition").get(pk=assignment.pk)
        if assignment.judge_id != judge.pk:
            raise ValidationError(_("Bài này không được phân công cho bạn."))
        if not assignment.round.is_open_for_scoring():
            raise ValidationError(_("Vòng chấm đã khép lại, không thể sửa điểm."))
        marks = {}
        for field, label in CRITERIA:
            value = values.get(field)
            if not isinstance(value, int) or not 0 <= value <= MAX_POINTS:
                raise ValidationError(
                    _("Điểm “%(label)s” phải là số nguyên từ 0 đến %(max)s.") % {"label": label, "max": MAX_POINTS}
                )
            marks[field] = value
        score, _created = Score.objects.update_or_create(
            assignment=assignment, defaults={**marks, "comment": values.get("comment", "")}
        )
    return score
