"""Starting the desktop app: the window shows at once, data, devices and the model load behind it."""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from interview_sim import paths
from interview_sim.core.settings import Settings
from interview_sim.i18n import UserMessage
from interview_sim.logsetup import finish_logging
from interview_sim.qt.app_devices import DEVICE_KEYS, AppDevices, DeviceOpener
from interview_sim.qt.app_state import AppState
from interview_sim.qt.main_window import MainWindow
from interview_sim.qt.theme import CJK_FONTS, apply_font, apply_theme, follow_system_scheme, pick_cjk_font

# The bank, the archive and the devices are imported where first used, after the first paint:
# importing them before it would add a third to the time to the first painted window.
if TYPE_CHECKING:
    from interview_sim.core.bank import Bank
    from interview_sim.core.templates import Template
    from interview_sim.qt.interview_devices import InterviewDevices
    from interview_sim.qt.settings_services import SettingsServices

__all__ = ["CJK_FONTS", "create_window", "pick_cjk_font", "run_app"]

START_FALLBACK_MS = 300


def load_data() -> tuple[Bank, dict[str, Template]]:
    from interview_sim.core.bank import load_bank
    from interview_sim.core.templates import load_templates

    templates = load_templates()
    return load_bank(templates=templates), templates


def _real_services() -> SettingsServices:
    from interview_sim.qt.settings_services import DeviceSettingsServices

    return DeviceSettingsServices()


class AppController(QObject):
    """What belongs to the app rather than to a screen: loading the bank and the devices (their
    opening, recovery and resumed second passes in :mod:`interview_sim.qt.app_devices`), the
    settings window and what a changed setting means for the app, and the orderly shutdown."""

    def __init__(
        self,
        state: AppState,
        window: MainWindow,
        open_devices: DeviceOpener | None,
        services: SettingsServices | None,
    ) -> None:
        super().__init__(window)
        self.state = state
        self.window = window
        self.device_loader = AppDevices(state, open_devices, self)
        self.services = services
        self.dialog: Any = None
        window.menus.settings_action.triggered.connect(lambda: self.open_settings())
        state.settings_requested.connect(self.open_settings)
        state.settings_changed.connect(self._settings_changed)
        state.language_changed.connect(self._language_changed)

    def _language_changed(self, lang: str) -> None:
        from interview_sim.qt.translations import install_qt_translations

        app = QApplication.instance()
        if app is not None:
            install_qt_translations(app, lang)  # Qt's own buttons and menus follow

    @property
    def devices(self) -> InterviewDevices:
        return self.state.devices

    def load_bank(self) -> None:
        state = self.state
        state.tasks.run(
            load_data,
            owner=self,
            key="bank",
            on_done=lambda result: state.set_bank(*result),
            on_error=self._bank_failed,
        )

    def _bank_failed(self, exc: BaseException) -> None:
        from interview_sim.qt.errors import describe_failure

        self.state.problem.emit(describe_failure("bank.load_failed", exc, self.state.lang))

    # -- devices and the speech model: opened behind the first paint (app_devices) ----------

    def load_devices(self) -> None:
        """Open the devices again (as at the start, or after a device setting changed)."""
        self.device_loader.load()

    def shutdown(self, wait_ms: int = 10_000) -> None:
        """After the window closed: end an answer in progress, let the workers finish (an answer
        being saved is user data; their reports are dropped), then close the devices and the
        database."""
        screen = self.window._interview_screen
        if screen is not None and screen.interview is not None:
            screen.end_interview()
        if screen is not None:
            screen.controller.second_pass.stop()  # left pending: finished at the next start
        self.state.tasks.shutdown(wait_ms)
        self.window.archive.close()  # the review's player
        devices = self.devices
        if devices.speaker is not None:
            devices.speaker.close()  # the TTS process ends with it
        if devices.db is not None:
            devices.db.close()
        self.state.close_own_db()
        # The built-in AI engine, if a request started it (after the workers: none still uses it).
        builtin = sys.modules.get("interview_sim.llm.builtin")
        if builtin is not None:
            builtin.shutdown()

    # -- settings ---------------------------------------------------------------------------

    def open_settings(self, page: str = "") -> None:
        """The settings window, on the tab ``page`` names ("sound", "recognition") if given: a
        message's fixing button opens it where the problem is fixed."""
        from interview_sim.qt.settings_dialog import SettingsDialog

        if self.dialog is not None:
            self.dialog.show_page(page)
            self.dialog.raise_()
            return
        if self.services is None:
            self.services = _real_services()
        dialog = SettingsDialog(self.state, self.services, self.window)
        self.dialog = dialog
        dialog.accepted.connect(lambda: self.apply(dialog.changes.values, dialog.changes.template_targets))

        def closed(_result: int) -> None:
            self.dialog = None
            dialog.deleteLater()

        dialog.finished.connect(closed)
        dialog.show_page(page)
        dialog.open()

    def apply(self, values: dict[str, Any], template_targets: dict[str, float]) -> None:
        """The settings window's changes: saved and announced (each screen applies its own),
        and the templates' new targets written, then the bank read again with them."""
        state = self.state
        state.change_settings(values)
        if template_targets:
            from interview_sim.core.templates import save_user_targets

            state.tasks.run(
                lambda: save_user_targets(template_targets),
                owner=self,
                on_done=lambda _path: self.load_bank(),
                on_error=self._templates_failed,
            )
        state.message.emit(state.text("settings.saved"))

    def _templates_failed(self, exc: BaseException) -> None:
        from interview_sim.qt.errors import describe_failure

        self.state.problem.emit(describe_failure("settings.templates_failed", exc, self.state.lang))

    def _settings_changed(self, keys: set[str]) -> None:
        """What a changed setting means for the app as a whole; screens follow their own."""
        app = QApplication.instance()
        settings = self.state.settings
        if "theme" in keys and isinstance(app, QApplication):
            apply_theme(app, settings.get("theme"))
        if "font_size" in keys and isinstance(app, QApplication):
            apply_font(app, settings.get("font_size"))
        if DEVICE_KEYS & keys:
            self.load_devices()


def create_window(
    settings: Settings,
    args: argparse.Namespace | None = None,
    open_devices: DeviceOpener | None = None,
    services: SettingsServices | None = None,
) -> MainWindow:
    state = AppState(settings)
    state.set_speech_state("loading")  # until the devices and the model are there
    window = MainWindow(state)
    # The state lives as long as the window, and is deleted with it on the GUI thread.
    state.setParent(window)
    controller = AppController(state, window, open_devices, services)
    window.controller = controller  # type: ignore[attr-defined]  # lives as long as the window
    wanted = list(getattr(args, "category", None) or [])
    count = getattr(args, "count", None)
    if wanted or count:
        window.start_screen.prefer_custom()  # Enter, even pressed before the bank loads, starts that

    def loaded(result: tuple[Bank, dict[str, Template]]) -> None:
        state.set_bank(*result)
        if wanted:
            window.browser.select_category(wanted[0])
        if wanted or count:
            window.start_screen.preselect(wanted, count)
        window.start_screen.start_if_pending()  # Enter pressed while the questions loaded

    started = False

    def start_loading() -> None:
        nonlocal started
        if not started:
            started = True
            finish_logging()  # the log file, held back for the first paint (cli.main)
            state.tasks.run(
                load_data,
                owner=controller,
                key="bank",
                on_done=loaded,
                on_error=controller._bank_failed,
            )
            controller.load_devices()

    window.first_painted.connect(start_loading)
    # A window that is never painted (hidden, minimised at start) still loads.
    QTimer.singleShot(START_FALLBACK_MS, window, start_loading)
    return window


def settle_interrupted_import() -> list[tuple[str, str]]:
    """(message key, detail) for what an import killed halfway left and what was done about
    it. Runs before the window and before the settings, the bank or the database are read, so
    that none of them reads a half-swapped data folder; without a journal it costs one ``stat``,
    and only a killed import makes the start wait for a few renames."""
    home = paths.data_home()
    if not (home / paths.IMPORT_JOURNAL_NAME).exists():
        return []
    from interview_sim.core import archive_recovery

    try:
        done = archive_recovery.settle_interrupted_import(home)
    except (archive_recovery.RecoveryError, OSError) as exc:
        return [("restore.settle_failed", str(exc))]
    return [("restore.settled", line) for line in done]


def run_app(args: argparse.Namespace | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(paths.APP_NAME)
    app.setWindowIcon(QIcon(str(paths.resources_dir() / "icons" / "interview-sim.png")))
    settled = settle_interrupted_import()
    settings = Settings.load(paths.settings_path())
    apply_font(app, settings.get("font_size"))
    apply_theme(app, settings.get("theme"), starting=True)
    from interview_sim.qt.translations import install_qt_translations

    install_qt_translations(app, settings.get("ui_language"))
    window = create_window(settings, args)

    def scheme_changed(_scheme: object) -> None:
        if settings.get("theme") == "system":
            apply_theme(app, "system")

    def follow_scheme() -> None:
        # After the first paint: asking for the colour scheme costs the first paint 25 ms.
        follow_system_scheme(app, settings.get("theme"))
        app.styleHints().colorSchemeChanged.connect(scheme_changed)  # the OS switched light/dark

    window.first_painted.connect(follow_scheme)
    state = window.state
    for problem in settings.problems:
        state.message.emit(problem)
    for key, detail in settled:
        state.problem.emit(UserMessage(state.text(key), detail))
    window.show()
    code = app.exec()
    window.controller.shutdown()  # type: ignore[attr-defined]
    if state.restart_after_close:
        # A restore swapped the data folder: everything of this run is closed above, and the
        # new run opens the restored data the way every start does.
        from interview_sim.qt.restore import relaunch

        relaunch()
    del window
    app.shutdown()
    # Everything is saved and closed above. Python's own teardown is skipped: with the audio
    # stack and the speech model loaded, its final garbage collection aborted the process
    # ("none_dealloc", a reference-count bug in a C extension) after every clean quit.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
