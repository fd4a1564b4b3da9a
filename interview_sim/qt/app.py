"""Starting the desktop app: the window shows at once, data, devices and the model load behind it."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeAlias

from PySide6.QtCore import QThreadPool, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from interview_sim import paths
from interview_sim.core.settings import Settings
from interview_sim.i18n import tr
from interview_sim.logsetup import finish_logging
from interview_sim.qt.main_window import MainWindow
from interview_sim.qt.tasks import run_in_background
from interview_sim.qt.theme import CJK_FONTS, apply_font, apply_theme, follow_system_scheme, pick_cjk_font

# The bank, the archive and the devices are imported where first used, after the first paint:
# importing them before it would add a third to the time to the first painted window.
if TYPE_CHECKING:
    from interview_sim.core.bank import Bank
    from interview_sim.core.templates import Template
    from interview_sim.i18n import UserMessage
    from interview_sim.qt.app_state import AppState
    from interview_sim.qt.interview_controller import InterviewDevices
    from interview_sim.qt.interview_screen import InterviewScreen
    from interview_sim.qt.settings_services import SettingsServices

__all__ = ["CJK_FONTS", "create_window", "pick_cjk_font", "run_app"]

START_FALLBACK_MS = 300

# Settings whose change means opening the devices again.
DEVICE_KEYS = frozenset(
    {
        "input_device",
        "output_device",
        "tts_rate",
        "tts_volume",
        "tts_voice_ko",
        "tts_voice_en",
        "stt_engine",
        "vosk_model_en_path",
    }
)


def load_data() -> tuple[Bank, dict[str, Template]]:
    from interview_sim.core.bank import load_bank
    from interview_sim.core.templates import load_templates

    templates = load_templates()
    return load_bank(templates=templates), templates


DeviceOpener: TypeAlias = "Callable[[Settings], tuple[InterviewDevices, Sequence[UserMessage | str]]]"


def _open_real_devices(settings: Settings) -> tuple[InterviewDevices, Sequence[UserMessage | str]]:
    from interview_sim.qt.device_setup import open_devices

    return open_devices(settings)


def _real_services() -> SettingsServices:
    from interview_sim.qt.settings_services import DeviceSettingsServices

    return DeviceSettingsServices()


class AppController:
    """Wires the window to the settings, the background loading and the settings window."""

    def __init__(
        self,
        window: MainWindow,
        settings: Settings,
        open_devices: DeviceOpener | None,
        services: SettingsServices | None,
    ) -> None:
        self.window = window
        self.settings = settings
        self.open_devices = open_devices or _open_real_devices
        self.services = services
        self._devices: InterviewDevices | None = None
        self.dialog: Any = None
        self.state: AppState | None = None
        self._device_generation = 0
        window.on_settings = self.open_settings

    @property
    def devices(self) -> InterviewDevices:
        """The open devices; none (an empty set) until the first opening reports."""
        if self._devices is None:
            from interview_sim.qt.interview_controller import InterviewDevices

            self._devices = InterviewDevices()
        return self._devices

    @devices.setter
    def devices(self, devices: InterviewDevices) -> None:
        self._devices = devices

    def _error(self, exc: BaseException) -> None:
        from interview_sim.qt.errors import describe_error

        self.window.show_problem(describe_error(exc, self.window.lang))

    def save_settings(self) -> None:
        window = self.window

        def failed(exc: BaseException) -> None:
            from interview_sim.qt.errors import describe_failure

            window.show_message(str(describe_failure("settings.save_failed", exc, window.lang)))

        run_in_background(self.settings.save, lambda _r: None, failed)

    def remember_language(self, lang: str) -> None:
        from interview_sim.qt.translations import install_qt_translations

        app = QApplication.instance()
        if app is not None:
            install_qt_translations(app, lang)  # Qt's own buttons and menus follow
        self.settings.set("ui_language", lang)
        self.save_settings()

    def load_bank(self) -> None:
        def failed(exc: BaseException) -> None:
            self.window.show_message(tr("bank.load_failed", self.window.lang, error=exc))

        run_in_background(load_data, lambda result: self.window.set_bank(*result), failed)

    # -- devices and the speech model --------------------------------------------------------

    def load_devices(self) -> None:
        """Open the devices, then load the speech model, then transcribe recovered answers."""
        self._device_generation += 1
        generation = self._device_generation
        self.window.set_speech_state("loading")
        self.window.clear_problems()  # reopening with new settings: old problems may be gone
        settings = self.settings
        self.window.archive.set_output_device(settings.get("output_device") or None)

        def opened(result: tuple[InterviewDevices, Sequence[UserMessage | str]]) -> None:
            if generation != self._device_generation:
                return  # the settings changed meanwhile; a newer opening is on its way
            devices, problems = result
            self._retire(self.devices, devices)
            self.devices = devices
            self.window.interview_screen.set_devices(devices)
            for problem in problems:
                self.window.show_problem(problem)
            if devices.transcriber is None:
                self.window.set_speech_state("unavailable")
                self.recover()
                return
            from interview_sim.qt.device_setup import warm_up

            run_in_background(lambda: warm_up(devices), lambda _r: model_loaded(None), model_loaded)

        def model_loaded(exc: BaseException | None) -> None:
            if generation != self._device_generation:
                return
            if exc is not None:
                self._error(exc)
            self.window.set_speech_state("unavailable" if exc is not None else "ready")
            self.recover()

        def failed(exc: BaseException) -> None:
            self._error(exc)
            self.window.set_speech_state("unavailable")

        run_in_background(lambda: self.open_devices(settings), opened, failed)

    def _retire(self, old: InterviewDevices, new: InterviewDevices) -> None:
        """Devices reopened with new settings: the old speaker's TTS process ends, and the
        database handle already in use stays (an answer may be saving through it)."""
        if old.db is not None and new.db is not None and new.db is not old.db:
            run_in_background(new.db.close, lambda _r: None, self._error)
            new.db = old.db
        if old.speaker is not None and old.speaker is not new.speaker:
            run_in_background(old.speaker.close, lambda _r: None, self._error)

    def recover(self) -> None:
        """Transcribe answers recovered after a crash, with a notice that does not block anything."""
        from interview_sim.qt.device_setup import recovered_waiting, transcribe_recovered_answers

        devices, window = self.devices, self.window

        def counted(count: int) -> None:
            if not count:
                return
            window.show_message(tr("recovery.running", window.lang, count=count))

            def done(problems: list[str]) -> None:
                window.show_message(tr("recovery.done", window.lang, count=count - len(problems)))
                if problems:
                    window.show_problem(
                        tr("recovery.problems", window.lang, count=len(problems), detail="; ".join(problems))
                    )

            run_in_background(lambda: transcribe_recovered_answers(devices), done, self._error)

        run_in_background(lambda: recovered_waiting(devices), counted, self._error)

    def shutdown(self, wait_ms: int = 10_000) -> None:
        """After the window closed: end an answer in progress, let the workers finish (an answer
        being saved is user data), then close the devices and the database."""
        self._device_generation += 1  # reports still on their way are dropped
        screen = self.window.interview_screen
        if screen.interview is not None:
            screen.end_interview()
        QThreadPool.globalInstance().waitForDone(wait_ms)
        if self.state is not None:
            self.state.tasks.shutdown(wait_ms)  # a model download, a microphone test
        self.window.archive.close()  # the review's player and the archive's own database
        devices = self.devices
        if devices.speaker is not None:
            devices.speaker.close()  # the TTS process ends with it
        if devices.db is not None:
            devices.db.close()

    # -- settings ---------------------------------------------------------------------------

    def open_settings(self) -> None:
        from interview_sim.qt.settings_dialog import SettingsDialog

        if self.dialog is not None:
            self.dialog.raise_()
            return
        if self.services is None:
            self.services = _real_services()
        window = self.window
        dialog = SettingsDialog(self._dialog_state(), self.services, window)
        self.dialog = dialog
        dialog.accepted.connect(lambda: self.apply(dialog.changes.values, dialog.changes.template_targets))

        def closed(_result: int) -> None:
            self.dialog = None
            dialog.deleteLater()

        dialog.finished.connect(closed)
        dialog.open()

    def _dialog_state(self) -> AppState:
        # Until the window itself holds the AppState (issue 11, the shell's part), the settings
        # window gets one that mirrors the window's language, bank and templates.
        from interview_sim.qt.app_state import AppState

        if self.state is None:
            self.state = AppState(self.settings, lang=self.window.lang)
        self.state.set_language(self.window.lang)
        if self.window.bank is not None:
            self.state.set_bank(self.window.bank, self.window.templates)
        return self.state

    def apply(self, values: dict[str, Any], template_targets: dict[str, float]) -> None:
        window = self.window
        for key, value in values.items():
            self.settings.set(key, value)
        if values:
            self.save_settings()
        app = QApplication.instance()
        if "theme" in values and isinstance(app, QApplication):
            apply_theme(app, values["theme"])
        if "font_size" in values and isinstance(app, QApplication):
            apply_font(app, values["font_size"])
        if "think_time_s" in values or "review_mode" in values:
            window.start_screen.set_defaults(
                self.settings.get("think_time_s"), self.settings.get("review_mode")
            )
        if "live_captions" in values:
            window.interview_screen.live_captions = values["live_captions"]
        if "stop_on_silence" in values or "silence_s" in values:
            window.interview_screen.silence_s = self._silence()
        if DEVICE_KEYS & values.keys():
            self.load_devices()
        if template_targets:
            from interview_sim.core.templates import save_user_targets

            def saved(_path: object) -> None:
                self.load_bank()

            def failed(exc: BaseException) -> None:
                from interview_sim.qt.errors import describe_failure

                window.show_problem(describe_failure("settings.templates_failed", exc, window.lang))

            run_in_background(lambda: save_user_targets(template_targets), saved, failed)
        if "ui_language" in values and values["ui_language"] != window.lang:
            window.set_language(values["ui_language"])
        window.show_message(tr("settings.saved", window.lang))

    def _silence(self) -> float | None:
        return self.settings.get("silence_s") if self.settings.get("stop_on_silence") else None


def create_window(
    settings: Settings,
    args: argparse.Namespace | None = None,
    open_devices: DeviceOpener | None = None,
    services: SettingsServices | None = None,
) -> MainWindow:
    window = MainWindow(
        settings.get("ui_language"),
        think_s=settings.get("think_time_s"),
        review=settings.get("review_mode"),
    )
    controller = AppController(window, settings, open_devices, services)
    window.set_speech_state("loading")
    window.controller = controller  # type: ignore[attr-defined]  # lives as long as the window
    window.on_language = controller.remember_language

    def configure(screen: InterviewScreen) -> None:
        screen.live_captions = settings.get("live_captions")
        screen.silence_s = controller._silence()

    window.setup_interview_screen(configure)
    wanted = list(getattr(args, "category", None) or [])
    count = getattr(args, "count", None)

    def loaded(result: tuple[Bank, dict[str, Template]]) -> None:
        window.set_bank(*result)
        if wanted:
            window.select_category(wanted[0])
        if wanted or count:
            window.start_screen.preselect(wanted, count)
        window.start_screen.start_if_pending()  # Enter pressed while the questions loaded

    def failed(exc: BaseException) -> None:
        window.show_message(tr("bank.load_failed", window.lang, error=exc))

    started = False

    def start_loading() -> None:
        nonlocal started
        if not started:
            started = True
            finish_logging()  # the log file, held back for the first paint (cli.main)
            run_in_background(load_data, loaded, failed)
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
    for problem in settings.problems:
        window.show_message(problem)
    for key, detail in settled:
        window.show_problem(tr(key, window.lang, detail=detail))
    window.show()
    code = app.exec()
    window.controller.shutdown()  # type: ignore[attr-defined]
    if getattr(window, "restart_after_close", False):
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
