"""Every screen, in Korean and English and in both themes, saved to test-artifacts/ for a person
to look at (the dark ones as NAME-dark-LANG.png)."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtGui import QImage, QPalette
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from interview_sim.qt.theme import CJK_FONTS
from tools.screenshots import capture_all

ARTIFACTS = Path(
    os.environ.get("INTERVIEW_SIM_ARTIFACTS", Path(__file__).resolve().parent.parent / "test-artifacts")
)
SCREENS = (
    "start-loading",
    "start",
    "error",
    "bank",
    "interview-speaking",
    "interview-thinking",
    "interview-answering",
    "interview-overrun",
    "interview-help",
    "interview-answered",
    "interview-typed",
    "settings-general",
    "settings-sound",
    "settings-recognition",
    "settings-interview",
    "settings-ai-builtin",
)


def test_screenshot_of_every_screen_in_both_languages(qtbot: QtBot) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    assert app.font().family() in CJK_FONTS  # Hangul drawn with real glyphs, not boxes
    saved = capture_all(ARTIFACTS)
    expected = {f"{screen}-{lang}.png" for screen in SCREENS for lang in ("ko", "en")}
    assert {p.name for p in saved} == expected
    for path in saved:
        image = QImage(str(path))
        assert image.width() >= 700 and image.height() >= 500, path
    # The same screen differs between the languages: the interface text was translated.
    for screen in SCREENS:
        ko, en = QImage(str(ARTIFACTS / f"{screen}-ko.png")), QImage(str(ARTIFACTS / f"{screen}-en.png"))
        assert ko != en, screen


def test_screenshot_of_every_screen_in_the_dark_theme(qtbot: QtBot) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    window_before = app.palette().color(QPalette.ColorRole.Window)
    saved = capture_all(ARTIFACTS, theme="dark")
    assert {p.name for p in saved} == {
        f"{screen}-dark-{lang}.png" for screen in SCREENS for lang in ("ko", "en")
    }
    for screen in SCREENS:
        # Drawn dark: the top-left corner is the window (or menu bar) background, not white.
        corner = QImage(str(ARTIFACTS / f"{screen}-dark-en.png")).pixelColor(2, 2)
        assert corner.lightness() < 80, (screen, corner.name())
    assert app.palette().color(QPalette.ColorRole.Window) == window_before  # the light theme is back
