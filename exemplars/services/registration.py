"""Annual registration: agencies register titles before the deadline; nominations are matched against it; staff
see who registered what (and export it as xlsx)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from movements.audiences import is_member_of
from movements.models import Agency, lineage_ids
from tayninh_thidua.lib.text import fold
from tayninh_thidua.lib.xlsx import Workbook

from ..models import AwardType, Nomination, Registration, RegistrationEntry, RegistrationPeriod
from ..models.eligibility import admits
from .nominations import NotAllowed, WorkflowError


def period_for(year: int) -> RegistrationPeriod | None:
    return RegistrationPeriod.objects.filter(year=year).first()


def _open_period(year: int, today: dt.date) -> RegistrationPeriod:
    period = period_for(year)
    if period is None:
        raise WorkflowError(_("Chưa mở đăng ký thi đua năm %(year)s.") % {"year": year}, code="not_open")
    if today > period.deadline:
        raise WorkflowError(
            _("Đã hết hạn đăng ký thi đua năm %(year)s (hạn %(deadline)s).")
            % {"year": year, "deadline": f"{period.deadline:%d/%m/%Y}"},
            code="closed",
        )
    return period


@transaction.atomic
def register_title(
    agency: Agency,
    year: int,
    *,
    actor,
    award_type: AwardType,
    nominee_kind: str,
    nominee_name: str,
    nominee_position: str = "",
    today: dt.date | None = None,
) -> RegistrationEntry:
    """Add a title to the agency's registration for `year`, before the deadline, by a member of the agency.

    Refused after the deadline, before staff open the year, for an award type version not in force that year or
    not for that kind of nominee, and twice for the same name and title. Writes the Registration (the first
    time) and the RegistrationEntry.
    """
    if not is_member_of(actor, agency.pk):
        raise NotAllowed(_("Bạn không thuộc đơn vị này."))
    _open_period(year, today or timezone.localdate())
    if not award_type.is_in_force_during(year):
        raise WorkflowError(_("%(award)s không áp dụng cho năm %(year)s.") % {"award": award_type, "year": year})
    if not admits(award_type, nominee_kind):
        raise WorkflowError(
            _("“%(award)s” dành cho đối tượng “%(recipient)s”.")
            % {"award": award_type.name, "recipient": award_type.get_recipient_display()}
        )
    registration, _created = Registration.objects.get_or_create(
        agency=agency, year=year, defaults={"created_by": actor}
    )
    name = " ".join(nominee_name.split())
    if registration.entries.filter(award_type=award_type, name_folded=fold(name)[:255]).exists():
        raise WorkflowError(_("“%(name)s” đã được đăng ký danh hiệu này.") % {"name": name}, code="duplicate")
    registration.save(update_fields=["updated_at"])
    return RegistrationEntry.objects.create(
        registration=registration,
        award_type=award_type,
        nominee_kind=nominee_kind,
        nominee_name=name,
        nominee_position=" ".join(nominee_position.split()),
    )


@transaction.atomic
def remove_entry(entry: RegistrationEntry, *, actor, today: dt.date | None = None) -> None:
    """Take a title out of the registration, before the deadline. Deletes the entry."""
    registration = entry.registration
    if not is_member_of(actor, registration.agency_id):
        raise NotAllowed(_("Bạn không thuộc đơn vị này."))
    _open_period(registration.year, today or timezone.localdate())
    entry.delete()


def is_registered(nomination: Nomination) -> bool | None:
    """Whether the dossier's title was registered for its year by its agency (or an agency merged into it):
    same award (any version), same nominee name. None when the year has no registration and the award type
    version does not require one (nothing to judge)."""
    if (
        not nomination.award_type.requires_registration
        and not RegistrationPeriod.objects.filter(year=nomination.year).exists()
    ):
        return None
    name = nomination.exemplar.name if nomination.exemplar_id else nomination.nominee_name
    return RegistrationEntry.objects.filter(
        registration__agency_id__in=lineage_ids(nomination.agency_id),
        registration__year=nomination.year,
        award_type__name=nomination.award_type.name,
        name_folded=fold(" ".join(name.split()))[:255],
    ).exists()


# ---------------------------------------------------------------------------
# Staff: who registered what
# ---------------------------------------------------------------------------
@dataclass
class AgencyRow:
    agency: Agency
    registration: Registration | None

    @property
    def entries(self) -> list[RegistrationEntry]:
        return list(self.registration.entries.all()) if self.registration else []


def registration_board(year: int) -> list[AgencyRow]:
    """Every agency active in `year` (merged ones too if they registered), with its registration or None."""
    day = dt.date(year, 1, 1)
    registrations = {
        r.agency_id: r
        for r in Registration.objects.filter(year=year).prefetch_related(
            Prefetch("entries", RegistrationEntry.objects.select_related("award_type"))
        )
    }
    agencies = Agency.objects.filter(pk__in=registrations) | Agency.objects.active_on(day)
    return [AgencyRow(a, registrations.get(a.pk)) for a in agencies.distinct().order_by("name")]


def registration_counts(year: int, agency: Agency | None = None) -> dict:
    """Figures of the year's registration (statistics, dashboard): agencies registered (of those active that
    year), titles registered by award, and how many of the year's nominations match a registered title;
    for one agency (with its predecessors) if given."""
    registrations = Registration.objects.filter(year=year)
    if agency is not None:
        registrations = registrations.filter(agency_id__in=lineage_ids(agency.pk))
    rows = RegistrationEntry.objects.filter(registration__in=registrations)
    by_award = dict(rows.order_by().values_list("award_type__name").annotate(n=Count("pk")))
    return {
        "agencies": registrations.count(),
        "agencies_expected": 1 if agency is not None else Agency.objects.active_on(dt.date(year, 1, 1)).count(),
        "titles": sum(by_award.values()),
        "by_award": by_award,
    }


def registration_workbook(year: int) -> Workbook:
    book = Workbook()
    sheet = book.create_sheet(_("Đăng ký %(year)s") % {"year": year})
    sheet.append(
        [_("Đơn vị"), _("Đã đăng ký"), _("Danh hiệu"), _("Loại"), _("Cá nhân, tập thể"), _("Chức vụ"), _("Ngày")]
    )
    for row in registration_board(year):
        if row.registration is None:
            sheet.append([row.agency.name, _("Chưa"), "", "", "", "", None])
            continue
        for entry in row.entries or [None]:
            sheet.append(
                [
                    row.agency.name,
                    _("Có"),
                    entry.award_type.name if entry else "",
                    entry.get_nominee_kind_display() if entry else "",
                    entry.nominee_name if entry else "",
                    entry.nominee_position if entry else "",
                    timezone.localtime(entry.created_at).date() if entry else None,
                ]
            )
    return book
