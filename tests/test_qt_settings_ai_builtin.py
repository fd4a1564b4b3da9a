"""The built-in provider on the AI settings page, on real widgets (offscreen): the rows it shows,
the model download through the real store (an in-memory hub in place of Hugging Face) with its
consent asked on the GUI thread, progress and cancel, and a GGUF file of the user's own."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from interview_sim import paths
from interview_sim.core.settings import Settings
from interview_sim.llm.models import DEFAULT_MODEL, ModelStore
from interview_sim.qt.app_state import AppState
from interview_sim.qt.settings_dialog import SettingsDialog
from tests.archive_fixtures import save_screenshot
from tests.test_llm_builtin import GOOD, MemoryHub, entry
from tests.test_qt_settings import FakeServices
from tests.waits import UI_MS


@pytest.fixture
def state() -> Iterator[AppState]:
    state = AppState(Settings.load(paths.settings_path()), lang="en")
    yield state
    assert state.tasks.shutdown()


def open_builtin(qtbot: QtBot, state: AppState, hub: MemoryHub | None = None) -> SettingsDialog:
    dialog = SettingsDialog(state, FakeServices())
    qtbot.addWidget(dialog)
    dialog.resize(820, 620)
    dialog.show()
    dialog.show_page("ai")
    rows = dialog.ai.builtin
    if hub is not None:
        model = entry(key=DEFAULT_MODEL)  # the page's default choice, tiny and served from memory
        rows.store = ModelStore(paths.models_dir() / "llm", hub, {model.key: model})
    dialog.ai.provider.setCurrentIndex(dialog.ai.provider.findData("builtin"))
    qtbot.waitUntil(lambda: bool(rows.status.text()), timeout=UI_MS)
    return dialog


def answer_consent(dialog: SettingsDialog, answer: bool) -> list[tuple[str, int, bool]]:
    asked: list[tuple[str, int, bool]] = []

    def consent(model: str, total: int) -> bool:
        asked.append((model, total, threading.current_thread() is threading.main_thread()))
        return answer

    dialog.ai.builtin.ask_consent = consent  # type: ignore[method-assign]
    return asked


def test_choosing_built_in_shows_its_model_rows_and_says_it_is_local(qtbot: QtBot, state: AppState) -> None:
    dialog = open_builtin(qtbot, state)
    page = dialog.ai
    form = page.form
    assert page.builtin.isVisible() and page.builtin_note.isVisible()
    assert "nothing leaves it" in page.builtin_note.text()
    for cell in (page.url_cell, page.model_cell, page.key_cell):
        assert not form.isRowVisible(cell)  # no address, server model list or key
    assert not page.online_warning.isVisible() and not page.sends_off_computer()
    assert page.builtin.status.text() == "Not downloaded yet (986 MB)."
    assert "Apache-2.0" in page.builtin.licence.text()
    assert page.builtin.download_button.isVisible()
    assert page.values()["llm_provider"] == "builtin"
    assert page.values()["llm_builtin_model"] == DEFAULT_MODEL

    page.provider.setCurrentIndex(page.provider.findData("ollama"))
    assert not page.builtin.isVisible() and form.isRowVisible(page.url_cell)


def test_download_asks_consent_on_the_gui_thread_shows_progress_and_installs(
    qtbot: QtBot, state: AppState
) -> None:
    hub = MemoryHub()
    hub.gate = threading.Event()
    dialog = open_builtin(qtbot, state, hub)
    rows = dialog.ai.builtin
    asked = answer_consent(dialog, True)
    rows.download_button.click()
    qtbot.waitUntil(lambda: rows.progress.value() > 0, timeout=UI_MS)
    assert asked == [("Tiny GGUF", len(GOOD), True)]
    assert rows.cancel_button.isVisible() and rows.download_button.isHidden()
    hub.gate.set()
    qtbot.waitUntil(lambda: dialog.message.text() == "The built-in AI model was downloaded.", timeout=UI_MS)
    qtbot.waitUntil(lambda: rows.status.text() == "Downloaded.", timeout=UI_MS)
    assert rows.store.path(DEFAULT_MODEL).read_bytes() == GOOD
    assert rows.download_button.isHidden() and rows.progress.isHidden()


def test_cancelled_download_leaves_nothing_and_offers_the_button_again(qtbot: QtBot, state: AppState) -> None:
    hub = MemoryHub()
    hub.gate = threading.Event()
    dialog = open_builtin(qtbot, state, hub)
    rows = dialog.ai.builtin
    answer_consent(dialog, True)
    rows.download_button.click()
    qtbot.waitUntil(lambda: rows.progress.value() > 0, timeout=UI_MS)
    rows.cancel_button.click()
    hub.gate.set()
    qtbot.waitUntil(lambda: dialog.message.text() == "The download was cancelled.", timeout=UI_MS)
    qtbot.waitUntil(
        lambda: rows.download_button.isVisible() and rows.status.text().startswith("Not downloaded"),
        timeout=UI_MS,
    )
    assert list(rows.store.root.iterdir()) == []


def test_declined_consent_downloads_nothing(qtbot: QtBot, state: AppState) -> None:
    hub = MemoryHub()
    dialog = open_builtin(qtbot, state, hub)
    rows = dialog.ai.builtin
    asked = answer_consent(dialog, False)
    rows.download_button.click()
    qtbot.waitUntil(lambda: dialog.message.text() == "The download was cancelled.", timeout=UI_MS)
    assert len(asked) == 1 and hub.streamed == 0
    qtbot.waitUntil(lambda: rows.download_button.isVisible(), timeout=UI_MS)


def test_a_gguf_file_of_ones_own_is_used_tested_and_saved(
    qtbot: QtBot, state: AppState, tmp_path: Path
) -> None:
    own = tmp_path / "mine.gguf"
    own.write_bytes(GOOD)
    dialog = open_builtin(qtbot, state)
    page = dialog.ai
    page.builtin.use_file(str(own))
    qtbot.waitUntil(lambda: page.builtin.status.text() == f"Uses this file: {own}", timeout=UI_MS)
    assert page.builtin.model.currentText() == "My file: mine.gguf"
    assert page.builtin.download_button.isHidden() and not page.builtin.licence.isVisible()
    page.test_button.click()
    qtbot.waitUntil(lambda: page.test_result.text() == "The model file is ready (mine.gguf).", timeout=UI_MS)

    broken = tmp_path / "broken.gguf"
    broken.write_bytes(b"not a model")
    page.builtin.use_file(str(broken))
    qtbot.waitUntil(lambda: "is not a usable GGUF model file" in page.builtin.status.text(), timeout=UI_MS)

    page.builtin.use_file(str(own))
    qtbot.waitUntil(lambda: page.builtin.status.text() == f"Uses this file: {own}", timeout=UI_MS)
    dialog.accept()
    state.change_settings(dialog.changes.values)
    assert state.settings.get("llm_provider") == "builtin"
    assert state.settings.get("llm_builtin_model") == str(own)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_screenshot_of_the_built_in_choice(qtbot: QtBot, lang: str) -> None:
    state = AppState(Settings.load(paths.settings_path()), lang=lang)
    try:
        dialog = open_builtin(qtbot, state)
        save_screenshot(dialog, f"settings-ai-builtin-{lang}.png")
    finally:
        assert state.tasks.shutdown()
