"""Public entries: window, limits, duplicates, photos, numbering, receipt."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from contests.models import ContestLog, Edition, Entry, EntryPhoto
from tayninh_thidua.lib import outbox
from tayninh_thidua.lib.models import OutgoingMail
from tayninh_thidua.lib.text import fold
from tayninh_thidua.lib.uploads import clean_image

from . import similarity
from ._common import (
    CODE_PREFIX,
    WORD_PATTERN,
    log_change,
)


def count_words(text: str) -> int:
    """Words as Vietnamese counts them in contest rules: each syllable separated by spaces is one word."""
    return len(WORD_PATTERN.findall(text or ""))


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


def check_near_duplicate(edition: Edition, runs: set[int]) -> None:
    """Refuse a text too like an earlier entry of the edition (services/similarity.py: threshold and why). The
    message says how alike, never which entry: that one is someone else's."""
    found = similarity.find_near_duplicate(edition, runs)
    if found is None:
        return
    raise ValidationError(
        _(
            "Bài dự thi này giống %(percent)s%% một bài đã gửi trước đó trong kỳ thi. Mỗi bài chỉ gửi một lần; "
            "nếu cần sửa bài đã gửi, hãy liên hệ Ban Tổ chức."
        ),
        code="near_duplicate",
        params={"percent": int(found[1] * 100)},
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

    `data` holds the Entry fields from the form. Writes: Entry (+ EntryPhoto); logs ContestLog.Action.ENTRY_SUBMITTED;
    queues the e-mail receipt in the outbox (sent after commit). Raises ValidationError with a Vietnamese message.
    """
    check_window(edition)
    words = check_word_limits(edition, data["text"])
    cleaned_photos = clean_photos(edition, photos)
    if not data.get("declaration"):
        raise ValidationError(_("Bạn cần cam đoan bài dự thi là tác phẩm của mình và chưa đăng ở đâu."))
    runs = similarity.shingles(data["text"])
    with transaction.atomic():
        edition = Edition.objects.select_for_update().get(pk=edition.pk)  # serialises numbering
        if find_duplicate(edition, text=data["text"], title=data["title"], email=data["author_email"]):
            raise ValidationError(
                _(
                    "Bài dự thi này đã được gửi trước đó. Mỗi bài chỉ gửi một lần; nếu cần sửa, hãy liên hệ Ban Tổ chức."
                ),
                code="duplicate",
            )
        check_near_duplicate(edition, runs)
        number = (
            Entry.objects.filter(edition=edition).order_by("-number").values_list("number", flat=True).first() or 0
        ) + 1
        entry = Entry(
            edition=edition,
            number=number,
            code=f"{CODE_PREFIX}-{edition.year}-{number:04d}",
            word_count=words,
            text_hash=text_fingerprint(data["text"]),
            text_sketch=similarity.sketch(runs),
            **data,
        )
        try:
            with transaction.atomic():
                entry.save()
        except IntegrityError as exc:
            raise ValidationError(_("Bài dự thi này đã được gửi trước đó."), code="duplicate") from exc
        for position, image in enumerate(cleaned_photos):
            EntryPhoto.objects.create(entry=entry, image=image, position=position)
        log_change(edition, ContestLog.Action.ENTRY_SUBMITTED, entry=entry, to_value=entry.code)
        queue_entry_receipt(entry)
    return entry


def queue_entry_receipt(entry: Entry) -> OutgoingMail:
    """Queue the e-mail telling the author the entry's code (once: keyed by the entry). Side effects: one outbox row."""
    context = {"entry": entry, "edition": entry.edition, "site_url": settings.SITE_URL}
    return outbox.queue_mail(
        kind="contest-receipt",
        key=f"contest-receipt:{entry.pk}",
        to=[entry.author_email],
        subject=_("Biên nhận bài dự thi %(code)s") % {"code": entry.code},
        body=render_to_string("emails/contests/entry_receipt.txt", context),
    )
