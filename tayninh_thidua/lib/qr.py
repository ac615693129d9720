"""QR codes (segno) as PNG `data:` URIs: embedded in PDFs (certificates) and in pages the strict CSP allows."""

from __future__ import annotations

import segno


def qr_png_data_uri(text: str, *, scale: int = 6, border: int = 2) -> str:
    return segno.make(text, error="m").png_data_uri(scale=scale, border=border)
