"""Small widgets: the interview screen's template bar, level meter and help overlay, and Enter
opening a table's row."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QKeyEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QAbstractItemView, QLabel, QProgressBar, QSizePolicy, QWidget

from interview_sim.core.interview import Timing, timing_of
from interview_sim.i18n import tr
from interview_sim.qt.theme import BAD, GOOD, WARN, Tone, is_dark_palette, tone

if TYPE_CHECKING:
    from interview_sim.core.templates import Template

TIMING_TONES: dict[Timing, Tone] = {Timing.ON_PLAN: GOOD, Timing.AT_TARGET: WARN, Timing.OVERRUN: BAD}


def timing_colour(timing: Timing, palette: QPalette) -> QColor:
    """The colour of where the answer stands against its template, readable on ``palette``."""
    return tone(TIMING_TONES[timing], palette)


class BarColours:
    """The template bar's fills and lines on the light theme, and on the dark one below."""

    def __init__(self, dark: bool) -> None:
        self.segments = (
            (QColor("#2b3a4d"), QColor("#33465c")) if dark else (QColor("#dce8f5"), QColor("#c9dbef"))
        )
        self.current = QColor("#1a4f8c") if dark else QColor("#a6d4fa")
        self.overtime = QColor("#2a2b2e") if dark else QColor("#eeeeee")
        self.hatch = QColor("#4a4d52") if dark else QColor("#d0d0d0")
        self.border = QColor("#6d7f94") if dark else QColor("#7a8ca0")
        self.label = QColor("#e8eaed") if dark else QColor("#1a1a1a")


class SegmentBar(QWidget):
    """The answer's template as segments scaled to time; the part up to the target is split
    into sections, the rest up to the maximum is overtime. A cursor shows the elapsed time."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("segment_bar")
        self.template: Template | None = None
        self.lang = "ko"
        self.elapsed_s = 0.0
        self.marks: list[float] = []
        self.setMinimumHeight(46)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_template(self, template: Template | None, lang: str) -> None:
        self.template, self.lang = template, lang
        self.elapsed_s, self.marks = 0.0, []
        self.update()

    def set_progress(self, elapsed_s: float, marks: list[float]) -> None:
        self.elapsed_s, self.marks = elapsed_s, list(marks)
        self.update()

    def timing(self) -> Timing:
        return timing_of(self.elapsed_s, self.template) if self.template else Timing.ON_PLAN

    def paintEvent(self, _event: QPaintEvent) -> None:
        template = self.template
        if template is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        area = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        scale = area.width() / template.max_s
        current = template.section_at(self.elapsed_s) if self.elapsed_s < template.target_s else -1
        x = area.left()
        palette = self.palette()  # read at each paint: a theme switch needs no more than a repaint
        dark = is_dark_palette(palette)
        colours = BarColours(dark)
        painter.setPen(QPen(colours.border, 1))
        for index, section in enumerate(template.sections):
            width = section.budget_s * scale
            rect = QRectF(x, area.top(), width, area.height())
            fill = colours.current if index == current else colours.segments[index % 2]
            painter.fillRect(rect, fill)
            painter.drawRect(rect)
            label = painter.fontMetrics().elidedText(
                section.label(self.lang), Qt.TextElideMode.ElideRight, int(width) - 6
            )
            painter.setPen(colours.label)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, label)
            painter.setPen(QPen(colours.border, 1))
            x += width
        overtime = QRectF(x, area.top(), area.right() - x, area.height())
        if overtime.width() > 0:
            # Past the target there is only overtime up to the maximum: hatched, not a section.
            painter.fillRect(overtime, colours.overtime)
            painter.fillRect(overtime, QBrush(colours.hatch, Qt.BrushStyle.BDiagPattern))
            painter.drawRect(overtime)
            painter.setPen(QPen(timing_colour(Timing.AT_TARGET, palette), 2))
            painter.drawLine(int(x), int(area.top()), int(x), int(area.bottom()))
        colour = timing_colour(self.timing(), palette)
        # The section marks a shade off the cursor: darker on the light bar, lighter on the dark.
        painter.setPen(QPen(colour.lighter(115) if dark else colour.darker(130), 1, Qt.PenStyle.DashLine))
        for mark in self.marks:
            mark_x = area.left() + min(mark, template.max_s) * scale
            painter.drawLine(int(mark_x), int(area.top()), int(mark_x), int(area.bottom()))
        cursor = area.left() + min(self.elapsed_s, template.max_s) * scale
        painter.setPen(QPen(colour, 4))
        painter.drawLine(int(cursor), int(area.top()), int(cursor), int(area.bottom()))
        painter.end()


class LevelMeter(QProgressBar):
    """Microphone level in dB, -60 (nothing) to 0 (clipping)."""

    FLOOR_DB = -60

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("level")
        self.setRange(self.FLOOR_DB, 0)
        self.setTextVisible(False)
        self.setFixedHeight(10)
        self.set_level(-100.0)

    def set_level(self, db: float) -> None:
        self.setValue(int(max(self.FLOOR_DB, min(0.0, db))))


class HelpOverlay(QLabel):
    """The keyboard shortcuts over the whole screen, dismissed with the same key."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("help_overlay")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setTextFormat(Qt.TextFormat.RichText)
        # Dark on either theme; the light edge sets it off from a dark window behind it.
        self.setStyleSheet(
            "QLabel#help_overlay { background: rgba(20, 24, 32, 242); color: white; border-radius: 10px;"
            " border: 1px solid rgba(255, 255, 255, 90); }"
        )
        self.hide()

    def show_over(self, html: str) -> None:
        self.setText(html)
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect().adjusted(40, 30, -40, -30))
        self.raise_()
        self.show()

    def toggle(self, html: str) -> None:
        if self.isVisible():
            self.hide()
        else:
            self.show_over(html)


SHORTCUTS = (
    ("Space", "help.space"),
    ("Tab", "help.tab"),
    ("R", "help.r"),
    ("Enter / →", "help.next"),
    ("Ctrl+Enter", "help.typed_stop"),
    ("Esc", "help.esc"),
    ("Enter", "help.enter_start"),
    ("Ctrl+T", "help.today_start"),
    ("Ctrl+Enter", "help.custom_start"),
    ("Ctrl+,", "help.settings"),
)


def shortcuts_html(lang: str) -> str:
    body = "".join(
        f"<tr><td><b>{key}</b>&nbsp;&nbsp;</td><td>{tr(text, lang)}</td></tr>" for key, text in SHORTCUTS
    )
    return f"<h2>{tr('help.title', lang)}</h2><table align='center' style='font-size:16px'>{body}</table>"


class OpenOnEnter(QObject):
    """Enter or a double click on a table's current row opens it (a table's own Enter only
    moves the cursor). Parented to the view, so it lives as long as the view."""

    def __init__(self, view: QAbstractItemView, open_current: Callable[[], None]) -> None:
        super().__init__(view)
        self._view, self._open_current = view, open_current
        view.installEventFilter(self)
        view.doubleClicked.connect(lambda _index: open_current())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._view and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._open_current()
                return True
        return super().eventFilter(watched, event)
