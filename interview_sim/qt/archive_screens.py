"""The review, session summary and history screens inside the main window, and the way
between them: each screen's Esc goes back to where the user came from.

The main window makes one :class:`ArchiveScreens` and calls it from three hooks (its menu,
the bank once loaded, the end of an interview), so these screens stay out of its code.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from interview_sim import paths
from interview_sim.i18n import tr
from interview_sim.qt.tasks import run_in_background

if TYPE_CHECKING:
    from interview_sim.core.bank import Bank
    from interview_sim.core.storage import Database
    from interview_sim.core.templates import Template
    from interview_sim.qt.history_screen import HistoryScreen
    from interview_sim.qt.main_window import MainWindow
    from interview_sim.qt.review_screen import ReviewScreen
    from interview_sim.qt.summary_screen import SummaryScreen


class ArchiveScreens(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self._own_db: Database | None = None
        self._trail: list[QWidget] = []
        self._stale = False
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

    def _built(self) -> list[QWidget]:
        return [s for s in (self._review, self._summary, self._history) if s is not None]

    def _adopt(self, page: QWidget) -> None:
        window = self.window
        window.pages.addWidget(page)
        page.back_requested.connect(self.back)  # type: ignore[attr-defined]
        if window.bank is not None:
            page.set_bank(window.bank, window.templates)  # type: ignore[attr-defined]

    @property
    def review(self) -> ReviewScreen:
        if self._review is None:
            from interview_sim.devices.player import FilePlayer
            from interview_sim.qt.review_screen import ReviewScreen

            window = self.window
            self._review = ReviewScreen(window.lang, self.db, FilePlayer(device=self.output_device))
            self._adopt(self._review)
            self._review.attempt_changed.connect(self._attempt_changed)
            self._review.bank_changed.connect(lambda bank: window.set_bank(bank, window.templates))
        return self._review

    @property
    def summary(self) -> SummaryScreen:
        if self._summary is None:
            from interview_sim.qt.summary_screen import SummaryScreen

            self._summary = SummaryScreen(self.window.lang, self.db)
            self._adopt(self._summary)
            self._summary.open_requested.connect(self.open_attempt)
        return self._summary

    @property
    def history(self) -> HistoryScreen:
        if self._history is None:
            from interview_sim.devices.player import FilePlayer
            from interview_sim.qt.history_screen import HistoryScreen

            self._history = HistoryScreen(
                self.window.lang, self.db, lambda: FilePlayer(device=self.output_device)
            )
            self._adopt(self._history)
            self._history.open_requested.connect(self.open_attempt)
        return self._history

    def db(self) -> Database | None:
        """The archive the interview writes to; until the devices are open, one of our own."""
        return self.window.interview_screen.devices.db or self._own_db

    def _alive(self) -> bool:
        """False once the window is closed while background work was still running."""
        return shiboken6.isValid(self) and all(shiboken6.isValid(s) for s in self._built())

    def _with_db(self, then: Callable[[], None]) -> None:
        if self.db() is not None:
            then()
            return

        def opened(db: Database) -> None:
            if not self._alive():
                db.close()
                return
            self._own_db = db
            then()

        from interview_sim.core.storage import Database

        run_in_background(
            lambda: Database.open(paths.database_path()),
            opened,
            lambda exc: (
                self.window.show_message(tr("archive.no_db", self.window.lang, error=exc))
                if self._alive()
                else None
            ),
        )

    # -- hooks from the main window ------------------------------------------------------------

    def retranslate(self, lang: str, menu: QMenu | None = None) -> None:
        self.history_action.setText(tr("menu.history", lang))
        if menu is not None:
            menu.addAction(self.history_action)
        for screen in self._built():
            screen.retranslate(lang)  # type: ignore[attr-defined]

    def set_bank(self, bank: Bank, templates: dict[str, Template]) -> None:
        for screen in self._built():
            screen.set_bank(bank, templates)  # type: ignore[attr-defined]

    def interview_finished(self, saved_session: Callable[[], int | None]) -> None:
        """Show the summary once the last answer is saved (``saved_session`` waits for it)."""
        self._trail = [self.window.start_screen]
        self.summary.set_bank(self.window.bank, self.window.templates)
        self.window.pages.setCurrentWidget(self.summary)
        self.summary.show_loading()
        run_in_background(
            saved_session,
            lambda session_id: (
                self._with_db(lambda: self.summary.show_session(session_id)) if self._alive() else None
            ),
            lambda exc: (
                self.window.show_message(tr("archive.load_failed", self.window.lang, error=exc))
                if self._alive()
                else None
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
        self.history.set_bank(self.window.bank, self.window.templates)
        self._show(self.history)
        self._stale = False
        self._with_db(self.history.reload)

    def open_attempt(self, attempt_id: int) -> None:
        self.review.set_bank(self.window.bank, self.window.templates)
        self._show(self.review)
        self.review.open_attempt(attempt_id)

    def back(self) -> None:
        page = self._trail.pop() if self._trail else self.window.start_screen
        self.window.pages.setCurrentWidget(page)
        if page is self._history and self._stale:
            self._stale = False
            self.history.reload()
        elif page is self._summary and self._stale:
            self.summary.refresh()
        if page is self.window.start_screen:
            self.window.start_screen.start_button.setFocus()
        else:
            page.setFocus()

    def _attempt_changed(self, _attempt_id: int) -> None:
        self._stale = True

    def close(self) -> None:
        if self._review is not None:
            self._review.player.close()
        if self._own_db is not None and shiboken6.isValid(self):
            self._own_db.close()
            self._own_db = None
