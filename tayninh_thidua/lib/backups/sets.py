"""Backup sets in BACKUP_DIR: write one, list them, check one, prune old ones, restore one.

A set is a folder `thidua-YYYYmmdd-HHMMSS` (local time) holding the database dump, `media.tar.gz`,
`private-media.tar.gz` and `manifest.json`: the row count of every table, the sha256 and size of every file of
both trees and of every file of the set, the application's version and migration state. It is written in a
hidden `.partial-…` folder and renamed into place when complete, so a listed set is always whole. BACKUP_DIR
and each set are 0700, their files 0600: the archives hold citizens' dossiers.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import logging
import platform
import shutil
import tempfile
import time
import tomllib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import django
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from . import database, trees
from .errors import BackupError

logger = logging.getLogger(__name__)

MANIFEST = "manifest.json"
PREFIX = "thidua-"
STAMP = "%Y%m%d-%H%M%S"
PARTIAL = ".partial-"
FORMAT = 1
# Each tree of the set: its key (and archive name) and the setting naming its folder.
TREES = (("media", "MEDIA_ROOT"), ("private-media", "PRIVATE_MEDIA_ROOT"))


@dataclass(frozen=True)
class BackupSet:
    path: Path
    manifest: dict

    @classmethod
    def load(cls, path: Path) -> BackupSet:
        try:
            return cls(path, json.loads((path / MANIFEST).read_text(encoding="utf-8")))
        except (OSError, ValueError) as exc:
            raise BackupError(f"Không đọc được bản kê của {path}: {exc}") from exc

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def created_at(self) -> dt.datetime:
        return dt.datetime.fromisoformat(self.manifest["created_at"])

    @property
    def size(self) -> int:
        return sum(entry["size"] for entry in self.manifest["files"].values())

    @property
    def rows(self) -> int:
        return sum(self.manifest["database"]["tables"].values())

    @property
    def file_count(self) -> int:
        return sum(len(tree["files"]) for tree in self.manifest["trees"].values())


@dataclass(frozen=True)
class RestoreReport:
    name: str
    tables: int
    rows: int
    files: int
    bytes: int
    seconds: float
    phases: dict[str, float]


class _Laps:
    """Seconds spent in each step, for the manifest, the report and the drill's figures."""

    def __init__(self) -> None:
        self.started = self.last = time.monotonic()
        self.phases: dict[str, float] = {}

    def lap(self, name: str) -> None:
        now = time.monotonic()
        self.phases[name] = round(now - self.last, 3)
        self.last = now

    @property
    def total(self) -> float:
        return round(time.monotonic() - self.started, 3)


def backup_root() -> Path:
    return Path(settings.BACKUP_DIR)


def tree_roots() -> dict[str, Path]:
    return {key: Path(getattr(settings, setting)) for key, setting in TREES}


def create_backup(*, using: str = DEFAULT_DB_ALIAS) -> BackupSet:
    """Write one complete set to BACKUP_DIR and return it.

    Side effects: a new set folder (0700, files 0600); nothing else is changed. Raises BackupError on any failure,
    leaving no partial set behind.
    """
    laps = _Laps()
    connection = connections[using]
    base = _secure_root()
    with _exclusive(base):
        created = timezone.localtime()
        final = base / f"{PREFIX}{created.strftime(STAMP)}"
        if final.exists():
            raise BackupError(f"Bộ sao lưu {final.name} đã có; chờ một giây rồi chạy lại.")
        work = Path(tempfile.mkdtemp(prefix=PARTIAL, dir=base))
        try:
            manifest = _write_parts(work, connection, laps)
            manifest.update(name=final.name, created_at=created.isoformat(), seconds=laps.total, phases=laps.phases)
            _write_json(work / MANIFEST, manifest)
            work.rename(final)
        except BaseException:
            shutil.rmtree(work, ignore_errors=True)
            raise
    backup = BackupSet.load(final)
    logger.info(
        "backup %s written: %d rows in %d tables, %d files, %d bytes, %.1f s",
        backup.name,
        backup.rows,
        len(manifest["database"]["tables"]),
        backup.file_count,
        backup.size,
        manifest["seconds"],
    )
    return backup


def list_backups() -> list[BackupSet]:
    """Every complete set in BACKUP_DIR, oldest first."""
    sets = []
    for path in _set_folders():
        try:
            sets.append(BackupSet.load(path))
        except BackupError as exc:
            logger.warning("backup: %s", exc)
    return sets


def find_backup(name: str = "", *, latest: bool = False) -> BackupSet:
    """The named set (a name in BACKUP_DIR or a folder's path, e.g. a copy brought back), or the newest."""
    if latest:
        sets = list_backups()
        if not sets:
            raise BackupError(f"Chưa có bộ sao lưu nào trong {backup_root()}.")
        return sets[-1]
    path = Path(name) if "/" in name else backup_root() / name
    if not (path / MANIFEST).is_file():
        raise BackupError(f"Không có bộ sao lưu {name} (thư mục {backup_root()}).")
    return BackupSet.load(path)


def verify(backup: BackupSet) -> list[str]:
    """What is wrong with the set's files (missing, other size, other sha256); empty when it is whole."""
    problems = []
    for name, expected in sorted(backup.manifest["files"].items()):
        path = backup.path / name
        if not path.is_file():
            problems.append(f"{name}: thiếu")
            continue
        digest, size = trees.sha256_file(path)
        if (digest, size) != (expected["sha256"], expected["size"]):
            problems.append(f"{name}: sai tổng kiểm (sha256)")
    return problems


def apply_retention(keep_daily: int | None = None, keep_monthly: int | None = None) -> list[str]:
    """Delete the sets no longer kept; returns their names.

    Kept: the newest set of each of the `keep_daily` most recent days that have one (at least the newest set),
    and the newest set of each of the `keep_monthly` most recent months. Partial sets a day old are removed too.
    """
    daily = max(1, settings.BACKUP_KEEP_DAILY if keep_daily is None else keep_daily)
    monthly = max(0, settings.BACKUP_KEEP_MONTHLY if keep_monthly is None else keep_monthly)
    stamped = {path: _stamp(path.name) for path in _set_folders()}
    kept = _newest_per(stamped, lambda s: s.date(), daily) | _newest_per(stamped, lambda s: (s.year, s.month), monthly)
    removed = []
    for path in sorted(set(stamped) - kept):
        shutil.rmtree(path)
        removed.append(path.name)
    day_ago = time.time() - 86_400
    for path in backup_root().glob(f"{PARTIAL}*"):
        if path.stat().st_mtime < day_ago:
            shutil.rmtree(path, ignore_errors=True)
    if removed:
        logger.info("backup retention removed %d sets: %s", len(removed), ", ".join(removed))
    return removed


def restore_backup(backup: BackupSet, *, using: str = DEFAULT_DB_ALIAS) -> RestoreReport:
    """Replace the database and both trees by the set's, then check them against its manifest.

    Refuses (BackupError) before touching anything when a file of the set fails its checksum, an archive does not
    extract to exactly the files listed, or the set is of another database vendor. The database is restored in one
    transaction; each tree is extracted aside and swapped in whole. Side effects: the database's content and
    MEDIA_ROOT / PRIVATE_MEDIA_ROOT are replaced; logs one line.
    """
    laps = _Laps()
    connection = connections[using]
    manifest = backup.manifest
    problems = verify(backup)
    laps.lap("verify")
    if problems:
        raise BackupError(f"Bộ sao lưu {backup.name} bị hỏng, không khôi phục: {'; '.join(problems)}.")
    if manifest["database"]["vendor"] != connection.vendor:
        raise BackupError(f"Bộ sao lưu của {manifest['database']['vendor']}, không khôi phục vào {connection.vendor}.")
    roots = tree_roots()
    with _exclusive(_secure_root()):
        staged: dict[str, Path] = {}
        try:
            for key, root in roots.items():
                tree = manifest["trees"][key]
                staged[key] = trees.stage(backup.path / tree["archive"], root, tree["files"])
            laps.lap("stage")
            database.restore(connection, backup.path / manifest["database"]["file"])
            laps.lap("database")
            for key, root in roots.items():
                trees.swap(root, staged[key], _nested(root))
                del staged[key]
            laps.lap("swap")
        finally:
            for path in staged.values():
                shutil.rmtree(path, ignore_errors=True)
    report = _check_restored(backup, connection, laps)
    logger.info(
        "backup %s restored: %d rows, %d files, %d bytes, %.1f s",
        report.name,
        report.rows,
        report.files,
        report.bytes,
        report.seconds,
    )
    return report


def pending_migrations(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Migrations of this code the database has not applied (a set older than the code needs `migrate`)."""
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections[using])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _ in plan]


def _write_parts(work: Path, connection, laps: _Laps) -> dict:
    dump_name = database.dump_file_name(connection)
    tables = database.dump(connection, work / dump_name)
    laps.lap("database")
    tree_entries = {}
    for key, root in tree_roots().items():
        files = trees.archive(root, work / f"{key}.tar.gz", _nested(root))
        laps.lap(key)
        tree_entries[key] = {
            "archive": f"{key}.tar.gz",
            "root": str(root),
            "count": len(files),
            "bytes": sum(entry["size"] for entry in files.values()),
            "files": files,
        }
    for path in work.iterdir():
        path.chmod(0o600)
    files = {path.name: _digest(path) for path in sorted(work.iterdir())}
    laps.lap("checksums")
    return {
        "format": FORMAT,
        "app": _app_state(connection),
        "database": {"vendor": connection.vendor, "file": dump_name, "rows": sum(tables.values()), "tables": tables},
        "trees": tree_entries,
        "files": files,
    }


def _check_restored(backup: BackupSet, connection, laps: _Laps) -> RestoreReport:
    expected = backup.manifest["database"]["tables"]
    counts = database.table_counts(connection)
    wrong = [
        f"{table} {rows}≠{counts.get(table)}" for table, rows in sorted(expected.items()) if counts.get(table) != rows
    ]
    for key, root in tree_roots().items():
        found = trees.checksums(root, _nested(root))
        if found != backup.manifest["trees"][key]["files"]:
            wrong.append(f"{key}: {trees.difference(backup.manifest['trees'][key]['files'], found)}")
    if wrong:
        raise BackupError(f"Đã khôi phục {backup.name} nhưng không khớp bản kê: {'; '.join(wrong[:20])}.")
    laps.lap("check")
    return RestoreReport(
        name=backup.name,
        tables=len(expected),
        rows=sum(expected.values()),
        files=backup.file_count,
        bytes=sum(tree["bytes"] for tree in backup.manifest["trees"].values()),
        seconds=laps.total,
        phases=laps.phases,
    )


def _app_state(connection) -> dict:
    latest: dict[str, str] = {}
    applied = MigrationRecorder(connection).applied_migrations()
    for app, name in sorted(applied):
        latest[app] = name
    pyproject = Path(settings.BASE_DIR) / "pyproject.toml"
    version = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["version"] if pyproject.is_file() else ""
    return {
        "version": version,
        "django": django.get_version(),
        "python": platform.python_version(),
        "migrations_applied": len(applied),
        "migrations": latest,
    }


def _set_folders() -> list[Path]:
    base = backup_root()
    if not base.is_dir():
        return []
    return sorted(path for path in base.iterdir() if path.is_dir() and _is_stamped(path.name))


def _stamp(name: str) -> dt.datetime:
    """A set's time from its name (local time, as written)."""
    local = timezone.get_current_timezone()
    return dt.datetime.strptime(name.removeprefix(PREFIX), STAMP).replace(tzinfo=local)


def _is_stamped(name: str) -> bool:
    try:
        _stamp(name)
    except ValueError:
        return False
    return name.startswith(PREFIX)


def _newest_per(stamped: dict[Path, dt.datetime], key: Callable, count: int) -> set[Path]:
    chosen: dict = {}
    for path, stamp in sorted(stamped.items(), key=lambda item: item[1], reverse=True):
        if key(stamp) not in chosen:
            if len(chosen) == count:
                break
            chosen[key(stamp)] = path
    return set(chosen.values())


def _nested(root: Path) -> frozenset[Path]:
    """The other trees and the backup folder when they sit inside `root`: never part of its archive."""
    here = root.resolve()
    others = {path.resolve() for path in (*tree_roots().values(), backup_root())}
    return frozenset(path for path in others if here in path.parents)


def _secure_root() -> Path:
    base = backup_root()
    base.mkdir(parents=True, exist_ok=True)
    base.chmod(0o700)
    return base


@contextmanager
def _exclusive(base: Path) -> Iterator[None]:
    """One backup or restore at a time on this BACKUP_DIR (the nightly task and a hand-run command)."""
    with (base / ".lock").open("a") as handle:
        (base / ".lock").chmod(0o600)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BackupError("Một lần sao lưu hoặc khôi phục khác đang chạy; thử lại sau.") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _digest(path: Path) -> dict:
    digest, size = trees.sha256_file(path)
    return {"sha256": digest, "size": size}


def _write_json(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    path.chmod(0o600)
