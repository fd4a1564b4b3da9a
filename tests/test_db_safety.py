"""Database safety on real SQLite files: integrity check, moving aside, backups, newer schemas."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from interview_sim import paths
from interview_sim.core import storage
from interview_sim.core.db_safety import BACKUPS_KEPT, backups_dir
from interview_sim.core.recovery import open_database_with_recovery
from interview_sim.core.storage import CorruptDatabaseError, Database, DatabaseError


def _archive_with_answers(path: Path, answers: int = 400) -> None:
    """A real archive of many pages, checkpointed so that the main file holds everything."""
    with Database.open(path) as db:
        session = db.create_session({"mode": "test"})
        for index in range(answers):
            attempt = db.create_attempt(session, f"q{index}", audio_path=f"/nowhere/{index}.wav")
            db.add_transcript(attempt, "fake", "답변 내용 " * 40)
            db.finish_attempt(attempt, duration_s=1.0)
    assert not Path(f"{path}-wal").exists()  # the last close checkpointed the WAL


def _overwrite_header(path: Path) -> None:
    with open(path, "r+b") as handle:
        handle.write(b"this is not sqlite at all" * 4)


def _truncate(path: Path) -> None:
    os.truncate(path, path.stat().st_size // 3)


def _garbage_pages(path: Path) -> None:
    page = 4096
    with open(path, "r+b") as handle:
        for number in (2, 3, 5, 8):  # b-tree pages of the tables, past the header page
            handle.seek(number * page)
            handle.write(os.urandom(page))


CORRUPTIONS: dict[str, Callable[[Path], None]] = {
    "header overwritten": _overwrite_header,
    "truncated": _truncate,
    "garbage pages": _garbage_pages,
}


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("corrupt", CORRUPTIONS.values(), ids=CORRUPTIONS.keys())
def test_a_corrupt_database_is_refused(corrupt: Callable[[Path], None]) -> None:
    path = paths.database_path()
    _archive_with_answers(path)
    corrupt(path)
    before = _digest(path)
    with pytest.raises(CorruptDatabaseError, match=r"damaged|integrity"):
        Database.open(path)
    assert _digest(path) == before  # refusing it did not write to it


@pytest.mark.parametrize("corrupt", CORRUPTIONS.values(), ids=CORRUPTIONS.keys())
def test_a_corrupt_database_is_moved_aside_and_the_user_told(corrupt: Callable[[Path], None]) -> None:
    path = paths.database_path()
    _archive_with_answers(path)
    corrupt(path)
    Path(f"{path}-wal").write_bytes(b"left over")
    before = _digest(path)
    reports: list[str] = []
    with open_database_with_recovery(path, transcribe=False, report=reports.append) as db:
        assert db.integrity_ok()
        assert db.sessions() == []
        db.create_session()  # the new archive works
    moved = [p for p in path.parent.iterdir() if p.name.split(".corrupt-")[-1].count("-") == 2]
    assert len(moved) == 1
    assert _digest(moved[0]) == before  # every byte of the damaged file is kept
    assert Path(f"{moved[0]}-wal").read_bytes() == b"left over"
    assert len(reports) == 1
    assert str(moved[0]) in reports[0] and "new, empty database" in reports[0]


def test_a_sound_database_opens_unchanged() -> None:
    path = paths.database_path()
    _archive_with_answers(path, answers=5)
    reports: list[str] = []
    with open_database_with_recovery(path, transcribe=False, report=reports.append) as db:
        assert len(db.sessions()[0].attempts) == 5
    assert reports == []
    assert not any(".corrupt-" in p.name for p in path.parent.iterdir())


def test_a_newer_schema_is_refused_and_left_alone() -> None:
    path = paths.database_path()
    _archive_with_answers(path, answers=3)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {storage.SCHEMA_VERSION + 5}")
    conn.close()
    before = _digest(path)
    with pytest.raises(DatabaseError, match="newer Interview Sim") as caught:
        open_database_with_recovery(path, transcribe=False)
    assert not isinstance(caught.value, CorruptDatabaseError)
    assert _digest(path) == before
    assert not any(".corrupt-" in p.name for p in path.parent.iterdir())


def _with_extra_migration(monkeypatch: pytest.MonkeyPatch, sql: str) -> None:
    migrations = (*storage.MIGRATIONS, sql)
    monkeypatch.setattr(storage, "MIGRATIONS", migrations)
    monkeypatch.setattr(storage, "SCHEMA_VERSION", len(migrations))


def _set_version(path: Path, version: int) -> None:
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {version}")
    conn.close()


def test_a_backup_is_made_before_migrating(monkeypatch: pytest.MonkeyPatch) -> None:
    path = paths.database_path()
    _archive_with_answers(path, answers=7)
    old_version = storage.SCHEMA_VERSION
    _with_extra_migration(monkeypatch, "ALTER TABLE attempts ADD COLUMN hardening_probe INTEGER;")
    with Database.open(path) as db:
        assert db.schema_version == old_version + 1
    (backup,) = backups_dir(path).iterdir()
    assert backup.name.endswith(f"-schema{old_version}.sqlite3")
    conn = sqlite3.connect(backup)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == old_version
    assert conn.execute("SELECT count(*) FROM attempts").fetchone()[0] == 7
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    with Database.open(path):
        pass  # already migrated: no new backup
    assert len(list(backups_dir(path).iterdir())) == 1


def test_a_version_1_archive_is_backed_up_before_the_real_migrations() -> None:
    path = paths.database_path()
    conn = sqlite3.connect(path)
    conn.executescript(storage.MIGRATIONS[0] + "\nPRAGMA user_version = 1;")
    conn.execute("INSERT INTO sessions (started_at) VALUES ('2026-01-01')")
    conn.commit()
    conn.close()
    with Database.open(path) as db:
        assert db.schema_version == storage.SCHEMA_VERSION
    (backup,) = backups_dir(path).iterdir()
    assert backup.name.endswith("-schema1.sqlite3")
    copy = sqlite3.connect(backup)
    assert copy.execute("SELECT count(*) FROM sessions").fetchone()[0] == 1
    copy.close()


def test_a_failed_migration_leaves_the_archive_and_a_backup(monkeypatch: pytest.MonkeyPatch) -> None:
    path = paths.database_path()
    _archive_with_answers(path, answers=4)
    _with_extra_migration(monkeypatch, "ALTER TABLE no_such_table ADD COLUMN x INTEGER;")
    with pytest.raises(DatabaseError):
        Database.open(path)
    assert len(list(backups_dir(path).iterdir())) == 1
    monkeypatch.undo()
    with Database.open(path) as db:
        assert len(db.sessions()[0].attempts) == 4


def test_backups_are_rotated(monkeypatch: pytest.MonkeyPatch) -> None:
    path = paths.database_path()
    _archive_with_answers(path, answers=2)
    old_version = storage.SCHEMA_VERSION
    _with_extra_migration(monkeypatch, "CREATE TABLE IF NOT EXISTS extra (x INTEGER);")
    for _ in range(BACKUPS_KEPT + 3):
        _set_version(path, old_version)
        Database.open(path).close()
    backups = sorted(backups_dir(path).iterdir())
    assert len(backups) == BACKUPS_KEPT
    assert not any(p.suffix == ".part" for p in backups)
