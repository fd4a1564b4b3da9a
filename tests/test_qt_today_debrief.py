"""The start screen's "three things to work on" from the last session's AI debrief (issue 15),
on a real SQLite archive and real widgets (offscreen): the debrief's sentences as plain text
under a title that says where they come from, its picks first in today's practice, and the panel
read again when a debrief is cached."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from interview_sim.core.debrief import Debrief, save_debrief
from interview_sim.core.today import FOCUS_DEBRIEF
from interview_sim.i18n import tr
from tests.archive_fixtures import Archive, fill_archive, save_screenshot
from tests.test_qt_today import history_state, shown, start_screen
from tests.waits import UI_MS

WORK_ON = {
    "ko": ["흐름 제어와 혼잡 제어를 덧붙이세요.", "예시를 하나 드세요.", "<b>결론</b>부터 말하세요."],
    "en": ["Add flow and congestion control.", "Give one example.", "Lead with the <b>conclusion</b>."],
}


@pytest.fixture
def archive() -> Iterator[Archive]:
    archive = fill_archive()
    yield archive
    archive.close()


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_focus_and_first_questions_come_from_the_debrief(qtbot: QtBot, archive: Archive, lang: str) -> None:
    state = history_state(archive)
    state.set_language(lang)
    state.settings.set("question_langs", "both")
    screen = start_screen(qtbot, state)
    today = screen.today
    assert today.plan is not None and today.plan.focus_source == "metrics"
    assert shown(today.focus_title) == tr("today.focus_title", lang)

    # A debrief of the last session is cached (as the summary does): the panel reads it again.
    save_debrief(
        archive.db,
        archive.session_id,
        Debrief(["Clear."], WORK_ON[lang], ["network.hostile", "network.tcp"], "openai", "m", lang=lang),
    )
    with qtbot.waitSignal(state.debrief_changed, timeout=UI_MS):
        state.debrief_changed.emit(archive.session_id)
    qtbot.waitUntil(
        lambda: today.plan is not None and today.plan.focus_source == FOCUS_DEBRIEF and not today._computing,
        timeout=UI_MS,
    )
    assert shown(today.focus_title) == tr("today.focus_title_debrief", lang)
    # the model's words shown as written, markup included as text
    assert shown(today.focus_list).splitlines() == [f"{n}. {t}" for n, t in enumerate(WORK_ON[lang], 1)]
    assert today.plan.practice[:2] == ["network.hostile", "network.tcp"]
    assert tr("today.picked", lang, count=2) in shown(today.summary)
    save_screenshot(screen, f"start-today-debrief-{lang}.png")
