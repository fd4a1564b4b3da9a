"""The end of an interview: every answer of the session with its scores, length and delivery;
Enter opens one in the review screen. It keeps itself current: a change to one of its answers
(a rating, a correction) is shown when it is next visible."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths, Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
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

from interview_sim.core.history import load_session
from interview_sim.core.storage import STATUS_TYPED, Attempt, Database, Session
from interview_sim.i18n import tr
from interview_sim.qt.app_state import AppState
from interview_sim.qt.formatting import fmt_num, fmt_time
from interview_sim.qt.summary_debrief import DebriefPanel
from interview_sim.qt.widgets import OpenOnEnter

COLUMNS = (
    "col.question",
    "col.length",
    "col.score",
    "col.keywords",
    "col.rate",
    "col.fillers",
    "col.pauses",
    "col.rating",
)


def metric_cells(
    attempt: Attempt, metrics: dict[str, Any] | None, question_text: str, lang: str
) -> list[str]:
    """The cells of one answer in the summary (and the history's tooltips)."""
    m = metrics or {}
    target = m.get("target_s")
    length = fmt_time(m.get("duration_s", attempt.duration_s))
    if target:
        length += f" / {fmt_time(target)}"
    total = m.get("keywords_total") or 0
    rate = m.get("rate")
    unit = "/min"
    return [
        question_text,
        length,
        fmt_num(m.get("content_score")),
        f"{m.get('keywords_covered', 0)}/{total}" if total else "-",
        f"{fmt_num(rate)}{unit}" if rate is not None and attempt.status != STATUS_TYPED else "-",
        str(m.get("fillers", "-")),
        str(m.get("long_pauses", "-")),
        tr(f"rating.{attempt.rating}", lang) if attempt.rating else "",
    ]


class SummaryScreen(QWidget):
    open_requested = Signal(int)  # attempt id
    back_requested = Signal()

    def __init__(self, state: AppState) -> None:
        super().__init__()
        self.setObjectName("summary_screen")
        self.state = state
        self.session: Session | None = None
        self.metrics: dict[int, dict[str, Any]] = {}
        self.session_id: int | None = None
        self._stale = False  # an answer shown here changed while the screen was hidden

        self.title = QLabel()
        big = QFont(self.font())
        big.setPointSizeF(big.pointSizeF() * 1.5)
        big.setBold(True)
        self.title.setFont(big)
        self.header = QLabel()
        self.header.setObjectName("summary_header")
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
        OpenOnEnter(self.table, self.open_current)
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
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.report_button)
        buttons.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.addLayout(top)
        layout.addWidget(self.header)
        layout.addWidget(self.table, 1)
        self.debrief = DebriefPanel(state, lambda: self.session_id)  # the AI debrief (issue 13)
        layout.addWidget(self.debrief)
        layout.addLayout(buttons)
        shortcut = QShortcut(QKeySequence("Esc"), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.back_requested.emit)
        save = QShortcut(QKeySequence.StandardKey.Save, self)
        save.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        save.activated.connect(self.save_report)
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
        self.table.setHorizontalHeaderLabels([tr(c, lang) for c in COLUMNS])
        self._fill()

    def show_loading(self) -> None:
        self.session, self.metrics, self.session_id = None, {}, None
        self.table.setRowCount(0)
        self.header.setText(tr("review.loading", self.lang))
        self.setFocus()

    def show_session(self, session_id: int | None) -> None:
        """Load a session's answers (off the GUI thread) and list them."""
        self.session_id = session_id
        self.session, self.metrics = None, {}
        self.table.setRowCount(0)
        self._stale = False
        self.debrief.refresh()
        if session_id is None:
            self.header.setText(tr("summary.empty", self.lang))
            return
        self.state.with_db(lambda db: self._load(db, session_id))

    def _load(self, db: Database, session_id: int) -> None:
        bank, templates = self.state.bank, self.state.templates

        def loaded(result: tuple[Session | None, dict[int, dict[str, Any]]]) -> None:
            self.session, self.metrics = result
            self._fill()
            self.table.setFocus()
            if self.table.rowCount():
                self.table.selectRow(0)

        self.state.tasks.run(
            lambda: load_session(db, session_id, bank, templates),
            owner=self,
            on_done=loaded,
            on_error=lambda exc: self.message.setText(tr("archive.load_failed", self.lang, error=exc)),
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

        self.message.setText(tr("summary.report_writing", self.lang))
        self.state.tasks.run(
            work,
            owner=self,
            on_done=lambda path: self.message.setText(tr("summary.report_saved", self.lang, path=path)),
            on_error=lambda exc: self.message.setText(tr("summary.report_failed", self.lang, error=exc)),
            uses_db=True,
        )

    def refresh(self) -> None:
        if self.session_id is not None:
            self.show_session(self.session_id)

    def _fill(self) -> None:
        session = self.session
        if session is None:
            return
        attempts = session.attempts
        if not attempts:
            self.header.setText(tr("summary.empty", self.lang))
        scores = [s for a in attempts if (s := self.metrics.get(a.id, {}).get("content_score")) is not None]
        total = sum(self.metrics.get(a.id, {}).get("duration_s") or a.duration_s or 0.0 for a in attempts)
        if attempts:
            self.header.setText(
                tr(
                    "summary.header",
                    self.lang,
                    count=len(attempts),
                    score=fmt_num(sum(scores) / len(scores)) if scores else "-",
                    total=fmt_time(total),
                )
            )
        self.table.setRowCount(len(attempts))
        for row, attempt in enumerate(attempts):
            bank = self.state.bank
            question = bank.get(attempt.question_id) if bank is not None else None
            cells = metric_cells(
                attempt,
                self.metrics.get(attempt.id),
                question.question if question else attempt.question_id,
                self.lang,
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, attempt.id)
                if column:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(row, column, item)

    def open_current(self) -> None:
        item = self.table.item(self.table.currentRow(), 0)
        if item is not None:
            self.open_requested.emit(int(item.data(Qt.ItemDataRole.UserRole)))
