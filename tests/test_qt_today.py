"""Today's practice on the start screen (issue 15), on real SQLite archives: what the panel
shows for a known archive and for an empty one, Enter and Ctrl+T start the plan's questions, the
question language restricts them, the custom session still starts with its options, the daily
goal is saved from the settings, and the whole way to an English answer's review by keyboard."""

from __future__ import annotations

import argparse
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from interview_sim import paths
from interview_sim.core.bank import Bank, load_bank
from interview_sim.core.categories import CATEGORIES
from interview_sim.core.interview import PlanOptions, State, plan_session
from interview_sim.core.settings import Settings
from interview_sim.core.storage import STATUS_TYPED, Database
from interview_sim.core.today import today_plan
from interview_sim.i18n import tr
from interview_sim.qt.app import create_window
from interview_sim.qt.app_state import AppState
from interview_sim.qt.interview_devices import InterviewDevices
from interview_sim.qt.start_screen import StartScreen
from tests.archive_fixtures import Archive, archive_state, fill_archive, save_screenshot
from tests.test_qt_settings import FakeServices, accept, open_app, open_dialog, saved_values
from tests.waits import UI_MS


def activate(qtbot: QtBot, widget: QWidget) -> None:
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget, timeout=UI_MS)


@pytest.fixture
def archive() -> Iterator[Archive]:
    archive = fill_archive()
    yield archive
    archive.close()


def start_screen(qtbot: QtBot, state: AppState) -> StartScreen:
    screen = StartScreen(state)
    qtbot.addWidget(screen)
    screen.resize(1100, 680)
    activate(qtbot, screen)
    qtbot.waitUntil(lambda: screen.today.plan is not None and not screen.today._computing, timeout=UI_MS)
    return screen


def empty_state(lang: str = "ko") -> AppState:
    """No answer ever: the bundled bank and an archive opened by the state itself."""
    state = AppState(Settings.load(paths.settings_path()), lang=lang)
    state.set_bank(load_bank())
    return state


def shown(label: QLabel) -> str:
    return label.text() if label.isVisibleTo(label.window()) else ""


def backdated_answer(db: Database, question_id: str, days_ago: int, rating: str | None = None) -> None:
    """A typed answer given ``days_ago`` days ago (and rated), in a session of its own."""
    session = db.create_session()
    attempt = db.create_attempt(session, question_id, status=STATUS_TYPED)
    db.add_transcript(attempt, "typed", "답변입니다", source="typed")
    db.finish_attempt(attempt, status=STATUS_TYPED, duration_s=20.0)
    started = (datetime.now(UTC) - timedelta(days=days_ago)).isoformat(timespec="milliseconds")
    raw = sqlite3.connect(db.path)
    raw.execute("UPDATE attempts SET started_at = ? WHERE id = ?", (started, attempt))
    raw.commit()
    raw.close()
    if rating is not None:
        db.set_rating(attempt, rating)
    db.end_session(session)


def history_state(archive: Archive) -> AppState:
    """The archive's session of four answers today, an answer yesterday and one three weeks ago
    rated hard (due again), over the bundled bank with the archive's own questions."""
    bundled = load_bank(templates=archive.templates)
    korean = [q.id for q in bundled.questions if q.lang == "ko" and q.kind == "technical" and q.answers]
    backdated_answer(archive.db, korean[0], 21, "hard")
    backdated_answer(archive.db, korean[1], 1, "good")
    state = archive_state(archive)
    state.set_bank(Bank(archive.bank.questions + bundled.questions, []), archive.templates)
    return state


def test_the_panel_shows_a_known_archive(qtbot: QtBot, archive: Archive) -> None:
    state = history_state(archive)
    state.settings.set("question_langs", "both")
    screen = start_screen(qtbot, state)
    today = screen.today
    # The same plan read straight from the archive, with the settings the screen uses.
    assert state.bank is not None
    expected = today_plan(archive.db, state.bank, archive.templates, goal=5, langs=("ko", "en"))
    assert today.plan is not None and today.plan.practice == expected.practice
    assert len(expected.due) >= 1  # rated hard three weeks ago
    # Four answers today, one yesterday: a two-day streak, 4 of the 5 a day.
    assert shown(today.goal) == "오늘 답변 4/5"
    assert shown(today.streak) == "2일 연속 연습"
    assert shown(today.summary) == f"복습할 질문 {len(expected.due)}개"
    # The last session's things to work on, in the interface's language, numbered.
    assert len(expected.focus) == 3, "the archive's answers are short, slow and full of fillers"
    focus = shown(today.focus_list).splitlines()
    assert focus == [f"{n}. {item.text('ko')}" for n, item in enumerate(expected.focus, start=1)]
    assert shown(today.focus_title) == "지난 연습에서 다듬을 점"
    assert len(expected.weakest_categories) == 3
    weakest = ", ".join(CATEGORIES[c][0] for c, _score in expected.weakest_categories)
    assert shown(today.weakest) == f"약한 분야: {weakest}"
    category, score = expected.weakest_categories[0]
    assert f"{CATEGORIES[category][0]}: {score * 100:.0f}%" in today.weakest.toolTip()
    assert today.button.isEnabled()
    assert today.button.text() == f"오늘의 연습 시작 · 질문 {len(expected.practice)}개"
    # The language of the interface: the same plan, said in English.
    state.set_language("en")
    assert shown(today.goal) == "Today: 4 of 5 answers"
    assert shown(today.streak) == "2 days in a row"
    assert shown(today.weakest).startswith(
        f"Weakest areas: {CATEGORIES[expected.weakest_categories[0][0]][1]}, "
    )
    assert shown(today.focus_list).splitlines()[0] == f"1. {expected.focus[0].text('en')}"
    save_screenshot(screen, "start-today-history-en.png")
    state.set_language("ko")
    save_screenshot(screen, "start-today-history-ko.png")


def test_nothing_left_in_the_language_says_so_quietly(qtbot: QtBot, archive: Archive) -> None:
    # The archive's own four questions, all answered today and none due: nothing to start.
    state = archive_state(archive)
    state.settings.set("question_langs", "both")
    screen = start_screen(qtbot, state)
    assert screen.today.plan is not None and screen.today.plan.next_questions == []
    assert not screen.today.button.isEnabled()
    assert shown(screen.today.notice) == tr("today.nothing_left", "ko")
    with qtbot.assertNotEmitted(screen.start_requested, wait=100):
        screen.start_today()


def test_an_empty_archive_is_a_first_day(qtbot: QtBot) -> None:
    screen = start_screen(qtbot, empty_state())
    today = screen.today
    assert today.plan is not None and today.plan.first_day
    assert shown(today.summary) == tr("today.first_day", "ko", count=5)
    assert shown(today.goal) == "하루 목표: 답변 5개 (설정에서 바꿀 수 있습니다)"
    assert shown(today.streak) == tr("today.first_day_more", "ko")
    # A welcome, not zeros everywhere: no count of nothing, no empty focus or weakest lines.
    texts = [
        shown(label) for label in (today.summary, today.streak, today.goal, today.weakest, today.focus_list)
    ]
    assert not any("0/" in text or " 0" in text or text.startswith("0") for text in texts), texts
    assert not today.focus_list.isVisibleTo(screen) and not today.weakest.isVisibleTo(screen)
    assert today.button.text() == "오늘의 연습 시작 · 질문 5개"
    save_screenshot(screen, "start-today-first-day-ko.png")
    screen.state.set_language("en")
    assert today.button.text() == "Start today's practice · 5 questions"
    save_screenshot(screen, "start-today-first-day-en.png")


def test_enter_and_ctrl_t_start_the_plans_questions(qtbot: QtBot) -> None:
    screen = start_screen(qtbot, empty_state())
    plan = screen.today.plan
    assert plan is not None and len(plan.next_questions) == 5
    screen.focus_default()
    assert QApplication.focusWidget() is screen.today.button
    with qtbot.waitSignal(screen.start_requested, timeout=UI_MS) as blocker:
        qtbot.keyClick(screen.today.button, Qt.Key.Key_Return)
    options = blocker.args[0]
    assert isinstance(options, PlanOptions)
    assert options.question_ids == tuple(plan.next_questions)
    assert all(not qid.startswith("en.") for qid in options.question_ids)  # Korean by default
    steps = plan_session(screen.bank, options)  # type: ignore[arg-type]
    assert [s.question.id for s in steps] == list(plan.next_questions)
    # Ctrl+T from anywhere on the screen, even from the custom session's form.
    screen.count.setFocus()
    with qtbot.waitSignal(screen.start_requested, timeout=UI_MS) as blocker:
        qtbot.keyClick(screen.count, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert blocker.args[0].question_ids == tuple(plan.next_questions)


def test_the_custom_session_starts_with_its_options_by_ctrl_enter(qtbot: QtBot) -> None:
    screen = start_screen(qtbot, empty_state())
    screen.preselect(["database"], 2)
    screen.order.setCurrentIndex(screen.order.findData("random"))
    screen.focus_default()  # on today's practice: Ctrl+Enter still starts the form
    with qtbot.waitSignal(screen.start_requested, timeout=UI_MS) as blocker:
        qtbot.keyClick(screen.today.button, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    options = blocker.args[0]
    assert options.categories == ("database",) and options.count == 2 and options.order == "random"
    assert options.question_ids == () and options.langs == ("ko",)


def test_the_question_language_restricts_the_questions(qtbot: QtBot) -> None:
    screen = start_screen(qtbot, empty_state("en"))
    korean_plan = screen.today.plan
    assert korean_plan is not None and korean_plan.langs == ("ko",)
    # By keyboard: Alt+L reaches the picker, Down chooses English.
    qtbot.keyClick(screen, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is screen.langs
    qtbot.keyClick(screen.langs, Qt.Key.Key_Down)
    assert screen.langs.currentData() == "en"
    assert screen.state.settings.get("question_langs") == "en"
    qtbot.waitUntil(
        lambda: screen.today.plan is not korean_plan and not screen.today._computing, timeout=UI_MS
    )
    plan = screen.today.plan
    assert plan is not None and plan.langs == ("en",)
    with qtbot.waitSignal(screen.start_requested, timeout=UI_MS) as blocker:
        qtbot.keyClick(screen.langs, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    ids = blocker.args[0].question_ids
    assert len(ids) == 5 and all(qid.startswith("en.") for qid in ids)
    # The custom session asks English questions too, and the categories count English ones.
    with qtbot.waitSignal(screen.start_requested, timeout=UI_MS) as blocker:
        qtbot.keyClick(screen.langs, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    custom = blocker.args[0]
    assert custom.langs == ("en",)
    steps = plan_session(screen.bank, custom)  # type: ignore[arg-type]
    assert steps and all(s.question.id.startswith("en.") and s.question.lang == "en" for s in steps)
    # Both: the custom session asks either language (one question of each family: test_interview).
    screen.langs.setCurrentIndex(screen.langs.findData("both"))
    screen.langs.activated.emit(screen.langs.currentIndex())
    assert screen.options().langs == ("ko", "en")
    # The categories count questions to ask: a question and its edition once.
    network = screen.categories.item(0).text()
    korean = len(screen.bank.select(["network"], langs=["ko"]))  # type: ignore[union-attr]
    assert network.endswith(f"({korean})")
    qtbot.waitUntil(
        lambda: screen.today.plan is not None and screen.today.plan.langs == ("ko", "en"), timeout=UI_MS
    )
    qtbot.waitUntil(
        lambda: paths.settings_path().exists() and saved_values()["question_langs"] == "both", timeout=UI_MS
    )


def test_the_plan_follows_the_day(qtbot: QtBot) -> None:
    screen = start_screen(qtbot, empty_state())
    first = screen.today.plan
    assert first is not None
    screen.today.check_day()  # the same day: nothing to do
    assert screen.today.plan is first and not screen.today._computing
    screen.today.current_day = lambda: first.day + timedelta(days=1)  # past midnight
    screen.today.check_day()
    qtbot.waitUntil(lambda: screen.today.plan is not first and not screen.today._computing, timeout=UI_MS)


def test_the_daily_goal_is_saved_from_the_settings_and_shown(qtbot: QtBot) -> None:
    window = open_app(qtbot, FakeServices())
    today = window.start_screen.today
    qtbot.waitUntil(lambda: today.plan is not None and not today._computing, timeout=UI_MS)
    assert today.plan is not None and today.plan.goal == 5
    dialog = open_dialog(qtbot, window)
    field = dialog.interview.daily_goal
    assert field.text() == "5개"
    field.setValue(8)
    accept(qtbot, dialog)
    qtbot.waitUntil(lambda: today.plan is not None and today.plan.goal == 8, timeout=UI_MS)
    assert "답변 8개" in today.goal.text()
    assert today.button.text() == "오늘의 연습 시작 · 질문 8개"
    qtbot.waitUntil(
        lambda: paths.settings_path().exists() and saved_values()["daily_goal"] == 8, timeout=UI_MS
    )


def test_the_daily_goal_field_says_its_unit_in_english(qtbot: QtBot) -> None:
    from interview_sim.qt.settings_pages import InterviewPage

    state = AppState(Settings.load(paths.settings_path()), lang="en")
    page = InterviewPage(state)
    qtbot.addWidget(page)
    assert page.daily_goal.text() == "5 answers a day"
    page.daily_goal.setValue(1)
    assert page.daily_goal.text() == "1 answer a day"
    assert page.values()["daily_goal"] == 1


def test_keyboard_only_to_the_review_of_an_english_answer(qtbot: QtBot) -> None:
    """From the start screen by keys alone: English questions, today's practice, a typed answer
    (no microphone offscreen), the end, the summary and the answer's review with English norms."""
    db = Database.open(paths.database_path())
    try:
        settings = Settings.load(paths.settings_path())
        settings.set("think_time_s", 0)
        window = create_window(
            settings,
            argparse.Namespace(category=None, count=None),
            open_devices=lambda _s: (InterviewDevices(db=db), []),
        )
        qtbot.addWidget(window)
        window.resize(1100, 720)
        activate(qtbot, window)
        start = window.start_screen
        qtbot.waitUntil(
            lambda: start.today.plan is not None and window.speech_state != "loading", timeout=UI_MS
        )
        assert QApplication.focusWidget() is start.today.button

        qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)  # the question language
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)  # English
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)  # today's practice
        qtbot.waitUntil(lambda: window.pages.currentWidget() is window.interview_screen, timeout=UI_MS)
        screen = window.interview_screen
        interview = screen.interview
        assert interview is not None
        assert interview.question.lang == "en" and interview.question.id.startswith("en.")
        assert len(interview.steps) == 5
        qtbot.waitUntil(
            lambda: interview.state is State.ANSWERING and screen.typed.isVisible(), timeout=UI_MS
        )
        qtbot.keyClicks(
            screen.typed, "um a hash table maps keys to buckets with a hash function so lookups are fast"
        )
        qtbot.keyClick(screen.typed, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        assert interview.state is State.ANSWERED
        qtbot.keyClick(window.focusWidget() or screen, Qt.Key.Key_Escape)  # the end
        summary = window.archive.summary
        assert window.pages.currentWidget() is summary
        qtbot.waitUntil(lambda: summary.table.rowCount() == 1, timeout=UI_MS)
        qtbot.keyClick(window.focusWidget() or summary.table, Qt.Key.Key_Return)  # open the answer
        review = window.archive.review
        qtbot.waitUntil(
            lambda: window.pages.currentWidget() is review and review.analysis is not None, timeout=UI_MS
        )
        assert review.attempt is not None and review.attempt.question_id == interview.steps[0].question.id
        assert review.analysis is not None and review.analysis.lang == "en"  # English fillers and pace
        # Back home: the answer counts towards today's goal.
        qtbot.keyClick(window.focusWidget() or review, Qt.Key.Key_Escape)
        qtbot.keyClick(window.focusWidget() or summary, Qt.Key.Key_Escape)
        assert window.pages.currentWidget() is start
        qtbot.waitUntil(
            lambda: start.today.plan is not None and start.today.plan.done_today == 1, timeout=UI_MS
        )
        assert start.today.goal.text() == "오늘 답변 1/5"
        window.close()
        assert window.state.tasks.shutdown(10_000)
    finally:
        db.close()
