"""Changes and reads for review reports: create them for participants, submit, accept, return; the board.

Every state change goes through `transition_report`, which locks the row, checks the move, saves and logs it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from tayninh_thidua.lib.uploads import clean_document
from tayninh_thidua.lib.workflow import Move, NotAllowedForYou, NotAllowedNow, check_move

from ..models import (
    Agency,
    Movement,
    MovementParticipant,
    PlanPhase,
    ReviewReport,
    ReviewReportAttachment,
    ReviewReportEvent,
)
from ..models.reports import holds_report_role
from .notices import queue_report_notice

DUE_SOON_DAYS = 14
REPORTED_STATES = (ReviewReport.State.SUBMITTED, ReviewReport.State.ACCEPTED)
PREFILLED_FIELDS = ("exemplars_found", "models_found", "models_replicated", "exemplar_notes")

# Apps above fill a report's figures from their own records (exemplars: proposals and replications). A hook,
# since movements may not import them: each function takes the report and returns {field: value}.
_prefills: list[Callable[[ReviewReport], dict]] = []


def register_report_prefill(func: Callable[[ReviewReport], dict]) -> None:
    if func not in _prefills:
        _prefills.append(func)


def report_prefill(report: ReviewReport) -> dict:
    """What the report's form starts with while the agency has filled in none of PREFILLED_FIELDS (a report still
    open); {} otherwise, so nothing the agency typed is ever replaced."""
    if not report.is_open or any(getattr(report, name) for name in PREFILLED_FIELDS):
        return {}
    initial: dict = {}
    for func in _prefills:
        initial.update({k: v for k, v in func(report).items() if k in PREFILLED_FIELDS and v})
    return initial


# ---------------------------------------------------------------------------
# Creating the reports a movement's agencies owe
# ---------------------------------------------------------------------------
def participating_agencies(movement: Movement) -> list[Agency]:
    """Lead, coordinating and assigned agencies of a movement (each once)."""
    ids = set(movement.coordinating_agencies.values_list("pk", flat=True))
    ids |= set(MovementParticipant.objects.filter(movement=movement).values_list("agency_id", flat=True))
    if movement.lead_agency_id:
        ids.add(movement.lead_agency_id)
    return list(Agency.objects.filter(pk__in=ids).select_related("successor__successor").order_by("pk"))


def owner_on(agency: Agency, day: dt.date) -> Agency:
    """The agency that owes a report due on `day`: itself, or its successor if it was merged before then."""
    current = agency
    for _hop in range(10):
        if current.active_until is None or current.active_until >= day or current.successor_id is None:
            return current
        current = current.successor
    return current


def _phase_due_dates(phase: PlanPhase) -> list[tuple[str, dt.date]]:
    pairs = [
        (ReviewReport.Kind.PRELIMINARY, phase.preliminary_review_date),
        (ReviewReport.Kind.FINAL, phase.final_review_date),
    ]
    return [(kind, day) for kind, day in pairs if day]


def sync_review_reports(movements: QuerySet[Movement] | None = None, batch_size: int = 1000) -> int:
    """Create the missing reports (movement × participating agency × phase × kind) and follow phase dates.

    Side effects: inserts ReviewReport rows (ignoring existing ones) and moves the due date of reports still
    open when a phase's review date changed. Safe to run again. Returns the number of rows tried.
    """
    movements = movements if movements is not None else Movement.objects.all()
    tried = 0
    for movement in movements.prefetch_related("phases").iterator(chunk_size=100):
        agencies = participating_agencies(movement)
        for phase in movement.phases.all():
            for kind, due in _phase_due_dates(phase):
                owners = {owner_on(agency, due).pk for agency in agencies}
                rows = [
                    ReviewReport(movement=movement, agency_id=a, phase=phase, kind=kind, due_date=due)
                    for a in sorted(owners)
                ]
                ReviewReport.objects.bulk_create(rows, batch_size=batch_size, ignore_conflicts=True)
                tried += len(rows)
                ReviewReport.objects.filter(
                    movement=movement, phase=phase, kind=kind, state__in=ReviewReport.OPEN_STATES
                ).exclude(due_date=due).update(due_date=due)
    return tried


# ---------------------------------------------------------------------------
# Workflow
# ---------------------------------------------------------------------------
def get_report_for_agency(agency: Agency, pk: int) -> ReviewReport:
    """The one door to an agency's report: 404 for anything not its own."""
    return get_object_or_404(ReviewReport.objects.with_relations().for_agency(agency), pk=pk)


def _lock(report: ReviewReport) -> ReviewReport:
    return ReviewReport.objects.select_for_update().get(pk=report.pk)


def _check(locked: ReviewReport, to_state: str, actor, comment: str = "") -> Move:
    return check_move(
        ReviewReport.State, locked, to_state, actor=actor, holds=holds_report_role, comment=comment, noun=_("báo cáo")
    )


def _log(locked: ReviewReport, from_state: str, actor, comment: str = "") -> ReviewReportEvent:
    """Write the move's log row and queue its notice, if the move notifies (accept, return)."""
    event = ReviewReportEvent.record(
        report=locked, actor=actor, from_state=from_state, to_state=locked.state, comment=comment
    )
    queue_report_notice(event)
    return event


@transaction.atomic
def submit_report(report: ReviewReport, actor, agency: Agency | None = None) -> ReviewReport:
    """The agency hands in its report (a member of the agency that owes it). Refused without a summary.

    Side effects: saves the state, time and submitter; writes a ReviewReportEvent.
    """
    locked = _lock(report)
    if agency is not None and locked.agency_id != agency.pk:
        raise NotAllowedForYou(_("Báo cáo này không thuộc đơn vị của bạn."))
    _check(locked, ReviewReport.State.SUBMITTED, actor)
    if not locked.summary.strip():
        raise NotAllowedNow(_("Cần nhập tóm tắt kết quả trước khi nộp báo cáo."), code="summary_required")
    from_state, locked.state = locked.state, ReviewReport.State.SUBMITTED
    locked.submitted_at, locked.submitted_by = timezone.now(), actor
    locked.save()
    _log(locked, from_state, actor)
    return locked


@transaction.atomic
def accept_report(report: ReviewReport, actor, comment: str = "") -> ReviewReport:
    """Provincial staff accept a submitted report.

    Side effects: saves state, time, comment; writes an event; queues one notice to the agency (outbox).
    """
    locked = _lock(report)
    _check(locked, ReviewReport.State.ACCEPTED, actor, comment)
    from_state, locked.state = locked.state, ReviewReport.State.ACCEPTED
    locked.reviewed_at = timezone.now()
    locked.review_comment = comment.strip() or locked.review_comment
    locked.save()
    _log(locked, from_state, actor, comment.strip())
    return locked


@transaction.atomic
def return_report(report: ReviewReport, actor, comment: str) -> ReviewReport:
    """Provincial staff return a submitted report with the reason; the agency completes and resubmits it.

    Side effects: saves state, time and the reason; writes an event; queues one notice to the agency with the
    reason (outbox). Refused without a reason.
    """
    locked = _lock(report)
    _check(locked, ReviewReport.State.RETURNED, actor, comment)
    from_state, locked.state = locked.state, ReviewReport.State.RETURNED
    locked.reviewed_at = timezone.now()
    locked.review_comment = comment.strip()
    locked.save()
    _log(locked, from_state, actor, comment.strip())
    return locked


def add_attachment(report: ReviewReport, upload, title: str, actor) -> ReviewReportAttachment:
    """Store a checked PDF/DOCX privately. Side effects: writes the file and a ReviewReportAttachment row."""
    content, content_type = clean_document(upload, allow_images=False)
    if not report.is_open:
        raise ValidationError(_("Báo cáo đã nộp, không thể thêm tệp."))
    return ReviewReportAttachment.objects.create(
        report=report, title=title or upload.name[:255], file=content, content_type=content_type, uploaded_by=actor
    )


# ---------------------------------------------------------------------------
# The compliance board
# ---------------------------------------------------------------------------
@dataclass
class BoardRow:
    movement_id: int
    movement: str
    phase_id: int
    phase: str
    kind: str
    kind_label: str
    due_date: dt.date | None
    total: int
    reported: int
    due_soon: int
    overdue: int
    agencies: dict[str, list[str]] = field(default_factory=dict)

    @property
    def pending(self) -> int:
        return self.total - self.reported


def board_filter(
    qs: QuerySet[ReviewReport], movement: int | None, phase: int | None, kind: str | None
) -> QuerySet[ReviewReport]:
    if movement:
        qs = qs.filter(movement_id=movement)
    if phase:
        qs = qs.filter(phase_id=phase)
    if kind:
        qs = qs.filter(kind=kind)
    return qs


def _status_q(today: dt.date) -> dict[str, Q]:
    open_ = Q(state__in=ReviewReport.OPEN_STATES)
    return {
        "reported": Q(state__in=REPORTED_STATES),
        "due_soon": open_ & Q(due_date__gte=today, due_date__lte=today + dt.timedelta(days=DUE_SOON_DAYS)),
        "overdue": open_ & Q(due_date__lt=today),
    }


def compliance_rows(qs: QuerySet[ReviewReport], today: dt.date) -> list[BoardRow]:
    """One row per movement × phase × kind with its counts, in one query."""
    status = _status_q(today)
    rows = (
        qs.values("movement_id", "movement__name", "phase_id", "phase__name", "kind")
        .annotate(
            total=Count("pk"),
            reported=Count("pk", filter=status["reported"]),
            due_soon=Count("pk", filter=status["due_soon"]),
            overdue=Count("pk", filter=status["overdue"]),
            due=Max("due_date"),
        )
        .order_by("movement__name", "phase__name", "kind")
    )
    labels = dict(ReviewReport.Kind.choices)
    return [
        BoardRow(
            movement_id=r["movement_id"],
            movement=r["movement__name"],
            phase_id=r["phase_id"],
            phase=r["phase__name"],
            kind=r["kind"],
            kind_label=str(labels.get(r["kind"], r["kind"])),
            due_date=r["due"],
            total=r["total"],
            reported=r["reported"],
            due_soon=r["due_soon"],
            overdue=r["overdue"],
        )
        for r in rows
    ]


def attach_agencies(rows: list[BoardRow], qs: QuerySet[ReviewReport], today: dt.date) -> None:
    """Fill each row's agencies by status (reported / due soon / overdue), in one query."""
    by_key = {(r.movement_id, r.phase_id, r.kind): r for r in rows}
    for row in rows:
        row.agencies = {"reported": [], "due_soon": [], "overdue": []}
    status = _status_q(today)
    wanted = qs.filter(status["reported"] | status["due_soon"] | status["overdue"])
    for m, p, k, state, due, name in wanted.values_list(
        "movement_id", "phase_id", "kind", "state", "due_date", "agency__name"
    ).order_by("agency__name"):
        row = by_key.get((m, p, k))
        if row is None:
            continue
        if state in REPORTED_STATES:
            row.agencies["reported"].append(name)
        elif due < today:
            row.agencies["overdue"].append(name)
        else:
            row.agencies["due_soon"].append(name)


def report_status_label(state: str, due: dt.date, today: dt.date) -> str:
    if state in REPORTED_STATES:
        return str(ReviewReport.State(state).label)
    if due < today:
        return _("Quá hạn")
    if due <= today + dt.timedelta(days=DUE_SOON_DAYS):
        return _("Sắp đến hạn")
    return _("Chưa đến hạn")
