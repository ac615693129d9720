"""Changes to the exemplars domain. Views, admin actions, commands and tasks all call these.

The nomination workflow has one door, `transition()`: it locks the row, checks that the move is
allowed from the current state and by the actor's role, saves, writes a NominationEvent and
queues the e-mail notice after commit. The named services below wrap it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from movements.audiences import is_head_of, is_reviewer
from tayninh_thidua.lib.workflow import NotAllowedForYou, NotAllowedNow

from ..models import Exemplar, Honour, Nomination, NominationAttachment, NominationEvent
from . import notices, rules
from .exemplars import publish_exemplar

State = Nomination.State


WorkflowError = NotAllowedNow
NotAllowed = NotAllowedForYou


# Who makes each move: the agency's head sends, provincial staff review and decide.
HEAD, REVIEWER = "head", "reviewer"
ROLE_FOR = {
    State.SUBMITTED: HEAD,
    State.RESUBMITTED: HEAD,
    State.IN_REVIEW: REVIEWER,
    State.RETURNED: REVIEWER,
    State.APPROVED: REVIEWER,
    State.REJECTED: REVIEWER,
}
NEEDS_COMMENT = frozenset({State.RETURNED, State.REJECTED})
NOTIFY = frozenset({State.SUBMITTED, State.RESUBMITTED, State.RETURNED, State.APPROVED, State.REJECTED})


def _check_role(actor, nomination: Nomination, to_state: str) -> None:
    role = ROLE_FOR.get(to_state)
    allowed = is_reviewer(actor) if role == REVIEWER else is_head_of(actor, nomination.agency_id)
    if not allowed:
        raise NotAllowed(_("Bạn không có quyền thực hiện thao tác này với hồ sơ."))


def transition(
    nomination: Nomination,
    to_state: str,
    *,
    actor,
    comment: str = "",
    check: Callable[[Nomination], None] | None = None,
    apply: Callable[[Nomination], None] | None = None,
) -> Nomination:
    """Move a nomination to `to_state`; return the saved, locked copy.

    Side effects: updates the nomination (state and whatever `apply` sets), writes one
    NominationEvent, and after commit queues `exemplars.send_nomination_notice` for NOTIFY states.
    Raises WorkflowError or NotAllowed and changes nothing when the move is not allowed.
    """
    with transaction.atomic():
        locked = Nomination.objects.select_for_update().select_related("award_type").get(pk=nomination.pk)
        from_state = locked.state
        if not locked.can_move_to(to_state):
            raise WorkflowError(
                _("Không thể chuyển hồ sơ từ “%(from)s” sang “%(to)s”.")
                % {"from": State(from_state).label, "to": State(to_state).label},
                code="bad_transition",
            )
        _check_role(actor, locked, to_state)
        comment = (comment or "").strip()
        if to_state in NEEDS_COMMENT and not comment:
            raise WorkflowError(_("Vui lòng ghi rõ lý do."), code="reason_required")
        if check:
            check(locked)
        locked.state = to_state
        if to_state in NEEDS_COMMENT:
            locked.reviewer_comment = comment
        if apply:
            apply(locked)
        locked.save()
        event = NominationEvent.objects.create(
            nomination=locked, actor=actor, from_state=from_state, to_state=to_state, comment=comment
        )
        if to_state in NOTIFY:
            notices.queue_event_notice(event)
    return locked


def _stamp_submission(nomination: Nomination) -> None:
    nomination.submitted_at = timezone.now()
    award = nomination.award_type
    validity = (
        f" ({award.valid_from:%d/%m/%Y} – {award.valid_until:%d/%m/%Y})"
        if award.valid_from and award.valid_until
        else ""
    )
    nomination.rules_basis = (award.legal_basis + validity)[:300]


def submit_nomination(nomination: Nomination, *, actor, comment: str = "") -> Nomination:
    """Draft → submitted, by the agency's head. Notifies the provincial reviewers."""
    return transition(nomination, State.SUBMITTED, actor=actor, comment=comment, apply=_stamp_submission)


def resubmit_nomination(nomination: Nomination, *, actor, comment: str = "") -> Nomination:
    """Returned → resubmitted, by the agency's head after completing the dossier. Notifies reviewers."""
    return transition(nomination, State.RESUBMITTED, actor=actor, comment=comment, apply=_stamp_submission)


def take_into_review(nomination: Nomination, *, actor, comment: str = "") -> Nomination:
    """Submitted or resubmitted → in review, by a reviewer. No notice."""
    return transition(nomination, State.IN_REVIEW, actor=actor, comment=comment)


def return_for_completion(nomination: Nomination, *, actor, reason: str) -> Nomination:
    """In review → returned with the reviewer's reasons (kept on the dossier). Notifies the agency head."""
    return transition(nomination, State.RETURNED, actor=actor, comment=reason)


def reject_nomination(nomination: Nomination, *, actor, reason: str) -> Nomination:
    """In review → rejected, with the reason. Notifies the agency head."""
    return transition(
        nomination,
        State.REJECTED,
        actor=actor,
        comment=reason,
        apply=lambda n: setattr(n, "decided_at", timezone.now()),
    )


@dataclass(frozen=True)
class Decision:
    number: str
    date: dt.date
    authority: str = ""
    publish: bool = False


def _require_vote_share(nomination: Nomination) -> None:
    result = rules.check_vote_share(nomination)
    if not result.ok:
        raise WorkflowError(_("Không thể phê duyệt: %(detail)s") % {"detail": result.detail}, code="vote_share")


def approve_nomination(nomination: Nomination, *, actor, decision: Decision, comment: str = "") -> Nomination:
    """In review → approved with the award decision, by a reviewer.

    Side effects: records the decision on the nomination; creates the exemplar (from the nominee
    fields, portrait copied to public storage) or updates the existing one; creates the Honour;
    publishes the exemplar when `decision.publish`. Refused below the award type's vote share.
    """
    if not decision.number.strip():
        raise WorkflowError(_("Vui lòng nhập số quyết định."), code="decision_required")

    def apply(locked: Nomination) -> None:
        locked.decision_number = decision.number.strip()
        locked.decision_date = decision.date
        locked.issuing_authority = decision.authority.strip() or locked.award_type.decided_by
        locked.decided_at = timezone.now()
        exemplar = _exemplar_for(locked, actor)
        if decision.publish:
            publish_exemplar(exemplar)
        locked.exemplar = exemplar
        _record_honour(locked, exemplar)

    return transition(nomination, State.APPROVED, actor=actor, comment=comment, check=_require_vote_share, apply=apply)


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
                exemplar.portrait.save(name, ContentFile(source.read()), save=False)
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


def add_attachment(
    nomination: Nomination, *, actor, document_type: str, file: ContentFile, original_name: str, content_type: str
) -> NominationAttachment:
    """Attach a checked file (see uploads.clean_document) to a dossier the agency may still edit."""
    if not nomination.is_editable_by_agency:
        raise WorkflowError(_("Hồ sơ đã gửi, không thể thay đổi tệp đính kèm."), code="not_editable")
    return NominationAttachment.objects.create(
        nomination=nomination,
        document_type=document_type,
        file=file,
        original_name=original_name[:255],
        content_type=content_type,
        size=file.size,
        uploaded_by=actor,
    )


def remove_attachment(attachment: NominationAttachment) -> None:
    if not attachment.nomination.is_editable_by_agency:
        raise WorkflowError(_("Hồ sơ đã gửi, không thể thay đổi tệp đính kèm."), code="not_editable")
    attachment.file.delete(save=False)
    attachment.delete()
