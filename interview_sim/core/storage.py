"""The practice archive: one SQLite file with a versioned schema.

The schema version is ``PRAGMA user_version``; ``MIGRATIONS[n]`` takes a database from version
``n`` to ``n + 1``. The database runs in WAL mode so that a crash mid-write leaves the last
committed state intact, and every write is its own short transaction.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from interview_sim.core.db_safety import backup_database, check_database

MIGRATIONS: Sequence[str] = (
    # 0 -> 1: sessions, attempts and their transcripts.
    """
    CREATE TABLE sessions (
        id INTEGER PRIMARY KEY,
        started_at TEXT NOT NULL,
        ended_at TEXT,
        config TEXT NOT NULL DEFAULT '{}'
    );
    CREATE TABLE attempts (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        question_id TEXT NOT NULL,
        status TEXT NOT NULL,
        audio_path TEXT,
        sample_rate INTEGER,
        started_at TEXT NOT NULL,
        ended_at TEXT,
        duration_s REAL,
        template_id TEXT,
        section_marks TEXT NOT NULL DEFAULT '[]',
        error TEXT
    );
    CREATE INDEX attempts_session ON attempts(session_id);
    CREATE INDEX attempts_question ON attempts(question_id);
    CREATE INDEX attempts_status ON attempts(status);
    CREATE TABLE transcripts (
        id INTEGER PRIMARY KEY,
        attempt_id INTEGER NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,
        engine TEXT NOT NULL,
        source TEXT NOT NULL DEFAULT 'recognized',
        text TEXT NOT NULL,
        words TEXT NOT NULL DEFAULT '[]',
        created_at TEXT NOT NULL
    );
    CREATE INDEX transcripts_attempt ON transcripts(attempt_id);
    """,
)

SCHEMA_VERSION = len(MIGRATIONS)

STATUS_RECORDING = "recording"
STATUS_FINISHED = "finished"
STATUS_RECOVERED = "recovered"
STATUS_TYPED = "typed"
STATUS_FAILED = "failed"


class DatabaseError(Exception):
    """A database that cannot be opened or used; the message says why and where."""


class CorruptDatabaseError(DatabaseError):
    """The file is not a sound SQLite database: it must be moved aside, never written to."""


class StorageFullError(DatabaseError):
    """The disk is full or the data folder is read-only: nothing new can be saved."""


def storage_error(path: Path, exc: sqlite3.Error) -> DatabaseError:
    """A clear message for the errors a user can do something about; others as they are."""
    text = str(exc).lower()
    if "disk is full" in text or "disk i/o error" in text:
        return StorageFullError(
            f"{path}: the disk is full or failing, so this could not be saved ({exc}). "
            "Everything saved before is kept; free some space and try again."
        )
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return StorageFullError(
            f"{path.parent}: the data folder cannot be written (read-only?), so this could not be "
            f"saved ({exc}). Everything saved before is kept."
        )
    if "not a database" in text or "malformed" in text:
        return CorruptDatabaseError(f"{path}: the practice database is damaged ({exc})")
    return DatabaseError(f"{path}: {exc}")


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


@dataclass
class Transcript:
    id: int
    attempt_id: int
    engine: str
    source: str
    text: str
    words: list[dict[str, Any]]
    created_at: str


@dataclass
class Attempt:
    id: int
    session_id: int
    question_id: str
    status: str
    audio_path: str | None
    sample_rate: int | None
    started_at: str
    ended_at: str | None
    duration_s: float | None
    template_id: str | None
    section_marks: list[float]
    error: str | None
    transcripts: list[Transcript] = field(default_factory=list)

    @property
    def transcript(self) -> Transcript | None:
        """The transcript to show: the latest correction, else the latest recognition."""
        for source in ("corrected", "recognized", "typed"):
            matching = [t for t in self.transcripts if t.source == source]
            if matching:
                return matching[-1]
        return None


@dataclass
class Session:
    id: int
    started_at: str
    ended_at: str | None
    config: dict[str, Any]
    attempts: list[Attempt] = field(default_factory=list)


class Database:
    """A thread-safe handle on the archive. Open with :meth:`open`; close when done."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._conn = connection
        self._lock = threading.RLock()
        self.path = path

    @classmethod
    def open(cls, path: Path, *, check: bool = True) -> Database:
        """Open (creating) the archive: check it, back it up if it needs migrating, migrate.

        Raises :class:`CorruptDatabaseError` for a damaged file (the caller moves it aside; see
        ``core.recovery``), :class:`DatabaseError` for a newer schema or an unusable folder.
        """
        path.parent.mkdir(parents=True, exist_ok=True)
        if check and path.exists() and path.stat().st_size > 0:
            check_database(path)
        conn: sqlite3.Connection | None = None
        try:
            conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=10)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            db = cls(conn, path)
            db._migrate()
        except DatabaseError:
            if conn is not None:
                conn.close()
            raise
        except sqlite3.Error as exc:
            if conn is not None:
                conn.close()
            raise storage_error(path, exc) from exc
        return db

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        return int(self._conn.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        version = self.schema_version
        if version > SCHEMA_VERSION:
            raise DatabaseError(
                f"{self.path}: the database was written by a newer Interview Sim "
                f"(schema {version}, this version knows {SCHEMA_VERSION}); update the app"
            )
        if 0 < version < SCHEMA_VERSION:
            # A migration that goes wrong must never cost the user their archive.
            backup_database(self._conn, self.path, version)
        for target in range(version, SCHEMA_VERSION):
            # One transaction per step: a crash mid-migration leaves the previous version.
            with self._lock:
                self._conn.executescript(
                    f"BEGIN;\n{MIGRATIONS[target]}\nPRAGMA user_version = {target + 1};\nCOMMIT;"
                )

    def _write(self, sql: str, params: Sequence[Any] = ()) -> int:
        with self._lock:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
                try:
                    cursor = self._conn.execute(sql, params)
                    self._conn.execute("COMMIT")
                except BaseException:
                    if self._conn.in_transaction:
                        self._conn.execute("ROLLBACK")
                    raise
            except sqlite3.OperationalError as exc:
                # A full disk or a read-only folder: the transaction is rolled back, so what was
                # saved before stays as it was.
                raise storage_error(self.path, exc) from exc
            return int(cursor.lastrowid or 0)

    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        with self._lock:
            return list(self._conn.execute(sql, params).fetchall())

    # -- sessions ----------------------------------------------------------------------------

    def create_session(self, config: dict[str, Any] | None = None) -> int:
        return self._write(
            "INSERT INTO sessions (started_at, config) VALUES (?, ?)",
            (now_iso(), json.dumps(config or {}, ensure_ascii=False)),
        )

    def end_session(self, session_id: int) -> None:
        self._write("UPDATE sessions SET ended_at = ? WHERE id = ?", (now_iso(), session_id))

    # -- attempts ----------------------------------------------------------------------------

    def create_attempt(
        self,
        session_id: int,
        question_id: str,
        *,
        status: str = STATUS_RECORDING,
        audio_path: str | None = None,
        sample_rate: int | None = None,
        template_id: str | None = None,
    ) -> int:
        return self._write(
            "INSERT INTO attempts (session_id, question_id, status, audio_path, sample_rate,"
            " started_at, template_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (session_id, question_id, status, audio_path, sample_rate, now_iso(), template_id),
        )

    def finish_attempt(
        self,
        attempt_id: int,
        *,
        status: str = STATUS_FINISHED,
        duration_s: float | None = None,
        audio_path: str | None = None,
        section_marks: Sequence[float] | None = None,
        error: str | None = None,
    ) -> None:
        self._write(
            "UPDATE attempts SET status = ?, ended_at = ?, duration_s = COALESCE(?, duration_s),"
            " audio_path = COALESCE(?, audio_path), section_marks = COALESCE(?, section_marks),"
            " error = ? WHERE id = ?",
            (
                status,
                now_iso(),
                duration_s,
                audio_path,
                None if section_marks is None else json.dumps(list(section_marks)),
                error,
                attempt_id,
            ),
        )

    def set_audio_path(self, attempt_id: int, audio_path: str) -> None:
        """Point an attempt to its audio after a move (e.g. WAV compacted to FLAC)."""
        self._write("UPDATE attempts SET audio_path = ? WHERE id = ?", (audio_path, attempt_id))

    def add_transcript(
        self,
        attempt_id: int,
        engine: str,
        text: str,
        words: Sequence[dict[str, Any]] = (),
        *,
        source: str = "recognized",
    ) -> int:
        return self._write(
            "INSERT INTO transcripts (attempt_id, engine, source, text, words, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (attempt_id, engine, source, text, json.dumps(list(words), ensure_ascii=False), now_iso()),
        )

    def attempts_with_status(self, status: str) -> list[Attempt]:
        rows = self._read("SELECT * FROM attempts WHERE status = ? ORDER BY id", (status,))
        return self._attach_transcripts([_attempt(row) for row in rows])

    def attempt(self, attempt_id: int) -> Attempt | None:
        rows = self._read("SELECT * FROM attempts WHERE id = ?", (attempt_id,))
        if not rows:
            return None
        return self._attach_transcripts([_attempt(rows[0])])[0]

    def sessions(self) -> list[Session]:
        """Every session with its attempts and their transcripts, oldest first."""
        sessions = {
            row["id"]: Session(row["id"], row["started_at"], row["ended_at"], json.loads(row["config"]))
            for row in self._read("SELECT * FROM sessions ORDER BY id")
        }
        attempts = self._attach_transcripts(
            [_attempt(row) for row in self._read("SELECT * FROM attempts ORDER BY id")]
        )
        for attempt in attempts:
            sessions[attempt.session_id].attempts.append(attempt)
        return list(sessions.values())

    def _attach_transcripts(self, attempts: list[Attempt]) -> list[Attempt]:
        if not attempts:
            return attempts
        by_id = {a.id: a for a in attempts}
        placeholders = ",".join("?" * len(by_id))
        rows = self._read(
            f"SELECT * FROM transcripts WHERE attempt_id IN ({placeholders}) ORDER BY id",
            tuple(by_id),
        )
        for row in rows:
            by_id[row["attempt_id"]].transcripts.append(
                Transcript(
                    row["id"],
                    row["attempt_id"],
                    row["engine"],
                    row["source"],
                    row["text"],
                    json.loads(row["words"]),
                    row["created_at"],
                )
            )
        return attempts

    def integrity_ok(self) -> bool:
        return self._read("PRAGMA integrity_check")[0][0] == "ok"


def _attempt(row: sqlite3.Row) -> Attempt:
    return Attempt(
        id=row["id"],
        session_id=row["session_id"],
        question_id=row["question_id"],
        status=row["status"],
        audio_path=row["audio_path"],
        sample_rate=row["sample_rate"],
        started_at=row["started_at"],
        ended_at=row["ended_at"],
        duration_s=row["duration_s"],
        template_id=row["template_id"],
        section_marks=json.loads(row["section_marks"]),
        error=row["error"],
    )
