"""The settings page of the AI interviewer: the provider, its address and model, the API key in
the system keyring, the language of feedback, a connection test, and where the data goes.

Nothing here waits on the network or the keyring on the GUI thread: the model list, the test
and the key's state are tasks of ``state.tasks`` owned by the page (dropped if the window
closes first). The key is stored the moment the user saves it, in the keyring only
(:mod:`interview_sim.api_keys`), never in ``settings.json``; the page only shows whether one is
stored. An address that is not this computer gets a warning, like the Google speech engine.
The built-in provider has no address, key or server model list: its rows give way to the
model picker of :mod:`.settings_ai_builtin`.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from interview_sim.qt.app_state import AppState
from interview_sim.qt.settings_ai_builtin import BuiltinModelRows
from interview_sim.qt.settings_pages import SettingsPage
from interview_sim.qt.theme import ERROR, MUTED, ToneLabel

PROVIDERS = ("off", "ollama", "openai", "builtin")
LANGUAGES = ("question", "ko", "en")
KEY_ENGINE = "openai"  # the keyring entry of any OpenAI-compatible server


def stacked(*parts: QWidget | QLayout) -> QVBoxLayout:
    column = QVBoxLayout()
    column.setSpacing(4)
    for part in parts:
        if isinstance(part, QLayout):
            column.addLayout(part)
        else:
            column.addWidget(part)
    return column


def default_url(provider: str) -> str:
    from interview_sim.llm.config import DEFAULT_URLS

    return DEFAULT_URLS.get(provider, "")


class AIPage(SettingsPage):
    def __init__(self, state: AppState) -> None:
        super().__init__(state)
        settings = state.settings
        self.about = QLabel(state.text("settings.ai_about"))
        self.about.setWordWrap(True)
        self.provider = self.choice("llm_provider", PROVIDERS, "settings.llm_provider_{}")
        self.base_url = QLineEdit(settings.get("llm_base_url"))
        self.base_url.setObjectName("llm_base_url")
        self.online_warning = ToneLabel(ERROR)
        self.online_warning.setObjectName("ai_online_warning")
        self.online_warning.setWordWrap(True)
        bold = QFont()  # the weight only: the size follows the font setting
        bold.setBold(True)
        self.online_warning.setFont(bold)
        self.local_note = ToneLabel(MUTED)
        self.local_note.setObjectName("ai_local_note")
        self.local_note.setWordWrap(True)
        self.model = QComboBox()
        self.model.setObjectName("llm_model")
        self.model.setEditable(True)
        self.model.setEditText(settings.get("llm_model"))
        line = self.model.lineEdit()
        if line is not None:
            line.setPlaceholderText(state.text("settings.ai_model_hint"))
        self.models_status = ToneLabel(MUTED)
        self.models_status.setObjectName("ai_models_status")
        self.language = self.choice("feedback_language", LANGUAGES, "settings.feedback_language_{}")
        self.key_stored = False
        self._key_rows()
        self.test_button = QPushButton(state.text("settings.ai_test"))
        self.test_button.setObjectName("ai_test")
        self.test_button.clicked.connect(self.test_connection)
        self.test_result = ToneLabel(None)
        self.test_result.setObjectName("ai_test_result")
        self.test_result.setWordWrap(True)

        self.builtin = BuiltinModelRows(state)
        self.builtin.notice.connect(self.notice.emit)
        self.builtin_note = ToneLabel(MUTED, state.text("settings.ai_builtin_local"))
        self.builtin_note.setObjectName("ai_builtin_local")
        self.builtin_note.setWordWrap(True)

        self.form.addRow(self.about)
        self.form.addRow(self.label("llm_provider"), stacked(self.provider, self.builtin_note))
        # Each field with its notes under it, in one cell: a hidden note then takes no room.
        self.url_cell = stacked(self.base_url, self.online_warning, self.local_note)
        self.form.addRow(self.label("llm_base_url"), self.url_cell)
        self.model_cell = stacked(self.model, self.models_status)
        self.form.addRow(self.label("llm_model"), self.model_cell)
        self.form.addRow(self.state.text("settings.ai_builtin_model"), self.builtin)
        self.key_cell = stacked(self.key_row, self.key_status)
        self.form.addRow(self.state.text("settings.ai_key"), self.key_cell)
        self.form.addRow(self.label("feedback_language"), self.language)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.test_result, 1)
        self.form.addRow("", test_row)

        self.provider.currentIndexChanged.connect(self._provider_changed)
        self.base_url.textChanged.connect(lambda _t: self._show_where())
        self.base_url.editingFinished.connect(self.load_models)
        self._provider_changed()
        self.load_key_state()

    def _key_rows(self) -> None:
        self.key = QLineEdit()
        self.key.setObjectName("ai_key")
        self.key.setEchoMode(QLineEdit.EchoMode.Password)
        self.key.setPlaceholderText(self.state.text("settings.ai_key_hint"))
        self.key_save = QPushButton(self.state.text("settings.ai_key_save"))
        self.key_save.setObjectName("ai_key_save")
        self.key_save.clicked.connect(self.save_key)
        self.key_delete = QPushButton(self.state.text("settings.ai_key_delete"))
        self.key_delete.setObjectName("ai_key_delete")
        self.key_delete.clicked.connect(self.delete_key)
        self.key_row = QHBoxLayout()
        self.key_row.addWidget(self.key, 1)
        self.key_row.addWidget(self.key_save)
        self.key_row.addWidget(self.key_delete)
        self.key_status = ToneLabel(MUTED)
        self.key_status.setObjectName("ai_key_status")
        self.key_status.setWordWrap(True)

    # -- what the page edits ----------------------------------------------------------------

    def values(self) -> dict[str, Any]:
        return {
            "llm_provider": self.provider.currentData(),
            "llm_base_url": self.base_url.text().strip(),
            "llm_model": self.model.currentText().strip(),
            "llm_builtin_model": self.builtin.value(),
            "feedback_language": self.language.currentData(),
        }

    @property
    def effective_url(self) -> str:
        """The address the provider would use: the field, else the provider's default."""
        return self.base_url.text().strip() or default_url(self.provider.currentData())

    def sends_off_computer(self) -> bool:
        from interview_sim.llm.config import sends_off_computer

        if self.provider.currentData() in ("off", "builtin"):
            return False
        return sends_off_computer(self.effective_url)

    def _provider_changed(self, *_args: object) -> None:
        provider = self.provider.currentData()
        on = provider != "off"
        for widget in (self.base_url, self.model, self.language, self.test_button):
            widget.setEnabled(on)
        uses_key = provider == "openai"
        for widget in (self.key, self.key_save, self.key_delete):
            widget.setEnabled(uses_key)
        self.base_url.setPlaceholderText(default_url(provider))
        builtin = provider == "builtin"
        for cell in (self.url_cell, self.model_cell, self.key_cell):
            self.form.setRowVisible(cell, not builtin)
        self.form.setRowVisible(self.builtin, builtin)
        self.builtin_note.setVisible(builtin)
        if builtin:
            self.builtin.refresh()
        self._show_where()
        self.test_result.clear()
        self.load_models()

    def _show_where(self) -> None:
        online = self.sends_off_computer()
        host = urlsplit(self.effective_url).hostname or self.effective_url
        self.online_warning.setText(self.state.text("settings.ai_online_warning", host=host))
        self.online_warning.setVisible(online)
        self.local_note.setText(self.state.text("settings.ai_local"))
        self.local_note.setVisible(self.provider.currentData() not in ("off", "builtin") and not online)

    def _provider(self, *, model: str = "") -> Any:
        """The provider as the page shows it now (built on the GUI thread: no I/O). The stored key
        goes only to the address saved in the settings, as in the CLI's one-run provider."""
        from interview_sim.llm.config import make_provider
        from interview_sim.llm.openai_compat import normalize_base_url

        name, url = self.provider.currentData(), self.effective_url
        if name == "builtin":
            return make_provider("builtin", "", self.builtin.value())
        settings = self.state.settings
        saved = settings.get("llm_base_url").strip() or default_url(settings.get("llm_provider"))
        try:
            same = settings.get("llm_provider") == name and normalize_base_url(saved) == normalize_base_url(
                url
            )
        except Exception:  # an address being typed: no key for it
            same = False
        return make_provider(name, url, model, use_stored_key=same)

    # -- background work ----------------------------------------------------------------------

    def load_models(self) -> None:
        """Fill the model list in the background, from a server on this computer only: an online
        one is asked only when the user presses Test connection."""
        if self.provider.currentData() in ("off", "builtin") or self.sends_off_computer():
            self._models_note("")
            return
        try:
            provider = self._provider()
        except Exception as exc:  # a bad address: said where the list would be
            self._models_note(self._error_text(exc))
            return
        self._models_note(self.state.text("settings.ai_models_loading"))
        self.state.tasks.run(
            provider.list_models,
            owner=self,
            key="models",
            on_done=self._show_models,
            on_error=lambda exc: self._models_note(self._error_text(exc)),
        )

    def _show_models(self, models: list[str]) -> None:
        typed = self.model.currentText()
        self.model.blockSignals(True)
        self.model.clear()
        self.model.addItems(models)
        self.model.setEditText(typed or (models[0] if models else ""))
        self.model.blockSignals(False)
        self._models_note(self.state.text("settings.ai_models_found", count=len(models)))

    def _models_note(self, text: str) -> None:
        self.models_status.setText(text)
        self.models_status.setVisible(bool(text))

    def test_connection(self) -> None:
        model = self.model.currentText().strip()
        try:
            provider = self._provider(model=model)
        except Exception as exc:
            self._show_test(self._error_text(exc), ok=False)
            return
        self._show_test(self.state.text("settings.ai_testing"), ok=None)
        self.test_button.setEnabled(False)

        def done(status: Any) -> None:
            self.test_button.setEnabled(True)
            if not status.reachable:
                self._show_test(self._error_text(status.error), ok=False)
            elif status.name == "builtin":
                self._show_test(self.state.text("settings.ai_builtin_ready", name=provider.label), ok=True)
            elif model and status.models and model not in status.models:
                self._show_test(self.state.text("settings.ai_test_no_model", model=model), ok=False)
            else:
                text = self.state.text("settings.ai_test_ok", url=status.base_url, count=len(status.models))
                self._show_test(text, ok=True)
                if status.models:
                    self._show_models(status.models)

        def failed(exc: BaseException) -> None:
            self.test_button.setEnabled(True)
            self._show_test(self._error_text(exc), ok=False)

        self.state.tasks.run(provider.status, owner=self, key="test", on_done=done, on_error=failed)

    def _show_test(self, text: str, *, ok: bool | None) -> None:
        from interview_sim.qt.theme import GOOD

        self.test_result.set_tone(None if ok is None else GOOD if ok else ERROR)
        self.test_result.setText(text)
        self.test_result.setToolTip(text)

    def _error_text(self, exc: BaseException | None) -> str:
        from interview_sim.llm.base import LLMError

        if isinstance(exc, LLMError):
            return exc.message(self.state.lang)
        return str(exc)

    # -- the key ------------------------------------------------------------------------------

    def load_key_state(self) -> None:
        from interview_sim.api_keys import key_source

        self.state.tasks.run(
            lambda: key_source(KEY_ENGINE),
            owner=self,
            key="key_state",
            on_done=self._show_key_state,
            on_error=lambda exc: self.key_status.setText(str(exc)),
        )

    def _show_key_state(self, source: str) -> None:
        from interview_sim.api_keys import env_variable

        self.key_stored = source == "keyring"
        if source == "env":
            self.key_status.setText(self.state.text("settings.ai_key_env", name=env_variable(KEY_ENGINE)))
        else:
            self.key_status.setText(
                self.state.text(f"settings.ai_key_{'stored' if self.key_stored else 'none'}")
            )
        self.key_delete.setVisible(self.key_stored)

    def save_key(self) -> None:
        from interview_sim.api_keys import set_api_key

        key = self.key.text()
        self.key.clear()  # the field never keeps it once handed to the keyring

        def saved(_result: object) -> None:
            self.load_key_state()  # says that a key is stored now

        self.state.tasks.run(
            lambda: set_api_key(KEY_ENGINE, key),
            owner=self,
            key="key",
            on_done=saved,
            on_error=lambda exc: self.notice.emit(self.state.text("settings.ai_key_failed", error=exc)),
        )

    def delete_key(self) -> None:
        from interview_sim.api_keys import delete_api_key

        def deleted(_result: object) -> None:
            self.load_key_state()

        self.state.tasks.run(
            lambda: delete_api_key(KEY_ENGINE),
            owner=self,
            key="key",
            on_done=deleted,
            on_error=lambda exc: self.notice.emit(self.state.text("settings.ai_key_failed", error=exc)),
        )

    def stop(self) -> None:
        """The window is closing: stop a model download."""
        self.builtin.stop()
