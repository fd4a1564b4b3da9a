"""The start screen alone, and the main window going start screen -> interview -> back, by keys."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from interview_sim import paths
from interview_sim.core.bank import load_bank
from interview_sim.core.interview import PlanOptions, State
from interview_sim.core.settings import Settings
from interview_sim.i18n import LANGUAGES, tr
from interview_sim.qt.app import create_window
from interview_sim.qt.app_state import AppState
from interview_sim.qt.interview_screen import InterviewDevices
from interview_sim.qt.main_window import MainWindow
from interview_sim.qt.start_screen import StartScreen
from tests.waits import UI_MS

ARTIFACTS = Path(
    os.environ.get("INTERVIEW_SIM_ARTIFACTS", Path(__file__).resolve().parent.parent / "test-artifacts")
)


def activate(qtbot: QtBot, widget: QWidget) -> None:
    widget.show()
    widget.activateWindow()
    # Shortcuts only reach the active window, and activation arrives as an event.
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget, timeout=UI_MS)


def make_start(qtbot: QtBot, lang: str = "ko") -> StartScreen:
    state = AppState(Settings.load(paths.settings_path()), lang=lang)
    screen = StartScreen(state)
    qtbot.addWidget(screen)
    screen.resize(1000, 640)
    state.set_bank(load_bank())
    activate(qtbot, screen)
    return screen


def test_enter_starts_with_the_chosen_options(qtbot: QtBot) -> None:
    screen = make_start(qtbot)
    screen.preselect(["network", "os"], 3)
    screen.follow_ups.setChecked(True)
    screen.kind.setCurrentIndex(screen.kind.findData("technical"))
    screen.order.setCurrentIndex(screen.order.findData("random"))
    screen.categories.setFocus()
    with qtbot.waitSignal(screen.start_requested, timeout=UI_MS) as blocker:
        qtbot.keyClick(screen.categories, Qt.Key.Key_Return)
    options = blocker.args[0]
    assert isinstance(options, PlanOptions)
    assert options.categories == ("network", "os") and options.count == 3
    assert options.kinds == ("technical",) and options.order == "random" and options.follow_ups
    assert options.think_s == 5 and options.review == "each"


def test_quick_starts(qtbot: QtBot) -> None:
    screen = make_start(qtbot)
    with qtbot.waitSignal(screen.start_requested, timeout=UI_MS) as blocker:
        screen.quick_intro.click()
    assert blocker.args[0].kinds == ("self-introduction",) and blocker.args[0].count == 1
    with qtbot.waitSignal(screen.start_requested, timeout=UI_MS) as blocker:
        screen.quick_technical.click()
    assert blocker.args[0].kinds == ("technical",) and blocker.args[0].count == 10
    assert blocker.args[0].order == "random"


def test_orders_without_data_are_offered_but_disabled(qtbot: QtBot) -> None:
    screen = make_start(qtbot, lang="en")
    model = screen.order.model()
    enabled = {screen.order.itemData(i): model.item(i).isEnabled() for i in range(screen.order.count())}  # type: ignore[attr-defined]
    assert enabled == {"bank": True, "random": True, "weakest": False, "due": False}
    screen.set_orders(("bank", "random", "weakest"))
    assert model.item(screen.order.findData("weakest")).isEnabled()  # type: ignore[attr-defined]


def no_devices(_settings: Settings) -> tuple[InterviewDevices, list[str]]:
    return InterviewDevices(), []


def open_main(
    qtbot: QtBot, lang: str = "ko", category: str | None = None, count: int | None = None
) -> MainWindow:
    settings = Settings.load(paths.settings_path())
    settings.set("ui_language", lang)
    settings.set("think_time_s", 0)
    args = argparse.Namespace(category=[category] if category else None, count=count)
    window = create_window(settings, args, open_devices=no_devices)
    qtbot.addWidget(window)
    window.resize(1100, 720)
    activate(qtbot, window)
    qtbot.waitUntil(lambda: window.bank is not None and window.speech_state != "loading", timeout=UI_MS)
    return window


def test_cli_preselects_and_a_whole_interview_runs_by_keyboard(qtbot: QtBot) -> None:
    window = open_main(qtbot, category="network", count=2)
    assert window.pages.currentWidget() is window.start_screen
    assert window.start_screen.selected_categories() == ["network"]
    assert window.start_screen.count.value() == 2
    window.start_screen.start_button.setFocus()
    qtbot.keyClick(window.start_screen.start_button, Qt.Key.Key_Return)
    screen = window.interview_screen
    assert window.pages.currentWidget() is screen
    interview = screen.interview
    assert interview is not None and len(interview.steps) == 2
    qtbot.waitUntil(lambda: interview.state is State.ANSWERING, timeout=UI_MS)
    qtbot.keyClicks(screen.typed, "TCP")
    qtbot.keyClick(screen.typed, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert interview.state is State.ANSWERED
    qtbot.keyClick(window.focusWidget() or screen, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: interview.index == 1 and interview.state is State.ANSWERING, timeout=UI_MS)
    qtbot.keyClick(window.focusWidget() or screen, Qt.Key.Key_Escape)
    assert interview.state is State.DONE
    assert window.pages.currentWidget() is window.archive.summary  # the end of an interview
    assert "2" in window.start_screen.message.text()  # the second ended by Esc mid-answer
    qtbot.keyClick(window.focusWidget() or window.archive.summary, Qt.Key.Key_Escape)
    assert window.pages.currentWidget() is window.start_screen


def test_bank_browser_reachable_from_the_menu(qtbot: QtBot) -> None:
    window = open_main(qtbot)
    window.menus.bank_action.trigger()
    assert window.pages.currentWidget() is window.browser
    window.menus.new_action.trigger()
    assert window.pages.currentWidget() is window.start_screen


def test_empty_selection_says_so(qtbot: QtBot) -> None:
    window = open_main(qtbot, lang="en")
    window.start_interview(PlanOptions(categories=("self-introduction",), kinds=("technical",)))
    assert window.pages.currentWidget() is window.start_screen
    assert "No question matches" in window.start_screen.message.text()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_screenshot_of_the_start_screen(qtbot: QtBot, lang: str) -> None:
    window = open_main(qtbot, lang=lang, category="network", count=5)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"start-screen-{lang}.png"
    assert window.grab().save(str(path))
    window.menus.help_action.trigger()
    assert window.start_screen.help.isVisible()
    assert window.grab().save(str(ARTIFACTS / f"start-help-{lang}.png"))


def test_history_orders_are_offered_and_plan_the_interview(qtbot: QtBot) -> None:
    # A real archive with ratings: the window reads it off the GUI thread, enables "due for
    # review" and plans the interview from it.
    import sqlite3
    from datetime import UTC, datetime, timedelta

    from interview_sim.core.storage import Database

    db = Database.open(paths.database_path())
    session = db.create_session()
    for question_id, days_ago, rating in (("network.ip", 20, "hard"), ("network.tcp", 10, "good")):
        attempt = db.create_attempt(session, question_id)
        started = (datetime.now(UTC) - timedelta(days=days_ago)).isoformat(timespec="milliseconds")
        raw = sqlite3.connect(db.path)
        raw.execute("UPDATE attempts SET started_at = ? WHERE id = ?", (started, attempt))
        raw.commit()
        raw.close()
        db.set_rating(attempt, rating)

    def with_archive(_settings: Settings) -> tuple[InterviewDevices, list[str]]:
        return InterviewDevices(db=db), []

    settings = Settings.load(paths.settings_path())
    settings.set("think_time_s", 0)
    window = create_window(settings, argparse.Namespace(category=None, count=None), open_devices=with_archive)
    qtbot.addWidget(window)
    activate(qtbot, window)
    start = window.start_screen
    model = start.order.model()

    def due_enabled() -> bool:
        return bool(model.item(start.order.findData("due")).isEnabled())  # type: ignore[attr-defined]

    qtbot.waitUntil(due_enabled, timeout=UI_MS)
    start.order.setCurrentIndex(start.order.findData("due"))
    start.count.setValue(5)
    start.start_button.setFocus()
    qtbot.keyClick(start.start_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.interview_screen, timeout=UI_MS)
    interview = window.interview_screen.interview
    assert interview is not None
    assert [s.question.id for s in interview.steps] == ["network.ip", "network.tcp"]
    window.interview_screen.end_interview()


def test_the_start_screen_follows_the_state_by_itself(qtbot: QtBot) -> None:
    """Language, defaults from the settings and the devices' loading notice: nobody pushes them."""
    screen = make_start(qtbot)
    state = screen.state
    assert screen.start_button.text() == "면접 시작"
    korean_category = screen.categories.item(0).text()
    state.set_language("en")
    assert screen.start_button.text() == "Start interview"
    assert screen.categories.item(0).text() != korean_category
    assert screen.review.currentText() == "After each answer"  # the default, translated
    state.change_settings({"think_time_s": 17, "review_mode": "end"})
    assert screen.think.value() == 17 and screen.options().review == "end"
    state.set_speech_state("loading")
    assert screen.speech_notice.isVisible()
    state.problem.emit("The speech recognition model cannot be used.")
    state.set_language("ko")  # while loading: the notice is translated, the problem stays
    assert screen.speech_notice.text() == tr("start.speech_loading", "ko")
    assert screen.problems.text() == "The speech recognition model cannot be used."
    state.set_speech_state("ready")
    assert not screen.speech_notice.isVisible()
    assert state.tasks.shutdown(10_000)


def test_the_screen_shortcuts_work_only_on_this_screen(qtbot: QtBot) -> None:
    from PySide6.QtGui import QShortcut

    screen = make_start(qtbot)
    shortcuts = {s.key().toString(): s for s in screen.findChildren(QShortcut)}
    # Enter: today's practice (the custom session's form with the focus in it); Ctrl+Enter the
    # custom session from anywhere; Ctrl+T today's practice.
    assert set(shortcuts) == {"Return", "Enter", "Ctrl+Return", "Ctrl+Enter", "Ctrl+T", "F1", "?"}
    for shortcut in shortcuts.values():  # set by number, before the first paint: check the name
        assert shortcut.context() == Qt.ShortcutContext.WidgetWithChildrenShortcut
    other = QWidget()  # a window of its own: Enter there is not the start screen's
    qtbot.addWidget(other)
    activate(qtbot, other)
    with qtbot.assertNotEmitted(screen.start_requested, wait=200):
        qtbot.keyClick(other, Qt.Key.Key_Return)
        qtbot.keyClick(other, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClick(other, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
