"""The practice archive on a real SQLite file: schema versions, WAL, round trips."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from interview_sim import paths
from interview_sim.core.storage import SCHEMA_VERSION, Database, DatabaseError


def test_new_database_is_migrated_and_in_wal_mode() -> None:
    with Database.open(paths.database_path()) as db:
        assert db.schema_version == SCHEMA_VERSION >= 1
        assert db.integrity_ok()
    raw = sqlite3.connect(paths.database_path())
    assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {row[0] for row in raw.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"sessions", "attempts", "transcripts"} <= tables


def test_session_attempt_and_transcripts_round_trip() -> None:
    with Database.open(paths.database_path()) as db:
        session = db.create_session({"categories": ["network"]})
        attempt = db.create_attempt(
            session, "network.tcp-vs-udp", audio_path="recordings/1.wav", sample_rate=48000
        )
        db.add_transcript(
            attempt,
            "vosk",
            "티씨피는 연결 지향",
            [{"word": "티씨피는", "start": 0.1, "end": 0.5, "conf": 0.9}],
        )
        db.finish_attempt(attempt, duration_s=12.5, section_marks=[3.0, 8.0])
        db.add_transcript(attempt, "user", "TCP는 연결 지향", source="corrected")
    with Database.open(paths.database_path()) as db:
        [stored] = db.sessions()
        assert stored.config == {"categories": ["network"]}
        [saved] = stored.attempts
        assert (saved.status, saved.duration_s, saved.section_marks) == ("finished", 12.5, [3.0, 8.0])
        assert [t.engine for t in saved.transcripts] == ["vosk", "user"]
        assert saved.transcript is not None and saved.transcript.text == "TCP는 연결 지향"
        assert saved.transcripts[0].words[0]["word"] == "티씨피는"
        assert db.attempts_with_status("recording") == []


def test_attempt_is_on_disk_before_recording_ends() -> None:
    """A crash after create_attempt must leave the 'recording' row for recovery to find."""
    db = Database.open(paths.database_path())
    session = db.create_session()
    db.create_attempt(session, "os.deadlock", audio_path="recordings/2.wav")
    other = sqlite3.connect(paths.database_path())  # a second connection sees it committed
    assert other.execute("SELECT status FROM attempts").fetchall() == [("recording",)]
    db.close()


def test_a_typed_answer_is_stored_whole_in_one_write() -> None:
    """A reader that sees the typed attempt also sees its text (it once saw the row first)."""
    with Database.open(paths.database_path()) as db:
        session = db.create_session()
        first = db.create_attempt(session, "os.deadlock")
        typed = db.add_typed_attempt(
            session,
            "network.tcp-vs-udp",
            "TCP는 연결 지향",
            template_id="technical",
            duration_s=4.5,
            section_marks=[1.0],
        )
        assert typed == first + 1
        [saved] = db.attempts_with_status("typed")
        assert saved.id == typed and saved.ended_at is not None
        assert (saved.duration_s, saved.section_marks, saved.template_id) == (4.5, [1.0], "technical")
        assert saved.transcript is not None and saved.transcript.text == "TCP는 연결 지향"
        assert (saved.transcript.engine, saved.transcript.source) == ("typed", "typed")


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "newer.sqlite3"
    raw = sqlite3.connect(path)
    raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    raw.close()
    with pytest.raises(DatabaseError, match="newer Interview Sim"):
        Database.open(path)


def test_a_file_that_is_not_a_database_gives_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "junk.sqlite3"
    path.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(DatabaseError, match="the practice database is damaged"):
        Database.open(path)


def test_writes_from_several_threads() -> None:
    with Database.open(paths.database_path()) as db:
        session = db.create_session()

        def write(n: int) -> None:
            for i in range(20):
                db.create_attempt(session, f"q.{n}-{i}")

        threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(db.sessions()[0].attempts) == 80
