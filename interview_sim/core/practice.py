"""One practice answer, headless: speak the question, record, transcribe while recording, store.

The CLI runs it directly and the Qt layer runs it on a worker thread, passing callbacks that
it turns into queued signals. Nothing here imports Qt. Devices are handed in (``Speaker``,
``Recorder``, ``Transcriber``) so that tests can replace any of them.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from interview_sim.core.answers import compact_audio, new_answer_path
from interview_sim.core.storage import STATUS_FINISHED, Database, DatabaseError
from interview_sim.devices.base import (
    DeviceError,
    Recorder,
    RecordingResult,
    Speaker,
    Transcriber,
    TranscriptResult,
)
from interview_sim.devices.live import LiveTranscription

log = logging.getLogger(__name__)


class QuestionLike(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def question(self) -> str: ...

    @property
    def lang(self) -> str: ...

    @property
    def template_id(self) -> str: ...


class PracticeCancelled(Exception):
    pass


@dataclass
class PracticeOptions:
    max_seconds: float = 120.0
    stop_on_silence: bool = False
    silence_s: float = 4.0
    think_seconds: float = 0.0
    speak: bool = True
    compress: bool = True


@dataclass
class PracticeEvents:
    """Callbacks, called from worker threads: the GUI must hop to its own thread."""

    on_state: Callable[[str], None] | None = (
        None  # speaking, thinking, recording, transcribing, done, refining
    )
    on_partial: Callable[[str], None] | None = None
    on_notice: Callable[[str], None] | None = None
    # The microphone gave a whole second of exact zeros: access is probably denied by the system.
    # Called once, while the answer is still being recorded; the text is i18n.microphone_blocked.
    on_input_blocked: Callable[[], None] | None = None
    # The second pass finished (attempt id, refined transcript or None, error or None), already
    # stored; called from the refiner's worker thread, possibly after run() returned.
    on_refined: Callable[[int, Any, BaseException | None], None] | None = None


@dataclass
class PracticeResult:
    attempt_id: int
    session_id: int
    question_id: str
    audio_path: str
    transcript: TranscriptResult
    duration_s: float
    stopped_by: str
    stop_to_transcript_ms: float
    sample_rate: int
    error: str | None = None
    notices: list[str] = field(default_factory=list)
    question_spoken: bool = False
    microphone_blocked: bool = False
    # The second pass running for this answer (wait() for it), or None with the reason.
    refinement: Refinement | None = None
    refine_reason: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "attempt_id": self.attempt_id,
            "session_id": self.session_id,
            "question_id": self.question_id,
            "audio_path": self.audio_path,
            "transcript": self.transcript.text,
            "words": [w.to_json() for w in self.transcript.words],
            "engine": self.transcript.engine,
            "duration_s": round(self.duration_s, 3),
            "sample_rate": self.sample_rate,
            "stopped_by": self.stopped_by,
            "stop_to_transcript_ms": round(self.stop_to_transcript_ms, 1),
            "question_spoken": self.question_spoken,
            "microphone_blocked": self.microphone_blocked,
            "error": self.error,
            "notices": self.notices,
            "refined": self.refinement.to_json() if self.refinement is not None else None,
            "refine_reason": self.refinement.reason if self.refinement is not None else self.refine_reason,
        }


class Refinement:
    """The second pass of one answer: running beside the recording, then finishing the tail.

    It stores the refined transcript itself when done (in the refiner's worker thread), so the
    next question never waits for it; :meth:`wait` is for whoever wants to show it.
    """

    def __init__(self, attempt_id: int, refiner: Any) -> None:
        self.attempt_id = attempt_id
        self.refiner = refiner
        self.refined: Any = None  # RefinedTranscript, once stored
        self.reason: str | None = None  # why there is none, once finished without one
        self._stored = threading.Event()

    def wait(self, timeout: float | None = None) -> bool:
        """True once finished (stored, or failed with a reason)."""
        return self._stored.wait(timeout)

    def _finished(self, refined: Any, reason: str | None) -> None:
        self.refined, self.reason = refined, reason
        self._stored.set()

    def to_json(self) -> dict[str, Any] | None:
        if self.refined is None:
            return None
        return dict(self.refined.to_json())


def _tee(live: LiveTranscription | None, refinement: Refinement | None) -> Callable[[bytes], None] | None:
    """The recorder's audio to the live stream and the second pass; both only queue it."""
    if refinement is None:
        return live.feed if live is not None else None
    refine_feed = refinement.refiner.feed
    if live is None:
        return refine_feed
    live_feed = live.feed

    def both(pcm: bytes) -> None:
        live_feed(pcm)
        refine_feed(pcm)

    return both


class PracticeRun:
    """Runs one answer; :meth:`stop` ends the answer, :meth:`cancel` abandons the run."""

    def __init__(
        self,
        db: Database,
        question: QuestionLike,
        session_id: int,
        *,
        recorder: Recorder,
        transcriber: Transcriber | None,
        speaker: Speaker | None = None,
        options: PracticeOptions | None = None,
        events: PracticeEvents | None = None,
        refine_engine: Any = None,
    ) -> None:
        """``refine_engine``: the second pass (a ready FasterWhisperEngine), or None."""
        self.db = db
        self.question = question
        self.session_id = session_id
        self.recorder = recorder
        self.transcriber = transcriber
        self.speaker = speaker
        self.options = options or PracticeOptions()
        self.events = events or PracticeEvents()
        self.refine_engine = refine_engine
        self.notices: list[str] = []
        self._stop = threading.Event()
        self._cancel = threading.Event()
        self.input_blocked = False

    def stop(self) -> None:
        self._stop.set()

    def cancel(self) -> None:
        self._cancel.set()
        self._stop.set()
        if self.speaker is not None:
            self.speaker.stop()

    def _state(self, state: str) -> None:
        if self.events.on_state is not None:
            self.events.on_state(state)

    def _notice(self, message: str) -> None:
        log.info("notice: %s", message)  # paths in it are redacted by the log's filter
        self.notices.append(message)
        if self.events.on_notice is not None:
            self.events.on_notice(message)

    def _check_cancel(self) -> None:
        if self._cancel.is_set():
            raise PracticeCancelled("the practice was cancelled")

    def run(self) -> PracticeResult:
        spoken = self._speak()
        self._think()
        rate = self.recorder.open()  # no microphone: the error comes before anything is stored
        live = self._open_live()
        self._check_cancel()
        path = new_answer_path(self.session_id, self.question.id)
        attempt_id = self.db.create_attempt(
            self.session_id,
            self.question.id,
            audio_path=str(path),
            sample_rate=rate,
            template_id=self.question.template_id,
        )
        try:
            refinement = self._open_refinement(attempt_id)
        except Exception as exc:  # the answer matters more than its second pass
            self._notice(f"the second pass could not start ({exc}); the live transcript is kept")
            refinement = None
        recording: RecordingResult | None = None
        transcript: TranscriptResult | None = None
        stop_ms = 0.0
        try:
            self.recorder.start(
                path,
                on_audio=_tee(live, refinement),
                max_seconds=self.options.max_seconds,
                silence_seconds=self.options.silence_s if self.options.stop_on_silence else None,
            )
            # Said once the input stream runs, not before it opens: whoever starts talking on
            # "recording" (a user, a test feeding the microphone) is then heard from the start.
            self._state("recording")
            self._wait_for_end()
            stop_called = time.monotonic()
            recording = self.recorder.stop()
            stop_at = recording.stop_requested_at or stop_called
            if refinement is not None:
                refinement.refiner.finish(stop_at)
            self._state("transcribing")
            transcript = self._final_transcript(live, recording)
            stop_ms = (time.monotonic() - stop_at) * 1000.0
        finally:
            if recording is None:
                if refinement is not None:
                    # Left pending: the next start refines the recovered answer.
                    refinement.refiner.cancel()
                recording = self.recorder.stop()
                self.db.finish_attempt(
                    attempt_id,
                    status=STATUS_FINISHED,
                    duration_s=recording.duration_s,
                    error=recording.error or "the practice ended unexpectedly",
                )
        if recording.input_blocked:
            self._input_blocked()  # the answer ended before the check in _wait_for_end saw it
        if recording.error:
            self._notice(recording.error)
        try:
            self.db.add_transcript(
                attempt_id, transcript.engine, transcript.text, [w.to_json() for w in transcript.words]
            )
            audio = Path(recording.path)
            if self.options.compress and recording.frames > 0:
                audio = compact_audio(self.db, attempt_id, audio)
            self.db.finish_attempt(
                attempt_id,
                status=STATUS_FINISHED,
                duration_s=recording.duration_s,
                audio_path=str(audio),
                error=recording.error,
            )
        except DatabaseError as exc:
            # The audio is on disk and the attempt is marked as recording: the next start
            # recovers it. Say so, or the user would think the answer lost.
            raise type(exc)(
                f"{exc} The answer itself was recorded ({recording.duration_s:.0f} s) and is kept; "
                "it is recovered the next time the app starts."
            ) from exc
        log.info(
            "answer %d saved: question %s, %.1f s, engine %s, stopped by %s%s",
            attempt_id,
            self.question.id,
            recording.duration_s,
            transcript.engine,
            recording.stopped_by,
            f", error: {recording.error}" if recording.error else "",
        )
        # What was said, and where it is kept, only in a log the user asked to be detailed.
        log.debug("answer %d audio %s transcript %r", attempt_id, audio, transcript.text)
        self._state("done")
        if refinement is not None and not refinement.wait(0):
            self._state("refining")
        return PracticeResult(
            attempt_id=attempt_id,
            session_id=self.session_id,
            question_id=self.question.id,
            audio_path=str(audio),
            transcript=transcript,
            duration_s=recording.duration_s,
            stopped_by=recording.stopped_by,
            stop_to_transcript_ms=stop_ms,
            sample_rate=recording.sample_rate,
            error=recording.error,
            notices=list(self.notices),
            question_spoken=spoken,
            microphone_blocked=self.input_blocked,
            refinement=refinement,
        )

    def _speak(self) -> bool:
        if not self.options.speak or self.speaker is None:
            return False
        self._state("speaking")
        utterance = self.speaker.say(self.question.question, self.question.lang)
        try:
            while not utterance.wait(0.1):
                self._check_cancel()
        except KeyboardInterrupt:
            self.speaker.stop()
            raise
        if utterance.message:
            self._notice(utterance.message)
        return utterance.spoken

    def _think(self) -> None:
        if self.options.think_seconds <= 0:
            return
        self._state("thinking")
        deadline = time.monotonic() + self.options.think_seconds
        # stop() during the think time means "start answering now".
        while not self._stop.is_set() and time.monotonic() < deadline:
            self._stop.wait(min(0.1, max(0.0, deadline - time.monotonic())))
        self._stop.clear()
        self._check_cancel()

    def _open_live(self) -> LiveTranscription | None:
        if self.transcriber is None:
            return None
        try:
            if self.events.on_partial is None:
                stream = self.transcriber.open_stream(self.question.lang, partials=False)
            else:
                stream = self.transcriber.open_stream(self.question.lang)
        except DeviceError as exc:
            # Record anyway: the answer matters more than its live transcript.
            self._notice(f"{exc}; the answer is recorded without a transcript")
            return None
        return LiveTranscription(stream, self.events.on_partial)

    def _input_blocked(self) -> None:
        if self.input_blocked:
            return
        self.input_blocked = True
        log.warning("the microphone delivered only zeros: access to it is probably denied")
        if self.events.on_input_blocked is not None:
            self.events.on_input_blocked()

    def _open_refinement(self, attempt_id: int) -> Refinement | None:
        if self.refine_engine is None:
            return None
        from interview_sim.core.answers import hints_for
        from interview_sim.core.refinement import SecondPass, refine_lock, store_refined
        from interview_sim.devices.refiner import SegmentRefiner

        engine = self.refine_engine
        second = SecondPass(engine.name, engine.size)
        lock = refine_lock(attempt_id)
        lock.try_acquire()
        self.db.set_refine_pending(attempt_id, second.to_json())
        holder: list[Refinement] = []

        def done(refined: Any, error: BaseException | None) -> None:
            reason = None
            try:
                if refined is not None:
                    store_refined(self.db, attempt_id, refined)
                elif error is not None:
                    reason = f"the second pass failed: {error}"
                    self._notice(reason)
                    if not isinstance(error, DeviceError):
                        self.db.set_refine_pending(attempt_id, None)  # never retried forever
                else:
                    reason = "the answer ended before it was recorded"
            except DatabaseError as exc:
                refined, reason = None, f"the refined transcript could not be saved: {exc}"
                self._notice(reason + "; it is redone at the next start")
            finally:
                lock.release()
            holder[0]._finished(refined, reason)
            if self.events.on_refined is not None:
                self.events.on_refined(attempt_id, refined, error)

        refiner = SegmentRefiner(engine, self.question.lang, hints_for(self.question), on_done=done)
        refinement = Refinement(attempt_id, refiner)
        holder.append(refinement)
        return refinement

    def _wait_for_end(self) -> None:
        try:
            while not self.recorder.wait(0.05):
                # Any recorder may say so; SoundDeviceRecorder does (devices/recorder.py).
                if getattr(self.recorder, "input_blocked", False):
                    self._input_blocked()
                if self._stop.is_set():
                    return
        except KeyboardInterrupt:
            # Ctrl+C in the CLI ends the answer like a stop button; the audio is kept.
            return

    def _final_transcript(
        self, live: LiveTranscription | None, recording: RecordingResult
    ) -> TranscriptResult:
        engine = self.transcriber.name if self.transcriber is not None else "none"
        if live is None:
            return TranscriptResult("", [], engine, recording.duration_s, self.question.lang)
        try:
            return live.finish()
        except DeviceError as exc:
            self._notice(f"the answer could not be transcribed: {exc}")
            return TranscriptResult("", [], engine, recording.duration_s, self.question.lang)
