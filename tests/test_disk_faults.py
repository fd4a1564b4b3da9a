"""A full disk and a read-only data folder: a clear message, the recording stops safely, and
nothing already saved is harmed.

The real cases run on a small tmpfs mounted for the test (it needs root, as in CI's container;
elsewhere they are skipped). The same errors are also injected at the SQLite boundary so that
the message paths are checked everywhere.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import soundfile as sf

from interview_sim.cli import main
from interview_sim.core.answers import compact_audio
from interview_sim.core.practice import PracticeOptions, PracticeResult, PracticeRun
from interview_sim.core.recovery import open_database_with_recovery
from interview_sim.core.storage import Database, StorageFullError
from interview_sim.devices.base import DiskFullError
from interview_sim.devices.recorder import SoundDeviceRecorder
from interview_sim.devices.wavfile import CrashSafeWavWriter, repair_wav
from tests.fakes import FakeSoundDevice, FakeTranscriber, tone

RATE = 16_000


@dataclass
class Q:
    id: str = "network.tcp-vs-udp"
    question: str = "TCP와 UDP의 차이는?"
    lang: str = "ko"
    template_id: str = "technical"


@pytest.fixture
def small_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """INTERVIEW_SIM_HOME on a 4 MB tmpfs of its own."""
    mount_point = tmp_path / "small-disk"
    mount_point.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount_point)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {done.stderr.decode(errors='replace').strip()}")
    home = mount_point / "home"
    home.mkdir()
    monkeypatch.setenv("INTERVIEW_SIM_HOME", str(home))
    try:
        yield home
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(mount_point)], capture_output=True)
        subprocess.run(["umount", "-l", str(mount_point)], check=True)


def _fill(folder: Path, leave_bytes: int = 0) -> Path:
    """Fill the file system holding ``folder`` until ``leave_bytes`` (about) are free."""
    filler = folder / "filler.bin"
    with open(filler, "wb") as handle:
        try:
            while True:
                free = os.statvfs(folder).f_bavail * os.statvfs(folder).f_frsize
                if free <= leave_bytes:
                    break
                handle.write(b"\0" * min(65_536, max(4096, free - leave_bytes)))
                handle.flush()
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
    return filler


def _practice(db: Database, session: int, seconds: float, *, realtime: bool = False) -> PracticeResult:
    sd = FakeSoundDevice(tone(seconds + 1.0, RATE), rate=RATE, realtime=realtime)
    run = PracticeRun(
        db,
        Q(),
        session,
        recorder=SoundDeviceRecorder(sd),
        transcriber=FakeTranscriber(),
        options=PracticeOptions(max_seconds=seconds, speak=False),
    )
    return run.run()


def _saved_state(db: Database) -> list[tuple[Any, ...]]:
    state = []
    for session in db.sessions():
        for attempt in session.attempts:
            assert attempt.audio_path is not None
            frames = sf.info(attempt.audio_path).frames
            state.append((attempt.id, attempt.status, attempt.audio_path, frames, attempt.transcript))
    return state


def _two_saved_answers() -> list[tuple[Any, ...]]:
    with open_database_with_recovery(transcribe=False) as db:
        session = db.create_session()
        for _ in range(2):
            assert _practice(db, session, 1.0).error is None
        return _saved_state(db)


def test_a_full_disk_while_answering_stops_the_recording_and_keeps_everything(small_home: Path) -> None:
    saved = _two_saved_answers()
    filler = _fill(small_home, leave_bytes=120_000)
    with open_database_with_recovery(transcribe=False) as db:
        session = db.create_session()
        try:
            result = _practice(db, session, 20.0)  # 640 KB of audio for about 120 KB of space
        except StorageFullError as exc:
            # The recording stopped, then the database could not take the transcript either.
            assert "disk is full" in str(exc) and "Everything saved before is kept" in str(exc)
            assert "The answer itself was recorded" in str(exc) and "recovered" in str(exc)
        else:
            assert result.error is not None and "disk may be full" in result.error
            assert "answer so far is kept" in result.error
        assert _saved_state(db)[: len(saved)] == saved
    filler.unlink()
    with open_database_with_recovery(transcriber_factory=FakeTranscriber) as db:
        assert db.integrity_ok()
        state = _saved_state(db)
    assert state[: len(saved)] == saved
    (cut_short,) = state[len(saved) :]
    assert 0 < cut_short[3] < 20 * RATE  # the answer so far, in a readable file


def test_the_wav_writer_on_a_full_disk_says_so_and_keeps_a_readable_file(small_home: Path) -> None:
    wav = small_home / "answer.wav"
    _fill(small_home, leave_bytes=64_000)
    block = tone(0.1, RATE)[:, None]
    with CrashSafeWavWriter(wav, RATE, 1) as writer, pytest.raises(DiskFullError, match="disk may be full"):
        for _ in range(1000):
            writer.write(block)
    frames = repair_wav(wav)
    assert frames > 0 and sf.info(str(wav)).frames == frames


def test_a_full_disk_refuses_new_records_with_a_clear_message(small_home: Path) -> None:
    saved = _two_saved_answers()
    filler = _fill(small_home)
    # Opening may already fail (SQLite's shared-memory file needs room), or a write later on.
    with (
        pytest.raises(StorageFullError, match=r"disk is full.*Everything saved before is kept"),
        open_database_with_recovery(transcribe=False) as db,
    ):
        for _ in range(200):  # the WAL may still have room for a few small writes
            db.create_session({"padding": "x" * 4000})
    assert not [p for p in small_home.iterdir() if ".corrupt-" in p.name]  # full is not damaged
    filler.unlink()
    with open_database_with_recovery(transcribe=False) as db:
        assert db.integrity_ok()
        assert _saved_state(db) == saved


def test_flac_compaction_on_a_full_disk_keeps_the_wav(small_home: Path) -> None:
    with open_database_with_recovery(transcribe=False) as db:
        session = db.create_session()
        wav = small_home / "recordings" / "answer.wav"
        wav.parent.mkdir(exist_ok=True)
        samples = (np.random.default_rng(3).standard_normal(RATE * 10) * 8000).astype(np.int16)
        sf.write(str(wav), samples, RATE, subtype="PCM_16")
        attempt = db.create_attempt(session, "q", audio_path=str(wav), sample_rate=RATE)
        filler = _fill(small_home, leave_bytes=30_000)  # far less than the FLAC needs
        assert compact_audio(db, attempt, wav) == wav
        stored = db.attempt(attempt)
        assert stored is not None and stored.audio_path == str(wav)
    np.testing.assert_array_equal(sf.read(str(wav), dtype="int16")[0], samples)
    assert sorted(p.name for p in wav.parent.iterdir()) == ["answer.wav"]
    filler.unlink()


def test_a_read_only_data_folder_gives_a_clear_message_and_changes_nothing(
    small_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    saved = _two_saved_answers()
    mount_point = small_home.parent
    subprocess.run(["mount", "-o", "remount,ro", str(mount_point)], check=True)
    # SQLite cannot open a WAL database without writing its shared-memory file: the archive is
    # refused with the reason, never treated as damaged.
    with pytest.raises(StorageFullError, match="cannot be written \\(read-only\\?\\)"):
        open_database_with_recovery(transcribe=False)
    assert main(["history"]) == 2
    assert "read-only" in capsys.readouterr().err
    with pytest.raises(OSError, match="cannot create the recording"):
        CrashSafeWavWriter(small_home / "recordings" / "new.wav", RATE, 1)
    subprocess.run(["mount", "-o", "remount,rw", str(mount_point)], check=True)
    assert not [p for p in small_home.iterdir() if ".corrupt-" in p.name]
    with open_database_with_recovery(transcribe=False) as db:
        assert db.integrity_ok()
        assert _saved_state(db) == saved


def test_flac_compaction_in_a_read_only_recordings_folder_keeps_the_wav(
    small_home: Path, tmp_path: Path
) -> None:
    recordings = small_home / "recordings"
    recordings.mkdir()
    wav = recordings / "answer.wav"
    samples = tone(2.0, RATE)
    sf.write(str(wav), samples, RATE, subtype="PCM_16")
    subprocess.run(["mount", "-o", "remount,ro", str(small_home.parent)], check=True)
    with Database.open(tmp_path / "elsewhere.sqlite3") as db:
        attempt = db.create_attempt(db.create_session(), "q", audio_path=str(wav), sample_rate=RATE)
        assert compact_audio(db, attempt, wav) == wav
        stored = db.attempt(attempt)
        assert stored is not None and stored.audio_path == str(wav)
    np.testing.assert_array_equal(sf.read(str(wav), dtype="int16")[0], samples)
    assert sorted(p.name for p in recordings.iterdir()) == ["answer.wav"]


# -- the same faults injected at the SQLite boundary (no mount needed) ------------------------


class _FailingWrites:
    """A connection whose writes fail the way SQLite reports a full disk or read-only folder."""

    def __init__(self, conn: sqlite3.Connection, message: str) -> None:
        self._conn = conn
        self._message = message

    def execute(self, sql: str, params: Any = ()) -> Any:
        if sql.startswith(("INSERT", "UPDATE")):
            raise sqlite3.OperationalError(self._message)
        return self._conn.execute(sql, params)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


@pytest.mark.parametrize(
    ("sqlite_message", "expected"),
    [
        ("database or disk is full", "disk is full"),
        ("attempt to write a readonly database", "cannot be written \\(read-only\\?\\)"),
    ],
)
def test_write_failures_become_clear_messages_and_roll_back(sqlite_message: str, expected: str) -> None:
    with open_database_with_recovery(transcribe=False) as db:
        session = db.create_session()
        real = db._conn
        db._conn = _FailingWrites(real, sqlite_message)  # type: ignore[assignment]
        with pytest.raises(StorageFullError, match=expected):
            db.create_attempt(session, "q")
        assert not real.in_transaction
        db._conn = real
        assert db.attempts_with_status("recording") == []
        db.create_attempt(session, "q")  # the handle still works once the disk has room


def test_the_cli_reports_a_database_problem_without_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise StorageFullError("/data: the disk is full or failing, so this could not be saved")

    monkeypatch.setattr("interview_sim.core.recovery.open_database_with_recovery", refuse)
    assert main(["history"]) == 2
    err = capsys.readouterr().err
    assert "the disk is full" in err and "Traceback" not in err


def test_a_newer_database_is_reported_by_the_cli(capsys: pytest.CaptureFixture[str]) -> None:
    from interview_sim import paths

    Database.open(paths.database_path()).close()
    conn = sqlite3.connect(paths.database_path())
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    assert main(["history"]) == 2
    err = capsys.readouterr().err
    assert "newer Interview Sim" in err
