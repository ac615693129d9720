"""The database part of a backup set: a consistent dump with its row counts per table, and the restore.

PostgreSQL: `pg_dump --format=custom` inside a REPEATABLE READ transaction whose snapshot it shares
(`--snapshot`), so the counts written to the manifest are exactly those of the dump even while the site is
busy; restored with `pg_restore --clean --if-exists --no-owner --single-transaction` (all or nothing).
SQLite: the online backup API, both ways (the live database, even an in-memory one, is written in place).
The connection's own settings name the database, so a test database (`test_…`) is the one dumped and restored.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper

from .errors import BackupError

DUMP_FILES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
# libpq's environment: the password never appears on a command line.
PG_ENVIRONMENT = {"HOST": "PGHOST", "PORT": "PGPORT", "USER": "PGUSER", "PASSWORD": "PGPASSWORD", "NAME": "PGDATABASE"}
PG_OPTIONS = {"sslmode": "PGSSLMODE", "sslrootcert": "PGSSLROOTCERT", "sslcert": "PGSSLCERT", "sslkey": "PGSSLKEY"}


def dump_file_name(connection: BaseDatabaseWrapper) -> str:
    try:
        return DUMP_FILES[connection.vendor]
    except KeyError:
        raise BackupError(f"Không sao lưu được cơ sở dữ liệu loại {connection.vendor}.") from None


def dump(connection: BaseDatabaseWrapper, target: Path) -> dict[str, int]:
    """Write the database to `target`; returns the row count of every table, as dumped."""
    _outside_transactions(connection)
    if connection.vendor == "postgresql":
        return _pg_dump(connection, target)
    dump_file_name(connection)  # refuses other vendors
    return _sqlite_dump(connection, target)


def restore(connection: BaseDatabaseWrapper, source: Path) -> None:
    """Replace the database's content by the dump's, in one transaction."""
    _outside_transactions(connection)
    if connection.vendor == "postgresql":
        connection.close()  # pg_restore drops and recreates tables: hold nothing open on them
        _run(
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={connection.settings_dict['NAME']}",
            str(source),
            env=_pg_env(connection),
        )
        return
    connection.ensure_connection()
    with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as saved:
        saved.backup(connection.connection)


def table_counts(connection: BaseDatabaseWrapper) -> dict[str, int]:
    """Rows in every table of the database now (views left out)."""
    with connection.cursor() as cursor:
        return _count(cursor, _tables(connection, cursor), connection.ops.quote_name)


def _pg_dump(connection: BaseDatabaseWrapper, target: Path) -> dict[str, int]:
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = _count(cursor, _tables(connection, cursor), connection.ops.quote_name)
        # The snapshot lives as long as this transaction: pg_dump must finish inside it.
        _run(
            "pg_dump",
            "--format=custom",
            f"--snapshot={snapshot}",
            f"--file={target}",
            f"--dbname={connection.settings_dict['NAME']}",
            env=_pg_env(connection),
        )
    return counts


def _sqlite_dump(connection: BaseDatabaseWrapper, target: Path) -> dict[str, int]:
    connection.ensure_connection()
    with sqlite3.connect(target) as copy:
        connection.connection.backup(copy)
        # Counted on the copy: exactly what was saved.
        cursor = copy.cursor()
        counts = _count(cursor, _sqlite_tables(cursor), connection.ops.quote_name)
    copy.close()
    return counts


def _tables(connection: BaseDatabaseWrapper, cursor) -> list[str]:
    if connection.vendor == "sqlite":
        return _sqlite_tables(cursor)
    return sorted(connection.introspection.table_names(cursor, include_views=False))


def _sqlite_tables(cursor) -> list[str]:
    cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'")
    return sorted(row[0] for row in cursor.fetchall())


def _count(cursor, tables: list[str], quote) -> dict[str, int]:
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 - names come from the catalogue
        counts[table] = cursor.fetchone()[0]
    return counts


def _outside_transactions(connection: BaseDatabaseWrapper) -> None:
    if connection.in_atomic_block:
        raise BackupError("Không sao lưu hay khôi phục trong một giao dịch đang mở (cần dữ liệu đã ghi hẳn).")


def _pg_env(connection: BaseDatabaseWrapper) -> dict[str, str]:
    settings = connection.settings_dict
    env = dict(os.environ)
    for key, variable in PG_ENVIRONMENT.items():
        if settings.get(key):
            env[variable] = str(settings[key])
    for key, variable in PG_OPTIONS.items():
        if settings.get("OPTIONS", {}).get(key):
            env[variable] = str(settings["OPTIONS"][key])
    return env


def _run(program: str, *args: str, env: dict[str, str]) -> None:
    if shutil.which(program) is None:
        raise BackupError(f"Không tìm thấy {program}: cài gói postgresql-client (cùng phiên bản với máy chủ).")
    result = subprocess.run([program, *args], env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{program} thất bại (mã {result.returncode}): {result.stderr.strip()[-2000:]}")
