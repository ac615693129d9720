"""State changes of the contest: each one function that locks, checks, saves and logs.

Views, admin actions and tasks call these; nothing else writes contest state. Rankings live in
`contests.ranking`, certificates in `contests.certificates`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter, defaultdict

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.auth.models import Group
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tayninh_thidua.text import fold
from tayninh_thidua.uploads import clean_image

from .models import Assignment, Conflict, ContestLog, Edition, Entry, EntryPhoto, PrizeTier, Round, Score, Vote
from .models.edition import EDITION_INTERVAL_YEARS

JUDGES_GROUP_NAME = "Giám khảo"
CODE_PREFIX = "GNT"
VERIFICATION_SALT = "contests.verification"
VOTE_SALT = "contests.vote"
TOKEN_MAX_AGE = 60 * 60 * 24 * 60  # verification links last 60 days
VOTE_TOKEN_MAX_AGE = 60 * 60 * 24 * 3

_WORD = re.compile(r"\w+(?:[-'’]\w+)*", re.UNICODE)


def _log(edition: Edition, action: str, *, entry=None, actor=None, from_value="", to_value="", comment="") -> None:
    ContestLog.objects.create(
        edition=edition,
        entry=entry,
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        from_value=str(from_value)[:80],
        to_value=str(to_value)[:80],
        comment=comment,
    )


def current_edition() -> Edition | None:
    """The edition the home page shows (see EditionQuerySet.current)."""
    return Edition.objects.with_related().current()


# ---------------------------------------------------------------------------
# Editions
# ---------------------------------------------------------------------------
def check_biennial(year: int, *, exclude_pk: int | None = None) -> None:
    """Raise ValidationError when another edition is less than two years from `year`."""
    others = Edition.objects.filter(year__gt=year - EDITION_INTERVAL_YEARS, year__lt=year + EDITION_INTERVAL_YEARS)
    if exclude_pk:
        others = others.exclude(pk=exclude_pk)
    clash = others.order_by("-year").first()
    if clash is not None:
        raise ValidationError(
            _(
                "Cuộc thi được tổ chức hai năm một lần: đã có kỳ năm %(other)s, nên không thể mở kỳ năm %(year)s. "
                "Kỳ gần nhất có thể tổ chức là năm %(next)s."
            )
            % {"other": clash.year, "year": year, "next": clash.year + EDITION_INTERVAL_YEARS},
            code="biennial",
        )


@transaction.atomic
def create_next_edition(previous: Edition, *, actor=None) -> Edition:
    """A new edition two years after `previous`, copying its organisers, rules, limits, rounds and prizes.

    Writes: Edition, its Rounds and PrizeTiers; logs "edition.created". Refuses (ValidationError)
    when the biennial rule forbids the new year.
    """
    shift = relativedelta(years=EDITION_INTERVAL_YEARS)
    year = previous.year + EDITION_INTERVAL_YEARS
    check_biennial(year)
    edition = Edition.objects.create(
        year=year,
        number=previous.number + 1,
        title=previous.title,
        organiser=previous.organiser,
        rules=previous.rules,
        submission_opens=previous.submission_opens + shift,
        submission_closes=previous.submission_closes + shift,
        min_words=previous.min_words,
        max_words=previous.max_words,
        max_photos=previous.max_photos,
        public_vote_enabled=previous.public_vote_enabled,
        vote_opens=previous.vote_opens + shift if previous.vote_opens else None,
        vote_closes=previous.vote_closes + shift if previous.vote_closes else None,
        public_vote_weight=previous.public_vote_weight,
    )
    edition.co_organisers.set(previous.co_organisers.all())
    for r in previous.rounds.all():
        Round.objects.create(
            edition=edition,
            kind=r.kind,
            starts_on=r.starts_on + shift,
            ends_on=r.ends_on + shift,
            advance_count=r.advance_count,
        )
    for tier in previous.prize_tiers.all():
        PrizeTier.objects.create(edition=edition, rank=tier.rank, count=tier.count, amount=tier.amount)
    _log(edition, "edition.created", actor=actor, comment=_("Tạo từ kỳ năm %(year)s") % {"year": previous.year})
    return edition


# ---------------------------------------------------------------------------
# Entries
# ---------------------------------------------------------------------------
def count_words(text: str) -> int:
    """Words as Vietnamese counts them in contest rules: each syllable separated by spaces is one word."""
    return len(_WORD.findall(text or ""))


def text_fingerprint(text: str) -> str:
    return hashlib.sha256(fold(text).encode()).hexdigest()


def check_word_limits(edition: Edition, text: str) -> int:
    words = count_words(text)
    if words < edition.min_words or words > edition.max_words:
        raise ValidationError(
            _("Bài dự thi có %(n)s chữ; thể lệ yêu cầu từ %(min)s đến %(max)s chữ."),
            code="word_limits",
            params={"n": words, "min": edition.min_words, "max": edition.max_words},
        )
    return words


def check_window(edition: Edition, day: dt.date | None = None) -> None:
    day = day or timezone.localdate()
    if edition.accepts_entries(day):
        return
    if day < edition.submission_opens:
        message = _("Cuộc thi chưa bắt đầu nhận bài. Thời gian nhận bài: từ %(open)s đến %(close)s.")
    else:
        message = _("Cuộc thi đã hết hạn nhận bài (hạn cuối %(close)s). Cảm ơn bạn đã quan tâm.")
    raise ValidationError(
        message % {"open": f"{edition.submission_opens:%d/%m/%Y}", "close": f"{edition.submission_closes:%d/%m/%Y}"},
        code="window",
    )


def find_duplicate(edition: Edition, *, text: str, title: str, email: str) -> Entry | None:
    """An entry already sent: the same text, or the same title from the same address."""
    return (
        Entry.objects.filter(edition=edition)
        .filter(
            Q(text_hash=text_fingerprint(text)) | Q(title__iexact=title.strip(), author_email__iexact=email.strip())
        )
        .first()
    )


def clean_photos(edition: Edition, photos: list) -> list:
    if len(photos) > edition.max_photos:
        raise ValidationError(
            _("Mỗi bài được gửi kèm tối đa %(max)s ảnh; bạn đã chọn %(n)s ảnh."),
            code="too_many_photos",
            params={"max": edition.max_photos, "n": len(photos)},
        )
    return [clean_image(photo) for photo in photos]


def submit_entry(edition: Edition, data: dict, photos: list) -> Entry:
    """Record a public entry: checks window, limits and duplicates, numbers it, stores cleaned photos.

    `data` holds the Entry fields from the form. Writes: Entry (+ EntryPhoto); logs "entry.submitted";
    queues the e-mail receipt after commit. Raises ValidationError with a Vietnamese message.
    """
    from . import tasks

    check_window(edition)
    words = check_word_limits(edition, data["text"])
    cleaned_photos = clean_photos(edition, photos)
    if not data.get("declaration"):
        raise ValidationError(_("Bạn cần cam đoan bài dự thi là tác phẩm của mình và chưa đăng ở đâu."))
    with transaction.atomic():
        edition = Edition.objects.select_for_update().get(pk=edition.pk)  # serialises numbering
        if find_duplicate(edition, text=data["text"], title=data["title"], email=data["author_email"]):
            raise ValidationError(
                _(
                    "Bài dự thi này đã được gửi trước đó. Mỗi bài chỉ gửi một lần; nếu cần sửa, hãy liên hệ Ban Tổ chức."
                ),
                code="duplicate",
            )
        number = (
            Entry.objects.filter(edition=edition).order_by("-number").values_list("number", flat=True).first() or 0
        ) + 1
        entry = Entry(
            edition=edition,
            number=number,
            code=f"{CODE_PREFIX}-{edition.year}-{number:04d}",
            word_count=words,
            text_hash=text_fingerprint(data["text"]),
            **data,
        )
        try:
            with transaction.atomic():
                entry.save()
        except IntegrityError as exc:
            raise ValidationError(_("Bài dự thi này đã được gửi trước đó."), code="duplicate") from exc
        for position, image in enumerate(cleaned_photos):
            EntryPhoto.objects.create(entry=entry, image=image, position=position)
        _log(edition, "entry.submitted", entry=entry, to_value=entry.code)
        transaction.on_commit(lambda: tasks.send_entry_receipt.delay(entry_id=entry.pk))
    return entry


def send_entry_receipt(entry: Entry) -> bool:
    """E-mail the author the entry's code, once (claimed by a conditional update). Returns True if sent."""
    claimed = Entry.objects.filter(pk=entry.pk, receipt_sent_at__isnull=True).update(receipt_sent_at=timezone.now())
    if not claimed:
        return False
    context = {"entry": entry, "edition": entry.edition, "site_url": settings.SITE_URL}
    try:
        send_mail(
            _("Biên nhận bài dự thi %(code)s") % {"code": entry.code},
            render_to_string("emails/contests/entry_receipt.txt", context),
            None,
            [entry.author_email],
        )
    except Exception:
        Entry.objects.filter(pk=entry.pk).update(receipt_sent_at=None)  # let a retry send it
        raise
    return True


# ---------------------------------------------------------------------------
# Judges and assignment
# ---------------------------------------------------------------------------
def judges_group() -> Group:
    group, _created = Group.objects.get_or_create(name=JUDGES_GROUP_NAME)
    return group


def is_judge(user) -> bool:
    return user.is_authenticated and user.groups.filter(name=JUDGES_GROUP_NAME).exists()


def judges() -> QuerySet:
    return judges_group().user_set.filter(is_active=True).order_by("pk")


@transaction.atomic
def assign_judges(round_: Round, *, per_entry: int = 2, judge_list=None, actor=None) -> int:
    """Give every entry of the round `per_entry` judges, spreading the load evenly.

    Each entry goes to the least-loaded judges who have not declared a conflict with it (ties by
    id), so loads differ by at most one when there are no conflicts. Keeps existing assignments.
    Writes: Assignment rows; logs "round.assigned". Returns how many were created. Raises
    ValidationError if fewer than two judges are available, or an entry has too few judges free
    of conflict.
    """
    per_entry = max(per_entry, 2)
    round_ = Round.objects.select_for_update().select_related("edition").get(pk=round_.pk)
    if not round_.is_open_for_scoring():
        raise ValidationError(_("Vòng chấm này đã khép lại, không phân công thêm."))
    pool = list(judge_list if judge_list is not None else judges())
    if len(pool) < per_entry:
        raise ValidationError(
            _("Cần ít nhất %(n)s giám khảo trong nhóm “Giám khảo” để phân công; hiện có %(have)s.")
            % {"n": per_entry, "have": len(pool)}
        )
    entries = list(Entry.objects.in_round(round_).order_by("number"))
    existing = defaultdict(set)
    load = Counter({j.pk: 0 for j in pool})
    for entry_id, judge_id in Assignment.objects.filter(round=round_).values_list("entry_id", "judge_id"):
        existing[entry_id].add(judge_id)
        load[judge_id] += 1
    conflicts = defaultdict(set)
    for judge_id, entry_id in Conflict.objects.filter(entry__in=entries).values_list("judge_id", "entry_id"):
        conflicts[entry_id].add(judge_id)
    new = []
    for entry in entries:
        missing = per_entry - len(existing[entry.pk])
        if missing <= 0:
            continue
        free = [j for j in pool if j.pk not in existing[entry.pk] and j.pk not in conflicts[entry.pk]]
        if len(free) < missing:
            raise ValidationError(
                _("Bài %(code)s không đủ giám khảo không có xung đột lợi ích để chấm.") % {"code": entry.code}
            )
        for judge in sorted(free, key=lambda j: (load[j.pk], j.pk))[:missing]:
            new.append(Assignment(round=round_, entry=entry, judge=judge))
            existing[entry.pk].add(judge.pk)
            load[judge.pk] += 1
    Assignment.objects.bulk_create(new)
    _log(round_.edition, "round.assigned", actor=actor, to_value=round_.kind, comment=str(len(new)))
    return len(new)


def get_assignment_for_judge(user, pk: int) -> Assignment:
    """The one door for judges to an entry: their own assignment or Http404."""
    from django.http import Http404

    assignment = Assignment.objects.for_judge(user).filter(pk=pk).first()
    if assignment is None:
        raise Http404
    return assignment


@transaction.atomic
def declare_conflict(judge, entry: Entry, *, reason: str = "", actor=None) -> Conflict:
    """Record the judge's conflict with the entry and withdraw them from it in every open round.

    A score they already gave in an open round is withdrawn too (it should not count); closed
    rounds are history and stay. Writes: Conflict; deletes the judge's Assignments (and Scores)
    for the entry in rounds not yet advanced; logs "judge.conflict".
    """
    conflict, _created = Conflict.objects.get_or_create(judge=judge, entry=entry, defaults={"reason": reason})
    Assignment.objects.filter(judge=judge, entry=entry, round__advanced_at__isnull=True).delete()
    _log(entry.edition, "judge.conflict", entry=entry, actor=actor or judge, comment=reason)
    return conflict


def save_score(assignment: Assignment, judge, values: dict) -> Score:
    """Save (or replace) the judge's score. Invisible to everyone but staff rankings.

    Writes: Score. Raises ValidationError when the round is closed or a mark is outside 0–10.
    """
    from .models.judging import CRITERIA, MAX_POINTS

    with transaction.atomic():
        assignment = Assignment.objects.select_for_update().select_related("round__edition").get(pk=assignment.pk)
        if assignment.judge_id != judge.pk:
            raise ValidationError(_("Bài này không được phân công cho bạn."))
        if not assignment.round.is_open_for_scoring():
            raise ValidationError(_("Vòng chấm đã khép lại, không thể sửa điểm."))
        marks = {}
        for field, label in CRITERIA:
            value = values.get(field)
            if not isinstance(value, int) or not 0 <= value <= MAX_POINTS:
                raise ValidationError(
                    _("Điểm “%(label)s” phải là số nguyên từ 0 đến %(max)s.") % {"label": label, "max": MAX_POINTS}
                )
            marks[field] = value
        score, _created = Score.objects.update_or_create(
            assignment=assignment, defaults={**marks, "comment": values.get("comment", "")}
        )
    return score


# ---------------------------------------------------------------------------
# Advancing, verification, votes, prizes, publication
# ---------------------------------------------------------------------------
@transaction.atomic
def advance_top(round_: Round, *, count: int | None = None, actor=None) -> list[Entry]:
    """Move the round's top `count` entries (default: the round's setting) to the next round.

    Order is the ranking's (see contests.ranking.TIE_RULE). Writes: Entry.stage, Round.advanced_at
    (closes scoring); logs "round.advanced". Raises ValidationError on the final round or twice.
    """
    from .ranking import rank_round

    round_ = Round.objects.select_for_update().select_related("edition").get(pk=round_.pk)
    following = round_.next_round()
    if following is None:
        raise ValidationError(_("Đây là vòng chung kết: không còn vòng sau để chọn bài vào."))
    if round_.advanced_at:
        raise ValidationError(_("Vòng này đã chọn bài vào vòng sau."))
    count = count or round_.advance_count
    chosen = [row.entry for row in rank_round(round_) if row.scores][:count]
    Entry.objects.filter(pk__in=[e.pk for e in chosen]).update(stage=following.order)
    round_.advanced_at = timezone.now()
    round_.save(update_fields=["advanced_at"])
    _log(
        round_.edition,
        "round.advanced",
        actor=actor,
        from_value=round_.kind,
        to_value=following.kind,
        comment=str(len(chosen)),
    )
    return chosen


def verification_token(entry: Entry) -> str:
    return signing.dumps({"entry": entry.pk, "agency": entry.verification_agency_id}, salt=VERIFICATION_SALT)


def entry_for_verification_token(token: str) -> Entry | None:
    try:
        data = signing.loads(token, salt=VERIFICATION_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        return None
    return (
        Entry.objects.filter(pk=data.get("entry"), verification_agency_id=data.get("agency"))
        .select_related("edition", "verification_agency")
        .first()
    )


@transaction.atomic
def request_verification(entry: Entry, agency, *, actor=None) -> Entry:
    """Ask the locality or agency where the subject lives or works to verify the story.

    Writes: Entry.verification_agency and state "requested"; logs; queues the e-mail with a signed
    link to the agency's address (if it has one) after commit.
    """
    from . import tasks

    entry = Entry.objects.select_for_update().get(pk=entry.pk)
    previous = entry.verification
    entry.verification_agency = agency
    entry.verification = Entry.Verification.REQUESTED
    entry.save(update_fields=["verification_agency", "verification"])
    _log(
        entry.edition,
        "entry.verification",
        entry=entry,
        actor=actor,
        from_value=previous,
        to_value=entry.verification,
        comment=agency.name,
    )
    if agency.email:
        transaction.on_commit(lambda: tasks.send_verification_request.delay(entry_id=entry.pk))
    return entry


def send_verification_request(entry: Entry) -> None:
    if not entry.verification_agency or not entry.verification_agency.email:
        return
    link = settings.SITE_URL + reverse("contests:verification.respond", kwargs={"token": verification_token(entry)})
    body = render_to_string("emails/contests/verification_request.txt", {"entry": entry, "link": link})
    send_mail(
        _("Đề nghị xác minh nhân vật bài dự thi %(code)s") % {"code": entry.code},
        body,
        None,
        [entry.verification_agency.email],
    )


@transaction.atomic
def record_verification(entry: Entry, *, confirmed: bool, note: str = "", actor=None) -> Entry:
    """Record the locality's answer (by staff, or by the agency through its link).

    Writes: Entry.verification, verification_note, verified_at; logs "entry.verification".
    """
    entry = Entry.objects.select_for_update().select_related("edition").get(pk=entry.pk)
    previous = entry.verification
    entry.verification = Entry.Verification.CONFIRMED if confirmed else Entry.Verification.NOT_CONFIRMED
    entry.verification_note = note
    entry.verified_at = timezone.now()
    entry.save(update_fields=["verification", "verification_note", "verified_at"])
    _log(
        entry.edition,
        "entry.verification",
        entry=entry,
        actor=actor,
        from_value=previous,
        to_value=entry.verification,
        comment=note,
    )
    return entry


def finalists(edition: Edition) -> QuerySet:
    """Entries in the final round whose story the locality did not reject (the public vote's ballot)."""
    final = edition.final_round
    if final is None:
        return Entry.objects.none()
    return Entry.objects.in_round(final).exclude(verification=Entry.Verification.NOT_CONFIRMED).order_by("number")


def request_vote(edition: Edition, entry: Entry, email: str) -> Vote:
    """Start a public vote: one per e-mail address per edition, counted once confirmed by link.

    A repeated request from an unconfirmed address replaces its choice and resends the link.
    Writes: Vote; queues the confirmation e-mail after commit. Raises ValidationError when voting
    is closed, the entry is not a finalist or the address has already voted.
    """
    from . import tasks

    email = email.strip().lower()
    if not edition.vote_is_open():
        raise ValidationError(_("Cổng bình chọn hiện không mở."))
    if not finalists(edition).filter(pk=entry.pk).exists():
        raise ValidationError(_("Chỉ được bình chọn cho các bài vào chung kết."))
    with transaction.atomic():
        vote = Vote.objects.select_for_update().filter(edition=edition, email=email).first()
        if vote and vote.confirmed_at:
            raise ValidationError(
                _("Địa chỉ thư điện tử này đã bình chọn trong kỳ thi này. Mỗi địa chỉ chỉ bình chọn một lần.")
            )
        if vote is None:
            try:
                with transaction.atomic():
                    vote = Vote.objects.create(edition=edition, entry=entry, email=email)
            except IntegrityError as exc:
                raise ValidationError(_("Địa chỉ thư điện tử này đã bình chọn trong kỳ thi này.")) from exc
        else:
            vote.entry = entry
            vote.save(update_fields=["entry"])
        transaction.on_commit(lambda: tasks.send_vote_confirmation.delay(vote_id=vote.pk))
    return vote


def vote_token(vote: Vote) -> str:
    return signing.dumps({"vote": vote.pk, "email": vote.email}, salt=VOTE_SALT)


def send_vote_confirmation(vote: Vote) -> None:
    if vote.confirmed_at:
        return
    link = settings.SITE_URL + reverse("contests:vote.confirm", kwargs={"token": vote_token(vote)})
    body = render_to_string("emails/contests/vote_confirmation.txt", {"vote": vote, "link": link})
    send_mail(_("Xác nhận bình chọn – %(title)s") % {"title": vote.edition.title}, body, None, [vote.email])


def vote_for_token(token: str) -> Vote | None:
    try:
        data = signing.loads(token, salt=VOTE_SALT, max_age=VOTE_TOKEN_MAX_AGE)
    except signing.BadSignature:
        return None
    return Vote.objects.filter(pk=data.get("vote"), email=data.get("email")).select_related("edition", "entry").first()


def confirm_vote(vote: Vote) -> bool:
    """Count the vote (idempotent). Returns False when voting has closed or it was already counted."""
    if not vote.edition.vote_is_open():
        raise ValidationError(_("Cổng bình chọn đã đóng, lượt bình chọn không được tính."))
    return bool(Vote.objects.filter(pk=vote.pk, confirmed_at__isnull=True).update(confirmed_at=timezone.now()))


def vote_counts(edition: Edition) -> dict[int, int]:
    rows = Vote.objects.filter(edition=edition, confirmed_at__isnull=False).values("entry_id").annotate(n=Count("pk"))
    return {row["entry_id"]: row["n"] for row in rows}


@transaction.atomic
def assign_prize(entry: Entry, tier: PrizeTier | None, *, actor=None) -> Entry:
    """Give `entry` the prize `tier` (or none), never more prizes of a tier than the structure allows.

    Only final-round entries whose story was not rejected by the locality can win. Saved invisibly
    until publish_results. Writes: Entry.prize; logs "entry.prize".
    """
    entry = Entry.objects.select_for_update().select_related("edition").get(pk=entry.pk)
    if entry.edition.results_published_at:
        raise ValidationError(_("Kết quả đã công bố, không thể thay đổi giải."))
    if tier is not None:
        tier = PrizeTier.objects.select_for_update().get(pk=tier.pk)  # serialises awards of this tier
        if tier.edition_id != entry.edition_id:
            raise ValidationError(_("Giải này thuộc kỳ thi khác."))
        if not finalists(entry.edition).filter(pk=entry.pk).exists():
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
    _log(entry.edition, "entry.prize", entry=entry, actor=actor, from_value=previous or "", to_value=tier or "")
    return entry


@transaction.atomic
def publish_results(edition: Edition, *, actor=None) -> Edition:
    """Publish the edition's results: prizes become visible on the public page, in bulk, logged once.

    Writes: Edition.results_published_at; logs "edition.published". Raises ValidationError when
    already published or no prize has been assigned.
    """
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    if edition.results_published_at:
        raise ValidationError(_("Kết quả kỳ thi này đã được công bố."))
    if not Entry.objects.filter(edition=edition, prize__isnull=False).exists():
        raise ValidationError(_("Chưa có bài nào được trao giải."))
    edition.results_published_at = timezone.now()
    edition.save(update_fields=["results_published_at"])
    winners = Entry.objects.filter(edition=edition, prize__isnull=False).count()
    _log(edition, "edition.published", actor=actor, to_value="published", comment=str(winners))
    return edition


@transaction.atomic
def create_exemplar_from_entry(entry: Entry, *, actor=None):
    """Turn the entry's subject into an unpublished exemplar (exemplars app), linked from the entry.

    The exemplar's agency is the verifying agency, or the organiser. Writes: Exemplar, Entry.exemplar;
    logs "entry.exemplar". Returns the existing exemplar when the entry already has one.
    """
    from exemplars.models import Exemplar

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
    _log(entry.edition, "entry.exemplar", entry=entry, actor=actor, to_value=exemplar.pk)
    return exemplar


# ---------------------------------------------------------------------------
# For the reminders (issue 6)
# ---------------------------------------------------------------------------
def judges_with_unscored_entries(day: dt.date) -> list[tuple]:
    """Judges to remind: for rounds whose scoring closes on `day` + 3 or `day` + 1 days.

    Returns a list of `(judge, round, unscored)` tuples — `judge` a User, `round` a Round (with
    `round.edition` loaded), `unscored` the number (> 0) of that judge's assignments in that round
    without a score — ordered by round end date, then judge id. Rounds already advanced (closed)
    and inactive judges are left out. Reads only; sends nothing.
    """
    from django.contrib.auth import get_user_model

    days = [day + dt.timedelta(days=3), day + dt.timedelta(days=1)]
    rows = (
        Assignment.objects.filter(
            round__ends_on__in=days,
            round__advanced_at__isnull=True,
            score__isnull=True,
            judge__is_active=True,
        )
        .values("judge_id", "round_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    rows = list(rows)
    users = get_user_model().objects.in_bulk({r["judge_id"] for r in rows})
    rounds = Round.objects.select_related("edition").in_bulk({r["round_id"] for r in rows})
    result = [(users[r["judge_id"]], rounds[r["round_id"]], r["n"]) for r in rows]
    result.sort(key=lambda t: (t[1].ends_on, t[0].pk))
    return result
