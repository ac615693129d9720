"""The initiative register: an agency records its initiatives and their files, and links the ones a dossier
relies on. Recognised initiatives are public (their public fields), so saves refresh the page cache.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from movements.audiences import is_member_of, is_reviewer
from movements.models import Agency, lineage_ids
from tayninh_thidua.lib.pagecache import bump_public_cache

from ..models import Initiative, InitiativeAttachment, Nomination
from .nominations import NotAllowed, WorkflowError, _lock, _log


def _require_owner(actor, initiative: Initiative) -> None:
    """A member of the initiative's agency (or of the agency it merged into), or a provincial reviewer."""
    if is_reviewer(actor):
        return
    if not any(is_member_of(actor, agency_id) for agency_id in _owners(initiative.agency_id)):
        raise NotAllowed(_("Bạn không thuộc đơn vị của sáng kiến này."))


def _owners(agency_id: int) -> set[int]:
    from movements.models import Agency

    agency = Agency.objects.select_related("successor__successor").get(pk=agency_id)
    return {agency.pk, *(a.pk for a in agency.successor_chain())}


@transaction.atomic
def save_initiative(initiative: Initiative, *, actor) -> Initiative:
    """Create or edit an initiative of the actor's agency (or, for a reviewer, any). Refreshes the public pages
    (a recognised initiative is listed on /sang-kien/). Writes the Initiative."""
    _require_owner(actor, initiative)
    initiative.full_clean()
    if initiative.pk is None:
        initiative.created_by = actor
    initiative.save()
    transaction.on_commit(bump_public_cache)
    return initiative


@transaction.atomic
def add_initiative_file(
    initiative: Initiative, *, actor, file: ContentFile, original_name: str, content_type: str
) -> InitiativeAttachment:
    """Attach a checked file (uploads.clean_document) to an initiative; private storage. Writes the row."""
    _require_owner(actor, initiative)
    return InitiativeAttachment.objects.create(
        initiative=initiative,
        file=file,
        original_name=original_name[:255],
        content_type=content_type,
        size=file.size,
        uploaded_by=actor,
    )


@transaction.atomic
def link_initiatives(nomination: Nomination, initiatives: Iterable[Initiative], *, actor) -> Nomination:
    """Set the initiatives a dossier relies on: the agency's own (or its predecessors'), while the agency may
    still edit the dossier. Reuse for the same title is judged by the award type's rules (checklist, approval).
    Writes the links and a NominationEvent listing them."""
    if not is_member_of(actor, nomination.agency_id):
        raise NotAllowed(_("Bạn không thuộc đơn vị của hồ sơ này."))
    locked = _lock(nomination)
    if not locked.is_editable_by_agency:
        raise WorkflowError(_("Hồ sơ đã gửi, không thể thay đổi sáng kiến làm căn cứ."), code="not_editable")
    chosen = list(initiatives)
    own = lineage_ids(locked.agency_id)
    if any(i.agency_id not in own for i in chosen):
        raise NotAllowed(_("Chỉ chọn được sáng kiến của đơn vị mình."))
    locked.initiatives.set(chosen)
    titles = ", ".join(sorted(i.title for i in chosen)) or "—"
    _log(locked, None, "", actor, _("Sáng kiến làm căn cứ: %(titles)s.") % {"titles": titles})
    return locked


def initiative_counts(year: int | None = None, agency: Agency | None = None) -> dict:
    """Figures of the register (statistics, dashboard): initiatives recorded, recognised (in `year` if given)
    by level, and how many are relied on by a nomination; for one agency (with its predecessors) if given."""
    initiatives = Initiative.objects.all() if agency is None else Initiative.objects.for_agency(agency)
    recognised = initiatives.recognised()
    if year is not None:
        recognised = recognised.filter(recognised_on__year=year)
    by_level = dict(recognised.order_by().values_list("recognition_level").annotate(n=Count("pk")))
    return {
        "recorded": initiatives.count(),
        "recognised": sum(by_level.values()),
        "by_level": {level: by_level.get(level, 0) for level in Initiative.Level.values},
        "used": initiatives.filter(nominations__isnull=False).distinct().count(),
    }
