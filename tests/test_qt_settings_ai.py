"""The AI interviewer's settings page on real widgets (offscreen): where the data goes, the key in
the keyring (an in-memory keyring standing in for the OS one), the model list and the connection
test against the scripted server, and the values it hands to the window."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from interview_sim import api_keys, paths
from interview_sim.core.settings import Settings
from interview_sim.qt.app_state import AppState
from interview_sim.qt.settings_dialog import SettingsDialog
from tests.archive_fixtures import save_screenshot
from tests.llm_fake_server import FakeLLMServer, fake_llm
from tests.test_qt_settings import FakeServices
from tests.test_secrets_privacy import MemoryKeyring, memory_keyring
from tests.waits import UI_MS

__all__ = ["fake_llm", "memory_keyring"]

KEY = "sk-test-0123456789abcdef"


@pytest.fixture(autouse=True)
def _no_key_in_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(api_keys.env_variable("openai"), raising=False)


@pytest.fixture
def state() -> Iterator[AppState]:
    state = AppState(Settings.load(paths.settings_path()), lang="en")
    yield state
    assert state.tasks.shutdown()


def open_ai_page(qtbot: QtBot, state: AppState) -> SettingsDialog:
    dialog = SettingsDialog(state, FakeServices())
    qtbot.addWidget(dialog)
    dialog.resize(820, 620)
    dialog.show()
    dialog.show_page("ai")
    return dialog


def test_online_label_for_another_computer_only(
    qtbot: QtBot, state: AppState, memory_keyring: MemoryKeyring
) -> None:
    dialog = open_ai_page(qtbot, state)
    page = dialog.ai
    assert dialog.tabs.currentWidget() is page
    assert page.provider.currentData() == "off"
    assert not page.online_warning.isVisible() and not page.base_url.isEnabled()
    page.provider.setCurrentIndex(page.provider.findData("openai"))
    page.base_url.setText("http://127.0.0.1:8080/v1")
    assert not page.online_warning.isVisible() and page.local_note.isVisible()
    page.base_url.setText("https://api.example.com/v1")
    assert page.online_warning.isVisible() and not page.local_note.isVisible()
    warning = page.online_warning.text()
    assert "api.example.com" in warning and "transcript" in warning and "reference answers" in warning
    page.base_url.setText("http://localhost:11434")
    assert not page.online_warning.isVisible()
    # Ollama's default address is this computer.
    page.provider.setCurrentIndex(page.provider.findData("ollama"))
    page.base_url.setText("")
    assert not page.online_warning.isVisible()
    page.base_url.setText("http://192.168.0.10:11434")
    assert page.online_warning.isVisible()


def test_key_goes_to_the_keyring_never_the_settings_file(
    qtbot: QtBot, state: AppState, memory_keyring: MemoryKeyring
) -> None:
    dialog = open_ai_page(qtbot, state)
    page = dialog.ai
    qtbot.waitUntil(lambda: page.key_status.text() == "No key is stored.", timeout=UI_MS)
    page.provider.setCurrentIndex(page.provider.findData("openai"))
    page.key.setText(KEY)
    page.key_save.click()
    qtbot.waitUntil(lambda: page.key_status.text() == "A key is stored in the system keyring.", timeout=UI_MS)
    assert memory_keyring.passwords[(api_keys.SERVICE, "openai")] == KEY
    assert page.key.text() == ""  # not kept in the field
    assert page.key_delete.isVisible()
    values = page.values()
    assert KEY not in json.dumps(values)
    dialog.accept()
    state.change_settings(dialog.changes.values)
    assert state.tasks.shutdown()
    assert KEY not in paths.settings_path().read_text(encoding="utf-8")
    assert json.loads(paths.settings_path().read_text(encoding="utf-8"))["values"]["llm_provider"] == "openai"


def test_a_key_that_cannot_be_stored_is_said(qtbot: QtBot, state: AppState) -> None:
    import keyring
    from keyring.backends import fail

    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        dialog = open_ai_page(qtbot, state)
        page = dialog.ai
        page.provider.setCurrentIndex(page.provider.findData("openai"))
        page.key.setText(KEY)
        with qtbot.waitSignal(page.notice, timeout=UI_MS) as told:
            page.key_save.click()
        message = str(told.args[0])
        assert "not saved" in message and "keyring" in message and KEY not in message
        qtbot.waitUntil(lambda: page.key_status.text() == "No key is stored.", timeout=UI_MS)
    finally:
        keyring.set_keyring(before)


def test_model_list_and_connection_test_against_the_server(
    qtbot: QtBot, state: AppState, fake_llm: FakeLLMServer, memory_keyring: MemoryKeyring
) -> None:
    fake_llm.models = ["qwen2.5:3b", "gemma3:270m"]
    dialog = open_ai_page(qtbot, state)
    page = dialog.ai
    page.provider.setCurrentIndex(page.provider.findData("openai"))
    page.base_url.setText(fake_llm.url)
    page.load_models()
    qtbot.waitUntil(lambda: page.model.count() == 2, timeout=UI_MS)
    assert [page.model.itemText(i) for i in range(2)] == ["qwen2.5:3b", "gemma3:270m"]
    assert page.models_status.text() == "Found 2 models."
    # An online address is not asked for its models until the user tests the connection.
    page.base_url.setText("https://api.example.com/v1")
    page.load_models()
    assert page.models_status.text() == ""
    page.base_url.setText(fake_llm.url)
    page.model.setEditText("gemma3:270m")
    page.test_button.click()
    qtbot.waitUntil(lambda: page.test_result.text().startswith("Connected"), timeout=UI_MS)
    assert page.test_result.text() == f"Connected to {fake_llm.url}/v1: 2 models."
    # A model the server does not have is said, not taken for a success.
    page.model.setEditText("llama-70b")
    page.test_button.click()
    qtbot.waitUntil(lambda: "llama-70b" in page.test_result.text(), timeout=UI_MS)
    assert "not in the server's list" in page.test_result.text()
    assert page.model.currentText() == "llama-70b"  # what the user typed stays
    # Nothing answers there: the plain message, with what to check.
    page.base_url.setText("http://127.0.0.1:9")
    page.test_button.click()
    qtbot.waitUntil(lambda: "Cannot connect" in page.test_result.text(), timeout=UI_MS)
    values = page.values()
    assert values == {
        "llm_provider": "openai",
        "llm_base_url": "http://127.0.0.1:9",
        "llm_model": "llama-70b",
        "llm_builtin_model": "qwen2.5-1.5b-instruct-q4_k_m",  # the built-in provider's, kept as it was
        "feedback_language": "question",
    }


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_screenshot_of_the_ai_page(
    qtbot: QtBot, memory_keyring: MemoryKeyring, fake_llm: FakeLLMServer, lang: str
) -> None:
    state = AppState(Settings.load(paths.settings_path()), lang=lang)
    try:
        state.settings.set("llm_provider", "openai")
        state.settings.set("llm_base_url", "https://api.example.com/v1")
        state.settings.set("llm_model", "gpt-4o-mini")
        dialog = open_ai_page(qtbot, state)
        page = dialog.ai
        qtbot.waitUntil(lambda: page.key_status.text() != "", timeout=UI_MS)
        assert page.online_warning.isVisible()
        assert page.models_status.text() == ""  # an online server is asked only on Test connection
        save_screenshot(dialog, f"settings-ai-{lang}.png")
    finally:
        assert state.tasks.shutdown()
