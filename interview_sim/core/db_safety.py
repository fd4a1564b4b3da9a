"""Keeping the practice database safe: integrity check, backups before migrations, moving aside.

A database that fails its check is never repaired in place or overwritten: it is renamed
(with its ``-wal`` and ``-shm`` files) so that nothing in it is lost, and the app starts a new
one. Before a migration changes the schema, a copy is made with SQLite's backup API, which
gives a consistent snapshot even with a WAL file beside it.
"""

from __future__ import annotations

import logging
import sqlite3
from datetime import datetime
from pathlib import Path

from interview_sim.core.db_errors import CorruptDatabaseError, storage_error

log = logging.getLogger(__name__)

BACKUPS_KEPT = 5
_SIDE_FILES = ("-wal", "-shm", "-journal")


def backups_dir(database: Path) -> Path:
    return database.parent / "backups"


def integrity_problems(conn: sqlite3.Connection) -> list[str]:
    """What ``PRAGMA integrity_check`` finds wrong; empty when the database is sound.

    The full check, not quick_check: on an 84 MB archive (20,000 answers) integrity_check took
    74 ms and quick_check 67 ms (bench/db_check.py), too little a saving for a weaker check.
    A malformed page may also raise here.
    """
    rows = conn.execute("PRAGMA integrity_check").fetchall()
    messages = [str(row[0]) for row in rows]
    return [] if messages == ["ok"] else messages


def check_database(path: Path) -> None:
    """Raise ``CorruptDatabaseError`` unless ``path`` is a sound SQLite database.

    The check runs on a read-only connection: a read-write one deletes a ``-wal`` file it cannot
    use when it closes, and that file may hold the user's last answers.
    """
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=10)
    except sqlite3.Error as exc:
        raise storage_error(path, exc) from exc
    try:
        problems = integrity_problems(conn)
    except sqlite3.Error as exc:
        # Only a damaged file is moved aside: a full disk, a read-only folder or a busy
        # database is reported as it is, and the file stays where it is.
        raise storage_error(path, exc) from exc
    finally:
        conn.close()
    if problems:
        raise CorruptDatabaseError(f"{path}: the practice database is damaged ({'; '.join(problems[:3])})")


def _stamp() -> str:
    return datetime.now().strftime("%Y%m%d-%H%M%S-%f")


def backup_database(conn: sqlite3.Connection, database: Path, schema_version: int) -> Path:
    """Copy the open database into ``backups/`` and keep only the newest :data:`BACKUPS_KEPT`."""
    folder = backups_dir(database)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{database.stem}-{_stamp()}-schema{schema_version}.sqlite3"
    partial = target.with_suffix(".part")
    copy = sqlite3.connect(partial)
    try:
        conn.backup(copy)
    finally:
        copy.close()
    # Renamed only when complete, so a backup that exists is a whole one.
    partial.replace(target)
    rotate_backups(database)
    log.info("database backed up before migrating from schema %d", schema_version)
    return target


def rotate_backups(database: Path, keep: int = BACKUPS_KEPT) -> list[Path]:
    """Delete all but the ``keep`` newest backups of ``database``; returns what was deleted."""
    backups = sorted(backups_dir(database).glob(f"{database.stem}-*-schema*.sqlite3"))
    stale = backups[:-keep] if keep > 0 else backups
    for path in stale:
        path.unlink(missing_ok=True)
    return stale


def move_aside(database: Path) -> Path:
    """Rename a broken database and its side files; returns the new name of the database."""
    target = database.with_name(f"{database.name}.corrupt-{_stamp()}")
    for suffix in _SIDE_FILES:
        side = database.with_name(database.name + suffix)
        if side.exists():
            side.replace(target.with_name(target.name + suffix))
    database.replace(target)
    return target
