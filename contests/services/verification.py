"""Verification of a finalist's story by the locality where its subject lives or works.

Staff send the locality a link (signed, no account needed). The link is single use and closes as soon as it
no longer makes sense: once answered (through it or by staff), when staff send a new one, when the round the
entry was in has moved on, when the entry holds a prize, is disqualified, or the results are published.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from contests.models import ContestLog, Entry, Round
from movements import audiences
from tayninh_thidua.lib import outbox
from tayninh_thidua.lib.models import OutgoingMail

from ._common import TOKEN_MAX_AGE, VERIFICATION_SALT, log_change


def verification_token(entry: Entry) -> str:
    """The signed link's token: the entry, the agency asked, the request's nonce and the stage it was sent at."""
    return signing.dumps(
        {
            "entry": entry.pk,
            "agency": entry.verification_agency_id,
            "nonce": entry.verification_nonce,
            "stage": entry.stage,
        },
        salt=VERIFICATION_SALT,
    )


def _token_data(token: str) -> dict | None:
    try:
        data = signing.loads(token, salt=VERIFICATION_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        return None
    return data if isinstance(data, dict) and data.get("nonce") else None


def entry_for_verification_token(token: str) -> Entry | None:
    """The entry a genuine link is about (whether or not the link is still open), else None."""
    data = _token_data(token)
    if data is None:
        return None
    return Entry.objects.filter(pk=data.get("entry")).select_related("edition", "verification_agency", "prize").first()


def link_closed_reason(entry: Entry, token: str) -> str:
    """Why the link `token` may no longer be used for `entry`, in Vietnamese; "" while it is open."""
    data = _token_data(token) or {}
    if entry.edition.results_published_at:
        return _("Kết quả cuộc thi đã công bố: liên kết xác minh không còn hiệu lực.")
    asked = entry.verification_agency_id == data.get("agency") and entry.verification_nonce == data.get("nonce")
    if not asked or entry.verification != Entry.Verification.REQUESTED:
        return _(
            "Liên kết này đã được sử dụng hoặc đã được thay bằng liên kết mới. Nếu cần điều chỉnh kết quả xác minh, "
            "xin liên hệ Ban Tổ chức."
        )
    if entry.disqualified or entry.prize_id:
        return _("Ban Tổ chức đã có quyết định về bài dự thi này: liên kết xác minh không còn hiệu lực.")
    moved_on = Round.objects.filter(
        edition_id=entry.edition_id, order=data.get("stage"), advanced_at__isnull=False
    ).exists()
    if moved_on or entry.stage != data.get("stage"):
        return _("Vòng chấm của bài dự thi đã kết thúc: liên kết xác minh không còn hiệu lực.")
    return ""


@transaction.atomic
def request_verification(entry: Entry, agency, *, actor=None) -> Entry:
    """Ask the locality or agency where the subject lives or works to verify the story.

    A request repeated while the same agency's link is still open (a double click, a retry) changes nothing.
    Otherwise writes: Entry.verification_agency, state "requested" and a new nonce (any earlier link stops
    working); logs; queues in the outbox the e-mail with the new signed link to the agency's own address (if the
    agency has no address yet, the message waits in the outbox until it has one).
    """
    entry = Entry.objects.select_for_update().select_related("edition").get(pk=entry.pk)
    if entry.edition.results_published_at:
        raise ValidationError(_("Kết quả đã công bố, không thể đề nghị xác minh."))
    pending = entry.verification == Entry.Verification.REQUESTED and entry.verification_nonce
    if pending and entry.verification_agency_id == agency.pk:
        return entry
    previous = entry.verification
    entry.verification_agency = agency
    entry.verification = Entry.Verification.REQUESTED
    entry.verification_nonce = secrets.token_urlsafe(12)
    entry.save(update_fields=["verification_agency", "verification", "verification_nonce"])
    log_change(
        entry.edition,
        ContestLog.Action.ENTRY_VERIFICATION,
        entry=entry,
        actor=actor,
        from_value=previous,
        to_value=entry.verification,
        comment=agency.name,
    )
    queue_verification_request(entry)
    return entry


def queue_verification_request(entry: Entry) -> OutgoingMail:
    """Queue the signed verification link to the entry's verification agency. Side effects: one outbox row,
    keyed by the request's nonce, so a redelivered task sends it once and each new request sends its own."""
    link = settings.SITE_URL + reverse("contests:verification.respond", kwargs={"token": verification_token(entry)})
    return outbox.queue_mail(
        kind="contest-verification",
        key=f"contest-verification:{entry.pk}:{entry.verification_nonce}",
        audience=audiences.AGENCY_OFFICE,
        audience_args={"agency_id": entry.verification_agency_id},
        subject=_("Đề nghị xác minh nhân vật bài dự thi %(code)s") % {"code": entry.code},
        body=render_to_string("emails/contests/verification_request.txt", {"entry": entry, "link": link}),
    )


@transaction.atomic
def record_verification(entry: Entry, *, confirmed: bool, note: str = "", actor=None) -> Entry:
    """Record the locality's answer, by staff (who heard it otherwise). Closes any link sent.

    Refused once the results are published, and "not confirmed" for an entry holding a prize (withdraw the prize
    first). Writes: Entry.verification, verification_note, verified_at, clears the link's nonce; logs
    ContestLog.Action.ENTRY_VERIFICATION.
    """
    entry = Entry.objects.select_for_update().select_related("edition").get(pk=entry.pk)
    return _record(entry, confirmed=confirmed, note=note, actor=actor)


@transaction.atomic
def answer_verification_link(token: str, *, confirmed: bool, note: str = "", responder: str) -> Entry:
    """Record the locality's answer given through its link, once: the link closes with it.

    Refused (ValidationError with the reason) when the link is forged or closed (link_closed_reason). Writes
    as record_verification; logs ContestLog.Action.ENTRY_VERIFICATION with, as actor, the agency asked and the
    person who answered (`responder`: name and position, as they gave it).
    """
    found = entry_for_verification_token(token)
    if found is None:
        raise ValidationError(_("Liên kết xác minh không hợp lệ."), code="invalid_link")
    locked = Entry.objects.select_for_update(of=("self",))  # verification_agency is a nullable (outer) join
    entry = locked.select_related("edition", "verification_agency").get(pk=found.pk)
    reason = link_closed_reason(entry, token)
    if reason:
        raise ValidationError(reason, code="link_closed")
    label = _("%(agency)s – %(person)s (qua liên kết xác minh)") % {
        "agency": entry.verification_agency.name,
        "person": " ".join(responder.split()),
    }
    return _record(entry, confirmed=confirmed, note=note, actor=None, actor_label=label)


def _record(entry: Entry, *, confirmed: bool, note: str, actor, actor_label: str = "") -> Entry:
    if entry.edition.results_published_at:
        raise ValidationError(_("Kết quả đã công bố, không thể thay đổi kết quả xác minh."))
    if entry.prize_id and not confirmed:
        raise ValidationError(_("Bài đang được trao giải: hãy bỏ giải trước khi ghi “không xác nhận”."))
    previous = entry.verification
    entry.verification = Entry.Verification.CONFIRMED if confirmed else Entry.Verification.NOT_CONFIRMED
    entry.verification_note = note
    entry.verified_at = timezone.now()
    entry.verification_nonce = ""
    entry.save(update_fields=["verification", "verification_note", "verified_at", "verification_nonce"])
    log_change(
        entry.edition,
        ContestLog.Action.ENTRY_VERIFICATION,
        entry=entry,
        actor=actor,
        actor_label=actor_label,
        from_value=previous,
        to_value=entry.verification,
        comment=note,
    )
    return entry
