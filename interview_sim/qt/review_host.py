"""What the review screen's helpers (review_editing, review_loading) use of the screen they
serve: the members below, no more. ReviewScreen has them; the helpers name this protocol rather
than the screen, so the screen imports its helpers and not the other way round.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

# Types only: the protocol is a description, it imports nothing at run time.
if TYPE_CHECKING:
    from PySide6.QtWidgets import QPushButton, QSplitter, QVBoxLayout

    from interview_sim.core.bank import Bank
    from interview_sim.core.review_session import ReviewView
    from interview_sim.core.storage import Attempt
    from interview_sim.qt.app_state import AppState
    from interview_sim.qt.errors import UserMessage
    from interview_sim.qt.review_details import NotesPanel
    from interview_sim.qt.review_generated import SaveGeneratedPanel
    from interview_sim.qt.review_panels import TranscriptPanel
    from interview_sim.qt.review_reference import ReferencePanel


class EditState(Protocol):
    """The edit open: "transcript", "reference" or None (ReviewEditing)."""

    what: str | None


class ReviewHost(Protocol):
    state: AppState
    view: ReviewView | None  # the attempt shown, analysed
    view_bank: Bank | None  # the bank ``view`` was analysed against
    body_layout: QVBoxLayout
    texts: QSplitter  # the answer beside the reference
    transcript: TranscriptPanel
    reference: ReferencePanel
    notes_panel: NotesPanel
    generated_panel: SaveGeneratedPanel  # save an AI follow-up to the bank
    save_button: QPushButton
    cancel_button: QPushButton

    @property
    def editing(self) -> EditState: ...

    @property
    def lang(self) -> str: ...

    @property
    def attempt(self) -> Attempt | None: ...

    def show_message(self, text: UserMessage | str) -> None: ...

    def show_view(self, view: ReviewView, bank: Bank | None) -> None: ...

    def redraw(self) -> None: ...
