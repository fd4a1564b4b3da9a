"""The interview screen's clock: the phase, the large timer, what it counts toward, the think
countdown and, past the target, the banner.

The screen is built around the time, so this is its own widget; the screen only tells it the
interview's state on each tick.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QProgressBar, QVBoxLayout, QWidget

from interview_sim.core.interview import Interview, State, Timing
from interview_sim.core.templates import Template
from interview_sim.i18n import tr
from interview_sim.qt.theme import BAD, MUTED, THINK, WARN, Tone, ToneLabel
from interview_sim.qt.widgets import TIMING_TONES, FilledLabel

__all__ = ["InterviewClock", "fmt_s"]


def fmt_s(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 60}:{seconds % 60:02d}"


class InterviewClock(QWidget):
    """The phase (reading, thinking, answering), the large clock under it, what the clock counts
    toward and the think countdown bar.

    ``banner`` (target reached, overrun) and ``section_hint`` (the section the answer should be
    in) are the clock's too, but the screen places them lower down, beside the template bar they
    speak about.
    """

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("interview_clock")
        self.status = ToneLabel(None)
        self.status.setObjectName("interview_status")
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.clock = ToneLabel(None)
        self.clock.setObjectName("clock")
        self.clock.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.clock_note = ToneLabel(MUTED)
        self.clock_note.setObjectName("clock_note")
        self.clock_note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.think_bar = QProgressBar()
        self.think_bar.setObjectName("think_bar")
        self.think_bar.setTextVisible(False)
        self.think_bar.setFixedHeight(8)
        self.think_bar.setFixedWidth(320)
        self.banner = FilledLabel(WARN)
        self.banner.setObjectName("overrun_banner")
        self.banner.hide()
        self.section_hint = QLabel()
        self.section_hint.setObjectName("section_hint")
        self._scale_fonts()
        # No margins: the labels sit in the screen's column as if laid out there directly.
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.status)
        layout.addWidget(self.clock)
        layout.addWidget(self.clock_note)
        layout.addWidget(self.think_bar, 0, Qt.AlignmentFlag.AlignHCenter)

    def display(
        self, interview: Interview, elapsed: float, timing: Timing, template: Template | None, lang: str
    ) -> None:
        """Show the interview's state: the phase, the large clock and its note; past the target,
        the banner, else the section the answer should be in."""
        state = interview.state
        status, note, clock = "", "", ""
        clock_tone: Tone | None = None
        status_tone: Tone | None = None
        thinking = state is State.THINKING
        if state is State.SPEAKING:
            # The think time still to come, muted: the clock is not running yet.
            status, status_tone = tr("interview.speaking", lang), MUTED
            clock, clock_tone = fmt_s(interview.think_s), MUTED
            note = tr("interview.reading_then", lang) if interview.think_s > 0 else ""
        elif thinking:
            remaining = interview.think_remaining()
            status, status_tone = tr("interview.thinking", lang), THINK
            clock, clock_tone = fmt_s(remaining + 0.999), THINK
            note = tr("interview.think_then", lang)
            self.think_bar.setRange(0, max(1, int(interview.think_s * 10)))
            self.think_bar.setValue(int(remaining * 10))
        elif state is State.ANSWERING:
            status_tone = clock_tone = TIMING_TONES[timing]
            status, clock = tr("interview.answering", lang), fmt_s(elapsed)
            if template is not None:
                note = tr(
                    "interview.target_line", lang, target=fmt_s(template.target_s), max=fmt_s(template.max_s)
                )
        elif state is State.ANSWERED:
            status = tr("interview.answered", lang, elapsed=fmt_s(elapsed))
        elif state is State.PREPARING:  # a follow-up being chosen from the answer (issue 13)
            status = tr("interview.preparing_follow_up", lang)
        elif state is State.DONE:
            status = tr("interview.done", lang, count=len(interview.answered))
        self.status.setText(status)
        self.status.set_tone(status_tone)
        self.clock.setText(clock)
        self.clock.set_tone(clock_tone)
        self.clock.setVisible(bool(clock))
        self.clock_note.setText(note)
        self.think_bar.setVisible(thinking)
        self._show_banner(state, elapsed, timing, template, lang)

    def _show_banner(
        self, state: State, elapsed: float, timing: Timing, template: Template | None, lang: str
    ) -> None:
        hint = ""
        banner = ""
        if state is State.ANSWERING:
            if timing is Timing.AT_TARGET:
                banner = tr("interview.at_target", lang)
            elif timing is Timing.OVERRUN:
                banner = tr("interview.overrun", lang)
            elif template is not None:
                section = template.sections[template.section_at(elapsed)]
                hint = tr("interview.should_be", lang, section=section.label(lang))
        self.banner.setText(banner)
        self.banner.set_tone(BAD if timing is Timing.OVERRUN else WARN)
        self.banner.setVisible(bool(banner))
        self.section_hint.setText(hint)

    def _scale_fonts(self) -> None:
        status_font = QFont(self.font())
        status_font.setPointSizeF(status_font.pointSizeF() * 1.3)
        status_font.setBold(True)
        self.status.setFont(status_font)
        clock_font = QFont(self.font())
        clock_font.setPointSizeF(clock_font.pointSizeF() * 4.0)
        clock_font.setBold(True)
        clock_font.setStyleHint(QFont.StyleHint.Monospace)
        self.clock.setFont(clock_font)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._scale_fonts()  # the font size setting applies at once
