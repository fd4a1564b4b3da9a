"""Save a screenshot of every screen, in Korean and English, for people to look at.

Usage: python tools/screenshots.py OUTDIR [--theme light|dark|both]
(offscreen unless DISPLAY/QT_QPA_PLATFORM say otherwise). Dark pictures are named NAME-dark-LANG.png.

Screens: start (loading, and ready: today's practice on an empty archive, a first day), the interview in each state (speaking, thinking, answering,
past the target, answered with its transcript, typed answer, help), the settings window's four
tabs and its AI page with the built-in provider, the question bank, and an error message. No device is opened: the interview runs without
a speaker, and a stand-in recorder only reports a level. Unless INTERVIEW_SIM_HOME says where, the
archive the start screen reads is a new one in a temporary folder: never the user's own.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from interview_sim.core.bank import Bank, load_bank
from interview_sim.core.interview import PlanOptions, State, Step
from interview_sim.core.settings import Settings
from interview_sim.core.templates import Template, load_templates
from interview_sim.devices.base import Level, NoInputDeviceError, Utterance
from interview_sim.i18n import LANGUAGES
from interview_sim.qt.app_state import AppState
from interview_sim.qt.errors import describe_error
from interview_sim.qt.interview_screen import InterviewDevices
from interview_sim.qt.main_window import MainWindow
from interview_sim.qt.theme import apply_font, apply_theme


class LevelOnlyRecorder:
    """Shows a speaking level on the meter; no database is given, so nothing is recorded."""

    sample_rate = 16_000

    def level(self) -> Level:
        return Level(-18.0, -9.0)


class HeldSpeaker:
    """Reads the question until the pictures let it finish: the "reading the question" state
    stays on the screen long enough to be captured. Nothing is played."""

    def __init__(self) -> None:
        self.utterances: list[Utterance] = []

    def say(self, text: str, lang: str, on_finished: Any = None) -> Utterance:
        self.utterances.append(Utterance(text, lang, spoken=True))
        return self.utterances[-1]

    def release(self) -> None:
        for utterance in self.utterances:
            utterance._finish(True)

    stop = release

    def replay(self, on_finished: Any = None) -> None:
        return None

    def synthesize_to_file(self, text: str, lang: str, out: Path) -> float:
        return 0.0

    def close(self) -> None:
        self.release()


class StaticServices:
    """Fixed device lists for the settings window's picture."""

    def input_devices(self) -> list[str]:
        return ["USB Microphone", "Built-in Audio Analog Stereo"]

    def output_devices(self) -> list[str]:
        return ["Built-in Audio Analog Stereo"]

    def voices(self) -> list[dict[str, Any]]:
        return [
            {"id": "ko", "name": "Korean", "languages": ["ko"]},
            {"id": "en-us", "name": "English (America)", "languages": ["en-us"]},
        ]

    def level_probe(self, device: str) -> Any:
        raise NoInputDeviceError("not in screenshots")

    def speak_sample(self, text: str, lang: str, *, settings: dict[str, Any]) -> None:
        pass

    def whisper_installed(self, size: str = "small") -> bool:
        return False

    def download_whisper(self, callbacks: Any, size: str = "small") -> None:
        pass

    def measure_whisper(self, size: str) -> tuple[str, float] | None:
        return None


def settle(ms: int = 120) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait_until(condition: Any, timeout_s: float = 15.0) -> None:
    """Let the event loop run until ``condition()`` (background work reporting back)."""
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError("timed out waiting for the screen to be ready")
        settle(20)


def save(widget: QWidget, out: Path, name: str, saved: list[Path]) -> None:
    settle()
    path = out / f"{name}.png"
    if not widget.grab().save(str(path)):
        raise RuntimeError(f"could not write {path}")
    saved.append(path)


def _window(lang: str, bank: Bank, templates: dict[str, Template]) -> MainWindow:
    state = AppState(Settings.load(Path(os.devnull)), lang=lang)
    window = MainWindow(state)
    window.resize(1100, 720)
    state.set_bank(bank, templates)
    window.show()
    return window


@contextmanager
def themed(theme: str) -> Iterator[None]:
    """The app in ``theme`` for the pictures, and its palette as it was afterwards."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    previous = app.palette()
    apply_theme(app, theme)
    try:
        yield
    finally:
        app.setPalette(previous)


def capture_all(out: Path, langs: tuple[str, ...] = LANGUAGES, theme: str = "light") -> list[Path]:
    """Every screen in each language; ``theme`` "dark" names them NAME-dark-LANG.png."""
    out.mkdir(parents=True, exist_ok=True)
    templates = load_templates()
    bank = load_bank(templates=templates)
    saved: list[Path] = []
    with themed(theme):
        for lang in langs:
            _capture_language(lang, f"dark-{lang}" if theme == "dark" else lang, bank, templates, out, saved)
    return saved


def _capture_language(
    lang: str, tag: str, bank: Bank, templates: dict[str, Template], out: Path, saved: list[Path]
) -> None:
    window = _window(lang, bank, templates)
    state = window.state
    state.set_speech_state("loading")
    save(window, out, f"start-loading-{tag}", saved)
    state.set_speech_state("ready")
    today = window.start_screen.today
    wait_until(lambda: today.plan is not None and not today._computing)
    window.start_screen.preselect(["network"], 5)
    save(window, out, f"start-{tag}", saved)

    state.problem.emit(describe_error(NoInputDeviceError("no input device found (devices: none)"), lang))
    save(window, out, f"error-{tag}", saved)
    window.start_screen.clear_problems()

    window.show_bank()
    window.browser.select_category("network")
    window.browser.questions.setCurrentRow(5)
    save(window, out, f"bank-{tag}", saved)

    _interview_states(window, bank, templates, lang, tag, out, saved)
    _settings_tabs(window, lang, tag, templates, out, saved)
    window.close()
    state.tasks.shutdown()
    state.close_own_db()  # the archive the start screen opened for today's practice
    window.deleteLater()
    settle(50)


def _interview_states(
    window: MainWindow,
    bank: Bank,
    templates: dict[str, Template],
    lang: str,
    tag: str,
    out: Path,
    saved: list[Path],
) -> None:
    screen = window.interview_screen
    speaker = HeldSpeaker()
    window.state.set_devices(InterviewDevices(speaker=speaker, recorder=LevelOnlyRecorder()))  # type: ignore[arg-type]
    intro = next(q for q in bank.questions if q.kind == "self-introduction")
    technical = next(q for q in bank.questions if q.id == "network.tcp-vs-udp")
    window.pages.setCurrentWidget(screen)
    screen.begin([Step(intro), Step(technical)], PlanOptions(think_s=5, review="each"), templates)
    interview = screen.interview
    assert interview is not None
    screen.timer.stop()  # the pictures are staged: no state changes behind our back
    save(window, out, f"interview-speaking-{tag}", saved)
    screen._apply(interview.question_spoken())
    speaker.release()  # its late "spoken" finds the interview thinking already: nothing changes
    save(window, out, f"interview-thinking-{tag}", saved)
    screen.toggle_answer()
    record = interview.records[0]
    assert record.started_at is not None and interview.state is State.ANSWERING
    record.started_at -= 25
    record.section_marks = [7.5, 21.0]
    screen._tick()
    save(window, out, f"interview-answering-{tag}", saved)
    record.started_at -= 50
    screen._tick()
    save(window, out, f"interview-overrun-{tag}", saved)
    screen.toggle_help()
    save(window, out, f"interview-help-{tag}", saved)
    screen.toggle_help()
    screen.toggle_answer()
    screen.transcripts[0] = (
        "안녕하세요. 백엔드 개발자로 지원한 김민수입니다. 대학에서 컴퓨터공학을 전공했고, "
        "결제 서비스의 API 서버를 개발하며 트래픽이 몰릴 때의 병목을 찾아 응답 시간을 절반으로 줄였습니다."
    )
    screen._refresh()
    save(window, out, f"interview-answered-{tag}", saved)
    window.state.set_devices(InterviewDevices())  # no microphone: the answer is typed
    screen.next_question()
    screen._apply(interview.question_spoken())
    screen._apply(interview.think_elapsed())
    screen.typed.setPlainText("TCP는 연결 지향이고 신뢰성을 보장합니다. UDP는 비연결형이라 빠릅니다.")
    save(window, out, f"interview-typed-{tag}", saved)
    screen.end_interview()


def _settings_tabs(
    window: MainWindow, lang: str, tag: str, templates: dict[str, Template], out: Path, saved: list[Path]
) -> None:
    from interview_sim.qt.app_state import AppState
    from interview_sim.qt.settings_dialog import SettingsDialog

    state = AppState(Settings.load(Path(os.devnull)), lang=lang, parent=window)
    if window.bank is not None:
        state.set_bank(window.bank, templates)
    dialog = SettingsDialog(state, StaticServices(), window)
    dialog.show()
    settle(200)
    for index, name in enumerate(("general", "sound", "recognition", "interview")):
        dialog.tabs.setCurrentIndex(index)
        if name == "recognition":
            engine = dialog.recognition.engine
            engine.setCurrentIndex(engine.findData("google"))  # shows the online warning
        save(dialog, out, f"settings-{name}-{tag}", saved)
    # The AI interviewer with the built-in provider: its model picker, size, licence, download.
    dialog.tabs.setCurrentWidget(dialog.ai)
    provider = dialog.ai.provider
    provider.setCurrentIndex(provider.findData("builtin"))
    wait_until(lambda: bool(dialog.ai.builtin.status.text()))
    save(dialog, out, f"settings-ai-builtin-{tag}", saved)
    dialog.reject()


def main() -> int:
    parser = argparse.ArgumentParser(description="Save a screenshot of every screen.")
    parser.add_argument("outdir", nargs="?", default="screenshots", type=Path)
    parser.add_argument("--theme", choices=("light", "dark", "both"), default="light")
    args = parser.parse_args()
    if not os.environ.get("DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("INTERVIEW_SIM_HOME", tempfile.mkdtemp(prefix="interview-sim-screenshots-"))
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    apply_font(app, 11)  # the CJK font, as the app sets it
    QCoreApplication.setApplicationName("InterviewSim")
    themes = ("light", "dark") if args.theme == "both" else (args.theme,)
    for theme in themes:
        for path in capture_all(args.outdir, theme=theme):
            print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
