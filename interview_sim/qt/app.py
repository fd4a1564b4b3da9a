"""Starting the desktop app: the window shows at once, data loads behind it."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication

from interview_sim import paths
from interview_sim.core.bank import Bank, load_bank
from interview_sim.core.settings import Settings
from interview_sim.core.templates import Template, load_templates
from interview_sim.i18n import tr
from interview_sim.qt.interview_screen import InterviewDevices
from interview_sim.qt.main_window import MainWindow
from interview_sim.qt.tasks import run_in_background

# Fonts that render Hangul well, in order of preference, per platform.
CJK_FONTS = ("Noto Sans CJK KR", "Noto Sans KR", "NanumGothic", "Malgun Gothic", "Apple SD Gothic Neo")


def pick_cjk_font(size: int) -> QFont | None:
    families = set(QFontDatabase.families())
    for family in CJK_FONTS:
        if family in families:
            return QFont(family, size)
    return None


def load_data() -> tuple[Bank, dict[str, Template]]:
    templates = load_templates()
    return load_bank(templates=templates), templates


DeviceOpener = Callable[[Settings], tuple[InterviewDevices, list[str]]]


def _open_real_devices(settings: Settings) -> tuple[InterviewDevices, list[str]]:
    from interview_sim.qt.device_setup import open_devices

    return open_devices(settings)


def create_window(
    settings: Settings, args: argparse.Namespace | None = None, open_devices: DeviceOpener | None = None
) -> MainWindow:
    def remember_language(lang: str) -> None:
        settings.set("ui_language", lang)
        run_in_background(settings.save, lambda _r: None, lambda exc: window.show_message(str(exc)))

    window = MainWindow(
        settings.get("ui_language"),
        on_language=remember_language,
        think_s=settings.get("think_time_s"),
        review=settings.get("review_mode"),
    )
    window.interview_screen.live_captions = settings.get("live_captions")
    wanted = list(getattr(args, "category", None) or [])
    count = getattr(args, "count", None)

    def loaded(result: tuple[Bank, dict[str, Template]]) -> None:
        window.set_bank(*result)
        if wanted:
            window.select_category(wanted[0])
        if wanted or count:
            window.start_screen.preselect(wanted, count)

    def failed(exc: BaseException) -> None:
        window.show_message(tr("bank.load_failed", window.lang, error=exc))

    def devices_ready(result: tuple[InterviewDevices, list[str]]) -> None:
        devices, problems = result
        window.interview_screen.set_devices(devices)
        if problems:
            window.show_message("  ·  ".join(problems))

    run_in_background(load_data, loaded, failed)
    run_in_background(
        lambda: (open_devices or _open_real_devices)(settings),
        devices_ready,
        lambda exc: window.show_message(str(exc)),
    )
    return window


def run_app(args: argparse.Namespace | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(paths.APP_NAME)
    app.setWindowIcon(QIcon(str(paths.resources_dir() / "icons" / "interview-sim.png")))
    settings = Settings.load(paths.settings_path())
    font = pick_cjk_font(settings.get("font_size"))
    if font is not None:
        app.setFont(font)
    window = create_window(settings, args)
    for problem in settings.problems:
        window.show_message(problem)
    window.show()
    return app.exec()
