"""The prize certificate (giấy chứng nhận) as PDF, rendered by WeasyPrint with DejaVu fonts.

DejaVu (fonts-dejavu-core) carries every Vietnamese precomposed letter, so diacritics such as
"ễ", "ự", "Đ" are set from the font, not faked; text is NFC-normalised before rendering.
"""

from __future__ import annotations

import unicodedata

from django.template.loader import render_to_string
from django.utils import timezone

from .models import Entry


def _nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value or "")


def _weasyprint_html():
    """WeasyPrint's HTML class, imported lazily: it loads Pango, which only the certificate view needs.

    Importing weasyprint sets Pillow's global `ImageFile.LOAD_TRUNCATED_IMAGES = True`, which would
    let half-truncated uploads through `clean_image` in the same process afterwards. Certificates
    embed no images, so the flag is put back.
    """
    from PIL import ImageFile
    from weasyprint import HTML

    ImageFile.LOAD_TRUNCATED_IMAGES = False
    return HTML


def certificate_pdf(entry: Entry) -> bytes:
    HTML = _weasyprint_html()  # noqa: N806 - the library's class

    edition = entry.edition
    context = {
        "entry": entry,
        "edition": edition,
        "author": _nfc(entry.author_name),
        "title": _nfc(entry.title),
        "prize": entry.prize.get_rank_display() if entry.prize else "",
        "organiser": edition.organiser,
        "signer_title": _nfc(edition.signer_title),
        "signer_name": _nfc(edition.signer_name),
        "issued": timezone.localdate(edition.results_published_at)
        if edition.results_published_at
        else timezone.localdate(),
    }
    html = render_to_string("contests/certificate.html", context)
    return HTML(string=html).write_pdf()
