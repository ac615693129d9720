"""The site's stylesheets, written into each HTML page instead of linked from it.

On a phone, a linked stylesheet holds the first paint back by one more round trip (562 ms under Lighthouse's slow
4G, bench/first_paint.py); written into the page, it paints as soon as the page arrives. The two files are small
enough for that: `make css` keeps only the Bootstrap the portal uses, so both come to about 68 KB (14 KB compressed),
under AMP's budget of 75 KB of inline CSS (tests/lib/test_css.py keeps them there).

base.html writes `SLOT` where they go (`{% stylesheets %}`), and `InlineStylesheetsMiddleware` (lib/middleware.py)
puts the `<style>` in its place on the way out, so the page cache keeps pages without it. The CSP allows that one
`<style>` by its hash, never 'unsafe-inline': style attributes and any other inline style stay refused.
"""

from __future__ import annotations

import base64
import functools
import hashlib

from django.conf import settings
from django.contrib.staticfiles import finders

STYLESHEETS = ("css/bootstrap.min.css", "css/site.css")
SLOT = b"<!--stylesheets-->"


def inline_style() -> tuple[bytes, str]:
    """The `<style>` element with both stylesheets, and its CSP source ('sha256-…').

    Read once per process; with DEBUG on, on every page, so that `make css` shows without a restart.
    """
    return _read() if settings.DEBUG else _read_once()


def _read() -> tuple[bytes, str]:
    parts = []
    for name in STYLESHEETS:
        path = finders.find(name)
        if path is None:
            raise FileNotFoundError(f"static file {name} not found: run `make css`")
        with open(path, encoding="utf-8") as stylesheet:
            parts.append(stylesheet.read().strip())
    css = "\n".join(parts)
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    return f"<style>{css}</style>".encode(), f"'sha256-{digest}'"


_read_once = functools.cache(_read)
