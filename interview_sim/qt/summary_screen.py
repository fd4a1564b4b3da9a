"""The end of an interview: how it went against the previous session, every answer with its
score (and its change since the question was last answered), length and delivery, a review
button per answer (Enter opens the selected one), and "practise the weak ones again". It keeps
itself current: a change to one of its answers (a rating, a correction) is shown when it is next
visible."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QStandardPaths, Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from interview_sim.core.session_summary import SessionOverview, load_overview
from interview_sim.core.storage import STATUS_TYPED, Attempt, Database, Session
from interview_sim.core.verdict import band
from interview_sim.i18n import tr
from interview_sim.qt.app_state import AppState
from interview_sim.qt.errors import describe_failure, show_message
from interview_sim.qt.formatting import change_text, fmt_num, fmt_time, rate_cell, score_text
from interview_sim.qt.summary_debrief import DebriefPanel
from interview_sim.qt.theme import BAD, GOOD, MUTED, WARN, ToneLabel, tone
from interview_sim.qt.widgets import OpenOnEnter

BAND_TONES = {"good": GOOD, "fair": WARN, "weak": BAD}

COLUMNS = (
    "col.question",
    "col.score",
    "col.change",
    "col.length",
    "col.keywords",
    "col.rate_ko",
    "col.rate_en",
    "col.fillers_count",
    "col.rating",
    # The voice (issue 14): the two figures a coach names first.
    "col.pitch_range",
    "col.trailing_off",
    "col.review",
)
RATE_COLUMNS = {
    "syllables_per_minute": COLUMNS.index("col.rate_ko"),
    "words_per_minute": COLUMNS.index("col.rate_en"),
}
REVIEW_COLUMN = COLUMNS.index("col.review")


def metric_cells(
    attempt: Attempt,
    metrics: dict[str, Any] | None,
    question_text: str,
    lang: str,
    previous: float | None = None,
) -> list[str]:
    """The cells of one answer in the summary, one per column but the review button's; each
    column has one unit, named in its header. A typed answer has no length or pace (its time is
    typing time)."""
    m = metrics or {}
    target = m.get("target_s")
    length = fmt_time(m.get("duration_s", attempt.duration_s))
    if target:
        length += f" / {fmt_time(target)}"
    if attempt.status == STATUS_TYPED:
        length = ""  # typing time, not the answer's length (the review leaves it out too)
    total = m.get("keywords_total") or 0
    score = m.get("content_score")
    change = score - previous if score is not None and previous is not None else None
    rates = ["", ""]
    if attempt.status != STATUS_TYPED and m.get("rate") is not None:
        rates[0 if m.get("rate_unit") != "words_per_minute" else 1] = rate_cell(m, lang)
    fillers = m.get("fillers")
    return [
        question_text,
        score_text(score, lang),
        change_text(change),
        length,
        f"{m.get('keywords_covered', 0)}/{total}" if total else "",
        *rates,
        "" if fillers is None else str(fillers),
        tr(f"rating.{attempt.rating}", lang) if attempt.rating else "",
        *voice_cells(m, lang),
    ]


def voice_cells(metrics: dict[str, Any], lang: str) -> list[str]:
    """Pitch range (flagged when monotone) and sentences trailing off; empty without a recording
    (a typed answer has no voice: nothing to show rather than a "-")."""
    pitch_range = metrics.get("pitch_range_st")
    if pitch_range is None:
        pitch = ""
    else:
        key = "value.monotone" if metrics.get("monotone") else "value.semitones"
        pitch = tr(key, lang, value=fmt_num(pitch_range, 1))
    trailing = metrics.get("trailing_off")
    return [pitch, str(trailing) if trailing is not None else ""]


class SummaryScreen(QWidget):
    open_requested = Signal(int)  # attempt id
    back_requested = Signal()
    practise_requested = Signal(list)  # question ids to answer again, weakest first

    def __init__(self, state: AppState) -> None:
        super().__init__()
        self.setObjectName("summary_screen")
        self.state = state
        self.session: Session | None = None
        self.metrics: dict[int, dict[str, Any]] = {}
        self.overview: SessionOverview | None = None
        self.session_id: int | None = None
        self._stale = False  # an answer shown here changed while the screen was hidden

        self.title = QLabel()
        big = QFont(self.font())
        big.setPointSizeF(big.pointSizeF() * 1.5)
        big.setBold(True)
        self.title.setFont(big)
        self.header = QLabel()
        self.header.setObjectName("summary_header")
        self.comparison = ToneLabel(MUTED)
        self.comparison.setObjectName("summary_comparison")
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("summary_table")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 14)
        # As tall as its rows: no table of empty space above the actions.
        self.table.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
        OpenOnEnter(self.table, self.open_current)
        self.practise_button = QPushButton()
        self.practise_button.setObjectName("practise_weak")
        self.practise_button.clicked.connect(self.practise_weak)
        self.back_button = QPushButton()
        self.back_button.clicked.connect(self.back_requested.emit)
        self.open_button = QPushButton()
        self.open_button.clicked.connect(self.open_current)
        self.report_button = QPushButton()
        self.report_button.setObjectName("summary_report")
        self.report_button.clicked.connect(self.save_report)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)

        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addWidget(self.title, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.practise_button)
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.report_button)
        buttons.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.addLayout(top)
        layout.addWidget(self.header)
        layout.addWidget(self.comparison)
        layout.addWidget(self.table)
        self.debrief = DebriefPanel(state, lambda: self.session_id)  # the AI debrief (issue 13)
        layout.addWidget(self.debrief)
        layout.addLayout(buttons)
        layout.addStretch(1)
        shortcut = QShortcut(QKeySequence("Esc"), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.back_requested.emit)
        save = QShortcut(QKeySequence.StandardKey.Save, self)
        save.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        save.activated.connect(self.save_report)
        practise = QShortcut(QKeySequence("Ctrl+Shift+A"), self)
        practise.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        practise.activated.connect(self.practise_weak)
        state.language_changed.connect(lambda _lang: self.retranslate())
        state.bank_changed.connect(self._fill)
        state.attempts_changed.connect(self._attempts_changed)
        self.retranslate()

    @property
    def lang(self) -> str:
        return self.state.lang

    def retranslate(self) -> None:
        lang = self.lang
        self.title.setText(tr("summary.title", lang))
        self.back_button.setText("← " + tr("nav.back", lang))
        self.back_button.setToolTip(f"{tr('nav.back', lang)} (Esc)")
        self.open_button.setText(tr("history.open", lang))
        self.open_button.setToolTip(tr("summary.open_tip", lang))
        self.report_button.setText(tr("summary.report", lang))
        self.report_button.setToolTip(tr("summary.report_tip", lang))
        self.practise_button.setToolTip(tr("summary.practise_tip", lang))
        self.table.setHorizontalHeaderLabels([tr(c, lang) for c in COLUMNS])
        self._fill()

    def show_loading(self) -> None:
        self.session, self.metrics, self.session_id, self.overview = None, {}, None, None
        self.table.setRowCount(0)
        self.comparison.setText("")
        self.practise_button.setVisible(False)
        self.header.setText(tr("review.loading", self.lang))
        self.setFocus()

    def show_session(self, session_id: int | None) -> None:
        """Load a session's answers (off the GUI thread) and list them."""
        self.session_id = session_id
        self.session, self.metrics, self.overview = None, {}, None
        self.table.setRowCount(0)
        self.practise_button.setVisible(False)
        self._stale = False
        self.debrief.refresh()
        if session_id is None:
            self.header.setText(tr("summary.empty", self.lang))
            return
        self.state.with_db(lambda db: self._load(db, session_id))

    def _load(self, db: Database, session_id: int) -> None:
        bank, templates = self.state.bank, self.state.templates

        def loaded(overview: SessionOverview) -> None:
            self.overview = overview
            self.session, self.metrics = overview.session, overview.metrics
            self._fill()
            self.table.setFocus()
            if self.table.rowCount():
                self.table.selectRow(0)

        self.state.tasks.run(
            lambda: load_overview(db, session_id, bank, templates),
            owner=self,
            on_done=loaded,
            on_error=lambda exc: show_message(
                self.message, describe_failure("archive.load_failed", exc, self.lang)
            ),
            key="session",
            uses_db=True,
        )

    def _attempts_changed(self, attempt_ids: list[int]) -> None:
        shown = {a.id for a in self.session.attempts} if self.session is not None else set()
        if self.session_id is None or (attempt_ids and not shown.intersection(attempt_ids)):
            return
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._fill()  # the scores' colours, in the new theme's variant

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def save_report(self) -> None:
        """Ask where, then write the session as one self-contained HTML file or Markdown."""
        if self.session_id is None:
            return
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        name = f"interview-{datetime.now():%Y-%m-%d}-session-{self.session_id}.html"
        chosen, _filter = QFileDialog.getSaveFileName(
            self,
            tr("summary.report", self.lang),
            str(Path(folder or Path.home()) / name),
            "HTML (*.html);;Markdown (*.md)",
        )
        if chosen:
            # The dialog has already asked before replacing an existing file.
            self.write_report(Path(chosen), replace=True)

    def write_report(self, target: Path, *, replace: bool = False) -> None:
        """Render and write the report off the GUI thread; the result shows in the message line."""
        from interview_sim.core.report import build_report, render_html, render_markdown, write_report

        db, bank, templates, lang = self.state.db, self.state.bank, self.state.templates, self.lang
        session_id = self.session_id
        if db is None or bank is None or session_id is None:
            return
        markdown = target.suffix.lower() in (".md", ".markdown")

        def work() -> Path:
            report = build_report(db, session_id, bank, templates, lang)
            text = render_markdown(report) if markdown else render_html(report)
            return write_report(text, target, force=replace)

        show_message(self.message, tr("summary.report_writing", self.lang))
        self.state.tasks.run(
            work,
            owner=self,
            on_done=lambda path: show_message(self.message, tr("summary.report_saved", self.lang, path=path)),
            on_error=lambda exc: show_message(
                self.message, describe_failure("summary.report_failed", exc, self.lang)
            ),
            uses_db=True,
        )

    def refresh(self) -> None:
        if self.session_id is not None:
            self.show_session(self.session_id)

    def _fill(self) -> None:
        session = self.session
        if session is None:
            return
        lang, attempts = self.lang, session.attempts
        overview = self.overview
        if not attempts:
            self.header.setText(tr("summary.empty", lang))
        scores = [s for a in attempts if (s := self.metrics.get(a.id, {}).get("content_score")) is not None]
        total = sum(self.metrics.get(a.id, {}).get("duration_s") or a.duration_s or 0.0 for a in attempts)
        if attempts:
            mean = sum(scores) / len(scores) if scores else None
            self.header.setText(
                tr(
                    "summary.header",
                    lang,
                    count=len(attempts),
                    score=score_text(mean, lang) or "–",
                    total=fmt_time(total),
                )
            )
        self._show_comparison(overview)
        previous = overview.previous_scores if overview is not None else {}
        palette = self.palette()
        self.table.setRowCount(len(attempts))
        for row, attempt in enumerate(attempts):
            bank = self.state.bank
            question = bank.get(attempt.question_id) if bank is not None else None
            metrics = self.metrics.get(attempt.id)
            cells = metric_cells(
                attempt,
                metrics,
                question.question if question else attempt.question_id,
                lang,
                previous.get(attempt.question_id),
            )
            # The second pass still works on it: its scores change once it arrives (then refreshed).
            pending = bool(attempt.refine_pending) and attempt.refined is None
            if pending:
                cells[0] = f"{cells[0]}  · {tr('summary.refine_pending', lang)}"
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, attempt.id)
                if pending:
                    item.setToolTip(tr("refine.pending", lang))
                if column:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                score = (metrics or {}).get("content_score")
                if column == COLUMNS.index("col.score") and score is not None:
                    item.setForeground(tone(BAND_TONES[band(score)], palette))
                if column == COLUMNS.index("col.change") and text[:1] in ("▲", "▼"):
                    item.setForeground(tone(GOOD if text.startswith("▲") else BAD, palette))
                self.table.setItem(row, column, item)
            anchor = QTableWidgetItem("")  # under the button: the row's answer for Enter and the tests
            anchor.setData(Qt.ItemDataRole.UserRole, attempt.id)
            self.table.setItem(row, REVIEW_COLUMN, anchor)
            self.table.setCellWidget(row, REVIEW_COLUMN, self._review_button(attempt.id))
        # A column only for the units the session's answers have: Korean and English paces apart.
        for unit, column in RATE_COLUMNS.items():
            used = any(
                (self.metrics.get(a.id) or {}).get("rate_unit") == unit and a.status != STATUS_TYPED
                for a in attempts
            )
            self.table.setColumnHidden(column, not used)
        self.table.setColumnHidden(COLUMNS.index("col.change"), not previous)
        weak = overview.weak if overview is not None else []
        self.practise_button.setVisible(bool(weak))
        self.practise_button.setText(tr("summary.practise_weak", lang, count=len(weak)))

    def _show_comparison(self, overview: SessionOverview | None) -> None:
        change = overview.change if overview is not None else None
        lang = self.lang
        if overview is None or overview.mean_score is None:
            self.comparison.setText("")
        elif change is None:
            self.comparison.setText(tr("summary.change_first", lang))
            self.comparison.set_tone(MUTED)
        else:
            delta = round(change)
            key = (
                "summary.change_up"
                if delta > 0
                else "summary.change_down"
                if delta < 0
                else "summary.change_same"
            )
            self.comparison.setText(tr(key, lang, delta=abs(delta)))
            self.comparison.set_tone(GOOD if delta > 0 else BAD if delta < 0 else MUTED)

    def _review_button(self, attempt_id: int) -> QPushButton:
        button = QPushButton(tr("col.review", self.lang) + " ›")
        button.setObjectName(f"review_{attempt_id}")
        button.setToolTip(tr("summary.open_tip", self.lang))
        button.setFlat(True)
        button.clicked.connect(lambda _checked=False, aid=attempt_id: self.open_requested.emit(aid))
        return button

    def attempt_ids(self) -> list[int]:
        """The session's answers in order: what the review's "next answer" walks through."""
        return [a.id for a in self.session.attempts] if self.session is not None else []

    def practise_weak(self) -> None:
        """Ask for an interview with the session's weak questions (the window starts it)."""
        weak = self.overview.weak if self.overview is not None else []
        if weak:
            self.practise_requested.emit(list(weak))
        elif self.session is not None:
            show_message(self.message, tr("summary.no_weak", self.lang))

    def open_current(self) -> None:
        item = self.table.item(self.table.currentRow(), 0)
        if item is not None:
            self.open_requested.emit(int(item.data(Qt.ItemDataRole.UserRole)))
