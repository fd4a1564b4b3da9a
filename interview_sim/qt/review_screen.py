"""The review of one answer: a verdict first (score, what to fix, answer again or go on), then
what was said beside the reference, delivery against its norms, playback with the current word,
and the user's edits.

A view over :class:`~interview_sim.core.review_session.ReviewSession`: every database write and
the loading of an attempt run off the GUI thread through ``state.tasks``; the screen lays out
its panels (review_panels, review_reference, review_details, review_player, ...) and shows what
the use cases return. Loading and reloading are in review_loading, the edits and saving in
review_editing.
Re-analysing one answer (showing the recognized text, a new bank) is cheap enough to run here
(bench/review_bench.py measures a 5-minute answer).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from interview_sim.core.analysis import Analysis
from interview_sim.core.bank import Bank
from interview_sim.core.review_session import ReviewView
from interview_sim.core.storage import RATINGS, Attempt
from interview_sim.devices.player import FilePlayer
from interview_sim.i18n import tr
from interview_sim.qt.app_state import AppState
from interview_sim.qt.errors import UserMessage
from interview_sim.qt.errors import show_message as show_user_message
from interview_sim.qt.formatting import bigger
from interview_sim.qt.review_card import VerdictCard
from interview_sim.qt.review_details import MetricsPanel, NotesPanel
from interview_sim.qt.review_editing import ReviewEditing
from interview_sim.qt.review_feedback import FeedbackPanel
from interview_sim.qt.review_generated import SaveGeneratedPanel
from interview_sim.qt.review_loading import ReviewLoading
from interview_sim.qt.review_panels import ReviewContext, ReviewPanel, TranscriptPanel
from interview_sim.qt.review_player import PlayerBar
from interview_sim.qt.review_reference import ReferencePanel
from interview_sim.qt.review_timeline import TimelinePanel

P = TypeVar("P", bound=ReviewPanel)


class ReviewScreen(QWidget):
    back_requested = Signal()
    # "Answer this question again": the shell starts an interview with this one question.
    answer_again_requested = Signal(str)

    def __init__(self, state: AppState, player: FilePlayer) -> None:
        super().__init__()
        self.setObjectName("review_screen")
        self.state = state
        self.player = player
        self.view: ReviewView | None = None
        self.view_bank: Bank | None = None  # the bank self.view was analysed against
        self.editing = ReviewEditing(self, self)  # the correction or reference edit open, and saving
        self.loading = ReviewLoading(self, self)  # reading the attempt, again when it changes elsewhere
        self.panels: list[ReviewPanel] = []
        # The answers "next" walks through (the session's, from the summary), in order.
        self.sequence: list[int] = []

        self.back_button = QPushButton()
        self.back_button.setObjectName("review_back")
        self.back_button.clicked.connect(self.go_back)
        self.title = QLabel()
        self.title.setObjectName("review_question")
        self.title.setWordWrap(True)
        self.title.setFont(bigger(self.font(), 1.4))
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.texts = QSplitter(Qt.Orientation.Horizontal)  # the answer beside the reference
        # As tall as the texts need (up to a limit, then they scroll): no half-empty boxes.
        self.texts.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.details = QSplitter(Qt.Orientation.Horizontal)  # delivery beside rating and notes
        self.save_button = QPushButton()
        self.save_button.setObjectName("review_save")
        self.save_button.clicked.connect(self.save_edit)
        self.cancel_button = QPushButton()
        self.cancel_button.setObjectName("review_cancel")
        self.cancel_button.clicked.connect(self.cancel_edit)
        self.message = QLabel()
        self.message.setObjectName("review_message")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        header = QHBoxLayout()
        header.addWidget(self.back_button)
        header.addWidget(self.title, 1)
        bar = QHBoxLayout()
        bar.addWidget(self.message, 1)
        bar.addWidget(self.save_button)
        bar.addWidget(self.cancel_button)
        # The panels scroll under the question and the edit bar: together they need more height
        # than a 768-pixel laptop screen has, and without this the window grew past the screen.
        body = QWidget()
        self.body_layout = QVBoxLayout(body)
        self.body_layout.setContentsMargins(0, 0, 0, 0)
        self._body_panels: list[QWidget] = []
        self._build_panels()
        self.body_layout.addWidget(self.texts)
        for panel in self._body_panels:
            self.body_layout.addWidget(panel)
        self.body_layout.addWidget(self.details, 1)
        self.body_scroll = QScrollArea()
        self.body_scroll.setObjectName("review_scroll")
        self.body_scroll.setWidgetResizable(True)
        self.body_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.body_scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 10, 16, 10)
        outer.addLayout(header)
        outer.addWidget(self.body_scroll, 1)
        outer.addLayout(bar)
        self._connect()
        self.editing.set(None)
        self.retranslate()

    def _build_panels(self) -> None:
        """Every panel, each added in one place: add_panel(widget, where)."""
        self.player_bar = PlayerBar(self.state, self.player)
        self.card = self.add_panel(VerdictCard(), "top")
        self.generated_panel = self.add_panel(SaveGeneratedPanel(self.save_generated), "top")
        self.transcript = self.add_panel(TranscriptPanel(self.player_bar), "texts")
        self.reference = self.add_panel(ReferencePanel(), "texts")
        self.delivery = self.add_panel(MetricsPanel(), "details")
        self.notes_panel = self.add_panel(NotesPanel(), "details")
        self.feedback_panel = self.add_panel(FeedbackPanel(self.state), "texts")
        self.details.setSizes([640, 360])
        self.timeline = self.add_panel(TimelinePanel(self.state), "body")

    def add_panel(self, panel: P, where: str) -> P:
        """Show ``panel`` (a widget with ``show_review(context)`` and ``retranslate(lang)``) at the
        top, beside the texts, beside the delivery table, or in the body between the two
        ("body"); it is drawn with every attempt."""
        if where == "top":
            self.body_layout.addWidget(panel)
        elif where == "body":
            at = self.body_layout.indexOf(self.details)
            if at < 0:  # still building: placed between the texts and the details once they are
                self._body_panels.append(panel)
            else:
                self.body_layout.insertWidget(at, panel)
        else:
            {"texts": self.texts, "details": self.details}[where].addWidget(panel)
        self.panels.append(panel)
        return panel

    def _connect(self) -> None:
        self.transcript.correct_button.clicked.connect(self.start_correction)
        self.transcript.recognized_button.toggled.connect(self.show_recognized)
        self.transcript.seek_requested.connect(self.player_bar.seek)
        self.player_bar.position_changed.connect(self.transcript.highlight_time)
        self.player_bar.position_changed.connect(self.timeline.set_position)
        self.timeline.seek_requested.connect(self.player_bar.seek)
        self.timeline.measured.connect(self._voice_measured)
        self.player_bar.failed.connect(self.show_message)
        self.reference.edit_button.clicked.connect(self.start_reference_edit)
        self.notes_panel.rated.connect(self.rate)
        self.notes_panel.notes_changed.connect(self.save_notes)
        self.card.answer_again_requested.connect(self.answer_again)
        self.card.next_requested.connect(self.go_next)
        self.state.language_changed.connect(lambda _lang: self.retranslate())
        for keys, action in (
            ("Esc", self.go_back),
            ("Ctrl+P", self.player_bar.toggle),
            ("Ctrl+E", self.start_correction),
            ("Ctrl+T", self.transcript.recognized_button.toggle),
            ("Ctrl+R", self.start_reference_edit),
            ("Ctrl+S", self.save_edit),
            ("Ctrl+M", self.notes_panel.notes.setFocus),
            ("Ctrl+J", self.transcript.view.setFocus),
            ("Ctrl+Shift+A", self.card.request_again),
            ("Ctrl+Right", self.go_next),
            ("Ctrl+D", self.toggle_details),
        ):
            self._shortcut(keys, action)
        for number, rating in enumerate(RATINGS, start=1):
            self._shortcut(str(number), self._rater(rating))

    def toggle_details(self) -> None:
        """Ctrl+D: the measurements folded, or open and scrolled into view (they are below the
        fold on a small screen, where only the keyboard would otherwise find them)."""
        self.delivery.toggle.click()
        if self.delivery.is_open:
            QTimer.singleShot(0, self, self._scroll_to_details)

    def _scroll_to_details(self) -> None:
        # The table's geometry and the scroll range are only current once the layouts have
        # made room for it: the layout requests are posted, and a table measured before them
        # stayed half below the fold. The table, not the panel: its last rows are what fell.
        for _ in range(3):  # the body's new size posts the scroll area's own request
            QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        self.body_scroll.ensureWidgetVisible(self.delivery.table)

    def _rater(self, rating: str) -> Callable[[], None]:
        return lambda: self.rate(rating)

    def _shortcut(self, keys: str, action: Callable[[], object]) -> None:
        shortcut = QShortcut(QKeySequence(keys), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(action)

    # -- what the screen shows -------------------------------------------------------------

    @property
    def lang(self) -> str:
        return self.state.lang

    @property
    def attempt(self) -> Attempt | None:
        return self.view.attempt if self.view is not None else None

    @property
    def analysis(self) -> Analysis | None:
        return self.view.analysis if self.view is not None else None

    @property
    def current_word(self) -> str | None:
        return self.transcript.current_word

    def show_message(self, text: UserMessage | str) -> None:
        """A line under the review; a problem's technical detail is in its tooltip."""
        show_user_message(self.message, text)

    def retranslate(self) -> None:
        lang = self.lang
        for button, key, keys in (
            (self.back_button, "nav.back", "Esc"),
            (self.save_button, "review.save", "Ctrl+S"),
            (self.cancel_button, "review.cancel", "Esc"),
        ):
            button.setText(tr(key, lang))
            button.setToolTip(f"{tr(key, lang)} ({keys})")
        self.back_button.setText("← " + tr("nav.back", lang))
        for panel in self.panels:
            panel.retranslate(lang)
        self.player_bar.retranslate()
        self.redraw()

    def redraw(self) -> None:
        view = self.view
        if view is None:
            return
        question = view.question
        self.title.setText(
            question.question
            if question is not None
            else tr("review.unknown_question", self.lang, id=view.attempt.question_id)
        )
        context = ReviewContext(view, self.lang, self.palette())
        self.card.set_next(self._next_id() is not None, self.lang)
        for panel in self.panels:
            panel.show_review(context)

    def _voice_measured(self, attempt_id: int, _measures: object) -> None:
        # The transcript marks the sentences that trail off once the voice is measured.
        if self.view is not None and self.view.attempt.id == attempt_id:
            word = self.transcript.current_token
            self.transcript.show_review(ReviewContext(self.view, self.lang, self.palette()))
            self.transcript.restore_highlight(word)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            # The documents and the verdicts hold their colours: drawn again in the new theme's.
            word = self.transcript.current_token
            self.redraw()
            self.transcript.restore_highlight(word)

    # -- opening and leaving ---------------------------------------------------------------

    def open_attempt(self, attempt_id: int) -> None:
        """Load an attempt off the GUI thread, then show it."""
        self._leave_attempt()
        self.show_message(tr("review.loading", self.lang))
        self.state.with_db(lambda db: self.loading.load(db, attempt_id))

    def show_view(self, view: ReviewView, bank: Bank | None) -> None:
        """Show an attempt already loaded and analysed (against ``bank``) off the GUI thread."""
        if self.view is None or self.view.attempt.id != view.attempt.id:
            self._leave_attempt()
        elif view.previous_score is None:
            view.previous_score = self.view.previous_score  # an edit's result: same earlier attempt
        self.view, self.view_bank = view, bank
        self.transcript.recognized_button.blockSignals(True)
        self.transcript.recognized_button.setChecked(view.recognized)
        self.transcript.recognized_button.blockSignals(False)
        self.notes_panel.show_attempt(view.attempt)
        self.editing.set(None)
        self.show_message("")
        self.redraw()
        self.player_bar.open(view.attempt.audio_path)
        self.transcript.view.setFocus()

    def _leave_attempt(self) -> None:
        """Before showing another attempt or leaving: keep the notes, stop the sound."""
        if self.notes_panel.timer.isActive():
            self.notes_panel.flush()
        self.player_bar.stop()

    def set_sequence(self, attempt_ids: list[int]) -> None:
        """The answers "next" walks through (the session's); empty: "next" goes back."""
        self.sequence = list(attempt_ids)

    def _next_id(self) -> int | None:
        attempt = self.attempt
        if attempt is None or attempt.id not in self.sequence:
            return None
        index = self.sequence.index(attempt.id)
        return self.sequence[index + 1] if index + 1 < len(self.sequence) else None

    def go_next(self) -> None:
        """The session's next answer, or back where the user came from after the last one."""
        if self.editing.what is not None:
            return
        following = self._next_id()
        if following is None:
            self.go_back()
        else:
            self.open_attempt(following)

    def answer_again(self, question_id: str) -> None:
        if self.editing.what is not None or not question_id:
            return
        self._leave_attempt()
        self.answer_again_requested.emit(question_id)

    def go_back(self) -> None:
        if self.editing.what is not None:
            self.cancel_edit()
            return
        self._leave_attempt()
        self.back_requested.emit()

    # -- edits (review_editing) -------------------------------------------------------------

    def start_correction(self) -> None:
        self.editing.start_correction()

    def start_reference_edit(self) -> None:
        self.editing.start_reference_edit()

    def cancel_edit(self) -> None:
        self.editing.cancel()

    def save_edit(self) -> None:
        self.editing.save()

    def save_correction(self, text: str) -> None:
        self.editing.save_correction(text)

    def save_reference(self, reference: str, keywords: list[str]) -> None:
        self.editing.save_reference(reference, keywords)

    def show_recognized(self, on: bool) -> None:
        self.loading.reanalyse(recognized=on)

    def save_generated(self) -> None:
        self.editing.save_generated()

    def save_notes(self, text: str) -> None:
        attempt = self.attempt
        if attempt is None or text == attempt.notes:
            return
        attempt.notes = text
        attempt_id = attempt.id
        self.editing.run(
            lambda session: session.save_notes(attempt_id, text),
            lambda _r: self.state.notify_attempts_changed([attempt_id]),
        )

    def rate(self, rating: str) -> None:
        attempt = self.attempt
        if attempt is None or self.editing.what is not None:
            return
        attempt.rating = rating
        self.notes_panel.show_rating(rating)
        attempt_id = attempt.id
        self.editing.run(
            lambda session: session.rate(attempt_id, rating),
            lambda _r: self.state.notify_attempts_changed([attempt_id]),
        )
