"""The review, session summary and history screens among the main window's pages, and the way
between them: each screen's Esc goes back to where the user came from.

The screens keep themselves current from the app's state (the bank, the language, changed
attempts); this object only builds them when first shown, and walks between them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QStackedWidget, QWidget

if TYPE_CHECKING:
    from interview_sim.devices.player import FilePlayer
    from interview_sim.qt.app_state import AppState
    from interview_sim.qt.history_screen import HistoryScreen
    from interview_sim.qt.review_screen import ReviewScreen
    from interview_sim.qt.summary_screen import SummaryScreen


class ArchiveScreens(QObject):
    # Answer these questions (again): the review's "answer again", the summary's "practise the
    # weak ones". The window starts an interview with them.
    practise_requested = Signal(list)

    def __init__(self, state: AppState, pages: QStackedWidget, home: QWidget) -> None:
        super().__init__(pages)
        self.state = state
        self.pages = pages
        self.home = home
        self._trail: list[QWidget] = []
        # Each screen is built when first shown: with their analysis and plotting modules they
        # would otherwise more than double the time to the first painted window.
        self._review: ReviewScreen | None = None
        self._summary: SummaryScreen | None = None
        self._history: HistoryScreen | None = None
        state.settings_changed.connect(self._settings_changed)
        state.releasing_data.connect(self.close)

    # -- the screens, built on first use ------------------------------------------------------

    def _player(self) -> FilePlayer:
        from interview_sim.devices.player import FilePlayer

        # The speaker chosen in the settings: answers play back where the questions are spoken.
        return FilePlayer(device=self.state.settings.get("output_device") or None)

    def _adopt(self, page: QWidget) -> None:
        self.pages.addWidget(page)
        page.back_requested.connect(self.back)  # type: ignore[attr-defined]

    @property
    def review(self) -> ReviewScreen:
        if self._review is None:
            from interview_sim.qt.review_screen import ReviewScreen

            self._review = ReviewScreen(self.state, self._player())
            self._adopt(self._review)
            self._review.answer_again_requested.connect(lambda qid: self.practise_requested.emit([qid]))
        return self._review

    @property
    def summary(self) -> SummaryScreen:
        if self._summary is None:
            from interview_sim.qt.summary_screen import SummaryScreen

            self._summary = SummaryScreen(self.state)
            self._adopt(self._summary)
            summary = self._summary
            summary.open_requested.connect(lambda aid: self.open_attempt(aid, summary.attempt_ids()))
            summary.practise_requested.connect(self.practise_requested.emit)
        return self._summary

    @property
    def history(self) -> HistoryScreen:
        if self._history is None:
            from interview_sim.qt.history_screen import HistoryScreen

            self._history = HistoryScreen(self.state, self._player)
            self._adopt(self._history)
            self._history.open_requested.connect(self.open_attempt)
        return self._history

    def set_output_device(self, device: str | None) -> None:
        """The speaker for playing answers back, also for the players already made."""
        players = [self._review.player] if self._review is not None else []
        if self._history is not None:
            players += self._history.compare.players
        for player in players:
            player.device = device

    def _settings_changed(self, keys: set[str]) -> None:
        if "output_device" in keys:
            self.set_output_device(self.state.settings.get("output_device") or None)

    # -- where the user goes ----------------------------------------------------------------

    def interview_finished(self, saved_session: Callable[[], int | None]) -> None:
        """Show the summary once the last answer is saved (``saved_session`` waits for it)."""
        self._trail = [self.home]
        summary = self.summary
        self.pages.setCurrentWidget(summary)
        summary.show_loading()
        state = self.state

        def saved(session_id: int | None) -> None:
            state.notify_attempts_changed()  # new answers: orders, history and charts follow
            state.with_db(lambda _db: summary.show_session(session_id), owner=summary)

        state.tasks.run(
            saved_session,
            owner=self,
            key="summary",
            on_done=saved,
            on_error=self._load_failed,
        )

    def _load_failed(self, exc: BaseException) -> None:
        from interview_sim.qt.errors import describe_failure

        self.state.problem.emit(describe_failure("archive.load_failed", exc, self.state.lang))

    def _show(self, page: QWidget, *, remember_current: bool = True) -> None:
        current = self.pages.currentWidget()
        if remember_current and current is not page and current is not None:
            self._trail.append(current)
        self.pages.setCurrentWidget(page)
        page.setFocus()

    def show_history(self, *, remember_current: bool = True) -> None:
        history = self.history
        self._show(history, remember_current=remember_current)
        self.state.with_db(lambda _db: history.reload(), owner=history)

    def open_attempt(self, attempt_id: int, sequence: list[int] | None = None) -> None:
        """Review an answer; ``sequence`` is what the review's "next answer" walks through."""
        self._show(self.review)
        self.review.set_sequence(sequence or [])
        self.review.open_attempt(attempt_id)

    def back(self) -> None:
        page = self._trail.pop() if self._trail else self.home
        self.pages.setCurrentWidget(page)
        page.setFocus()

    def close(self) -> None:
        """Let go of the review's audio file (a restore renames it; the app is closing)."""
        if self._review is not None:
            self._review.player.close()
