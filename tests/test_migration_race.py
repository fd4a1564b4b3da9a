"""Several processes opening the same archive at the same moment, each migrating it if needed.

The app's window, its background opener and a CLI command can all open a database that is new
or older than the app. Each runs in its own process here (spawned, so nothing is shared but the
file), released together by a barrier, and every round uses fresh files. Each one must open the
archive without an error, and the archive must be migrated exactly once.
"""

from __future__ import annotations

import multiprocessing
import queue
import re
import sqlite3
import threading
import traceback
from multiprocessing.synchronize import Barrier
from pathlib import Path

import pytest

from interview_sim.core.db_safety import backups_dir
from interview_sim.core.storage import MIGRATIONS, SCHEMA_VERSION, Database, migration_statements

OPENERS = 6
ROUNDS = 12

# Every table the migrations create (more migrations, more tables: no list to keep in step).
EXPECTED_TABLES = sorted(name for script in MIGRATIONS for name in re.findall(r"CREATE TABLE (\w+)", script))


def _open_each_round(databases: list[str], start: Barrier, results: multiprocessing.Queue) -> None:
    """In a child process: for each round, wait for the others, then open that round's file."""
    for round_no, database in enumerate(databases):
        try:
            start.wait(timeout=120)
        except threading.BrokenBarrierError:
            results.put((round_no, "the start barrier broke (another opener died?)", None))
            return
        try:
            with Database.open(Path(database)) as db:
                version = db.schema_version
        except BaseException:
            results.put((round_no, traceback.format_exc(), None))
        else:
            results.put((round_no, None, version))


def _race(databases: list[Path]) -> list[tuple[int, str | None, int | None]]:
    """Open every database from :data:`OPENERS` processes at once; each opener's outcome."""
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(OPENERS)
    results: multiprocessing.Queue = context.Queue()
    openers = [
        context.Process(target=_open_each_round, args=([str(d) for d in databases], start, results))
        for _ in range(OPENERS)
    ]
    for opener in openers:
        opener.start()
    outcomes = []
    try:
        for _ in range(OPENERS * len(databases)):
            try:
                outcomes.append(results.get(timeout=180))
            except queue.Empty:
                break
    finally:
        for opener in openers:
            opener.join(timeout=30)
            if opener.is_alive():
                opener.kill()
                opener.join()
    return outcomes


def _assert_all_opened(outcomes: list[tuple[int, str | None, int | None]], rounds: int) -> None:
    failures = [f"round {round_no}:\n{error}" for round_no, error, _ in outcomes if error is not None]
    assert not failures, "\n".join(failures)
    assert len(outcomes) == OPENERS * rounds
    assert {version for _, _, version in outcomes} == {SCHEMA_VERSION}


def _schema(path: Path) -> tuple[int, list[str], list[str], str]:
    """user_version, table names, the attempts' column names, integrity check."""
    conn = sqlite3.connect(path)
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = [
            row[0]
            for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        ]
        columns = [row[1] for row in conn.execute("PRAGMA table_info(attempts)")]
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()
    return version, tables, columns, integrity


def _assert_whole_backups(database: Path, attempts: int) -> list[tuple[int, Path]]:
    """Every backup of ``database`` is a sound copy of it at the version in its name, holding
    ``attempts`` attempts; at most one per migration step. Returns (version, path), oldest first.
    """
    folder = backups_dir(database)
    backups = sorted(folder.iterdir()) if folder.exists() else []
    found = []
    for backup in backups:
        copy = sqlite3.connect(backup)
        try:
            version = copy.execute("PRAGMA user_version").fetchone()[0]
            assert backup.name.endswith(f"-schema{version}.sqlite3"), backup.name
            assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert copy.execute("SELECT count(*) FROM attempts").fetchone()[0] == attempts
        finally:
            copy.close()
        found.append((version, backup))
    versions = sorted(version for version, _ in found)
    assert len(set(versions)) == len(versions), f"one step backed up twice: {backups}"
    assert all(0 < version < SCHEMA_VERSION for version in versions)
    return sorted(found)


def _expected_columns(tmp_path: Path) -> list[str]:
    with Database.open(tmp_path / "reference" / "reference.sqlite3"):
        pass
    return _schema(tmp_path / "reference" / "reference.sqlite3")[2]


def test_a_new_database_opened_by_several_processes_at_once_is_created_once(tmp_path: Path) -> None:
    columns = _expected_columns(tmp_path)
    databases = [tmp_path / f"round-{n}" / "interview_sim.sqlite3" for n in range(ROUNDS)]

    _assert_all_opened(_race(databases), ROUNDS)

    for database in databases:
        assert _schema(database) == (SCHEMA_VERSION, EXPECTED_TABLES, columns, "ok")
        # An opener that finds the archive at version 1 (another has just created it) backs it
        # up before the next step, as it would any older archive: such a copy must be whole.
        _assert_whole_backups(database, attempts=0)


def _version_1_archive(path: Path) -> None:
    path.parent.mkdir(parents=True)
    conn = sqlite3.connect(path)
    conn.executescript(f"BEGIN;\n{MIGRATIONS[0]}\nPRAGMA user_version = 1;\nCOMMIT;")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("INSERT INTO sessions (started_at) VALUES ('2026-01-01T09:00:00')")
    conn.execute(
        "INSERT INTO attempts (session_id, question_id, status, started_at)"
        " VALUES (1, 'network.tcp-vs-udp', 'finished', '2026-01-01T09:01:00')"
    )
    conn.commit()
    conn.close()


def test_an_old_database_opened_by_several_processes_at_once_is_upgraded_once(tmp_path: Path) -> None:
    columns = _expected_columns(tmp_path)
    databases = [tmp_path / f"round-{n}" / "interview_sim.sqlite3" for n in range(ROUNDS)]
    for database in databases:
        _version_1_archive(database)

    _assert_all_opened(_race(databases), ROUNDS)

    for database in databases:
        assert _schema(database) == (SCHEMA_VERSION, EXPECTED_TABLES, columns, "ok")
        conn = sqlite3.connect(database)
        assert conn.execute("SELECT question_id, status FROM attempts").fetchall() == [
            ("network.tcp-vs-udp", "finished")
        ]
        conn.close()
        # Only the opener that ran the first step backed the archive up, as it was.
        assert [version for version, _ in _assert_whole_backups(database, attempts=1)][:1] == [1]


# -- the migrations run statement by statement, inside the step's own transaction ---------------


def _schema_sql(conn: sqlite3.Connection) -> list[tuple[str, str, str]]:
    return conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY type, name").fetchall()


def test_the_migrations_split_into_statements_build_the_same_schema_as_a_script() -> None:
    by_script = sqlite3.connect(":memory:")
    by_statement = sqlite3.connect(":memory:", isolation_level=None)
    for migration in MIGRATIONS:
        by_script.executescript(migration)
        by_statement.execute("BEGIN IMMEDIATE")
        for statement in migration_statements(migration):
            by_statement.execute(statement)  # one statement, or sqlite3 refuses it
        by_statement.execute("COMMIT")
    assert _schema_sql(by_statement) == _schema_sql(by_script) != []


def test_a_semicolon_in_a_string_a_comment_or_a_trigger_does_not_split_a_statement() -> None:
    script = """
        CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL DEFAULT 'a; b');
        -- a comment; with a semicolon
        CREATE TABLE log (note_id INTEGER, what TEXT);
        CREATE TRIGGER notes_logged AFTER INSERT ON notes BEGIN
            INSERT INTO log VALUES (new.id, 'added; logged');
            INSERT INTO log VALUES (new.id, 'twice');
        END;
        INSERT INTO notes (body) VALUES ('x;y')
    """
    statements = migration_statements(script)
    assert len(statements) == 4
    assert statements[2].startswith("CREATE TRIGGER") and statements[2].endswith("END;")
    conn = sqlite3.connect(":memory:")
    for statement in statements:
        conn.execute(statement)
    assert conn.execute("SELECT body FROM notes").fetchall() == [("x;y",)]
    assert conn.execute("SELECT what FROM log").fetchall() == [("added; logged",), ("twice",)]


def test_a_migration_cut_off_inside_a_statement_is_refused() -> None:
    with pytest.raises(ValueError, match="ends inside a statement"):
        migration_statements("CREATE TABLE a (x TEXT); INSERT INTO a VALUES ('unterminated;")
