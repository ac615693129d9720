"""The rules of an award type version, judged for one candidate: `AwardType.evaluate(candidate)`.

One function answers "may this person or collective receive this award, under this version, by this decision?"
for every door: approval refuses what it finds unmet, submission warns with it, the checklist shows it,
the admin's honour form and the demo data obey it. Reads only; nothing here writes.

A `Candidate` carries the facts the rules look at, so the same rules judge a nomination (its dossier, its
council vote), an honour recorded from a decision taken outside the portal (no dossier here), and the demo
generator's honours (which pass the awards already given in `held`, to stay within a fixed number of queries).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from tayninh_thidua.lib.text import fold

from .awards import AwardType

# Which kinds of exemplar each recipient class admits. A "mô hình" is honoured through the collective
# that runs it, so it counts as a collective; households and villages are collectives of the portal too.
ADMITTED_KINDS: dict[str, frozenset[str]] = {
    AwardType.Recipient.INDIVIDUAL: frozenset({"individual"}),
    AwardType.Recipient.COLLECTIVE: frozenset({"collective", "model"}),
    AwardType.Recipient.BOTH: frozenset({"individual", "collective", "model"}),
    AwardType.Recipient.HOUSEHOLD: frozenset({"collective"}),
}

# Rule codes, for callers that judge only part of the rules (the admin's honour form: what a decision records).
RECIPIENT, VERSION, DECISION_DATE, SIGNER, PREREQUISITE, DOCUMENT, VOTE_SHARE, REGISTRATION, INITIATIVE = (
    "recipient",
    "version",
    "decision-date",
    "signer",
    "prerequisite",
    "document",
    "vote-share",
    "registration",
    "initiative",
)
RECORD_RULES = frozenset({RECIPIENT, VERSION, DECISION_DATE, SIGNER})


@dataclass(frozen=True)
class Check:
    """One rule, judged: a label, whether it is met, and the reason in Vietnamese."""

    label: str
    ok: bool
    detail: str = ""
    code: str = ""
    warning: bool = False  # met, but a reviewer should look (e.g. not registered where the rule does not require it)

    def __str__(self) -> str:
        return f"{self.label}: {self.detail}" if self.detail else self.label


@dataclass(frozen=True)
class Candidate:
    """The facts the rules look at.

    `dossier=False`: a decision taken outside the portal (an honour recorded in the admin, demo data): there are
    no documents or council vote to judge here. `decision_date`/`authority` empty: not decided yet (the version
    must then apply to some day of `year`). `held`: award name -> years held in force; None reads the honours.
    """

    kind: str
    year: int
    exemplar_id: int | None = None
    dossier: bool = True
    documents: frozenset[str] = frozenset()
    votes_for: int | None = None
    council_members: int | None = None
    decision_date: dt.date | None = None
    authority: str = ""
    held: Mapping[str, frozenset[int]] | None = None
    ignore_honour_id: int | None = field(default=None, compare=False)
    # A nomination's own facts of the emulation year: whether its title was registered (None: not judged),
    # and the initiatives it relies on (reuse for the same title is looked up, leaving out this nomination).
    registered: bool | None = None
    nomination_id: int | None = None
    initiative_ids: frozenset[int] = frozenset()


def evaluate(award: AwardType, candidate: Candidate) -> list[Check]:
    """Every rule of `award` for `candidate`, met or not, in the order a reviewer reads them."""
    checks = [check_recipient(award, candidate.kind), check_version(award, candidate)]
    if candidate.decision_date:
        checks.append(check_decision_date(candidate))
    if candidate.authority:
        checks.append(check_signer(award, candidate.authority))
    prerequisite = check_prerequisite(award, candidate)
    if prerequisite is not None:
        checks.append(prerequisite)
    if candidate.dossier:
        checks += check_documents(award, candidate.documents)
        checks.append(check_vote_share(award, candidate.votes_for, candidate.council_members))
        checks += [c for c in (check_registration(award, candidate), check_initiatives(award, candidate)) if c]
    return checks


# --- each rule -----------------------------------------------------------------------------------
def admits(award: AwardType, kind: str) -> bool:
    return kind in ADMITTED_KINDS.get(award.recipient, frozenset())


def check_recipient(award: AwardType, kind: str) -> Check:
    label = _("Đối tượng khen thưởng")
    kinds = dict(_kind_labels())
    given = kinds.get(kind, kind)
    if admits(award, kind):
        return Check(label, True, _("%(kind)s: đúng đối tượng.") % {"kind": given}, RECIPIENT)
    detail = _("“%(award)s” dành cho đối tượng “%(recipient)s”; người, tập thể được đề nghị là “%(kind)s”.") % {
        "award": award.name,
        "recipient": award.get_recipient_display(),
        "kind": given,
    }
    return Check(label, False, detail, RECIPIENT)


def _kind_labels():
    from .exemplar import Exemplar  # exemplar.py imports awards.py, which imports this module lazily

    return Exemplar.Kind.choices


def check_version(award: AwardType, candidate: Candidate) -> Check:
    label = _("Phiên bản áp dụng")
    day = candidate.decision_date
    if day:
        if award.is_in_force_on(day):
            return Check(label, True, _("%(version)s: còn hiệu lực ngày quyết định.") % {"version": award}, VERSION)
        current = AwardType.objects.in_force_on(day).filter(name=award.name).first()
        detail = _("%(version)s không có hiệu lực vào ngày quyết định %(day)s.") % {
            "version": award,
            "day": f"{day:%d/%m/%Y}",
        }
        if current is not None:
            detail += " " + _("Phiên bản áp dụng ngày đó: %(current)s.") % {"current": current}
        return Check(label, False, detail, VERSION)
    if award.is_in_force_during(candidate.year):
        return Check(label, True, _("%(version)s.") % {"version": award}, VERSION)
    detail = _("%(version)s không áp dụng cho năm %(year)s.") % {"version": award, "year": candidate.year}
    return Check(label, False, detail, VERSION)


def check_decision_date(candidate: Candidate) -> Check:
    label = _("Ngày quyết định")
    day = candidate.decision_date
    if day.year < candidate.year:
        detail = _("Ngày quyết định %(day)s trước năm xét %(year)s.") % {
            "day": f"{day:%d/%m/%Y}",
            "year": candidate.year,
        }
        return Check(label, False, detail, DECISION_DATE)
    return Check(label, True, f"{day:%d/%m/%Y}", DECISION_DATE)


def _names_provincial_committee(authority: str) -> bool:
    """The signer is the provincial People's Committee or its chairman (not, say, an office of it)."""
    text = fold(authority)
    committee = ("ubnd tinh", "uy ban nhan dan tinh")
    return text.startswith(committee) or any(f"chu tich {mark}" in text for mark in committee)


def check_signer(award: AwardType, authority: str) -> Check:
    """A provincial-level award is decided by the provincial People's Committee; any other level never is."""
    label = _("Thẩm quyền quyết định")
    provincial = award.level == AwardType.Level.PROVINCE
    if _names_provincial_committee(authority) == provincial:
        return Check(label, True, authority, SIGNER)
    if provincial:
        detail = _("“%(award)s” là khen thưởng cấp tỉnh, do %(by)s quyết định; người ký ghi là “%(authority)s”.")
    else:
        detail = _(
            "“%(award)s” là khen thưởng %(level)s, do %(by)s quyết định, không do UBND tỉnh; "
            "người ký ghi là “%(authority)s”."
        )
    params = {
        "award": award.name,
        "level": award.get_level_display().lower(),
        "by": award.decided_by or award.get_level_display(),
        "authority": authority,
    }
    return Check(label, False, detail % params, SIGNER)


def _held_years(award_name: str, candidate: Candidate) -> set[int]:
    if candidate.held is not None:
        return set(candidate.held.get(award_name, ()))
    if candidate.exemplar_id is None:
        return set()
    from .exemplar import Honour

    honours = Honour.objects.in_force().filter(exemplar_id=candidate.exemplar_id, award_type__name=award_name)
    if candidate.ignore_honour_id:
        honours = honours.exclude(pk=candidate.ignore_honour_id)
    return set(honours.values_list("year", flat=True))


def consecutive_years(years: set[int], ending: int) -> int:
    count = 0
    while ending - count in years:
        count += 1
    return count


def check_prerequisite(award: AwardType, candidate: Candidate) -> Check | None:
    """The prerequisite honours (None if the version sets none). Versions share a name, so honours are matched by
    the prerequisite's name; the run of consecutive years may end in the candidate's year or the year before."""
    if not award.prerequisite_id or not award.prerequisite_count:
        return None
    name = award.prerequisite.name
    label = _("Cần %(count)s lần liên tục đạt “%(name)s”") % {"count": award.prerequisite_count, "name": name}
    if candidate.exemplar_id is None and candidate.held is None:
        detail = _("Điển hình chưa có trong hệ thống: chưa có khen thưởng nào được ghi nhận.")
        return Check(label, False, detail, PREREQUISITE)
    years = _held_years(name, candidate)
    run = max(consecutive_years(years, candidate.year), consecutive_years(years, candidate.year - 1))
    found = ", ".join(str(y) for y in sorted(years)) or "—"
    detail = _("Đã ghi nhận %(run)s lần liên tục (các năm: %(years)s).") % {"run": run, "years": found}
    return Check(label, run >= award.prerequisite_count, detail, PREREQUISITE)


def check_documents(award: AwardType, present: frozenset[str]) -> list[Check]:
    labels = dict(AwardType.Document.choices)
    return [
        Check(
            str(labels.get(code, code)),
            code in present,
            _("Đã có") if code in present else _("Còn thiếu"),
            f"{DOCUMENT}:{code}",
        )
        for code in award.required_documents or []
    ]


def vote_share(votes_for: int | None, council_members: int | None) -> Decimal | None:
    """Votes for as a percentage of all council members, or None when no vote is recorded."""
    if not council_members or votes_for is None:
        return None
    return (Decimal(votes_for) * 100 / Decimal(council_members)).quantize(Decimal("0.01"))


def check_vote_share(award: AwardType, votes_for: int | None, council_members: int | None) -> Check:
    required = award.vote_share
    share = vote_share(votes_for, council_members)
    label = _("Kết quả bỏ phiếu của hội đồng")
    if required is None:
        detail = _("Không yêu cầu tỷ lệ phiếu.") if share is None else _("Đạt %(share)s%% số phiếu.") % {"share": share}
        return Check(label, True, detail, VOTE_SHARE)
    if share is None:
        detail = _("Chưa có kết quả bỏ phiếu (cần tối thiểu %(req)s%%).") % {"req": required}
        return Check(label, False, detail, VOTE_SHARE)
    if share < required:
        detail = _("Chỉ đạt %(share)s%% (%(votes)s/%(members)s phiếu), dưới mức tối thiểu %(req)s%%.") % {
            "share": share,
            "votes": votes_for,
            "members": council_members,
            "req": required,
        }
        return Check(label, False, detail, VOTE_SHARE)
    detail = _("Đạt %(share)s%%, mức tối thiểu %(req)s%%.") % {"share": share, "req": required}
    return Check(label, True, detail, VOTE_SHARE)


def check_registration(award: AwardType, candidate: Candidate) -> Check | None:
    """Whether the title was in the agency's registration for the year; refused only where the version says so."""
    if candidate.registered is None:
        return None
    label = _("Đăng ký thi đua đầu năm")
    if candidate.registered:
        return Check(label, True, _("Đã đăng ký danh hiệu này năm %(year)s.") % {"year": candidate.year}, REGISTRATION)
    detail = _("Chưa đăng ký “%(award)s” năm %(year)s.") % {"award": award.name, "year": candidate.year}
    if award.requires_registration:
        return Check(label, False, detail + " " + _("Danh hiệu này yêu cầu đăng ký thi đua."), REGISTRATION)
    return Check(label, True, detail, REGISTRATION, warning=True)


def check_initiatives(award: AwardType, candidate: Candidate) -> Check | None:
    """An initiative may justify one title of a kind: one already used by another dossier (not rejected) for the
    same title (any version) is flagged, and refused where the version says so."""
    if not candidate.initiative_ids:
        return None
    from .nomination import Nomination

    used = (
        Nomination.objects.filter(initiatives__in=candidate.initiative_ids, award_type__name=award.name)
        .exclude(pk=candidate.nomination_id)
        .exclude(state=Nomination.State.REJECTED)
        .values_list("initiatives__title", "nominee_name", "year")
        .distinct()
        .order_by("initiatives__title", "year")
    )
    reused = [
        _("“%(title)s” đã dùng cho hồ sơ của %(name)s năm %(year)s") % {"title": t, "name": n, "year": y}
        for t, n, y in used
    ]
    label = _("Sáng kiến làm căn cứ")
    if not reused:
        detail = _("%(count)s sáng kiến, chưa dùng cho hồ sơ “%(award)s” nào khác.")
        return Check(label, True, detail % {"count": len(candidate.initiative_ids), "award": award.name}, INITIATIVE)
    detail = "; ".join(reused) + "."
    if award.refuses_reused_initiative:
        return Check(label, False, detail + " " + _("Không được dùng lại cho cùng danh hiệu."), INITIATIVE)
    return Check(label, True, detail, INITIATIVE, warning=True)


def candidate_for_honour(honour) -> Candidate:
    """The facts of a recorded honour: its exemplar, year and decision, and its dossier if a nomination led to it."""
    nomination = honour.nomination if honour.nomination_id else None
    return Candidate(
        kind=honour.exemplar.kind,
        year=honour.year,
        exemplar_id=honour.exemplar_id,
        dossier=nomination is not None,
        documents=frozenset(a.document_type for a in nomination.attachments.all()) if nomination else frozenset(),
        votes_for=nomination.votes_for if nomination else None,
        council_members=nomination.council_members if nomination else None,
        decision_date=honour.decision_date,
        authority=honour.issuing_authority,
        ignore_honour_id=honour.pk,
    )
