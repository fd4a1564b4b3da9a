"""The interview's devices and archive, driven by the effects of the core state machine.

:class:`~interview_sim.core.interview.Interview` decides what happens; this object carries it out:
speaking the question, recording and transcribing the answer, saving typed answers and section
marks, ending the session. Every device call and database write runs on the app's task
manager, owned by this object (its results are dropped once it is gone); results come back as
signals on the GUI thread, and the screen only draws. Workers never touch a widget.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from interview_sim.core.interview import Effect, Interview, PlanOptions, Step
from interview_sim.core.storage import STATUS_FINISHED, Database
from interview_sim.core.templates import Template
from interview_sim.devices.base import DeviceError
from interview_sim.i18n import microphone_blocked, tr
from interview_sim.qt.errors import describe_error, describe_failure, describe_notice
from interview_sim.qt.follow_up_picker import FollowUpPicker
from interview_sim.qt.second_pass import SecondPassRelay
from interview_sim.qt.taskman import on_gui_thread

if TYPE_CHECKING:
    # The practice run pulls in numpy and soundfile; it is imported when the first answer starts,
    # so the window paints without them.
    from interview_sim.core.practice import PracticeResult, PracticeRun
    from interview_sim.qt.app_state import AppState

SPEECH_TIMEOUT_S = 120.0


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
    notice = Signal(object)  # a message for the user, already translated: a str or a UserMessage
    partial = Signal(str)  # live caption text, from the transcription thread (queued)
    answer_started = Signal(bool)  # True: the answer is typed
    answer_stopped = Signal()
    finished = Signal(object)  # the Interview, for the review

    # Speaking the question and stopping it share one task key: a repeat, a skip or a stop
    # supersedes the speech before it, whose "spoken" report is then dropped.
    SPEECH = "speech"

    def __init__(self, state: AppState, parent: QObject | None = None):
        super().__init__(parent)
        self.state = state
        self.devices = state.devices
        self.templates: dict[str, Template] = {}
        self.interview: Interview | None = None
        self.options = PlanOptions()
        self.typed_mode = self.devices.recorder is None
        self.transcripts: dict[int, str] = {}
        self.typed_text: Callable[[], str] = lambda: ""  # the screen's typed answer box
        self._run: PracticeRun | None = None
        self._archive = _Archive(None, {})
        self.second_pass = SecondPassRelay(state, self)  # refines each answer while it is given
        state.devices_changed.connect(self._devices_changed)
        self.live_captions: bool = False
        self.silence_s: float | None = None  # stop the answer after this much silence
        self.follow_ups = FollowUpPicker(state, self.notice.emit, self)
        self._settings_changed({"live_captions", "silence_s"})
        state.settings_changed.connect(self._settings_changed)

    @property
    def lang(self) -> str:
        return self.state.lang

    def _background(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        *,
        key: str | None = None,
        uses_db: bool = False,
    ) -> None:
        """Off the GUI thread, owned by this controller; failures are told to the user."""
        self.state.tasks.run(
            fn, owner=self, on_done=on_done, on_error=self._device_error, key=key, uses_db=uses_db
        )

    # -- what the app's state announces ---------------------------------------------------------

    def _devices_changed(self) -> None:
        """Devices open after the window shows; the next answer uses them."""
        self.devices = self.state.devices
        self.typed_mode = self.devices.recorder is None

    def _settings_changed(self, keys: set[str]) -> None:
        settings = self.state.settings
        if "live_captions" in keys:
            self.live_captions = settings.get("live_captions")
        if keys & {"stop_on_silence", "silence_s"}:
            self.silence_s = settings.get("silence_s") if settings.get("stop_on_silence") else None

    # -- public -----------------------------------------------------------------------------

    def begin(self, steps: list[Step], options: PlanOptions, templates: dict[str, Template]) -> None:
        self.templates = templates
        self.options = options
        follow_ups = bool(self.state.settings.get("follow_up_questions"))
        if follow_ups:
            # Each follow-up is chosen from the answer instead of planned before it.
            steps = [s for s in steps if s.follow_up_of is None]
        self.interview = Interview(steps, think_s=options.think_s, follow_ups=follow_ups)
        self.transcripts = {}
        self._archive = _Archive(
            self.devices.db,
            {"questions": [s.question.id for s in steps], "order": options.order, "review": options.review},
        )
        self.state.interview_running = True
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
        interview = self.interview
        assert interview is not None
        speaker = self.devices.speaker

        def spoken(_result: object) -> None:
            if self.interview is interview:  # not a report for an interview begun since
                self.apply(interview.question_spoken())

        def failed(exc: BaseException) -> None:
            self.notice.emit(describe_failure("interview.no_voice", exc, self.lang))
            spoken(None)

        question = interview.question

        def say() -> None:
            if speaker is None:  # nothing to wait for: the question is on the screen
                return
            utterance = speaker.say(question.question, question.lang)
            utterance.wait(SPEECH_TIMEOUT_S)
            if utterance.message:
                raise DeviceError(utterance.message)

        self.state.tasks.run(say, owner=self, key=self.SPEECH, on_done=spoken, on_error=failed)

    def _stop_speaking(self) -> None:
        speaker = self.devices.speaker
        self._background(speaker.stop if speaker is not None else lambda: None, key=self.SPEECH)

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
        # Both come from worker threads (recognition, recording): handed to the GUI thread, and
        # dropped once this controller is gone.
        events = PracticeEvents(
            on_partial=on_gui_thread(self, self.partial.emit) if self.live_captions else None,
            on_input_blocked=on_gui_thread(self, lambda: self.notice.emit(microphone_blocked(self.lang))),
            on_refined=self.second_pass.on_refined,
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
            refine_engine=self.second_pass.engine,
        )
        self._run = run

        def record() -> PracticeResult:
            with archive.lock:
                run.session_id = archive.session()
                return run.run()

        def done(result: PracticeResult) -> None:
            # Disk full, a lost microphone, no transcript: said, kept.
            for text in self.second_pass.answer_saved(result, lambda t: self._refined(interview, index, t)):
                self.notice.emit(describe_notice(text, self.lang))
            if self.interview is interview:
                self.transcripts[index] = result.transcript.text
                if interview.index == index:
                    self.apply(interview.answer_ended(result.stopped_by))
                self._save_marks(result, interview.records[index].section_marks)
                self._choose_follow_up(interview, index, result.transcript.text)
                self.changed.emit()

        def failed(exc: BaseException) -> None:
            if self.interview is interview:
                self.apply(interview.follow_up_ready(index, None))  # nothing to dig into
            if isinstance(exc, DeviceError) and self.interview is interview:
                # No usable microphone: the rest of the interview is typed, still timed.
                self.typed_mode = True
                self.notice.emit(describe_error(exc, self.lang))
                self.answer_started.emit(True)
                self.changed.emit()
            else:
                self._device_error(exc)

        self.state.tasks.run(record, owner=self, on_done=done, on_error=failed, uses_db=True)

    def _refined(self, interview: Interview, index: int, text: str) -> None:
        """The second pass's transcript of an answer of this interview (e.g. an English one
        the live engine could not transcribe): the answer's text from now on."""
        if self.interview is interview:
            self.transcripts[index] = text
            self.changed.emit()

    def _stop_answer(self) -> None:
        interview = self.interview
        assert interview is not None
        run, self._run = self._run, None
        if run is not None:
            run.stop()
        if self.typed_mode and self.devices.db is not None:
            text = self.typed_text()
            self._save_typed(interview, text)
            self._choose_follow_up(interview, interview.index, text)
        elif self.typed_mode:
            self._choose_follow_up(interview, interview.index, self.typed_text())
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
                db.add_typed_attempt(
                    archive.session(),
                    question.id,
                    text,
                    template_id=question.template_id,
                    duration_s=duration,
                    section_marks=marks,
                )

        self._background(save, uses_db=True)

    def _save_marks(self, result: PracticeResult, marks: list[float]) -> None:
        db = self.devices.db
        if db is None or not marks:
            return
        marks = list(marks)

        def save() -> None:
            db.finish_attempt(
                result.attempt_id, status=STATUS_FINISHED, section_marks=marks, error=result.error
            )

        self._background(save, uses_db=True)

    def _finish(self) -> None:
        interview, db, archive = self.interview, self.devices.db, self._archive
        if db is not None:

            def end_session() -> None:
                with archive.lock:
                    if archive.session_id is not None:
                        db.end_session(archive.session_id)

            self._background(end_session, uses_db=True)
        self.state.interview_running = False
        self.finished.emit(interview)

    # -- follow-ups (issue 13): chosen by qt/follow_up_picker.py ----------------------------

    @property
    def follow_up_timeout_s(self) -> float:
        """How long a generated follow-up may take before the bank's is asked instead."""
        return self.follow_ups.timeout_s

    @follow_up_timeout_s.setter
    def follow_up_timeout_s(self, seconds: float) -> None:
        self.follow_ups.timeout_s = seconds

    def _choose_follow_up(self, interview: Interview, index: int, transcript: str) -> None:
        """Decide the follow-up of the answer at ``index`` once its transcript is known."""
        if not interview.awaits_follow_up(index):
            return

        def ready(step: Step | None) -> None:
            if self.interview is interview:
                self.apply(interview.follow_up_ready(index, step))

        archive = self._archive
        self.follow_ups.choose(
            interview.steps, index, transcript, self.devices.db, lambda: archive.session_id, ready
        )

    def _device_error(self, exc: BaseException) -> None:
        self.notice.emit(describe_error(exc, self.lang))
