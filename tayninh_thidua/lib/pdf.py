"""PDF from HTML (WeasyPrint, DejaVu fonts for Vietnamese): one engine for the contest certificates, the honour
certificates and the council's minutes.

WeasyPrint is imported lazily: it loads Pango, which only these documents need. Importing it sets Pillow's global
`ImageFile.LOAD_TRUNCATED_IMAGES = True`, which would let half-truncated uploads through `clean_image` in the same
process afterwards; the flag is put back.
"""

from __future__ import annotations

import unicodedata


def nfc(value: str) -> str:
    """Text as precomposed letters ("ễ", "ự" from the font, never faked from combining marks)."""
    return unicodedata.normalize("NFC", value or "")


def weasyprint_html():
    from PIL import ImageFile
    from weasyprint import HTML

    ImageFile.LOAD_TRUNCATED_IMAGES = False
    return HTML


def html_to_pdf(html: str) -> bytes:
    return weasyprint_html()(string=html).write_pdf()
