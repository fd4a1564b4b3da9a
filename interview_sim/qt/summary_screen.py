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
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from interview_sim.core.generated import QuestionTexts
from interview_sim.core.session_summary import SessionOverview, load_overview
from interview_sim.core.storage import Database, Session
from interview_sim.i18n import tr
from interview_sim.qt.app_state import AppState
from interview_sim.qt.errors import describe_failure, show_message
from interview_sim.qt.formatting import fmt_time, score_text
from interview_sim.qt.summary_debrief import DebriefPanel
from interview_sim.qt.summary_table import COLUMNS, fill_table, make_table, metric_cells, voice_cells
from interview_sim.qt.theme import BAD, GOOD, MUTED, ToneLabel
from interview_sim.qt.widgets import OpenOnEnter

# The table's columns and cells live in summary_table; importable from here as before.
__all__ = ["COLUMNS", "SummaryScreen", "metric_cells", "voice_cells"]


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
        self.table = make_table(self.fontMetrics().height() + 14)
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
        fill_table(
            self.table,
            attempts,
            self.metrics,
            previous,
            self.question_label,
            lang,
            self.palette(),
            self._review_button,
        )
        weak = overview.weak if overview is not None else []
        self.practise_button.setVisible(bool(weak))
        self.practise_button.setText(tr("summary.practise_weak", lang, count=len(weak)))

    def question_label(self, question_id: str) -> str:
        """A question as the table shows it: resolved off the GUI thread with the overview
        (generated follow-ups included), else from the bank."""
        lang = self.lang
        shown = self.overview.questions.get(question_id) if self.overview is not None else None
        if shown is not None:
            return shown.label(lang)
        return QuestionTexts(None, self.state.bank).label(question_id, lang)

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
