"""Review data on a real SQLite file: migration 1 -> 2, ratings, notes, corrections, history
filters, and deleting attempts and sessions with their recordings."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from interview_sim import paths
from interview_sim.core import deletion
from interview_sim.core.storage import MIGRATIONS, SCHEMA_VERSION, AttemptFilter, Database


def make_v1_database(path: Path) -> None:
    raw = sqlite3.connect(path)
    raw.executescript(f"BEGIN;\n{MIGRATIONS[0]}\nPRAGMA user_version = 1;\nCOMMIT;")
    raw.execute("INSERT INTO sessions (id, started_at) VALUES (1, '2026-01-02T10:00:00.000+00:00')")
    raw.execute(
        "INSERT INTO attempts (id, session_id, question_id, status, started_at, duration_s, section_marks)"
        " VALUES (7, 1, 'network.tcp', 'finished', '2026-01-02T10:01:00.000+00:00', 42.0, '[10.0]')"
    )
    raw.execute(
        "INSERT INTO transcripts (attempt_id, engine, text, created_at)"
        " VALUES (7, 'vosk', '티씨피는', '2026-01-02T10:02:00.000+00:00')"
    )
    raw.commit()
    raw.close()


def test_version_1_database_is_migrated_keeping_its_data(tmp_path: Path) -> None:
    path = tmp_path / "v1.sqlite3"
    make_v1_database(path)
    with Database.open(path) as db:
        assert db.schema_version == SCHEMA_VERSION >= 2
        attempt = db.attempt(7)
        assert attempt is not None
        assert (attempt.duration_s, attempt.section_marks, attempt.rating, attempt.notes) == (
            42.0,
            [10.0],
            None,
            "",
        )
        assert attempt.transcript is not None and attempt.transcript.text == "티씨피는"
        assert db.integrity_ok()


def test_rating_notes_corrections_and_metrics_round_trip() -> None:
    with Database.open(paths.database_path()) as db:
        session = db.create_session()
        attempt_id = db.create_attempt(session, "network.tcp")
        db.add_transcript(
            attempt_id, "vosk", "티씨피는 연결 지향", [{"word": "티씨피는", "start": 0.1, "end": 0.4}]
        )
        db.add_corrected_transcript(attempt_id, "TCP는 연결 지향")
        db.set_rating(attempt_id, "hard")
        db.set_notes(attempt_id, "흐름 제어를 빠뜨림")
        db.set_metrics(attempt_id, {"content_score": 61.5, "fillers": 2})
        with pytest.raises(ValueError, match="again, hard, good, easy"):
            db.set_rating(attempt_id, "great")
    with Database.open(paths.database_path()) as db:
        attempt = db.attempt(attempt_id)
        assert attempt is not None
        assert attempt.transcript is not None and attempt.transcript.text == "TCP는 연결 지향"
        assert attempt.recognized is not None and attempt.recognized.text == "티씨피는 연결 지향"
        assert attempt.recognized.words[0]["word"] == "티씨피는"
        assert (attempt.rating, attempt.notes, attempt.content_score) == ("hard", "흐름 제어를 빠뜨림", 61.5)
        assert attempt.rated_at is not None and attempt.metrics == {"content_score": 61.5, "fillers": 2}
        db.set_rating(attempt_id, None)
        cleared = db.attempt(attempt_id)
        assert cleared is not None and cleared.rating is None and cleared.rated_at is None


def fill_history(db: Database) -> dict[str, int]:
    """Four attempts on known days with known scores."""
    raw = sqlite3.connect(db.path)
    ids = {}
    session = db.create_session()
    for key, question, day, score in (
        ("a", "network.tcp", "2026-03-01", 30.0),
        ("b", "network.udp", "2026-03-05", 80.0),
        ("c", "os.deadlock", "2026-03-05", None),
        ("d", "network.tcp", "2026-03-09", 65.0),
    ):
        ids[key] = db.create_attempt(session, question)
        raw.execute(
            "UPDATE attempts SET started_at = ? WHERE id = ?", (f"{day}T09:00:00.000+00:00", ids[key])
        )
        raw.commit()
        if score is not None:
            db.set_metrics(ids[key], {"content_score": score})
    raw.close()
    db.set_rating(ids["d"], "good")
    return ids


def listed(db: Database, **criteria: object) -> list[int]:
    return [a.id for a in db.list_attempts(AttemptFilter(**criteria))]  # type: ignore[arg-type]


def test_history_filters() -> None:
    with Database.open(paths.database_path()) as db:
        ids = fill_history(db)
        a, b, c, d = ids["a"], ids["b"], ids["c"], ids["d"]
        assert listed(db) == [d, c, b, a]  # newest first
        assert listed(db, since="2026-03-05") == [d, c, b]
        assert listed(db, until="2026-03-05") == [c, b, a]  # a bare date includes that day
        assert listed(db, since=date(2026, 3, 2), until=date(2026, 3, 8)) == [c, b]
        assert listed(db, categories=("network",)) == [d, b, a]
        assert listed(db, categories=("os", "network")) == [d, c, b, a]
        assert listed(db, question_ids=("network.tcp",)) == [d, a]
        assert listed(db, min_score=60) == [d, b]
        assert listed(db, max_score=70) == [d, a]  # unscored attempts match no score bound
        assert listed(db, rated=True) == [d]
        assert db.count_attempts(AttemptFilter(categories=("network",), min_score=50)) == 2
        assert [x.id for x in db.attempts_of_question("network.tcp")] == [a, d]  # oldest first
        assert [x.id for x in db.list_attempts(limit=2, offset=1)] == [c, b]
        with pytest.raises(ValueError, match="not a date"):
            db.list_attempts(AttemptFilter(since="last tuesday"))


def test_category_filter_is_not_a_pattern() -> None:
    with Database.open(paths.database_path()) as db:
        session = db.create_session()
        db.create_attempt(session, "network.tcp")
        assert listed(db, categories=("n%",)) == []
        assert listed(db, categories=("_etwork",)) == []


def recorded_attempt(db: Database, session: int, name: str) -> tuple[int, Path]:
    audio = paths.recordings_dir() / f"{name}.flac"
    audio.write_bytes(b"fLaC audio")
    audio.with_suffix(".wav").write_bytes(b"RIFF left by an interrupted compaction")
    attempt_id = db.create_attempt(session, "network.tcp", audio_path=str(audio))
    db.add_transcript(attempt_id, "vosk", "text")
    return attempt_id, audio


def test_delete_attempt_removes_rows_and_files() -> None:
    with Database.open(paths.database_path()) as db:
        session = db.create_session()
        first, first_audio = recorded_attempt(db, session, "one")
        second, second_audio = recorded_attempt(db, session, "two")
        result = deletion.delete_attempt(db, first)
        assert sorted(result.files) == sorted([str(first_audio), str(first_audio.with_suffix(".wav"))])
        assert db.attempt(first) is None and not first_audio.exists()
        assert not first_audio.with_suffix(".wav").exists()
        assert db.attempt(second) is not None and second_audio.exists()
        assert not (paths.recordings_dir() / deletion.TRASH_DIR).exists()
        assert db._read("SELECT COUNT(*) FROM transcripts WHERE attempt_id = ?", (first,))[0][0] == 0


def test_delete_session_removes_its_attempts_and_files() -> None:
    with Database.open(paths.database_path()) as db:
        session = db.create_session()
        other = db.create_session()
        _, audio_a = recorded_attempt(db, session, "a")
        _, audio_b = recorded_attempt(db, session, "b")
        kept, kept_audio = recorded_attempt(db, other, "c")
        result = deletion.delete_session(db, session)
        assert len(result.attempt_ids) == 2 and len(result.files) == 4
        assert not audio_a.exists() and not audio_b.exists() and kept_audio.exists()
        assert [s.id for s in db.sessions()] == [other]
        assert db.attempt(kept) is not None


def test_a_failed_database_delete_puts_the_files_back(monkeypatch: pytest.MonkeyPatch) -> None:
    with Database.open(paths.database_path()) as db:
        session = db.create_session()
        attempt_id, audio = recorded_attempt(db, session, "kept")

        def broken(_attempt_id: int) -> list[str]:
            raise sqlite3.OperationalError("database is locked")

        monkeypatch.setattr(db, "delete_attempt", broken)
        with pytest.raises(sqlite3.OperationalError):
            deletion.delete_attempt(db, attempt_id)
        assert audio.read_bytes() == b"fLaC audio" and audio.with_suffix(".wav").exists()
        assert db.attempt(attempt_id) is not None


def test_a_file_that_cannot_be_moved_deletes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    with Database.open(paths.database_path()) as db:
        session = db.create_session()
        attempt_id, audio = recorded_attempt(db, session, "busy")
        real_replace = deletion.os.replace
        calls = {"n": 0}

        def replace_failing_second(src: Path, dst: Path) -> None:
            calls["n"] += 1
            if calls["n"] == 2:
                raise PermissionError(13, "Permission denied", str(src))
            real_replace(src, dst)

        monkeypatch.setattr(deletion.os, "replace", replace_failing_second)
        with pytest.raises(deletion.DeleteError, match="nothing was deleted"):
            deletion.delete_attempt(db, attempt_id)
        assert audio.exists() and audio.with_suffix(".wav").exists()
        assert db.attempt(attempt_id) is not None


def test_clean_trash_restores_files_of_attempts_that_still_exist() -> None:
    with Database.open(paths.database_path()) as db:
        session = db.create_session()
        attempt_id, audio = recorded_attempt(db, session, "crash")
        # As if the app died after moving the files and before removing the rows.
        moved = deletion._move_to_trash(deletion.files_of(str(audio)))
        orphan = moved[0][1].parent / "gone.flac"
        orphan.write_bytes(b"attempt already deleted")
        assert not audio.exists()
        assert deletion.clean_trash(db) == (2, 1)
        assert audio.read_bytes() == b"fLaC audio" and db.attempt(attempt_id) is not None
        assert not (paths.recordings_dir() / deletion.TRASH_DIR).exists()


def test_opening_the_archive_cleans_the_trash_of_an_interrupted_deletion() -> None:
    from interview_sim.core.recovery import open_database_with_recovery

    with Database.open(paths.database_path()) as db:
        session = db.create_session()
        attempt_id, audio = recorded_attempt(db, session, "interrupted")
        db.finish_attempt(attempt_id, duration_s=3.0)
        deletion._move_to_trash(deletion.files_of(str(audio)))
    messages: list[str] = []
    with open_database_with_recovery(transcribe=False, report=messages.append) as db:
        assert audio.exists() and db.attempt(attempt_id) is not None
    assert messages == ["2 recording(s) of an interrupted deletion put back"]
