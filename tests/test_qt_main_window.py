"""The main window on real Qt widgets (offscreen): loads the bank off the GUI thread, switches
language, filters, and saves a screenshot of each screen in both languages."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from interview_sim import paths
from interview_sim.core.settings import Settings
from interview_sim.i18n import LANGUAGES, STRINGS, tr
from interview_sim.qt.app import create_window
from interview_sim.qt.interview_screen import InterviewDevices
from interview_sim.qt.main_window import MainWindow
from tests.waits import UI_MS

ARTIFACTS = Path(
    os.environ.get("INTERVIEW_SIM_ARTIFACTS", Path(__file__).resolve().parent.parent / "test-artifacts")
)


def no_devices(_settings: Settings) -> tuple[InterviewDevices, list[str]]:
    """The real devices are tested with the speech stack; here answers are typed."""
    return InterviewDevices(), []


def open_window(qtbot: QtBot, lang: str = "ko", category: str | None = None) -> tuple[MainWindow, Settings]:
    settings = Settings.load(paths.settings_path())
    settings.set("ui_language", lang)
    args = argparse.Namespace(category=[category] if category else None, count=None)
    window = create_window(settings, args, open_devices=no_devices)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.bank is not None, timeout=UI_MS)
    return window, settings


def test_window_shows_before_the_bank_is_loaded_then_fills(qtbot: QtBot) -> None:
    settings = Settings.load(paths.settings_path())
    window = create_window(settings, open_devices=no_devices)
    qtbot.addWidget(window)
    assert window.bank is None  # loading happens in the background
    assert "불러오는 중" in window.status.text()
    qtbot.waitUntil(lambda: window.bank is not None, timeout=UI_MS)
    assert window.browser.categories.count() == 12  # "all" and the eleven categories
    # 189 Korean questions, their English editions and 11 English-only ones.
    assert window.browser.questions.count() == 389
    assert "389" in window.status.text()


def test_the_first_paint_has_the_start_screen_alone_and_the_rest_follows(qtbot: QtBot) -> None:
    settings = Settings.load(paths.settings_path())
    settings.set("live_captions", False)
    window = create_window(settings, open_devices=no_devices)
    qtbot.addWidget(window)
    assert window.pages.count() == 1 and window.pages.currentWidget() is window.start_screen
    window.show()
    # Built right after the first paint, with the settings create_window was given.
    qtbot.waitUntil(lambda: window.pages.count() == 3, timeout=UI_MS)
    assert window.pages.indexOf(window.interview_screen) > 0 and window.pages.indexOf(window.browser) > 0
    assert window.interview_screen.live_captions is False
    assert window.pages.currentWidget() is window.start_screen
    qtbot.waitUntil(lambda: window.bank is not None and window.speech_state != "loading", timeout=UI_MS)


def test_category_preselected_from_the_command_line(qtbot: QtBot) -> None:
    window, _settings = open_window(qtbot, category="network")
    assert window.browser.questions.count() == 28  # the Korean questions and their English editions
    assert "TCP" in window.browser.detail.toPlainText() or "네트워크" in window.browser.detail.toPlainText()


def test_question_detail_shows_reference_keywords_and_follow_ups(qtbot: QtBot) -> None:
    window, _settings = open_window(qtbot, category="web")
    browser = window.browser
    for row in range(browser.questions.count()):
        if "HTTP 메서드" in browser.questions.item(row).text():
            browser.questions.setCurrentRow(row)
    text = browser.detail.toPlainText()
    assert "모범 답안" in text and "핵심 키워드" in text and "꼬리 질문" in text
    assert "PUT과 PATCH의 차이를 설명해 주세요." in text


def test_unanswered_question_invites_the_user(qtbot: QtBot) -> None:
    window, _settings = open_window(qtbot, category="django")
    browser = window.browser
    for row in range(browser.questions.count()):
        if "미들웨어" in browser.questions.item(row).text():
            browser.questions.setCurrentRow(row)
    assert "직접 작성해 보세요" in browser.detail.toPlainText()


def test_sources_are_shown_by_their_note_title(qtbot: QtBot) -> None:
    window, _settings = open_window(qtbot, category="network")
    browser = window.browser
    texts = []
    for row in range(browser.questions.count()):
        browser.questions.setCurrentRow(row)
        texts.append(browser.detail.toPlainText())
    shown = "\n".join(texts)
    assert "출처: 네트워크" in shown or "출처: 면접 준비" in shown
    assert ".txt" not in shown


@pytest.mark.parametrize("how", ["button", "enter"])
def test_practise_this_question_starts_an_interview_with_it(qtbot: QtBot, how: str) -> None:
    from PySide6.QtCore import Qt

    from interview_sim.core.interview import State

    window, _settings = open_window(qtbot, category="network")
    qtbot.waitUntil(lambda: window.speech_state != "loading", timeout=UI_MS)
    window.show_bank()
    browser = window.browser
    browser.questions.setCurrentRow(3)
    chosen = browser.current_question_id()
    assert chosen is not None and browser.practise.isEnabled()
    if how == "button":
        qtbot.mouseClick(browser.practise, Qt.MouseButton.LeftButton)
    else:
        qtbot.keyClick(browser.questions, Qt.Key.Key_Return)
    screen = window.interview_screen
    qtbot.waitUntil(lambda: window.pages.currentWidget() is screen, timeout=UI_MS)
    interview = screen.interview
    assert interview is not None and interview.state is not State.DONE
    assert [step.question.id for step in interview.steps] == [chosen]
    assert screen.question.text() == window.bank.get(chosen).question  # type: ignore[union-attr]
    screen.end_interview()


def test_search_filters_the_list(qtbot: QtBot) -> None:
    window, _settings = open_window(qtbot)
    qtbot.keyClicks(window.browser.search, "GIL")
    assert window.browser.questions.count() == 2  # in Korean and in English
    assert all("GIL" in window.browser.questions.item(row).text() for row in range(2))


def test_language_switch_is_applied_and_remembered(qtbot: QtBot) -> None:
    window, _settings = open_window(qtbot)
    assert window.windowTitle() == "모의 면접 연습"
    window.menus.language_actions["en"].trigger()  # View > Language > English
    assert window.windowTitle() == "Interview Sim"
    assert window.state.lang == "en" and window.menus.language_actions["en"].isChecked()
    assert (
        window.browser.categories.item(1)
        .text()
        .startswith(("Networking", "Operating", "Databases", "Python", "Web"))
    )
    qtbot.waitUntil(lambda: Settings.load(paths.settings_path()).get("ui_language") == "en", timeout=UI_MS)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_screenshot_of_each_screen(qtbot: QtBot, lang: str) -> None:
    window, _settings = open_window(qtbot, lang=lang, category="network")
    window.resize(1100, 720)
    window.show_bank()
    window.browser.questions.setCurrentRow(5)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"main-window-{lang}.png"
    assert window.grab().save(str(path))
    assert path.stat().st_size > 10_000


def test_a_problem_announced_by_the_state_shows_in_the_status_bar_and_stays_on_the_start_screen(
    qtbot: QtBot,
) -> None:
    window, _settings = open_window(qtbot, lang="en")
    state = window.state
    state.problem.emit("No microphone found.")
    assert window.status.text() == "No microphone found."
    assert window.start_screen.problems.isVisible()
    assert window.start_screen.problems.text() == "No microphone found."
    # A later status line replaces the status bar's text, not the problem on the start screen.
    state.message.emit("Settings saved.")
    assert window.status.text() == "Settings saved."
    assert window.start_screen.problems.text() == "No microphone found."
    for n in range(4):
        state.problem.emit(f"problem {n}")
    assert window.start_screen.problems.text() == "problem 1\nproblem 2\nproblem 3"  # the newest three
    # Opening the devices again (new settings): the old problems may be gone, and are cleared.
    state.set_speech_state("loading")
    assert not window.start_screen.problems.isVisible()


def test_a_language_change_in_the_state_retranslates_every_page_by_itself(qtbot: QtBot) -> None:
    """Nothing pushes the language into the pages: each follows ``state.language_changed``."""
    window, _settings = open_window(qtbot, lang="ko")
    start = window.start_screen
    window.build_pages()
    assert start.start_button.text() == tr("start.start", "ko")
    assert window.menuBar().actions()[0].text() == tr("menu.file", "ko")
    window.state.set_language("en")
    assert window.windowTitle() == "Interview Sim"
    assert window.menuBar().actions()[0].text() == tr("menu.file", "en")
    assert start.start_button.text() == "Start interview"
    assert start.title.text() == tr("start.title", "en")
    assert window.speech_status.text() == tr("speech.unavailable", "en")  # no model in this test
    assert window.interview_screen.buttons["answer"].text() == tr("interview.answer_now", "en")
    assert window.browser.search.placeholderText() == tr("search.placeholder", "en")
    assert window.browser.categories.item(0).text().startswith(tr("bank.all", "en"))


def test_every_string_exists_in_every_language() -> None:
    missing = [(key, lang) for key, table in STRINGS.items() for lang in LANGUAGES if not table.get(lang)]
    assert missing == []


def test_backup_from_the_file_menu_restores_into_a_new_folder(qtbot: QtBot, tmp_path: Path) -> None:
    from interview_sim.core.archive import import_archive
    from interview_sim.core.storage import Database

    with Database.open(paths.database_path()) as db:
        session = db.create_session()
        db.create_attempt(session, "network.tcp")
    window, _settings = open_window(qtbot, lang="en")
    # The status lines in order: a later notice (the devices, the bank) may replace this one in
    # the status bar before a poll sees it.
    said: list[str] = []
    window.state.message.connect(lambda text: said.append(str(text)))
    target = tmp_path / "backup.zip"
    window.write_backup(target)
    qtbot.waitUntil(lambda: any("backup.zip" in text for text in said), timeout=UI_MS)
    assert any("backup.zip" in text and "Backed up" in text for text in said), said
    restored = tmp_path / "restored"
    import_archive(target, home=restored)
    with Database.open(restored / paths.database_path().name) as copy:
        assert [a.question_id for s in copy.sessions() for a in s.attempts] == ["network.tcp"]


def test_each_screen_has_its_own_opaque_help(qtbot: QtBot) -> None:
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtGui import QColor

    from interview_sim.qt.widgets import HELP_BACKGROUND, HelpOverlay

    window, _settings = open_window(qtbot, lang="en")
    window.show_bank()
    window.menus.help_action.trigger()  # F1
    overlay = window.browser.findChild(HelpOverlay, "help_overlay")
    assert overlay is not None and overlay.isVisible()
    assert "Practise the chosen question" in overlay.text() and "Space" not in overlay.text()
    picture = window.browser.grab().toImage()  # opaque: its own colour, not the list behind it
    inside = overlay.geometry().topLeft() + QPoint(30, 30)
    assert picture.pixelColor(inside) == QColor(HELP_BACKGROUND)
    assert window.pages.currentWidget() is window.browser  # the help did not leave the page
    qtbot.mouseClick(overlay, Qt.MouseButton.LeftButton)  # a click closes it
    assert not overlay.isVisible()
    window.menus.help_action.trigger()
    assert overlay.isVisible()
    window.menus.help_action.trigger()
    assert not overlay.isVisible()
