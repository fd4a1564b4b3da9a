"""The review screen's edits: the user's correction of the transcript, and their own reference
answer and key terms. One edit at a time: while one is open the texts take the room and the
screen's other actions wait (see ReviewScreen). Saving runs the ReviewSession use case off the
GUI thread through ``state.tasks``; the screen then shows what it returns.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QSizePolicy

from interview_sim.core.review_session import ReferenceDraft, ReferenceSaved, ReviewSession, ReviewView
from interview_sim.core.storage import Database
from interview_sim.i18n import tr
from interview_sim.qt.errors import describe_failure
from interview_sim.qt.review_host import ReviewHost


class ReviewEditing:
    """The edit open on a review screen (``what``: "transcript", "reference" or None) and the
    saving of edits, notes and ratings."""

    def __init__(self, screen: ReviewHost, owner: QObject) -> None:
        """``owner``: what the saving's tasks belong to (the screen: they end with it)."""
        self.screen = screen
        self.owner = owner
        self.what: str | None = None

    def set(self, what: str | None) -> None:
        screen = self.screen
        self.what = what
        # Editing: the texts take the room; reading: as tall as the texts, the rest below.
        grow = QSizePolicy.Policy.Expanding if what is not None else QSizePolicy.Policy.Maximum
        screen.texts.setSizePolicy(QSizePolicy.Policy.Preferred, grow)
        screen.body_layout.setStretchFactor(screen.texts, 3 if what is not None else 0)
        screen.transcript.set_editing(what == "transcript")
        screen.reference.set_editing(what == "reference")
        screen.save_button.setVisible(what is not None)
        screen.cancel_button.setVisible(what is not None)
        screen.transcript.correct_button.setEnabled(what is None)
        screen.reference.edit_button.setEnabled(what is None)

    def start_correction(self) -> None:
        view = self.screen.view
        if view is None or self.what is not None:
            return
        shown = view.attempt.transcript
        self.screen.transcript.editor.setPlainText(shown.text if shown is not None else "")
        self.set("transcript")
        self.screen.transcript.editor.setFocus()

    def start_reference_edit(self) -> None:
        view = self.screen.view
        if view is None or self.what is not None:
            return
        self.set("reference")
        self.screen.reference.start_edit(ReferenceDraft.of(view.question))

    def cancel(self) -> None:
        self.set(None)
        self.screen.transcript.view.setFocus()

    def save(self) -> None:
        screen = self.screen
        if self.what == "transcript":
            self.save_correction(screen.transcript.editor.toPlainText())
        elif self.what == "reference":
            self.save_reference(*screen.reference.edited())
        elif screen.notes_panel.notes.hasFocus():
            screen.notes_panel.flush()

    def run(
        self,
        work: Callable[[ReviewSession], Any],
        saved: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        """Run a use case off the GUI thread on the archive, then ``saved`` with its result."""
        screen = self.screen
        state = screen.state
        bank, templates = state.bank, state.templates

        def failed(exc: BaseException) -> None:
            if on_error is not None:
                on_error(exc)
                return
            screen.show_message(describe_failure("archive.save_failed", exc, screen.lang))

        def run(db: Database) -> None:
            session = ReviewSession(db, bank, templates)
            state.tasks.run(
                lambda: work(session), owner=self.owner, on_done=saved, on_error=failed, uses_db=True
            )

        state.with_db(run)

    def save_correction(self, text: str) -> None:
        screen = self.screen
        view = screen.view
        if view is None:
            return
        shown = view.attempt.transcript
        if shown is not None and text == shown.text:
            self.cancel()
            return
        attempt_id, bank = view.attempt.id, screen.state.bank

        def saved(fresh: ReviewView | None) -> None:
            if fresh is not None and screen.attempt is not None and screen.attempt.id == attempt_id:
                screen.show_view(fresh, bank)
                screen.show_message(tr("review.saved_correction", screen.lang))
            screen.state.notify_attempts_changed([attempt_id])

        self.run(lambda session: session.correct(attempt_id, text), saved)

    def save_reference(self, reference: str, keywords: list[str]) -> None:
        screen = self.screen
        view = screen.view
        if view is None:
            return
        attempt_id, question_id = view.attempt.id, view.attempt.question_id

        def saved(result: ReferenceSaved) -> None:
            if screen.attempt is not None and screen.attempt.id == attempt_id:
                self.set(None)
                if result.view is not None:
                    screen.show_view(result.view, result.bank)
                screen.show_message(tr("review.saved_reference", screen.lang))
            screen.view_bank = result.bank
            screen.state.set_bank(result.bank)
            screen.state.notify_attempts_changed(result.attempt_ids)

        self.run(
            lambda session: session.save_reference(question_id, reference, keywords, attempt_id=attempt_id),
            saved,
        )

    def save_generated(self) -> None:
        """Save the answer's generated follow-up to the user's bank; the bank is reloaded and
        announced (bank_changed), and the answers that moved to its new id are refreshed."""
        screen = self.screen
        view = screen.view
        if view is None or view.generated_id is None or view.saved_as is not None:
            return
        attempt_id, generated_id = view.attempt.id, view.generated_id
        screen.generated_panel.set_saving(True)

        def saved(result: ReferenceSaved) -> None:
            if screen.attempt is not None and screen.attempt.id == attempt_id and result.view is not None:
                screen.show_view(result.view, result.bank)
                screen.show_message(tr("review.saved_generated", screen.lang, id=result.view.saved_as))
            screen.view_bank = result.bank
            screen.state.set_bank(result.bank)
            screen.state.notify_attempts_changed(result.attempt_ids)

        def failed(exc: BaseException) -> None:
            screen.generated_panel.set_saving(False)
            screen.show_message(describe_failure("archive.save_failed", exc, screen.lang))

        self.run(lambda session: session.save_generated(attempt_id, generated_id), saved, failed)
