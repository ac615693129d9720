"""make restore-drill: back up a populated PostgreSQL site, wipe it, restore it, compare, print the figures.

A fresh database (DRILL_DATABASE_URL, default thidua_drill on the local PostgreSQL) is migrated and filled by
`seed_plan`, `seed_awards` and `generate_demo_data` with exemplar portraits and their thumbnails (public media)
and draft dossiers with their files (private media), in a temporary folder that holds MEDIA_ROOT,
PRIVATE_MEDIA_ROOT and BACKUP_DIR. Then: `backup_site`, every table emptied and both trees deleted,
`restore_backup --latest --yes`, and the row count of every table and the sha256 of every file compared with
the state before. Exit status 1 if anything differs.

    python bench/restore_drill.py [--exemplars 10000 --portraits 1000 --dossiers 500 ...]

`site_state` and `wipe_site` are also the test suite's (tests/lib/test_backups.py).
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/thidua_drill"
SIZES = {
    "exemplars": 10_000,
    "honours": 30_000,
    "agencies": 300,
    "movements": 50,
    "events": 40,
    "news": 60,
    "portraits": 1_000,
    "dossiers": 500,
}


def site_state(roots: dict[str, Path]) -> dict:
    """Row counts of every table and the sha256 of every file of each tree."""
    from django.db import connection

    from tayninh_thidua.lib.backups import database, trees

    return {"tables": database.table_counts(connection), **{key: trees.checksums(root) for key, root in roots.items()}}


def wipe_site(roots: dict[str, Path]) -> None:
    """Empty every table (the migration record too) and delete each tree."""
    from django.core.management.color import no_style
    from django.db import connection

    from tayninh_thidua.lib.backups import database

    tables = sorted(database.table_counts(connection))
    connection.ops.execute_sql_flush(
        connection.ops.sql_flush(no_style(), tables, reset_sequences=True, allow_cascade=True)
    )
    for root in roots.values():
        shutil.rmtree(root)


def fresh_database(url: str) -> None:
    import dj_database_url
    import psycopg2

    db = dj_database_url.parse(url)
    admin = psycopg2.connect(
        dbname="postgres", user=db["USER"], password=db["PASSWORD"], host=db["HOST"], port=db["PORT"] or 5432
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{db["NAME"]}"')
        cursor.execute(f'CREATE DATABASE "{db["NAME"]}"')
    admin.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    for name, default in SIZES.items():
        parser.add_argument(f"--{name}", type=int, default=default)
    sizes = vars(parser.parse_args())
    url = os.environ.get("DRILL_DATABASE_URL", DEFAULT_URL)
    folder = Path(tempfile.mkdtemp(prefix="thidua-drill-"))
    roots = {"media": folder / "media", "private-media": folder / "private-media"}
    fresh_database(url)
    os.environ.update(
        DJANGO_SETTINGS_MODULE="tayninh_thidua.settings",
        DEBUG="0",  # no query log growing with every row
        SECRET_KEY="drill-only-not-secret-0123456789-0123456789-0123456789",
        DATABASE_URL=url,
        MEDIA_ROOT=str(roots["media"]),
        PRIVATE_MEDIA_ROOT=str(roots["private-media"]),
        BACKUP_DIR=str(folder / "backups"),
        REDIS_URL="",
        LOG_LEVEL="WARNING",
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    try:
        return drill(sizes, roots, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def drill(sizes: dict[str, int], roots: dict[str, Path], folder: Path) -> int:
    from django.core.management import call_command

    from tayninh_thidua.lib import backups

    quiet = io.StringIO()
    started = time.monotonic()
    for command in ("migrate", "seed_plan", "seed_awards"):
        call_command(command, stdout=quiet, verbosity=0)
    call_command("generate_demo_data", stdout=quiet, **sizes)
    print(f"populated in {time.monotonic() - started:.1f} s ({', '.join(f'{k} {v}' for k, v in sizes.items())})")

    before = site_state(roots)
    started = time.monotonic()
    call_command("backup_site", stdout=quiet)
    backup_seconds = time.monotonic() - started
    backup = backups.list_backups()[-1]

    wipe_site(roots)
    wiped = site_state({key: root for key, root in roots.items() if root.exists()})
    assert not any(wiped["tables"].values()) and len(wiped) == 1, "the wipe left data behind"

    started = time.monotonic()
    report = backups.restore_backup(backups.find_backup(latest=True))  # what `restore_backup --latest --yes` runs
    restore_seconds = time.monotonic() - started
    after = site_state(roots)

    tables = before["tables"]
    media_bytes = sum(tree["bytes"] for tree in backup.manifest["trees"].values())
    print(f"database:  {sum(tables.values()):,} rows in {len(tables)} tables")
    for key in roots:
        tree = backup.manifest["trees"][key]
        print(f"{key + ':':<14} {tree['count']:,} files, {tree['bytes']:,} bytes")
    print(f"backup set: {backup.size:,} bytes on disk ({media_bytes:,} bytes of files before compression)")
    print(f"backup:    {backup_seconds:.2f} s ({_phases(backup.manifest['phases'])})")
    print(f"restore:   {restore_seconds:.2f} s ({_phases(report.phases)})")
    same = after == before
    print("compare:   row counts and sha256 of every file " + ("EQUAL" if same else "DIFFER"))
    return 0 if same else 1


def _phases(phases: dict[str, float]) -> str:
    return ", ".join(f"{name} {seconds:.2f}" for name, seconds in phases.items())


if __name__ == "__main__":
    sys.exit(main())
