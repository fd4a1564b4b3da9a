"""The review screen's loading: an attempt read off the GUI thread through ``state.tasks``, and
read again or re-analysed when it changes elsewhere (a refined transcript arrived, a new bank)
or the user toggles the recognized text. The screen shows what comes back (ReviewScreen).
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from interview_sim.core.generated import is_generated
from interview_sim.core.review_session import ReviewSession, ReviewView, review_view
from interview_sim.core.storage import Database
from interview_sim.i18n import tr
from interview_sim.qt.errors import describe_failure
from interview_sim.qt.review_host import ReviewHost


class ReviewLoading(QObject):
    """A child of the screen (``parent``): the state's change signals it hears, and its tasks,
    end with the screen."""

    def __init__(self, screen: ReviewHost, parent: QObject) -> None:
        super().__init__(parent)
        self.screen = screen
        screen.state.bank_changed.connect(self.bank_changed)
        screen.state.attempts_changed.connect(self.attempts_changed)

    def _load_failed(self, exc: BaseException) -> None:
        self.screen.show_message(describe_failure("archive.load_failed", exc, self.screen.lang))

    def load(self, db: Database, attempt_id: int) -> None:
        screen = self.screen
        bank = screen.state.bank
        session = ReviewSession(db, bank, screen.state.templates)

        def loaded(view: ReviewView | None) -> None:
            if view is None:
                screen.show_message(tr("review.missing", screen.lang, id=attempt_id))
            else:
                screen.show_view(view, bank)

        screen.state.tasks.run(
            lambda: session.load(attempt_id),
            owner=self.parent(),
            on_done=loaded,
            on_error=self._load_failed,
            key="attempt",
            uses_db=True,
        )

    def reanalyse(self, *, recognized: bool) -> None:
        screen = self.screen
        if screen.view is not None:
            bank = screen.state.bank
            screen.view_bank = bank
            previous = screen.view.previous_score
            screen.view = review_view(
                screen.view.attempt,
                bank,
                screen.state.templates,
                recognized=recognized,
                # A generated follow-up is in no bank: its question stays the one read with it.
                question=screen.view.question if is_generated(screen.view.attempt.question_id) else None,
            )
            screen.view.previous_score = previous
            screen.redraw()

    def bank_changed(self) -> None:
        screen = self.screen
        if screen.view is not None and screen.state.bank is not screen.view_bank:
            self.reanalyse(recognized=screen.view.recognized)

    def attempts_changed(self, attempt_ids: list[int]) -> None:
        """The attempt shown changed elsewhere (its refined transcript arrived): read it again
        and draw it, keeping the sound playing, the toggle, and an edit in progress."""
        screen = self.screen
        view = screen.view
        if view is None or (attempt_ids and view.attempt.id not in attempt_ids) or screen.editing.what:
            return
        attempt_id, recognized = view.attempt.id, view.recognized
        screen.state.with_db(lambda db: self._reload(db, attempt_id, recognized), owner=self.parent())

    def _reload(self, db: Database, attempt_id: int, recognized: bool) -> None:
        screen = self.screen
        bank, templates = screen.state.bank, screen.state.templates
        session = ReviewSession(db, bank, templates)

        def work() -> ReviewView | None:
            fresh = session.load(attempt_id)
            if fresh is not None and recognized:
                fresh = session.view(fresh.attempt, recognized=True)
            return fresh

        def loaded(fresh: ReviewView | None) -> None:
            current = screen.view
            if fresh is None or current is None or current.attempt.id != attempt_id or screen.editing.what:
                return
            if fresh.previous_score is None:
                fresh.previous_score = current.previous_score
            word = screen.transcript.current_token
            screen.view, screen.view_bank = fresh, bank
            screen.redraw()
            screen.transcript.restore_highlight(word)

        screen.state.tasks.run(
            work,
            owner=self.parent(),
            on_done=loaded,
            on_error=self._load_failed,
            key="attempt_refresh",
            uses_db=True,
        )
