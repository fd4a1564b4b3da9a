"""The main window's menus and their actions; the window connects what each action does.

The menus retranslate themselves when the language changes. Built before the first paint: no
``Qt`` here (see README, start-up).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence

from interview_sim.i18n import LANGUAGES

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow

    from interview_sim.qt.app_state import AppState


class MainMenus(QObject):
    def __init__(self, window: QMainWindow, state: AppState) -> None:
        super().__init__(window)
        self.window = window
        self.state = state
        # setShortcuts, not setShortcut: the latter's overloads take Qt.Key, and resolving them
        # builds the Python enums of the whole Qt namespace before the first paint (25 ms).
        self.quit_action = self._action(QKeySequence.StandardKey.Quit)
        self.find_action = self._action(QKeySequence.StandardKey.Find, window_wide=True)
        self.new_action = self._action(QKeySequence.StandardKey.New)
        self.bank_action = self._action([QKeySequence("Ctrl+B")])
        self.history_action = self._action([QKeySequence("Ctrl+H")])
        # Questions from my documents (qt/documents_dialog.py): Ctrl+Shift+D, "documents".
        self.documents_action = self._action([QKeySequence("Ctrl+Shift+D")], "documents_action")
        self.help_action = self._action(None)
        self.settings_action = self._action([QKeySequence("Ctrl+,")], "settings_action", window_wide=True)
        self.backup_action = self._action(None, "backup_action")
        self.restore_action = self._action(None, "restore_action")
        self.language_actions: dict[str, QAction] = {}
        for lang in LANGUAGES:
            action = QAction("한국어" if lang == "ko" else "English", window)
            action.setCheckable(True)
            action.triggered.connect(lambda _checked=False, chosen=lang: self.choose_language(chosen))
            self.language_actions[lang] = action
        state.language_changed.connect(self.retranslate)
        self.retranslate()

    def _action(self, keys: object, name: str = "", *, window_wide: bool = False) -> QAction:
        action = QAction(self.window)
        if name:
            action.setObjectName(name)
        if keys is not None:
            action.setShortcuts(keys)  # type: ignore[call-overload]
        if window_wide:  # works without a menu entry of its own
            self.window.addAction(action)
        return action

    def choose_language(self, lang: str) -> None:
        """The language chosen in the View menu: applied everywhere, and remembered."""
        self.state.change_settings({"ui_language": lang})
        self.language_actions[self.state.lang].setChecked(True)

    def retranslate(self) -> None:
        text = self.state.text
        menu_bar = self.window.menuBar()
        menu_bar.clear()
        file_menu = menu_bar.addMenu(text("menu.file"))
        for action, key in (
            (self.settings_action, "menu.settings"),
            (self.backup_action, "menu.backup"),
            (self.restore_action, "menu.restore"),
        ):
            action.setText(text(key))
            file_menu.addAction(action)
        file_menu.addSeparator()
        self.quit_action.setText(text("menu.quit"))
        file_menu.addAction(self.quit_action)
        practice_menu = menu_bar.addMenu(text("menu.practice"))
        for action, key in (
            (self.new_action, "menu.new_interview"),
            (self.bank_action, "menu.bank"),
            (self.history_action, "menu.history"),
            (self.documents_action, "documents.menu"),
        ):
            action.setText(text(key))
            practice_menu.addAction(action)
        view_menu = menu_bar.addMenu(text("menu.view"))
        language_menu = view_menu.addMenu(text("menu.language"))
        for lang, action in self.language_actions.items():
            action.setChecked(lang == self.state.lang)
            language_menu.addAction(action)
        help_menu = menu_bar.addMenu(text("menu.help"))
        self.help_action.setText(text("menu.shortcuts") + "\tF1")
        help_menu.addAction(self.help_action)
