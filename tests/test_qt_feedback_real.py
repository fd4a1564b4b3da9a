"""The review's AI feedback panel against a real model server (llama.cpp's, from xllamacpp,
serving Gemma 3 270M): one short feedback run, streamed into the panel and cached. Structure,
not wisdom: the model is tiny."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from interview_sim.core.feedback import CRITERIA, Limits
from interview_sim.devices.player import FilePlayer
from interview_sim.qt.review_screen import ReviewScreen
from tests.archive_fixtures import Archive, archive_state, fill_archive
from tests.fakes import FakeSoundDevice
from tests.llm_real_server import RealServer, real_llm
from tests.test_llm_builtin import gemma_file
from tests.waits import MODEL_MS, UI_MS

__all__ = ["gemma_file", "real_llm"]

pytestmark = pytest.mark.realmodel


@pytest.fixture
def archive() -> Iterator[Archive]:
    filled = fill_archive()
    yield filled
    filled.close()


def test_real_feedback_streams_into_the_panel_and_is_cached(
    qtbot: QtBot, archive: Archive, real_llm: RealServer
) -> None:
    state = archive_state(archive, "en")
    state.settings.set("llm_provider", "openai")
    state.settings.set("llm_base_url", real_llm.url)
    state.settings.set("llm_model", "gemma")
    screen = ReviewScreen(state, FilePlayer(FakeSoundDevice(has_input=False, output_speed=1.0)))
    qtbot.addWidget(screen)
    screen.show()
    screen.open_attempt(archive.english_id)
    qtbot.waitUntil(lambda: screen.attempt is not None, timeout=UI_MS)
    panel = screen.feedback_panel
    panel.limits = Limits.tiny()
    shown: list[str] = []
    panel.view.textChanged.connect(lambda: shown.append(panel.view.toPlainText()))
    panel.get_button.click()
    qtbot.waitUntil(lambda: not panel.streaming and panel.feedback is not None, timeout=MODEL_MS)
    assert panel.status.text() == ""
    text = panel.view.toPlainText()
    assert all(f"{c.capitalize()}  " in text for c in CRITERIA)
    assert panel.headline.text() and "gemma" in panel.by.text()
    assert len(set(shown)) >= 2  # drawn as it arrived, not only at the end
    stored = archive.db.feedback_of(archive.english_id)
    assert len(stored) == 1 and stored[0].model == "gemma"


def test_builtin_feedback_loads_the_engine_off_the_gui_thread_and_streams_into_the_panel(
    qtbot: QtBot, archive: Archive, gemma_file: Path
) -> None:
    from interview_sim.llm import builtin

    builtin.shutdown()
    state = archive_state(archive, "en")
    state.settings.set("llm_provider", "builtin")
    state.settings.set("llm_builtin_model", str(gemma_file))
    screen = ReviewScreen(state, FilePlayer(FakeSoundDevice(has_input=False, output_speed=1.0)))
    qtbot.addWidget(screen)
    screen.show()
    screen.open_attempt(archive.english_id)
    qtbot.waitUntil(lambda: screen.attempt is not None, timeout=UI_MS)
    panel = screen.feedback_panel
    panel.limits = Limits.tiny()
    try:
        panel.get_button.click()
        # The click returned at once (the model loads on a worker) and the panel says why it waits.
        assert panel.streaming and "loading the built-in model" in panel.status.text()
        qtbot.waitUntil(lambda: not panel.streaming and panel.feedback is not None, timeout=180_000)
        assert builtin.engine().running_model == gemma_file
        assert all(f"{c.capitalize()}  " in panel.view.toPlainText() for c in CRITERIA)
        stored = archive.db.feedback_of(archive.english_id)
        assert len(stored) == 1 and stored[0].provider == "builtin"
    finally:
        assert state.tasks.shutdown()
        builtin.shutdown()
