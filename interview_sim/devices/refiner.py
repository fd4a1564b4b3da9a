"""The second pass: an accurate engine refines the answer segment by segment while it is spoken.

The live Vosk stream stays as it is; this runs beside it. The recorder's writer thread hands
each block of 16 kHz audio to :meth:`SegmentRefiner.feed`, which only appends it to an
in-memory buffer (the whole answer: 32 kB per second) and wakes the segmenter, so the
recorder and the live path never wait for it and no audio is ever dropped.

- The **segmenter** thread runs faster-whisper's bundled Silero VAD on each new 32 ms window
  (a window's speech probability depends only on it and the 64 samples before it, so the
  windows are scored once, as they arrive) and cuts a segment where the candidate pauses
  (``min_silence_s``); while the worker is idle, already at a shorter pause
  (``eager_silence_s``); and once a segment grows past ``max_segment_s`` at its longest pause,
  or without any pause at the quietest 32 ms of its last second. So the audio still unrefined
  when the answer ends (the tail) is short: what the candidate said since the last pause, or
  since the worker last had time, never more than ``max_segment_s``.
- The **worker** thread, at a lower scheduling priority, transcribes each finished segment
  with the text so far (and the question's hints) as the prompt. Segments wait in a bounded
  queue of offsets into the buffer, not copies of the audio. Whisper encodes a full 30 s window
  whatever the segment's length, and that encoder pass is most of a short segment's cost
  (bench/speech_bench.py prints where the time goes), so when segments have piled up the worker
  decodes the waiting ones together, up to ``batch_s``: a machine that falls behind catches up
  in fewer, longer passes instead of one per pause. Audio already refined is never decoded
  again.
- **Backlog**: the seconds of audio cut but not yet transcribed. When it passes
  ``max_backlog_s`` (or the queue is full) the machine is not keeping up: no more segments are
  cut while the answer goes on, and the rest is cut and transcribed after the answer ends.
- :meth:`finish` marks the end of the answer; the tail becomes the last segment, and
  :meth:`wait` returns the refined transcript with ``ready_ms``, the time from the end of the
  answer to the refined transcript.
- **The tail in parallel.** When the answer ends while the worker is still decoding an earlier
  segment, the tail would wait for that pass (a second or more: the whole 30 s window is
  encoded) before its own. If the engine can run two decodes at once (faster-whisper with
  ``num_workers=2``), a second thread takes the tail at once, on the core the live stream has
  just freed, with the text known so far as its context. During the answer only one decode
  runs, so the live path keeps its core and each segment has the text before it as context.
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from interview_sim.devices.base import RECOGNITION_RATE, Hints, TranscriptResult, Word

log = logging.getLogger(__name__)

WINDOW = 512  # Silero VAD's window at 16 kHz (32 ms)
CONTEXT = 64
SPEECH_ON = 0.5  # Silero's usual threshold, and its hysteresis (faster_whisper.vad.VadOptions)
SPEECH_OFF = 0.35
END_PAUSE_WINDOWS = 3  # a segment's speech has ended if about 0.1 s of silence follows it
MODE_SEGMENTS = "segments"
MODE_AFTER = "after"


@dataclass
class RefinedTranscript:
    result: TranscriptResult
    ready_ms: float  # from the end of the answer (the stop) to the refined transcript
    mode: str  # "segments": refined while speaking; "after": (partly) after the answer
    segments: int
    max_backlog_s: float
    timings: list[SegmentTiming] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "engine": self.result.engine,
            "model": self.result.model,
            "text": self.result.text,
            "words": [w.to_json() for w in self.result.words],
            "lang": self.result.lang,
            "ready_ms": round(self.ready_ms, 1),
            "mode": self.mode,
            "segments": self.segments,
            "max_backlog_s": round(self.max_backlog_s, 2),
        }


@dataclass
class _Job:
    start: int  # samples
    end: int
    queued_at: float = field(default_factory=time.monotonic)


@dataclass
class SegmentTiming:
    """Where the second pass spent its time on one segment (bench/speech_bench.py prints them)."""

    start_s: float  # the segment's audio, from the start of the answer
    end_s: float
    queued_at: float  # time.monotonic() when it was cut
    started_at: float  # ... when the engine started on it
    done_at: float  # ... when its text was ready
    beside: bool = False  # decoded by the tail's helper, beside a pass in flight

    @property
    def decode_s(self) -> float:
        return self.done_at - self.started_at


@dataclass
class _State:
    """The refined pieces by where their audio starts: two threads may finish them out of order."""

    pieces: dict[int, tuple[str, list[Word]]] = field(default_factory=dict)
    lang: str | None = None
    segments: int = 0

    def text_before(self, start: int) -> str:
        return " ".join(text for at, (text, _w) in sorted(self.pieces.items()) if at < start and text)

    def text(self) -> str:
        return " ".join(text for _at, (text, _w) in sorted(self.pieces.items()) if text)

    def words(self) -> list[Word]:
        return [word for _at, (_t, words) in sorted(self.pieces.items()) for word in words]


class _Vad:
    """Silero speech probabilities, one per 32 ms window, computed as the windows arrive."""

    def __init__(self) -> None:
        from faster_whisper.vad import get_vad_model

        self._model = get_vad_model()

    def probabilities(self, audio: np.ndarray, context: np.ndarray) -> np.ndarray:
        # The bundled model scores every window with the 64 samples before it (vad.py); the
        # same here, across calls.
        windows = audio.reshape(-1, WINDOW)
        before = np.concatenate([context[None, :], windows[:-1, -CONTEXT:]], axis=0)
        batch = np.concatenate([before, windows], axis=1).astype(np.float32)
        h = np.zeros((1, 1, 128), dtype="float32")
        c = np.zeros((1, 1, 128), dtype="float32")
        out, _h, _c = self._model.session.run(None, {"input": batch, "h": h, "c": c})
        return np.asarray(out, dtype=np.float32).reshape(-1)


def _lower_priority() -> None:
    """Let the recorder and the live stream win every contest for the CPU (Linux: per thread;
    elsewhere the worker keeps normal priority)."""
    with contextlib.suppress(AttributeError, OSError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)


class SegmentRefiner:
    def __init__(
        self,
        engine: Any,  # FasterWhisperEngine (transcribe_audio, model_name)
        lang: str | None,
        hints: Hints | None = None,
        *,
        min_silence_s: float = 0.5,
        eager_silence_s: float = 0.25,
        max_segment_s: float = 10.0,
        batch_s: float = 25.0,
        max_backlog_s: float = 20.0,
        queue_size: int = 8,
        beam_size: int | None = None,
        on_done: Callable[[RefinedTranscript | None, BaseException | None], None] | None = None,
        vad: Any = None,
    ) -> None:
        self.engine = engine
        self.lang = None if lang == "auto" else lang
        self.hints = hints
        self.min_silence_windows = max(1, round(min_silence_s * RECOGNITION_RATE / WINDOW))
        self.eager_silence_windows = max(1, round(eager_silence_s * RECOGNITION_RATE / WINDOW))
        self.max_segment = int(max_segment_s * RECOGNITION_RATE)
        self.batch = int(batch_s * RECOGNITION_RATE)
        self.beam_size = beam_size  # None: the engine's
        self.max_backlog_s = max_backlog_s
        self._on_done = on_done
        self._vad = vad
        self._pcm = bytearray()
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._ended = threading.Event()
        self._end_at: float | None = None
        self._probs: list[float] = []
        self._cut = 0  # samples before this are in a segment (or were silence)
        self._jobs: queue.Queue[_Job | None] = queue.Queue(maxsize=queue_size)
        self._held: _Job | None = None  # taken from the queue, decoded after the current batch
        self._batch_lock = threading.Lock()  # the worker and the tail's helper take batches
        self._busy = False  # the (main) worker is decoding
        self._no_more = False  # a worker has taken the end of the queue
        self._state_lock = threading.Lock()
        self._helper: threading.Thread | None = None  # decodes the tail beside the worker
        self._backlog = 0  # samples cut but not transcribed
        self.max_backlog = 0.0
        self.mode = MODE_SEGMENTS
        self._state = _State()
        self.timings: list[SegmentTiming] = []
        self.cuts: list[tuple[float, float]] = []  # every segment cut (seconds), before batching
        self._done = threading.Event()
        self._result: RefinedTranscript | None = None
        self._error: BaseException | None = None  # the segmenter's, or the engine's (wait() raises it)
        self._engine_error: BaseException | None = None
        self._cancelled = False
        self._segmenter = threading.Thread(target=self._segment_loop, name="refine-vad", daemon=True)
        self._worker = threading.Thread(target=self._work_loop, name="refine-worker", daemon=True)
        self._segmenter.start()
        self._worker.start()

    # -- called by the recorder's writer thread: append only -------------------------------

    def feed(self, pcm: bytes) -> None:
        with self._lock:
            self._pcm += pcm
        self._wake.set()

    # -- called by the practice flow ---------------------------------------------------------

    def finish(self, end_at: float | None = None) -> None:
        """No more audio: the answer ended at ``end_at`` (``time.monotonic()``; now if None)."""
        self._end_at = end_at if end_at is not None else time.monotonic()
        self._ended.set()
        self._wake.set()

    def cancel(self) -> None:
        self._cancelled = True
        self.finish()

    def wait(self, timeout: float | None = None) -> RefinedTranscript | None:
        """The refined transcript once ready (None on timeout); raises what the engine raised."""
        if not self._done.wait(timeout):
            return None
        if self._error is not None:
            raise self._error
        return self._result

    @property
    def done(self) -> bool:
        return self._done.is_set()

    @property
    def backlog_s(self) -> float:
        return self._backlog / RECOGNITION_RATE

    # -- segmenter ---------------------------------------------------------------------------

    def _samples(self) -> int:
        with self._lock:
            return len(self._pcm) // 2

    def _audio(self, start: int, end: int) -> np.ndarray:
        with self._lock:
            raw = bytes(self._pcm[start * 2 : end * 2])
        return np.frombuffer(raw, dtype="<i2").astype(np.float32) / 32768.0

    def _score_new_windows(self) -> None:
        have = self._samples() // WINDOW
        done = len(self._probs)
        if have <= done:
            return
        if self._vad is None:
            self._vad = _Vad()
        audio = self._audio(done * WINDOW, have * WINDOW)
        context = (
            self._audio(done * WINDOW - CONTEXT, done * WINDOW) if done else np.zeros(CONTEXT, np.float32)
        )
        self._probs.extend(float(p) for p in self._vad.probabilities(audio, context))

    def _speech_flags(self, first: int, last: int) -> list[bool]:
        """Speech or not per window in [first, last), with hysteresis."""
        flags, on = [], False
        for p in self._probs[first:last]:
            on = p >= SPEECH_ON or (on and p >= SPEECH_OFF)
            flags.append(on)
        return flags

    def _queue(self, job: _Job) -> bool:
        try:
            self._jobs.put_nowait(job)
        except queue.Full:
            return False
        self._account(job)
        return True

    def _account(self, job: _Job) -> None:
        self.cuts.append((job.start / RECOGNITION_RATE, job.end / RECOGNITION_RATE))
        with self._lock:
            self._backlog += job.end - job.start
            self.max_backlog = max(self.max_backlog, self._backlog / RECOGNITION_RATE)

    def _fall_back(self, why: str) -> None:
        if self.mode != MODE_AFTER:
            log.info("second pass falls behind (%s): the rest is refined after the answer", why)
            self.mode = MODE_AFTER

    def _worker_idle(self) -> bool:
        return not self._busy and self._held is None and self._jobs.empty()

    def _cut_segments(self) -> bool:
        """Cut the next segment if one is due; True when one was cut (more may be due)."""
        first = self._cut // WINDOW
        last = len(self._probs)
        if last <= first:
            return False
        flags = self._speech_flags(first, last)
        if not any(flags):
            # Only silence since the last cut: nothing to transcribe there.
            if last - first > self.min_silence_windows:
                self._cut = (last - self.min_silence_windows // 2) * WINDOW
            return False
        last_speech = first + max(i for i, f in enumerate(flags) if f)
        cut: int | None = None
        if last - 1 - last_speech >= self.min_silence_windows:
            # A pause: the segment ends in the middle of it (speech padding both sides).
            cut = (last_speech + 1 + self.min_silence_windows // 2) * WINDOW
        elif self._worker_idle():
            # Nothing to do for the worker: a shorter pause will do, so the tail stays short.
            cut = self._latest_pause(flags, first)
        if cut is None and (last - first) * WINDOW >= self.max_segment:
            cut = self._bounded_cut(flags, first)
        if cut is None:
            return False
        if cut - self._cut > self.max_segment:
            # The segmenter fell behind the audio (a busy machine): still bounded segments.
            cut = self._bounded_cut(flags, first)
        if self.backlog_s > self.max_backlog_s:
            self._fall_back(f"{self.backlog_s:.1f} s of audio waiting")
            return False
        if self._queue(_Job(self._cut, cut)):
            self._cut = cut
            return True
        self._fall_back("the queue of segments is full")
        return False

    def _latest_pause(self, flags: list[bool], first: int) -> int | None:
        """The middle of the latest pause of at least ``eager_silence_s`` with a second of
        speech before it, or None."""
        run_end = None
        for i in range(len(flags) - 1, -1, -1):
            if not flags[i]:
                run_end = i + 1 if run_end is None else run_end
                continue
            if run_end is not None and run_end - (i + 1) >= self.eager_silence_windows:
                if (i + 1) * WINDOW >= RECOGNITION_RATE:
                    return (first + (i + 1 + run_end) // 2) * WINDOW
                return None
            run_end = None
        return None

    def _bounded_cut(self, flags: list[bool], first: int) -> int:
        """Where a segment that reached ``max_segment_s`` ends: its longest pause, or without
        one the quietest 32 ms of its last second (between two words, most likely)."""
        flags = flags[: self.max_segment // WINDOW]
        pause = self._longest_pause(flags, first)
        if pause is not None:
            return pause
        end = first + len(flags)
        start = max(first + 1, end - RECOGNITION_RATE // WINDOW)
        audio = self._audio(start * WINDOW, end * WINDOW).reshape(-1, WINDOW)
        quietest = int(np.argmin(np.sqrt(np.mean(audio * audio, axis=1))))
        return (start + quietest) * WINDOW + WINDOW // 2

    def _longest_pause(self, flags: list[bool], first: int) -> int | None:
        best, best_len, run_start = None, 0, None
        for i, flag in enumerate([*flags, True]):
            if not flag and run_start is None:
                run_start = i
            elif flag and run_start is not None:
                if i - run_start > best_len and run_start > 0:
                    best, best_len = (first + (run_start + i) // 2) * WINDOW, i - run_start
                run_start = None
        return best

    def _segment_loop(self) -> None:
        _lower_priority()  # the VAD runs in this thread (onnxruntime with one thread)
        try:
            while True:
                self._wake.wait(0.25)
                self._wake.clear()
                ended = self._ended.is_set()
                self._score_new_windows()
                if self._cancelled:
                    break
                while self.mode == MODE_SEGMENTS and self._cut_segments():
                    pass
                if ended:
                    self._flush_tail()
                    self._help_with_the_tail()
                    break
        except BaseException as exc:  # reported by wait()
            self._error = exc
        self._jobs.put(None)

    def _help_with_the_tail(self) -> None:
        """Start a second decode for what waits while the worker is busy (see the module's
        docstring). Started before the end of the queue is marked, so that the worker, which
        waits for that mark, always finds the helper to wait for."""
        if getattr(self.engine, "parallel_decodes", 1) < 2 or self._cancelled:
            return
        # Read without the batch lock: an idle worker holds it while it waits for the queue.
        # A helper started needlessly finds the end of the queue and stops.
        waiting = self._held is not None or not self._jobs.empty()
        if self._busy and waiting:
            self._helper = threading.Thread(target=self._decode_loop, name="refine-tail", daemon=True)
            self._helper.start()

    def _flush_tail(self) -> None:
        """The rest of the answer, cut at its pauses like the rest (the queue may block here:
        the recording is over). Segments bound the engine's output by their length, which keeps
        unintelligible audio from running every 30 s window to its token limit."""
        end = self._samples()
        while end > self._cut:
            first = self._cut // WINDOW
            flags = self._speech_flags(first, len(self._probs))
            if not any(flags):
                break  # only silence left
            cut = end
            if end - self._cut > self.max_segment:
                cut = self._bounded_cut(flags, first)
            job = _Job(self._cut, cut)
            self._account(job)
            self._jobs.put(job)
            self._cut = cut

    # -- worker ------------------------------------------------------------------------------

    def _next_batch(self, main: bool) -> _Job | None:
        """The next segment, joined with the ones waiting right after it (up to ``batch_s``,
        across pauses under 2 s): one encoder pass for all of them. None: no more audio."""
        with self._batch_lock:
            return self._take_batch(main)

    def _take_batch(self, main: bool) -> _Job | None:
        if self._held is not None:
            job, self._held = self._held, None
        elif self._no_more:
            return None
        else:
            # Blocks only while the answer goes on: the helper starts when all is queued.
            got = self._jobs.get()
            if got is None:
                self._no_more = True
                return None
            job = got
        if main:
            self._busy = True
        while True:
            try:
                after = self._jobs.get_nowait()
            except queue.Empty:
                return job
            if after is None:
                self._no_more = True
                return job
            if after.start - job.end > 2 * RECOGNITION_RATE or after.end - job.start > self.batch:
                self._held = after
                return job
            job = _Job(job.start, after.end, job.queued_at)

    def _work_loop(self) -> None:
        _lower_priority()
        with contextlib.suppress(Exception):
            # The model loads now if the preload has not finished, not at the first pause;
            # a failure to load is reported by the first segment.
            model = getattr(self.engine, "model", None)
            if callable(model):
                model()
        self._decode_loop(main=True)
        # The helper, if any, was started before the end of the queue this loop waited for.
        if self._helper is not None:
            self._helper.join()
        end_at = self._end_at or time.monotonic()
        if self._error is None:
            self._error = self._engine_error
        if self._error is None and not self._cancelled:
            state = self._state
            self._result = RefinedTranscript(
                result=TranscriptResult(
                    text=state.text(),
                    words=state.words(),
                    engine=str(getattr(self.engine, "name", "faster-whisper")),
                    duration_s=self._samples() / RECOGNITION_RATE,
                    lang=state.lang or self.lang or "",
                    model=getattr(self.engine, "model_name", None),
                ),
                ready_ms=max(0.0, (time.monotonic() - end_at) * 1000.0),
                mode=self.mode,
                segments=state.segments,
                max_backlog_s=self.max_backlog,
                timings=sorted(self.timings, key=lambda t: t.start_s),
            )
            log.debug(
                "second pass: ready %.0f ms after the answer, %d segments, mode %s",
                self._result.ready_ms,
                self._result.segments,
                self.mode,
            )
        try:
            # Before done is set: whoever waits finds the refined transcript already stored.
            if self._on_done is not None:
                self._on_done(self._result, self._error)
        finally:
            self._done.set()

    def _decode_loop(self, main: bool = False) -> None:
        """Decode batches until the queue ends: the worker (``main``), or the tail's helper."""
        if not main:
            _lower_priority()
        while True:
            if main:
                self._busy = False
            job = self._next_batch(main)
            if job is None:
                break
            if self._engine_error is not None or self._cancelled:
                with self._lock:
                    self._backlog -= job.end - job.start
                continue
            started = time.monotonic()
            try:
                self._transcribe(job)
            except BaseException as exc:  # the engine's failure, reported by wait()
                with self._state_lock:
                    self._engine_error = self._engine_error or exc
            with self._lock:
                self._backlog -= job.end - job.start
            timing = SegmentTiming(
                job.start / RECOGNITION_RATE,
                job.end / RECOGNITION_RATE,
                job.queued_at,
                started,
                time.monotonic(),
                beside=not main,
            )
            self.timings.append(timing)
            log.debug(
                "second pass (%s): segment %.1f-%.1f s (%.1f s) waited %.2f s, decoded in %.2f s, "
                "backlog %.1f s",
                threading.current_thread().name,
                timing.start_s,
                timing.end_s,
                timing.end_s - timing.start_s,
                started - job.queued_at,
                timing.decode_s,
                self.backlog_s,
            )

    def _speech_end_s(self, job: _Job) -> float | None:
        """Where the speech in ``job`` ends by the VAD (seconds from its start): the engine need
        not decode the silence after it. When the speech runs to the job's end (an answer
        stopped mid-word), the job's end: what Whisper leaves unfinished there is decoded in a
        second window, but nothing after that. None: no speech found (Whisper decides)."""
        first, last = job.start // WINDOW, min(len(self._probs), -(-job.end // WINDOW))
        flags = self._speech_flags(first, last)
        if not any(flags):
            return None
        speech_windows = max(i for i, f in enumerate(flags) if f) + 1
        if len(flags) - speech_windows < END_PAUSE_WINDOWS:
            return (job.end - job.start) / RECOGNITION_RATE
        return ((first + speech_windows) * WINDOW - job.start) / RECOGNITION_RATE

    def _transcribe(self, job: _Job) -> None:
        audio = self._audio(job.start, job.end)
        if not len(audio):
            return
        state = self._state
        with self._state_lock:
            # The language is settled by the first segment, so an answer never switches mid-way.
            lang = self.lang or state.lang or (self.hints.lang if self.hints is not None else None) or "auto"
            context = state.text_before(job.start)
        result: TranscriptResult = self.engine.transcribe_audio(
            audio,
            lang,
            hints=self.hints,
            context=context,
            offset_s=job.start / RECOGNITION_RATE,
            speech_end_s=self._speech_end_s(job),
            **({"beam_size": self.beam_size} if self.beam_size is not None else {}),
        )
        with self._state_lock:
            state.segments += 1
            if state.lang is None and result.lang:
                state.lang = result.lang
            state.pieces[job.start] = (result.text, list(result.words))
