"""Backups (tayninh_thidua/lib/backups): the backup → wipe → restore round trip on PostgreSQL (and SQLite),
refusals that touch nothing, retention, the nightly task and its beat schedule."""

from __future__ import annotations

import io
import json
import os
import shutil
import stat
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from bench.restore_drill import site_state, wipe_site
from exemplars.models import EventPhoto, Exemplar
from movements.models import Field
from tayninh_thidua.lib import backups
from tayninh_thidua.lib.backups import database, trees


@pytest.fixture
def site(settings, tmp_path) -> dict[str, Path]:
    """The two trees and BACKUP_DIR in the test's folder, side by side as in compose's volumes."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.BACKUP_DIR = tmp_path / "backups"
    return {"media": tmp_path / "media", "private-media": tmp_path / "private-media", "backups": tmp_path / "backups"}


def populate() -> None:
    """The plan, demo data with event photos, exemplar portraits and their thumbnails, private dossier files."""
    call_command("seed_plan", stdout=io.StringIO())
    call_command(
        "generate_demo_data",
        exemplars=40,
        honours=100,
        agencies=6,
        movements=3,
        events=2,
        news=3,
        portraits=6,
        dossiers=4,
        stdout=io.StringIO(),
    )


def state(site: dict[str, Path]) -> dict:
    return site_state({key: site[key] for key in ("media", "private-media")})


def wipe(site: dict[str, Path]) -> None:
    wipe_site({key: site[key] for key in ("media", "private-media")})


def round_trip(site: dict[str, Path]) -> None:
    populate()
    before = state(site)
    assert before["tables"]["exemplars_exemplar"] == 40 and before["tables"]["exemplars_nominationattachment"] == 8
    portraits = set(Exemplar.objects.values_list("portrait", flat=True))
    photos = set(EventPhoto.objects.values_list("image", flat=True))
    assert len(portraits) > 6  # 6 portraits of their own, drawn ones shared by the other exemplars
    assert sum(name.startswith("thumbs/") for name in before["media"]) == 2 * len(portraits | photos)  # 2 sizes
    assert {name for name in before["media"] if name.startswith("exemplars/")} == portraits
    assert sum(name.startswith("dossiers/") for name in before["private-media"]) == 8

    out = io.StringIO()
    call_command("backup_site", stdout=out)
    assert "Đã sao lưu thidua-" in out.getvalue()
    wipe(site)
    assert not any(database.table_counts(connection).values())
    assert not site["media"].exists() and not site["private-media"].exists()

    out = io.StringIO()
    call_command("restore_backup", "--latest", "--yes", stdout=out)
    after = state(site)
    assert after["tables"] == before["tables"]
    assert after["media"] == before["media"]
    assert after["private-media"] == before["private-media"]
    rows = sum(before["tables"].values())
    files = len(before["media"]) + len(before["private-media"])
    assert f"{rows} dòng" in out.getvalue() and f"{files} tệp" in out.getvalue()
    # the portal reads the restored data and files
    exemplar = Exemplar.objects.exclude(portrait="").first()
    assert exemplar.portrait.storage.exists(exemplar.portrait.name)


def test_backup_wipe_restore_gives_back_every_row_and_file_on_postgresql(postgres, transactional_db, site):
    round_trip(site)
    manifest = backups.list_backups()[-1].manifest
    assert manifest["database"]["vendor"] == "postgresql" and manifest["database"]["file"] == "database.dump"


def test_backup_wipe_restore_gives_back_every_row_and_file_on_sqlite(transactional_db, site, tmp_path):
    if connection.vendor == "sqlite":
        round_trip(site)
        assert backups.list_backups()[-1].manifest["database"]["file"] == "database.sqlite3"
        return
    # The suite runs on PostgreSQL here: the SQLite path (`make run`'s database) is driven through the commands in
    # a process of its own, on a SQLite file, so CI covers both paths.
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "CACHE_REDIS_URL", "CELERY_BROKER_URL"}},
        "DJANGO_SETTINGS_MODULE": "tayninh_thidua.settings",
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}",
        "MEDIA_ROOT": str(site["media"]),
        "PRIVATE_MEDIA_ROOT": str(site["private-media"]),
        "BACKUP_DIR": str(site["backups"]),
    }

    def manage(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", *args], env=env, capture_output=True, text=True, timeout=600, check=False
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    state_script = (
        "import json, django; django.setup(); from pathlib import Path; from bench.restore_drill import site_state; "
        f"print(json.dumps(site_state({{'media': Path({str(site['media'])!r}), "
        f"'private-media': Path({str(site['private-media'])!r})}})))"
    )
    manage("migrate", "--noinput", "--verbosity", "0")
    manage("seed_plan")
    manage(
        "generate_demo_data",
        "--exemplars",
        "20",
        "--honours",
        "40",
        "--agencies",
        "4",
        "--movements",
        "2",
        "--events",
        "1",
        "--news",
        "1",
        "--portraits",
        "3",
        "--dossiers",
        "2",
    )
    before = json.loads(manage("shell", "-c", state_script).strip().splitlines()[-1])
    assert before["tables"]["exemplars_exemplar"] == 20 and len(before["private-media"]) > 0
    assert "Đã sao lưu thidua-" in manage("backup_site")
    (tmp_path / "site.sqlite3").unlink()
    shutil.rmtree(site["media"])
    shutil.rmtree(site["private-media"])
    assert "database.sqlite3" in {p.name for p in next(site["backups"].glob("thidua-*")).iterdir()}
    manage("restore_backup", "--latest", "--yes")
    after = json.loads(manage("shell", "-c", state_script).strip().splitlines()[-1])
    assert after == before


def test_a_set_is_complete_private_and_described_by_its_manifest(transactional_db, site):
    populate()
    backup = backups.create_backup()
    assert stat.S_IMODE(site["backups"].stat().st_mode) == 0o700
    assert stat.S_IMODE(backup.path.stat().st_mode) == 0o700
    names = {path.name for path in backup.path.iterdir()}
    assert names == {database.dump_file_name(connection), "media.tar.gz", "private-media.tar.gz", "manifest.json"}
    assert all(stat.S_IMODE(path.stat().st_mode) == 0o600 for path in backup.path.iterdir())
    manifest = backup.manifest
    assert manifest["database"]["tables"] == database.table_counts(connection)
    assert manifest["trees"]["private-media"]["files"] == trees.checksums(site["private-media"])
    assert set(manifest["files"]) == names - {"manifest.json"}
    assert manifest["app"]["migrations"]["sitelib"] >= "0004_backup_schedule"
    assert not backups.verify(backup)
    assert not list(site["backups"].glob(".partial-*"))


def test_archives_hold_only_files_inside_their_tree(transactional_db, settings, tmp_path):
    """Nested as in tests/settings.py (private tree and backups under MEDIA_ROOT): each archive holds its own."""
    media = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = media / "private"
    settings.MEDIA_ROOT = media
    settings.BACKUP_DIR = media / "backups"
    (media / "private").mkdir(parents=True)
    (media / "news").mkdir()
    (media / "news" / "a.jpg").write_bytes(b"public")
    (media / "private" / "hs.pdf").write_bytes(b"dossier")
    outside = tmp_path / "secret.txt"
    outside.write_text("not ours")
    (media / "news" / "link.txt").symlink_to(outside)
    (media / "escape").symlink_to(tmp_path)
    (media / ".backup-old-x").mkdir()
    (media / ".backup-old-x" / "left.jpg").write_bytes(b"leftover")

    backup = backups.create_backup()
    with tarfile.open(backup.path / "media.tar.gz") as tar:
        assert sorted(tar.getnames()) == ["news", "news/a.jpg"]
    with tarfile.open(backup.path / "private-media.tar.gz") as tar:
        assert tar.getnames() == ["hs.pdf"]

    # Restoring MEDIA_ROOT leaves the private tree and the backups nested in it where they are.
    (media / "news" / "a.jpg").write_bytes(b"changed")
    (media / "private" / "hs.pdf").write_bytes(b"changed")
    backups.restore_backup(backup)
    assert (media / "news" / "a.jpg").read_bytes() == b"public"
    assert (media / "private" / "hs.pdf").read_bytes() == b"dossier"
    assert backups.list_backups() == [backup]


@pytest.fixture
def saved(transactional_db, site):
    """A set of a small site, then a change made after it (a new row, a new file in each tree)."""
    populate()
    backup = backups.create_backup()
    Field.objects.create(name="Lĩnh vực thêm sau khi sao lưu")
    (site["media"] / "after.jpg").write_bytes(b"after")
    (site["private-media"] / "after.pdf").write_bytes(b"after")
    return backup


def test_restore_refuses_a_corrupted_archive_and_touches_nothing(saved, site):
    archive = saved.path / "private-media.tar.gz"
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0xFF
    archive.write_bytes(bytes(data))
    before = state(site)

    with pytest.raises(CommandError, match="bị hỏng.*private-media.tar.gz: sai tổng kiểm"):
        call_command("restore_backup", saved.name, "--yes", stdout=io.StringIO())
    assert state(site) == before
    assert Field.objects.filter(name="Lĩnh vực thêm sau khi sao lưu").exists()
    assert not [p for p in site["media"].iterdir() if p.name.startswith(".backup-")]
    with pytest.raises(CommandError, match="1 bộ sao lưu bị hỏng"):
        call_command("list_backups", "--verify", stdout=io.StringIO())


def test_restore_refuses_an_archive_that_does_not_match_its_manifest(saved, site):
    """Checksums of the archive itself agree (rewritten), but its content is not what the manifest lists."""
    manifest = json.loads((saved.path / "manifest.json").read_text())
    manifest["trees"]["media"]["files"]["missing.jpg"] = {"sha256": "0" * 64, "size": 1}
    (saved.path / "manifest.json").write_text(json.dumps(manifest))
    before = state(site)
    with pytest.raises(backups.BackupError, match="không khớp bản kê: thiếu 1"):
        backups.restore_backup(backups.find_backup(saved.name))
    assert state(site) == before


def test_a_failed_database_restore_leaves_both_trees_as_they_were(saved, site, monkeypatch):
    def fail(*args):
        raise backups.BackupError("pg_restore thất bại")

    monkeypatch.setattr(database, "restore", fail)
    before = state(site)
    with pytest.raises(backups.BackupError, match="pg_restore"):
        backups.restore_backup(saved)
    assert state(site) == before
    assert not [p for p in site["private-media"].iterdir() if p.name.startswith(".backup-")]


def test_restore_without_yes_is_refused_when_nobody_can_answer(saved, site):
    before = state(site)
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore_backup", "--latest", stdout=io.StringIO())
    with pytest.raises(CommandError, match="một trong hai"):
        call_command("restore_backup", "--yes", stdout=io.StringIO())
    with pytest.raises(CommandError, match="Không có bộ sao lưu thidua-19990101-000000"):
        call_command("restore_backup", "thidua-19990101-000000", "--yes", stdout=io.StringIO())
    assert state(site) == before


def _fake_set(base: Path, stamp: str) -> Path:
    path = base / f"thidua-{stamp}"
    path.mkdir(parents=True)
    (path / "manifest.json").write_text("{}")
    return path


def test_retention_keeps_the_newest_set_of_recent_days_and_of_recent_months(settings, tmp_path):
    settings.BACKUP_DIR = tmp_path
    nights = [f"202611{day}-023000" for day in range(20, 29)]
    extra = ["20261128-140500", "20261015-023000", "20261031-023000"]  # a hand-run set; two October nights
    older = ["20260930-023000", "20260831-023000"]
    for stamp in nights + extra + older:
        _fake_set(tmp_path, stamp)
    partial = tmp_path / ".partial-old"
    partial.mkdir()
    os.utime(partial, (0, 0))

    removed = backups.apply_retention(keep_daily=3, keep_monthly=3)
    left = sorted(path.name for path in tmp_path.iterdir())
    assert left == [
        "thidua-20260930-023000",  # monthly: September
        "thidua-20261031-023000",  # monthly: October
        "thidua-20261126-023000",  # daily
        "thidua-20261127-023000",  # daily
        "thidua-20261128-140500",  # daily and monthly: the newest of the 28th and of November
    ]
    assert "thidua-20261128-023000" in removed and "thidua-20260831-023000" in removed
    assert len(removed) == 9


def test_the_nightly_task_writes_a_set_and_prunes(transactional_db, site, settings):
    from tayninh_thidua.lib.tasks import backup_site

    settings.BACKUP_KEEP_DAILY = 1
    _fake_set(site["backups"], "20200101-023000")
    settings.BACKUP_KEEP_MONTHLY = 0
    result = backup_site.delay().get()
    assert result["removed"] == ["thidua-20200101-023000"]
    assert [b.name for b in backups.list_backups()] == [result["name"]]


def test_the_nightly_task_fails_loudly(transactional_db, site, caplog):
    from tayninh_thidua.lib.tasks import backup_site

    site["backups"].parent.mkdir(exist_ok=True)
    site["backups"].write_text("a file where the folder should be")
    with pytest.raises(OSError):
        backup_site.delay().get()
    assert "nightly backup failed" in caplog.text


def test_the_backup_runs_nightly_in_the_database_schedule(db):
    import importlib

    from django.apps import apps
    from django_celery_beat.models import PeriodicTask

    # Run the data migration again (idempotent): a transactional test before this one flushes its rows.
    importlib.import_module("tayninh_thidua.lib.migrations.0004_backup_schedule").seed(apps, None)
    task = PeriodicTask.objects.get(task="sitelib.backup_site")
    assert task.enabled and (task.crontab.hour, task.crontab.minute) == ("2", "30")
    assert str(task.crontab.timezone) == "Asia/Ho_Chi_Minh"
