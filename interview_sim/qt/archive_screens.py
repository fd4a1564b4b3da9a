"""The review, session summary and history screens inside the main window, and the way
between them: each screen's Esc goes back to where the user came from.

The main window makes one :class:`ArchiveScreens` and calls it from three hooks (its menu,
the bank once loaded, the end of an interview), so these screens stay out of its code.

Until the main window owns an :class:`AppState` (the qtshell branch), this module keeps one for
the screens, mirroring the window's language, bank and archive: replace it with that branch's.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from interview_sim import paths
from interview_sim.i18n import tr

if TYPE_CHECKING:
    from interview_sim.core.bank import Bank
    from interview_sim.core.storage import Database
    from interview_sim.core.templates import Template
    from interview_sim.qt.app_state import AppState
    from interview_sim.qt.history_screen import HistoryScreen
    from interview_sim.qt.main_window import MainWindow
    from interview_sim.qt.review_screen import ReviewScreen
    from interview_sim.qt.summary_screen import SummaryScreen


def _window_state(window: MainWindow) -> AppState:
    """The application state over the window's archive (the interview's database, else one
    opened here), its language and bank. Made on first use: not on the way to the first paint."""
    from interview_sim.core.settings import Settings
    from interview_sim.qt.app_state import AppState

    class WindowState(AppState):
        @property
        def db(self) -> Database | None:
            return window.interview_screen.devices.db or self._own_db

    state = WindowState(Settings.load(paths.settings_path()), lang=window.lang, parent=window)
    if window.bank is not None:
        state.set_bank(window.bank, window.templates)
    return state


class ArchiveScreens(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self._state: AppState | None = None
        self._trail: list[QWidget] = []
        # The speaker chosen in the settings: answers play back where the questions are spoken.
        self.output_device: str | None = None
        # Each screen is built when first shown: with their analysis and plotting modules they
        # would otherwise more than double the time to the first painted window.
        self._review: ReviewScreen | None = None
        self._summary: SummaryScreen | None = None
        self._history: HistoryScreen | None = None
        self.history_action = QAction(window)
        self.history_action.setShortcuts([QKeySequence("Ctrl+H")])
        self.history_action.triggered.connect(self.show_history)

    def set_output_device(self, device: str | None) -> None:
        """The speaker for playing answers back, also for the players already made."""
        self.output_device = device
        players = [self._review.player] if self._review is not None else []
        if self._history is not None:
            players += self._history.compare.players
        for player in players:
            player.device = device

    @property
    def state(self) -> AppState:
        if self._state is None:
            self._state = _window_state(self.window)
            self._state.bank_changed.connect(self._bank_edited)
        return self._state

    def _built(self) -> list[QWidget]:
        return [s for s in (self._review, self._summary, self._history) if s is not None]

    def _adopt(self, page: QWidget) -> None:
        self.window.pages.addWidget(page)
        page.back_requested.connect(self.back)  # type: ignore[attr-defined]

    def _bank_edited(self) -> None:
        """A reference edited in the review: the window's bank browser shows it too."""
        bank = self.state.bank
        if bank is not None and bank is not self.window.bank:
            self.window.set_bank(bank, self.state.templates)

    @property
    def review(self) -> ReviewScreen:
        if self._review is None:
            from interview_sim.devices.player import FilePlayer
            from interview_sim.qt.review_screen import ReviewScreen

            self._review = ReviewScreen(self.state, FilePlayer(device=self.output_device))
            self._adopt(self._review)
        return self._review

    @property
    def summary(self) -> SummaryScreen:
        if self._summary is None:
            from interview_sim.qt.summary_screen import SummaryScreen

            self._summary = SummaryScreen(self.state)
            self._adopt(self._summary)
            self._summary.open_requested.connect(self.open_attempt)
        return self._summary

    @property
    def history(self) -> HistoryScreen:
        if self._history is None:
            from interview_sim.devices.player import FilePlayer
            from interview_sim.qt.history_screen import HistoryScreen

            self._history = HistoryScreen(self.state, lambda: FilePlayer(device=self.output_device))
            self._adopt(self._history)
            self._history.open_requested.connect(self.open_attempt)
        return self._history

    def db(self) -> Database | None:
        """The archive the interview writes to; until the devices are open, one of our own."""
        return self.state.db

    # -- hooks from the main window ------------------------------------------------------------

    def retranslate(self, lang: str, menu: QMenu | None = None) -> None:
        self.history_action.setText(tr("menu.history", lang))
        if menu is not None:
            menu.addAction(self.history_action)
        if self._state is not None:
            self._state.set_language(lang)  # the screens retranslate themselves

    def set_bank(self, bank: Bank, templates: dict[str, Template]) -> None:
        state = self._state
        if state is not None and (bank is not state.bank or templates is not state.templates):
            state.set_bank(bank, templates)

    def interview_finished(self, saved_session: Callable[[], int | None]) -> None:
        """Show the summary once the last answer is saved (``saved_session`` waits for it)."""
        self._trail = [self.window.start_screen]
        self.window.pages.setCurrentWidget(self.summary)
        self.summary.show_loading()
        self.state.tasks.run(
            saved_session,
            owner=self.summary,
            on_done=self.summary.show_session,
            on_error=lambda exc: self.window.show_message(
                tr("archive.load_failed", self.window.lang, error=exc)
            ),
        )

    # -- navigation ------------------------------------------------------------------------

    def _show(self, page: QWidget) -> None:
        current = self.window.pages.currentWidget()
        if current is self.window.interview_screen:
            self.window.interview_screen.end_interview()
        elif current is not page and current is not None:
            self._trail.append(current)
        self.window.pages.setCurrentWidget(page)
        page.setFocus()

    def show_history(self) -> None:
        self._show(self.history)
        self.history.reload()

    def open_attempt(self, attempt_id: int) -> None:
        self._show(self.review)
        self.review.open_attempt(attempt_id)

    def back(self) -> None:
        page = self._trail.pop() if self._trail else self.window.start_screen
        self.window.pages.setCurrentWidget(page)
        if page is self.window.start_screen:
            self.window.start_screen.start_button.setFocus()
        else:
            page.setFocus()

    def close(self) -> None:
        if self._review is not None:
            self._review.player.close()
        if self._state is not None:
            self._state.close_own_db()
