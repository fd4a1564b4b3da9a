"""Small widgets: the interview screen's template bar, level meter and help overlay, and Enter
opening a table's row."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QGuiApplication,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QAbstractItemView, QLabel, QProgressBar, QPushButton, QSizePolicy, QWidget

from interview_sim.core.interview import Timing, timing_of
from interview_sim.i18n import tr
from interview_sim.qt.theme import (
    BAD,
    DISABLED_TEXT,
    GOOD,
    PRIMARY,
    WARN,
    Tone,
    fill_colours,
    is_dark_palette,
    mix,
    tone,
)

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

    @staticmethod
    def alert(fill: QColor, colour: QColor) -> QColor:
        """``fill`` turned toward the overrun ``colour``: the whole bar says "over time"."""
        return mix(colour, fill, ALERT_SHARE)


# The overtime past the target gets at most this share of the bar: the sections keep the room
# their names need, and the cursor still moves visibly through the overtime.
OVERTIME_SHARE = 0.15
# From the target on, the whole bar takes this much of the timing colour.
ALERT_SHARE = 0.35


class SegmentBar(QWidget):
    """The answer's template as segments scaled to time; the part up to the target is split
    into sections, the rest up to the maximum is overtime. A cursor shows the elapsed time.
    From the target on, the whole bar turns the timing colour."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("segment_bar")
        self.template: Template | None = None
        self.lang = "ko"
        self.elapsed_s = 0.0
        self.marks: list[float] = []
        self.shown_labels: list[str] = []  # the section names as last drawn (elided or not)
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

    def target_share(self) -> float:
        """The share of the bar the sections (up to the target) take."""
        template = self.template
        if template is None or template.max_s <= 0:
            return 1.0
        return max(1.0 - OVERTIME_SHARE, min(1.0, template.target_s / template.max_s))

    def x_at(self, seconds: float, area: QRectF) -> float:
        """Where ``seconds`` into the answer falls on the bar: the target splits two scales."""
        template = self.template
        assert template is not None
        seconds = max(0.0, min(seconds, template.max_s))
        target_x = area.left() + area.width() * self.target_share()
        if seconds <= template.target_s:
            return area.left() + (target_x - area.left()) * seconds / max(template.target_s, 1e-9)
        overtime = max(template.max_s - template.target_s, 1e-9)
        return target_x + (area.right() - target_x) * (seconds - template.target_s) / overtime

    def paintEvent(self, _event: QPaintEvent) -> None:
        template = self.template
        if template is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        area = QRectF(self.rect()).adjusted(2, 2, -2, -2)
        current = template.section_at(self.elapsed_s) if self.elapsed_s < template.target_s else -1
        palette = self.palette()  # read at each paint: a theme switch needs no more than a repaint
        dark = is_dark_palette(palette)
        colours = BarColours(dark)
        timing = self.timing()
        colour = timing_colour(timing, palette)
        # From the target on, the whole bar takes the timing colour (the warning, then the
        # overrun one): not just the cursor.
        overrun = timing is not Timing.ON_PLAN
        self.shown_labels = []
        start = 0.0
        for index, section in enumerate(template.sections):
            x, end_x = self.x_at(start, area), self.x_at(start + section.budget_s, area)
            start += section.budget_s
            rect = QRectF(x, area.top(), end_x - x, area.height())
            fill = colours.current if index == current else colours.segments[index % 2]
            painter.fillRect(rect, colours.alert(fill, colour) if overrun else fill)
            painter.setPen(QPen(colours.border, 1))
            painter.drawRect(rect)
            painter.setPen(colours.label)
            self._draw_label(painter, rect, section.label(self.lang))
        target_x = self.x_at(template.target_s, area)
        overtime = QRectF(target_x, area.top(), area.right() - target_x, area.height())
        if overtime.width() > 0:
            # Past the target there is only overtime up to the maximum: hatched, not a section.
            fill = colours.alert(colours.overtime, colour) if overrun else colours.overtime
            painter.fillRect(overtime, fill)
            painter.fillRect(overtime, QBrush(colours.hatch, Qt.BrushStyle.BDiagPattern))
            painter.setPen(QPen(colours.border, 1))
            painter.drawRect(overtime)
            painter.setPen(QPen(timing_colour(Timing.AT_TARGET, palette), 2))
            painter.drawLine(QPointF(target_x, area.top()), QPointF(target_x, area.bottom()))
        if timing is not Timing.ON_PLAN:
            # The whole bar is framed in the timing colour once the target is reached.
            painter.setPen(QPen(colour, 3))
            painter.drawRect(area)
        # The section marks a shade off the cursor: darker on the light bar, lighter on the dark.
        painter.setPen(QPen(colour.lighter(115) if dark else colour.darker(130), 1, Qt.PenStyle.DashLine))
        for mark in self.marks:
            mark_x = self.x_at(mark, area)
            painter.drawLine(QPointF(mark_x, area.top()), QPointF(mark_x, area.bottom()))
        cursor = self.x_at(self.elapsed_s, area)
        painter.setPen(QPen(colour, 4))
        painter.drawLine(QPointF(cursor, area.top()), QPointF(cursor, area.bottom()))
        painter.end()

    def _draw_label(self, painter: QPainter, rect: QRectF, text: str) -> None:
        """The section's name in the bar's font, a size smaller if that is what it takes to fit,
        elided only if even that is too wide."""
        room = int(rect.width()) - 6
        font = QFont(self.font())
        if painter.fontMetrics().horizontalAdvance(text) > room:
            font.setPointSizeF(font.pointSizeF() * 0.85)
        painter.setFont(font)
        shown = painter.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, room)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, shown)
        painter.setFont(self.font())
        self.shown_labels.append(shown)


class FilledLabel(QLabel):
    """A banner: text on a fill of a tone ("wrap up" on the overrun colour), both following
    the theme."""

    def __init__(self, pair: Tone) -> None:
        super().__init__()
        self._pair = pair
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self._restyle()

    def set_tone(self, pair: Tone) -> None:
        if pair != self._pair:
            self._pair = pair
            self._restyle()

    def colours(self) -> tuple[QColor, QColor]:
        return fill_colours(self._pair, QGuiApplication.palette())

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._restyle()

    def _restyle(self) -> None:
        fill, text = self.colours()
        sheet = (
            f"QLabel {{ background: {fill.name()}; color: {text.name()}; font-weight: bold;"
            " border-radius: 6px; padding: 6px 12px; }"
        )
        if sheet != self.styleSheet():  # restyling sends a palette change: only when it differs
            self.setStyleSheet(sheet)


class PrimaryButton(QPushButton):
    """The screen's one main action: filled, bold and larger than the buttons around it."""

    def __init__(self) -> None:
        super().__init__()
        self.setMinimumWidth(220)
        self._restyle()

    def colours(self) -> tuple[QColor, QColor]:
        return fill_colours(PRIMARY, QGuiApplication.palette())

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._restyle()

    def _restyle(self) -> None:
        palette = QGuiApplication.palette()
        fill, text = self.colours()
        disabled = tone(DISABLED_TEXT, palette)
        button = palette.color(QPalette.ColorRole.Button)
        edge = mix(palette.color(QPalette.ColorRole.ButtonText), button, 0.45)
        sheet = (
            f"QPushButton {{ background: {fill.name()}; color: {text.name()}; font-weight: bold;"
            " border: none; border-radius: 6px; padding: 10px 28px; }"
            f" QPushButton:hover {{ background: {mix(text, fill, 0.12).name()}; }}"
            f" QPushButton:disabled {{ background: {button.name()}; color: {disabled.name()};"
            f" border: 1px solid {edge.name()}; }}"
        )
        if sheet != self.styleSheet():
            self.setStyleSheet(sheet)


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


HELP_BACKGROUND = "#141820"


class HelpOverlay(QLabel):
    """The keyboard shortcuts over the whole screen, dismissed with the same key."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("help_overlay")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setTextFormat(Qt.TextFormat.RichText)
        # Opaque and dark on either theme, so the screen behind never shows through the text;
        # the light edge sets it off from a dark window behind it.
        self.setStyleSheet(
            f"QLabel#help_overlay {{ background: {HELP_BACKGROUND}; color: white; border-radius: 10px;"
            " border: 1px solid #8a9099; }"
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

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.hide()  # a click anywhere on it closes it too
        event.accept()


def toggle_page_help(page: QWidget, screen: str, lang: str) -> HelpOverlay:
    """The help of ``screen`` over ``page`` (made on first use), shown or hidden."""
    overlay = page.findChild(HelpOverlay, "help_overlay")
    if overlay is None:
        overlay = HelpOverlay(page)
    overlay.toggle(shortcuts_html(lang, screen))
    return overlay


# Each screen's help lists its own keys. "Next section" is N, not Tab: Tab stays keyboard
# navigation between controls.
SHORTCUTS: dict[str, tuple[tuple[str, str], ...]] = {
    "interview": (
        ("Space", "help.space"),
        ("N", "help.next_section"),
        ("R", "help.r"),
        ("Enter / →", "help.next"),
        ("Ctrl+Enter", "help.typed_stop"),
        ("Esc", "help.esc"),
        ("F1", "help.f1"),
    ),
    "bank": (
        ("Ctrl+F", "help.bank_search"),
        ("Enter", "help.bank_practise"),
        ("Ctrl+Shift+D", "help.documents"),
        ("F1", "help.f1"),
    ),
    "history": (
        ("Enter", "help.history_open"),
        ("Ctrl+L", "help.history_find"),
        ("Ctrl+D", "help.history_compare"),
        ("Ctrl+G", "help.history_progress"),
        ("Del / Shift+Del", "help.history_delete"),
        ("Esc", "help.back"),
        ("F1", "help.f1"),
    ),
    "start": (
        ("Enter", "help.enter_start"),
        ("Ctrl+T", "help.today_start"),
        ("Ctrl+Enter", "help.custom_start"),
        ("Ctrl+,", "help.settings"),
        ("Ctrl+Shift+D", "help.documents"),
        ("Tab", "help.tab_focus"),
        ("F1", "help.f1"),
    ),
}


def shortcuts_html(lang: str, screen: str = "interview") -> str:
    body = "".join(
        f"<tr><td><b>{key}</b>&nbsp;&nbsp;</td><td>{tr(text, lang)}</td></tr>"
        for key, text in SHORTCUTS[screen]
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
