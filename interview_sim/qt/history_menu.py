"""The history table's context menu: open an answer, and save an answer's AI-generated
follow-up to the user's bank (core/save_generated.py), as the review does. The saving runs off
the GUI thread; the bank is reloaded and announced (bank_changed) and the answers that moved to
the new id are announced (attempts_changed), which reads the history again."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QTableView

from interview_sim.core.generated import KIND_GENERATED
from interview_sim.core.history import HistoryRow
from interview_sim.core.storage import Database
from interview_sim.i18n import tr
from interview_sim.qt.app_state import AppState
from interview_sim.qt.errors import UserMessage, describe_failure


class HistoryRowMenu:
    def __init__(
        self,
        table: QTableView,
        state: AppState,
        row_at: Callable[[QPoint], HistoryRow | None],
        open_attempt: Callable[[int], None],
        say: Callable[[UserMessage | str], None],
    ) -> None:
        self.table = table
        self.state = state
        self.row_at = row_at
        self.open_attempt = open_attempt
        self.say = say
        self.saving: set[str] = set()
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(self._requested)

    def _requested(self, pos: QPoint) -> None:
        row = self.row_at(pos)
        if row is not None:
            self.menu(row).exec(self.table.viewport().mapToGlobal(pos))

    def menu(self, row: HistoryRow) -> QMenu:
        lang = self.state.lang
        menu = QMenu(self.table)
        menu.setToolTipsVisible(True)
        opening = QAction(tr("history.open", lang), menu)
        opening.triggered.connect(lambda: self.open_attempt(row.attempt_id))
        menu.addAction(opening)
        save = QAction(tr("review.save_to_bank", lang), menu)
        save.setObjectName("history_save_generated")
        generated = row.shown is not None and row.shown.kind == KIND_GENERATED
        question = row.shown.question if row.shown is not None else None
        if generated and row.question_id not in self.saving:
            save.setToolTip(tr("review.save_to_bank_tip", lang))
            save.triggered.connect(lambda: self.save(row.question_id))
        else:
            save.setEnabled(False)
            saved = question is not None and question.follow_up_of is not None and question.origin == "user"
            save.setToolTip(
                tr("review.saved_to_bank_tip", lang, id=row.question_id)
                if saved or row.question_id in self.saving
                else tr("history.save_only_generated", lang)
            )
        menu.addAction(save)
        return menu

    def save(self, generated_id: str) -> None:
        state = self.state
        bank, templates = state.bank, state.templates
        if bank is None or generated_id in self.saving:
            return
        self.saving.add(generated_id)

        def work(db: Database) -> tuple[Any, Any, list[int]]:
            from interview_sim.core.bank import load_bank
            from interview_sim.core.save_generated import save_to_bank

            saved = save_to_bank(db, bank, generated_id)
            moved = [a.id for a in db.attempts_of_question(saved.question_id, with_transcripts=False)]
            return saved, load_bank(templates=templates), moved

        def done(result: tuple[Any, Any, list[int]]) -> None:
            saved, reloaded, moved = result
            self.saving.discard(generated_id)
            state.set_bank(reloaded)
            state.notify_attempts_changed(moved)
            self.say(tr("review.saved_generated", state.lang, id=saved.question_id))

        def failed(exc: BaseException) -> None:
            self.saving.discard(generated_id)
            self.say(describe_failure("archive.save_failed", exc, state.lang))

        def start(db: Database) -> None:
            state.tasks.run(lambda: work(db), owner=self.table, on_done=done, on_error=failed, uses_db=True)

        state.with_db(start)
