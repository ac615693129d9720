"""The nomination workflow: every change to a dossier, each one straight-line service function.

Each move locks the row, checks the move against `Nomination.State` (the graph, who makes each move, whether a
reason is required: tayninh_thidua.lib.workflow), checks the domain rules, changes, writes one NominationEvent
and queues its e-mail notice. Creating and editing a draft are services too, and write events.
`transition()` is the generic door (admin actions, tests): it runs the service the graph names for the move.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from movements.audiences import is_member_of, is_reviewer
from movements.models import phase_errors
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


def _check(locked: Nomination, to_state: str, actor, comment: str | None) -> Move:
    return check_move(State, locked, to_state, actor=actor, holds=holds_nomination_role, comment=comment)


def _log(
    locked: Nomination, move: Move | None, from_state: str, actor, comment: str = "", *, notify: bool = True
) -> NominationEvent:
    """Write the event; for a move that notifies, queue its notice in the outbox in the same transaction (unless
    the caller sends one notice for a whole batch itself: `notify=False`)."""
    event = NominationEvent.record(
        nomination=locked, actor=actor, from_state=from_state, to_state=locked.state if move else "", comment=comment
    )
    if notify and move is not None and move.notify:
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


def _validate(nomination: Nomination) -> None:
    """Refuse what no dossier may say (Nomination.clean: recipient kind, version for the year, phase and year)."""
    try:
        nomination.clean()
    except ValidationError as exc:
        raise WorkflowError(exc.messages, code="invalid") from exc


def _eligibility_changes(before: Nomination, after: Nomination) -> list[str]:
    """One line per field that decides eligibility and differs, e.g. "số phiếu đồng ý: 8 → 10"."""
    lines = []
    for name in Nomination.ELIGIBILITY_FIELDS:
        field = Nomination._meta.get_field(name)
        if getattr(before, field.attname) == getattr(after, field.attname):
            continue
        old, new = (_shown(obj, name) for obj in (before, after))
        lines.append(f"{field.verbose_name}: {old} → {new}")
    return lines


def _field_labels(names: Iterable[str]) -> list[str]:
    """The dossier fields among a form's changed names (not the state, nor form-only fields such as a file)."""
    fields = {f.name: f for f in Nomination._meta.concrete_fields}
    return [str(fields[name].verbose_name) for name in names if name in fields and name != "state"]


def _shown(nomination: Nomination, name: str) -> str:
    value = getattr(nomination, name)
    if value is None or value == "":
        return "—"
    display = getattr(nomination, f"get_{name}_display", None)
    return str(display() if display else value)


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
    _validate(nomination)
    nomination.state = State.DRAFT
    nomination.created_by = actor
    nomination.save()
    _log(nomination, None, "", actor, _("Tạo hồ sơ nháp."))
    return nomination


@transaction.atomic
def update_nomination(nomination: Nomination, *, actor, changed: Iterable[str] = ()) -> Nomination:
    """Save the agency's edits of a draft or returned dossier (`nomination` carries them, unsaved).

    Refused while the dossier is with the province; once it has been submitted (a returned dossier), the fields
    that decide eligibility stay as submitted (a reviewer corrects them with a reason: correct_nomination).
    Writes the Nomination and a NominationEvent naming the changed fields.
    """
    _require_member(actor, nomination.agency_id)
    locked = _lock(nomination)
    if not locked.is_editable_by_agency:
        raise WorkflowError(_("Hồ sơ đã gửi, không thể chỉnh sửa."), code="not_editable")
    if locked.submitted_at and _eligibility_changes(locked, nomination):
        raise WorkflowError(
            _("Hồ sơ đã gửi: không thể tự sửa %(fields)s. Đề nghị cán bộ thẩm định điều chỉnh (có ghi lý do).")
            % {"fields": "; ".join(_eligibility_changes(locked, nomination))},
            code="eligibility_locked",
        )
    _validate(nomination)
    nomination.state = locked.state  # the form never moves the state
    nomination.save()
    labels = _field_labels(changed)
    _log(nomination, None, "", actor, _("Sửa hồ sơ: %(fields)s.") % {"fields": ", ".join(labels) or "—"})
    return nomination


@transaction.atomic
def correct_nomination(nomination: Nomination, *, actor, changed: Iterable[str] = (), reason: str = "") -> Nomination:
    """Save a provincial reviewer's correction of a dossier (`nomination` carries it, unsaved).

    Content (names, achievements …) is corrected from the admin's change form. A field that decides eligibility
    (Nomination.ELIGIBILITY_FIELDS: the council vote, the award version, the year …) needs a reason and is
    refused once the dossier is decided. The state and the decision never change here (moves have their own
    services). Writes the Nomination and a NominationEvent naming the changed fields, with old → new values
    of the eligibility fields and the reason.
    """
    if not is_reviewer(actor):
        raise NotAllowed(_("Bạn không có quyền sửa hồ sơ này."))
    locked = _lock(nomination)
    decisive = _eligibility_changes(locked, nomination)
    if decisive and State(locked.state).is_final:
        raise WorkflowError(
            _("Hồ sơ đã có quyết định (“%(state)s”): không thể sửa các thông tin xét khen thưởng.")
            % {"state": State(locked.state).label},
            code="decided",
        )
    if decisive and not reason.strip():
        raise WorkflowError(_("Vui lòng ghi rõ lý do điều chỉnh thông tin xét khen thưởng."), code="reason_required")
    _validate(nomination)
    for name in ("state", "decision_number", "decision_date", "issuing_authority", "decided_at", "submitted_at"):
        setattr(nomination, name, getattr(locked, name))  # only services of moves change these
    nomination.save()
    labels = _field_labels(name for name in changed if name not in Nomination.ELIGIBILITY_FIELDS)
    lines = [_("Cán bộ thẩm định sửa: %(fields)s.") % {"fields": ", ".join(labels)}] if labels else []
    if decisive:
        lines.append(_("Điều chỉnh thông tin xét khen thưởng: %(changes)s.") % {"changes": "; ".join(decisive)})
        lines.append(_("Lý do: %(reason)s") % {"reason": reason.strip()})
    _log(nomination, None, "", actor, "\n".join(lines) or _("Cán bộ thẩm định sửa: —."))
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
    _validate(locked)
    from_state, locked.state = locked.state, to_state
    _stamp_submission(locked)
    locked.save()
    _log(locked, move, from_state, actor, comment.strip())
    return locked


@transaction.atomic
def submit_nomination(nomination: Nomination, *, actor, comment: str = "") -> Nomination:
    """Draft → submitted, by the agency's head. Stamps the time and the rules it will be judged under;
    logs; notifies the provincial reviewers. An incomplete dossier is not refused: the caller shows what is
    still missing (rules.unmet_rules), and approval refuses until it is met."""
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


def check_approval(nomination: Nomination, *, actor, decision: Decision | None = None) -> Move:
    """Raise why `actor` may not approve `nomination` now: the move (state, role), the dossier's validity and
    every rule of its award type version (rules.unmet_rules; with `decision`, its date and signer too).

    The admin calls it before showing the decision form, so nobody types a decision that would be refused.
    """
    move = _check(nomination, State.APPROVED, actor, None)
    unmet = [str(check) for check in rules.unmet_rules(nomination, decision)]
    unmet += [
        msg for msgs in phase_errors(nomination.movement, nomination.phase, nomination.year).values() for msg in msgs
    ]
    if unmet:
        raise WorkflowError(
            _("Không thể phê duyệt: hồ sơ chưa đạt %(count)s điều kiện của “%(award)s”: %(reasons)s.")
            % {
                "count": len(unmet),
                "award": nomination.award_type.name,
                "reasons": "; ".join(unmet),
            },
            code="ineligible",
        )
    return move


@transaction.atomic
def approve_nomination(
    nomination: Nomination, *, actor, decision: Decision, comment: str = "", notify: bool = True
) -> Nomination:
    """In review → approved with the award decision, by a reviewer.

    Refused without a decision number, or when any rule of the award type version is unmet (check_approval:
    recipient kind, version in force on the decision date, signer of the right level, prerequisite honours,
    required documents, council vote share), or when the exemplar already has this honour for the year.
    The signer defaults to the version's (AwardType.signer_for). Side effects: records the decision on the
    nomination; creates the exemplar (from the nominee fields, portrait copied to public storage) or updates
    the existing one; creates the Honour; publishes the exemplar when `decision.publish`; logs; notifies the
    agency head (`notify=False`: the caller notifies, e.g. one notice per agency for a whole decision).
    """
    locked = _lock(nomination)
    _check(locked, State.APPROVED, actor, comment)
    if not decision.number.strip():
        raise WorkflowError(_("Vui lòng nhập số quyết định."), code="decision_required")
    authority = decision.authority.strip() or locked.award_type.signer_for(locked.agency)
    decision = replace(decision, authority=authority)
    move = check_approval(locked, actor=actor, decision=decision)
    from_state, locked.state = locked.state, State.APPROVED
    locked.decision_number = decision.number.strip()
    locked.decision_date = decision.date
    locked.issuing_authority = authority
    locked.decided_at = timezone.now()
    exemplar = _exemplar_for(locked, actor)
    if decision.publish:
        publish_exemplar(exemplar, actor=actor)
    locked.exemplar = exemplar
    _record_honour(locked, exemplar)
    locked.save()
    _log(locked, move, from_state, actor, comment.strip(), notify=notify)
    return locked


# The services each move of the graph runs (Move.name -> function), for the generic door below.
_BY_MOVE = {
    "submit": submit_nomination,
    "resubmit": resubmit_nomination,
    "take_into_review": take_into_review,
    "return_for_completion": lambda n, *, actor, comment: return_for_completion(n, actor=actor, reason=comment),
    "reject": lambda n, *, actor, comment: reject_nomination(n, actor=actor, reason=comment),
}


def check_nomination_move(nomination: Nomination, to_state: str, *, actor) -> Move:
    """Raise why `actor` may not make the move to `to_state` now, before anyone types its reason or decision
    (the admin's intermediate pages ask first). Approval checks the award type's rules too."""
    try:
        if to_state == State.APPROVED:
            return check_approval(nomination, actor=actor)
        return _check(nomination, to_state, actor, None)
    except NotAllowedNow as exc:
        possible = [str(move.label) for move in nomination.actions_for(actor)]
        if exc.code != "bad_transition" or not possible:
            raise
        hint = _("Thao tác có thể làm bây giờ: %(moves)s.") % {"moves": ", ".join(possible)}
        raise NotAllowedNow(f"{exc.messages[0]} {hint}", code=exc.code) from exc


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
