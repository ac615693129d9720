"""The council's sessions and secret ballot: agenda, attendance, voting, closing with the tally and minutes.

A ballot is written as two unlinked facts in one transaction: a BallotReceipt (this member voted) and an
anonymous Ballot with its choices. Closing counts the ballots per nominee, judges each against the threshold on
the council's total membership (the award type version's vote share, else the procedure rule's majority), writes
the tally onto the dossier (votes for, members), which is what approval's eligibility check then reads, and
renders the minutes (biên bản kiểm phiếu) as DOCX and PDF.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from movements.audiences import is_reviewer
from tayninh_thidua.lib.workflow import NotAllowedForYou, NotAllowedNow

from .. import minutes
from ..models import (
    Ballot,
    BallotChoice,
    BallotReceipt,
    CouncilMember,
    CouncilSession,
    Nomination,
    NominationEvent,
    ProcedureRule,
    SessionResult,
)
from .consultation import open_consultation_of

S = CouncilSession.State
Choice = BallotChoice.Choice


def _require_reviewer(actor) -> None:
    if not is_reviewer(actor):
        raise NotAllowedForYou(_("Bạn không có quyền điều hành phiên họp hội đồng."))


def _lock(session: CouncilSession) -> CouncilSession:
    return CouncilSession.objects.select_for_update().select_related("council").get(pk=session.pk)


def _require_state(session: CouncilSession, *states: str) -> None:
    if session.state not in states:
        raise NotAllowedNow(
            _("Phiên họp đang ở trạng thái “%(state)s”: không thể thực hiện thao tác này.")
            % {"state": session.get_state_display()},
            code="bad_state",
        )


@transaction.atomic
def add_to_agenda(session: CouncilSession, nominations, *, actor) -> CouncilSession:
    """Put dossiers in review on a session's agenda (while it is being prepared).

    Refused for a dossier whose public consultation is still open on the session's date or today, or that is
    not in review. Side effects: the agenda; one NominationEvent per dossier added."""
    _require_reviewer(actor)
    locked = _lock(session)
    _require_state(locked, S.PREPARING)
    for nomination in nominations:
        consultation = open_consultation_of(nomination) or open_consultation_of(nomination, locked.date)
        if consultation is not None:
            raise NotAllowedNow(
                _("“%(name)s” đang được lấy ý kiến công khai đến hết %(end)s: chưa thể đưa ra hội đồng.")
                % {"name": nomination.nominee_name, "end": f"{consultation.closes_on:%d/%m/%Y}"},
                code="consultation_open",
            )
        if nomination.state != Nomination.State.IN_REVIEW:
            raise NotAllowedNow(
                _("“%(name)s” không ở trạng thái đang thẩm định.") % {"name": nomination.nominee_name}, code="state"
            )
    for nomination in nominations:
        locked.agenda.add(nomination)
        NominationEvent.record(
            nomination=nomination, actor=actor, comment=_("Đưa ra xét tại %(session)s.") % {"session": locked}
        )
    return locked


@transaction.atomic
def record_attendance(session: CouncilSession, members, *, actor) -> CouncilSession:
    """Set the members present (before or during the vote). Only members serving on the session's date."""
    _require_reviewer(actor)
    locked = _lock(session)
    _require_state(locked, S.PREPARING, S.VOTING)
    serving = set(locked.council.members.serving_on(locked.date).values_list("pk", flat=True))
    strangers = [str(m) for m in members if m.pk not in serving]
    if strangers:
        raise NotAllowedNow(
            _("Không phải thành viên hội đồng trong nhiệm kỳ: %(names)s.") % {"names": ", ".join(strangers)}
        )
    locked.present.set(members)
    return locked


@transaction.atomic
def open_voting(session: CouncilSession, *, actor) -> CouncilSession:
    """Preparing → voting. Fixes the total membership (members serving on the session's date) and whether absent
    members may vote in writing (ProcedureRule WRITTEN_VOTES on that date)."""
    _require_reviewer(actor)
    locked = _lock(session)
    _require_state(locked, S.PREPARING)
    if not locked.agenda.exists():
        raise NotAllowedNow(_("Phiên họp chưa có hồ sơ nào để xét."), code="empty_agenda")
    locked.members_total = locked.council.members.serving_on(locked.date).count()
    if not locked.members_total:
        raise NotAllowedNow(_("Hội đồng chưa có thành viên trong nhiệm kỳ."), code="no_members")
    locked.written_votes_allowed = bool(ProcedureRule.value_on(ProcedureRule.Code.WRITTEN_VOTES, locked.date))
    locked.state = S.VOTING
    locked.save(update_fields=["members_total", "written_votes_allowed", "state"])
    return locked


def member_for(session: CouncilSession, user) -> CouncilMember | None:
    """The user's seat on the session's council, if they serve on its date."""
    if user is None or not user.is_authenticated:
        return None
    return session.council.members.serving_on(session.date).filter(user=user).first()


@transaction.atomic
def cast_ballot(session: CouncilSession, *, user, choices: dict[int, str]) -> None:
    """One member's secret ballot: `choices` maps each agenda nominee's id to agree or disagree.

    Refused to anyone not serving on the council, to an absent member unless written votes are allowed, to a
    member who already voted, and outside voting. A ballot that does not mark every nominee is kept as invalid
    (counted in the minutes, its marks not counted). Side effects: one BallotReceipt (member, written or not)
    and one anonymous Ballot with its BallotChoice rows; nothing links them, nothing is logged with the choice."""
    locked = _lock(session)  # serialises the ballots of a session: one receipt per member
    member = member_for(locked, user)
    if member is None:
        raise NotAllowedForYou(_("Bạn không phải thành viên hội đồng của phiên họp này."))
    _require_state(locked, S.VOTING)
    present = locked.present.filter(pk=member.pk).exists()
    if not present and not locked.written_votes_allowed:
        raise NotAllowedNow(_("Thành viên vắng mặt không được bỏ phiếu ở phiên họp này."), code="absent")
    if BallotReceipt.objects.filter(session=locked, member=member).exists():
        raise NotAllowedNow(_("Bạn đã bỏ phiếu ở phiên họp này."), code="already_voted")
    agenda = set(locked.agenda.values_list("pk", flat=True))
    marks = {int(k): v for k, v in choices.items() if int(k) in agenda and v in Choice.values}
    BallotReceipt.objects.create(session=locked, member=member, written=not present)
    ballot = Ballot.objects.create(session=locked, valid=set(marks) == agenda)
    if ballot.valid:
        BallotChoice.objects.bulk_create(
            BallotChoice(ballot=ballot, nomination_id=pk, choice=choice) for pk, choice in sorted(marks.items())
        )


def threshold_for(nomination: Nomination, on) -> tuple[Decimal, bool]:
    """(required share of all members in %, whether it must be exceeded): the award type version's vote share
    (at least), else the procedure rule's majority (more than)."""
    if nomination.award_type.vote_share is not None:
        return Decimal(nomination.award_type.vote_share), False
    return Decimal(ProcedureRule.value_on(ProcedureRule.Code.MAJORITY_SHARE, on)), True


def _passes(agree: int, total: int, required: Decimal, strictly_more: bool) -> bool:
    # Exact arithmetic on integers: agree/total against required% with no rounding.
    left, right = Decimal(agree) * 100, required * total
    return left > right if strictly_more else left >= right


def tally(session: CouncilSession) -> dict[int, Counter]:
    """Agree/disagree per agenda nominee, counted from the valid anonymous ballots."""
    counts: dict[int, Counter] = {pk: Counter() for pk in session.agenda.values_list("pk", flat=True)}
    for nomination_id, choice in BallotChoice.objects.filter(ballot__session=session, ballot__valid=True).values_list(
        "nomination_id", "choice"
    ):
        counts[nomination_id][choice] += 1
    return counts


@transaction.atomic
def close_session(session: CouncilSession, *, actor) -> CouncilSession:
    """Voting → closed: count, judge, record, render the minutes.

    Side effects: one SessionResult per nominee; each dossier's votes_for and council_members set from the tally
    (approval's vote-share rule reads them), with a NominationEvent; the minutes stored as DOCX and PDF."""
    _require_reviewer(actor)
    locked = _lock(session)
    _require_state(locked, S.VOTING)
    counts = tally(locked)
    total = locked.members_total
    for nomination in locked.agenda.select_related("award_type").select_for_update(of=("self",)):
        count = counts[nomination.pk]
        required, strictly_more = threshold_for(nomination, locked.date)
        agree = count[Choice.AGREE]
        result = SessionResult.objects.create(
            session=locked,
            nomination=nomination,
            agree=agree,
            disagree=count[Choice.DISAGREE],
            members_total=total,
            required_share=required,
            strictly_more=strictly_more,
            share=(Decimal(agree) * 100 / total).quantize(Decimal("0.01")),
            passed=_passes(agree, total, required, strictly_more),
        )
        nomination.votes_for, nomination.council_members = agree, total
        nomination.save(update_fields=["votes_for", "council_members", "updated_at"])
        NominationEvent.record(
            nomination=nomination,
            actor=actor,
            comment=_(
                "Kết quả bỏ phiếu kín tại %(session)s: %(agree)s/%(total)s thành viên đồng ý (%(share)s%%) — %(result)s."
            )
            % {
                "session": locked,
                "agree": agree,
                "total": total,
                "share": result.share,
                "result": _("đạt") if result.passed else _("không đạt"),
            },
        )
    locked.state = S.CLOSED
    context = minutes.context_for(locked)
    locked.minutes_docx.save(
        f"bien-ban-kiem-phieu-{locked.pk}.docx", ContentFile(minutes.render_docx(context)), save=False
    )
    locked.minutes_pdf.save(
        f"bien-ban-kiem-phieu-{locked.pk}.pdf", ContentFile(minutes.render_pdf(context)), save=False
    )
    locked.save(update_fields=["state", "minutes_docx", "minutes_pdf"])
    return locked


def passed_in_council(nomination: Nomination) -> bool | None:
    """The latest council result of the dossier: True/False, or None when no council voted on it."""
    result = nomination.council_results.order_by("-session__date", "-pk").first()
    return None if result is None else result.passed
