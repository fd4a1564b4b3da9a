"""Choosing the follow-up of an answer once its transcript is known (issue 13): one generated
from the answer when an AI provider is set (in the background, cancelled in favour of the bank's
pick if it fails or takes longer than :attr:`FollowUpPicker.timeout_s`), else the bank's linked
follow-up chosen by the key terms said and missed. Split out of
:mod:`interview_sim.qt.interview_controller`, which owns one picker and applies its choice."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer

from interview_sim.core.interview import Step
from interview_sim.qt.errors import describe_error
from interview_sim.qt.taskman import TaskContext

if TYPE_CHECKING:
    from interview_sim.core.storage import Database
    from interview_sim.qt.app_state import AppState

# A generated follow-up that takes longer than this gives way to the bank's (issue 13).
FOLLOW_UP_TIMEOUT_S = 20.0

Ready = Callable[[Step | None], None]


class FollowUpPicker(QObject):
    """Owns the generating work: its results are dropped once the interview's controller, its
    parent, is gone. Messages for the user go to ``notice`` (already translated)."""

    def __init__(self, state: AppState, notice: Callable[[object], None], parent: QObject) -> None:
        super().__init__(parent)
        self.state = state
        self.notice = notice
        self.timeout_s = FOLLOW_UP_TIMEOUT_S

    def choose(
        self,
        steps: list[Step],
        index: int,
        transcript: str,
        db: Database | None,
        session_id: Callable[[], int | None],
        ready: Ready,
    ) -> None:
        """Decide the follow-up of ``steps[index]``'s answer and hand it to ``ready`` (None: no
        follow-up). ``session_id`` is read by the worker, once the answer's session exists."""
        from interview_sim.core.followups import bank_follow_up

        question = steps[index].question
        text = transcript.strip()
        bank = self.state.bank
        fallback: Step | None = None
        if bank is not None and text:
            choice = bank_follow_up(question, bank, text, asked=[s.question.id for s in steps])
            fallback = Step(choice.question, follow_up_of=question.id) if choice is not None else None
        if not text or self.state.settings.get("llm_provider") == "off":
            ready(fallback)
            return
        self._generate(index, question, text, fallback, db, session_id, ready)

    def _generate(
        self,
        index: int,
        question: Any,
        text: str,
        fallback: Step | None,
        db: Database | None,
        session_id: Callable[[], int | None],
        ready: Ready,
    ) -> None:
        from interview_sim.llm.base import LLMError
        from interview_sim.llm.config import provider_from_settings

        lang = self.state.lang
        try:
            provider = provider_from_settings(self.state.settings)
        except LLMError as exc:
            self.notice(exc.message(lang))
            ready(fallback)
            return

        def work(ctx: TaskContext) -> Any:
            from interview_sim.core.followups import generate_follow_up, store_generated, terms_said
            from interview_sim.core.generated import as_question, new_id

            said = terms_said(question, text)
            generated = generate_follow_up(
                provider,
                question,
                question.question,
                text,
                lang=question.lang,
                covered=said.covered,
                missed=said.missed,
                cancel=ctx.token,
            )
            ctx.raise_if_cancelled()  # too late: the bank's was asked, nothing is stored
            if db is None:  # nothing is saved in this interview: the question is only asked
                row = {"id": new_id(), "question": generated.question, "lang": question.lang}
                return as_question(row, question)
            return store_generated(db, generated, question, session_id=session_id())

        def failed(exc: BaseException) -> None:
            if isinstance(exc, LLMError) and exc.kind != "cancelled":
                self.notice(exc.message(self.state.lang))
            elif not isinstance(exc, LLMError):
                self.notice(describe_error(exc, self.state.lang))
            ready(fallback)

        handle = self.state.tasks.run_with_context(
            work,
            owner=self,
            key=("follow_up", index),
            on_done=lambda q: ready(Step(q, follow_up_of=question.id)),
            on_error=failed,
            uses_db=db is not None,
        )

        def too_slow() -> None:
            if not handle.finished:
                handle.cancel()
                ready(fallback)

        QTimer.singleShot(round(self.timeout_s * 1000), self, too_slow)
