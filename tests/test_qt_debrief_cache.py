"""The summary's debrief is cached: shown again when the session is reopened without asking the
model, regenerated on demand, and a cancelled regeneration keeps the cached one. Real widgets
(offscreen), a real SQLite archive, the scripted server."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from interview_sim.core.debrief import cached_debrief
from interview_sim.i18n import tr
from interview_sim.qt.summary_screen import SummaryScreen
from tests.archive_fixtures import Archive, archive_state, fill_archive, save_screenshot
from tests.llm_fake_server import FakeLLMServer, fake_llm, slow, sse
from tests.test_qt_review_feedback import use_server
from tests.waits import UI_MS

__all__ = ["fake_llm"]

REPLIES = {
    "ko": {
        "strengths": ["결론을 먼저 말했습니다.", "핵심어 '신뢰성'을 정확히 썼습니다."],
        "work_on": ["흐름 제어와 혼잡 제어를 덧붙이세요.", "예시를 하나 드세요.", "조금 천천히 말하세요."],
        "practise_next": ["network.tcp"],
    },
    "en": {
        "strengths": ["You led with the conclusion.", "You used 'reliability' correctly."],
        "work_on": ["Add flow and congestion control.", "Give one example.", "Slow down a little."],
        "practise_next": ["network.tcp"],
    },
}


@pytest.fixture
def archive() -> Iterator[Archive]:
    filled = fill_archive()
    yield filled
    filled.close()


def open_summary(qtbot: QtBot, archive: Archive, state: object) -> SummaryScreen:
    summary = SummaryScreen(state)  # type: ignore[arg-type]
    qtbot.addWidget(summary)
    summary.resize(1100, 820)
    summary.show()
    summary.show_session(archive.session_id)
    qtbot.waitUntil(lambda: summary.table.rowCount() == 4, timeout=UI_MS)
    return summary


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_debrief_is_cached_reused_and_regenerated(
    qtbot: QtBot, archive: Archive, fake_llm: FakeLLMServer, lang: str
) -> None:
    state = archive_state(archive, lang)
    use_server(state, fake_llm)
    summary = open_summary(qtbot, archive, state)
    panel = summary.debrief
    assert panel.get_button.text() == tr("debrief.get", lang)
    reply = REPLIES[lang]
    fake_llm.script.append(sse(json.dumps(reply, ensure_ascii=False)))
    # the start screen hears of it (today's focus may come from it now)
    with qtbot.waitSignal(state.debrief_changed, timeout=UI_MS) as changed:
        panel.get_button.click()
    assert changed.args == [archive.session_id]
    qtbot.waitUntil(lambda: panel.debrief is not None and panel._task is None, timeout=UI_MS)
    cached = cached_debrief(archive.db, archive.session_id)
    assert cached is not None and cached.work_on == reply["work_on"]
    asked = len(fake_llm.chat_requests())

    # Reopened (a new summary, as after a restart): the cached debrief, no request to the model.
    again = open_summary(qtbot, archive, state)
    qtbot.waitUntil(lambda: again.debrief.debrief is not None, timeout=UI_MS)
    panel = again.debrief
    assert len(fake_llm.chat_requests()) == asked
    assert reply["work_on"][0] in panel.view.toPlainText() and panel.view.isVisible()
    assert panel.get_button.text() == tr("debrief.regenerate", lang)
    assert "fake-model" in panel.status.text()  # what made it
    save_screenshot(again, f"summary-debrief-cached-{lang}.png")

    # Regenerate, cancelled halfway: the cached debrief is shown again and stays in the archive.
    fake_llm.script.append(slow(json.dumps(REPLIES["en" if lang == "ko" else "ko"]), every=0.1, pieces=100))
    panel.get_button.click()
    qtbot.waitUntil(lambda: panel.cancel_button.isVisible(), timeout=UI_MS)
    qtbot.waitUntil(lambda: fake_llm.chat_requests() and len(fake_llm.chat_requests()) > asked, timeout=UI_MS)
    panel.cancel_button.click()
    qtbot.waitUntil(lambda: panel._task is None and panel.get_button.isVisible(), timeout=UI_MS)
    assert panel.status.text() == tr("feedback.cancelled", lang)
    assert reply["work_on"][0] in panel.view.toPlainText()
    assert cached_debrief(archive.db, archive.session_id).work_on == reply["work_on"]  # type: ignore[union-attr]

    # Turned off later: the cached debrief stays readable, asking again is not offered.
    state.settings.set("llm_provider", "off")
    state.settings_changed.emit({"llm_provider"})
    assert panel.isVisible() and not panel.get_button.isEnabled()
