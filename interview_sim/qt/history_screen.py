"""Every session and answer: filters, the review of any answer, comparing two answers to the
same question, progress over time, and deleting with the recordings.

The answers are read off the GUI thread into plain rows once; the table is a model over them
(nothing is made per row until it is painted), and filters run over the rows in memory, so ten
thousand answers open and filter quickly (bench/review_bench.py measures it).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import shiboken6
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from interview_sim.core import deletion
from interview_sim.core.bank import CATEGORIES, Bank
from interview_sim.core.review import update_metrics
from interview_sim.core.storage import STATUS_TYPED, Attempt, Database
from interview_sim.core.templates import Template
from interview_sim.i18n import tr
from interview_sim.qt.compare_view import CompareView, PlayerFactory
from interview_sim.qt.progress_chart import ProgressChart, daily_means
from interview_sim.qt.review_screen import fmt_num, fmt_time
from interview_sim.qt.tasks import run_in_background
from interview_sim.qt.theme import BAD, tone
from interview_sim.qt.widgets import OpenOnEnter

ANY = ""
# The newest answers are read and shown first, the rest follow in the background: the screen
# is usable at once even with years of practice.
FIRST_PAGE = 300
PROGRESS_METRICS = ("content_score", "duration_s", "rate", "fillers_per_minute", "long_pauses")
PROGRESS_LABELS = {
    "content_score": "metric.content",
    "duration_s": "metric.duration",
    "rate": "metric.rate",
    "fillers_per_minute": "metric.fillers_per_minute",
    "long_pauses": "metric.pauses",
}


@dataclass
class HistoryRow:
    attempt_id: int
    session_id: int
    question_id: str
    category: str
    question: str
    started_at: str
    day: str  # local YYYY-MM-DD
    when: str  # local YYYY-MM-DD HH:MM
    duration_s: float | None
    score: float | None
    rating: str | None
    metrics: dict[str, Any] = field(default_factory=dict)
    search: str = ""
    typed: bool = False  # no speaking pace for a typed answer


def make_rows(attempts: Sequence[Attempt], bank: Bank | None) -> list[HistoryRow]:
    rows = []
    texts: dict[str, str] = {}
    for attempt in attempts:
        text = texts.get(attempt.question_id)
        if text is None:
            question = bank.get(attempt.question_id) if bank is not None else None
            text = texts[attempt.question_id] = (
                question.question if question is not None else attempt.question_id
            )
        try:
            m = datetime.fromisoformat(attempt.started_at).astimezone()
            when = f"{m.year:04d}-{m.month:02d}-{m.day:02d} {m.hour:02d}:{m.minute:02d}"
        except ValueError:
            when = attempt.started_at[:16]
        metrics = attempt.metrics or {}
        rows.append(
            HistoryRow(
                attempt.id,
                attempt.session_id,
                attempt.question_id,
                attempt.question_id.split(".", 1)[0],
                text,
                attempt.started_at,
                when[:10],
                when,
                metrics.get("duration_s", attempt.duration_s),
                attempt.content_score,
                attempt.rating,
                metrics,
                (text + " " + attempt.question_id).casefold(),
                attempt.status == STATUS_TYPED,
            )
        )
    return rows


@dataclass(frozen=True)
class HistoryFilter:
    since: str = ""  # YYYY-MM-DD, local
    until: str = ""
    category: str = ANY
    text: str = ""
    min_score: float | None = None
    max_score: float | None = None
    session_id: int | None = None

    def matches(self, row: HistoryRow) -> bool:
        if self.since and row.day < self.since:
            return False
        if self.until and row.day > self.until:
            return False
        if self.category and row.category != self.category:
            return False
        if self.session_id is not None and row.session_id != self.session_id:
            return False
        if self.min_score is not None and (row.score is None or row.score < self.min_score):
            return False
        if self.max_score is not None and (row.score is None or row.score > self.max_score):
            return False
        return not self.text or self.text.casefold() in row.search


COLUMNS = ("col.date", "col.question", "col.category", "col.length", "col.score", "col.keywords", "col.rate", "col.fillers", "col.rating")  # fmt: skip


class HistoryModel(QAbstractTableModel):
    def __init__(self, lang: str = "ko") -> None:
        super().__init__()
        self.lang = lang
        self.rows: list[HistoryRow] = []
        self.visible: list[HistoryRow] = []
        self.where = HistoryFilter()

    def set_rows(self, rows: list[HistoryRow]) -> None:
        self.rows = rows
        self.apply(self.where)

    def append_rows(self, rows: list[HistoryRow]) -> None:
        """Older rows after the first page: only the new matching ones are inserted."""
        matching = [r for r in rows if self.where.matches(r)]
        self.rows.extend(rows)
        if matching:
            first = len(self.visible)
            self.beginInsertRows(QModelIndex(), first, first + len(matching) - 1)
            self.visible.extend(matching)
            self.endInsertRows()

    def apply(self, where: HistoryFilter) -> None:
        self.beginResetModel()
        self.where = where
        self.visible = (
            [r for r in self.rows if where.matches(r)] if where != HistoryFilter() else list(self.rows)
        )
        self.endResetModel()

    def remove(self, attempt_ids: set[int]) -> None:
        self.rows = [r for r in self.rows if r.attempt_id not in attempt_ids]
        self.apply(self.where)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.visible)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return tr(COLUMNS[section], self.lang)
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        row = self.visible[index.row()]
        if role == Qt.ItemDataRole.UserRole:
            return row.attempt_id
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() >= 3:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        column, m = index.column(), row.metrics
        if column == 0:
            return row.when
        if column == 1:
            return row.question
        if column == 2:
            names = CATEGORIES.get(row.category)
            return names[0 if self.lang == "ko" else 1] if names else row.category
        if column == 3:
            return fmt_time(row.duration_s)
        if column == 4:
            return fmt_num(row.score)
        if column == 5:
            total = m.get("keywords_total") or 0
            return f"{m.get('keywords_covered', 0)}/{total}" if total else "-"
        if column == 6:
            return "-" if row.typed else fmt_num(m.get("rate"))
        if column == 7:
            return str(m.get("fillers", "-"))
        return tr(f"rating.{row.rating}", self.lang) if row.rating else ""


class HistoryScreen(QWidget):
    open_requested = Signal(int)  # attempt id
    back_requested = Signal()
    loaded = Signal()  # the newest rows are in the model and shown
    complete = Signal()  # every row is in the model
    refreshed = Signal()  # metrics missing from the cache were computed (or none were missing)

    def __init__(
        self,
        lang: str = "ko",
        db: Callable[[], Database | None] | None = None,
        player_factory: PlayerFactory | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("history_screen")
        self.lang = lang
        self.db_provider = db or (lambda: None)
        self.bank: Bank | None = None
        self.templates: dict[str, Template] = {}
        self.model = HistoryModel(lang)
        self._load_generation = 0

        self.title = QLabel()
        big = QFont(self.font())
        big.setPointSizeF(big.pointSizeF() * 1.5)
        big.setBold(True)
        self.title.setFont(big)
        self.back_button = QPushButton()
        self.back_button.clicked.connect(self.go_back)
        self.count = QLabel()
        self.count.setObjectName("history_count")

        self.since = QLineEdit()
        self.since.setObjectName("filter_since")
        self.until = QLineEdit()
        self.until.setObjectName("filter_until")
        self.category = QComboBox()
        self.category.setObjectName("filter_category")
        self.text = QLineEdit()
        self.text.setObjectName("filter_text")
        self.text.setClearButtonEnabled(True)
        self.min_score = QSpinBox()
        self.min_score.setObjectName("filter_min_score")
        self.max_score = QSpinBox()
        self.max_score.setObjectName("filter_max_score")
        for box in (self.min_score, self.max_score):
            box.setRange(-1, 100)
            box.setValue(-1)
            box.setSpecialValueText("-")
            box.valueChanged.connect(lambda _v: self.apply_filter())
        for edit in (self.since, self.until):
            edit.setMaxLength(10)
            edit.setFixedWidth(110)
            edit.textChanged.connect(lambda _t: self.apply_filter())
        self.text.textChanged.connect(lambda _t: self.apply_filter())
        self.category.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.filter_labels = [QLabel() for _ in range(5)]
        filters = QHBoxLayout()
        for label, widget in zip(
            self.filter_labels,
            (self.since, self.until, self.category, self.min_score, self.max_score),
            strict=True,
        ):
            label.setBuddy(widget)
            filters.addWidget(label)
            filters.addWidget(widget)
        filters.addWidget(self.text, 1)

        self.sessions = QListWidget()
        self.sessions.setObjectName("sessions")
        self.sessions.currentItemChanged.connect(lambda *_a: self.apply_filter())
        self.table = QTableView()
        self.table.setObjectName("history_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 130), (2, 110), (3, 60), (4, 55), (5, 55), (6, 60), (7, 50), (8, 70)):
            self.table.setColumnWidth(column, width)
        OpenOnEnter(self.table, self.open_current)

        self.progress_metric = QComboBox()
        self.progress_metric.setObjectName("progress_metric")
        self.progress_category = QComboBox()
        self.progress_category.setObjectName("progress_category")
        for combo in (self.progress_metric, self.progress_category, self.category):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.progress_metric.currentIndexChanged.connect(lambda _i: self.update_chart())
        self.progress_category.currentIndexChanged.connect(lambda _i: self.update_chart())
        self.progress_metric_label, self.progress_category_label = QLabel(), QLabel()
        self.progress_metric_label.setBuddy(self.progress_metric)
        self.progress_category_label.setBuddy(self.progress_category)
        self.chart = ProgressChart()
        progress = QWidget()
        progress_layout = QVBoxLayout(progress)
        controls = QHBoxLayout()
        controls.addWidget(self.progress_metric_label)
        controls.addWidget(self.progress_metric)
        controls.addWidget(self.progress_category_label)
        controls.addWidget(self.progress_category)
        controls.addStretch(1)
        progress_layout.addLayout(controls)
        progress_layout.addWidget(self.chart, 1)

        self.tabs = QTabWidget()
        self.tabs.addTab(self.table, "")
        self.tabs.addTab(progress, "")
        self.tabs.currentChanged.connect(lambda _i: self.update_chart())
        sessions_box = QWidget()
        sessions_layout = QVBoxLayout(sessions_box)
        sessions_layout.setContentsMargins(0, 0, 0, 0)
        self.sessions_label = QLabel()
        self.sessions_label.setBuddy(self.sessions)
        sessions_layout.addWidget(self.sessions_label)
        sessions_layout.addWidget(self.sessions, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(sessions_box)
        splitter.addWidget(self.tabs)
        splitter.setSizes([230, 900])

        self.buttons: dict[str, QPushButton] = {}
        actions = QHBoxLayout()
        self.message = QLabel()
        self.message.setObjectName("history_message")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        actions.addWidget(self.message, 1)
        for name, action in (
            ("open", self.open_current),
            ("compare", self.compare_selected),
            ("delete", self.delete_selected),
            ("delete_session", self.delete_session),
        ):
            button = QPushButton()
            button.setObjectName(f"history_{name}")
            button.clicked.connect(action)
            self.buttons[name] = button
            actions.addWidget(button)

        main = QWidget()
        main_layout = QVBoxLayout(main)
        main_layout.setContentsMargins(0, 0, 0, 0)
        main_layout.addLayout(filters)
        main_layout.addWidget(splitter, 1)
        main_layout.addLayout(actions)
        self.compare = CompareView(lang, player_factory)
        self.compare.back_requested.connect(self._close_compare)
        self.pages = QStackedWidget()
        self.pages.addWidget(main)
        self.pages.addWidget(self.compare)

        self.top = QWidget()
        top = QHBoxLayout(self.top)
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.back_button)
        top.addWidget(self.title, 1)
        top.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.addWidget(self.top)
        layout.addWidget(self.pages, 1)

        for keys, action in (
            ("Esc", self.go_back),
            ("Ctrl+L", self.text.setFocus),
            ("Ctrl+D", self.compare_selected),
            ("Del", self.delete_selected),
            ("Shift+Del", self.delete_session),
            ("Ctrl+G", lambda: self.tabs.setCurrentIndex(1 - self.tabs.currentIndex())),
        ):
            shortcut = QShortcut(QKeySequence(keys), main)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(action)
        self.retranslate(lang)

    # -- text -------------------------------------------------------------------------------

    def retranslate(self, lang: str) -> None:
        self.lang = lang
        self.model.lang = lang
        self.title.setText(tr("history.title", lang))
        self.back_button.setText("← " + tr("nav.back", lang))
        self.back_button.setToolTip(f"{tr('nav.back', lang)} (Esc)")
        for label, key in zip(
            self.filter_labels,
            ("history.since", "history.until", "col.category", "history.min_score", "history.max_score"),
            strict=True,
        ):
            label.setText(tr(key, lang))
        for edit in (self.since, self.until):
            edit.setPlaceholderText(tr("history.date_placeholder", lang))
        self.text.setPlaceholderText(tr("history.question_filter", lang))
        self.text.setToolTip(tr("history.question_filter", lang))
        self.sessions_label.setText(tr("history.sessions", lang))
        self.tabs.setTabText(0, tr("history.attempts_tab", lang))
        self.tabs.setTabText(1, tr("history.progress_tab", lang))
        self.tabs.setTabToolTip(0, f"{tr('history.attempts_tab', lang)} (Ctrl+G)")
        self.tabs.setTabToolTip(1, f"{tr('history.progress_tab', lang)} (Ctrl+G)")
        self.progress_metric_label.setText(tr("progress.metric", lang))
        self.progress_category_label.setText(tr("progress.category", lang))
        self.chart.empty_text = tr("progress.no_data", lang)
        for name, key, keys in (
            ("open", "history.open", "Enter"),
            ("compare", "history.compare", "Ctrl+D"),
            ("delete", "history.delete", "Del"),
            ("delete_session", "history.delete_session", "Shift+Del"),
        ):
            self.buttons[name].setText(tr(key, lang))
            self.buttons[name].setToolTip(f"{tr(key, lang)} ({keys})")
        self._fill_combos()
        self._fill_sessions()
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        self.model.layoutChanged.emit()
        self.compare.retranslate(lang)
        self._update_count()

    def _fill_combos(self) -> None:
        names = [(c, n[0 if self.lang == "ko" else 1]) for c, n in CATEGORIES.items()]
        for combo, any_key in (
            (self.category, "history.category_any"),
            (self.progress_category, "history.category_any"),
        ):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(tr(any_key, self.lang), ANY)
            for key, name in names:
                combo.addItem(name, key)
            found = combo.findData(current)
            combo.setCurrentIndex(max(found, 0))
            combo.blockSignals(False)
        current = self.progress_metric.currentData()
        self.progress_metric.blockSignals(True)
        self.progress_metric.clear()
        for metric in PROGRESS_METRICS:
            self.progress_metric.addItem(tr(PROGRESS_LABELS[metric], self.lang), metric)
        self.progress_metric.setCurrentIndex(max(self.progress_metric.findData(current), 0))
        self.progress_metric.blockSignals(False)

    # -- data -------------------------------------------------------------------------------

    def set_bank(self, bank: Bank | None, templates: dict[str, Template]) -> None:
        self.bank, self.templates = bank, dict(templates)

    def reload(self) -> None:
        """Read every answer off the GUI thread, then show them; metrics missing from the
        cache are computed afterwards, also off the GUI thread."""
        db = self.db_provider()
        if db is None:
            self.message.setText(tr("archive.no_db", self.lang, error="-"))
            return
        self._load_generation += 1
        generation, bank = self._load_generation, self.bank

        def load_first() -> list[HistoryRow]:
            return make_rows(db.list_attempts(limit=FIRST_PAGE), bank)

        def load_rest() -> list[HistoryRow]:
            return make_rows(db.list_attempts(limit=-1, offset=FIRST_PAGE), bank)

        def current() -> bool:
            return shiboken6.isValid(self) and generation == self._load_generation

        def first_done(rows: list[HistoryRow]) -> None:
            if not current():
                return
            self.set_rows(rows)
            self.loaded.emit()
            if len(rows) < FIRST_PAGE:
                rest_done([])
            else:
                run_in_background(load_rest, rest_done, failed)

        def rest_done(rows: list[HistoryRow]) -> None:
            if not current():
                return
            self.model.append_rows(rows)
            self._fill_sessions()
            self._update_count()
            self.update_chart()
            self.complete.emit()
            self._refresh_metrics(db, self.model.rows)

        def failed(exc: BaseException) -> None:
            if shiboken6.isValid(self):
                self.message.setText(tr("archive.load_failed", self.lang, error=exc))

        run_in_background(load_first, first_done, failed)

    def set_rows(self, rows: list[HistoryRow]) -> None:
        self.model.set_rows(rows)
        self._fill_sessions()
        self.apply_filter()
        if not rows:
            self.message.setText(tr("history.empty", self.lang))
        if self.model.rowCount() and not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)

    def _refresh_metrics(self, db: Database, rows: list[HistoryRow]) -> None:
        """Compute the metrics that are missing or stale (a correction, an edited reference)
        off the GUI thread; when some were, read the rows again to show them."""
        bank, templates = self.bank, self.templates
        if bank is None or not rows:
            self.refreshed.emit()
            return

        def done(computed: int) -> None:
            if not shiboken6.isValid(self):
                return
            if computed:
                self.reload()  # its own pass then finds nothing stale and says refreshed
            else:
                self.refreshed.emit()

        run_in_background(
            lambda: update_metrics(db, bank, templates),
            done,
            self._load_failed,
        )

    def _fill_sessions(self) -> None:
        sessions: dict[int, list[HistoryRow]] = {}
        for row in self.model.rows:
            sessions.setdefault(row.session_id, []).append(row)
        current = self.sessions.currentItem()
        selected = current.data(Qt.ItemDataRole.UserRole) if current is not None else None
        self.sessions.blockSignals(True)
        self.sessions.clear()
        everything = QListWidgetItem(tr("history.all_sessions", self.lang, count=len(sessions)))
        everything.setData(Qt.ItemDataRole.UserRole, None)
        self.sessions.addItem(everything)
        self.sessions.setCurrentItem(everything)
        for session_id, rows in sorted(sessions.items(), key=lambda kv: kv[1][-1].started_at, reverse=True):
            item = QListWidgetItem(tr("history.session_item", self.lang, date=rows[-1].when, count=len(rows)))
            item.setData(Qt.ItemDataRole.UserRole, session_id)
            self.sessions.addItem(item)
            if session_id == selected:
                self.sessions.setCurrentItem(item)
        self.sessions.blockSignals(False)

    def current_filter(self) -> HistoryFilter | None:
        """The filter the controls describe, or None when a date is not a date (said where)."""
        dates = []
        for edit in (self.since, self.until):
            value = edit.text().strip()
            if value and (len(value) != 10 or not _is_date(value)):
                self.message.setText(tr("history.bad_date", self.lang, value=value))
                edit.setStyleSheet(f"border: 1px solid {tone(BAD, edit.palette()).name()};")
                return None
            if edit.styleSheet():  # setting it, even to the same, restyles the widget
                edit.setStyleSheet("")
            dates.append(value)
        item = self.sessions.currentItem()
        return HistoryFilter(
            since=dates[0],
            until=dates[1],
            category=self.category.currentData() or ANY,
            text=self.text.text().strip(),
            min_score=None if self.min_score.value() < 0 else float(self.min_score.value()),
            max_score=None if self.max_score.value() < 0 else float(self.max_score.value()),
            session_id=item.data(Qt.ItemDataRole.UserRole) if item is not None else None,
        )

    def apply_filter(self) -> None:
        where = self.current_filter()
        if where is None:
            return
        if self.message.text().startswith(tr("history.bad_date", self.lang, value="")[:4]):
            self.message.clear()
        self.model.apply(where)
        self._update_count()
        if self.model.rowCount():
            self.table.selectRow(0)
        self.update_chart()

    def _update_count(self) -> None:
        self.count.setText(
            tr("history.count", self.lang, shown=len(self.model.visible), total=len(self.model.rows))
        )

    def update_chart(self) -> None:
        if self.tabs.currentIndex() != 1:
            return
        metric = self.progress_metric.currentData() or "content_score"
        only = self.progress_category.currentData() or ANY
        points = []
        for row in self.model.visible:
            value = row.metrics.get(metric)
            if isinstance(value, int | float) and (not only or row.category == only):
                points.append((row.category, date.fromisoformat(row.day), float(value)))
        labels = {c: n[0 if self.lang == "ko" else 1] for c, n in CATEGORIES.items()}
        self.chart.set_series(daily_means(points), labels)

    # -- actions ----------------------------------------------------------------------------

    def selected_ids(self) -> list[int]:
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        return [self.model.visible[r].attempt_id for r in rows if r < len(self.model.visible)]

    def current_row(self) -> HistoryRow | None:
        index = self.table.currentIndex()
        return (
            self.model.visible[index.row()]
            if index.isValid() and index.row() < len(self.model.visible)
            else None
        )

    def open_current(self) -> None:
        row = self.current_row()
        if row is not None:
            self.open_requested.emit(row.attempt_id)

    def compare_selected(self) -> None:
        ids = self.selected_ids()
        rows = [r for r in self.model.visible if r.attempt_id in ids]
        if len(rows) != 2:
            self.message.setText(tr("history.pick_two", self.lang))
            return
        if rows[0].question_id != rows[1].question_id:
            self.message.setText(tr("history.not_same_question", self.lang))
            return
        db = self.db_provider()
        if db is None:
            return

        def load() -> list[Attempt | None]:
            return [db.attempt(r.attempt_id) for r in rows]

        def done(found: list[Attempt | None]) -> None:
            if not shiboken6.isValid(self):
                return
            first, second = found
            if first is None or second is None:
                self.message.setText(tr("review.missing", self.lang, id=rows[0].attempt_id))
                return
            self.compare.show_pair(first, second, self.bank, self.templates)
            self.pages.setCurrentWidget(self.compare)
            self.top.hide()  # the comparison has its own way back

        run_in_background(load, done, self._load_failed)

    def _load_failed(self, exc: BaseException) -> None:
        if shiboken6.isValid(self):
            self.message.setText(tr("archive.load_failed", self.lang, error=exc))

    def _close_compare(self) -> None:
        self.pages.setCurrentIndex(0)
        self.top.show()
        self.table.setFocus()

    def confirm(self, text: str) -> bool:
        answer = QMessageBox.question(
            self,
            tr("history.title", self.lang),
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        db = self.db_provider()
        if not ids or db is None:
            return
        if not self.confirm(tr("history.confirm_delete", self.lang, count=len(ids))):
            return

        def delete() -> list[int]:
            removed = []
            for attempt_id in ids:
                deletion.delete_attempt(db, attempt_id)
                removed.append(attempt_id)
            return removed

        self._run_delete(delete)

    def delete_session(self) -> None:
        row = self.current_row()
        db = self.db_provider()
        if row is None or db is None:
            return
        count = sum(1 for r in self.model.rows if r.session_id == row.session_id)
        if not self.confirm(tr("history.confirm_delete_session", self.lang, date=row.when, count=count)):
            return
        session_id = row.session_id
        self._run_delete(lambda: deletion.delete_session(db, session_id).attempt_ids)

    def _run_delete(self, delete: Callable[[], list[int]]) -> None:
        def done(removed: list[int]) -> None:
            if not shiboken6.isValid(self):
                return
            self.model.remove(set(removed))
            self._fill_sessions()
            self.apply_filter()
            self.message.setText(tr("history.deleted", self.lang, count=len(removed)))

        def failed(exc: BaseException) -> None:
            if shiboken6.isValid(self):
                self.message.setText(tr("archive.save_failed", self.lang, error=exc))
                self.reload()  # show what is really left

        run_in_background(delete, done, failed)

    def go_back(self) -> None:
        if self.pages.currentWidget() is self.compare:
            self.compare.go_back()
            return
        self.back_requested.emit()


def _is_date(value: str) -> bool:
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True
