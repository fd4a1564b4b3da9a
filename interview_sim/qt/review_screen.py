"""The review of one answer: what was said beside the reference, the content score with its
parts, delivery against its norms, playback with the current word, and the user's edits.

Every database write and the loading of the recording run off the GUI thread; the analysis
of one answer is cheap enough to run here (bench/review_bench.py measures a 5-minute answer).
Reference answers and transcripts are shown as plain text with formats (see marked_text).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QKeyEvent, QKeySequence, QMouseEvent, QShortcut, QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from interview_sim.core import delivery
from interview_sim.core.analysis import Analysis, analyze
from interview_sim.core.bank import USER_SOURCE, Bank, Question, load_bank
from interview_sim.core.overrides import UNCHANGED, save_override
from interview_sim.core.review import ensure_metrics, template_for
from interview_sim.core.storage import RATINGS, STATUS_TYPED, Attempt, Database
from interview_sim.core.templates import Template
from interview_sim.devices.player import FilePlayer
from interview_sim.i18n import tr
from interview_sim.qt import marked_text as mt
from interview_sim.qt.tasks import run_in_background
from interview_sim.qt.theme import BAD, GOOD, MUTED, ToneLabel, is_dark_palette, tone

DbProvider = Callable[[], Database | None]
POSITION_MS = 80
NOTES_SAVE_MS = 700


def fmt_time(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def fmt_num(value: float | None, digits: int = 0) -> str:
    if value is None:
        return "-"
    return f"{value:.{digits}f}"


def local_date(iso: str) -> str:
    """A stored UTC time as local 'YYYY-MM-DD HH:MM'."""
    from datetime import datetime

    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return iso[:16]


def prepare(
    attempt: Attempt, question: Question | None, templates: dict[str, Template], recognized: bool = False
) -> tuple[Analysis, list[delivery.Token]]:
    """The analysis of the transcript shown (or of the recognized one) and its words with times.
    No Qt: the screen runs it off the GUI thread when it loads an attempt."""
    shown = attempt.recognized if recognized else attempt.transcript
    words: list[dict[str, Any]] = []
    if shown is not None and shown.words:
        words = list(shown.words)
    elif attempt.recognized is not None:
        # A correction has no word times of its own: the recognizer's are aligned to it.
        words = list(attempt.recognized.words)
    analysis = analyze(
        shown.text if shown is not None else "",
        question=question,
        template=template_for(attempt, question, templates),
        words=words,
        duration_s=attempt.duration_s,
        section_marks=attempt.section_marks,
    )
    tokens = delivery.tokenize(analysis.transcript)
    delivery.align_words(tokens, delivery.parse_words(words))
    return analysis, tokens


def verdict_text(verdict: str, lang: str) -> str:
    return tr(f"verdict.{verdict}", lang) if verdict else tr("verdict.ok", lang)


def show_play_state(button: QPushButton, playing: bool, text: str) -> None:
    """Play or pause as the style's own media icon beside the text: no font is sure to have the
    pause sign (U+23F8); with the Korean fonts on Linux it was drawn as a box."""
    icon = QStyle.StandardPixmap.SP_MediaPause if playing else QStyle.StandardPixmap.SP_MediaPlay
    button.setIcon(button.style().standardIcon(icon))
    button.setText(text)


class ReviewScreen(QWidget):
    back_requested = Signal()
    bank_changed = Signal(object)  # the Bank reloaded after an edit of a reference or key terms
    attempt_changed = Signal(int)  # rating, notes, correction or metrics of this attempt saved

    def __init__(
        self, lang: str = "ko", db: DbProvider | None = None, player: FilePlayer | None = None
    ) -> None:
        super().__init__()
        self.setObjectName("review_screen")
        self.lang = lang
        self.db_provider: DbProvider = db or (lambda: None)
        self.player = player or FilePlayer()
        self.bank: Bank | None = None
        self.templates: dict[str, Template] = {}
        self.attempt: Attempt | None = None
        self.question: Question | None = None
        self.analysis: Analysis | None = None
        self.showing_recognized = False
        self.tokens: list[delivery.Token] = []
        self.transcript_map = mt.OffsetMap()
        self._audio_ready = False
        self._current_token: int | None = None
        self._generation = 0
        self._editing: str | None = None

        self.back_button = QPushButton()
        self.back_button.setObjectName("review_back")
        self.back_button.clicked.connect(self.go_back)
        self.title = QLabel()
        self.title.setObjectName("review_question")
        self.title.setWordWrap(True)
        title_font = QFont(self.font())
        title_font.setPointSizeF(title_font.pointSizeF() * 1.4)
        title_font.setBold(True)
        self.title.setFont(title_font)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.meta = ToneLabel(MUTED)
        self.meta.setObjectName("review_meta")
        self.score = QLabel()
        self.score.setObjectName("review_score")
        score_font = QFont(self.font())
        score_font.setPointSizeF(score_font.pointSizeF() * 1.25)
        score_font.setBold(True)
        self.score.setFont(score_font)
        self.score_parts = QLabel()
        self.score_parts.setObjectName("review_score_parts")
        self.score_parts.setWordWrap(True)

        # -- the answer ---------------------------------------------------------------------
        self.transcript_label = QLabel()
        self.transcript_view = QTextEdit()
        self.transcript_view.setObjectName("transcript_view")
        self.transcript_view.setReadOnly(True)
        self.transcript_view.setAcceptRichText(False)
        self.transcript_view.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByKeyboard | Qt.TextInteractionFlag.TextSelectableByMouse
        )
        self.transcript_view.installEventFilter(self)
        self.transcript_view.viewport().installEventFilter(self)
        self.transcript_editor = QPlainTextEdit()
        self.transcript_editor.setObjectName("transcript_editor")
        self.transcript_stack = QStackedWidget()
        self.transcript_stack.addWidget(self.transcript_view)
        self.transcript_stack.addWidget(self.transcript_editor)
        self.correct_button = QPushButton()
        self.correct_button.setObjectName("correct_transcript")
        self.correct_button.clicked.connect(self.start_correction)
        self.recognized_button = QPushButton()
        self.recognized_button.setObjectName("show_recognized")
        self.recognized_button.setCheckable(True)
        self.recognized_button.toggled.connect(self.show_recognized)
        self.play_button = QPushButton()
        self.play_button.setObjectName("play")
        self.play_button.clicked.connect(self.toggle_play)
        self.position_label = QLabel("-")
        self.position_label.setObjectName("position")
        self.position_label.setMinimumWidth(self.fontMetrics().horizontalAdvance("00:00 / 00:00") + 12)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.transcript_label)
        left_layout.addWidget(self.transcript_stack, 1)
        row = QHBoxLayout()
        row.addWidget(self.play_button)
        row.addWidget(self.position_label)
        row.addStretch(1)
        row.addWidget(self.correct_button)
        row.addWidget(self.recognized_button)
        left_layout.addLayout(row)

        # -- the reference -------------------------------------------------------------------
        self.reference_label = QLabel()
        self.reference_view = QTextEdit()
        self.reference_view.setObjectName("reference_view")
        self.reference_view.setReadOnly(True)
        self.reference_view.setAcceptRichText(False)
        self.reference_view.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByKeyboard | Qt.TextInteractionFlag.TextSelectableByMouse
        )
        self.reference_hint = QLabel()
        self.reference_hint.setWordWrap(True)
        self.reference_editor = QPlainTextEdit()
        self.reference_editor.setObjectName("reference_editor")
        self.keywords_hint = QLabel()
        self.keywords_hint.setWordWrap(True)
        self.keywords_editor = QPlainTextEdit()
        self.keywords_editor.setObjectName("keywords_editor")
        self.keywords_editor.setTabChangesFocus(True)
        self.reference_editor.setTabChangesFocus(True)
        editor_panel = QWidget()
        editor_layout = QVBoxLayout(editor_panel)
        editor_layout.setContentsMargins(0, 0, 0, 0)
        editor_layout.addWidget(self.reference_hint)
        editor_layout.addWidget(self.reference_editor, 3)
        editor_layout.addWidget(self.keywords_hint)
        editor_layout.addWidget(self.keywords_editor, 1)
        self.reference_stack = QStackedWidget()
        self.reference_stack.addWidget(self.reference_view)
        self.reference_stack.addWidget(editor_panel)
        self.edit_reference_button = QPushButton()
        self.edit_reference_button.setObjectName("edit_reference")
        self.edit_reference_button.clicked.connect(self.start_reference_edit)
        self.missed_label = QLabel()
        self.missed_label.setObjectName("missed_terms")
        self.missed_label.setWordWrap(True)
        self.missed_label.setTextFormat(Qt.TextFormat.PlainText)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.reference_label)
        right_layout.addWidget(self.reference_stack, 1)
        right_layout.addWidget(self.missed_label)
        ref_row = QHBoxLayout()
        ref_row.addStretch(1)
        ref_row.addWidget(self.edit_reference_button)
        right_layout.addLayout(ref_row)

        texts = QSplitter(Qt.Orientation.Horizontal)
        texts.addWidget(left)
        texts.addWidget(right)

        # -- delivery, notes, rating --------------------------------------------------------
        self.metrics = QTableWidget(0, 4)
        self.metrics.setObjectName("metrics")
        self.metrics.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.metrics.verticalHeader().setVisible(False)
        self.metrics.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.metrics.horizontalHeader().setStretchLastSection(True)
        self.metrics.setTabKeyNavigation(False)
        self.metrics.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.legend = ToneLabel(MUTED)
        self.legend.setWordWrap(True)
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("notes")
        self.notes.setTabChangesFocus(True)
        self.notes.textChanged.connect(self._notes_edited)
        self.notes_label = QLabel()
        self.rating_label = QLabel()
        self.rating_buttons: dict[str, QPushButton] = {}
        self.rating_group = QButtonGroup(self)
        self.rating_group.setExclusive(True)
        rating_row = QHBoxLayout()
        rating_row.addWidget(self.rating_label)
        for rating in RATINGS:
            button = QPushButton()
            button.setObjectName(f"rate_{rating}")
            button.setCheckable(True)
            button.clicked.connect(lambda _checked=False, chosen=rating: self.rate(chosen))
            self.rating_group.addButton(button)
            self.rating_buttons[rating] = button
            rating_row.addWidget(button)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addLayout(rating_row)
        side_layout.addWidget(self.notes_label)
        side_layout.addWidget(self.notes, 1)
        bottom = QSplitter(Qt.Orientation.Horizontal)
        metrics_box = QWidget()
        metrics_layout = QVBoxLayout(metrics_box)
        metrics_layout.setContentsMargins(0, 0, 0, 0)
        metrics_layout.addWidget(self.metrics, 1)
        metrics_layout.addWidget(self.legend)
        bottom.addWidget(metrics_box)
        bottom.addWidget(side)
        bottom.setSizes([640, 360])

        body = QSplitter(Qt.Orientation.Vertical)
        body.addWidget(texts)
        body.addWidget(bottom)
        body.setSizes([420, 300])

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
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.addLayout(header)
        layout.addWidget(self.meta)
        layout.addWidget(self.score)
        layout.addWidget(self.score_parts)
        layout.addWidget(body, 1)
        layout.addLayout(bar)

        for keys, action in (
            ("Esc", self.go_back),
            ("Ctrl+P", self.toggle_play),
            ("Ctrl+E", self.start_correction),
            ("Ctrl+T", self.recognized_button.toggle),
            ("Ctrl+R", self.start_reference_edit),
            ("Ctrl+S", self.save_edit),
            ("Ctrl+M", self.notes.setFocus),
            ("Ctrl+J", self.transcript_view.setFocus),
        ):
            self._shortcut(keys, action)
        for number, rating in enumerate(RATINGS, start=1):
            self._shortcut(str(number), self._rater(rating))

        self.position_timer = QTimer(self)
        self.position_timer.setInterval(POSITION_MS)
        self.position_timer.timeout.connect(self._follow_playback)
        self.notes_timer = QTimer(self)
        self.notes_timer.setSingleShot(True)
        self.notes_timer.setInterval(NOTES_SAVE_MS)
        self.notes_timer.timeout.connect(self.save_notes)
        self._set_editing(None)
        self.retranslate(lang)

    def _rater(self, rating: str) -> Callable[[], None]:
        return lambda: self.rate(rating)

    def _shortcut(self, keys: str, action: Callable[[], object]) -> None:
        shortcut = QShortcut(QKeySequence(keys), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(action)

    def _background(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        """run_in_background, dropping the answer if the screen is gone or shows another attempt."""
        generation = self._generation

        def current() -> bool:
            return shiboken6.isValid(self) and generation == self._generation

        run_in_background(
            fn,
            lambda result: on_done(result) if current() else None,
            lambda exc: (on_error or self._failed)(exc) if shiboken6.isValid(self) else None,
        )

    def _failed(self, exc: BaseException) -> None:
        self.show_message(tr("archive.save_failed", self.lang, error=exc))

    def show_message(self, text: str) -> None:
        self.message.setText(text)

    # -- public -----------------------------------------------------------------------------

    def retranslate(self, lang: str) -> None:
        self.lang = lang
        labelled = (
            (self.back_button, "nav.back", "Esc"),
            (self.correct_button, "review.correct", "Ctrl+E"),
            (self.recognized_button, "review.show_recognized", "Ctrl+T"),
            (self.save_button, "review.save", "Ctrl+S"),
            (self.cancel_button, "review.cancel", "Esc"),
        )
        for button, key, keys in labelled:
            button.setText(tr(key, lang))
            button.setToolTip(f"{tr(key, lang)} ({keys})")
        self.back_button.setText("← " + tr("nav.back", lang))
        for number, (rating, button) in enumerate(self.rating_buttons.items(), start=1):
            button.setText(f"{number} {tr('rating.' + rating, lang)}")
            button.setToolTip(f"{tr('rating.' + rating, lang)} ({number})")
        self.rating_label.setText(tr("review.rating", lang))
        self.notes_label.setText(tr("review.notes", lang))
        self.notes.setPlaceholderText(tr("review.notes_placeholder", lang))
        self.legend.setText(tr("review.legend", lang))
        self.transcript_view.setToolTip(tr("review.transcript_tip", lang))
        self.reference_hint.setText(tr("review.edit_reference_hint", lang))
        self.keywords_hint.setText(tr("review.keywords_hint", lang))
        self.metrics.setHorizontalHeaderLabels(
            [
                tr(k, lang)
                for k in ("review.col_measure", "review.col_value", "review.col_norm", "review.col_verdict")
            ]
        )
        self._update_play_button()
        self._render()

    def set_bank(self, bank: Bank | None, templates: dict[str, Template]) -> None:
        self.bank, self.templates = bank, dict(templates)
        if self.attempt is not None and bank is not None:
            self.question = bank.get(self.attempt.question_id)
            self._analyse()
            self._render()

    def open_attempt(self, attempt_id: int) -> None:
        """Load an attempt off the GUI thread, then show it."""
        db = self.db_provider()
        self._leave_attempt()
        self.show_message(tr("review.loading", self.lang))
        if db is None:
            self.show_message(tr("archive.no_db", self.lang, error="-"))
            return
        bank, templates = self.bank, self.templates

        def load() -> tuple[Attempt, tuple[Analysis, list[delivery.Token]]] | None:
            attempt = db.attempt(attempt_id)
            if attempt is None:
                return None
            question = bank.get(attempt.question_id) if bank is not None else None
            if bank is not None:
                ensure_metrics(db, [attempt], bank, templates)
            return attempt, prepare(attempt, question, templates)

        def loaded(result: tuple[Attempt, tuple[Analysis, list[delivery.Token]]] | None) -> None:
            if result is None:
                self.show_message(tr("review.missing", self.lang, id=attempt_id))
                return
            self.show_attempt(*result)

        self._background(
            load, loaded, lambda exc: self.show_message(tr("archive.load_failed", self.lang, error=exc))
        )

    def show_attempt(
        self, attempt: Attempt, prepared: tuple[Analysis, list[delivery.Token]] | None = None
    ) -> None:
        """Show an attempt already loaded (with its transcripts), analysed by :func:`prepare`
        off the GUI thread when ``prepared`` is given."""
        if self.attempt is None or self.attempt.id != attempt.id:
            self._leave_attempt()
        self.attempt = attempt
        self.question = self.bank.get(attempt.question_id) if self.bank is not None else None
        self.showing_recognized = False
        self.recognized_button.blockSignals(True)
        self.recognized_button.setChecked(False)
        self.recognized_button.blockSignals(False)
        self.notes.blockSignals(True)
        self.notes.setPlainText(attempt.notes)
        self.notes.blockSignals(False)
        for rating, button in self.rating_buttons.items():
            button.setChecked(rating == attempt.rating)
        if attempt.rating is None:
            self.rating_group.setExclusive(False)
            for button in self.rating_buttons.values():
                button.setChecked(False)
            self.rating_group.setExclusive(True)
        self._set_editing(None)
        self.show_message("")
        if prepared is not None:
            self.analysis, self.tokens = prepared
        else:
            self._analyse()
        self._render()
        self._load_audio()
        self.transcript_view.setFocus()

    def go_back(self) -> None:
        if self._editing is not None:
            self.cancel_edit()
            return
        self._leave_attempt()
        self.back_requested.emit()

    # -- analysis and display ---------------------------------------------------------------

    def _analyse(self) -> None:
        if self.attempt is None:
            self.analysis = None
            return
        self.analysis, self.tokens = prepare(
            self.attempt, self.question, self.templates, self.showing_recognized
        )

    def _render(self) -> None:
        attempt, analysis = self.attempt, self.analysis
        if attempt is None or analysis is None:
            return
        question = self.question
        self.title.setText(
            question.question
            if question is not None
            else tr("review.unknown_question", self.lang, id=attempt.question_id)
        )
        self.meta.setText(
            tr(
                "review.meta",
                self.lang,
                date=local_date(attempt.started_at),
                id=attempt.id,
                status=tr(f"status.{attempt.status}", self.lang),
            )
        )
        content = analysis.content
        if content.score is None:
            self.score.setText(tr("review.score_none", self.lang))
            self.score_parts.setText("")
        else:
            self.score.setText(tr("review.score", self.lang, score=fmt_num(content.score)))
            self.score_parts.setText(
                tr(
                    "review.score_parts",
                    self.lang,
                    coverage=f"{fmt_num((content.coverage or 0) * 100)}% ({content.covered}/{content.total})"
                    if content.coverage is not None
                    else "-",
                    cw=f"{content.coverage_weight:g}",
                    similarity=f"{fmt_num((content.similarity or 0) * 100)}%"
                    if content.similarity is not None
                    else "-",
                    sw=f"{content.similarity_weight:g}",
                )
            )
        corrected = attempt.transcript is not None and attempt.transcript.source == "corrected"
        self.recognized_button.setVisible(corrected)
        key = "review.transcript"
        if corrected:
            key = "review.transcript_recognized" if self.showing_recognized else "review.transcript_corrected"
        self.transcript_label.setText(tr(key, self.lang))
        self.reference_label.setText(tr("review.reference", self.lang))
        self._render_transcript(analysis)
        self._render_reference(analysis)
        missed = analysis.keywords_missed
        self.missed_label.setText(tr("review.missed", self.lang, terms=", ".join(missed)) if missed else "")
        self.edit_reference_button.setText(
            tr("review.edit_reference" if analysis.references else "review.write_reference", self.lang)
        )
        self.edit_reference_button.setToolTip(f"{self.edit_reference_button.text()} (Ctrl+R)")
        self._render_metrics(analysis)

    def _dark(self) -> bool:
        return is_dark_palette(self.palette())

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            # The documents and the verdicts hold their colours: drawn again in the new theme's.
            # (This screen hears of the change before its children: colours come from its palette.)
            word = self._current_token
            self._render()
            start = self.tokens[word].time_start if word is not None and word < len(self.tokens) else None
            if start is not None:
                self.highlight_time(start)

    def _render_transcript(self, analysis: Analysis) -> None:
        document = self.transcript_view.document()
        document.clear()
        cursor = QTextCursor(document)
        if not analysis.transcript.strip():
            cursor.insertText(
                tr("review.no_transcript", self.lang), mt.char_format([mt.MARKER], self._dark())
            )
            self.transcript_map = mt.OffsetMap()
            return
        marks = [
            mt.Mark(start, end, mt.COVERED)
            for term in analysis.terms
            if term.covered
            for start, end in term.transcript_spans
        ]
        marks += [mt.Mark(m.start, m.end, mt.FILLER) for m in analysis.fillers.items]
        marks += [mt.Mark(m.start, m.end, mt.REPEAT) for m in analysis.repeats]
        markers = [
            (pause.offset, f" ‖ {pause.duration_s:.1f}s ‖ ")
            for pause in analysis.long_pauses
            if pause.offset is not None
        ]
        self.transcript_map = mt.insert_marked(cursor, analysis.transcript, marks, markers, dark=self._dark())
        self._current_token = None
        self.transcript_view.setExtraSelections([])

    def _render_reference(self, analysis: Analysis) -> None:
        document = self.reference_view.document()
        document.clear()
        cursor = QTextCursor(document)
        if not analysis.references:
            cursor.insertText(
                tr("review.no_reference", self.lang), mt.char_format([mt.HEADING], self._dark())
            )
            return
        sources = [r.source for r in self.question.answers] if self.question is not None else []
        for index, text in enumerate(analysis.references):
            source = sources[index] if len(sources) == len(analysis.references) else ""
            if len(analysis.references) > 1 or source:
                label = (
                    tr("review.your_reference", self.lang)
                    if source == USER_SOURCE
                    else tr("review.reference_n", self.lang, n=index + 1, source=source)
                )
                if index:
                    cursor.insertText("\n\n")
                mt.insert_heading(cursor, label, dark=self._dark())
            marks = []
            for term in analysis.terms:
                spans = term.reference_spans[index] if index < len(term.reference_spans) else []
                kind = mt.COVERED_REF if term.covered else mt.MISSED
                marks += [mt.Mark(start, end, kind) for start, end in spans]
            mt.insert_marked(cursor, text, marks, dark=self._dark())
        self.reference_view.moveCursor(QTextCursor.MoveOperation.Start)

    def _render_metrics(self, analysis: Analysis) -> None:
        lang = self.lang
        rows: list[tuple[str, str, str, str]] = []
        length = analysis.length
        norm = "-"
        if analysis.target_s is not None and length.norm_low is not None and length.norm_high is not None:
            norm = tr(
                "norm.length",
                lang,
                low=f"{length.norm_low:g}",
                high=f"{length.norm_high:g}",
                target=f"{analysis.target_s:g}",
            )
        rows.append((tr("metric.length", lang), fmt_time(analysis.duration_s), norm, length.verdict))
        template = template_for(self.attempt, self.question, self.templates) if self.attempt else None
        names = {s.id: s.label(lang) for s in template.sections} if template is not None else {}
        for section in analysis.sections:
            rows.append(
                (
                    tr("metric.section", lang, name=names.get(section["id"], section["name"])),
                    tr("value.seconds", lang, value=fmt_num(section["actual_s"]))
                    if section["actual_s"] is not None
                    else "-",
                    tr("norm.planned", lang, planned=f"{section['planned_s']:g}"),
                    section["verdict"],
                )
            )
        first = analysis.first_word
        rows.append(
            (
                tr("metric.first_word", lang),
                tr("value.seconds", lang, value=fmt_num(first.value, 1)) if first.value is not None else "-",
                tr("norm.at_most", lang, value=f"{delivery.FIRST_WORD_NORM_S:g}"),
                first.verdict,
            )
        )
        rate = analysis.rate
        # A typed answer has no speaking pace: its time is typing time.
        typed = self.attempt is not None and self.attempt.status == STATUS_TYPED
        rows.append(
            (
                tr("metric.rate_en" if rate.unit == "words_per_minute" else "metric.rate_ko", lang),
                "-" if typed else fmt_num(rate.value),
                tr("norm.range", lang, low=f"{rate.verdict.norm_low:g}", high=f"{rate.verdict.norm_high:g}"),
                "typed" if typed else rate.verdict.verdict,
            )
        )
        fillers = analysis.fillers
        rows.append(
            (
                tr("metric.fillers", lang),
                tr("value.fillers", lang, count=fillers.count, per_minute=fmt_num(fillers.per_minute, 1)),
                tr("norm.fillers", lang, value=f"{delivery.FILLERS_OK_PER_MIN:g}"),
                fillers.verdict,
            )
        )
        pauses = len(analysis.long_pauses)
        rows.append(
            (
                tr("metric.pauses", lang),
                str(pauses) if analysis.words_given else "-",
                tr("norm.none", lang),
                ("ok" if pauses == 0 else f"some:{pauses}") if analysis.words_given else "unknown",
            )
        )
        repeats = len(analysis.repeats)
        rows.append(
            (
                tr("metric.repeats", lang),
                str(repeats),
                tr("norm.none", lang),
                "ok" if repeats == 0 else f"some:{repeats}",
            )
        )
        self.metrics.setRowCount(len(rows))
        for row, (measure, value, norm_text, verdict) in enumerate(rows):
            if verdict.startswith("some:"):
                shown = tr("verdict.some", lang, count=verdict.split(":", 1)[1])
            else:
                shown = verdict_text(verdict, lang)
            for column, text in enumerate((measure, value, norm_text, shown)):
                item = QTableWidgetItem(text)
                if column == 3:
                    if verdict in ("ok", ""):
                        pair = GOOD
                    elif verdict in ("unknown", "unmarked", "typed"):
                        pair = MUTED  # nothing to judge, not a fault
                    else:
                        pair = BAD
                    item.setForeground(tone(pair, self.palette()))
                    item.setData(Qt.ItemDataRole.UserRole, verdict)
                self.metrics.setItem(row, column, item)

    # -- playback ---------------------------------------------------------------------------

    def _load_audio(self) -> None:
        attempt, player = self.attempt, self.player
        self._audio_ready = False
        self.position_timer.stop()
        self._update_play_button()
        if attempt is None or not attempt.audio_path or not Path(attempt.audio_path).is_file():
            self.position_label.setText(tr("review.no_audio", self.lang))
            return
        path = Path(attempt.audio_path)

        def loaded(duration: float) -> None:
            self._audio_ready = True
            self.position_label.setText(f"0:00 / {fmt_time(duration)}")
            self._update_play_button()

        self._background(
            lambda: player.load(path),
            loaded,
            lambda exc: self.position_label.setText(tr("review.audio_failed", self.lang, error=exc)),
        )

    def _update_play_button(self) -> None:
        playing = self.player.playing
        key = "review.pause" if playing else "review.play"
        show_play_state(self.play_button, playing, tr(key, self.lang))
        self.play_button.setToolTip(f"{tr(key, self.lang)} (Ctrl+P)")
        self.play_button.setEnabled(self._audio_ready)

    def toggle_play(self) -> None:
        if not self._audio_ready:
            return
        if self.player.playing:
            self.player.pause()
            self.position_timer.stop()
            self._update_play_button()
            return
        self.play_from(None)

    def play_from(self, seconds: float | None) -> None:
        player = self.player
        if seconds is not None:
            player.seek(seconds)
            self._follow_playback()

        def started(_result: object) -> None:
            self.position_timer.start()
            self._update_play_button()

        def failed(exc: BaseException) -> None:
            self.show_message(tr("review.audio_failed", self.lang, error=exc))
            self._update_play_button()

        # Opening an output stream can take a while (PulseAudio, Bluetooth): not on this thread.
        self._background(lambda: player.play(), started, failed)

    def seek_to_offset(self, offset: int) -> None:
        """Seek playback to the word at a transcript offset (click or Enter on a word)."""
        index = self._token_at(offset)
        if index is None:
            return
        start = self.tokens[index].time_start
        if start is None:
            return
        if self.player.playing:
            self.player.stop()
            self.play_from(start)
        else:
            self.player.seek(start)
            self._follow_playback()

    def _token_at(self, offset: int) -> int | None:
        for index, token in enumerate(self.tokens):
            if token.start <= offset <= token.end:
                return index
            if token.start > offset:
                return index
        return None

    def _follow_playback(self) -> None:
        position = self.player.position_s()
        self.position_label.setText(f"{fmt_time(position)} / {fmt_time(self.player.duration_s)}")
        self.highlight_time(position)
        if not self.player.playing and self.position_timer.isActive():
            self.position_timer.stop()
            self._update_play_button()

    def highlight_time(self, seconds: float) -> None:
        """Highlight the word said at ``seconds`` (the last one begun by then)."""
        current = None
        for index, token in enumerate(self.tokens):
            if token.time_start is None:
                continue
            if token.time_start > seconds:
                break
            current = index
        if current == self._current_token:
            return
        self._current_token = current
        if current is None:
            self.transcript_view.setExtraSelections([])
            return
        token = self.tokens[current]
        selection = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.transcript_view.document())
        cursor.setPosition(self.transcript_map.to_document(token.start))
        cursor.setPosition(self.transcript_map.to_document(token.end), QTextCursor.MoveMode.KeepAnchor)
        selection.cursor = cursor
        selection.format = mt.selection_format(dark=self._dark())
        self.transcript_view.setExtraSelections([selection])
        follow = QTextCursor(self.transcript_view.document())
        follow.setPosition(self.transcript_map.to_document(token.start))
        self.transcript_view.setTextCursor(follow)  # keeps the word in view, and Enter seeks from it
        self.transcript_view.ensureCursorVisible()

    @property
    def current_word(self) -> str | None:
        return None if self._current_token is None else self.tokens[self._current_token].text

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.transcript_view.viewport() and event.type() == QEvent.Type.MouseButtonRelease:
            assert isinstance(event, QMouseEvent)
            if not self.transcript_view.textCursor().hasSelection():
                position = self.transcript_view.cursorForPosition(event.position().toPoint()).position()
                self.seek_to_offset(self.transcript_map.to_source(position))
        elif watched is self.transcript_view and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                position = self.transcript_view.textCursor().position()
                self.seek_to_offset(self.transcript_map.to_source(position))
                return True
        return super().eventFilter(watched, event)

    # -- edits ------------------------------------------------------------------------------

    def _set_editing(self, what: str | None) -> None:
        self._editing = what
        self.transcript_stack.setCurrentIndex(1 if what == "transcript" else 0)
        self.reference_stack.setCurrentIndex(1 if what == "reference" else 0)
        self.save_button.setVisible(what is not None)
        self.cancel_button.setVisible(what is not None)
        self.correct_button.setEnabled(what is None)
        self.edit_reference_button.setEnabled(what is None)

    def start_correction(self) -> None:
        if self.attempt is None or self._editing is not None:
            return
        shown = self.attempt.transcript
        self.transcript_editor.setPlainText(shown.text if shown is not None else "")
        self._set_editing("transcript")
        self.transcript_editor.setFocus()

    def start_reference_edit(self) -> None:
        if self.attempt is None or self._editing is not None:
            return
        question = self.question
        answers = question.answers if question is not None else []
        own = [r.text for r in answers if r.source == USER_SOURCE]
        self.reference_editor.setPlainText(own[0] if own else (answers[0].text if answers else ""))
        self.keywords_editor.setPlainText("\n".join(question.keywords) if question is not None else "")
        self._set_editing("reference")
        self.reference_editor.setFocus()

    def cancel_edit(self) -> None:
        self._set_editing(None)
        self.transcript_view.setFocus()

    def save_edit(self) -> None:
        if self._editing == "transcript":
            self.save_correction(self.transcript_editor.toPlainText())
        elif self._editing == "reference":
            self.save_reference(
                self.reference_editor.toPlainText(), self.keywords_editor.toPlainText().splitlines()
            )
        elif self.notes.hasFocus():
            self.save_notes()

    def save_correction(self, text: str) -> None:
        db, attempt = self.db_provider(), self.attempt
        if db is None or attempt is None:
            return
        shown = attempt.transcript
        if shown is not None and text == shown.text:
            self.cancel_edit()
            return
        bank, templates, attempt_id = self.bank, self.templates, attempt.id

        def save() -> Attempt | None:
            db.add_corrected_transcript(attempt_id, text)
            fresh = db.attempt(attempt_id)
            if fresh is not None and bank is not None:
                ensure_metrics(db, [fresh], bank, templates)
            return fresh

        def saved(fresh: Attempt | None) -> None:
            if fresh is not None:
                self.show_attempt(fresh)
                self.show_message(tr("review.saved_correction", self.lang))
                self.attempt_changed.emit(fresh.id)

        self._background(save, saved)

    def save_reference(self, reference: str, keywords: list[str]) -> None:
        question, attempt = self.question, self.attempt
        if attempt is None:
            return
        question_id = attempt.question_id
        terms = [k.strip() for k in keywords if k.strip()]
        current_terms = list(question.keywords) if question is not None else []
        answers = question.answers if question is not None else []
        own = [r.text for r in answers if r.source == USER_SOURCE]
        shown_before = own[0] if own else (answers[0].text if answers else "")
        new_reference: str | None = reference.strip("\n") if reference.strip() else None
        reference_arg: Any = UNCHANGED if reference == shown_before else new_reference
        keywords_arg: Any = UNCHANGED if terms == current_terms else terms
        templates = self.templates
        db = self.db_provider()

        def save() -> tuple[Bank, Attempt | None]:
            save_override(question_id, keywords=keywords_arg, reference=reference_arg)
            bank = load_bank(templates=templates)
            fresh = db.attempt(attempt.id) if db is not None else None
            if fresh is not None and db is not None:
                # Every attempt at this question now has stale metrics: refresh them all.
                ensure_metrics(db, db.attempts_of_question(question_id), bank, templates)
                fresh = db.attempt(attempt.id)
            return bank, fresh

        def saved(result: tuple[Bank, Attempt | None]) -> None:
            bank, fresh = result
            self.bank = bank
            self._set_editing(None)
            if fresh is not None:
                self.show_attempt(fresh)
            else:
                self.question = bank.get(question_id)
                self._analyse()
                self._render()
            self.show_message(tr("review.saved_reference", self.lang))
            self.bank_changed.emit(bank)
            self.attempt_changed.emit(attempt.id)

        self._background(save, saved)

    def show_recognized(self, on: bool) -> None:
        self.showing_recognized = on
        self._analyse()
        self._render()

    def _notes_edited(self) -> None:
        self.notes_timer.start()

    def save_notes(self) -> None:
        self.notes_timer.stop()
        db, attempt = self.db_provider(), self.attempt
        if db is None or attempt is None or self.notes.toPlainText() == attempt.notes:
            return
        text, attempt_id = self.notes.toPlainText(), attempt.id
        attempt.notes = text
        run_in_background(
            lambda: db.set_notes(attempt_id, text),
            lambda _r: None,
            lambda exc: self._failed(exc) if shiboken6.isValid(self) else None,
        )

    def rate(self, rating: str) -> None:
        db, attempt = self.db_provider(), self.attempt
        if db is None or attempt is None or self._editing is not None:
            return
        attempt.rating = rating
        self.rating_buttons[rating].setChecked(True)
        attempt_id = attempt.id

        def saved(_result: object) -> None:
            self.attempt_changed.emit(attempt_id)

        self._background(lambda: db.set_rating(attempt_id, rating), saved)

    def _leave_attempt(self) -> None:
        """Before showing another attempt or leaving: keep the notes, stop the sound."""
        if self.notes_timer.isActive():
            self.save_notes()
        self.player.stop()
        self.position_timer.stop()
        self._generation += 1
        self._update_play_button()
