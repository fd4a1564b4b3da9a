"""The interview screen: the question, the think countdown, the answer against its template.

It only draws and takes keys. Keys become events of the core
:class:`~interview_sim.core.interview.Interview`; its effects (speaking, recording, saving) are
carried out by :class:`~interview_sim.qt.interview_controller.InterviewController`, which reports
back with signals.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
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
from interview_sim.core.templates import Template
from interview_sim.i18n import tr
from interview_sim.qt.errors import UserMessage, show_message
from interview_sim.qt.interview_controller import InterviewController
from interview_sim.qt.interview_devices import InterviewDevices
from interview_sim.qt.theme import ERROR, MUTED, Tone, ToneLabel
from interview_sim.qt.widgets import TIMING_TONES, HelpOverlay, LevelMeter, SegmentBar, shortcuts_html

if TYPE_CHECKING:
    from interview_sim.qt.app_state import AppState

__all__ = ["InterviewDevices", "InterviewScreen", "fmt_s"]

TICK_MS = 100


def fmt_s(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 60}:{seconds % 60:02d}"


class InterviewScreen(QWidget):
    finished = Signal(object)  # the Interview, for the review

    def __init__(self, state: AppState) -> None:
        super().__init__()
        self.setObjectName("interview_screen")
        # The screen itself holds focus during an interview, so its key shortcuts apply.
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.state = state
        self.controller = InterviewController(state, self)
        self.controller.changed.connect(self._refresh)
        self.controller.notice.connect(self._show_notice)
        self.controller.partial.connect(self._show_partial)
        self.controller.answer_started.connect(self._answer_started)
        self.controller.answer_stopped.connect(self.setFocus)
        self.controller.finished.connect(self._finished)
        self._build_labels()
        self._build_layout(self._build_buttons())
        self.help = HelpOverlay(self)
        self._build_shortcuts()
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)
        state.language_changed.connect(self.retranslate)
        self.retranslate()

    def _build_labels(self) -> None:
        self.progress = QLabel()
        self.progress.setObjectName("progress")
        self.question = QLabel()
        self.question.setObjectName("question")
        self.question.setWordWrap(True)
        self.question.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.status = ToneLabel(None)
        self.status.setObjectName("interview_status")
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._scale_fonts()
        self.section_hint = QLabel()
        self.section_hint.setObjectName("section_hint")
        self.bar = SegmentBar()
        self.level = LevelMeter()
        self.level_label = QLabel()
        self.captions = ToneLabel(MUTED)
        self.captions.setObjectName("captions")
        self.captions.setWordWrap(True)
        self.typed = QPlainTextEdit()
        self.typed.setObjectName("typed_answer")
        self.typed.setTabChangesFocus(True)
        self.notice = ToneLabel(ERROR)
        self.notice.setObjectName("notice")
        self.notice.setWordWrap(True)
        self.review = QLabel()
        self.review.setObjectName("review")
        self.review.setWordWrap(True)

    def _build_buttons(self) -> QHBoxLayout:
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
        return button_row

    def _build_layout(self, button_row: QHBoxLayout) -> None:
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

    def _build_shortcuts(self) -> None:
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

    def _shortcut(self, sequence: QKeySequence, action: Callable[[], None]) -> None:
        shortcut = QShortcut(sequence, self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(action)

    # -- public -----------------------------------------------------------------------------

    # The controller holds the interview; these read through to it.
    @property
    def interview(self) -> Interview | None:
        return self.controller.interview

    @property
    def devices(self) -> InterviewDevices:
        return self.controller.devices

    @property
    def transcripts(self) -> dict[int, str]:
        return self.controller.transcripts

    @property
    def typed_mode(self) -> bool:
        return self.controller.typed_mode

    @property
    def options(self) -> PlanOptions:
        return self.controller.options

    @property
    def templates(self) -> dict[str, Template]:
        return self.controller.templates

    @property
    def live_captions(self) -> bool:
        return self.controller.live_captions

    @live_captions.setter
    def live_captions(self, on: bool) -> None:
        self.controller.live_captions = on

    @property
    def silence_s(self) -> float | None:
        return self.controller.silence_s

    @silence_s.setter
    def silence_s(self, seconds: float | None) -> None:
        self.controller.silence_s = seconds

    @property
    def lang(self) -> str:
        return self.state.lang

    def retranslate(self) -> None:
        lang = self.lang
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

    def begin(self, steps: list[Step], options: PlanOptions, templates: dict[str, Template]) -> None:
        self.notice.clear()
        self.controller.typed_text = self.typed.toPlainText
        self.timer.start()
        self.controller.begin(steps, options, templates)
        self.setFocus()

    def saved_session(self) -> Callable[[], int | None]:
        """A call that waits until this interview's answers are saved, then gives the archive's
        session id (None if nothing was saved). It blocks: run it off the GUI thread."""
        return self.controller.saved_session()

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

    # -- what the controller reports ---------------------------------------------------------

    def _apply(self, effects: list[Effect]) -> None:
        self.controller.apply(effects)

    def _answer_started(self, typed: bool) -> None:
        self.captions.clear()
        self.typed.clear()
        if typed:
            self.typed.setFocus()

    def _show_notice(self, message: UserMessage | str) -> None:
        show_message(self.notice, message)  # the device's detail in the tooltip

    def _finished(self, interview: Interview) -> None:
        self.timer.stop()
        self.finished.emit(interview)

    def _show_partial(self, text: str) -> None:
        if self.live_captions:
            self.captions.setText(text)

    # -- display ----------------------------------------------------------------------------

    def _tick(self) -> None:
        interview = self.interview
        if interview is None:
            return
        if interview.state is State.THINKING and interview.think_remaining() <= 0:
            self._apply(interview.think_elapsed())
            return
        if interview.state is State.ANSWERING:
            self.level.set_level(self.controller.level_db())
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
        status_tone: Tone | None = None
        hint = ""
        if state is State.SPEAKING:
            status = tr("interview.speaking", self.lang)
        elif state is State.THINKING:
            status = tr("interview.thinking", self.lang, seconds=int(interview.think_remaining() + 0.999))
        elif state is State.ANSWERING:
            status = tr("interview.answering", self.lang, elapsed=fmt_s(elapsed), target=target)
            timing = self.bar.timing()
            status_tone = TIMING_TONES[timing]
            if timing is Timing.AT_TARGET:
                hint = tr("interview.at_target", self.lang)
            elif timing is Timing.OVERRUN:
                hint = tr("interview.overrun", self.lang)
            elif template is not None:
                section = template.sections[template.section_at(elapsed)]
                hint = tr("interview.should_be", self.lang, section=section.label(self.lang))
        elif state is State.ANSWERED:
            status = tr("interview.answered", self.lang, elapsed=fmt_s(elapsed))
        elif state is State.PREPARING:
            status = tr("interview.preparing_follow_up", self.lang)
        elif state is State.DONE:
            status = tr("interview.done", self.lang, count=len(interview.answered))
        else:
            status = ""
        self.status.setText(status)
        self.status.set_tone(status_tone)
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
        # After the answer there is nothing to start or stop: Space and the button rest until Enter.
        self.buttons["answer"].setEnabled(state in (State.SPEAKING, State.THINKING, State.ANSWERING))
        self.buttons["repeat"].setEnabled(state in (State.SPEAKING, State.THINKING))
        self.buttons["mark"].setEnabled(answering)
        show_review = state is State.ANSWERED and self.options.review == "each"
        transcript = self.transcripts.get(interview.index, "")
        self.review.setText(transcript if show_review else "")
        self.review.setVisible(show_review and bool(transcript))

    def _scale_fonts(self) -> None:
        big = QFont(self.font())
        big.setPointSizeF(big.pointSizeF() * 2.0)
        big.setBold(True)
        self.question.setFont(big)
        status_font = QFont(self.font())
        status_font.setPointSizeF(status_font.pointSizeF() * 1.3)
        self.status.setFont(status_font)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._scale_fonts()  # the font size setting applies at once, headings included

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.help.isVisible():
            self.help.show_over(self.help_html())
