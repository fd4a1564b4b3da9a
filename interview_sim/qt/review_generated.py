"""The review's "Save to my bank" for an answer to an AI-generated follow-up (a ReviewPanel, see
review_panels): shown only for such answers; once the question is in the user's bank the button
stays, disabled, with a tooltip naming the id it was saved under. The saving itself is
ReviewSession.save_generated (core/save_generated.py), run off the GUI thread by the screen."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QPushButton

from interview_sim.i18n import tr
from interview_sim.qt.review_panels import ReviewContext, ReviewPanel
from interview_sim.qt.theme import MUTED, ToneLabel


class SaveGeneratedPanel(ReviewPanel):
    def __init__(self, save: Callable[[], None]) -> None:
        super().__init__()
        self.setObjectName("save_generated_panel")
        self.note = ToneLabel(MUTED)
        self.note.setObjectName("generated_note")
        self.note.setWordWrap(True)
        self.button = QPushButton()
        self.button.setObjectName("save_generated")
        self.button.clicked.connect(save)
        self.saving = False
        self.saved_as: str | None = None
        self.lang = "ko"
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.note, 1)
        layout.addWidget(self.button)
        self.setVisible(False)

    def retranslate(self, lang: str) -> None:
        self.lang = lang
        self._draw()

    def show_review(self, context: ReviewContext) -> None:
        view = context.view
        self.lang = context.lang
        self.setVisible(view.generated_id is not None)
        self.saved_as = view.saved_as
        self.saving = False
        self._draw()

    def set_saving(self, saving: bool) -> None:
        self.saving = saving
        self._draw()

    def _draw(self) -> None:
        lang = self.lang
        saved = self.saved_as is not None
        self.note.setText(tr("review.generated_saved_note" if saved else "review.generated_note", lang))
        self.button.setText(tr("review.saved_to_bank" if saved else "review.save_to_bank", lang))
        self.button.setEnabled(not saved and not self.saving)
        self.button.setToolTip(
            tr("review.saved_to_bank_tip", lang, id=self.saved_as)
            if saved
            else tr("review.save_to_bank_tip", lang)
        )
