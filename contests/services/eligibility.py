"""Taking an entry out of the contest (disqualification) and putting it back, by staff, with a reason."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from contests.models import ContestLog, Entry
from tayninh_thidua.lib.access import has_staff_permission
from tayninh_thidua.lib.workflow import NotAllowedForYou, NotAllowedNow

from ._common import log_change


def _locked_entry(entry: Entry, actor, reason: str) -> tuple[Entry, str]:
    if not has_staff_permission(actor, "contests.change_entry"):
        raise NotAllowedForYou(_("Chỉ cán bộ tổ chức cuộc thi được loại hoặc khôi phục bài dự thi."))
    reason = (reason or "").strip()
    if not reason:
        raise NotAllowedNow(_("Vui lòng ghi rõ lý do."), code="reason_required")
    locked = Entry.objects.select_for_update().select_related("edition").get(pk=entry.pk)
    if locked.edition.results_published_at:
        raise NotAllowedNow(_("Kết quả đã công bố, không thể thay đổi bài dự thi."), code="results_published")
    return locked, reason


@transaction.atomic
def disqualify_entry(entry: Entry, *, actor, reason: str) -> Entry:
    """Take an entry out of judging, rankings, the vote and prizes (rules broken, copied work...).

    Refused without a reason, once the results are published, for an entry holding a prize (withdraw the
    prize first) or already disqualified. Writes: Entry.disqualified, disqualified_reason; logs
    ContestLog.Action.ENTRY_DISQUALIFIED with the reason.
    """
    locked, reason = _locked_entry(entry, actor, reason)
    if locked.disqualified:
        raise NotAllowedNow(_("Bài này đã bị loại."), code="already_disqualified")
    if locked.prize_id:
        raise NotAllowedNow(_("Bài đang được trao giải: hãy bỏ giải trước khi loại."), code="has_prize")
    locked.disqualified = True
    locked.disqualified_reason = reason[:255]
    locked.save(update_fields=["disqualified", "disqualified_reason"])
    log_change(
        locked.edition,
        ContestLog.Action.ENTRY_DISQUALIFIED,
        entry=locked,
        actor=actor,
        to_value="disqualified",
        comment=reason,
    )
    return locked


@transaction.atomic
def reinstate_entry(entry: Entry, *, actor, reason: str) -> Entry:
    """Put a disqualified entry back into the contest, at the stage it had reached.

    Refused without a reason, once the results are published, or for an entry not disqualified. Writes:
    Entry.disqualified, disqualified_reason (cleared); logs ContestLog.Action.ENTRY_REINSTATED with the reason.
    """
    locked, reason = _locked_entry(entry, actor, reason)
    if not locked.disqualified:
        raise NotAllowedNow(_("Bài này không bị loại."), code="not_disqualified")
    previous = locked.disqualified_reason
    locked.disqualified = False
    locked.disqualified_reason = ""
    locked.save(update_fields=["disqualified", "disqualified_reason"])
    log_change(
        locked.edition,
        ContestLog.Action.ENTRY_REINSTATED,
        entry=locked,
        actor=actor,
        from_value=previous,
        to_value="",
        comment=reason,
    )
    return locked
