"""The site's Bootstrap is built from frontend/bootstrap.scss with only the parts the pages use (issue 12, item 3):
the committed file is what `make css` writes, and no class a template uses was left out of it."""

import re
import shutil
import subprocess
from pathlib import Path

import crispy_bootstrap5
from django.conf import settings

from tests.conftest import require_service

ROOT = Path(settings.BASE_DIR)
BUILT = ROOT / "static" / "css" / "bootstrap.min.css"
FULL = ROOT / "node_modules" / "bootstrap" / "dist" / "css" / "bootstrap.min.css"
SASS = ROOT / "node_modules" / ".bin" / "sass"
PURGECSS = ROOT / "node_modules" / ".bin" / "purgecss"
CLASS_ATTR = re.compile(r'class="([^"]*)"')
UNUSED = re.compile(r"accordion|modal")


def _classes_in_templates() -> set[str]:
    crispy = Path(crispy_bootstrap5.__file__).parent / "templates"
    # crispy's accordion and modal layouts are not used by any form here (their components are left out).
    paths = [*(ROOT / "templates").rglob("*.html"), *(p for p in crispy.rglob("*.html") if not UNUSED.search(p.name))]
    found: set[str] = set()
    for path in paths:
        for value in CLASS_ATTR.findall(path.read_text(encoding="utf-8")):
            # Only literal names: drop template tags and variables, then split.
            found.update(re.sub(r"\{[%{].*?[%}]\}", " ", value).split())
    return found


def _defines(css: str, name: str) -> bool:
    return re.search(r"\." + re.escape(name) + r"(?![\w-])", css) is not None


def test_no_bootstrap_class_a_template_uses_was_left_out():
    # `make test` installs node_modules first; only a bare pytest on a machine without npm skips (CI fails here).
    require_service(FULL.exists(), "node_modules not installed (npm ci)")
    full, built = FULL.read_text(encoding="utf-8"), BUILT.read_text(encoding="utf-8")
    used = {name for name in _classes_in_templates() if _defines(full, name)}
    assert {"navbar-expand-lg", "breadcrumb-item", "order-lg-first", "p-md-5", "form-select"} <= used
    assert sorted(name for name in used if not _defines(built, name)) == []


def test_the_built_stylesheet_is_smaller_than_bootstrap():
    assert BUILT.stat().st_size < 100_000  # the full bootstrap.min.css is 232 KB; the parts used, unpurged, 148 KB
    # Every page carries both stylesheets inline (lib/stylesheets.py): they stay within AMP's 75 KB budget.
    assert BUILT.stat().st_size + (ROOT / "static" / "css" / "site.css").stat().st_size < 75_000
    assert "Licensed under MIT" in BUILT.read_text(encoding="utf-8")[:400]


def test_the_committed_stylesheet_is_what_make_css_writes(tmp_path):
    require_service(SASS.exists() and PURGECSS.exists() and shutil.which("node") is not None, "npm ci not run")
    out = tmp_path / "bootstrap.min.css"
    # The Makefile's own recipe (sass, then purgecss with frontend/purgecss.config.cjs), written elsewhere.
    subprocess.run(["make", "-s", "css-bootstrap", f"CSS_OUT={out}"], cwd=ROOT, check=True, timeout=180)
    assert out.read_bytes() == BUILT.read_bytes(), "run `make css` and commit static/css/bootstrap.min.css"
