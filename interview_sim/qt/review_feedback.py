"""The review's AI feedback panel: the cached feedback of the answer, and a button that asks the
provider in the settings for new feedback, streamed in as it arrives.

The model's words are data: everything is shown with ``setPlainText`` / ``Qt.PlainText``, so a
``<script>`` or a link in a reply is shown as the characters it is. The request runs through
``state.tasks.run_with_context``; the task's token goes straight to
:func:`~interview_sim.core.feedback.feedback_for_attempt`, so Cancel stops the stream between two
pieces and nothing half-written is stored (only validated feedback ever is, by the core).
Without a provider the panel says what the AI interviewer does and opens its settings page.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from interview_sim.core.settings import PROVIDER_SETTINGS
from interview_sim.core.storage import Database
from interview_sim.i18n import tr
from interview_sim.qt.app_state import AppState
from interview_sim.qt.formatting import local_date
from interview_sim.qt.review_panels import ReviewContext, ReviewPanel, read_only_view
from interview_sim.qt.stream_draw import LatestText
from interview_sim.qt.taskman import TaskContext, TaskHandle
from interview_sim.qt.theme import ERROR, MUTED, ToneLabel

SHORTCUT = "Ctrl+I"  # "interviewer": Ctrl+F is the window's Find
LLM_KEYS = PROVIDER_SETTINGS | {"feedback_language"}


def _rubric_items(rubric: Any) -> list[tuple[str, Any, Any]]:
    """(criterion, score, evidence) from a stored rubric (a list) or a streamed one (an object
    keyed by criterion, possibly cut off anywhere)."""
    if isinstance(rubric, dict):
        items = [(name, value) for name, value in rubric.items() if isinstance(value, dict)]
        return [(str(name), v.get("score"), v.get("evidence")) for name, v in items]
    if isinstance(rubric, list):
        return [
            (str(item.get("criterion", "")), item.get("score"), item.get("evidence"))
            for item in rubric
            if isinstance(item, dict)
        ]
    return []


def headline_of(data: dict[str, Any]) -> str:
    headline = data.get("headline")
    return headline.strip() if isinstance(headline, str) else ""


def feedback_text(data: dict[str, Any], lang: str) -> str:
    """Feedback (complete, or the part of a streamed reply read so far) as plain text, without
    its headline (shown above it, in bold)."""
    lines: list[str] = []
    for criterion, score, evidence in _rubric_items(data.get("rubric")):
        name = tr(f"feedback.criterion.{criterion}", lang)
        shown = tr("feedback.score", lang, score=score) if isinstance(score, int) else "…"
        lines.append(f"{name}  {shown}")
        if isinstance(evidence, str) and evidence.strip():
            lines.append(f"    “{evidence.strip()}”")
    for key in ("missing", "wrong"):
        items = [t for t in data.get(key) or [] if isinstance(t, str) and t.strip()]
        if items:
            lines += ["", tr(f"feedback.{key}", lang)]
            lines += [f"  • {item.strip()}" for item in items]
    better = data.get("better_answer")
    if isinstance(better, str) and better.strip():
        lines += ["", tr("feedback.better_answer", lang), better.strip()]
    return "\n".join(lines).strip()


class FeedbackPanel(ReviewPanel):
    """Shown with every attempt; owns its tasks (dropped when it goes)."""

    def __init__(self, state: AppState) -> None:
        super().__init__()
        self.setObjectName("feedback_panel")
        self.state = state
        self.attempt_id: int | None = None
        self.transcript_id: int | None = None
        self.feedback: Any = None  # core.feedback.Feedback shown now (None: none cached)
        self._stream: TaskHandle | None = None
        self._partial = LatestText(self._draw_partial, self)
        self._lang = state.lang
        self.limits: Any = None  # core.feedback.Limits; None: the core's defaults (tests: tiny)

        self.title = QLabel()
        self.title.setObjectName("feedback_title")
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.get_button = QPushButton()
        self.get_button.setObjectName("feedback_get")
        self.get_button.clicked.connect(self.request)
        self.cancel_button = QPushButton()
        self.cancel_button.setObjectName("feedback_cancel")
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.setVisible(False)
        self.settings_button = QPushButton()
        self.settings_button.setObjectName("feedback_settings")
        self.settings_button.clicked.connect(lambda: state.settings_requested.emit("ai"))
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.get_button)
        header.addWidget(self.cancel_button)
        self.off_note = QLabel()
        self.off_note.setObjectName("feedback_off")
        self.off_note.setWordWrap(True)
        self.off_note.setTextFormat(Qt.TextFormat.PlainText)
        self.status = ToneLabel(MUTED)
        self.status.setObjectName("feedback_status")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.stale = ToneLabel(ERROR)
        self.stale.setObjectName("feedback_stale")
        self.stale.setWordWrap(True)
        self.stale.setTextFormat(Qt.TextFormat.PlainText)
        self.headline = QLabel()
        self.headline.setObjectName("feedback_headline")
        self.headline.setWordWrap(True)
        self.headline.setTextFormat(Qt.TextFormat.PlainText)
        self.headline.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.headline.setFont(font)
        self.view = read_only_view("feedback_text")
        self.by = ToneLabel(MUTED)
        self.by.setObjectName("feedback_by")
        self.by.setWordWrap(True)
        self.by.setTextFormat(Qt.TextFormat.PlainText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addWidget(self.off_note)
        layout.addWidget(self.settings_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.stale)
        layout.addWidget(self.status)
        layout.addWidget(self.headline)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.by)
        # Only while the review shows: Qt ignores the shortcuts of hidden widgets.
        shortcut = QShortcut(QKeySequence(SHORTCUT), self)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(self.toggle)
        state.settings_changed.connect(self._settings_changed)
        self._show_status("")
        self._show_mode()

    # -- ReviewPanel ---------------------------------------------------------------------------

    @property
    def provider_on(self) -> bool:
        return self.state.settings.get("llm_provider") != "off"

    @property
    def streaming(self) -> bool:
        return self._stream is not None

    def retranslate(self, lang: str) -> None:
        self._lang = lang
        self.title.setText(tr("feedback.title", lang))
        self.cancel_button.setText(tr("feedback.cancel", lang))
        self.settings_button.setText(tr("feedback.open_settings", lang))
        self.off_note.setText(tr("feedback.off", lang))
        self._show_mode()
        if not self.streaming:
            self._show_feedback()

    def show_review(self, context: ReviewContext) -> None:
        attempt = context.view.attempt
        shown = attempt.transcript
        transcript_id = shown.id if shown is not None else None
        if attempt.id == self.attempt_id and transcript_id == self.transcript_id:
            self._show_mode()  # the bank may have loaded meanwhile
            return  # the same answer drawn again (language, theme): nothing to reload
        if attempt.id != self.attempt_id:
            self._drop_stream()
            self.feedback = None
            self._show_status("")
            self._show_feedback()
        self.attempt_id, self.transcript_id = attempt.id, transcript_id
        self._show_mode()
        self.load_cached()

    # -- the cache -------------------------------------------------------------------------------

    def load_cached(self) -> None:
        attempt_id = self.attempt_id
        if attempt_id is None:
            return

        def read(db: Database) -> None:
            from interview_sim.core.feedback import cached_feedback

            self.state.tasks.run(
                lambda: cached_feedback(db, attempt_id),
                owner=self,
                key="cached",
                on_done=lambda feedback: self._cached(attempt_id, feedback),
                on_error=self._failed,
                uses_db=True,
            )

        self.state.with_db(read, owner=self)

    def _cached(self, attempt_id: int, feedback: Any) -> None:
        if attempt_id != self.attempt_id or self.streaming:
            return
        self.feedback = feedback
        self._show_feedback()

    # -- asking ------------------------------------------------------------------------------------

    def toggle(self) -> None:
        if self.streaming:
            self.cancel()
        else:
            self.request()

    def request(self) -> None:
        """Ask the provider for feedback on this answer (again, when some is shown)."""
        if self.attempt_id is None or self.streaming:
            return
        if not self.provider_on:
            self.state.settings_requested.emit("ai")
            return
        from interview_sim.llm.base import LLMError
        from interview_sim.llm.config import provider_from_settings

        try:
            provider = provider_from_settings(self.state.settings)
        except LLMError as exc:
            self._failed(exc)
            return
        bank, templates = self.state.bank, self.state.templates
        if bank is None:
            return  # the button is off until the bank is loaded
        attempt_id, rerun, limits = self.attempt_id, self.feedback is not None, self.limits
        language = self.state.settings.get("feedback_language")

        def work(ctx: TaskContext, db: Database) -> Any:
            from interview_sim.core.feedback import Limits, feedback_for_attempt

            pieces: list[str] = []

            def on_text(piece: str) -> None:
                pieces.append(piece)
                ctx.report(("text", "".join(pieces)))  # drawn at most every REDRAW_MS

            def on_retry(_reason: str) -> None:
                pieces.clear()
                ctx.report(("retry", ""))

            return feedback_for_attempt(
                db,
                attempt_id,
                bank,
                templates,
                provider,
                rerun=rerun,
                language_setting=language,
                limits=limits or Limits(),
                cancel=ctx.token,
                on_text=on_text,
                on_retry=on_retry,
            )

        def start(db: Database) -> None:
            if attempt_id != self.attempt_id or self.streaming:
                return
            self._stream = self.state.tasks.run_with_context(
                lambda ctx: work(ctx, db),
                owner=self,
                key="stream",
                on_done=lambda feedback: self._done(attempt_id, feedback),
                on_error=self._failed,
                on_progress=self._progress,
                uses_db=True,
            )
            self._show_mode()

        self.view.clear()
        self.headline.setVisible(False)
        self.by.clear()
        self.stale.setVisible(False)
        self._show_status(self._asking_text(provider), error=False)
        self.state.with_db(start, owner=self)

    def _asking_text(self, provider: Any) -> str:
        text = tr("feedback.asking", self._lang)
        if not provider.local:
            host = urlsplit(provider.base_url).hostname or provider.base_url
            text += "  " + tr("feedback.online", self._lang, host=host)
        elif provider.name == "builtin":
            from interview_sim.llm.builtin import engine

            if engine().running_model is None:  # the first request loads the model: seconds
                text += "  " + tr("feedback.builtin_loading", self._lang)
        return text

    def cancel(self) -> None:
        # The token only: the worker's end (LLMError "cancelled") comes back and is shown.
        if self._stream is not None:
            self._stream.token.cancel()

    def _drop_stream(self) -> None:
        self._partial.clear()
        if self._stream is not None:
            self._stream.cancel()  # another answer: its result is no longer wanted
            self._stream = None
            self._show_mode()

    def _progress(self, news: tuple[str, str]) -> None:
        kind, text = news
        if kind == "retry":
            self._partial.clear()
            self.view.clear()
            self.headline.setVisible(False)
            self._show_status(tr("feedback.retrying", self._lang), error=False)
            return
        self._partial.push(text)

    def _draw_partial(self, text: str) -> None:
        from interview_sim.core.feedback import preview

        data = preview(text)
        self.headline.setText(headline_of(data))
        self.headline.setVisible(bool(self.headline.text()))
        shown = feedback_text(data, self._lang)
        if shown:
            self.view.setPlainText(shown)

    def _done(self, attempt_id: int, feedback: Any) -> None:
        self._stream = None
        self._partial.clear()
        self._show_mode()
        if attempt_id != self.attempt_id:
            return
        self.feedback = feedback
        self._show_status("")
        self._show_feedback()
        self.state.notify_attempts_changed([attempt_id])

    def _failed(self, exc: BaseException) -> None:
        from interview_sim.llm.base import LLMError

        self._stream = None
        self._partial.clear()
        self._show_mode()
        if isinstance(exc, LLMError) and exc.kind == "cancelled":
            text = tr("feedback.cancelled", self._lang)
        elif isinstance(exc, LLMError):
            text = exc.message(self._lang)
        else:
            from interview_sim.qt.errors import describe_error

            text = describe_error(exc, self._lang).text
        self._show_feedback()  # what was cached before stays in view
        self._show_status(text, error=True)

    # -- drawing -----------------------------------------------------------------------------------

    def _show_status(self, text: str, *, error: bool = False) -> None:
        self.status.set_tone(ERROR if error else MUTED)
        self.status.setText(text)
        self.status.setVisible(bool(text))  # an empty line would still take its height

    def _show_mode(self) -> None:
        on = self.provider_on
        self.off_note.setVisible(not on and self.feedback is None)
        self.settings_button.setVisible(not on)
        streaming = self.streaming
        self.get_button.setVisible(on and not streaming)
        self.get_button.setEnabled(self.attempt_id is not None and self.state.bank is not None)
        self.cancel_button.setVisible(streaming)
        key = "feedback.again" if self.feedback is not None else "feedback.get"
        self.get_button.setText(tr(key, self._lang))
        for button, what in ((self.get_button, key), (self.cancel_button, "feedback.cancel")):
            button.setToolTip(f"{tr(what, self._lang)} ({SHORTCUT})")

    def _show_feedback(self) -> None:
        feedback = self.feedback
        self._show_mode()
        if feedback is None:
            self.view.setPlainText(tr("feedback.none", self._lang) if self.provider_on else "")
            self.view.setVisible(self.provider_on)
            self.headline.setVisible(False)
            self.by.clear()
            self.stale.setVisible(False)
            return
        self.view.setVisible(True)
        content = feedback.content()
        self.headline.setText(headline_of(content))
        self.headline.setVisible(True)
        self.view.setPlainText(feedback_text(content, self._lang))
        created = local_date(feedback.created_at) if feedback.created_at else "-"
        self.by.setText(
            tr(
                "feedback.by",
                self._lang,
                provider=feedback.provider,
                model=feedback.model,
                version=feedback.prompt_version,
                created=created,
            )
        )
        stale = feedback.transcript_id is not None and feedback.transcript_id != self.transcript_id
        self.stale.setText(tr("feedback.stale", self._lang))
        self.stale.setVisible(stale)

    def _settings_changed(self, keys: set[str]) -> None:
        if keys & LLM_KEYS:
            self._show_mode()
            if not self.streaming:
                self._show_feedback()
