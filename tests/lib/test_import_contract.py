"""The one-way app graph: the contract in pyproject.toml holds, and it would catch an upward import."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("tayninh_thidua", "movements", "exemplars", "contests")
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint(cwd: Path) -> subprocess.CompletedProcess:
    if not LINT_IMPORTS.exists():
        pytest.fail(f"lint-imports is missing at {LINT_IMPORTS}: `make setup-dev` installs it")
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], cwd=cwd, capture_output=True, text=True, timeout=120, check=False
    )


@pytest.fixture
def tree_copy(tmp_path: Path) -> Path:
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path


def test_the_tree_keeps_the_contract(tree_copy):
    result = _lint(tree_copy)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "code"),
    [
        ("movements/scratch.py", "from exemplars.models import Exemplar\n"),
        ("tayninh_thidua/lib/scratch.py", "def f():\n    from movements.models import Agency\n    return Agency\n"),
        ("exemplars/scratch.py", "import tayninh_thidua.portal.services\n"),
    ],
)
def test_an_upward_import_breaks_the_contract(tree_copy, module, code):
    (tree_copy / module).write_text(code, encoding="utf-8")
    result = _lint(tree_copy)
    assert result.returncode != 0
    assert "BROKEN" in result.stdout and module.replace("/", ".").removesuffix(".py") in result.stdout
