"""The interview's devices and archive, driven by the effects of the core state machine.

:class:`~interview_sim.core.interview.Interview` decides what happens; this object carries it out:
speaking the question, recording and transcribing the answer, saving typed answers and section
marks, ending the session. Every device call and database write runs on
:func:`run_in_background`; results come back as signals on the GUI thread, and the screen only
draws. Workers never touch a widget.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal

from interview_sim.core.interview import Effect, Interview, PlanOptions, Step
from interview_sim.core.storage import STATUS_FINISHED, STATUS_TYPED, Database
from interview_sim.core.templates import Template
from interview_sim.devices.base import DeviceError, Recorder, Speaker, Transcriber
from interview_sim.i18n import microphone_blocked, tr
from interview_sim.qt.errors import describe_error, describe_notice
from interview_sim.qt.tasks import run_in_background

if TYPE_CHECKING:
    # The practice run pulls in numpy and soundfile; it is imported when the first answer starts,
    # so the window paints without them.
    from interview_sim.core.practice import PracticeResult, PracticeRun

SPEECH_TIMEOUT_S = 120.0


@dataclass
class InterviewDevices:
    speaker: Speaker | None = None
    recorder: Recorder | None = None  # None: answers are typed
    transcriber: Transcriber | None = None
    db: Database | None = None


class _Archive:
    """The session row, created by the first worker that needs it; the lock also keeps two
    answers from using the recorder at once when one is still being transcribed."""

    def __init__(self, db: Database | None, config: dict[str, Any]) -> None:
        self.db, self.config = db, config
        self.lock = threading.Lock()
        self.session_id: int | None = None

    def session(self) -> int:
        assert self.db is not None
        if self.session_id is None:
            self.session_id = self.db.create_session(self.config)
        return self.session_id


class InterviewController(QObject):
    changed = Signal()  # the interview's state or data changed: redraw
    notice = Signal(str)  # a message for the user, already translated
    partial = Signal(str)  # live caption text, from the transcription thread (queued)
    answer_started = Signal(bool)  # True: the answer is typed
    answer_stopped = Signal()
    finished = Signal(object)  # the Interview, for the review

    def __init__(
        self, lang: str = "ko", devices: InterviewDevices | None = None, parent: QObject | None = None
    ):
        super().__init__(parent)
        self.lang = lang
        self.devices = devices or InterviewDevices()
        self.templates: dict[str, Template] = {}
        self.interview: Interview | None = None
        self.options = PlanOptions()
        self.live_captions = False
        self.silence_s: float | None = None  # stop the answer after this much silence
        self.typed_mode = self.devices.recorder is None
        self.transcripts: dict[int, str] = {}
        self.typed_text: Callable[[], str] = lambda: ""  # the screen's typed answer box
        self._speech_generation = 0
        self._run: PracticeRun | None = None
        self._archive = _Archive(None, {})

    def _background(
        self, fn: Callable[[], Any], on_done: Callable[[Any], None], on_error: Callable[[BaseException], None]
    ) -> None:
        """run_in_background, dropping the report if the screen was closed in the meantime."""

        def alive() -> bool:
            return shiboken6.isValid(self)

        run_in_background(
            fn,
            lambda result: on_done(result) if alive() else None,
            lambda exc: on_error(exc) if alive() else None,
        )

    # -- public -----------------------------------------------------------------------------

    def set_devices(self, devices: InterviewDevices) -> None:
        """Devices open after the window shows; the next answer uses them."""
        self.devices = devices
        self.typed_mode = devices.recorder is None

    def begin(self, steps: list[Step], options: PlanOptions, templates: dict[str, Template]) -> None:
        self.templates = templates
        self.options = options
        self.interview = Interview(steps, think_s=options.think_s)
        self.transcripts = {}
        self._archive = _Archive(
            self.devices.db,
            {"questions": [s.question.id for s in steps], "order": options.order, "review": options.review},
        )
        if self.typed_mode:
            self.notice.emit(tr("interview.typed_mode", self.lang))
        self.apply(self.interview.start())

    def saved_session(self) -> Callable[[], int | None]:
        """A call that waits until this interview's answers are saved, then gives the archive's
        session id (None if nothing was saved). It blocks: run it off the GUI thread."""
        archive = self._archive

        def wait() -> int | None:
            with archive.lock:
                return archive.session_id

        return wait

    def level_db(self) -> float:
        recorder = self.devices.recorder
        return recorder.level().rms_db if recorder is not None and not self.typed_mode else -100.0

    def apply(self, effects: list[Effect]) -> None:
        assert self.interview is not None
        for effect in effects:
            if effect is Effect.SPEAK:
                self._speak()
            elif effect is Effect.STOP_SPEAKING:
                self._stop_speaking()
            elif effect is Effect.START_ANSWER:
                self._start_answer()
            elif effect is Effect.STOP_ANSWER:
                self._stop_answer()
            elif effect is Effect.FINISHED:
                self._finish()
        self.changed.emit()

    # -- effects ----------------------------------------------------------------------------

    def _speak(self) -> None:
        self._speech_generation += 1
        generation = self._speech_generation
        interview = self.interview
        assert interview is not None
        speaker = self.devices.speaker

        def spoken(_result: object) -> None:
            # A repeat or a skip since then makes this report stale.
            if generation == self._speech_generation and self.interview is interview:
                self.apply(interview.question_spoken())

        def failed(exc: BaseException) -> None:
            self.notice.emit(tr("interview.no_voice", self.lang, error=exc))
            spoken(None)

        if speaker is None:
            QTimer.singleShot(0, self, lambda: spoken(None))
            return
        question = interview.question

        def say() -> None:
            utterance = speaker.say(question.question, question.lang)
            utterance.wait(SPEECH_TIMEOUT_S)
            if utterance.message:
                raise DeviceError(utterance.message)

        self._background(say, spoken, failed)

    def _stop_speaking(self) -> None:
        self._speech_generation += 1
        speaker = self.devices.speaker
        if speaker is not None:
            self._background(speaker.stop, lambda _r: None, self._device_error)

    def _start_answer(self) -> None:
        interview = self.interview
        assert interview is not None
        recorder, db = self.devices.recorder, self.devices.db
        if self.typed_mode or recorder is None or db is None:
            self.answer_started.emit(True)
            return
        self.answer_started.emit(False)
        from interview_sim.core.practice import PracticeEvents, PracticeOptions, PracticeRun

        question, index, archive = interview.question, interview.index, self._archive
        template = self.templates.get(question.template_id)
        options = PracticeOptions(
            max_seconds=template.max_s if template else 120.0,
            speak=False,
            think_seconds=0.0,
            compress=True,  # finished answers are kept as FLAC, like the CLI's
            stop_on_silence=self.silence_s is not None,
            silence_s=self.silence_s or 4.0,
        )
        # Partial results cost recognition time; they are asked for only when captions show.
        events = PracticeEvents(
            on_partial=self.partial.emit if self.live_captions else None,
            # From the recording thread; the signal is queued to the window like `partial`.
            on_input_blocked=lambda: self.notice.emit(microphone_blocked(self.lang)),
        )

        # Made here, not in the worker, so that a stop pressed before the worker starts counts.
        run = PracticeRun(
            db,
            question,
            0,
            recorder=recorder,
            transcriber=self.devices.transcriber,
            options=options,
            events=events,
        )
        self._run = run

        def record() -> PracticeResult:
            with archive.lock:
                run.session_id = archive.session()
                return run.run()

        def done(result: PracticeResult) -> None:
            for text in result.notices:  # disk full, a lost microphone, no transcript: said, kept
                self.notice.emit(describe_notice(text, self.lang))
            if self.interview is interview:
                self.transcripts[index] = result.transcript.text
                if interview.index == index:
                    self.apply(interview.answer_ended(result.stopped_by))
                self._save_marks(result, interview.records[index].section_marks)
                self.changed.emit()

        def failed(exc: BaseException) -> None:
            if isinstance(exc, DeviceError) and self.interview is interview:
                # No usable microphone: the rest of the interview is typed, still timed.
                self.typed_mode = True
                self.notice.emit(describe_error(exc, self.lang))
                self.answer_started.emit(True)
                self.changed.emit()
            else:
                self._device_error(exc)

        self._background(record, done, failed)

    def _stop_answer(self) -> None:
        interview = self.interview
        assert interview is not None
        run, self._run = self._run, None
        if run is not None:
            run.stop()
        if self.typed_mode and self.devices.db is not None:
            self._save_typed(interview, self.typed_text())
        self.answer_stopped.emit()

    def _save_typed(self, interview: Interview, text: str) -> None:
        db, archive = self.devices.db, self._archive
        assert db is not None
        record = interview.record
        assert record is not None
        question = interview.question
        self.transcripts[interview.index] = text
        duration, marks = record.duration_s, list(record.section_marks)

        def save() -> None:
            with archive.lock:
                attempt = db.create_attempt(
                    archive.session(), question.id, status=STATUS_TYPED, template_id=question.template_id
                )
                db.add_transcript(attempt, "typed", text, source="typed")
                db.finish_attempt(attempt, status=STATUS_TYPED, duration_s=duration, section_marks=marks)

        self._background(save, lambda _r: None, self._device_error)

    def _save_marks(self, result: PracticeResult, marks: list[float]) -> None:
        db = self.devices.db
        if db is None or not marks:
            return
        marks = list(marks)

        def save() -> None:
            db.finish_attempt(
                result.attempt_id, status=STATUS_FINISHED, section_marks=marks, error=result.error
            )

        self._background(save, lambda _r: None, self._device_error)

    def _finish(self) -> None:
        interview, db, archive = self.interview, self.devices.db, self._archive
        if db is not None:

            def end_session() -> None:
                with archive.lock:
                    if archive.session_id is not None:
                        db.end_session(archive.session_id)

            self._background(end_session, lambda _r: None, self._device_error)
        self.finished.emit(interview)

    def _device_error(self, exc: BaseException) -> None:
        self.notice.emit(describe_error(exc, self.lang))
