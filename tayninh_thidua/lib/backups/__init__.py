"""Backups of the whole site: the database and both media trees, with a manifest to check a restore against.

Own code over `pg_dump`/`pg_restore` and tar rather than django-dbbackup: that library archives one media
storage (ours are two: MEDIA_ROOT and PRIVATE_MEDIA_ROOT, the latter no storage in STORAGES), restores media
file by file into the live tree, and writes no manifest to compare counts and checksums with (README,
"Backups and restore"). Commands: `backup_site`, `list_backups`, `restore_backup`; task `sitelib.backup_site`.
"""

from .errors import BackupError
from .sets import (
    BackupSet,
    RestoreReport,
    apply_retention,
    backup_root,
    create_backup,
    find_backup,
    list_backups,
    pending_migrations,
    restore_backup,
    tree_roots,
    verify,
)

__all__ = [
    "BackupError",
    "BackupSet",
    "RestoreReport",
    "apply_retention",
    "backup_root",
    "create_backup",
    "find_backup",
    "list_backups",
    "pending_migrations",
    "restore_backup",
    "tree_roots",
    "verify",
]
