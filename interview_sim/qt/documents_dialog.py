"""Questions from my documents (issue 13, point 4): paste or open a self-introduction letter or a
job posting, let the AI interviewer draft the questions most likely to be asked, edit the
drafts, tick the ones to keep and save them to the user's own bank, or save and practise them.

Reading files, asking the model and saving all run through ``state.tasks``; the model's reply
streams in as progress and Cancel stops it (nothing is saved until the candidate saves). The
model's words are data: shown in plain-text editors and labels only. The provider line says
whether the documents stay on this computer or go online; without a provider the dialog says
how to set one up and opens the AI settings page instead of failing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from interview_sim import paths
from interview_sim.core.settings import PROVIDER_SETTINGS
from interview_sim.i18n import tr
from interview_sim.qt.app_state import AppState
from interview_sim.qt.taskman import TaskContext, TaskHandle
from interview_sim.qt.theme import ERROR, MUTED, WARN, ToneLabel

SHORTCUT = "Ctrl+Shift+D"  # "documents"; the window's menu action carries it
KEPT_FOLDER = "documents"  # in the user's question folder, only when the candidate asks


def _plain_label(name: str, *, tone: Any = MUTED) -> ToneLabel:
    label = ToneLabel(tone)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class DraftCard(QFrame):
    """One drafted question: a tick to keep it, the question, the draft answer and its key
    terms, editable, and what in the documents it is about. Marked as a draft wherever it shows."""

    def __init__(self, number: int, draft: Any, lang: str) -> None:
        super().__init__()
        self.setObjectName(f"draft_{number}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.number = number
        self.draft = draft
        self.keep = QCheckBox()
        self.keep.setObjectName("draft_keep")
        self.keep.setChecked(True)
        # The mark that this is the AI's draft, not a fact: in the warning colour, bold.
        self.badge = _plain_label("draft_badge", tone=WARN)
        font = self.badge.font()
        font.setBold(True)
        self.badge.setFont(font)
        self.badge.setWordWrap(False)
        self.question = QLineEdit(draft.question)
        self.question.setObjectName("draft_question")
        self.about = _plain_label("draft_about", tone=ERROR if not draft.quote_found else MUTED)
        self.about.setVisible(bool(draft.grounded_in))
        self.answer_label = _plain_label("draft_answer_label", tone=MUTED)
        self.answer = QPlainTextEdit(draft.draft_answer)
        self.answer.setObjectName("draft_answer")
        self.answer.setTabChangesFocus(True)
        self.answer.setFixedHeight(self.answer.fontMetrics().lineSpacing() * 4 + 16)
        # One comma-separated line: short to edit, and a term never holds a comma (core.documents).
        self.terms_label = _plain_label("draft_terms_label", tone=MUTED)
        self.terms = QLineEdit(", ".join(draft.key_terms))
        self.terms.setObjectName("draft_terms")
        self.terms_label.setBuddy(self.terms)
        header = QHBoxLayout()
        header.addWidget(self.keep)
        header.addWidget(self.badge)
        header.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.question)
        layout.addWidget(self.about)
        layout.addWidget(self.answer_label)
        layout.addWidget(self.answer)
        layout.addWidget(self.terms_label)
        layout.addWidget(self.terms)
        self.retranslate(lang)

    def retranslate(self, lang: str) -> None:
        """The card's own words in ``lang``; what the model or the candidate wrote stays."""
        draft = self.draft
        self.keep.setText(tr("documents.question_n", lang, n=self.number))
        self.badge.setText(tr("documents.draft_mark", lang))
        about = tr("documents.about", lang, quote=draft.grounded_in) if draft.grounded_in else ""
        if about and not draft.quote_found:
            about += " " + tr("documents.quote_not_found", lang)
        self.about.setText(about)
        self.answer_label.setText(tr("documents.answer_label", lang))
        self.terms_label.setText(tr("documents.terms_label", lang))
        self.terms.setPlaceholderText(tr("documents.terms_hint", lang))

    def edited(self) -> Any:
        from dataclasses import replace

        from interview_sim.core.documents import clean_terms

        return replace(
            self.draft,
            question=self.question.text().strip(),
            draft_answer=self.answer.toPlainText().strip(),
            key_terms=clean_terms(self.terms.text().split(","), 20),
        )


class DocumentsDialog(QDialog):
    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("documents_dialog")
        self.state = state
        self._lang = state.lang
        self.files: list[Any] = []  # core.documents.Document read from opened files
        self.result: Any = None  # core.documents.DraftSet shown now
        self.cards: list[DraftCard] = []
        self._stream: TaskHandle | None = None
        self._saving = False
        self.limits: Any = None  # core.documents.Limits; None: the core's defaults (tests: tiny)
        self.saved_ids: list[str] = []
        # The status line as words in a language, so a change of language redraws it too.
        self._say: Callable[[str], str] = lambda _lang: ""
        self._say_error = False

        self.intro = QLabel()
        self.intro.setObjectName("documents_intro")
        self.intro.setWordWrap(True)
        self.provider_line = _plain_label("documents_provider", tone=MUTED)
        self.not_kept = _plain_label("documents_not_kept", tone=MUTED)
        self.off_note = QLabel()
        self.off_note.setObjectName("documents_off")
        self.off_note.setWordWrap(True)
        self.settings_button = QPushButton()
        self.settings_button.setObjectName("documents_settings")
        self.settings_button.clicked.connect(lambda: state.settings_requested.emit("ai"))
        self.paste = QPlainTextEdit()
        self.paste.setObjectName("documents_paste")
        self.paste.setTabChangesFocus(True)
        self.paste.setMinimumHeight(self.paste.fontMetrics().lineSpacing() * 5)
        self.paste.textChanged.connect(self._show_files)
        self.open_button = QPushButton()
        self.open_button.setObjectName("documents_open")
        self.open_button.clicked.connect(self.choose_files)
        self.clear_button = QPushButton()
        self.clear_button.setObjectName("documents_clear")
        self.clear_button.clicked.connect(self.clear_documents)
        self.opened = _plain_label("documents_opened", tone=MUTED)
        self.lang_label = QLabel()
        self.question_lang = QComboBox()
        self.question_lang.setObjectName("documents_lang")
        self.question_lang.addItem("", "ko")
        self.question_lang.addItem("", "en")
        self.question_lang.setCurrentIndex(1 if state.lang == "en" else 0)
        self.lang_label.setBuddy(self.question_lang)
        self.generate_button = QPushButton()
        self.generate_button.setObjectName("documents_generate")
        self.generate_button.clicked.connect(self.generate)
        self.cancel_button = QPushButton()
        self.cancel_button.setObjectName("documents_cancel")
        self.cancel_button.clicked.connect(self.cancel)
        self.status = _plain_label("documents_status", tone=MUTED)
        self.drafts_box = QWidget()
        self.drafts_layout = QVBoxLayout(self.drafts_box)
        self.drafts_layout.addStretch(1)
        self.drafts_scroll = QScrollArea()
        self.drafts_scroll.setObjectName("documents_drafts")
        self.drafts_scroll.setWidgetResizable(True)
        self.drafts_scroll.setWidget(self.drafts_box)
        self.keep_documents = QCheckBox()
        self.keep_documents.setObjectName("documents_keep")
        self.save_button = QPushButton()
        self.save_button.setObjectName("documents_save")
        self.save_button.clicked.connect(lambda: self.save(practise=False))
        self.practise_button = QPushButton()
        self.practise_button.setObjectName("documents_practise")
        self.practise_button.clicked.connect(lambda: self.save(practise=True))
        self.close_button = QPushButton()
        self.close_button.setObjectName("documents_close")
        self.close_button.clicked.connect(self.close)

        files_row = QHBoxLayout()
        files_row.addWidget(self.open_button)
        files_row.addWidget(self.opened, 1)
        files_row.addWidget(self.clear_button)
        ask_row = QHBoxLayout()
        ask_row.addWidget(self.lang_label)
        ask_row.addWidget(self.question_lang)
        ask_row.addStretch(1)
        ask_row.addWidget(self.generate_button)
        ask_row.addWidget(self.cancel_button)
        save_row = QHBoxLayout()
        save_row.addWidget(self.keep_documents, 1)
        save_row.addWidget(self.save_button)
        save_row.addWidget(self.practise_button)
        save_row.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.provider_line)
        layout.addWidget(self.off_note)
        layout.addWidget(self.settings_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.paste, 1)
        layout.addLayout(files_row)
        layout.addLayout(ask_row)
        layout.addWidget(self.status)
        layout.addWidget(self.drafts_scroll, 3)
        layout.addWidget(self.not_kept)
        layout.addLayout(save_row)
        # Enter in a question being edited must not press a button (it would ask again).
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
        self.resize(860, 760)
        state.settings_changed.connect(self._settings_changed)
        state.language_changed.connect(self.retranslate)
        self.retranslate(state.lang)
        self._show_status("")

    def reject(self) -> None:
        self.cancel()  # Esc while drafting: stop the model too
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.cancel()
        super().closeEvent(event)

    # -- texts and modes -------------------------------------------------------------------------

    @property
    def provider_on(self) -> bool:
        return self.state.settings.get("llm_provider") != "off"

    @property
    def streaming(self) -> bool:
        return self._stream is not None

    def retranslate(self, lang: str) -> None:
        self._lang = lang
        self.setWindowTitle(tr("documents.title", lang))
        self.intro.setText(tr("documents.intro", lang))
        self.off_note.setText(tr("documents.off", lang))
        self.settings_button.setText(tr("feedback.open_settings", lang))
        self.paste.setPlaceholderText(tr("documents.paste_hint", lang))
        self.open_button.setText(tr("documents.open", lang))
        self.clear_button.setText(tr("documents.clear", lang))
        self.lang_label.setText(tr("documents.lang", lang))
        for index, code in enumerate(("ko", "en")):
            self.question_lang.setItemText(index, tr(f"documents.lang.{code}", lang))
        self.generate_button.setText(tr("documents.generate", lang))
        self.cancel_button.setText(tr("documents.cancel", lang))
        self.keep_documents.setText(tr("documents.keep", lang))
        self.not_kept.setText(tr("documents.not_kept", lang))
        self.save_button.setText(tr("documents.save", lang))
        self.practise_button.setText(tr("documents.practise", lang))
        self.close_button.setText(tr("documents.close", lang))
        for card in self.cards:
            card.retranslate(lang)
        self._show_status(self._say, error=self._say_error)
        self._show_files()
        self._show_mode()

    def _provider_text(self) -> tuple[str, bool]:
        """What the provider line says, and whether it sends the documents away."""
        from interview_sim.llm.base import LLMError
        from interview_sim.llm.config import provider_from_settings

        try:
            provider = provider_from_settings(self.state.settings)
        except LLMError as exc:
            return exc.message(self._lang), False
        values = {"provider": provider.name, "model": provider.model or "-"}
        if provider.local:
            return tr("documents.local", self._lang, **values), False
        host = urlsplit(provider.base_url).hostname or provider.base_url
        return tr("documents.online", self._lang, host=host, **values), True

    def _show_mode(self) -> None:
        on = self.provider_on
        self.off_note.setVisible(not on)
        self.settings_button.setVisible(not on)
        self.provider_line.setVisible(on)
        if on:
            text, online = self._provider_text()
            self.provider_line.set_tone(ERROR if online else MUTED)
            self.provider_line.setText(text)
        busy = self.streaming or self._saving
        self.generate_button.setVisible(not self.streaming)
        self.generate_button.setEnabled(on and not busy)
        self.cancel_button.setVisible(self.streaming)
        has_drafts = bool(self.cards)
        for widget in (self.save_button, self.practise_button, self.keep_documents):
            widget.setEnabled(has_drafts and not busy)
        self.drafts_scroll.setVisible(has_drafts)

    def _settings_changed(self, keys: set[str]) -> None:
        if keys & PROVIDER_SETTINGS:
            self._show_mode()

    def _show_status(self, say: Callable[[str], str] | str, *, error: bool = False) -> None:
        """``say``: a key of i18n, or the words in a given language (redrawn on a change of it)."""
        key = say if isinstance(say, str) else ""

        def by_key(lang: str) -> str:
            return tr(key, lang) if key else ""

        self._say = by_key if isinstance(say, str) else say
        self._say_error = error
        text = self._say(self._lang)
        self.status.set_tone(ERROR if error else MUTED)
        self.status.setText(text)
        self.status.setVisible(bool(text))

    def _show_files(self) -> None:
        names = ", ".join(d.name for d in self.files)
        self.opened.setText(tr("documents.opened", self._lang, names=names) if names else "")
        self.clear_button.setVisible(bool(self.files) or bool(self.paste.toPlainText()))

    # -- the documents ---------------------------------------------------------------------------

    def choose_files(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileNames(
            self, tr("documents.open", self._lang), str(Path.home()), tr("documents.open_filter", self._lang)
        )
        if chosen:
            self.open_files([Path(p) for p in chosen])

    def open_files(self, files: list[Path]) -> None:
        """Read the files off the GUI thread (a PDF takes a moment); a bad one is named."""
        from interview_sim.core.documents import read_document

        self.state.tasks.run(
            lambda: [read_document(path) for path in files],
            owner=self,
            key="read",
            on_done=self._files_read,
            on_error=self._failed,
        )

    def _files_read(self, documents: list[Any]) -> None:
        known = {d.name for d in self.files}
        self.files += [d for d in documents if d.name not in known]
        self._show_files()
        self._show_status("")

    def clear_documents(self) -> None:
        self.files = []
        self.paste.clear()
        self._show_files()

    def documents(self) -> list[Any]:
        """The opened files and the pasted text, as documents (DocumentError if the paste is
        unusable); empty when there is nothing."""
        from interview_sim.core.documents import document_from_text

        pasted = self.paste.toPlainText()
        found = list(self.files)
        if pasted.strip():
            found.append(document_from_text(pasted, tr("documents.pasted", self._lang)))
        return found

    # -- asking ------------------------------------------------------------------------------------

    def generate(self) -> None:
        if self.streaming or self._saving:
            return
        if not self.provider_on:
            self.state.settings_requested.emit("ai")
            return
        from interview_sim.core.documents import DocumentError, Limits, draft_questions, preview_questions
        from interview_sim.llm.base import LLMError
        from interview_sim.llm.config import provider_from_settings

        try:
            documents = self.documents()
            provider = provider_from_settings(self.state.settings)
            if not provider.model:
                raise LLMError("no_model", url=provider.base_url)
        except (DocumentError, LLMError) as exc:
            self._failed(exc)
            return
        if not documents:
            self._show_status("documents.no_text", error=True)
            return
        lang = self.question_lang.currentData()
        limits = self.limits or Limits()
        from interview_sim.core.documents import TEMPLATES

        templates = list(self.state.templates) or list(TEMPLATES)

        def work(ctx: TaskContext) -> Any:
            pieces: list[str] = []
            shown = [0]

            def on_text(piece: str) -> None:
                # Reported when the count changes (a few times a reply), not on a timer, which
                # left the last questions of a burst uncounted while the model paused.
                pieces.append(piece)
                count = len(preview_questions("".join(pieces)))
                if count != shown[0]:
                    shown[0] = count
                    ctx.report(("text", count))

            def on_retry(_reason: str) -> None:
                pieces.clear()
                shown[0] = 0
                ctx.report(("retry", 0))

            return draft_questions(
                provider,
                documents,
                lang=lang,
                limits=limits,
                cancel=ctx.token,
                on_text=on_text,
                on_retry=on_retry,
                templates=templates,
            )

        self._show_status("documents.asking")
        self._stream = self.state.tasks.run_with_context(
            work,
            owner=self,
            key="stream",
            on_done=self._drafted,
            on_error=self._failed,
            on_progress=self._progress,
        )
        self._show_mode()

    def cancel(self) -> None:
        if self._stream is not None:
            self._stream.token.cancel()  # the worker's end (LLMError "cancelled") comes back

    def _progress(self, news: tuple[str, int]) -> None:
        kind, count = news
        if kind == "retry":
            self._show_status("documents.retrying")
        elif count:
            self._show_status(lambda lang: tr("documents.progress", lang, count=count))

    def _drafted(self, result: Any) -> None:
        self._stream = None
        self.result = result
        self.saved_ids = []
        for card in self.cards:
            card.deleteLater()
        self.cards = []
        for number, draft in enumerate(result.drafts, start=1):
            card = DraftCard(number, draft, self._lang)
            self.drafts_layout.insertWidget(self.drafts_layout.count() - 1, card)
            self.cards.append(card)
        drafted = len(self.cards)
        self._show_status(lambda lang: tr("documents.drafted", lang, count=drafted))
        self._show_mode()
        if self.cards:
            self.cards[0].question.setFocus()

    def _failed(self, exc: BaseException) -> None:
        from interview_sim.core.documents import DocumentError
        from interview_sim.llm.base import LLMError

        self._stream = None
        self._saving = False
        if not isinstance(exc, LLMError | DocumentError):
            from interview_sim.qt.errors import describe_failure

            describe_failure("documents.save_failed", exc, self._lang)  # logs the detail, once

        def say(lang: str) -> str:
            if isinstance(exc, LLMError) and exc.kind == "cancelled":
                return tr("documents.cancelled", lang)
            if isinstance(exc, LLMError | DocumentError):
                return exc.message(lang)
            return tr("documents.save_failed", lang)

        self._show_status(say, error=True)
        self._show_mode()

    # -- saving ------------------------------------------------------------------------------------

    def chosen(self) -> list[Any]:
        return [
            card.edited() for card in self.cards if card.keep.isChecked() and card.question.text().strip()
        ]

    def save(self, *, practise: bool) -> None:
        if self.result is None or self._saving or self.streaming:
            return
        drafts = self.chosen()
        if not drafts:
            self._show_status("documents.none_chosen", error=True)
            return
        from interview_sim.core.bank import load_bank
        from interview_sim.core.documents import DocumentError, keep_documents, save_drafts
        from interview_sim.core.user_bank import normalize

        templates = dict(self.state.templates)
        lang, names = self.result.lang, list(self.result.documents)
        try:
            kept = self.documents() if self.keep_documents.isChecked() else []
        except DocumentError as exc:
            self._failed(exc)
            return

        def load() -> Any:
            return load_bank(templates=templates) if templates else load_bank()

        def work() -> tuple[Any, Any, Any]:
            user_dir = paths.user_questions_dir()
            # The bank as it is on disk now (not as the app loaded it): no id and no question
            # already there is ever written again.
            plan, target = save_drafts(drafts, load(), user_dir, lang=lang, documents=names)
            if kept:
                keep_documents(kept, user_dir / KEPT_FOLDER)
            return plan, target, load()

        def done(outcome: tuple[Any, Any, Any]) -> None:
            plan, target, fresh = outcome
            self._saving = False
            by_text = {normalize(q.question): q.id for q in fresh.questions}
            ids = [q.id for q in plan.questions]
            ids += [by_text[k] for k in (normalize(d.question) for d in plan.already_present) if k in by_text]
            self.saved_ids = ids

            def say(lang: str) -> str:
                lines = []
                if plan.questions:
                    lines.append(tr("documents.saved", lang, count=len(plan.questions), path=target))
                if plan.already_present:
                    lines.append(tr("documents.already", lang, count=len(plan.already_present)))
                return "\n".join(lines)

            self._show_status(say)
            self.state.set_bank(fresh, templates or None)  # bank_changed: the screens see them
            if say(self._lang):
                self.state.message.emit(say(self._lang).split("\n")[0])
            self._show_mode()
            if practise and ids:
                self.state.practice_requested.emit(ids)
                self.close()

        self._saving = True
        self._show_mode()
        self.state.tasks.run(work, owner=self, key="save", on_done=done, on_error=self._failed)
