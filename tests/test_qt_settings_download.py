"""The settings window's background work on real widgets (offscreen): the faster-whisper download
through the real model store (a fake server in place of the Hub), its consent asked with
TaskContext.ask, and the microphone test stopped while the device is still opening."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from interview_sim import paths
from interview_sim.core.settings import Settings
from interview_sim.devices.downloads import DownloadCallbacks
from interview_sim.devices.whisper_engine import WhisperModelStore
from interview_sim.qt.app_state import AppState
from interview_sim.qt.settings_dialog import SettingsDialog
from interview_sim.qt.settings_services import WHISPER_SIZE
from tests.test_qt_settings import FakeProbe, FakeServices
from tests.waits import UI_MS

FILES = {"config.json": b"{}", "model.bin": b"m" * 4000, "tokenizer.json": b"{}"}
CHUNK = 1000


class FakeHub:
    """The Hub's file list and downloads, in memory; ``model.bin`` waits at ``gate`` after each chunk."""

    def __init__(self) -> None:
        self.gate = threading.Event()
        self.streamed: list[str] = []
        self.threads: list[threading.Thread] = []

    def files(self, repo: str) -> list[tuple[str, int, str]]:
        self.threads.append(threading.current_thread())
        # The hub lists each file's SHA-256 (the Fetcher protocol); the store checks it.
        return [(name, len(data), hashlib.sha256(data).hexdigest()) for name, data in FILES.items()]

    def stream(self, repo: str, name: str) -> Iterator[bytes]:
        self.streamed.append(name)
        data = FILES[name]
        for start in range(0, len(data), CHUNK):
            yield data[start : start + CHUNK]
            if name == "model.bin":
                self.gate.wait(60)


class StoreServices(FakeServices):
    """The fake devices, with the real model store writing into the test's data folder."""

    def __init__(self) -> None:
        super().__init__()
        self.hub = FakeHub()
        self.store = WhisperModelStore(fetcher=self.hub)

    def whisper_installed(self, size: str = WHISPER_SIZE) -> bool:
        return self.store.is_installed(size)

    def download_whisper(self, callbacks: DownloadCallbacks, size: str = WHISPER_SIZE) -> None:
        self.store.download(size, callbacks)


@pytest.fixture
def state() -> Iterator[AppState]:
    settings = Settings.load(paths.settings_path())
    settings.set("refine_model", WHISPER_SIZE)  # the page downloads the second pass's chosen size
    state = AppState(settings, lang="en")
    yield state
    assert state.tasks.shutdown()


def open_dialog(qtbot: QtBot, state: AppState, services: FakeServices) -> SettingsDialog:
    dialog = SettingsDialog(state, services)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.tabs.setCurrentWidget(dialog.recognition)  # where the user downloads from
    qtbot.waitUntil(lambda: "Not installed" in dialog.recognition.whisper_status.text(), timeout=UI_MS)
    return dialog


def answer_consent(dialog: SettingsDialog, answer: bool) -> list[tuple[str, int, bool]]:
    """Answer the consent question with ``answer``; records (model, bytes, asked on GUI thread)."""
    asked: list[tuple[str, int, bool]] = []

    def consent(model: str, total: int) -> bool:
        asked.append((model, total, threading.current_thread() is threading.main_thread()))
        return answer

    dialog.recognition.ask_download_consent = consent  # type: ignore[method-assign]
    return asked


def model_folder(services: StoreServices) -> Path:
    return services.store.path(WHISPER_SIZE)


def test_declined_consent_downloads_nothing(qtbot: QtBot, state: AppState) -> None:
    services = StoreServices()
    dialog = open_dialog(qtbot, state, services)
    asked = answer_consent(dialog, False)
    dialog.recognition.whisper_download.click()
    qtbot.waitUntil(lambda: dialog.message.text() == "The download was cancelled.", timeout=UI_MS)
    assert asked == [("small", 4004, True)]  # the size first, then the question, on the GUI thread
    assert services.hub.streamed == [] and not model_folder(services).exists()
    assert threading.main_thread() not in services.hub.threads  # the list was fetched on a worker
    qtbot.waitUntil(lambda: dialog.recognition.whisper_download.isVisible(), timeout=UI_MS)
    assert dialog.recognition.whisper_cancel.isHidden() and dialog.recognition.whisper_progress.isHidden()


def test_accepted_download_shows_progress_then_is_installed(qtbot: QtBot, state: AppState) -> None:
    services = StoreServices()
    dialog = open_dialog(qtbot, state, services)
    asked = answer_consent(dialog, True)
    page = dialog.recognition
    page.whisper_download.click()
    qtbot.waitUntil(lambda: page.whisper_progress.value() > 0, timeout=UI_MS)  # the first chunk, reported
    assert page.whisper_progress.isVisible() and page.whisper_cancel.isVisible()
    assert page.whisper_download.isHidden()
    assert asked == [("small", 4004, True)]
    services.hub.gate.set()
    qtbot.waitUntil(lambda: dialog.message.text() == "The model is downloaded.", timeout=UI_MS)
    qtbot.waitUntil(lambda: page.whisper_status.text() == "Installed", timeout=UI_MS)
    assert page.whisper_download.isHidden() and page.whisper_progress.isHidden()
    assert services.store.is_installed(WHISPER_SIZE)
    assert (model_folder(services) / "model.bin").read_bytes() == FILES["model.bin"]


def test_cancel_mid_way_removes_the_partial_files(qtbot: QtBot, state: AppState) -> None:
    services = StoreServices()
    dialog = open_dialog(qtbot, state, services)
    answer_consent(dialog, True)
    page = dialog.recognition
    page.whisper_download.click()
    qtbot.waitUntil(lambda: page.whisper_progress.value() > 0, timeout=UI_MS)
    assert (model_folder(services) / "model.bin.part").exists()  # half-written, as on a slow line
    page.whisper_cancel.click()
    services.hub.gate.set()
    qtbot.waitUntil(lambda: dialog.message.text() == "The download was cancelled.", timeout=UI_MS)
    assert not model_folder(services).exists()  # nothing half-written is left
    assert not services.store.is_installed(WHISPER_SIZE)
    qtbot.waitUntil(
        lambda: page.whisper_download.isVisible() and page.whisper_status.text().startswith("Not"),
        timeout=UI_MS,
    )


def test_closing_the_window_stops_the_download_and_cleans_up(qtbot: QtBot, state: AppState) -> None:
    services = StoreServices()
    dialog = open_dialog(qtbot, state, services)
    answer_consent(dialog, True)
    dialog.recognition.whisper_download.click()
    qtbot.waitUntil(lambda: dialog.recognition.whisper_progress.value() > 0, timeout=UI_MS)
    dialog.reject()
    services.hub.gate.set()
    qtbot.waitUntil(lambda: state.tasks.running == 0, timeout=UI_MS)
    assert not model_folder(services).exists()


def test_closing_the_window_while_the_question_waits_answers_no(qtbot: QtBot, state: AppState) -> None:
    """A worker never hangs on a question nobody can answer: the window goes, the answer is no."""
    services = StoreServices()
    dialog = open_dialog(qtbot, state, services)
    asked: list[int] = []

    def close_instead(_model: str, total: int) -> bool:  # the user closes the window at the question
        asked.append(total)
        dialog.reject()
        return True  # too late: the task was cancelled with the window

    dialog.recognition.ask_download_consent = close_instead  # type: ignore[method-assign]
    dialog.recognition.whisper_download.click()
    qtbot.waitUntil(lambda: state.tasks.running == 0, timeout=UI_MS)
    assert asked == [4004]
    assert services.hub.streamed == [] and not model_folder(services).exists()
    assert not services.store.is_installed(WHISPER_SIZE)


class SlowProbe(FakeProbe):
    """A microphone that takes until ``opened`` is set to open."""

    opened = threading.Event()

    def start(self) -> None:
        self.opened.wait(60)
        super().start()


class SlowProbeServices(FakeServices):
    def level_probe(self, device: str) -> FakeProbe:
        probe = SlowProbe(self, device)
        self.probes.append(probe)
        return probe


@pytest.mark.parametrize("stop", ["button", "window"])
def test_a_microphone_stopped_while_opening_is_closed(qtbot: QtBot, state: AppState, stop: str) -> None:
    SlowProbe.opened = threading.Event()
    services = SlowProbeServices()
    dialog = SettingsDialog(state, services)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.sound.mic_test.click()
    qtbot.waitUntil(lambda: bool(services.probes), timeout=UI_MS)
    if stop == "button":
        dialog.sound.mic_test.click()
        assert not dialog.sound.mic_test.isChecked()
    else:
        dialog.reject()
    SlowProbe.opened.set()
    assert services.probes[0].stopped.wait(60)  # nobody holds it any more, so it was closed
    qtbot.waitUntil(lambda: state.tasks.running == 0, timeout=UI_MS)
    assert dialog.sound.meter.value() == dialog.sound.meter.minimum()


def test_a_result_nobody_wants_goes_to_on_dropped(qtbot: QtBot, state: AppState) -> None:
    """What makes a device opened for a window that is gone by then get closed (TaskManager)."""
    from PySide6.QtCore import QObject

    release = threading.Event()
    owner = QObject()
    done: list[str] = []
    dropped: list[str] = []
    state.tasks.run(
        lambda: release.wait(60) and "an open device",
        owner=owner,
        on_done=done.append,
        on_dropped=dropped.append,
    )
    with qtbot.waitSignal(owner.destroyed, timeout=UI_MS):
        owner.deleteLater()  # the window closed while the device was opening
    assert state.tasks.running == 1
    release.set()
    qtbot.waitUntil(lambda: dropped == ["an open device"], timeout=UI_MS)
    assert done == []
    # A wanted result goes to on_done only.
    keeper = QObject()
    state.tasks.run(lambda: "kept", owner=keeper, on_done=done.append, on_dropped=dropped.append)
    qtbot.waitUntil(lambda: done == ["kept"], timeout=UI_MS)
    assert dropped == ["an open device"]
