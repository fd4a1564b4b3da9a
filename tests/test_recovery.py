"""Recovery of answers interrupted by a crash: repair, mark, transcribe, compact."""

from __future__ import annotations

import struct
import subprocess
import sys
from pathlib import Path

import numpy as np
import soundfile as sf

from interview_sim import paths
from interview_sim.core.recovery import open_database_with_recovery, recover_interrupted, transcribe_recovered
from interview_sim.core.storage import Database
from interview_sim.devices.filelock import FileLock, lock_path_for
from tests.fakes import FakeTranscriber

KILLED_WRITER = """
import os, sys, numpy as np
from pathlib import Path
from interview_sim.devices.filelock import FileLock, lock_path_for
from interview_sim.devices.wavfile import CrashSafeWavWriter
path = Path(sys.argv[1])
lock = FileLock(lock_path_for(path)); lock.try_acquire()
writer = CrashSafeWavWriter(path, 44100, 1)
rng = np.random.default_rng(0)
for _ in range(25):
    writer.write((rng.standard_normal((4410, 1)) * 3000).astype(np.int16))
os._exit(9)  # like SIGKILL: no close, no header finalisation, no lock release
"""


def _recording_attempt(db: Database, audio: Path) -> int:
    session = db.create_session()
    return db.create_attempt(session, "os.process-vs-thread", audio_path=str(audio), sample_rate=44_100)


def test_killed_recording_is_repaired_marked_transcribed_and_compacted(tmp_path: Path) -> None:
    audio = paths.recordings_dir() / "killed.wav"
    subprocess.run([sys.executable, "-c", KILLED_WRITER, str(audio)], check=False, timeout=60)
    with Database.open(paths.database_path()) as db:
        attempt_id = _recording_attempt(db, audio)
    transcriber = FakeTranscriber()
    reports: list[str] = []
    with open_database_with_recovery(transcriber_factory=lambda: transcriber, report=reports.append) as db:
        attempt = db.attempt(attempt_id)
    assert attempt is not None and attempt.status == "recovered"
    assert attempt.duration_s == 2.5
    assert attempt.audio_path is not None and attempt.audio_path.endswith(".flac")
    assert not audio.exists() and not lock_path_for(audio).exists()
    assert sf.info(attempt.audio_path).frames == 25 * 4410
    assert [t.text for t in attempt.transcripts] == [f"heard {int(2.5 * 16000)} samples"]
    assert any("recovered" in r for r in reports)


def test_header_never_written_is_rebuilt_from_the_file_length(tmp_path: Path) -> None:
    audio = paths.recordings_dir() / "stale.wav"
    samples = (np.random.default_rng(1).standard_normal(16_000) * 3000).astype("<i2")
    header = b"RIFF" + struct.pack("<I", 36) + b"WAVE"
    header += (
        b"fmt " + struct.pack("<IHHIIHH", 16, 1, 1, 16_000, 32_000, 2, 16) + b"data" + struct.pack("<I", 0)
    )
    audio.write_bytes(header + samples.tobytes())
    with Database.open(paths.database_path()) as db:
        attempt_id = _recording_attempt(db, audio)
        (report,) = recover_interrupted(db)
        assert (report.attempt_id, report.status, report.duration_s) == (attempt_id, "recovered", 1.0)
        data, _ = sf.read(str(audio), dtype="int16")
        np.testing.assert_array_equal(data, samples)


def test_a_recording_in_progress_elsewhere_is_left_alone(tmp_path: Path) -> None:
    audio = paths.recordings_dir() / "live.wav"
    sf.write(str(audio), np.zeros(1000, np.int16), 16_000)
    lock = FileLock(lock_path_for(audio))
    assert lock.try_acquire()
    try:
        with Database.open(paths.database_path()) as db:
            attempt_id = _recording_attempt(db, audio)
            assert recover_interrupted(db) == []
            attempt = db.attempt(attempt_id)
            assert attempt is not None and attempt.status == "recording"
    finally:
        lock.release()


def test_missing_or_empty_audio_is_marked_failed(tmp_path: Path) -> None:
    empty = paths.recordings_dir() / "empty.wav"
    empty.write_bytes(b"")
    with Database.open(paths.database_path()) as db:
        missing_id = _recording_attempt(db, paths.recordings_dir() / "gone.wav")
        empty_id = _recording_attempt(db, empty)
        reports = {r.attempt_id: r for r in recover_interrupted(db)}
        assert reports[missing_id].status == "failed" and "missing" in reports[missing_id].message
        assert reports[empty_id].status == "failed" and "before any audio" in reports[empty_id].message
        assert db.attempts_with_status("recording") == []


def test_compaction_done_but_not_recorded_uses_the_flac(tmp_path: Path) -> None:
    wav = paths.recordings_dir() / "both.wav"
    samples = np.arange(8000, dtype=np.int16)
    sf.write(str(wav), samples, 16_000, subtype="PCM_16")
    sf.write(str(wav.with_suffix(".flac")), samples, 16_000, subtype="PCM_16")
    with Database.open(paths.database_path()) as db:
        attempt_id = _recording_attempt(db, wav)
        (report,) = recover_interrupted(db)
        assert report.audio_path == str(wav.with_suffix(".flac")) and report.duration_s == 0.5
        assert not wav.exists()
        assert db.attempt(attempt_id).audio_path == str(wav.with_suffix(".flac"))  # type: ignore[union-attr]


def test_transcription_failure_is_retried_at_the_next_start(tmp_path: Path) -> None:
    from interview_sim.devices.base import EngineUnavailableError

    wav = paths.recordings_dir() / "a.wav"
    sf.write(str(wav), np.zeros(16_000, np.int16), 16_000, subtype="PCM_16")
    with Database.open(paths.database_path()) as db:
        attempt_id = _recording_attempt(db, wav)
        recover_interrupted(db)
        problems = transcribe_recovered(
            db, FakeTranscriber(fail_open=EngineUnavailableError("model missing"))
        )
        assert problems and "model missing" in problems[0]
        assert db.attempt(attempt_id).transcripts == []  # type: ignore[union-attr]
        assert transcribe_recovered(db, FakeTranscriber()) == []
        attempt = db.attempt(attempt_id)
        assert attempt is not None and len(attempt.transcripts) == 1 and attempt.status == "recovered"
