"""Every session and answer: filters, the review of any answer, comparing two answers to the
same question, progress over time, and deleting with the recordings.

A view over core/history.py: the answers are read off the GUI thread into plain rows (the
newest page first, the rest after), the table is a model over them (history_model) and the
filters run over them in memory (history_filters), so ten thousand answers open and filter
quickly (bench/review_bench.py measures it). It keeps itself current: answers changed or
deleted elsewhere are read again at once when it is visible, else when it is next shown.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from interview_sim.core.history import (
    FIRST_PAGE,
    Comparison,
    HistoryArchive,
    HistoryRow,
    pair_problem,
)
from interview_sim.i18n import tr
from interview_sim.qt.app_state import AppState
from interview_sim.qt.compare_view import CompareView, PlayerFactory
from interview_sim.qt.errors import describe_failure, show_message
from interview_sim.qt.formatting import bigger
from interview_sim.qt.history_filters import FiltersBar, ProgressPanel, SessionsPanel
from interview_sim.qt.history_menu import HistoryRowMenu
from interview_sim.qt.history_model import HistoryModel
from interview_sim.qt.widgets import OpenOnEnter

T = TypeVar("T")
ACTIONS = (  # name, text, keys
    ("open", "history.open", "Enter"),
    ("compare", "history.compare", "Ctrl+D"),
    ("delete", "history.delete", "Del"),
    ("delete_session", "history.delete_session", "Shift+Del"),
)


class HistoryScreen(QWidget):
    open_requested = Signal(int)  # attempt id
    back_requested = Signal()
    loaded = Signal()  # the newest rows are in the model and shown
    complete = Signal()  # every row is in the model
    refreshed = Signal()  # metrics missing from the cache were computed (or none were missing)

    help_screen = "history"  # F1 shows this page's keys (qt/widgets.py SHORTCUTS)

    def __init__(self, state: AppState, make_player: PlayerFactory) -> None:
        super().__init__()
        self.setObjectName("history_screen")
        self.state = state
        self.model = HistoryModel(state.lang)
        self._stale = False  # answers changed while the screen was hidden

        self.title = QLabel()
        self.title.setFont(bigger(self.font(), 1.5))
        self.back_button = QPushButton()
        self.back_button.clicked.connect(self.go_back)
        self.count = QLabel()
        self.count.setObjectName("history_count")
        self.filters = FiltersBar()
        self.filters.changed.connect(self.apply_filter)
        self.sessions = SessionsPanel()
        self.sessions.changed.connect(self.apply_filter)
        self.table = self._make_table()
        self.progress = ProgressPanel()
        self.progress.changed.connect(self.update_chart)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.table, "")
        self.tabs.addTab(self.progress, "")
        self.tabs.currentChanged.connect(lambda _i: self.update_chart())
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.sessions)
        splitter.addWidget(self.tabs)
        splitter.setSizes([230, 900])
        self.message = QLabel()
        self.message.setObjectName("history_message")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        main = QWidget()
        main_layout = QVBoxLayout(main)
        main_layout.setContentsMargins(0, 0, 0, 0)
        main_layout.addWidget(self.filters)
        main_layout.addWidget(splitter, 1)
        main_layout.addLayout(self._make_actions())
        self.compare = CompareView(state, make_player)
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
        self._shortcuts(main)
        state.language_changed.connect(lambda _lang: self.retranslate())
        state.attempts_changed.connect(self._attempts_changed)
        self.retranslate()

    def _make_table(self) -> QTableView:
        table = QTableView()
        table.setObjectName("history_table")
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        table.setTabKeyNavigation(False)
        table.setWordWrap(False)
        table.setAlternatingRowColors(True)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column, width in ((0, 130), (2, 110), (3, 60), (4, 55), (5, 55), (6, 60), (7, 50), (8, 70)):
            table.setColumnWidth(column, width)
        OpenOnEnter(table, self.open_current)
        self.row_menu = HistoryRowMenu(
            table,
            self.state,
            self.row_at,
            self.open_requested.emit,
            lambda text: show_message(self.message, text),
        )
        return table

    def row_at(self, pos: QPoint) -> HistoryRow | None:
        index = self.table.indexAt(pos)
        visible = self.model.visible
        return visible[index.row()] if index.isValid() and index.row() < len(visible) else None

    def _make_actions(self) -> QHBoxLayout:
        self.buttons: dict[str, QPushButton] = {}
        actions = QHBoxLayout()
        actions.addWidget(self.message, 1)
        handlers = {
            "open": self.open_current,
            "compare": self.compare_selected,
            "delete": self.delete_selected,
            "delete_session": self.delete_session,
        }
        for name, _key, _keys in ACTIONS:
            button = QPushButton()
            button.setObjectName(f"history_{name}")
            button.clicked.connect(handlers[name])
            self.buttons[name] = button
            actions.addWidget(button)
        return actions

    def _shortcuts(self, main: QWidget) -> None:
        for keys, action in (
            ("Esc", self.go_back),
            ("Ctrl+L", self.filters.text.setFocus),
            ("Ctrl+D", self.compare_selected),
            ("Del", self.delete_selected),
            ("Shift+Del", self.delete_session),
            ("Ctrl+G", lambda: self.tabs.setCurrentIndex(1 - self.tabs.currentIndex())),
        ):
            shortcut = QShortcut(QKeySequence(keys), main)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(action)

    # -- text -------------------------------------------------------------------------------

    @property
    def lang(self) -> str:
        return self.state.lang

    def retranslate(self) -> None:
        lang = self.lang
        self.title.setText(tr("history.title", lang))
        self.back_button.setText("← " + tr("nav.back", lang))
        self.back_button.setToolTip(f"{tr('nav.back', lang)} (Esc)")
        self.filters.retranslate(lang)
        self.progress.retranslate(lang)
        self.sessions.retranslate(lang)
        for index, key in enumerate(("history.attempts_tab", "history.progress_tab")):
            self.tabs.setTabText(index, tr(key, lang))
            self.tabs.setTabToolTip(index, f"{tr(key, lang)} (Ctrl+G)")
        for name, key, keys in ACTIONS:
            self.buttons[name].setText(tr(key, lang))
            self.buttons[name].setToolTip(f"{tr(key, lang)} ({keys})")
        self._fill_sessions()
        self.model.retranslate(lang)
        self._update_count()

    # -- data -------------------------------------------------------------------------------

    def _archive(self, then: Callable[[HistoryArchive], None]) -> None:
        bank, templates = self.state.bank, self.state.templates
        self.state.with_db(lambda db: then(HistoryArchive(db, bank, templates)))

    def _run(
        self,
        fn: Callable[[], T],
        on_done: Callable[[T], None],
        *,
        key: str | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Database work off the GUI thread; a failure to read is said in the message line."""
        self.state.tasks.run(
            fn, owner=self, on_done=on_done, on_error=on_error or self._load_failed, key=key, uses_db=True
        )

    def reload(self) -> None:
        """Read every answer off the GUI thread, then show them; metrics missing from the
        cache are computed afterwards, also off the GUI thread."""
        self._stale = False
        self._archive(self._load)

    def _load(self, archive: HistoryArchive) -> None:
        def first_done(rows: list[HistoryRow]) -> None:
            self.set_rows(rows)
            self.loaded.emit()
            if len(rows) < FIRST_PAGE:
                rest_done([])
            else:
                self._run(archive.rest, rest_done, key="rows")

        def rest_done(rows: list[HistoryRow]) -> None:
            self.model.append_rows(rows)
            self._fill_sessions()
            self._update_count()
            self.update_chart()
            self.complete.emit()
            self._refresh_metrics(archive)

        self._run(archive.first_page, first_done, key="rows")

    def set_rows(self, rows: list[HistoryRow]) -> None:
        self.model.set_rows(rows)
        self._fill_sessions()
        self.apply_filter()
        if not rows:
            self.message.setText(tr("history.empty", self.lang))
        if self.model.rowCount() and not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)

    def _refresh_metrics(self, archive: HistoryArchive) -> None:
        """Compute the metrics that are missing or stale (a correction, an edited reference);
        when some were, read the rows again to show them."""
        if archive.bank is None or not self.model.rows:
            self.refreshed.emit()
            return

        def done(computed: int) -> None:
            if computed:
                self.reload()  # its own pass then finds nothing stale and says refreshed
            else:
                self.refreshed.emit()

        self._run(archive.refresh_metrics, done, key="rows")

    def _attempts_changed(self, attempt_ids: list[int]) -> None:
        shown = {r.attempt_id for r in self.model.rows}
        if attempt_ids and not shown.intersection(attempt_ids):
            return  # none of ours (or ones this screen has already removed)
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()

    def _fill_sessions(self) -> None:
        self.sessions.fill(self.model.rows, self.lang)

    def apply_filter(self) -> None:
        # Dates come from a calendar: there is no mistyped date to refuse.
        where = self.filters.current(self.sessions.selected())
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
        if self.tabs.currentIndex() == 1:
            self.progress.show_rows(self.model.visible, self.lang)

    # -- actions ----------------------------------------------------------------------------

    def selected_ids(self) -> list[int]:
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        return [self.model.visible[r].attempt_id for r in rows if r < len(self.model.visible)]

    def current_row(self) -> HistoryRow | None:
        index = self.table.currentIndex()
        visible = self.model.visible
        return visible[index.row()] if index.isValid() and index.row() < len(visible) else None

    def open_current(self) -> None:
        row = self.current_row()
        if row is not None:
            self.open_requested.emit(row.attempt_id)

    def compare_selected(self) -> None:
        ids = self.selected_ids()
        rows = [r for r in self.model.visible if r.attempt_id in ids]
        problem = pair_problem(rows)
        if problem is not None:
            self.message.setText(tr(problem, self.lang))
            return

        def done(found: Comparison | int) -> None:
            if isinstance(found, int):
                self.message.setText(tr("review.missing", self.lang, id=found))
                return
            self.compare.show_comparison(found)
            self.pages.setCurrentWidget(self.compare)
            self.top.hide()  # the comparison has its own way back

        first, second = rows[0].attempt_id, rows[1].attempt_id
        self._archive(lambda archive: self._run(lambda: archive.compare(first, second), done, key="compare"))

    def _load_failed(self, exc: BaseException) -> None:
        show_message(self.message, describe_failure("archive.load_failed", exc, self.lang))

    def _close_compare(self) -> None:
        self.pages.setCurrentIndex(0)
        self.top.show()
        self.table.setFocus()

    def confirm(self, text: str) -> bool:
        buttons = QMessageBox.StandardButton
        answer = QMessageBox.question(
            self, tr("history.title", self.lang), text, buttons.Yes | buttons.No, buttons.No
        )
        return answer == buttons.Yes

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if ids and self.confirm(tr("history.confirm_delete", self.lang, count=len(ids))):
            self._archive(lambda archive: self._delete(lambda: archive.delete_attempts(ids)))

    def delete_session(self) -> None:
        row = self.current_row()
        if row is None:
            return
        count = sum(1 for r in self.model.rows if r.session_id == row.session_id)
        if self.confirm(tr("history.confirm_delete_session", self.lang, date=row.when, count=count)):
            session_id = row.session_id
            self._archive(lambda archive: self._delete(lambda: archive.delete_session(session_id)))

    def _delete(self, delete: Callable[[], list[int]]) -> None:
        def done(removed: list[int]) -> None:
            self.model.remove(set(removed))
            self._fill_sessions()
            self.apply_filter()
            self.message.setText(tr("history.deleted", self.lang, count=len(removed)))
            self.state.notify_attempts_changed(removed)

        def failed(exc: BaseException) -> None:
            show_message(self.message, describe_failure("archive.save_failed", exc, self.lang))
            self.reload()  # show what is really left

        self._run(delete, done, on_error=failed)

    def go_back(self) -> None:
        if self.pages.currentWidget() is self.compare:
            self.compare.go_back()
            return
        self.back_requested.emit()
