"""The interview screen: the question, the think countdown, the answer against its template.

Everything the interview does goes through :class:`~interview_sim.core.interview.Interview`:
keys become events, and the effects it returns are carried out here, with every device call
and database write on :func:`run_in_background`. Workers report back through the relay's
queued signals; they never touch a widget.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from interview_sim.core.interview import Effect, Interview, PlanOptions, State, Step, Timing
from interview_sim.core.practice import PracticeEvents, PracticeOptions, PracticeResult, PracticeRun
from interview_sim.core.storage import STATUS_FINISHED, STATUS_TYPED, Database
from interview_sim.core.templates import Template
from interview_sim.devices.base import DeviceError, Recorder, Speaker, Transcriber
from interview_sim.i18n import tr
from interview_sim.qt.tasks import run_in_background
from interview_sim.qt.widgets import COLOURS, HelpOverlay, LevelMeter, SegmentBar, shortcuts_html

TICK_MS = 100
SPEECH_TIMEOUT_S = 120.0


@dataclass
class InterviewDevices:
    speaker: Speaker | None = None
    recorder: Recorder | None = None  # None: answers are typed
    transcriber: Transcriber | None = None
    db: Database | None = None


class _Relay(QObject):
    """Carries partial captions from the live-transcription thread to the GUI thread."""

    partial = Signal(str)


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


def fmt_s(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 60}:{seconds % 60:02d}"


class InterviewScreen(QWidget):
    finished = Signal(object)  # the Interview, for the review

    def __init__(self, lang: str = "ko", devices: InterviewDevices | None = None) -> None:
        super().__init__()
        self.setObjectName("interview_screen")
        # The screen itself holds focus during an interview, so its key shortcuts apply.
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.lang = lang
        self.devices = devices or InterviewDevices()
        self.templates: dict[str, Template] = {}
        self.interview: Interview | None = None
        self.options = PlanOptions()
        self.live_captions = False
        self.typed_mode = self.devices.recorder is None
        self.transcripts: dict[int, str] = {}
        self._speech_generation = 0
        self._run: PracticeRun | None = None
        self._archive = _Archive(None, {})
        self._relay = _Relay()
        self._relay.partial.connect(self._show_partial)

        self.progress = QLabel()
        self.progress.setObjectName("progress")
        self.question = QLabel()
        self.question.setObjectName("question")
        self.question.setWordWrap(True)
        self.question.setAlignment(Qt.AlignmentFlag.AlignCenter)
        big = QFont(self.font())
        big.setPointSizeF(big.pointSizeF() * 2.0)
        big.setBold(True)
        self.question.setFont(big)
        self.status = QLabel()
        self.status.setObjectName("interview_status")
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        status_font = QFont(self.font())
        status_font.setPointSizeF(status_font.pointSizeF() * 1.3)
        self.status.setFont(status_font)
        self.section_hint = QLabel()
        self.section_hint.setObjectName("section_hint")
        self.bar = SegmentBar()
        self.level = LevelMeter()
        self.level_label = QLabel()
        self.captions = QLabel()
        self.captions.setObjectName("captions")
        self.captions.setWordWrap(True)
        self.captions.setStyleSheet("color: #555;")
        self.typed = QPlainTextEdit()
        self.typed.setObjectName("typed_answer")
        self.typed.setTabChangesFocus(True)
        self.notice = QLabel()
        self.notice.setObjectName("notice")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("color: #b23c17;")
        self.review = QLabel()
        self.review.setObjectName("review")
        self.review.setWordWrap(True)

        self.buttons: dict[str, QPushButton] = {}
        button_row = QHBoxLayout()
        for name, action in (
            ("answer", self.toggle_answer),
            ("mark", self.mark_section),
            ("repeat", self.repeat),
            ("next", self.next_question),
            ("end", self.end_interview),
        ):
            button = QPushButton()
            button.setObjectName(f"button_{name}")
            # Keys drive the screen; a focused button would swallow Space as a click.
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(action)
            self.buttons[name] = button
            button_row.addWidget(button)

        level_row = QHBoxLayout()
        level_row.addWidget(self.level_label)
        level_row.addWidget(self.level, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 20, 32, 20)
        layout.addWidget(self.progress)
        layout.addStretch(1)
        layout.addWidget(self.question)
        layout.addWidget(self.status)
        layout.addStretch(1)
        layout.addWidget(self.section_hint)
        layout.addWidget(self.bar)
        layout.addLayout(level_row)
        layout.addWidget(self.captions)
        layout.addWidget(self.typed, 2)
        layout.addWidget(self.review)
        layout.addWidget(self.notice)
        layout.addLayout(button_row)
        self.help = HelpOverlay(self)

        self._shortcuts: list[tuple[QShortcut, str]] = []
        for keys, action in (
            ((Qt.Key.Key_Space,), self.toggle_answer),
            ((Qt.Key.Key_Tab,), self.mark_section),
            ((Qt.Key.Key_R,), self.repeat),
            ((Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Right), self.next_question),
            ((Qt.Key.Key_Escape,), self.end_interview),
            ((Qt.Key.Key_F1, Qt.Key.Key_Question), self.toggle_help),
            # The typed answer box takes Space and Enter as text, so it needs a chord to stop.
            ((Qt.KeyboardModifier.ControlModifier | Qt.Key.Key_Return,), self.toggle_answer),
        ):
            for key in keys:
                self._shortcut(QKeySequence(key), action)

        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)
        self.retranslate(lang)

    def _background(
        self, fn: Callable[[], Any], on_done: Callable[[Any], None], on_error: Callable[[BaseException], None]
    ) -> None:
        """run_in_background, dropping the report if this screen was closed in the meantime."""

        def alive() -> bool:
            return shiboken6.isValid(self)

        run_in_background(
            fn,
            lambda result: on_done(result) if alive() else None,
            lambda exc: on_error(exc) if alive() else None,
        )

    def _shortcut(self, sequence: QKeySequence, action: Callable[[], None]) -> None:
        shortcut = QShortcut(sequence, self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(action)

    # -- public -----------------------------------------------------------------------------

    def retranslate(self, lang: str) -> None:
        self.lang = lang
        tips = {
            "answer": ("interview.answer_now", "Space"),
            "mark": ("interview.mark", "Tab"),
            "repeat": ("interview.repeat", "R"),
            "next": ("interview.next", "Enter / →"),
            "end": ("interview.end", "Esc"),
        }
        for name, (key, shortcut) in tips.items():
            self.buttons[name].setText(tr(key, lang))
            self.buttons[name].setToolTip(f"{tr(key, lang)} ({shortcut})")
        self.level_label.setText(tr("interview.level", lang))
        self.typed.setPlaceholderText(tr("interview.typed_placeholder", lang))
        if self.help.isVisible():
            self.help.show_over(self.help_html())
        self._refresh()

    def set_devices(self, devices: InterviewDevices) -> None:
        """Devices open after the window shows; the next answer uses them."""
        self.devices = devices
        self.typed_mode = devices.recorder is None

    def begin(self, steps: list[Step], options: PlanOptions, templates: dict[str, Template]) -> None:
        self.templates = templates
        self.options = options
        self.interview = Interview(steps, think_s=options.think_s)
        self.transcripts = {}
        self.notice.clear()
        self._archive = _Archive(
            self.devices.db,
            {"questions": [s.question.id for s in steps], "order": options.order, "review": options.review},
        )
        if self.typed_mode:
            self.notice.setText(tr("interview.typed_mode", self.lang))
        self.timer.start()
        self._apply(self.interview.start())
        self.setFocus()

    def saved_session(self) -> Callable[[], int | None]:
        """A call that waits until this interview's answers are saved, then gives the archive's
        session id (None if nothing was saved). It blocks: run it off the GUI thread."""
        archive = self._archive

        def wait() -> int | None:
            with archive.lock:
                return archive.session_id

        return wait

    def help_html(self) -> str:
        return shortcuts_html(self.lang)

    # -- keys -------------------------------------------------------------------------------

    def toggle_answer(self) -> None:
        if self.interview is not None:
            self._apply(self.interview.toggle())

    def mark_section(self) -> None:
        if self.interview is not None and self.interview.mark_section():
            self._refresh()

    def repeat(self) -> None:
        if self.interview is not None:
            self._apply(self.interview.repeat())

    def next_question(self) -> None:
        if self.interview is not None:
            self._apply(self.interview.next_question())

    def end_interview(self) -> None:
        if self.help.isVisible():
            self.help.hide()
            return
        if self.interview is not None:
            self._apply(self.interview.end())

    def toggle_help(self) -> None:
        self.help.toggle(self.help_html())

    # -- effects ----------------------------------------------------------------------------

    def _apply(self, effects: list[Effect]) -> None:
        interview = self.interview
        assert interview is not None
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
        self._refresh()

    def _speak(self) -> None:
        self._speech_generation += 1
        generation = self._speech_generation
        interview = self.interview
        assert interview is not None
        speaker = self.devices.speaker

        def spoken(_result: object) -> None:
            # A repeat or a skip since then makes this report stale.
            if generation == self._speech_generation and self.interview is interview:
                self._apply(interview.question_spoken())

        def failed(exc: BaseException) -> None:
            self.notice.setText(tr("interview.no_voice", self.lang, error=exc))
            spoken(None)

        if speaker is None:
            QTimer.singleShot(0, lambda: spoken(None))
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
        self.captions.clear()
        self.typed.clear()
        recorder, db = self.devices.recorder, self.devices.db
        if self.typed_mode or recorder is None or db is None:
            self.typed.setFocus()
            return
        question, index, archive = interview.question, interview.index, self._archive
        template = self.templates.get(question.template_id)
        options = PracticeOptions(
            max_seconds=template.max_s if template else 120.0, speak=False, think_seconds=0.0, compress=False
        )
        events = PracticeEvents(on_partial=self._relay.partial.emit)

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
            if self.interview is interview:
                self.transcripts[index] = result.transcript.text
                if interview.index == index:
                    self._apply(interview.answer_ended(result.stopped_by))
                self._save_marks(result, interview.records[index].section_marks)
                self._refresh()

        def failed(exc: BaseException) -> None:
            if isinstance(exc, DeviceError) and self.interview is interview:
                # No usable microphone: the rest of the interview is typed, still timed.
                self.typed_mode = True
                self.notice.setText(tr("interview.no_microphone", self.lang, error=exc))
                self._refresh()
                self.typed.setFocus()
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
            self._save_typed(interview, self.typed.toPlainText())
        self.setFocus()

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
        self.timer.stop()
        interview, db, archive = self.interview, self.devices.db, self._archive
        if db is not None:

            def end_session() -> None:
                with archive.lock:
                    if archive.session_id is not None:
                        db.end_session(archive.session_id)

            self._background(end_session, lambda _r: None, self._device_error)
        self.finished.emit(interview)

    def _device_error(self, exc: BaseException) -> None:
        self.notice.setText(tr("interview.device_error", self.lang, error=exc))

    def _show_partial(self, text: str) -> None:
        if self.live_captions and shiboken6.isValid(self):
            self.captions.setText(text)

    # -- display ----------------------------------------------------------------------------

    def _tick(self) -> None:
        interview = self.interview
        if interview is None:
            return
        if interview.state is State.THINKING and interview.think_remaining() <= 0:
            self._apply(interview.think_elapsed())
            return
        if interview.state is State.ANSWERING and not self.typed_mode and self.devices.recorder is not None:
            self.level.set_level(self.devices.recorder.level().rms_db)
        self._refresh()

    def _refresh(self) -> None:
        interview = self.interview
        if interview is None:
            return
        state = interview.state
        step = interview.step
        template = self.templates.get(step.question.template_id)
        if self.bar.template is not template:
            self.bar.set_template(template, self.lang)
        self.bar.lang = self.lang
        total = len(interview.steps)
        progress = tr("interview.progress", self.lang, index=interview.index + 1, total=total)
        if step.follow_up_of:
            progress += f"  ·  {tr('interview.follow_up', self.lang)}"
        self.progress.setText(progress)
        self.question.setText(step.question.question)
        elapsed = interview.elapsed()
        record = interview.record
        marks = record.section_marks if record else []
        self.bar.set_progress(elapsed, marks)
        target = fmt_s(template.target_s) if template else "-"
        colour = "palette(text)"
        hint = ""
        if state is State.SPEAKING:
            status = tr("interview.speaking", self.lang)
        elif state is State.THINKING:
            status = tr("interview.thinking", self.lang, seconds=int(interview.think_remaining() + 0.999))
        elif state is State.ANSWERING:
            status = tr("interview.answering", self.lang, elapsed=fmt_s(elapsed), target=target)
            timing = self.bar.timing()
            colour = COLOURS[timing].name()
            if timing is Timing.AT_TARGET:
                hint = tr("interview.at_target", self.lang)
            elif timing is Timing.OVERRUN:
                hint = tr("interview.overrun", self.lang)
            elif template is not None:
                section = template.sections[template.section_at(elapsed)]
                hint = tr("interview.should_be", self.lang, section=section.label(self.lang))
        elif state is State.ANSWERED:
            status = tr("interview.answered", self.lang, elapsed=fmt_s(elapsed))
        elif state is State.DONE:
            status = tr("interview.done", self.lang, count=len(interview.answered))
        else:
            status = ""
        self.status.setText(status)
        self.status.setStyleSheet(f"color: {colour};")
        self.section_hint.setText(hint)
        answering = state is State.ANSWERING
        self.typed.setVisible(self.typed_mode and answering)
        self.level.setVisible(not self.typed_mode)
        self.level_label.setVisible(not self.typed_mode)
        self.captions.setVisible(self.live_captions and not self.typed_mode)
        if not answering:
            self.level.set_level(-100.0)
        self.buttons["answer"].setText(
            tr("interview.stop" if answering else "interview.answer_now", self.lang)
        )
        self.buttons["repeat"].setEnabled(state in (State.SPEAKING, State.THINKING))
        self.buttons["mark"].setEnabled(answering)
        show_review = state is State.ANSWERED and self.options.review == "each"
        transcript = self.transcripts.get(interview.index, "")
        self.review.setText(transcript if show_review else "")
        self.review.setVisible(show_review and bool(transcript))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.help.isVisible():
            self.help.show_over(self.help_html())
