"""The settings window: every declared setting, edited with the keyboard (Tab, arrows, Enter, Esc).

It edits a copy of the values, one page per tab (``settings_pages``, ``settings_sound``,
``settings_recognition``); OK hands the changed values to the caller, which saves and applies
them. Lists of devices and voices, the microphone test, the spoken sample and the model download
go through :class:`SettingsServices` as tasks of ``state.tasks``, so the window never waits on a
device.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPushButton, QTabWidget, QVBoxLayout, QWidget

from interview_sim.qt.app_state import AppState
from interview_sim.qt.errors import UserMessage, show_message
from interview_sim.qt.settings_ai import AIPage
from interview_sim.qt.settings_pages import GeneralPage, InterviewPage, SettingsPage
from interview_sim.qt.settings_recognition import RecognitionPage, is_vosk_model
from interview_sim.qt.settings_services import SettingsServices
from interview_sim.qt.settings_sound import SoundPage
from interview_sim.qt.theme import ERROR, ToneLabel

PAGE_NAMES = ("general", "sound", "recognition", "interview", "ai")
RECOGNITION_TAB = PAGE_NAMES.index("recognition")


@dataclass
class SettingsChanges:
    values: dict[str, Any] = field(default_factory=dict)  # only the settings that changed
    template_targets: dict[str, float] = field(default_factory=dict)  # template id -> new target


class SettingsDialog(QDialog):
    def __init__(self, state: AppState, services: SettingsServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settings_dialog")
        self.state = state
        self.services = services
        self.changes = SettingsChanges()
        self.setWindowTitle(state.text("settings.title"))
        self.resize(720, 560)

        self.general = GeneralPage(state)
        self.sound = SoundPage(state, services, self.values)
        self.recognition = RecognitionPage(state, services)
        self.interview = InterviewPage(state)
        self.ai = AIPage(state)
        self.pages: tuple[SettingsPage, ...] = (
            self.general,
            self.sound,
            self.recognition,
            self.interview,
            self.ai,
        )
        self.tabs = QTabWidget()
        for page, title in zip(self.pages, PAGE_NAMES, strict=True):
            self.tabs.addTab(page, state.text(f"settings.tab_{title}"))
            page.notice.connect(self._show_notice)
        self.message = ToneLabel(ERROR)
        self.message.setObjectName("settings_message")
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        # Ours, so the buttons read the same as the rest of the window even where Qt's own
        # translations are missing (see qt/translations.py).
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(state.text("settings.ok"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(state.text("settings.cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.tabs.setFocus()
        self.sound.load_lists()
        self.recognition.load_state()

    def show_page(self, name: str) -> None:
        """Bring the page ``name`` (one of :data:`PAGE_NAMES`) to the front; others are ignored."""
        if name in PAGE_NAMES:
            self.tabs.setCurrentIndex(PAGE_NAMES.index(name))
            self.tabs.currentWidget().setFocus()

    def _show_notice(self, message: UserMessage | str) -> None:
        show_message(self.message, message)

    def values(self) -> dict[str, Any]:
        """Every setting as the window shows it now."""
        values: dict[str, Any] = {}
        for page in self.pages:
            values.update(page.values())
        return values

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter saves from any field, even before a button ever had the focus (QDialog only
        # honours Enter through a default button, which it sets when a button gets focus).
        focus = self.focusWidget()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not isinstance(focus, QPushButton):
            self.accept()
            return
        super().keyPressEvent(event)

    def accept(self) -> None:
        values = self.values()
        path = values["vosk_model_en_path"]
        if path and not is_vosk_model(path):
            self.tabs.setCurrentIndex(RECOGNITION_TAB)
            self.recognition.vosk_en.setFocus()
            show_message(self.message, self.state.text("settings.bad_vosk_path", path=path))
            return
        settings = self.state.settings
        self.changes = SettingsChanges(
            values={k: v for k, v in values.items() if settings.get(k) != v},
            template_targets=self.interview.changed_targets(),
        )
        self._close_devices()
        super().accept()

    def reject(self) -> None:
        self._close_devices()
        super().reject()

    def _close_devices(self) -> None:
        self.sound.stop_mic_test()
        self.recognition.stop()
        self.ai.stop()
