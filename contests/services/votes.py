"""The public vote: one per mailbox per edition, counted once confirmed by the link e-mailed to it."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from contests.models import Edition, Entry, Vote
from tayninh_thidua.lib import outbox
from tayninh_thidua.lib.models import OutgoingMail

from ._common import VOTE_SALT, VOTE_TOKEN_MAX_AGE
from .results import finalists

# Gmail ignores dots in the local part and answers for googlemail.com too.
GMAIL_DOMAINS = {"gmail.com", "googlemail.com"}


def mailbox_key(email: str) -> str:
    """The mailbox an address delivers to, for the one-vote rule: case folded, a "+tag" dropped (every large
    provider delivers local+tag to local), and for Gmail dots dropped and googlemail.com read as gmail.com.
    "voter+1@gmail.com", "v.o.t.e.r@gmail.com" and "Voter@GoogleMail.com" are all "voter@gmail.com"."""
    address = (email or "").strip().lower()
    local, at, domain = address.rpartition("@")
    if not at or not local:
        return address
    untagged = local.split("+", 1)[0]
    local = untagged or local  # "+tag@…" has nothing before the tag: keep it whole
    if domain in GMAIL_DOMAINS:
        local, domain = local.replace(".", "") or local, "gmail.com"
    return f"{local}@{domain}"


def request_vote(edition: Edition, entry: Entry, email: str) -> Vote:
    """Start a public vote: one per mailbox (`mailbox_key`) per edition, counted once confirmed by link.

    A repeated request for a mailbox not yet confirmed moves its choice, and its link to the address last typed
    (earlier links stop working). Writes: Vote; queues the confirmation e-mail in the outbox (one per request,
    sent after commit). Raises ValidationError when voting is closed, the entry is not a finalist or the mailbox
    has already voted.
    """
    email = email.strip().lower()
    mailbox = mailbox_key(email)
    if not edition.vote_is_open():
        raise ValidationError(_("Cổng bình chọn hiện không mở."))
    if not finalists(edition).filter(pk=entry.pk).exists():
        raise ValidationError(_("Chỉ được bình chọn cho các bài vào chung kết."))
    already = _("Địa chỉ thư điện tử này đã bình chọn trong kỳ thi này. Mỗi địa chỉ chỉ bình chọn một lần.")
    with transaction.atomic():
        vote = Vote.objects.select_for_update().filter(edition=edition, mailbox=mailbox).first()
        if vote and vote.confirmed_at:
            raise ValidationError(already)
        if vote is None:
            try:
                with transaction.atomic():
                    vote = Vote.objects.create(edition=edition, entry=entry, email=email, mailbox=mailbox)
            except IntegrityError as exc:
                raise ValidationError(already) from exc
        else:
            vote.entry, vote.email = entry, email
            vote.save(update_fields=["entry", "email"])
        queue_vote_confirmation(vote)
    return vote


def vote_token(vote: Vote) -> str:
    return signing.dumps({"vote": vote.pk, "email": vote.email}, salt=VOTE_SALT)


def queue_vote_confirmation(vote: Vote) -> OutgoingMail:
    """Queue the confirmation link to the voter. Side effects: one outbox row per request (the voter asked
    for it again: it is sent again); a redelivered send task still sends it once."""
    link = settings.SITE_URL + reverse("contests:vote.confirm", kwargs={"token": vote_token(vote)})
    return outbox.queue_mail(
        kind="contest-vote",
        to=[vote.email],
        subject=_("Xác nhận bình chọn – %(title)s") % {"title": vote.edition.title},
        body=render_to_string("emails/contests/vote_confirmation.txt", {"vote": vote, "link": link}),
    )


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
