"""Changes to movements the public sees: publication and the confirmed lead agency."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from tayninh_thidua.lib.models import PublicChange
from tayninh_thidua.lib.publication import (
    log_public_change,
    refresh_public_pages,
    require_change_permission,
    set_published,
)
from tayninh_thidua.lib.workflow import NotAllowedNow

from ..models import Movement


def publish_movement(movement: Movement, *, actor, comment: str = "") -> Movement:
    """Show a movement on the public pages, list, sitemap and API.

    Side effects: saves `is_published`; logs a PublicChange "publish"; refreshes the page cache on commit.
    """
    return set_published(movement, actor=actor, published=True, comment=comment)


def unpublish_movement(movement: Movement, *, actor, comment: str = "") -> Movement:
    """Take a movement off the public pages, list, sitemap and API (its page then answers 404).

    Side effects: saves `is_published`; logs a PublicChange "unpublish"; refreshes the page cache on commit.
    """
    return set_published(movement, actor=actor, published=False, comment=comment)


def confirm_movement_lead(movement: Movement, *, actor) -> Movement:
    """Confirm that the movement's lead agency is the right one (the plan's leads are seeded as inferred).

    Side effects: sets `lead_confirmed`, clears `lead_note`; logs a PublicChange "lead-confirmed";
    refreshes the page cache on commit. Refused without a lead agency; nothing logged when already confirmed.
    """
    require_change_permission(actor, Movement)
    with transaction.atomic():
        locked = Movement.objects.select_for_update().get(pk=movement.pk)
        if locked.lead_agency_id is None:
            raise NotAllowedNow(_("Chưa có đơn vị chủ trì để xác nhận."), code="no_lead")
        if locked.lead_confirmed and not locked.lead_note:
            return locked
        locked.lead_confirmed = True
        locked.lead_note = ""
        locked.save()
        log_public_change(locked, PublicChange.Action.LEAD_CONFIRMED, actor=actor, comment=str(locked.lead_agency))
        refresh_public_pages()
    return locked
