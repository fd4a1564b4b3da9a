"""Issue 16 on real widgets (offscreen) and a real SQLite archive: the review's verdict card and
its actions, rows that do not apply left out, the summary's comparison and actions, and plain
messages with the button that fixes the problem."""

from __future__ import annotations

import argparse
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from interview_sim import paths
from interview_sim.core.settings import Settings
from interview_sim.core.storage import STATUS_TYPED
from interview_sim.devices.base import NoInputDeviceError
from interview_sim.devices.player import FilePlayer
from interview_sim.i18n import tr
from interview_sim.qt.errors import describe_error
from interview_sim.qt.interview_devices import InterviewDevices
from interview_sim.qt.review_screen import ReviewScreen
from interview_sim.qt.summary_screen import COLUMNS, SummaryScreen
from tests.archive_fixtures import TCP, Archive, archive_state, fill_archive, save_screenshot
from tests.fakes import FakeSoundDevice, FakeTranscriber
from tests.waits import UI_MS

BETTER = (
    "TCP는 연결 지향 프로토콜로 3-way handshake로 연결을 맺고 흐름 제어와 혼잡 제어로 신뢰성을 "
    "보장합니다. UDP는 비연결형이라 빠르지만 순서와 도착을 보장하지 않습니다. "
) * 3


@pytest.fixture
def archive() -> Iterator[Archive]:
    filled = fill_archive()
    yield filled
    filled.close()


def answer_again_later(archive: Archive, text: str = BETTER) -> tuple[int, int]:
    """A second session, after the fixture's, answering the TCP question again: (session, attempt)."""
    db = archive.db
    session = db.create_session({"questions": [TCP.id]})
    attempt = db.create_attempt(session, TCP.id, status=STATUS_TYPED, template_id="technical")
    db.add_transcript(attempt, "typed", text, source="typed")
    db.finish_attempt(attempt, status=STATUS_TYPED, duration_s=60.0)
    db.end_session(session)
    return session, attempt


def review(qtbot: QtBot, archive: Archive, attempt_id: int, lang: str = "ko") -> ReviewScreen:
    screen = ReviewScreen(archive_state(archive, lang), FilePlayer(FakeSoundDevice(has_input=False)))
    qtbot.addWidget(screen)
    screen.resize(1200, 800)
    screen.show()
    screen.open_attempt(attempt_id)
    qtbot.waitUntil(lambda: screen.attempt is not None and screen.attempt.id == attempt_id, timeout=UI_MS)
    return screen


def table_texts(screen: ReviewScreen) -> list[list[str]]:
    table = screen.delivery.table
    return [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]


def test_the_card_leads_with_the_score_the_verdict_and_three_things(qtbot: QtBot, archive: Archive) -> None:
    screen = review(qtbot, archive, archive.attempt_id)
    analysis = screen.analysis
    assert analysis is not None and analysis.content.score is not None
    card = screen.card
    assert card.score.text() == str(round(analysis.content.score))
    assert card.band.text() == tr("band.weak", "ko") and card.change.text() == tr("card.first", "ko")
    # The 12-second answer to a 60-second question: capped, and it says so.
    assert analysis.content.capped and card.headline.text() == tr("headline.too_short", "ko")
    fixes = [label.text() for label in card.fixes if label.isVisibleTo(card)]
    assert len(fixes) == 3 and fixes[0].startswith("1. 빠뜨린 핵심어") and "흐름 제어" in fixes[0]
    assert "목표 60초" in fixes[1]
    # The formula and the cap are in the tooltip, not on the card.
    assert "× 0.7" in card.score.toolTip() and "제한" in card.score.toolTip()
    assert "×" not in card.headline.text()
    # The header says "recorded" and the player has the recording: they agree.
    assert card.meta.text().endswith(tr("status.finished", "ko"))
    qtbot.waitUntil(lambda: screen.player_bar.play_button.isEnabled(), timeout=UI_MS)
    # The rating is explained where it is asked.
    assert screen.notes_panel.rating_help.isVisibleTo(screen)
    assert "1 다시" in screen.notes_panel.rating_help.text()


def test_answer_again_emits_the_question_and_the_shell_starts_an_interview_with_it(
    qtbot: QtBot, archive: Archive
) -> None:
    from interview_sim.qt.main_window import MainWindow

    window = MainWindow(archive_state(archive, "en"))
    qtbot.addWidget(window)
    window.show()
    screens = window.archive
    screens.open_attempt(archive.attempt_id)
    review_screen = screens.review
    qtbot.waitUntil(lambda: review_screen.attempt is not None, timeout=UI_MS)
    with qtbot.waitSignal(review_screen.answer_again_requested, timeout=UI_MS) as asked:
        qtbot.mouseClick(review_screen.card.again_button, Qt.MouseButton.LeftButton)
    assert asked.args == [TCP.id]
    screen = window.interview_screen
    assert window.pages.currentWidget() is screen
    assert screen.interview is not None and [s.question.id for s in screen.interview.steps] == [TCP.id]
    screen.end_interview()


def test_a_typed_answer_has_no_rows_that_do_not_apply(qtbot: QtBot, archive: Archive) -> None:
    for lang in ("ko", "en"):
        screen = review(qtbot, archive, archive.no_ref_id, lang)
        rows = table_texts(screen)
        names = [row[0] for row in rows]
        for key in ("metric.length", "metric.first_word", "metric.pace", "metric.pauses"):
            assert tr(key, lang) not in names, (key, names)
        assert names == [tr("metric.fillers", lang), tr("metric.repeats", lang)]
        cells = [cell for row in rows for cell in row]
        assert "-" not in cells and tr("verdict.unknown", lang) not in cells
        assert all("/min" not in cell for cell in cells)
        assert screen.card.meta.text().endswith(tr("status.typed", lang))


def test_a_short_answer_shows_counts_not_rates_and_korean_units(qtbot: QtBot, archive: Archive) -> None:
    screen = review(qtbot, archive, archive.attempt_id, "ko")
    rows = {row[0]: row for row in table_texts(screen)}
    pace = rows[tr("metric.pace", "ko")]
    assert "초에" in pace[1] and "음절" in pace[1] and "분당" in pace[2]
    fillers = rows[tr("metric.fillers", "ko")]
    assert fillers[1].startswith("3개 (") and "초 동안" in fillers[1] and "분당" not in fillers[1]
    assert all("/min" not in cell for row in rows.values() for cell in row)
    # The measurements fold away and come back (Ctrl+D).
    assert screen.delivery.table.isVisibleTo(screen)
    screen.transcript.view.setFocus()
    qtbot.keyClick(screen.transcript.view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert not screen.delivery.table.isVisibleTo(screen)


def test_the_change_since_the_last_attempt_and_the_previous_session(qtbot: QtBot, archive: Archive) -> None:
    session, attempt = answer_again_later(archive)
    screen = review(qtbot, archive, attempt)
    first = archive.db.attempt(archive.attempt_id)
    assert first is not None and first.content_score is not None
    view = screen.view
    assert view is not None and view.previous_score == pytest.approx(first.content_score)
    delta = round(round(view.analysis.content.score or 0, 1) - first.content_score)
    assert delta > 0 and screen.card.change.text() == tr("card.change_up", "ko", delta=delta)
    summary = SummaryScreen(archive_state(archive, "ko"))
    qtbot.addWidget(summary)
    summary.resize(1100, 500)
    summary.show()
    summary.show_session(session)
    qtbot.waitUntil(lambda: summary.table.rowCount() == 1 and summary.overview is not None, timeout=UI_MS)
    assert summary.overview is not None and summary.overview.previous_session_id == archive.session_id
    assert summary.comparison.text().startswith("지난 면접보다 평균")
    change = summary.table.item(0, COLUMNS.index("col.change")).text()
    assert change == f"▲ {delta}"
    save_screenshot(summary, "summary-compared-ko.png")


def test_summary_actions_review_each_answer_and_practise_the_weak_ones(
    qtbot: QtBot, archive: Archive
) -> None:
    from interview_sim.qt.main_window import MainWindow

    window = MainWindow(archive_state(archive, "en"))
    qtbot.addWidget(window)
    window.resize(1100, 700)
    window.show()
    screens = window.archive
    summary = screens.summary
    window.pages.setCurrentWidget(summary)
    summary.show_session(archive.session_id)
    qtbot.waitUntil(lambda: summary.table.rowCount() == 4 and summary.overview is not None, timeout=UI_MS)
    # One unit per column, none of them "/min"; the English pace has its own column.
    headers = [summary.table.horizontalHeaderItem(c).text() for c in range(summary.table.columnCount())]
    assert tr("col.rate_ko", "en") in headers and tr("col.rate_en", "en") in headers
    cells = [summary.table.item(r, c).text() for r in range(4) for c in range(len(COLUMNS))]
    assert not any("/min" in cell for cell in cells)
    assert summary.table.isColumnHidden(COLUMNS.index("col.change"))  # nothing earlier to compare
    # The table is as tall as its rows, not the window.
    assert summary.table.height() < window.height() / 2
    # A review button per row, and "next answer" walks the session in order.
    button = summary.table.cellWidget(1, COLUMNS.index("col.review"))
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    review_screen = screens.review
    qtbot.waitUntil(
        lambda: review_screen.attempt is not None and review_screen.attempt.id == archive.hostile_id,
        timeout=UI_MS,
    )
    assert review_screen.card.next_button.text() == tr("card.next", "en")
    qtbot.mouseClick(review_screen.card.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: review_screen.attempt is not None and review_screen.attempt.id == archive.no_ref_id,
        timeout=UI_MS,
    )
    qtbot.mouseClick(review_screen.card.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: review_screen.attempt is not None and review_screen.attempt.id == archive.english_id,
        timeout=UI_MS,
    )
    assert review_screen.card.next_button.text() == tr("card.done", "en")
    qtbot.mouseClick(review_screen.card.next_button, Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is summary
    # Practise the weak ones: the questions under 40 (weakest first), as one interview.
    weak = summary.overview.weak
    scores = {a.question_id: summary.metrics[a.id].get("content_score") for a in summary.session.attempts}  # type: ignore[union-attr]
    assert weak and all(scores[q] is not None and scores[q] < 40 for q in weak)
    assert weak == sorted(weak, key=lambda q: scores[q])
    assert summary.practise_button.isVisible()
    with qtbot.waitSignal(summary.practise_requested, timeout=UI_MS) as asked:
        qtbot.mouseClick(summary.practise_button, Qt.MouseButton.LeftButton)
    assert asked.args == [weak]
    screen = window.interview_screen
    assert window.pages.currentWidget() is screen and screen.interview is not None
    assert [s.question.id for s in screen.interview.steps] == weak
    screen.end_interview()


class NoMicrophone:
    """Devices opened with a speech model but without a microphone, as the real opener reports it."""

    def __call__(self, settings: Settings) -> tuple[InterviewDevices, list[object]]:
        error = NoInputDeviceError("no input device found (devices: none)")
        devices = InterviewDevices(transcriber=FakeTranscriber())  # type: ignore[arg-type]
        return devices, [describe_error(error, settings.get("ui_language"))]


def test_no_microphone_is_one_sentence_with_a_button_to_the_sound_settings(qtbot: QtBot) -> None:
    from interview_sim.qt.app import create_window
    from interview_sim.qt.settings_dialog import SettingsDialog
    from tests.test_qt_settings import FakeServices

    settings = Settings.load(paths.settings_path())
    window = create_window(
        settings,
        argparse.Namespace(category=None, count=None),
        open_devices=NoMicrophone(),
        services=FakeServices(),
    )
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(
        lambda: window.speech_state != "loading" and window.start_screen.problems.isVisible(), timeout=UI_MS
    )
    start = window.start_screen
    assert start.problems.text() == tr("error.no_microphone", "ko")
    assert "devices" not in start.problems.text()
    # The speech model is ready, but the status bar does not say "speech ready" beside it.
    assert window.speech_state == "ready"
    assert window.speech_status.text() == tr("speech.no_microphone", "ko")
    assert window.speech_status.text() != tr("speech.ready", "ko")
    # The detail is behind "details".
    assert start.details_button.isVisible() and not start.problem_details.isVisible()
    qtbot.mouseClick(start.details_button, Qt.MouseButton.LeftButton)
    assert start.problem_details.isVisible() and "devices: none" in start.problem_details.text()
    save_screenshot(window, "no-microphone-ko.png")
    # The button opens the settings where the microphone is chosen.
    assert start.fix_button.isVisible() and start.fix_button.text() == tr("fix.open_microphone", "ko")
    qtbot.mouseClick(start.fix_button, Qt.MouseButton.LeftButton)
    controller = window.controller  # type: ignore[attr-defined]
    qtbot.waitUntil(
        lambda: isinstance(controller.dialog, SettingsDialog) and controller.dialog.isVisible(), timeout=UI_MS
    )
    dialog = controller.dialog
    assert dialog.tabs.currentWidget() is dialog.sound
    dialog.reject()
    controller.shutdown(wait_ms=5_000)
