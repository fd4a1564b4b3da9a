"""Answers to AI-generated follow-ups on real widgets (offscreen) over a real SQLite archive: the
summary and the history show the question's text marked as a follow-up, and the review saves
it to the user's bank (bank_changed, then the action disabled with a tooltip)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from interview_sim.core.bank import load_bank
from interview_sim.core.generated import new_id
from interview_sim.devices.player import FilePlayer
from interview_sim.qt.app_state import AppState
from interview_sim.qt.history_screen import HistoryScreen
from interview_sim.qt.review_screen import ReviewScreen
from interview_sim.qt.summary_screen import SummaryScreen
from tests.archive_fixtures import Archive, archive_state, fill_archive, save_screenshot
from tests.fakes import FakeSoundDevice
from tests.waits import UI_MS

PARENT = "network.tcp-vs-udp"
TEXT = "UDP로 신뢰성을 보장하려면 어떻게 해야 하나요?"


@pytest.fixture
def archive() -> Iterator[tuple[Archive, str, int]]:
    """The review fixtures' archive with one more answer, to a generated follow-up."""
    filled = fill_archive()
    generated = new_id()
    db = filled.db
    db.add_generated_question(
        {
            "id": generated,
            "parent_question_id": PARENT,
            "session_id": filled.session_id,
            "lang": "ko",
            "question": TEXT,
        }
    )
    attempt = db.create_attempt(filled.session_id, generated, template_id="technical")
    db.add_transcript(attempt, "vosk", "ACK와 재전송을 직접 구현하면 됩니다")
    db.finish_attempt(attempt, duration_s=14.0)
    yield filled, generated, attempt
    filled.close()


def real_bank_state(archive: Archive, lang: str) -> AppState:
    state = archive_state(archive, lang)
    state.set_bank(load_bank(templates=archive.templates), archive.templates)
    return state


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_summary_and_history_show_the_follow_up_text(
    qtbot: QtBot, archive: tuple[Archive, str, int], lang: str
) -> None:
    filled, generated, attempt = archive
    state = real_bank_state(filled, lang)
    marker = "AI follow-up to:" if lang == "en" else "AI 꼬리질문 ·"
    gone = "(no longer in the bank)" if lang == "en" else "(질문 은행에 더 이상 없는 질문)"
    summary = SummaryScreen(state)
    qtbot.addWidget(summary)
    summary.resize(1100, 600)
    summary.show()
    summary.show_session(filled.session_id)
    qtbot.waitUntil(lambda: summary.table.rowCount() == 5 and summary.overview is not None, timeout=UI_MS)
    cells = [summary.table.item(row, 0).text() for row in range(summary.table.rowCount())]
    assert any(c.startswith(TEXT) and marker in c for c in cells)
    assert not any(generated in c for c in cells)
    row = next(r for r, c in enumerate(cells) if c.startswith(TEXT))
    assert summary.table.item(row, 0).toolTip() == cells[row]  # the whole text, when cut off
    # the fixture's questions are not in the real bank: marked as such, never a bare id
    assert any(c.startswith(f"network.hostile {gone}") for c in cells), cells
    save_screenshot(summary, f"summary-generated-{lang}.png")

    history = HistoryScreen(state, lambda: FilePlayer(FakeSoundDevice(has_input=False, output_speed=1.0)))
    qtbot.addWidget(history)
    history.show()
    with qtbot.waitSignals([history.loaded, history.refreshed], timeout=UI_MS):
        history.reload()
    model = history.model
    texts = [model.index(row, 1).data() for row in range(model.rowCount())]
    assert any(t.startswith(TEXT) and marker in t for t in texts)
    row = next(r for r in model.rows if r.attempt_id == attempt)
    assert row.category == "network"


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_review_saves_the_follow_up_to_my_bank_once(
    qtbot: QtBot, archive: tuple[Archive, str, int], lang: str
) -> None:
    filled, generated, attempt = archive
    state = real_bank_state(filled, lang)
    screen = ReviewScreen(state, FilePlayer(FakeSoundDevice(has_input=False, output_speed=1.0)))
    qtbot.addWidget(screen)
    screen.resize(1280, 860)
    screen.show()
    screen.open_attempt(attempt)
    qtbot.waitUntil(lambda: screen.view is not None and screen.view.attempt.id == attempt, timeout=UI_MS)
    panel = screen.generated_panel
    assert panel.isVisible() and panel.button.isEnabled()
    assert panel.button.text() == ("내 질문 은행에 저장" if lang == "ko" else "Save to my bank")
    save_screenshot(screen, f"review-generated-{lang}.png")
    with qtbot.waitSignal(state.bank_changed, timeout=UI_MS):
        panel.button.click()
    qtbot.waitUntil(lambda: screen.view is not None and screen.view.saved_as is not None, timeout=UI_MS)
    new_id = screen.view.saved_as
    assert new_id is not None and new_id.startswith("network.follow-up-")
    assert not panel.button.isEnabled() and new_id in panel.button.toolTip()
    save_screenshot(screen, f"review-generated-saved-{lang}.png")
    assert state.bank is not None and state.bank.get(new_id) is not None
    assert new_id in state.bank.get(PARENT).follow_ups  # type: ignore[union-attr]
    assert filled.db.attempt(attempt).question_id == new_id  # type: ignore[union-attr]
    # reopened later: still the saved follow-up, the action still disabled
    screen.open_attempt(filled.attempt_id)
    qtbot.waitUntil(
        lambda: screen.view is not None and screen.view.attempt.id == filled.attempt_id, timeout=UI_MS
    )
    assert not panel.isVisible()
    screen.open_attempt(attempt)
    qtbot.waitUntil(lambda: screen.view is not None and screen.view.attempt.id == attempt, timeout=UI_MS)
    assert panel.isVisible() and not panel.button.isEnabled() and screen.view.saved_as == new_id
    assert screen.view.generated_id == generated


def test_history_menu_saves_the_follow_up_then_says_it_is_saved(
    qtbot: QtBot, archive: tuple[Archive, str, int]
) -> None:
    filled, generated, attempt = archive
    state = real_bank_state(filled, "en")
    history = HistoryScreen(state, lambda: FilePlayer(FakeSoundDevice(has_input=False, output_speed=1.0)))
    qtbot.addWidget(history)
    history.show()
    with qtbot.waitSignals([history.loaded, history.refreshed], timeout=UI_MS):
        history.reload()

    def row_of(attempt_id: int):  # type: ignore[no-untyped-def]
        return next(r for r in history.model.rows if r.attempt_id == attempt_id)

    def save_action(attempt_id: int):  # type: ignore[no-untyped-def]
        menu = history.row_menu.menu(row_of(attempt_id))
        return next(a for a in menu.actions() if a.objectName() == "history_save_generated")

    other = save_action(filled.attempt_id)  # a bank question: nothing to save
    assert (
        not other.isEnabled() and other.toolTip() == "Only a follow-up the AI made can be saved to your bank."
    )
    action = save_action(attempt)
    assert action.isEnabled() and action.text() == "Save to my bank"
    with qtbot.waitSignal(state.bank_changed, timeout=UI_MS):
        action.trigger()
    # the answers moved: the history reads them again under the saved question
    qtbot.waitUntil(lambda: row_of(attempt).question_id != generated, timeout=UI_MS)
    row = row_of(attempt)
    assert row.question_id.startswith("network.follow-up-") and row.question == TEXT
    done = save_action(attempt)
    assert not done.isEnabled() and row.question_id in done.toolTip()
    assert "Saved to your bank as" in history.message.text()
