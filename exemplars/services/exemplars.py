"""Changes to exemplars and their honours: publication and revocation."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from movements.audiences import is_reviewer
from tayninh_thidua.lib.publication import refresh_public_pages, set_published
from tayninh_thidua.lib.workflow import NotAllowedForYou as NotAllowed
from tayninh_thidua.lib.workflow import NotAllowedNow as WorkflowError

from ..models import Exemplar, Honour, Nomination, NominationEvent
from .notices import queue_revocation_notice

State = Nomination.State


def publish_exemplar(exemplar: Exemplar, *, actor, at: dt.datetime | None = None, comment: str = "") -> Exemplar:
    """Make an exemplar public: its page, the directory, feeds, sitemap and API show it.

    Side effects: saves `is_published` and `published_at` (`at`, else the earlier publication date, else now);
    logs a PublicChange "publish"; refreshes the page cache on commit; updates the caller's `exemplar` too.
    """
    return set_published(exemplar, actor=actor, published=True, at=at, comment=comment)


def unpublish_exemplar(exemplar: Exemplar, *, actor, comment: str = "") -> Exemplar:
    """Take an exemplar off the public pages (its page then answers 404); the publication date is kept.

    Side effects: saves `is_published`; logs a PublicChange "unpublish"; refreshes the page cache on commit.
    """
    return set_published(exemplar, actor=actor, published=False, comment=comment)


def revoke_honour(honour: Honour, *, actor, reason: str) -> Honour:
    """Annul an honour, by a reviewer, with the reason; public pages then show it as revoked.

    Side effects: sets revoked_at and revoked_reason; logs a NominationEvent on its nomination; queues one
    notice to the heads of the exemplar's agency (outbox); refreshes the page cache on commit.
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
        queue_revocation_notice(locked)
        refresh_public_pages()
    return locked
