"""Changes to exemplars and their honours: publication and revocation."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from movements.audiences import is_reviewer
from tayninh_thidua.lib.workflow import NotAllowedForYou as NotAllowed
from tayninh_thidua.lib.workflow import NotAllowedNow as WorkflowError

from ..models import Exemplar, Honour, Nomination, NominationEvent

State = Nomination.State


def publish_exemplar(exemplar: Exemplar) -> Exemplar:
    """Make an exemplar public now (keeps an earlier publication date). Saves the exemplar."""
    exemplar.is_published = True
    exemplar.published_at = exemplar.published_at or timezone.now()
    if exemplar.pk:
        exemplar.save()
    return exemplar


def revoke_honour(honour: Honour, *, actor, reason: str) -> Honour:
    """Annul an honour, by a reviewer, with the reason; public pages then show it as revoked.

    Side effects: sets revoked_at and revoked_reason; logs a NominationEvent on its nomination.
    """
    if not is_reviewer(actor):
        raise NotAllowed(_("Bạn không có quyền thu hồi khen thưởng."))
    reason = (reason or "").strip()
    if not reason:
        raise WorkflowError(_("Vui lòng ghi rõ lý do thu hồi."), code="reason_required")
    with transaction.atomic():
        locked = Honour.objects.select_for_update().get(pk=honour.pk)
        if locked.is_revoked:
            raise WorkflowError(_("Khen thưởng này đã bị thu hồi."), code="already_revoked")
        locked.revoked_at = timezone.now()
        locked.revoked_reason = reason
        locked.save(update_fields=["revoked_at", "revoked_reason"])
        if locked.nomination_id:
            NominationEvent.objects.create(
                nomination_id=locked.nomination_id,
                actor=actor,
                comment=_("Thu hồi khen thưởng: %(reason)s") % {"reason": reason},
            )
    return locked
