"""The AI debrief of a session, on the summary screen: strengths, the three things to work on and
the questions to practise next, with a button that starts an interview on those.

Self-contained: the summary adds it with one line and hands it a way to read its session id.
The request streams through ``state.tasks.run_with_context`` with the task's token as the
core's cancel (:func:`~interview_sim.core.debrief.debrief_session`); the reply is shown as plain
text as it arrives. Hidden while no provider is set.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from interview_sim.core.settings import PROVIDER_SETTINGS
from interview_sim.core.storage import Database
from interview_sim.i18n import tr
from interview_sim.qt.app_state import AppState
from interview_sim.qt.review_panels import read_only_view
from interview_sim.qt.stream_draw import LatestText
from interview_sim.qt.taskman import TaskContext, TaskHandle
from interview_sim.qt.theme import ERROR, MUTED, ToneLabel

LLM_KEYS = PROVIDER_SETTINGS | {"feedback_language"}


def debrief_text(data: dict[str, Any], question_text: Callable[[str], str], lang: str) -> str:
    """A debrief (complete, or the part of a streamed reply read so far) as plain text."""
    lines: list[str] = []
    for key, label in (("strengths", "debrief.strengths"), ("work_on", "debrief.work_on")):
        items = [t.strip() for t in data.get(key) or [] if isinstance(t, str) and t.strip()]
        if items:
            lines += [tr(label, lang)]
            lines += [
                f"  {n}. {item}" if key == "work_on" else f"  • {item}" for n, item in enumerate(items, 1)
            ]
            lines.append("")
    ids = [q for q in data.get("practise_next") or [] if isinstance(q, str) and q]
    if ids:
        lines += [tr("debrief.practise_next", lang)]
        lines += [f"  • {question_text(q)}" for q in ids]
    return "\n".join(lines).strip()


def local_minute(stamp: str) -> str:
    """A stored UTC time as the user's local YYYY-MM-DD HH:MM."""
    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return stamp or "-"


class DebriefPanel(QWidget):
    def __init__(self, state: AppState, session_id: Callable[[], int | None]) -> None:
        super().__init__()
        self.setObjectName("debrief_panel")
        self.state = state
        self.session_id = session_id
        self.shown_session: int | None = None
        self.debrief: Any = None  # core.debrief.Debrief
        self._task: TaskHandle | None = None
        self._partial = LatestText(self._draw_partial, self)

        self.title = QLabel()
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.get_button = QPushButton()
        self.get_button.setObjectName("debrief_get")
        self.get_button.clicked.connect(self.request)
        self.cancel_button = QPushButton()
        self.cancel_button.setObjectName("debrief_cancel")
        self.cancel_button.clicked.connect(self.cancel)
        self.practise_button = QPushButton()
        self.practise_button.setObjectName("debrief_practise")
        self.practise_button.clicked.connect(self.practise)
        self.status = ToneLabel(MUTED)
        self.status.setObjectName("debrief_status")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.view = read_only_view("debrief_text")
        self.view.setMinimumHeight(120)
        row = QHBoxLayout()
        row.addWidget(self.title)
        row.addWidget(self.status, 1)
        row.addWidget(self.get_button)
        row.addWidget(self.cancel_button)
        row.addWidget(self.practise_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.view)
        state.settings_changed.connect(lambda keys: self._show() if keys & LLM_KEYS else None)
        state.language_changed.connect(lambda _lang: self._show())
        self._show()

    @property
    def lang(self) -> str:
        return self.state.lang

    @property
    def provider_on(self) -> bool:
        return self.state.settings.get("llm_provider") != "off"

    def _question_text(self, question_id: str) -> str:
        from interview_sim.core.generated import QuestionTexts

        # practise_next names bank questions only: the bank alone resolves them (no database)
        return QuestionTexts(None, self.state.bank).label(question_id, self.lang)

    def _show(self) -> None:
        if self.shown_session != self.session_id():
            self.shown_session = self.session_id()
            self.debrief = None
            self._set_status("")
            self._partial.clear()
            if self._task is not None:
                self._task.cancel()
                self._task = None
            if self.shown_session is not None:
                self._load_cached(self.shown_session)
        running = self._task is not None
        # A cached debrief stays readable with the provider turned off since; asking needs one.
        self.setVisible(self.shown_session is not None and (self.provider_on or self.debrief is not None))
        self.title.setText(tr("debrief.title", self.lang))
        self.get_button.setText(
            tr("debrief.regenerate" if self.debrief is not None else "debrief.get", self.lang)
        )
        self.get_button.setEnabled(self.provider_on)
        self.get_button.setToolTip(
            tr("debrief.regenerate_tip" if self.debrief is not None else "debrief.get_tip", self.lang)
        )
        if not running and self.debrief is not None and not self.status.text():
            self.status.setText(self._by_line(self.debrief))
        self.cancel_button.setText(tr("feedback.cancel", self.lang))
        self.practise_button.setText(tr("debrief.practise", self.lang))
        self.get_button.setVisible(not running)
        self.cancel_button.setVisible(running)
        has_picks = self.debrief is not None and bool(self.debrief.practise_next)
        self.practise_button.setVisible(has_picks and not running)
        if not running:
            self.view.setVisible(self.debrief is not None)
            if self.debrief is not None:
                self.view.setPlainText(debrief_text(self.debrief.to_json(), self._question_text, self.lang))

    def _by_line(self, debrief: Any) -> str:
        return tr(
            "feedback.by",
            self.lang,
            provider=debrief.provider,
            model=debrief.model,
            version=debrief.prompt_version,
            created=local_minute(debrief.created_at),
        )

    def _load_cached(self, session_id: int) -> None:
        """The session's cached debrief, read off the GUI thread, shown unless a new one is
        being asked for (or came) meanwhile."""

        def loaded(debrief: Any) -> None:
            fresh = session_id == self.shown_session and self._task is None and self.debrief is None
            if debrief is not None and fresh:
                self.debrief = debrief
                self._show()

        def start(db: Database) -> None:
            from interview_sim.core.debrief import cached_debrief

            self.state.tasks.run(
                lambda: cached_debrief(db, session_id),
                owner=self,
                key="debrief_cached",
                on_done=loaded,
                on_error=lambda exc: self._set_status(str(exc), error=True),
                uses_db=True,
            )

        self.state.with_db(start, owner=self)

    def refresh(self) -> None:
        """The summary shows another session (or the settings changed): draw again."""
        self._show()

    def _set_status(self, text: str, *, error: bool = False) -> None:
        self.status.set_tone(ERROR if error else MUTED)
        self.status.setText(text)

    def request(self) -> None:
        from interview_sim.llm.base import LLMError
        from interview_sim.llm.config import provider_from_settings

        self._show()
        session_id, bank = self.shown_session, self.state.bank
        if session_id is None or bank is None or self._task is not None:
            return
        try:
            provider = provider_from_settings(self.state.settings)
        except LLMError as exc:
            self._set_status(exc.message(self.lang), error=True)
            return
        templates, setting, ui_lang = (
            self.state.templates,
            self.state.settings.get("feedback_language"),
            self.lang,
        )

        def work(ctx: TaskContext, db: Database) -> Any:
            from interview_sim.core.debrief import debrief_session

            lang = setting
            if lang not in ("ko", "en"):
                session = db.session(session_id)
                langs = [
                    q.lang for a in (session.attempts if session else []) if (q := bank.get(a.question_id))
                ]
                lang = max(set(langs), key=langs.count) if langs else ui_lang
            pieces: list[str] = []

            def on_text(piece: str) -> None:
                pieces.append(piece)
                ctx.report("".join(pieces))  # drawn at most every REDRAW_MS

            return debrief_session(
                db, session_id, bank, templates, provider, lang=lang, cancel=ctx.token, on_text=on_text
            )

        def start(db: Database) -> None:
            self._task = self.state.tasks.run_with_context(
                lambda ctx: work(ctx, db),
                owner=self,
                key="debrief",
                on_done=self._done,
                on_error=self._failed,
                on_progress=self._progress,
                uses_db=True,
            )
            self._show()
            self.view.clear()
            self.view.setVisible(True)

        self._set_status(tr("debrief.asking", self.lang))
        self.state.with_db(start, owner=self)

    def cancel(self) -> None:
        if self._task is not None:
            self._task.token.cancel()

    def _progress(self, text: str) -> None:
        self._partial.push(text)

    def _draw_partial(self, text: str) -> None:
        from interview_sim.core.feedback import preview

        shown = debrief_text(preview(text), self._question_text, self.lang)
        if shown:
            self.view.setPlainText(shown)

    def _done(self, debrief: Any) -> None:
        self._task = None
        self._partial.clear()
        self.debrief = debrief
        self._set_status("")
        self._show()
        if debrief.session_id is not None:
            self.state.debrief_changed.emit(debrief.session_id)

    def _failed(self, exc: BaseException) -> None:
        from interview_sim.llm.base import LLMError

        self._task = None
        self._partial.clear()
        if isinstance(exc, LLMError) and exc.kind == "cancelled":
            text = tr("feedback.cancelled", self.lang)
        elif isinstance(exc, LLMError):
            text = exc.message(self.lang)
        else:
            from interview_sim.qt.errors import describe_error

            text = describe_error(exc, self.lang).text
        self._show()
        self._set_status(text, error=True)

    def practise(self) -> None:
        """An interview on the questions the debrief picked, in its order (the start screen's
        think time and review choice, like every other "practise these")."""
        if self.debrief is None or not self.debrief.practise_next:
            return
        self.state.practice_requested.emit(list(self.debrief.practise_next))
