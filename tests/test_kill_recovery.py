"""SIGKILL an interview loop at random moments, many times; after each restart nothing is lost.

Each round starts tests/kill_worker.py on the same user-data folder, kills it after a random
delay (during recording, transcription, a database write or FLAC compaction, whichever it is
in), then reopens the archive the way the app does at start and checks it: the database passes
``PRAGMA integrity_check``, every finished answer is intact and unchanged since it was first
seen, the interrupted one is recovered as far as its audio goes, and no half-written file is
left behind. The seed is printed so that a failure can be replayed (KILL_TEST_SEED=...).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

import soundfile as sf

from interview_sim import paths
from interview_sim.core.recovery import open_database_with_recovery
from interview_sim.core.storage import Attempt
from tests.conftest import REPO_ROOT
from tests.fakes import FakeTranscriber

ROUNDS = int(os.environ.get("KILL_TEST_ROUNDS", "24"))
TIME_BUDGET_S = 90.0
MIN_ROUNDS = 10  # done whatever the budget: a busy machine takes longer, it does not kill less


def _snapshot(attempt: Attempt) -> tuple[Any, ...]:
    return (
        attempt.status,
        attempt.audio_path,
        attempt.duration_s,
        [(t.engine, t.text) for t in attempt.transcripts],
    )


def _check_audio(attempt: Attempt) -> int:
    assert attempt.audio_path, f"attempt {attempt.id} has no audio"
    info = sf.info(attempt.audio_path)
    assert info.samplerate == 16_000
    assert attempt.duration_s is not None
    assert abs(info.frames / info.samplerate - attempt.duration_s) < 1e-6, (
        f"attempt {attempt.id}: {info.frames} frames but {attempt.duration_s} s stored"
    )
    return int(info.frames)


def _check_archive(finished_before: dict[int, tuple[Any, ...]]) -> dict[str, int]:
    counts = {"finished": 0, "recovered": 0, "failed": 0}
    with open_database_with_recovery(transcriber_factory=FakeTranscriber) as db:
        assert db.integrity_ok()
        referenced: set[str] = set()
        for session in db.sessions():
            for attempt in session.attempts:
                counts[attempt.status] = counts.get(attempt.status, 0) + 1
                if attempt.audio_path:
                    referenced.add(Path(attempt.audio_path).name)
                if attempt.status == "finished":
                    frames = _check_audio(attempt)
                    assert attempt.audio_path and attempt.audio_path.endswith(".flac")
                    assert attempt.transcript is not None
                    assert attempt.transcript.text == f"heard {frames} samples"
                    if attempt.id in finished_before:
                        assert _snapshot(attempt) == finished_before[attempt.id]
                    finished_before[attempt.id] = _snapshot(attempt)
                elif attempt.status == "recovered":
                    frames = _check_audio(attempt)
                    assert frames > 0
                    # Transcribed at the restart, or had its transcript before the kill.
                    assert attempt.transcript is not None
                else:
                    assert attempt.status == "failed", attempt
                    assert attempt.error and "before" in attempt.error, attempt.error
        assert not [a for a in finished_before if db.attempt(a) is None]
    leftovers = sorted(
        p.name for p in paths.recordings_dir().iterdir() if p.suffix != ".lock" and p.name not in referenced
    )
    assert leftovers == [], f"files nobody points to: {leftovers}"
    return counts


def _check_side_files(exports: Path) -> None:
    # A kill during an export may leave its temporary files, never a zip that looks finished.
    for archive in exports.glob("*.zip"):
        with zipfile.ZipFile(archive) as opened:
            assert opened.testzip() is None, archive
            assert "manifest.json" in opened.namelist()
    for cached in (paths.cache_dir() / "tts").glob("*.wav"):
        assert sf.info(str(cached)).frames > 0, cached  # a cached question is whole or absent


def test_sigkill_at_random_moments_loses_nothing(tmp_path: Path) -> None:
    seed = int(os.environ.get("KILL_TEST_SEED", str(random.SystemRandom().randrange(2**32))))
    print(f"kill test seed {seed} (replay with KILL_TEST_SEED={seed})")
    rng = random.Random(seed)
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    exports = tmp_path / "exports"
    exports.mkdir()
    finished: dict[int, tuple[Any, ...]] = {}
    started = time.monotonic()
    rounds = 0
    counts: dict[str, int] = {}
    for _ in range(ROUNDS):
        rounds += 1
        worker = subprocess.Popen(
            [sys.executable, "-m", "tests.kill_worker", str(rng.randrange(2**32)), str(exports)],
            cwd=REPO_ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            assert worker.stdout is not None
            if rng.random() < 0.25:
                # Killed while starting: during its own recovery, repair or migration.
                time.sleep(rng.uniform(0.2, 1.5))
            else:
                first = worker.stdout.readline()
                assert first == "ready\n", first + (worker.stderr.read() if worker.stderr else "")
                time.sleep(rng.uniform(0.0, 2.5))
                assert worker.poll() is None, worker.stderr.read() if worker.stderr else ""
            worker.send_signal(signal.SIGKILL)
        finally:
            worker.kill()
            worker.communicate(timeout=30)
        counts = _check_archive(finished)
        _check_side_files(exports)
        if rounds >= MIN_ROUNDS and time.monotonic() - started > TIME_BUDGET_S:
            break
    exported = len(list(exports.glob("*.zip")))
    print(f"{rounds} kills in {time.monotonic() - started:.0f} s; archive now {counts}, {exported} exports")
    assert rounds >= min(ROUNDS, MIN_ROUNDS)
    assert counts.get("finished", 0) > 0


KILLED_DURING_COMPACTION = """
import os, sys, pathlib
from interview_sim.core import answers, storage
from interview_sim.devices import wavfile
from tests import kill_worker

def die(*args, **kwargs):
    os._exit(9)

point = sys.argv[1]
if point == "flac written, not renamed":
    wavfile.os.replace = die
elif point == "flac renamed, database not updated":
    storage.Database.set_audio_path = die
elif point == "database updated, wav not deleted":
    real_unlink = pathlib.Path.unlink
    def unlink(self, missing_ok=False):
        if self.suffix == ".wav":
            die()
        real_unlink(self, missing_ok=missing_ok)
    pathlib.Path.unlink = unlink
kill_worker.main(7)
"""

COMPACTION_POINTS = (
    "flac written, not renamed",
    "flac renamed, database not updated",
    "database updated, wav not deleted",
)


def test_a_kill_at_each_step_of_flac_compaction_keeps_the_answer_and_no_stray_file() -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    finished: dict[int, tuple[Any, ...]] = {}
    for point in COMPACTION_POINTS:
        done = subprocess.run(
            [sys.executable, "-c", KILLED_DURING_COMPACTION, point],
            cwd=REPO_ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 9, done.stderr
        counts = _check_archive(finished)
        assert counts["recovered"] >= 1, point
    with open_database_with_recovery(transcriber_factory=FakeTranscriber) as db:
        recovered = db.attempts_with_status("recovered")
    assert len(recovered) == len(COMPACTION_POINTS)
    for attempt in recovered:
        assert attempt.audio_path is not None
        # The answer survives in one complete file, whichever step the kill hit.
        assert sf.info(attempt.audio_path).frames > 0
