"""Reads that judge a dossier: the vote share, prerequisite honours and the checklist.

No writes here: services.py calls these before a transition; the admin and the agency pages
show them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from ..models import AwardType, Honour, Nomination


@dataclass(frozen=True)
class Check:
    label: str
    ok: bool
    detail: str = ""


def vote_share(nomination: Nomination) -> Decimal | None:
    """Votes for as a percentage of all council members, or None when no vote is recorded."""
    if not nomination.council_members or nomination.votes_for is None:
        return None
    return (Decimal(nomination.votes_for) * 100 / Decimal(nomination.council_members)).quantize(Decimal("0.01"))


def check_vote_share(nomination: Nomination) -> Check:
    required = nomination.award_type.vote_share
    share = vote_share(nomination)
    label = _("Kết quả bỏ phiếu của hội đồng")
    if required is None:
        detail = _("Không yêu cầu tỷ lệ phiếu.") if share is None else _("Đạt %(share)s%% số phiếu.") % {"share": share}
        return Check(label, True, detail)
    if share is None:
        return Check(label, False, _("Chưa có kết quả bỏ phiếu (cần tối thiểu %(req)s%%).") % {"req": required})
    if share < required:
        return Check(
            label,
            False,
            _("Chỉ đạt %(share)s%% (%(votes)s/%(members)s phiếu), dưới mức tối thiểu %(req)s%%.")
            % {"share": share, "votes": nomination.votes_for, "members": nomination.council_members, "req": required},
        )
    return Check(label, True, _("Đạt %(share)s%%, mức tối thiểu %(req)s%%.") % {"share": share, "req": required})


def consecutive_years(years: set[int], ending: int) -> int:
    count = 0
    while ending - count in years:
        count += 1
    return count


def check_prerequisite(nomination: Nomination) -> Check | None:
    """Whether the exemplar's recorded honours meet the award type's prerequisite (None if none is set).

    Versions of an award type share its name, so honours are matched by the prerequisite's name.
    The run of consecutive years may end in the nomination's year or the year before.
    """
    award = nomination.award_type
    if not award.prerequisite_id or not award.prerequisite_count:
        return None
    name = award.prerequisite.name
    label = _("Cần %(count)s lần liên tục đạt “%(name)s”") % {"count": award.prerequisite_count, "name": name}
    if nomination.exemplar_id is None:
        return Check(label, False, _("Điển hình chưa có trong hệ thống: chưa có khen thưởng nào được ghi nhận."))
    years = set(
        Honour.objects.in_force()
        .filter(exemplar_id=nomination.exemplar_id, award_type__name=name)
        .values_list("year", flat=True)
    )
    run = max(consecutive_years(years, nomination.year), consecutive_years(years, nomination.year - 1))
    found = ", ".join(str(y) for y in sorted(years)) or "—"
    detail = _("Đã ghi nhận %(run)s lần liên tục (các năm: %(years)s).") % {"run": run, "years": found}
    return Check(label, run >= award.prerequisite_count, detail)


def missing_documents(nomination: Nomination) -> list[str]:
    present = {a.document_type for a in nomination.attachments.all()}
    return [code for code in nomination.award_type.required_documents or [] if code not in present]


def dossier_checklist(nomination: Nomination) -> list[Check]:
    """What the reviewer needs to see: each required document, the vote result, the prerequisite."""
    labels = dict(AwardType.Document.choices)
    missing = set(missing_documents(nomination))
    checks = [
        Check(str(labels.get(code, code)), code not in missing, _("Còn thiếu") if code in missing else _("Đã có"))
        for code in nomination.award_type.required_documents or []
    ]
    checks.append(check_vote_share(nomination))
    prerequisite = check_prerequisite(nomination)
    if prerequisite is not None:
        checks.append(prerequisite)
    return checks
