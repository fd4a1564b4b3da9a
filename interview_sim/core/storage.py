"""The practice archive: one SQLite file with a versioned schema.

The schema version is ``PRAGMA user_version``; ``MIGRATIONS[n]`` takes a database from version
``n`` to ``n + 1``. The database runs in WAL mode so that a crash mid-write leaves the last
committed state intact, and every write is its own short transaction.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

# The errors live in db_errors (db_safety raises them too) and stay importable from here.
from interview_sim.core.db_errors import CorruptDatabaseError as CorruptDatabaseError
from interview_sim.core.db_errors import DatabaseError, storage_error
from interview_sim.core.db_errors import StorageFullError as StorageFullError
from interview_sim.core.db_safety import backup_database, check_database
from interview_sim.devices.transcript_clean import clean_words, needs_cleaning

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
    # 1 -> 2: the review of an attempt (rating, notes) and its cached metrics, indexed for the
    # history's filters. User corrections are transcripts with source 'corrected'.
    """
    ALTER TABLE attempts ADD COLUMN rating TEXT;
    ALTER TABLE attempts ADD COLUMN rated_at TEXT;
    ALTER TABLE attempts ADD COLUMN notes TEXT NOT NULL DEFAULT '';
    ALTER TABLE attempts ADD COLUMN content_score REAL;
    ALTER TABLE attempts ADD COLUMN metrics TEXT;
    CREATE INDEX attempts_started ON attempts(started_at);
    CREATE INDEX attempts_score ON attempts(content_score);
    """,
    # 2 -> 3: the review log that FSRS schedules from (core/scheduler.py): one review per
    # attempt the user rated, on FSRS's scale (1 again, 2 hard, 3 good, 4 easy), at the moment
    # the question was answered. The ratings given so far are carried over. attempts.rating
    # stays for the history's display and filters; set_rating writes both in one transaction.
    """
    CREATE TABLE review_log (
        attempt_id INTEGER PRIMARY KEY REFERENCES attempts(id) ON DELETE CASCADE,
        question_id TEXT NOT NULL,
        rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
        reviewed_at TEXT NOT NULL
    );
    CREATE INDEX review_log_question ON review_log(question_id, reviewed_at);
    INSERT INTO review_log (attempt_id, question_id, rating, reviewed_at)
        SELECT id, question_id,
               CASE rating WHEN 'again' THEN 1 WHEN 'hard' THEN 2 WHEN 'good' THEN 3 ELSE 4 END,
               started_at
        FROM attempts WHERE rating IN ('again', 'hard', 'good', 'easy');
    """,
    # 3 -> 4: AI feedback on an answer (issue 13), kept per attempt with what made it. Only
    # complete, validated feedback is ever written; a re-run adds a row (or replaces, when
    # asked), and the newest row is the one shown.
    """
    CREATE TABLE feedback (
        id INTEGER PRIMARY KEY,
        attempt_id INTEGER NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,
        -- the transcript it judged: a corrected transcript makes it stale
        transcript_id INTEGER,
        provider TEXT NOT NULL,
        model TEXT NOT NULL,
        prompt_version TEXT NOT NULL,
        lang TEXT NOT NULL,
        content TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE INDEX feedback_attempt ON feedback(attempt_id);
    """,
    # 4 -> 5: the second pass (refined transcripts, source 'refined'). ``refine`` holds what an
    # answer still waits for ({"engine", "model"} as JSON) until its refined transcript is
    # stored, so that a crash or a quit before that resumes it at the next start.
    """
    ALTER TABLE attempts ADD COLUMN refine TEXT;
    CREATE INDEX attempts_refine ON attempts(refine) WHERE refine IS NOT NULL;
    """,
    # 5 -> 6: follow-up questions the AI interviewer generated during an interview (issue 13),
    # each linked to the question it digs into. Kept here, out of the question bank: answers to
    # them are attempts like any other, whose question_id is the generated question's id.
    """
    CREATE TABLE generated_questions (
        id TEXT PRIMARY KEY,
        parent_question_id TEXT NOT NULL,
        session_id INTEGER REFERENCES sessions(id) ON DELETE SET NULL,
        lang TEXT NOT NULL,
        question TEXT NOT NULL,
        focus TEXT NOT NULL DEFAULT '',
        reason TEXT NOT NULL DEFAULT '',
        provider TEXT NOT NULL DEFAULT '',
        model TEXT NOT NULL DEFAULT '',
        prompt_version TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL
    );
    CREATE INDEX generated_questions_parent ON generated_questions(parent_question_id);
    """,
    # 6 -> 7: the AI debrief of a session, cached with what made it (issue 13), like the
    # feedback of an answer: only a complete, validated debrief is written, a re-run replaces it
    # in one transaction. And the id a generated follow-up got when the user saved it to their
    # own bank (its answers moved to that id with it, see core/save_generated.py).
    """
    CREATE TABLE debriefs (
        id INTEGER PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        provider TEXT NOT NULL,
        model TEXT NOT NULL,
        prompt_version TEXT NOT NULL,
        lang TEXT NOT NULL,
        content TEXT NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE INDEX debriefs_session ON debriefs(session_id);
    ALTER TABLE generated_questions ADD COLUMN saved_as TEXT;
    """,
)

SCHEMA_VERSION = len(MIGRATIONS)

# How long a connection waits for another one's write lock. Most writes take milliseconds, but
# a process upgrading the archive holds the lock while it backs it up and migrates it, and the
# app, its background opener and a CLI command may all be opening the archive at that moment.
BUSY_TIMEOUT_S = 30.0

STATUS_RECORDING = "recording"
STATUS_FINISHED = "finished"
STATUS_RECOVERED = "recovered"
STATUS_TYPED = "typed"
STATUS_FAILED = "failed"

SOURCE_RECOGNIZED = "recognized"
SOURCE_CORRECTED = "corrected"
SOURCE_REFINED = "refined"
# Which transcript the review and the scores use: the user's correction always wins, then the
# second pass's refined transcript, then the live recognition, then a typed answer.
SHOWN_ORDER = (SOURCE_CORRECTED, SOURCE_REFINED, SOURCE_RECOGNIZED, "typed")
# In the review log (FSRS) as 1 to 4, in this order.
RATINGS = ("again", "hard", "good", "easy")


def migration_statements(script: str) -> list[str]:
    """The statements of a migration script, one by one, to run inside a transaction of ours
    (``executescript`` would commit it first).

    A ';' inside a string, a comment or a trigger's body does not end a statement:
    ``sqlite3.complete_statement`` decides where one ends.
    """
    statements: list[str] = []
    pending = ""
    for piece in script.split(";"):
        pending += piece
        if sqlite3.complete_statement(pending + ";"):
            if pending.strip():
                statements.append(pending.strip() + ";")
            pending = ""
        else:
            pending += ";"
    if pending.strip():
        raise ValueError(f"a migration ends inside a statement: {pending.strip()[:80]!r}")
    return statements


def use_wal(conn: sqlite3.Connection, timeout_s: float = BUSY_TIMEOUT_S) -> None:
    """Put the database in WAL mode, waiting for other processes that are doing the same.

    SQLite does not wait on its busy timeout here: when two connections switch a new file at
    once, waiting could deadlock, so it fails one of them at once with "database is locked"
    (6 processes opening 200 new files together: about 4 % of the switches failed).
    """
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc).lower() or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


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
    rating: str | None = None  # one of RATINGS
    rated_at: str | None = None
    notes: str = ""
    content_score: float | None = None  # cached from the analysis, for filtering
    # The cached analysis summary (see set_metrics), as stored; parsed on first use of
    # ``metrics`` so that listing thousands of attempts does not parse them all.
    metrics_json: str | None = field(default=None, repr=False)
    # The second pass this answer still waits for ({"engine", "model"}), None when none.
    refine_pending: dict[str, Any] | None = None
    _metrics: dict[str, Any] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def metrics(self) -> dict[str, Any] | None:
        if self._metrics is None and self.metrics_json:
            try:
                parsed = json.loads(self.metrics_json)
            except ValueError:
                parsed = None
            self._metrics = parsed if isinstance(parsed, dict) else None
        return self._metrics

    @metrics.setter
    def metrics(self, value: dict[str, Any] | None) -> None:
        self._metrics = value
        self.metrics_json = None if value is None else json.dumps(value, ensure_ascii=False)

    @property
    def recognized(self) -> Transcript | None:
        """The latest transcript the recognizer made, kept beside any correction."""
        matching = [t for t in self.transcripts if t.source == SOURCE_RECOGNIZED]
        return matching[-1] if matching else None

    @property
    def refined(self) -> Transcript | None:
        """The latest transcript of the second pass, if it has finished."""
        matching = [t for t in self.transcripts if t.source == SOURCE_REFINED]
        return matching[-1] if matching else None

    @property
    def transcript(self) -> Transcript | None:
        """The transcript to show and analyse: the latest correction, else the refined one,
        else the latest recognition (see SHOWN_ORDER)."""
        for source in SHOWN_ORDER:
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
            conn = sqlite3.connect(
                path, check_same_thread=False, isolation_level=None, timeout=BUSY_TIMEOUT_S
            )
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA foreign_keys = ON")
            use_wal(conn)
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
        # An archive that is up to date is opened without taking the write lock, so a busy
        # writer elsewhere or a read-only folder does not stop it being read.
        version = self.schema_version
        self._refuse_newer(version)
        # A new archive (version 0) has nothing to lose, even if another process has created
        # its first tables by the time this one takes the lock.
        needs_backup = version > 0
        while version < SCHEMA_VERSION:
            version, migrated = self._migrate_one_step(back_up=needs_backup)
            needs_backup = needs_backup and not migrated

    def _refuse_newer(self, version: int) -> None:
        if version > SCHEMA_VERSION:
            raise DatabaseError(
                f"{self.path}: the database was written by a newer Interview Sim "
                f"(schema {version}, this version knows {SCHEMA_VERSION}); update the app"
            )

    def _migrate_one_step(self, *, back_up: bool) -> tuple[int, bool]:
        """Take the archive one version up unless another process already has: the version now,
        and whether this call migrated it.

        One transaction per step: a crash mid-migration leaves the previous version. The app,
        its background opener and a CLI command may be opening the same file at this moment,
        so the step takes the write lock first and reads the version again under it.
        """
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                version = self.schema_version
                self._refuse_newer(version)
                stepping = version < SCHEMA_VERSION
                if stepping:
                    if back_up and version > 0:
                        # A migration that goes wrong must never cost the user their archive.
                        self._backup_while_locked(version)
                    for statement in migration_statements(MIGRATIONS[version]):
                        self._conn.execute(statement)
                    version += 1
                    self._conn.execute(f"PRAGMA user_version = {version}")
                self._conn.execute("COMMIT")
            except BaseException:
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                raise
            return version, stepping

    def _backup_while_locked(self, version: int) -> None:
        """Back up the archive as it is at ``version``, while this connection holds the lock.

        The copy is read through a second connection: SQLite will not back up from one that has
        a write transaction open (CPython then retries for ever). Nothing can change the archive
        while the lock is held, so the copy is exactly the version it is named after.
        """
        reader = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S)
        try:
            backup_database(reader, self.path, version)
        finally:
            reader.close()

    def _write(self, sql: str, params: Sequence[Any] = ()) -> int:
        return self._transaction([(sql, params)])

    def _transaction(self, statements: Sequence[tuple[str, Sequence[Any]]]) -> int:
        """Run ``statements`` in one write transaction; the last statement's row id."""
        cursor: sqlite3.Cursor | None = None
        with self._lock:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
                try:
                    for sql, params in statements:
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
            return int(cursor.lastrowid or 0) if cursor is not None else 0

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

    def add_typed_attempt(
        self,
        session_id: int,
        question_id: str,
        text: str,
        *,
        template_id: str | None = None,
        duration_s: float | None = None,
        section_marks: Sequence[float] = (),
    ) -> int:
        """Store a typed answer whole: the attempt and its text in one transaction.

        In separate writes a reader (or a crash) between them saw a typed attempt with no text.
        """
        started = now_iso()
        transcript_id = self._transaction(
            [
                (
                    "INSERT INTO attempts (session_id, question_id, status, started_at, ended_at,"
                    " duration_s, section_marks, template_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        session_id,
                        question_id,
                        STATUS_TYPED,
                        started,
                        now_iso(),
                        duration_s,
                        json.dumps(list(section_marks)),
                        template_id,
                    ),
                ),
                (
                    "INSERT INTO transcripts (attempt_id, engine, source, text, words, created_at)"
                    " VALUES (last_insert_rowid(), 'typed', 'typed', ?, '[]', ?)",
                    (text, started),
                ),
            ]
        )
        rows = self._read("SELECT attempt_id FROM transcripts WHERE id = ?", (transcript_id,))
        return int(rows[0][0])

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

    def set_refine_pending(self, attempt_id: int, wanted: dict[str, Any] | None) -> None:
        """Note the second pass an answer waits for, or (None) that it has none pending."""
        self._write(
            "UPDATE attempts SET refine = ? WHERE id = ?",
            (None if wanted is None else json.dumps(wanted, ensure_ascii=False), attempt_id),
        )

    def add_refined_transcript(
        self, attempt_id: int, engine: str, text: str, words: Sequence[dict[str, Any]] = ()
    ) -> int:
        """Store the second pass's transcript and clear the pending mark, in one transaction."""
        return self._transaction(
            [
                ("UPDATE attempts SET refine = NULL WHERE id = ?", (attempt_id,)),
                (
                    "INSERT INTO transcripts (attempt_id, engine, source, text, words, created_at)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        attempt_id,
                        engine,
                        SOURCE_REFINED,
                        text,
                        json.dumps(list(words), ensure_ascii=False),
                        now_iso(),
                    ),
                ),
            ]
        )

    def attempts_pending_refinement(self) -> list[Attempt]:
        rows = self._read("SELECT * FROM attempts WHERE refine IS NOT NULL ORDER BY id")
        return self._attach_transcripts([_attempt(row) for row in rows])

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
            text, words = row["text"], json.loads(row["words"])
            if row["source"] != SOURCE_CORRECTED and needs_cleaning(row["engine"]):
                # Vosk transcripts stored before the cleaning existed read as clean ones do
                # (cleaning is idempotent); the row itself is left as it was recorded.
                text, words = clean_words(text, words)
            by_id[row["attempt_id"]].transcripts.append(
                Transcript(
                    row["id"], row["attempt_id"], row["engine"], row["source"], text, words, row["created_at"]
                )
            )
        return attempts

    # -- review ------------------------------------------------------------------------------

    def set_rating(self, attempt_id: int, rating: str | None) -> None:
        """Rate an attempt (again / hard / good / easy) or clear the rating with None."""
        if rating is not None and rating not in RATINGS:
            raise ValueError(f"rating must be one of {', '.join(RATINGS)}, not {rating!r}")
        statements: list[tuple[str, Sequence[Any]]] = [
            (
                "UPDATE attempts SET rating = ?, rated_at = ? WHERE id = ?",
                (rating, None if rating is None else now_iso(), attempt_id),
            ),
            ("DELETE FROM review_log WHERE attempt_id = ?", (attempt_id,)),
        ]
        if rating is not None:
            statements.append(
                (
                    "INSERT INTO review_log (attempt_id, question_id, rating, reviewed_at)"
                    " SELECT id, question_id, ?, started_at FROM attempts WHERE id = ?",
                    (RATINGS.index(rating) + 1, attempt_id),
                )
            )
        self._transaction(statements)

    def set_notes(self, attempt_id: int, notes: str) -> None:
        self._write("UPDATE attempts SET notes = ? WHERE id = ?", (notes, attempt_id))

    def add_corrected_transcript(
        self, attempt_id: int, text: str, words: Sequence[dict[str, Any]] = ()
    ) -> int:
        """The user's correction; the recognized transcript stays as it was."""
        return self.add_transcript(attempt_id, "user", text, words, source=SOURCE_CORRECTED)

    def set_metrics(self, attempt_id: int, metrics: dict[str, Any] | None) -> None:
        """Cache an attempt's analysis summary; its ``content_score`` is copied to a column
        so that the history can filter and sort on it."""
        score = metrics.get("content_score") if metrics else None
        self._write(
            "UPDATE attempts SET metrics = ?, content_score = ? WHERE id = ?",
            (
                None if metrics is None else json.dumps(metrics, ensure_ascii=False),
                score if isinstance(score, int | float) and not isinstance(score, bool) else None,
                attempt_id,
            ),
        )

    def set_metrics_many(self, items: Sequence[tuple[int, dict[str, Any]]]) -> None:
        """:meth:`set_metrics` for many attempts in one transaction."""
        rows = []
        for attempt_id, metrics in items:
            score = metrics.get("content_score")
            if not isinstance(score, int | float) or isinstance(score, bool):
                score = None
            rows.append((json.dumps(metrics, ensure_ascii=False), score, attempt_id))
        update = "UPDATE attempts SET metrics = ?, content_score = ? WHERE id = ?"
        self._transaction([(update, row) for row in rows])

    # -- history -----------------------------------------------------------------------------

    def list_attempts(
        self,
        where: AttemptFilter | None = None,
        *,
        with_transcripts: bool = False,
        newest_first: bool = True,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Attempt]:
        """Attempts matching ``where``. Without transcripts by default: a list of thousands
        then costs one query, and :meth:`attempt` loads one attempt in full."""
        clause, params = (where or AttemptFilter()).sql()
        order = "DESC" if newest_first else "ASC"
        sql = f"SELECT * FROM attempts{clause} ORDER BY started_at {order}, id {order}"
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params = [*params, int(limit), int(offset)]
        attempts = [_attempt(row) for row in self._read(sql, params)]
        return self._attach_transcripts(attempts) if with_transcripts else attempts

    def count_attempts(self, where: AttemptFilter | None = None) -> int:
        clause, params = (where or AttemptFilter()).sql()
        return int(self._read(f"SELECT COUNT(*) FROM attempts{clause}", params)[0][0])

    def attempts_of_question(self, question_id: str, *, with_transcripts: bool = True) -> list[Attempt]:
        """Every attempt at one question, oldest first (for comparing and progress)."""
        return self.list_attempts(
            AttemptFilter(question_ids=(question_id,)), with_transcripts=with_transcripts, newest_first=False
        )

    def metrics_state(self, attempt_ids: Sequence[int] | None = None) -> list[MetricsState]:
        """What decides whether each attempt's cached metrics are current, in one light query
        (no transcript text or words): see interview_sim.core.review.update_metrics."""
        where = ""
        params: tuple[int, ...] = ()
        if attempt_ids is not None:
            if not attempt_ids:
                return []
            where = f" WHERE a.id IN ({','.join('?' * len(attempt_ids))})"
            params = tuple(attempt_ids)
        # The shown transcript, in SHOWN_ORDER.
        rows = self._read(
            "SELECT a.id, a.question_id, a.template_id, a.duration_s, a.section_marks, a.metrics,"
            " a.audio_path,"
            " (SELECT t.id FROM transcripts t WHERE t.attempt_id = a.id"
            "   AND t.source IN ('corrected', 'refined', 'recognized', 'typed')"
            "   ORDER BY CASE t.source WHEN 'corrected' THEN 0 WHEN 'refined' THEN 1"
            "   WHEN 'recognized' THEN 2 ELSE 3 END,"
            "   t.id DESC LIMIT 1) AS shown"
            f" FROM attempts a{where} ORDER BY a.id",
            params,
        )
        out = []
        for row in rows:
            key = None
            if row[5]:
                try:
                    cached = json.loads(row[5])
                    key = cached.get("key") if isinstance(cached, dict) else None
                except ValueError:
                    key = None
            marks = [] if row[4] == "[]" else json.loads(row[4])
            out.append(MetricsState(row[0], row[1], row[2], row[3], marks, row["shown"], key, row[6]))
        return out

    def metrics_before(self, started_before: str | None = None, limit: int = 200) -> list[dict[str, Any]]:
        """The cached metrics of the newest ``limit`` attempts started before ``started_before``
        (all when None), newest first: what the candidate's own baseline is made of."""
        where, params = "", ""
        if started_before is not None:
            where, params = " AND started_at < ?", started_before
        rows = self._read(
            f"SELECT metrics FROM attempts WHERE metrics IS NOT NULL{where} ORDER BY started_at DESC, id DESC"
            f" LIMIT {int(limit)}",
            (params,) if params else (),
        )
        out = []
        for row in rows:
            try:
                parsed = json.loads(row[0])
            except ValueError:
                continue
            if isinstance(parsed, dict):
                out.append(parsed)
        return out

    def review_history(self) -> list[tuple[str, str, str | None, float | None]]:
        """(question id, reviewed at, rating, content score) of every attempt in the review log
        or with a content score, oldest first: what the review scheduler replays. The rating
        comes from the review log (one of RATINGS, None for an attempt only scored)."""
        rows = self._read(
            "SELECT a.question_id, COALESCE(r.reviewed_at, a.started_at), r.rating, a.content_score"
            " FROM attempts a LEFT JOIN review_log r ON r.attempt_id = a.id"
            " WHERE r.rating IS NOT NULL OR a.content_score IS NOT NULL"
            " ORDER BY 2, a.id"
        )
        return [(row[0], row[1], None if row[2] is None else RATINGS[row[2] - 1], row[3]) for row in rows]

    def answer_times(self, statuses: Sequence[str]) -> list[tuple[str, str, int]]:
        """(question id, started at, session id) of every attempt with one of ``statuses``,
        oldest first, in one light query: what daily streaks and goals count."""
        if not statuses:
            return []
        rows = self._read(
            "SELECT question_id, started_at, session_id FROM attempts"
            f" WHERE status IN ({','.join('?' * len(statuses))}) ORDER BY started_at, id",
            tuple(statuses),
        )
        return [(row[0], row[1], row[2]) for row in rows]

    def session(self, session_id: int) -> Session | None:
        rows = self._read("SELECT * FROM sessions WHERE id = ?", (session_id,))
        if not rows:
            return None
        row = rows[0]
        session = Session(row["id"], row["started_at"], row["ended_at"], json.loads(row["config"]))
        session.attempts = self._attach_transcripts(
            [
                _attempt(r)
                for r in self._read("SELECT * FROM attempts WHERE session_id = ? ORDER BY id", (session_id,))
            ]
        )
        return session

    # -- deletion ----------------------------------------------------------------------------
    # These remove rows only and return the audio paths; interview_sim.core.deletion moves the
    # files aside first, so that a failure on either side loses nothing.

    def audio_paths(self, attempt_ids: Sequence[int]) -> list[str]:
        if not attempt_ids:
            return []
        placeholders = ",".join("?" * len(attempt_ids))
        rows = self._read(
            f"SELECT audio_path FROM attempts WHERE id IN ({placeholders}) AND audio_path IS NOT NULL",
            tuple(attempt_ids),
        )
        return [row[0] for row in rows]

    def all_audio_paths(self) -> list[str]:
        return [row[0] for row in self._read("SELECT audio_path FROM attempts WHERE audio_path IS NOT NULL")]

    def attempt_ids_of_session(self, session_id: int) -> list[int]:
        return [
            row[0]
            for row in self._read("SELECT id FROM attempts WHERE session_id = ? ORDER BY id", (session_id,))
        ]

    def delete_attempt(self, attempt_id: int) -> list[str]:
        """Remove an attempt and its transcripts; returns its audio paths for the caller."""
        found = self.audio_paths([attempt_id])
        self._write("DELETE FROM attempts WHERE id = ?", (attempt_id,))
        return found

    def delete_session(self, session_id: int) -> list[str]:
        """Remove a session with its attempts and transcripts; returns their audio paths."""
        found = self.audio_paths(self.attempt_ids_of_session(session_id))
        self._write("DELETE FROM sessions WHERE id = ?", (session_id,))
        return found

    # -- AI feedback (issue 13) ---------------------------------------------------------------

    def add_feedback(
        self,
        attempt_id: int,
        *,
        provider: str,
        model: str,
        prompt_version: str,
        lang: str,
        content: dict[str, Any],
        transcript_id: int | None = None,
        replace: bool = False,
    ) -> int:
        """Store complete feedback; ``replace`` removes the attempt's older feedback in the same
        transaction (so a failure leaves the old one). Returns the new row's id."""
        payload = json.dumps(content, ensure_ascii=False)
        statements: list[tuple[str, Sequence[Any]]] = []
        if replace:
            statements.append(("DELETE FROM feedback WHERE attempt_id = ?", (attempt_id,)))
        statements.append(
            (
                "INSERT INTO feedback (attempt_id, transcript_id, provider, model, prompt_version,"
                " lang, content, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (attempt_id, transcript_id, provider, model, prompt_version, lang, payload, now_iso()),
            )
        )
        return self._transaction(statements)

    def feedback_of(self, attempt_id: int) -> list[StoredFeedback]:
        """Every stored feedback of an attempt, oldest first."""
        rows = self._read("SELECT * FROM feedback WHERE attempt_id = ? ORDER BY id", (attempt_id,))
        return [StoredFeedback.from_row(row) for row in rows]

    def latest_feedback(self, attempt_ids: Sequence[int]) -> dict[int, StoredFeedback]:
        """The newest feedback of each attempt that has one."""
        out: dict[int, StoredFeedback] = {}
        ids = list(attempt_ids)
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self._read(f"SELECT * FROM feedback WHERE attempt_id IN ({marks}) ORDER BY id", chunk):
                out[row["attempt_id"]] = StoredFeedback.from_row(row)
        return out

    # -- generated follow-up questions (issue 13) ---------------------------------------------

    def add_generated_question(self, row: dict[str, Any]) -> None:
        """Store a generated question (keys: the table's columns but created_at)."""
        columns = (
            "id",
            "parent_question_id",
            "session_id",
            "lang",
            "question",
            "focus",
            "reason",
            "provider",
            "model",
            "prompt_version",
        )
        values = [row.get(c, "" if c not in ("session_id",) else None) for c in columns]
        self._write(
            f"INSERT INTO generated_questions ({', '.join(columns)}, created_at)"
            f" VALUES ({', '.join('?' * len(columns))}, ?)",
            (*values, now_iso()),
        )

    def generated_questions(self, ids: Sequence[str] | None = None) -> list[dict[str, Any]]:
        """Generated questions (these ids, or all), oldest first, as dicts of their columns."""
        if ids is None:
            rows = self._read("SELECT * FROM generated_questions ORDER BY created_at, id")
        else:
            wanted = list(ids)
            if not wanted:
                return []
            marks = ",".join("?" * len(wanted))
            rows = self._read(
                f"SELECT * FROM generated_questions WHERE id IN ({marks}) ORDER BY created_at", wanted
            )
        return [dict(row) for row in rows]

    def save_generated_as(self, generated_id: str, question_id: str) -> int:
        """Record that a generated question was saved to the user's bank as ``question_id``
        and move its answers (and their review log, so FSRS keeps their ratings) to that id, in
        one transaction. Returns how many answers moved; refuses a question saved already."""
        statements: list[tuple[str, Sequence[Any]]] = [
            ("UPDATE attempts SET question_id = ? WHERE question_id = ?", (question_id, generated_id)),
            ("UPDATE review_log SET question_id = ? WHERE question_id = ?", (question_id, generated_id)),
            (
                "UPDATE generated_questions SET saved_as = ? WHERE id = ? AND saved_as IS NULL",
                (question_id, generated_id),
            ),
        ]
        with self._lock:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
                try:
                    moved = self._conn.execute(*statements[0]).rowcount
                    self._conn.execute(*statements[1])
                    if self._conn.execute(*statements[2]).rowcount != 1:
                        raise DatabaseError(f"generated question {generated_id} is unknown or saved already")
                    self._conn.execute("COMMIT")
                except BaseException:
                    if self._conn.in_transaction:
                        self._conn.execute("ROLLBACK")
                    raise
            except sqlite3.OperationalError as exc:
                raise storage_error(self.path, exc) from exc
        return moved

    def generated_saved_as(self, question_id: str) -> dict[str, Any] | None:
        """The generated question that was saved to the bank as ``question_id``, if any."""
        rows = self._read("SELECT * FROM generated_questions WHERE saved_as = ?", (question_id,))
        return dict(rows[0]) if rows else None

    # -- session debriefs (issue 13) ----------------------------------------------------------

    def add_debrief(
        self,
        session_id: int,
        *,
        provider: str,
        model: str,
        prompt_version: str,
        lang: str,
        content: dict[str, Any],
    ) -> int:
        """Store a complete debrief in place of the session's older one (one transaction: a
        failure leaves the old one). Returns the new row's id."""
        payload = json.dumps(content, ensure_ascii=False)
        return self._transaction(
            [
                ("DELETE FROM debriefs WHERE session_id = ?", (session_id,)),
                (
                    "INSERT INTO debriefs (session_id, provider, model, prompt_version, lang, content,"
                    " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (session_id, provider, model, prompt_version, lang, payload, now_iso()),
                ),
            ]
        )

    def debrief_of(self, session_id: int) -> StoredDebrief | None:
        rows = self._read(
            "SELECT * FROM debriefs WHERE session_id = ? ORDER BY id DESC LIMIT 1", (session_id,)
        )
        return StoredDebrief.from_row(rows[0]) if rows else None

    def integrity_ok(self) -> bool:
        return self._read("PRAGMA integrity_check")[0][0] == "ok"


@dataclass(frozen=True)
class StoredFeedback:
    id: int
    attempt_id: int
    provider: str
    model: str
    prompt_version: str
    lang: str
    content: dict[str, Any]  # {} when the stored text is unreadable
    created_at: str
    transcript_id: int | None = None

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> StoredFeedback:
        return cls(
            row["id"],
            row["attempt_id"],
            row["provider"],
            row["model"],
            row["prompt_version"],
            row["lang"],
            _json_or_none(row["content"]) or {},
            row["created_at"],
            row["transcript_id"],
        )


@dataclass(frozen=True)
class StoredDebrief:
    id: int
    session_id: int
    provider: str
    model: str
    prompt_version: str
    lang: str
    content: dict[str, Any]  # {} when the stored text is unreadable
    created_at: str

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> StoredDebrief:
        return cls(
            row["id"],
            row["session_id"],
            row["provider"],
            row["model"],
            row["prompt_version"],
            row["lang"],
            _json_or_none(row["content"]) or {},
            row["created_at"],
        )


@dataclass(frozen=True)
class MetricsState:
    attempt_id: int
    question_id: str
    template_id: str | None
    duration_s: float | None
    section_marks: list[float]
    shown_transcript_id: int | None
    metrics_key: str | None
    audio_path: str | None = None


@dataclass(frozen=True)
class AttemptFilter:
    """Which attempts to list; every criterion given must hold.

    ``since`` and ``until`` are ISO dates or date-times (UTC, as stored) or ``date`` /
    ``datetime`` values; a bare date for ``until`` includes that whole day. ``categories``
    match the category part of question ids (``network`` for ``network.tcp``).
    """

    since: str | date | None = None
    until: str | date | None = None
    categories: tuple[str, ...] = ()
    question_ids: tuple[str, ...] = ()
    session_id: int | None = None
    statuses: tuple[str, ...] = ()
    min_score: float | None = None
    max_score: float | None = None
    rated: bool | None = None

    def sql(self) -> tuple[str, list[Any]]:
        conditions: list[str] = []
        params: list[Any] = []
        if self.since is not None:
            conditions.append("started_at >= ?")
            params.append(_iso_bound(self.since, end=False))
        if self.until is not None:
            conditions.append("started_at < ?")
            params.append(_iso_bound(self.until, end=True))
        if self.categories:
            # "network.%" as a range ('.' is followed by '/'), so the question index serves it;
            # and "en.network.%" for the English editions.
            prefixes = [p for c in self.categories for p in (f"{c}.", f"en.{c}.")]
            ranges = " OR ".join("(question_id >= ? AND question_id < ?)" for _ in prefixes)
            conditions.append(f"({ranges})")
            for prefix in prefixes:
                params += [prefix, prefix[:-1] + "/"]
        for column, values in (("question_id", self.question_ids), ("status", self.statuses)):
            if values:
                conditions.append(f"{column} IN ({','.join('?' * len(values))})")
                params += list(values)
        if self.session_id is not None:
            conditions.append("session_id = ?")
            params.append(self.session_id)
        if self.min_score is not None:
            conditions.append("content_score >= ?")
            params.append(float(self.min_score))
        if self.max_score is not None:
            conditions.append("content_score <= ?")
            params.append(float(self.max_score))
        if self.rated is not None:
            conditions.append("rating IS NOT NULL" if self.rated else "rating IS NULL")
        return (" WHERE " + " AND ".join(conditions) if conditions else ""), params


def _iso_bound(value: str | date, *, end: bool) -> str:
    """A bound comparable with stored ``started_at`` (UTC ISO text)."""
    if isinstance(value, datetime):
        moment = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
        return moment.astimezone(UTC).isoformat(timespec="milliseconds")
    if isinstance(value, date):
        day = value + timedelta(days=1) if end else value
        return day.isoformat()
    text = value.strip()
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            return (day + timedelta(days=1) if end else day).isoformat()
        return _iso_bound(datetime.fromisoformat(text), end=end)
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a date (YYYY-MM-DD) or an ISO date and time") from exc


def _attempt(row: sqlite3.Row) -> Attempt:
    marks = row["section_marks"]
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
        section_marks=[] if marks == "[]" else json.loads(marks),
        error=row["error"],
        rating=row["rating"],
        rated_at=row["rated_at"],
        notes=row["notes"],
        content_score=row["content_score"],
        metrics_json=row["metrics"],
        refine_pending=_json_or_none(row["refine"]),
    )


def _json_or_none(raw: str | None) -> dict[str, Any] | None:
    if not raw:
        return None
    try:
        value = json.loads(raw)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None
