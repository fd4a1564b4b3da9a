"""Messages the user sees: Qt's own texts in the interface language (the translations that ship
with PySide6, on real widgets offscreen), and errors as a sentence apart from their detail."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel, QLineEdit
from pytestqt.qtbot import QtBot

from interview_sim.core.settings import Settings
from interview_sim.devices.base import DiskFullError, NoInputDeviceError
from interview_sim.qt.app_state import AppState
from interview_sim.qt.errors import (
    UserMessage,
    describe_error,
    describe_failure,
    describe_notice,
    show_message,
)
from interview_sim.qt.translations import CATALOGUE, install_qt_translations, translations_dir
from tests.waits import UI_MS

Cancel = QDialogButtonBox.StandardButton.Cancel


@pytest.fixture
def app(qapp: QApplication) -> Iterator[QApplication]:
    yield qapp
    install_qt_translations(qapp, "en")  # the next test starts with Qt's own English


def cancel_text() -> str:
    box = QDialogButtonBox(Cancel)  # held: a temporary box would be deleted before its button is read
    text = box.button(Cancel).text()
    box.deleteLater()
    return text


def test_qt_translations_ship_in_the_environment() -> None:
    folder = translations_dir()
    assert (folder / f"{CATALOGUE}_ko.qm").stat().st_size > 10_000


def test_standard_buttons_and_text_menus_follow_the_language(qtbot: QtBot, app: QApplication) -> None:
    assert cancel_text() == "Cancel"
    assert install_qt_translations(app, "ko")
    assert cancel_text() == "취소"
    field = QLineEdit()
    qtbot.addWidget(field)
    menu = field.createStandardContextMenu()
    texts = [action.text() for action in menu.actions()]
    menu.deleteLater()
    assert any(text.startswith("붙여넣기") for text in texts), texts
    assert not install_qt_translations(app, "en")  # English is Qt's own: nothing to load
    assert cancel_text() == "Cancel"


def test_a_shown_button_retranslates_when_the_language_changes(qtbot: QtBot, app: QApplication) -> None:
    box = QDialogButtonBox(Cancel)
    qtbot.addWidget(box)
    box.show()
    install_qt_translations(app, "ko")
    qtbot.waitUntil(lambda: box.button(Cancel).text() == "취소", timeout=UI_MS)
    install_qt_translations(app, "en")
    qtbot.waitUntil(lambda: box.button(Cancel).text() == "Cancel", timeout=UI_MS)


def test_a_missing_catalogue_leaves_qt_english(
    app: QApplication, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr("interview_sim.qt.translations.translations_dir", lambda: tmp_path)
    with caplog.at_level(logging.WARNING, logger="interview_sim.qt.translations"):
        assert not install_qt_translations(app, "ko")
    assert cancel_text() == "Cancel"
    assert "qtbase_ko.qm" in caplog.text


def test_the_status_line_of_a_missing_microphone_is_korean_only(caplog: pytest.LogCaptureFixture) -> None:
    """Issue 11: the Korean status bar read "(no input device found (devices: none))"."""
    error = NoInputDeviceError("no input device found (devices: none)")
    with caplog.at_level(logging.WARNING, logger="interview_sim.qt.errors"):
        message = describe_error(error, "ko")
    assert message.text.startswith("마이크를 찾을 수 없습니다")
    assert "devices" not in message.text and "(" not in message.text.replace("(Ctrl+,)", "")
    assert message.detail == "no input device found (devices: none)"
    assert "devices: none" in caplog.text  # the detail is in the log
    assert message.full().startswith(message.text) and message.detail in message.full()


def test_an_exception_without_text_is_named_in_the_detail() -> None:
    message = describe_error(RuntimeError(), "en")
    assert message == UserMessage(message.text, "RuntimeError")
    assert message.text.startswith("Something unexpected went wrong")


def test_notices_from_a_practice_run_are_split_too() -> None:
    message = describe_notice("could not write the recording: no space left on device", "en")
    assert message.text.startswith("The disk is full")
    assert "no space left" in message.detail and "no space left" not in message.text
    assert describe_error(DiskFullError("no space left"), "en").text == message.text


def test_a_label_shows_the_sentence_and_keeps_the_detail_in_its_tooltip(qtbot: QtBot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    show_message(label, describe_error(NoInputDeviceError("'USB mic' vanished"), "en"))
    assert label.text().startswith("No microphone found") and "USB mic" not in label.text()
    assert "USB mic" in label.toolTip()
    show_message(label, "Settings saved.")  # a plain line clears an old detail
    assert label.text() == "Settings saved." and label.toolTip() == ""


def test_a_failed_action_is_a_sentence_with_the_exception_as_detail(caplog: pytest.LogCaptureFixture) -> None:
    error = PermissionError(13, "Permission denied", "/data/settings.json")
    with caplog.at_level(logging.WARNING, logger="interview_sim.qt.errors"):
        message = describe_failure("settings.save_failed", error, "ko")
    assert message.text.startswith("설정을 저장하지 못했습니다") and "Permission" not in message.text
    assert "Permission denied" in message.detail and "/data/settings.json" in message.detail
    assert "Permission denied" in caplog.text


def test_settings_that_cannot_be_saved_are_a_problem_with_the_reason_apart(
    qtbot: QtBot, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the settings folder should be")
    state = AppState(Settings.load(blocker / "settings.json"), lang="en")
    problems: list[object] = []
    state.problem.connect(problems.append)
    state.change_settings({"theme": "dark"})
    qtbot.waitUntil(lambda: bool(problems), timeout=UI_MS)
    message = problems[0]
    assert isinstance(message, UserMessage)
    assert message.text == "The settings could not be saved. Check that the data folder is writable."
    assert "not-a-folder" in message.detail
    assert state.tasks.shutdown()


PLAIN_KEYS = (
    "bank.load_failed",
    "summary.report_failed",
    "backup.failed",
    "restore.bad_file",
    "restore.newer_file",
    "restore.busy_file",
    "restore.swap_failed",
    "restore.settled",
    "restore.settle_failed",
    "start.nothing_due",
    "start.orders_failed",
    "interview.no_microphone",
    "interview.no_voice",
    "interview.device_error",
    "archive.no_db",
    "archive.load_failed",
    "archive.save_failed",
    "review.audio_failed",
    "recovery.problems",
)


def test_failure_sentences_hold_no_exception_text() -> None:
    """Issue 16: these sentences put the raw exception into the UI; now it is the detail."""
    from interview_sim.i18n import STRINGS

    for key in PLAIN_KEYS:
        for lang, text in STRINGS[key].items():
            forms = text.values() if isinstance(text, dict) else [text]
            for form in forms:
                assert "{error}" not in form and "{detail}" not in form, (key, lang)
    message = describe_failure("archive.save_failed", OSError(28, "No space left on device", "/data/x"), "ko")
    assert "No space" not in message.text and "/data/x" in message.detail
    assert message.text == tr_text("archive.save_failed", "ko")


def test_a_microphone_problem_names_its_fix() -> None:
    from interview_sim.qt.errors import FIX_PAGES

    message = describe_error(NoInputDeviceError("no input device found"), "en")
    assert message.fix == "microphone" and FIX_PAGES[message.fix] == "sound"
    assert describe_error(RuntimeError("x"), "en").fix == ""


def tr_text(key: str, lang: str) -> str:
    from interview_sim.i18n import tr

    return tr(key, lang)
