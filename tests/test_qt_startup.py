"""Start-up behaviour: the window shows while the devices and the speech model load, an interview
started meanwhile waits for them, recovered answers are transcribed in the background, and device
errors are shown translated with what to do."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from interview_sim import paths
from interview_sim.core.settings import Settings
from interview_sim.core.storage import Database
from interview_sim.devices.base import (
    DeviceError,
    DeviceLostError,
    DiskFullError,
    EngineUnavailableError,
    NoInputDeviceError,
    NoOutputDeviceError,
    NoVoiceError,
)
from interview_sim.i18n import tr
from interview_sim.qt.app import create_window
from interview_sim.qt.device_setup import open_devices
from interview_sim.qt.errors import describe_error, error_key
from interview_sim.qt.interview_screen import InterviewDevices
from interview_sim.qt.main_window import MainWindow
from tests.fakes import FakeTranscriber
from tests.waits import UI_MS


class SlowTranscriber(FakeTranscriber):
    """A model that takes as long to load as the test says, loading on whatever thread asks."""

    def __init__(self) -> None:
        super().__init__()
        self.loaded = threading.Event()
        self.load_threads: list[threading.Thread] = []

    def open_stream(self, lang: str, *, partials: bool = True):  # type: ignore[no-untyped-def]
        self.load_threads.append(threading.current_thread())
        assert self.loaded.wait(60)
        return super().open_stream(lang, partials=partials)


def window_with(qtbot: QtBot, opener, lang: str = "ko") -> MainWindow:  # type: ignore[no-untyped-def]
    settings = Settings.load(paths.settings_path())
    settings.set("ui_language", lang)
    settings.set("think_time_s", 0)
    window = create_window(settings, argparse.Namespace(category=["network"], count=1), open_devices=opener)
    qtbot.addWidget(window)
    window.show()
    return window


def test_window_shows_loading_and_an_early_start_waits_for_the_model(qtbot: QtBot) -> None:
    transcriber = SlowTranscriber()
    window = window_with(qtbot, lambda _s: (InterviewDevices(transcriber=transcriber), []))
    qtbot.waitUntil(lambda: window.bank is not None, timeout=UI_MS)
    assert window.speech_state == "loading"
    assert "불러오는 중" in window.speech_status.text()
    assert window.start_screen.speech_notice.isVisible()
    window.start_screen.start()  # Enter before the model is ready
    assert window.pages.currentWidget() is window.start_screen
    assert "준비되면" in window.start_screen.message.text()
    transcriber.loaded.set()
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.interview_screen, timeout=UI_MS)
    assert window.speech_state == "ready" and not window.start_screen.speech_notice.isVisible()
    assert threading.main_thread() not in transcriber.load_threads


def test_a_missing_model_is_reported_and_the_app_goes_on(qtbot: QtBot) -> None:
    broken = FakeTranscriber(fail_open=EngineUnavailableError("the Korean Vosk model is missing"))
    window = window_with(qtbot, lambda _s: (InterviewDevices(transcriber=broken), []), lang="en")
    qtbot.waitUntil(lambda: window.speech_state == "unavailable", timeout=UI_MS)
    # Kept on the start screen: the bank's count in the status bar does not hide it.
    qtbot.waitUntil(lambda: window.bank is not None, timeout=UI_MS)
    problems = window.start_screen.problems
    assert problems.isVisible()
    assert "speech recognition model cannot be used" in problems.text()
    # The model's own words are the detail, apart from the sentence: in the tooltip.
    assert "Korean Vosk model is missing" in problems.toolTip()
    assert "Korean Vosk model is missing" not in problems.text()


def recovered_answer(db: Database) -> int:
    wav = paths.recordings_dir() / "interrupted.wav"
    sf.write(str(wav), np.zeros(16_000, np.int16), 16_000, subtype="PCM_16")
    session = db.create_session()
    return db.create_attempt(session, "network.tcp-vs-udp", audio_path=str(wav), sample_rate=16_000)


def test_interrupted_answers_are_transcribed_in_the_background_with_a_notice(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Database.open(paths.database_path()) as db:
        attempt_id = recovered_answer(db)
    recovery_engine = SlowTranscriber()
    monkeypatch.setattr("interview_sim.core.recovery.default_recovery_transcriber", lambda: recovery_engine)
    settings = Settings.load(paths.settings_path())
    settings.set("stt_engine", "google")  # never used for recovered answers: those stay offline
    # The real opener with its database step; the other devices may be missing on this machine.
    window = window_with(qtbot, lambda _s: open_devices(settings))
    # Every status line, in order: another notice (a missing second-pass model, say) may follow
    # the recovery's at once and replace it in the status bar before a poll would see it.
    said: list[str] = []
    window.state.message.connect(lambda text: said.append(str(text)))
    qtbot.waitUntil(lambda: any("복구해 글로 옮기는 중" in text for text in said), timeout=UI_MS)
    assert window.isVisible()  # nothing blocks: the notice is in the status bar
    recovery_engine.loaded.set()
    qtbot.waitUntil(lambda: any("복구했습니다" in text for text in said), timeout=UI_MS)
    assert threading.main_thread() not in recovery_engine.load_threads
    with Database.open(paths.database_path()) as db:
        attempt = db.attempt(attempt_id)
        assert attempt is not None and attempt.status == "recovered"
        assert [t.text for t in attempt.transcripts] == ["heard 16000 samples"]


@pytest.mark.parametrize(
    ("error", "key"),
    [
        (NoInputDeviceError("no input device"), "error.no_microphone"),
        (NoOutputDeviceError("no output device"), "error.no_speaker"),
        (NoVoiceError("no Korean voice"), "error.no_voice"),
        (DiskFullError("no space left"), "error.disk_full"),
        (OSError(28, "No space left on device"), "error.disk_full"),
        (DeviceLostError("device vanished"), "error.device_lost"),
        (EngineUnavailableError("model missing"), "error.model_missing"),
        (DeviceError("odd"), "error.device"),
        (RuntimeError("boom"), "error.unexpected"),
    ],
)
def test_device_errors_are_translated_with_advice_and_detail(error: BaseException, key: str) -> None:
    assert error_key(error) == key
    korean, english = describe_error(error, "ko"), describe_error(error, "en")
    assert korean.text != english.text
    # The sentence is the user's language only; the device's own (English) words are the detail.
    assert korean.detail == english.detail == str(error)
    assert str(error) not in korean.text and str(error) not in english.text
    assert str(error) in korean.full()
    assert any("\uac00" <= ch <= "\ud7a3" for ch in korean.text)  # Hangul
    assert korean.text == tr(key, "ko") and english.text == tr(key, "en")
    assert str(korean) == korean.text


def test_no_microphone_during_an_answer_is_shown_in_the_interface_language(qtbot: QtBot) -> None:
    from tests.test_qt_interview_screen import FakeRecorder, FakeSpeaker

    with Database.open(paths.database_path()) as db:
        devices = InterviewDevices(speaker=FakeSpeaker(), recorder=FakeRecorder(fail=True), db=db)
        window = window_with(qtbot, lambda _s: (devices, []), lang="en")
        qtbot.waitUntil(lambda: window.bank is not None and window.speech_state != "loading", timeout=UI_MS)
        window.start_screen.start()
        screen = window.interview_screen
        qtbot.waitUntil(lambda: "No microphone found" in screen.notice.text(), timeout=UI_MS)
        # The device's own words are the detail, apart from the sentence: in the tooltip.
        assert "plug one in" in screen.notice.toolTip() and "plug one in" not in screen.notice.text()
        qtbot.waitUntil(lambda: screen.typed.isVisible(), timeout=UI_MS)
        qtbot.keyClick(screen, Qt.Key.Key_Escape)


def test_fake_transcriber_takes_the_partials_keyword(tmp_path: Path) -> None:
    stream = FakeTranscriber().open_stream("ko", partials=False)
    assert stream.feed(b"\0\0" * 10) == "10 samples"


def test_enter_before_the_questions_loaded_starts_once_they_are_there(qtbot: QtBot) -> None:
    window = window_with(qtbot, lambda _s: (InterviewDevices(), []), lang="en")
    assert window.bank is None
    qtbot.keyClick(window.start_screen.start_button, Qt.Key.Key_Return)
    assert "still loading" in window.start_screen.message.text()
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.interview_screen, timeout=UI_MS)
    interview = window.interview_screen.interview
    assert (
        interview is not None and interview.steps[0].question.category == "network"
    )  # from the command line
    qtbot.keyClick(window.interview_screen, Qt.Key.Key_Escape)


def test_disk_full_during_an_answer_is_shown_translated_and_the_audio_kept(qtbot: QtBot) -> None:
    from interview_sim.devices.base import RecordingResult
    from tests.test_qt_interview_screen import FakeRecorder, FakeSpeaker

    class DiskFullRecorder(FakeRecorder):
        def stop(self) -> RecordingResult:
            result = super().stop()
            result.error = f"no space left to record to {self.path}"
            return result

    with Database.open(paths.database_path()) as db:
        devices = InterviewDevices(speaker=FakeSpeaker(), recorder=DiskFullRecorder(), db=db)
        window = window_with(qtbot, lambda _s: (devices, []))
        qtbot.waitUntil(lambda: window.bank is not None and window.speech_state != "loading", timeout=UI_MS)
        window.start_screen.start()
        screen = window.interview_screen
        interview = screen.interview
        assert interview is not None
        qtbot.waitUntil(lambda: interview.state.value == "answering", timeout=UI_MS)
        screen.toggle_answer()
        qtbot.waitUntil(lambda: "디스크 공간이 부족합니다" in screen.notice.text(), timeout=UI_MS)
        assert "no space left" in screen.notice.toolTip() and "no space left" not in screen.notice.text()
        # The answer as saved, not its row (written as "recording" before the audio is).
        qtbot.waitUntil(lambda: len(db.attempts_with_status("finished")) == 1, timeout=UI_MS)
        attempt = db.attempts_with_status("finished")[0]
        assert attempt.audio_path and Path(attempt.audio_path).exists()
        screen.end_interview()


def test_reopening_devices_closes_the_old_speaker_and_keeps_the_database(qtbot: QtBot) -> None:
    from tests.test_qt_interview_screen import FakeSpeaker

    class ClosingSpeaker(FakeSpeaker):
        def __init__(self) -> None:
            super().__init__()
            self.closed = threading.Event()

        def close(self) -> None:
            self.closed.set()

    opened: list[InterviewDevices] = []

    def opener(_settings: Settings) -> tuple[InterviewDevices, list[str]]:
        devices = InterviewDevices(speaker=ClosingSpeaker(), db=Database.open(paths.database_path()))
        opened.append(devices)
        return devices, []

    window = window_with(qtbot, opener)
    qtbot.waitUntil(lambda: window.speech_state != "loading", timeout=UI_MS)
    controller = window.controller  # type: ignore[attr-defined]
    first = opened[0]
    controller.load_devices()  # as after a device setting changed
    qtbot.waitUntil(lambda: len(opened) == 2 and window.speech_state != "loading", timeout=UI_MS)
    assert first.speaker is not None and first.speaker.closed.wait(60)  # type: ignore[attr-defined]
    assert controller.devices.db is first.db  # the handle in use stays
    assert window.interview_screen.devices is controller.devices
    controller.shutdown()


def test_the_start_path_leaves_the_archive_the_bank_and_the_devices_for_later() -> None:
    """Issue 4: what the first paint waits for. These modules load after it, where first used."""
    later = [
        "interview_sim.core.storage",
        "interview_sim.core.bank",
        "interview_sim.core.templates",
        "interview_sim.core.interview",
        "dataclasses",
        "interview_sim.qt.interview_screen",
        "interview_sim.qt.review_screen",
        "interview_sim.qt.settings_dialog",
        "interview_sim.devices.base",
        "logging.handlers",
        "numpy",
        "soundfile",
    ]
    code = (
        "import sys\n"
        "import interview_sim.cli, interview_sim.logsetup, interview_sim.qt.app\n"
        f"print(sorted(set(sys.modules) & set({later!r})))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


FIRST_PAINT_PROBE = """
import os
from PySide6 import QtCore
from interview_sim.qt import main_window

def first_paint(window, event):
    # ``Qt`` enters the module's namespace the first time it is used, with its enums.
    print("built" if "Qt" in QtCore.__dict__ else "not built", flush=True)
    os._exit(0)

main_window.MainWindow.paintEvent = first_paint
from interview_sim.cli import main
main([])
"""


def test_the_first_paint_does_without_the_qt_namespace(tmp_path: Path) -> None:
    """Issue 4, cold start: naming ``Qt`` builds the Python enums of the whole Qt namespace
    (some 25 ms, a fifth of a bare window's start). The start path leaves it for later."""
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "INTERVIEW_SIM_HOME": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-c", FIRST_PAINT_PROBE], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip() == "not built", result.stderr[-2000:]
