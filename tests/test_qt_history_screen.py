"""The history screen on real widgets (offscreen) over a real SQLite archive."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QItemSelectionModel, Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from interview_sim import paths
from interview_sim.core.history import HistoryFilter
from interview_sim.devices.player import FilePlayer
from interview_sim.i18n import LANGUAGES
from interview_sim.qt.history_screen import HistoryScreen
from interview_sim.qt.theme import GOOD, tone
from tests.archive_fixtures import (
    KO_TEXT,
    TCP,
    Archive,
    archive_state,
    fill_archive,
    ko_words,
    save_screenshot,
    write_audio,
)
from tests.fakes import FakeSoundDevice
from tests.waits import UI_MS


@pytest.fixture
def archive() -> Iterator[Archive]:
    filled = fill_archive()
    # A second session with a better answer to the TCP question, recorded too.
    db = filled.db
    session = db.create_session({})
    audio = write_audio(paths.recordings_dir() / "answer-2.wav", 10.0)
    better = "TCP는 연결 지향 프로토콜이고 흐름 제어와 혼잡 제어로 신뢰성을 보장합니다"
    second = db.create_attempt(
        session, TCP.id, audio_path=str(audio), sample_rate=16_000, template_id="technical"
    )
    db.add_transcript(second, "vosk", better, ko_words(better, gap_after=99))
    db.finish_attempt(second, duration_s=10.0)
    db.end_session(session)
    filled.second_id = second  # type: ignore[attr-defined]
    filled.second_session = session  # type: ignore[attr-defined]
    filled.second_audio = audio  # type: ignore[attr-defined]
    yield filled
    filled.close()


def open_history(qtbot: QtBot, archive: Archive, lang: str = "ko") -> HistoryScreen:
    screen = HistoryScreen(
        archive_state(archive, lang), lambda: FilePlayer(FakeSoundDevice(has_input=False, output_speed=1.0))
    )
    qtbot.addWidget(screen)
    screen.resize(1200, 760)
    screen.show()
    # Metrics missing from the cache are computed after the rows show.
    with qtbot.waitSignals([screen.loaded, screen.refreshed], timeout=UI_MS):
        screen.reload()
    assert all(r.score is not None for r in screen.model.rows if r.question_id == TCP.id)
    return screen


def select_rows(screen: HistoryScreen, *rows: int) -> None:
    flags = QItemSelectionModel.SelectionFlag
    model = screen.table.selectionModel()
    model.clearSelection()
    for row in rows:
        model.select(screen.model.index(row, 0), flags.Select | flags.Rows)
    model.setCurrentIndex(screen.model.index(rows[0], 0), flags.NoUpdate)


def shown_questions(screen: HistoryScreen) -> list[str]:
    return [r.question_id for r in screen.model.visible]


def test_lists_every_answer_and_filters(qtbot: QtBot, archive: Archive) -> None:
    screen = open_history(qtbot, archive)
    assert screen.model.rowCount() == 5
    assert screen.sessions.view.count() == 3  # all, and the two sessions
    # Cells say their unit, and a cell that does not apply is empty rather than "-".
    cells = [
        screen.model.data(screen.model.index(row, column))
        for row in range(screen.model.rowCount())
        for column in range(screen.model.columnCount())
    ]
    assert "-" not in cells
    rates = [screen.model.data(screen.model.index(row, 6)) for row in range(screen.model.rowCount())]
    assert any(rate.startswith("분당 ") and rate.endswith(("음절", "단어")) for rate in rates), rates
    screen.filters.category.setCurrentIndex(screen.filters.category.findData("python"))
    assert shown_questions(screen) == ["python.gil"]
    screen.filters.category.setCurrentIndex(0)
    screen.table.setFocus()
    qtbot.keyClick(screen.table, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert screen.filters.text.hasFocus()
    qtbot.keyClicks(screen.filters.text, "REST")
    assert shown_questions(screen) == ["web.rest"]
    screen.filters.text.clear()
    tcp_scores = sorted(r.score for r in screen.model.rows if r.question_id == TCP.id and r.score is not None)
    assert tcp_scores[0] < tcp_scores[-1]
    screen.filters.min_score.setValue(int(tcp_scores[-1]))
    visible = [r.attempt_id for r in screen.model.visible]
    assert archive.second_id in visible and archive.attempt_id not in visible  # type: ignore[attr-defined]
    assert all(r.score is not None and r.score >= int(tcp_scores[-1]) for r in screen.model.visible)
    screen.filters.min_score.setValue(0)
    assert screen.filters.min_score.text() == "상관없음"  # not "-"
    assert screen.model.rowCount() == 5
    # Dates come from calendar pickers that read "any day" until one is picked.
    filters = screen.filters
    assert filters.since.calendarPopup() and filters.until.calendarPopup()
    assert filters.since.text() == "언제든" and not filters.clear_dates.isEnabled()
    today = QDate.currentDate()
    filters.since.setDate(today.addDays(1))  # from tomorrow: nothing yet
    assert screen.model.rowCount() == 0
    filters.since.setDate(today.addDays(-1))
    filters.until.setDate(today.addDays(-1))  # only yesterday: nothing
    assert screen.model.rowCount() == 0
    filters.until.setDate(today)
    assert screen.model.rowCount() == 5
    assert filters.clear_dates.isEnabled()
    qtbot.mouseClick(filters.clear_dates, Qt.MouseButton.LeftButton)
    assert not filters.since.is_set() and not filters.until.is_set()
    assert screen.model.rowCount() == 5
    # One session.
    screen.sessions.view.setCurrentRow(1)
    assert {r.session_id for r in screen.model.visible} == {archive.second_session}  # type: ignore[attr-defined]


def test_enter_opens_the_answer(qtbot: QtBot, archive: Archive) -> None:
    screen = open_history(qtbot, archive)
    opened: list[int] = []
    screen.open_requested.connect(opened.append)
    screen.table.setFocus()
    screen.table.selectRow(0)
    qtbot.keyClick(screen.table, Qt.Key.Key_Return)
    assert opened == [screen.model.visible[0].attempt_id]


def test_delete_asks_and_removes_the_audio(
    qtbot: QtBot, archive: Archive, monkeypatch: pytest.MonkeyPatch
) -> None:
    screen = open_history(qtbot, archive)
    asked: list[str] = []
    answer = [QMessageBox.StandardButton.No]

    def question(_parent: object, _title: str, text: str, *_args: object) -> QMessageBox.StandardButton:
        asked.append(text)
        return answer[0]

    monkeypatch.setattr(QMessageBox, "question", question)
    row = next(i for i, r in enumerate(screen.model.visible) if r.attempt_id == archive.attempt_id)
    screen.table.setFocus()
    screen.table.selectRow(row)
    qtbot.keyClick(screen.table, Qt.Key.Key_Delete)
    assert len(asked) == 1 and archive.audio.exists()  # said no: nothing deleted
    assert archive.db.attempt(archive.attempt_id) is not None
    answer[0] = QMessageBox.StandardButton.Yes
    qtbot.keyClick(screen.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(
        lambda: archive.attempt_id not in [r.attempt_id for r in screen.model.rows], timeout=UI_MS
    )
    assert len(asked) == 2
    assert not archive.audio.exists()
    assert archive.db.attempt(archive.attempt_id) is None
    # A whole session with its recording.
    second_audio: Path = archive.second_audio  # type: ignore[attr-defined]
    row = next(i for i, r in enumerate(screen.model.visible) if r.attempt_id == archive.second_id)  # type: ignore[attr-defined]
    screen.table.selectRow(row)
    qtbot.keyClick(screen.table, Qt.Key.Key_Delete, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: screen.model.rowCount() == 3, timeout=UI_MS)
    assert archive.db.session(archive.second_session) is None  # type: ignore[attr-defined]
    assert len(asked) == 3 and not second_audio.exists()


def test_compare_shows_both_answers(qtbot: QtBot, archive: Archive) -> None:
    screen = open_history(qtbot, archive, "en")
    rows = [i for i, r in enumerate(screen.model.visible) if r.question_id == TCP.id]
    screen.table.setFocus()
    select_rows(screen, rows[0], rows[1])
    assert len(screen.selected_ids()) == 2, screen.selected_ids()
    qtbot.keyClick(screen.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: screen.pages.currentWidget() is screen.compare, timeout=UI_MS)
    compare = screen.compare
    assert compare.views[0].toPlainText() == KO_TEXT
    assert "흐름 제어와" in compare.views[1].toPlainText()
    cells = {
        compare.table.item(r, 0).text(): (compare.table.item(r, 1).text(), compare.table.item(r, 2).text())
        for r in range(compare.table.rowCount())
    }
    assert cells["Fillers"][0].startswith("3") and cells["Fillers"][1].startswith("0")
    # The change column: which way, by how much, and whether that is better, in words and colour.
    assert compare.table.horizontalHeaderItem(3).text() == "Change"
    changes = {
        compare.table.item(r, 0).text(): compare.table.item(r, 3) for r in range(compare.table.rowCount())
    }
    fewer = changes["Fillers"]
    assert fewer.text() == "▼ −3 · better"
    assert fewer.foreground().color() == tone(GOOD, compare.palette())
    score = changes["Content score"]
    assert score.text().startswith("▲ +") and score.text().endswith("better")
    assert score.foreground().color() == tone(GOOD, compare.palette())
    qtbot.waitUntil(
        lambda: compare.play_buttons[0].isEnabled() and compare.play_buttons[1].isEnabled(), timeout=UI_MS
    )
    qtbot.keyClick(compare, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: compare.players[1].playing, timeout=UI_MS)
    qtbot.keyClick(compare, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: compare.players[0].playing and not compare.players[1].playing, timeout=UI_MS)
    save_screenshot(screen, "history-compare-en.png")
    qtbot.keyClick(compare.table, Qt.Key.Key_Escape)
    assert screen.pages.currentIndex() == 0 and not compare.players[0].playing
    # Two different questions do not compare.
    other = next(i for i, r in enumerate(screen.model.visible) if r.question_id != TCP.id)
    select_rows(screen, rows[0], other)
    screen.compare_selected()
    assert "different questions" in screen.message.text()


def test_filter_matches_in_memory_rows() -> None:
    from interview_sim.core.history import HistoryRow

    row = HistoryRow(
        1,
        1,
        "network.tcp",
        "network",
        "TCP?",
        "2026-01-02T00:00:00+00:00",
        "2026-01-02",
        "2026-01-02 09:00",
        10.0,
        55.0,
        None,
        {},
        "tcp? network.tcp",
    )
    assert HistoryFilter(since="2026-01-02", until="2026-01-02").matches(row)
    assert not HistoryFilter(until="2026-01-01").matches(row)
    assert not HistoryFilter(min_score=60).matches(row)
    assert HistoryFilter(max_score=55, category="network", text="TCP").matches(row)
    assert not HistoryFilter(category="python").matches(row)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_history_and_progress_screenshots(qtbot: QtBot, archive: Archive, lang: str) -> None:
    screen = open_history(qtbot, archive, lang)
    save_screenshot(screen, f"history-{lang}.png")
    screen.table.setFocus()
    qtbot.keyClick(screen.table, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    assert screen.tabs.currentIndex() == 1
    # The score by default, on a 0-100 scale of round ticks, with its target band and an average.
    chart = screen.progress.chart
    assert screen.progress.measure.currentData() == "content_score"
    qtbot.waitUntil(lambda: bool(chart.ticks), timeout=UI_MS)
    assert chart.ticks == [0, 25, 50, 75, 100]
    assert chart.guides.band == (70.0, 100.0) and chart.guides.average
    save_screenshot(screen, f"progress-score-{lang}.png")
    # The question without key terms or reference has no content score, but it has a length.
    assert set(screen.progress.chart.series) == {"network", "web"}
    screen.progress.measure.setCurrentIndex(screen.progress.measure.findData("duration_s"))
    assert set(screen.progress.chart.series) == {"network", "python", "web"}
    screen.progress.category.setCurrentIndex(screen.progress.category.findData("network"))
    assert set(screen.progress.chart.series) == {"network"}
    screen.progress.category.setCurrentIndex(0)
    save_screenshot(screen, f"progress-{lang}.png")


def test_progress_points_are_daily_means_in_order() -> None:
    from datetime import date

    from interview_sim.qt.progress_chart import daily_means

    series = daily_means(
        [
            ("network", date(2026, 1, 3), 80.0),
            ("network", date(2026, 1, 1), 40.0),
            ("network", date(2026, 1, 1), 60.0),
            ("python", date(2026, 1, 2), 10.0),
        ]
    )
    assert series == {
        "network": [(date(2026, 1, 1), 50.0), (date(2026, 1, 3), 80.0)],
        "python": [(date(2026, 1, 2), 10.0)],
    }


def test_history_reads_changed_answers_again_when_visible_or_next_shown(
    qtbot: QtBot, archive: Archive
) -> None:
    screen = open_history(qtbot, archive, "en")
    state = screen.state

    def rating_of(attempt_id: int) -> str | None:
        return next(r.rating for r in screen.model.rows if r.attempt_id == attempt_id)

    archive.db.set_rating(archive.attempt_id, "easy")
    # Read again, then the metrics checked (none stale: a rating is not part of them).
    with qtbot.waitSignals([screen.loaded, screen.refreshed], timeout=UI_MS):
        state.notify_attempts_changed([archive.attempt_id])
    assert rating_of(archive.attempt_id) == "easy"
    # Hidden: read again only once shown.
    screen.hide()
    archive.db.set_rating(archive.attempt_id, "again")
    state.notify_attempts_changed([archive.attempt_id])
    assert state.tasks.db_running == 0 and rating_of(archive.attempt_id) == "easy"
    with qtbot.waitSignals([screen.loaded, screen.refreshed], timeout=UI_MS):
        screen.show()
    assert rating_of(archive.attempt_id) == "again"
    # Answers it does not list are none of its business.
    state.notify_attempts_changed([987654])
    assert state.tasks.db_running == 0


@pytest.mark.parametrize("lang", LANGUAGES)
def test_sessions_read_like_a_diary(qtbot: QtBot, archive: Archive, lang: str) -> None:
    """When, what was practised and how it went: not only a time stamp."""
    from interview_sim.core.history import day_label

    screen = open_history(qtbot, archive, lang)
    view = screen.sessions.view
    names = [view.item(row).text() for row in range(1, view.count())]
    assert len(names) == 2 and names[0] != names[1]
    newest = names[0]  # the second session: one answer to the TCP question
    started = next(r.started_at for r in screen.model.rows if r.session_id == archive.second_session)  # type: ignore[attr-defined]
    assert newest.startswith(day_label(started, lang))
    network = "네트워크" if lang == "ko" else "Networking"
    assert network in newest
    score = round(next(r.score for r in screen.model.rows if r.attempt_id == archive.second_id))  # type: ignore[attr-defined]
    assert (f"평균 {score}점" if lang == "ko" else f"mean {score}") in newest
    assert newest.endswith("답변 1개" if lang == "ko" else "1 answer")
    assert ("답변 4개" if lang == "ko" else "4 answers") in names[1]


def test_chart_ticks_are_round_and_the_average_rolls() -> None:
    from datetime import date

    from interview_sim.qt.progress_chart import nice_ticks, rolling_mean

    assert nice_ticks(0, 30) == [0, 10, 20, 30]  # not 0, 8, 15, 22, 30
    assert nice_ticks(0, 100) == [0, 25, 50, 75, 100]
    assert nice_ticks(0, 7.3) == [0, 2, 4, 6, 8]
    assert nice_ticks(0, 0.9) == [0, 0.25, 0.5, 0.75, 1.0]
    assert nice_ticks(0, 0) == [0, 0.25, 0.5, 0.75, 1.0]
    days = [date(2026, 1, d) for d in (1, 2, 5, 9)]
    points = [
        ("a", days[0], 10.0),
        ("b", days[0], 30.0),
        ("a", days[1], 50.0),
        ("a", days[2], 80.0),
        ("a", days[3], 0.0),
    ]
    assert rolling_mean(points, window=2) == [
        (days[0], 20.0),
        (days[1], 30.0),
        (days[2], 65.0),
        (days[3], 40.0),
    ]
