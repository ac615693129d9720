"""Judges: the group, assignment, conflicts of interest, scores."""

from __future__ import annotations

from collections import Counter, defaultdict

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from contests.models import Assignment, Conflict, ContestLog, Entry, Round, Score
from contests.models.judging import CRITERIA, MAX_POINTS
from movements.audiences import judges
from movements.services import ensure_judges_group

from ._common import log_change


def judges_group() -> Group:
    """The "Giám khảo" group (seed_plan creates it with the staff group; here for callers that run earlier)."""
    return ensure_judges_group()


@transaction.atomic
def assign_judges(round_: Round, *, per_entry: int = 2, judge_list=None, actor=None) -> int:
    """Give every entry of the round `per_entry` judges, spreading the load evenly.

    Each entry goes to the least-loaded judges who have not declared a conflict with it (ties by
    id), so loads differ by at most one when there are no conflicts. Keeps existing assignments.
    Writes: Assignment rows; logs ContestLog.Action.ROUND_ASSIGNED. Returns how many were created. Raises
    ValidationError if fewer than two judges are available, or an entry has too few judges free
    of conflict.
    """
    per_entry = max(per_entry, 2)
    round_ = Round.objects.select_for_update().select_related("edition").get(pk=round_.pk)
    if not round_.is_open_for_scoring():
        raise ValidationError(_("Vòng chấm này đã khép lại, không phân công thêm."))
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
    return len(new)


def get_assignment_for_judge(user, pk: int) -> Assignment:
    """The one door for judges to an entry: their own assignment or Http404."""
    assignment = Assignment.objects.for_judge(user).filter(pk=pk).first()
    if assignment is None:
        raise Http404
    return assignment


@transaction.atomic
def declare_conflict(judge, entry: Entry, *, reason: str = "", actor=None) -> Conflict:
    """Record the judge's conflict with the entry and withdraw them from it in every open round.

    A score they already gave in an open round is withdrawn too (it should not count); closed
    rounds are history and stay. Writes: Conflict; deletes the judge's Assignments (and Scores)
    for the entry in rounds not yet advanced; logs ContestLog.Action.JUDGE_CONFLICT.
    """
    conflict, _created = Conflict.objects.get_or_create(judge=judge, entry=entry, defaults={"reason": reason})
    Assignment.objects.filter(judge=judge, entry=entry, round__advanced_at__isnull=True).delete()
    log_change(entry.edition, ContestLog.Action.JUDGE_CONFLICT, entry=entry, actor=actor or judge, comment=reason)
    return conflict


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
