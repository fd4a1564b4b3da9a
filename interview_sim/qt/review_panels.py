"""The review's text panels: the answer (with its correction editor and the word being played);
the reference beside it is in review_reference.

Every review panel is a widget with ``show_review(context)`` and ``retranslate(lang)``: the screen
adds it in one place and calls both (see ReviewScreen.add_panel). Texts are shown as plain text
with formats (see marked_text): reference answers and transcripts are data, never markup.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QPalette, QResizeEvent, QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from interview_sim.core import delivery
from interview_sim.core.analysis import Analysis
from interview_sim.core.review_session import ReviewView
from interview_sim.core.sources import source_title
from interview_sim.i18n import tr
from interview_sim.qt import marked_text as mt
from interview_sim.qt.theme import MUTED, ToneLabel, is_dark_palette


@dataclass
class ReviewContext:
    """What a panel draws from: the attempt as analysed, the UI language and the theme."""

    view: ReviewView
    lang: str
    # The screen's palette: the screen hears of a theme change before its children do.
    palette: QPalette

    @property
    def dark(self) -> bool:
        return is_dark_palette(self.palette)


class ReviewPanel(QWidget):
    """A part of the review screen: drawn again with each attempt, language and theme."""

    def show_review(self, context: ReviewContext) -> None:
        """Show the attempt of ``context``."""

    def retranslate(self, lang: str) -> None:
        """Set the texts that do not come from the attempt."""


class FitTextView(QTextEdit):
    """A read-only text as tall as its text (between a few lines and :attr:`MAX_LINES`), so a
    short answer does not sit in a box filling half the screen; longer ones scroll."""

    MIN_LINES, MAX_LINES = 4, 18

    def __init__(self) -> None:
        super().__init__()
        self.document().contentsChanged.connect(self.updateGeometry)

    def _lines(self, count: int) -> int:
        return self.fontMetrics().lineSpacing() * count + 2 * self.frameWidth() + 8

    def sizeHint(self) -> QSize:
        document = self.document()
        document.setTextWidth(self.viewport().width())
        height = int(document.size().height()) + 2 * self.frameWidth() + 4
        return QSize(
            super().sizeHint().width(),
            max(self._lines(self.MIN_LINES), min(height, self._lines(self.MAX_LINES))),
        )

    def minimumSizeHint(self) -> QSize:
        return QSize(super().minimumSizeHint().width(), self._lines(self.MIN_LINES))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()  # a narrower view wraps into more lines


def source_name(source: str, lang: str) -> str:
    """A reference's source as people know it: the note's title, not its file name."""
    return source_title(source, lang)


def read_only_view(name: str) -> QTextEdit:
    view = FitTextView()
    view.setObjectName(name)
    view.setReadOnly(True)
    view.setAcceptRichText(False)
    view.setTextInteractionFlags(
        Qt.TextInteractionFlag.TextSelectableByKeyboard | Qt.TextInteractionFlag.TextSelectableByMouse
    )
    return view


def ignore_height(editor: QWidget) -> None:
    """An editor page that does not make its stack as tall as an editor wants: the stack sizes
    to the text shown; while editing, the screen gives the texts the room (set_editing)."""
    policy = editor.sizePolicy()
    policy.setVerticalPolicy(QSizePolicy.Policy.Ignored)
    editor.setSizePolicy(policy)


TRAILING_MARK = " ↘"


def trailing_markers(analysis: Analysis) -> list[tuple[int, str]]:
    """A mark after each sentence that trails off (known once the voice is measured)."""
    if analysis.voice is None:
        return []
    return [
        (sentence.char_end, TRAILING_MARK)
        for sentence in analysis.voice.sentences
        if sentence.trailing_off and sentence.char_end is not None
    ]


class TranscriptPanel(ReviewPanel):
    """The answer with its key terms, fillers, repeats and long pauses marked; a click or Enter
    on a word asks to play from it, and the word being played is highlighted."""

    seek_requested = Signal(float)  # seconds of the word clicked

    def __init__(self, player_bar: QWidget) -> None:
        super().__init__()
        self.tokens: list[delivery.Token] = []
        self.map = mt.OffsetMap()
        self.current_token: int | None = None
        self._dark = False
        self.label = QLabel()
        self.view = read_only_view("transcript_view")
        self.view.installEventFilter(self)
        self.view.viewport().installEventFilter(self)
        self.editor = QPlainTextEdit()
        self.editor.setObjectName("transcript_editor")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.editor)
        ignore_height(self.editor)
        self.correct_button = QPushButton()
        self.correct_button.setObjectName("correct_transcript")
        self.recognized_button = QPushButton()
        self.recognized_button.setObjectName("show_recognized")
        self.recognized_button.setCheckable(True)
        row = QHBoxLayout()
        row.addWidget(player_bar)
        row.addStretch(1)
        row.addWidget(self.correct_button)
        row.addWidget(self.recognized_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        # While the second pass works on this answer: a quiet line, gone when it arrives.
        self.pending = ToneLabel(MUTED, "")
        self.pending.setObjectName("refine_pending")
        self.pending.setVisible(False)
        layout.addWidget(self.label)
        layout.addWidget(self.pending)
        layout.addWidget(self.stack, 1)
        layout.addLayout(row)

    def retranslate(self, lang: str) -> None:
        for button, key, keys in (
            (self.correct_button, "review.correct", "Ctrl+E"),
            (self.recognized_button, "review.show_recognized", "Ctrl+T"),
        ):
            button.setText(tr(key, lang))
            button.setToolTip(f"{tr(key, lang)} ({keys})")
        self.view.setToolTip(tr("review.transcript_tip", lang))

    def set_editing(self, editing: bool) -> None:
        self.stack.setCurrentIndex(1 if editing else 0)

    def show_review(self, context: ReviewContext) -> None:
        view, lang, analysis = context.view, context.lang, context.view.analysis
        self._dark = context.dark
        self.tokens = view.tokens
        attempt = view.attempt
        shown, live = attempt.transcript, attempt.recognized
        refined_shown = shown is not None and shown.source == "refined"
        # The live recognition stays one toggle away from a correction or a refined transcript.
        self.recognized_button.setVisible(
            view.corrected or (refined_shown and live is not None and bool(live.text.strip()))
        )
        self.label.setText(tr(self.source_key(view), lang))
        self.pending.setText(tr("refine.pending", lang))
        self.pending.setVisible(bool(attempt.refine_pending) and attempt.refined is None)
        document = self.view.document()
        document.clear()
        cursor = QTextCursor(document)
        self.current_token = None
        self.view.setExtraSelections([])
        if not analysis.transcript.strip():
            cursor.insertText(tr("review.no_transcript", lang), mt.char_format([mt.MARKER], context.dark))
            self.map = mt.OffsetMap()
            return
        marks = [
            mt.Mark(start, end, mt.COVERED)
            for term in analysis.terms
            if term.covered
            for start, end in term.transcript_spans
        ]
        marks += [mt.Mark(m.start, m.end, mt.FILLER) for m in analysis.fillers.items]
        marks += [mt.Mark(m.start, m.end, mt.REPEAT) for m in analysis.repeats]
        if analysis.habits is not None:
            marks += [mt.Mark(m.start, m.end, mt.HEDGE) for m in analysis.habits.hedges]
        markers = [
            (pause.offset, f" ‖ {pause.duration_s:.1f}s ‖ ")
            for pause in analysis.long_pauses
            if pause.offset is not None
        ]
        markers += trailing_markers(analysis)
        self.map = mt.insert_marked(cursor, analysis.transcript, marks, markers, dark=context.dark)

    @staticmethod
    def source_key(view: ReviewView) -> str:
        """Which transcript is shown, for its heading: live, refined, corrected, typed."""
        shown = view.attempt.transcript
        if view.recognized:
            return "review.transcript_recognized"
        source = shown.source if shown is not None else ""
        return {
            "corrected": "review.transcript_corrected",
            "refined": "review.transcript_refined",
            "recognized": "review.transcript_live",
        }.get(source, "review.transcript")

    @property
    def current_word(self) -> str | None:
        return None if self.current_token is None else self.tokens[self.current_token].text

    def highlight_time(self, seconds: float) -> None:
        """Highlight the word said at ``seconds`` (the last one begun by then)."""
        current = None
        for index, token in enumerate(self.tokens):
            if token.time_start is None:
                continue
            if token.time_start > seconds:
                break
            current = index
        if current == self.current_token:
            return
        self.current_token = current
        if current is None:
            self.view.setExtraSelections([])
            return
        token = self.tokens[current]
        selection = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.view.document())
        cursor.setPosition(self.map.to_document(token.start))
        cursor.setPosition(self.map.to_document(token.end), QTextCursor.MoveMode.KeepAnchor)
        selection.cursor = cursor
        selection.format = mt.selection_format(dark=self._dark)
        self.view.setExtraSelections([selection])
        follow = QTextCursor(self.view.document())
        follow.setPosition(self.map.to_document(token.start))
        self.view.setTextCursor(follow)  # keeps the word in view, and Enter seeks from it
        self.view.ensureCursorVisible()

    def restore_highlight(self, word: int | None) -> None:
        """Highlight the word ``word`` again after the document was rebuilt."""
        start = self.tokens[word].time_start if word is not None and word < len(self.tokens) else None
        if start is not None:
            self.highlight_time(start)

    def token_at(self, offset: int) -> int | None:
        for index, token in enumerate(self.tokens):
            if token.start <= offset <= token.end:
                return index
            if token.start > offset:
                return index
        return None

    def seek_to_offset(self, offset: int) -> None:
        """Ask to play from the word at a transcript offset (click or Enter on a word)."""
        index = self.token_at(offset)
        start = self.tokens[index].time_start if index is not None else None
        if start is not None:
            self.seek_requested.emit(start)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view.viewport() and event.type() == QEvent.Type.MouseButtonRelease:
            assert isinstance(event, QMouseEvent)
            if not self.view.textCursor().hasSelection():
                position = self.view.cursorForPosition(event.position().toPoint()).position()
                self.seek_to_offset(self.map.to_source(position))
        elif watched is self.view and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.seek_to_offset(self.map.to_source(self.view.textCursor().position()))
                return True
        return super().eventFilter(watched, event)
