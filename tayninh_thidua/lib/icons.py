"""The icon sprite: only the Bootstrap Icons the templates use, as `<symbol>`s in one small SVG file.

Templates draw an icon with `{% icon "award-fill" %}` (sitelib tags), which references a symbol of
static/img/icons.svg. `python manage.py build_icon_sprite` rebuilds that file from the pinned
bootstrap-icons npm package (package.json) after an icon is added; tests/lib/test_icons.py fails while a
used icon is missing from it, so the full icon font (134 KB) is never needed.
"""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

SPRITE = Path(settings.BASE_DIR) / "static" / "img" / "icons.svg"
SOURCE = Path(settings.BASE_DIR) / "node_modules" / "bootstrap-icons" / "icons"
USE = re.compile(r"""\{%\s*icon\s+["']([a-z0-9-]+)["']""")
SYMBOL = re.compile(r'<symbol id="([a-z0-9-]+)"')


def used_icons() -> set[str]:
    """Every icon named by `{% icon "..." %}` in the project's templates."""
    found: set[str] = set()
    for folder in settings.TEMPLATES[0]["DIRS"]:
        for path in Path(folder).rglob("*.html"):
            found.update(USE.findall(path.read_text(encoding="utf-8")))
    return found


def sprite_icons(text: str | None = None) -> set[str]:
    return set(SYMBOL.findall(SPRITE.read_text(encoding="utf-8") if text is None else text))


def build_sprite(names: set[str]) -> str:
    """The sprite's text: one `<symbol>` per icon, its paths copied from the package's SVG."""
    symbols = []
    for name in sorted(names):
        svg = (SOURCE / f"{name}.svg").read_text(encoding="utf-8")
        view_box = re.search(r'viewBox="([^"]+)"', svg).group(1)
        body = re.search(r"<svg[^>]*>(.*)</svg>", svg, re.DOTALL).group(1).strip()
        body = " ".join(line.strip() for line in body.splitlines())
        symbols.append(f'<symbol id="{name}" viewBox="{view_box}">{body}</symbol>')
    header = "<!-- Bootstrap Icons (MIT), only those used; built by `manage.py build_icon_sprite`. -->"
    return f'<svg xmlns="http://www.w3.org/2000/svg">\n{header}\n' + "\n".join(symbols) + "\n</svg>\n"
