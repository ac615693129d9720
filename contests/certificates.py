"""The prize certificate (giấy chứng nhận) as PDF, rendered by the site's PDF engine (lib/pdf.py: WeasyPrint
with DejaVu fonts), with a QR code of its public status page (/xac-thuc/<code>/), as the honour certificates.

DejaVu (fonts-dejavu-core) carries every Vietnamese precomposed letter, so diacritics such as
"ễ", "ự", "Đ" are set from the font, not faked; text is NFC-normalised before rendering.
"""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from tayninh_thidua.lib.pdf import html_to_pdf
from tayninh_thidua.lib.pdf import nfc as _nfc
from tayninh_thidua.lib.qr import qr_png_data_uri

from .models import Entry


def status_url(entry: Entry) -> str:
    return settings.SITE_URL + reverse("verification:status", args=[entry.certificate_code])


def certificate_pdf(entry: Entry) -> bytes:
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
    if entry.certificate_code:
        context["status_url"] = status_url(entry)
        context["qr"] = qr_png_data_uri(context["status_url"])
    html = render_to_string("contests/certificate.html", context)
    return html_to_pdf(html)
