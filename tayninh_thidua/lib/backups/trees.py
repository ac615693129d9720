"""The file trees of a backup set (MEDIA_ROOT, PRIVATE_MEDIA_ROOT): archive with checksums, stage, swap.

Only regular files and folders inside the tree are archived: symbolic links are skipped (they could point
anywhere), and so are the trees nested inside this one (the private tree or the backup folder placed under
MEDIA_ROOT) and restore leftovers. A restore extracts into a staging folder inside the tree itself (same file
system; the tree may be a Docker volume's mount point, which cannot be renamed), checks every file, and only
then swaps the tree's entries for the staged ones.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import tarfile
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .errors import BackupError

logger = logging.getLogger(__name__)

# Restore leftovers at the top of a tree: never archived, never swapped.
STAGING_PREFIX = ".backup-"
CHUNK = 1024 * 1024


def sha256_file(path: Path) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def checksums(root: Path, exclude: frozenset[Path] = frozenset()) -> dict[str, dict]:
    """{relative name: {"sha256", "size"}} of every file of the tree."""
    return {name: dict(zip(("sha256", "size"), sha256_file(path), strict=True)) for name, path in _files(root, exclude)}


def archive(root: Path, target: Path, exclude: frozenset[Path] = frozenset()) -> dict[str, dict]:
    """Write the tree to `target` (tar.gz, names relative to the tree); returns the checksums of what it holds."""
    files: dict[str, dict] = {}
    with tarfile.open(target, "w:gz", compresslevel=6) as tar:
        for name, path in _entries(root, exclude):
            info = tar.gettarinfo(path, arcname=name)
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            if not info.isfile():
                tar.addfile(info)
                continue
            with path.open("rb") as handle:
                reader = _HashingReader(handle)
                tar.addfile(info, reader)
            files[name] = {"sha256": reader.digest.hexdigest(), "size": info.size}
    return files


def stage(source: Path, root: Path, expected: dict[str, dict]) -> Path:
    """Extract `source` into a new staging folder inside `root` and check it against `expected`."""
    root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}restore-", dir=root))
    try:
        with tarfile.open(source, "r:gz") as tar:
            # The "data" filter refuses absolute names, "..", links leaving the folder and device files.
            tar.extractall(staging, filter="data")
        found = checksums(staging)
        if found != expected:
            raise BackupError(f"Tệp giải nén từ {source.name} không khớp bản kê: {difference(expected, found)}.")
    except (BackupError, OSError, tarfile.TarError) as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(exc, BackupError):
            raise
        raise BackupError(f"Không giải nén được {source.name}: {exc}") from exc
    return staging


def swap(root: Path, staging: Path, keep: frozenset[Path] = frozenset()) -> None:
    """Put the staged entries in place of the tree's own; on an error, put everything back as it was.

    Entries in `keep` (trees nested in this one) and restore leftovers stay where they are.
    """
    old = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}old-", dir=root))
    moved_out: list[str] = []
    moved_in: list[str] = []
    try:
        for entry in sorted(root.iterdir()):
            if not _is_leftover(entry) and not _holds(entry, keep):
                entry.rename(old / entry.name)
                moved_out.append(entry.name)
        for entry in sorted(staging.iterdir()):
            entry.rename(root / entry.name)
            moved_in.append(entry.name)
    except OSError as exc:
        for name in moved_in:
            (root / name).rename(staging / name)
        for name in moved_out:
            (old / name).rename(root / name)
        old.rmdir()
        raise BackupError(f"Không thay được thư mục {root}: {exc}; thư mục giữ nguyên như trước.") from exc
    shutil.rmtree(old)
    staging.rmdir()


def _entries(root: Path, exclude: frozenset[Path]) -> Iterator[tuple[str, Path]]:
    """Folders and regular files of the tree, sorted, never leaving it."""
    if not root.is_dir():
        return
    for current, folders, names in os.walk(root):
        here = Path(current)
        kept = []
        for folder in sorted(folders):
            path = here / folder
            if path.is_symlink() or path.resolve() in exclude or (here == root and _is_leftover(path)):
                logger.info("backup: %s left out", path)
                continue
            kept.append(folder)
            yield path.relative_to(root).as_posix(), path
        folders[:] = kept
        for name in sorted(names):
            path = here / name
            if path.is_symlink() or not path.is_file():
                logger.warning("backup: %s is not a regular file, left out", path)
                continue
            yield path.relative_to(root).as_posix(), path


def _files(root: Path, exclude: frozenset[Path]) -> Iterator[tuple[str, Path]]:
    return ((name, path) for name, path in _entries(root, exclude) if not path.is_dir())


def _is_leftover(path: Path) -> bool:
    return path.name.startswith(STAGING_PREFIX)


def _holds(entry: Path, keep: frozenset[Path]) -> bool:
    resolved = entry.resolve()
    return any(resolved == path or resolved in path.parents for path in keep)


def difference(expected: dict[str, dict], found: dict[str, dict]) -> str:
    missing = sorted(set(expected) - set(found))
    extra = sorted(set(found) - set(expected))
    changed = sorted(name for name in set(expected) & set(found) if expected[name] != found[name])
    parts = [
        f"{label} {len(names)} ({', '.join(names[:3])})"
        for label, names in (("thiếu", missing), ("thừa", extra), ("khác", changed))
        if names
    ]
    return "; ".join(parts)


class _HashingReader:
    """A file wrapper that hashes what tarfile reads from it (one pass over each file)."""

    def __init__(self, handle):
        self.handle = handle
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.digest.update(data)
        return data
