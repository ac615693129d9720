"""Advancing (and undoing it), the finalists, prizes, publication, exemplars."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from contests.models import Assignment, ContestLog, Edition, Entry, PrizeTier, Round, Score
from exemplars.models import Exemplar

from ._common import (
    log_change,
)
from .ranking import rank_round


@transaction.atomic
def advance_top(round_: Round, *, count: int | None = None, actor=None) -> list[Entry]:
    """Move the round's top `count` entries (default: the round's setting) to the next round.

    Order is the ranking's (see contests.ranking.TIE_RULE). Writes: Entry.stage, Round.advanced_at
    (closes scoring); logs ContestLog.Action.ROUND_ADVANCED. Raises ValidationError on the final round or twice.
    """
    round_ = Round.objects.select_for_update().select_related("edition").get(pk=round_.pk)
    following = round_.next_round()
    if following is None:
        raise ValidationError(_("Đây là vòng chung kết: không còn vòng sau để chọn bài vào."))
    if round_.advanced_at:
        raise ValidationError(_("Vòng này đã chọn bài vào vòng sau."))
    count = round_.advance_count if count is None else count
    if count < 1:
        raise ValidationError(_("Số bài vào vòng sau phải ít nhất 1."), code="count")
    chosen = [row.entry for row in rank_round(round_) if row.scores][:count]
    if not chosen:
        raise ValidationError(_("Chưa có bài nào được chấm điểm trong vòng này: chưa thể chọn bài vào vòng sau."))
    Entry.objects.filter(pk__in=[e.pk for e in chosen]).update(stage=following.order)
    round_.advanced_at = timezone.now()
    round_.save(update_fields=["advanced_at"])
    log_change(
        round_.edition,
        ContestLog.Action.ROUND_ADVANCED,
        actor=actor,
        from_value=round_.kind,
        to_value=following.kind,
        comment=str(len(chosen)),
    )
    return chosen


@transaction.atomic
def reopen_round(round_: Round, *, actor, reason: str) -> Round:
    """Undo advance_top: the entries it moved go back to this round, which opens for scoring again.

    Refused without a reason, when the round has not advanced, once the results are published, or once any
    entry has been scored in the next round (or that round has advanced in turn): then it is history.
    Unscored assignments of the next round for the entries moved back are withdrawn. Writes: Entry.stage,
    Round.advanced_at, deletes those Assignments; logs ContestLog.Action.ROUND_REOPENED with the reason.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Vui lòng ghi rõ lý do."), code="reason_required")
    round_ = Round.objects.select_for_update().select_related("edition").get(pk=round_.pk)
    following = round_.next_round()
    if round_.advanced_at is None or following is None:
        raise ValidationError(_("Vòng này chưa chọn bài vào vòng sau, không có gì để hoàn tác."))
    if round_.edition.results_published_at:
        raise ValidationError(_("Kết quả đã công bố, không thể hoàn tác."))
    if following.advanced_at or Score.objects.filter(assignment__round=following).exists():
        raise ValidationError(
            _("Vòng %(round)s đã chấm điểm, không thể hoàn tác việc chọn bài vào vòng này.")
            % {"round": following.get_kind_display()}
        )
    Entry.objects.filter(edition=round_.edition, stage=following.order).update(stage=round_.order)
    Assignment.objects.filter(round=following).delete()
    round_.advanced_at = None
    round_.save(update_fields=["advanced_at"])
    log_change(
        round_.edition,
        ContestLog.Action.ROUND_REOPENED,
        actor=actor,
        from_value=following.kind,
        to_value=round_.kind,
        comment=reason,
    )
    return round_


def on_public_view(entry: Entry) -> bool:
    """Whether the public may read the entry (its page and photos): a winner once results are published, a
    finalist on the ballot while the public vote is open (voters read before they vote). Reads only."""
    edition = entry.edition
    if edition.results_published_at:
        return entry.prize_id is not None
    return edition.vote_is_open() and finalists(edition).filter(pk=entry.pk).exists()


def finalists(edition: Edition) -> QuerySet:
    """Entries in the final round whose story the locality did not reject (the public vote's ballot)."""
    final = edition.final_round
    if final is None:
        return Entry.objects.none()
    return Entry.objects.in_round(final).exclude(verification=Entry.Verification.NOT_CONFIRMED).order_by("number")


@transaction.atomic
def assign_prize(entry: Entry, tier: PrizeTier | None, *, actor=None) -> Entry:
    """Give `entry` the prize `tier` (or none), never more prizes of a tier than the structure allows.

    Only final-round entries whose story the locality confirmed can win. Saved invisibly
    until publish_results. Writes: Entry.prize; logs ContestLog.Action.ENTRY_PRIZE.
    """
    entry = Entry.objects.select_for_update().select_related("edition").get(pk=entry.pk)
    if entry.edition.results_published_at:
        raise ValidationError(_("Kết quả đã công bố, không thể thay đổi giải."))
    if tier is not None:
        tier = PrizeTier.objects.select_for_update().get(pk=tier.pk)  # serialises awards of this tier
        if tier.edition_id != entry.edition_id:
            raise ValidationError(_("Giải này thuộc kỳ thi khác."))
        in_final = finalists(entry.edition).filter(pk=entry.pk).exists()
        if not in_final or entry.verification != Entry.Verification.CONFIRMED:
            raise ValidationError(_("Chỉ trao giải cho bài vào chung kết và được địa phương xác nhận."))
        given = Entry.objects.filter(prize=tier).exclude(pk=entry.pk).count()
        if given >= tier.count:
            raise ValidationError(
                _("%(tier)s chỉ có %(n)s giải và đã trao đủ.") % {"tier": tier.get_rank_display(), "n": tier.count},
                code="prize_full",
            )
    previous = entry.prize
    entry.prize = tier
    entry.save(update_fields=["prize"])
    log_change(
        entry.edition,
        ContestLog.Action.ENTRY_PRIZE,
        entry=entry,
        actor=actor,
        from_value=previous or "",
        to_value=tier or "",
    )
    return entry


def publication_blockers(edition: Edition, day: dt.date | None = None) -> list[str]:
    """Why the edition's results may not be published on `day` (today), in Vietnamese; [] when they may.

    Results come last: entries closed, every round over (all but the final advanced, the final past its end
    date), the public vote over (it weighs in the final score), at least one prize given. Reads only.
    """
    day = day or timezone.localdate()
    reasons = []
    if edition.results_published_at:
        return [_("Kết quả kỳ thi này đã được công bố.")]
    if day <= edition.submission_closes:
        reasons.append(_("Cuộc thi đang nhận bài đến hết %(day)s.") % {"day": f"{edition.submission_closes:%d/%m/%Y}"})
    for round_ in sorted(edition.rounds.all(), key=lambda r: r.order):
        name = round_.get_kind_display()
        if not round_.is_final and round_.advanced_at is None:
            reasons.append(_("Vòng %(round)s chưa chọn bài vào vòng sau.") % {"round": name})
        elif round_.is_final and day <= round_.ends_on:
            reasons.append(
                _("Vòng %(round)s đang chấm đến hết %(day)s.") % {"round": name, "day": f"{round_.ends_on:%d/%m/%Y}"}
            )
    if edition.public_vote_enabled:
        if not (edition.vote_opens and edition.vote_closes):
            reasons.append(_("Cuộc thi có bình chọn trực tuyến nhưng chưa đặt thời gian bình chọn."))
        elif day <= edition.vote_closes:
            reasons.append(
                _("Bình chọn trực tuyến (%(percent)s%% điểm chung kết) chưa kết thúc: đến hết %(day)s.")
                % {"percent": edition.public_vote_percent, "day": f"{edition.vote_closes:%d/%m/%Y}"}
            )
    if not Entry.objects.filter(edition=edition, prize__isnull=False).exists():
        reasons.append(_("Chưa có bài nào được trao giải."))
    if not edition.signer_name.strip():
        reasons.append(_("Chưa ghi người ký giấy chứng nhận (mục “Người ký giấy chứng nhận” của kỳ thi)."))
    return reasons


@transaction.atomic
def publish_results(edition: Edition, *, actor=None) -> Edition:
    """Publish the edition's results: prizes become visible on the public page, in bulk, logged once.

    Refused (ValidationError listing every reason) while publication_blockers finds any: entries still
    accepted, a round or the public vote still running, no prize given, no signer, already published. Writes:
    Edition.results_published_at; logs ContestLog.Action.RESULTS_PUBLISHED; after commit, queues the task that
    renders and stores the winners' certificates (contests.issue_certificates).
    """
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    blockers = publication_blockers(edition)
    if blockers:
        raise ValidationError(blockers, code="not_ready")
    edition.results_published_at = timezone.now()
    edition.save(update_fields=["results_published_at"])
    winners = Entry.objects.filter(edition=edition, prize__isnull=False).count()
    log_change(edition, ContestLog.Action.RESULTS_PUBLISHED, actor=actor, to_value="published", comment=str(winners))
    from contests.tasks import issue_certificates_task  # tasks.py imports the services

    # robust: the results are published; a broker outage only delays the certificates (the view issues them).
    transaction.on_commit(lambda: issue_certificates_task.delay(edition_id=edition.pk), robust=True)
    return edition


@transaction.atomic
def create_exemplar_from_entry(entry: Entry, *, actor=None):
    """Turn the entry's subject into an unpublished exemplar (exemplars app), linked from the entry.

    The exemplar's agency is the verifying agency, or the organiser. Writes: Exemplar, Entry.exemplar;
    logs ContestLog.Action.ENTRY_EXEMPLAR. Returns the existing exemplar when the entry already has one.
    """
    entry = Entry.objects.select_for_update().select_related("edition").get(pk=entry.pk)
    if entry.exemplar_id:
        return entry.exemplar
    exemplar = Exemplar.objects.create(
        kind=Exemplar.Kind.COLLECTIVE
        if entry.subject_kind == Entry.SubjectKind.COLLECTIVE
        else Exemplar.Kind.INDIVIDUAL,
        name=entry.subject_name,
        agency=entry.verification_agency or entry.edition.organiser,
        locality=entry.subject_locality,
        summary=entry.subject_activity,
        story=entry.text if entry.consent_publish else "",
        is_published=False,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    entry.exemplar = exemplar
    entry.save(update_fields=["exemplar"])
    log_change(entry.edition, ContestLog.Action.ENTRY_EXEMPLAR, entry=entry, actor=actor, to_value=exemplar.pk)
    return exemplar
