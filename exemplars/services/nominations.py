"""The nomination workflow: every change to a dossier, each one straight-line service function.

Each move locks the row, checks the move against `Nomination.State` (the graph, who makes each move, whether a
reason is required: tayninh_thidua.lib.workflow), checks the domain rules, changes, writes one NominationEvent
and queues its e-mail notice. Creating and editing a draft are services too, and write events.
`transition()` is the generic door (admin actions, tests): it runs the service the graph names for the move.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from movements.audiences import is_member_of, is_reviewer
from tayninh_thidua.lib.uploads import save_after_commit
from tayninh_thidua.lib.workflow import Move, NotAllowedForYou, NotAllowedNow, check_move

from ..models import Exemplar, Honour, Nomination, NominationAttachment, NominationEvent
from ..models.nomination import holds_nomination_role
from . import notices, rules
from .exemplars import publish_exemplar

State = Nomination.State
# The names this module's callers and tests have always used for the kit's two exceptions.
WorkflowError = NotAllowedNow
NotAllowed = NotAllowedForYou


@dataclass(frozen=True)
class Decision:
    number: str
    date: dt.date
    authority: str = ""
    publish: bool = False


# ---------------------------------------------------------------------------
# The steps every move shares
# ---------------------------------------------------------------------------
def _lock(nomination: Nomination) -> Nomination:
    return Nomination.objects.select_for_update().select_related("award_type", "movement").get(pk=nomination.pk)


def _check(locked: Nomination, to_state: str, actor, comment: str) -> Move:
    return check_move(State, locked, to_state, actor=actor, holds=holds_nomination_role, comment=comment)


def _log(locked: Nomination, move: Move | None, from_state: str, actor, comment: str = "") -> NominationEvent:
    """Write the event; for a move that notifies, queue its notice in the outbox in the same transaction."""
    event = NominationEvent.record(
        nomination=locked, actor=actor, from_state=from_state, to_state=locked.state if move else "", comment=comment
    )
    if move is not None and move.notify:
        notices.queue_event_notice(event)
    return event


def _stamp_submission(nomination: Nomination) -> None:
    nomination.submitted_at = timezone.now()
    award = nomination.award_type
    validity = (
        f" ({award.valid_from:%d/%m/%Y} – {award.valid_until:%d/%m/%Y})"
        if award.valid_from and award.valid_until
        else ""
    )
    nomination.rules_basis = (award.legal_basis + validity)[:300]


# ---------------------------------------------------------------------------
# Drafts: creation and edits by the agency
# ---------------------------------------------------------------------------
def _require_member(actor, agency_id: int) -> None:
    if not is_member_of(actor, agency_id):
        raise NotAllowed(_("Bạn không thuộc đơn vị của hồ sơ này."))


@transaction.atomic
def create_nomination(nomination: Nomination, *, actor) -> Nomination:
    """Save a new draft dossier of the actor's own agency. Writes the Nomination and a NominationEvent."""
    _require_member(actor, nomination.agency_id)
    nomination.state = State.DRAFT
    nomination.created_by = actor
    nomination.save()
    _log(nomination, None, "", actor, _("Tạo hồ sơ nháp."))
    return nomination


@transaction.atomic
def update_nomination(nomination: Nomination, *, actor, changed: Iterable[str] = ()) -> Nomination:
    """Save the agency's edits of a draft or returned dossier (`nomination` carries them, unsaved).

    Refused once submitted. Writes the Nomination and a NominationEvent naming the changed fields.
    """
    _require_member(actor, nomination.agency_id)
    locked = _lock(nomination)
    if not locked.is_editable_by_agency:
        raise WorkflowError(_("Hồ sơ đã gửi, không thể chỉnh sửa."), code="not_editable")
    nomination.state = locked.state  # the form never moves the state
    nomination.save()
    labels = [str(Nomination._meta.get_field(name).verbose_name) for name in changed if name != "state"]
    _log(nomination, None, "", actor, _("Sửa hồ sơ: %(fields)s.") % {"fields": ", ".join(labels) or "—"})
    return nomination


@transaction.atomic
def correct_nomination(nomination: Nomination, *, actor, changed: Iterable[str] = ()) -> Nomination:
    """Save a provincial reviewer's correction of a dossier's content (the admin's change form).

    The state never changes here (moves have their own services). Writes the Nomination and a NominationEvent
    naming the changed fields.
    """
    if not is_reviewer(actor):
        raise NotAllowed(_("Bạn không có quyền sửa hồ sơ này."))
    locked = _lock(nomination)
    nomination.state = locked.state
    nomination.save()
    labels = [str(Nomination._meta.get_field(name).verbose_name) for name in changed if name != "state"]
    _log(nomination, None, "", actor, _("Cán bộ thẩm định sửa: %(fields)s.") % {"fields": ", ".join(labels) or "—"})
    return nomination


@transaction.atomic
def add_attachment(
    nomination: Nomination, *, actor, document_type: str, file: ContentFile, original_name: str, content_type: str
) -> NominationAttachment:
    """Attach a checked file (see uploads.clean_document) to a dossier the agency may still edit.

    Writes the file (private storage), a NominationAttachment and a NominationEvent.
    """
    locked = _lock(nomination)
    if not locked.is_editable_by_agency:
        raise WorkflowError(_("Hồ sơ đã gửi, không thể thay đổi tệp đính kèm."), code="not_editable")
    attachment = NominationAttachment.objects.create(
        nomination=locked,
        document_type=document_type,
        file=file,
        original_name=original_name[:255],
        content_type=content_type,
        size=file.size,
        uploaded_by=actor,
    )
    _log(locked, None, "", actor, _("Thêm tệp: %(file)s.") % {"file": attachment})
    return attachment


@transaction.atomic
def remove_attachment(attachment: NominationAttachment, *, actor=None) -> None:
    """Delete a file of a dossier the agency may still edit. Deletes the row and file; writes a NominationEvent."""
    locked = _lock(attachment.nomination)
    if not locked.is_editable_by_agency:
        raise WorkflowError(_("Hồ sơ đã gửi, không thể thay đổi tệp đính kèm."), code="not_editable")
    _log(locked, None, "", actor, _("Xóa tệp: %(file)s.") % {"file": attachment})
    attachment.file.delete(save=False)
    attachment.delete()


# ---------------------------------------------------------------------------
# Moves
# ---------------------------------------------------------------------------
def _hand_in(nomination: Nomination, to_state: str, *, actor, comment: str) -> Nomination:
    locked = _lock(nomination)
    move = _check(locked, to_state, actor, comment)
    from_state, locked.state = locked.state, to_state
    _stamp_submission(locked)
    locked.save()
    _log(locked, move, from_state, actor, comment.strip())
    return locked


@transaction.atomic
def submit_nomination(nomination: Nomination, *, actor, comment: str = "") -> Nomination:
    """Draft → submitted, by the agency's head. Stamps the time and the rules it will be judged under;
    logs; notifies the provincial reviewers."""
    return _hand_in(nomination, State.SUBMITTED, actor=actor, comment=comment)


@transaction.atomic
def resubmit_nomination(nomination: Nomination, *, actor, comment: str = "") -> Nomination:
    """Returned → resubmitted, by the agency's head after completing the dossier. Stamps, logs, notifies
    reviewers."""
    return _hand_in(nomination, State.RESUBMITTED, actor=actor, comment=comment)


@transaction.atomic
def take_into_review(nomination: Nomination, *, actor, comment: str = "") -> Nomination:
    """Submitted or resubmitted → in review, by a reviewer. Logs; no notice."""
    locked = _lock(nomination)
    move = _check(locked, State.IN_REVIEW, actor, comment)
    from_state, locked.state = locked.state, State.IN_REVIEW
    locked.save()
    _log(locked, move, from_state, actor, comment.strip())
    return locked


@transaction.atomic
def return_for_completion(nomination: Nomination, *, actor, reason: str) -> Nomination:
    """In review → returned with the reviewer's reasons (kept on the dossier). Logs; notifies the agency head."""
    locked = _lock(nomination)
    move = _check(locked, State.RETURNED, actor, reason)
    from_state, locked.state = locked.state, State.RETURNED
    locked.reviewer_comment = reason.strip()
    locked.save()
    _log(locked, move, from_state, actor, reason.strip())
    return locked


@transaction.atomic
def reject_nomination(nomination: Nomination, *, actor, reason: str) -> Nomination:
    """In review → rejected, with the reason. Logs; notifies the agency head."""
    locked = _lock(nomination)
    move = _check(locked, State.REJECTED, actor, reason)
    from_state, locked.state = locked.state, State.REJECTED
    locked.reviewer_comment = reason.strip()
    locked.decided_at = timezone.now()
    locked.save()
    _log(locked, move, from_state, actor, reason.strip())
    return locked


@transaction.atomic
def approve_nomination(nomination: Nomination, *, actor, decision: Decision, comment: str = "") -> Nomination:
    """In review → approved with the award decision, by a reviewer.

    Refused below the award type's vote share, without a decision number, or when the exemplar already has this
    honour for the year. Side effects: records the decision on the nomination; creates the exemplar (from the
    nominee fields, portrait copied to public storage) or updates the existing one; creates the Honour; publishes
    the exemplar when `decision.publish`; logs; notifies the agency head.
    """
    locked = _lock(nomination)
    move = _check(locked, State.APPROVED, actor, comment)
    if not decision.number.strip():
        raise WorkflowError(_("Vui lòng nhập số quyết định."), code="decision_required")
    vote_share = rules.check_vote_share(locked)
    if not vote_share.ok:
        raise WorkflowError(_("Không thể phê duyệt: %(detail)s") % {"detail": vote_share.detail}, code="vote_share")
    from_state, locked.state = locked.state, State.APPROVED
    locked.decision_number = decision.number.strip()
    locked.decision_date = decision.date
    locked.issuing_authority = decision.authority.strip() or locked.award_type.decided_by
    locked.decided_at = timezone.now()
    exemplar = _exemplar_for(locked, actor)
    if decision.publish:
        publish_exemplar(exemplar, actor=actor)
    locked.exemplar = exemplar
    _record_honour(locked, exemplar)
    locked.save()
    _log(locked, move, from_state, actor, comment.strip())
    return locked


# The services each move of the graph runs (Move.name -> function), for the generic door below.
_BY_MOVE = {
    "submit": submit_nomination,
    "resubmit": resubmit_nomination,
    "take_into_review": take_into_review,
    "return_for_completion": lambda n, *, actor, comment: return_for_completion(n, actor=actor, reason=comment),
    "reject": lambda n, *, actor, comment: reject_nomination(n, actor=actor, reason=comment),
}


def transition(nomination: Nomination, to_state: str, *, actor, comment: str = "") -> Nomination:
    """Run the service for the move from the dossier's state to `to_state` (approval needs its own call:
    it takes the decision). Raises WorkflowError / NotAllowed and changes nothing when the move is refused."""
    move = State.move(nomination.state, to_state)
    if move is None or move.name not in _BY_MOVE:
        with transaction.atomic():
            _check(_lock(nomination), to_state, actor, comment)  # raises the reason the move is refused
        raise WorkflowError(_("Phê duyệt cần số và ngày quyết định."), code="decision_required")
    return _BY_MOVE[move.name](nomination, actor=actor, comment=comment)


def _exemplar_for(nomination: Nomination, actor) -> Exemplar:
    exemplar = nomination.exemplar
    if exemplar is None:
        exemplar = Exemplar(
            kind=nomination.nominee_kind,
            name=nomination.nominee_name,
            agency=nomination.agency,
            position_title=nomination.nominee_position,
            locality=nomination.nominee_locality,
            field=nomination.nominee_field or nomination.movement.field,
            phase=nomination.phase,
            summary=nomination.achievements,
            portrait_alt=nomination.nominee_name,
            created_by=actor,
        )
        if nomination.nominee_portrait:
            with nomination.nominee_portrait.open("rb") as source:
                name = PurePath(nomination.nominee_portrait.name).name
                save_after_commit(exemplar.portrait, name, ContentFile(source.read()))  # no file if rolled back
        exemplar.save()
    exemplar.movements.add(nomination.movement)
    return exemplar


def _record_honour(nomination: Nomination, exemplar: Exemplar) -> Honour:
    if (
        Honour.objects.in_force()
        .filter(exemplar=exemplar, award_type=nomination.award_type, year=nomination.year)
        .exists()
    ):
        raise WorkflowError(
            _("Điển hình này đã có “%(award)s” năm %(year)s.")
            % {"award": nomination.award_type, "year": nomination.year},
            code="duplicate_honour",
        )
    return Honour.objects.create(
        exemplar=exemplar,
        award_type=nomination.award_type,
        year=nomination.year,
        decision_number=nomination.decision_number,
        decision_date=nomination.decision_date,
        issuing_authority=nomination.issuing_authority,
        movement=nomination.movement,
        phase=nomination.phase,
        nomination=nomination,
    )
