"""The interview screen on real widgets (offscreen) with fake devices, driven by keys."""

from __future__ import annotations

import os
import threading
import wave
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRectF, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from interview_sim import paths
from interview_sim.core.bank import load_bank
from interview_sim.core.interview import PlanOptions, State, Step, Timing, plan_session
from interview_sim.core.settings import Settings
from interview_sim.core.storage import STATUS_TYPED, Database
from interview_sim.core.templates import load_templates
from interview_sim.devices.base import (
    Level,
    NoInputDeviceError,
    RecordingResult,
    TranscriptResult,
    Utterance,
)
from interview_sim.i18n import LANGUAGES
from interview_sim.qt.app_state import AppState
from interview_sim.qt.interview_screen import InterviewDevices, InterviewScreen, fmt_s
from interview_sim.qt.theme import BAD, GOOD, MUTED, THINK, WARN, tone
from interview_sim.qt.widgets import HELP_BACKGROUND, OVERTIME_SHARE, PrimaryButton
from tests.test_qt_theme import contrast
from tests.waits import UI_MS


def colour_distance(first: QColor, second: QColor) -> int:
    return sum(abs(a - b) for a, b in zip(first.getRgb()[:3], second.getRgb()[:3], strict=True))


ARTIFACTS = Path(
    os.environ.get("INTERVIEW_SIM_ARTIFACTS", Path(__file__).resolve().parent.parent / "test-artifacts")
)


class FakeSpeaker:
    def __init__(self) -> None:
        self.said: list[str] = []
        self.stops = 0

    def say(self, text: str, lang: str, on_finished: Callable[[Utterance], None] | None = None) -> Utterance:
        self.said.append(text)
        utterance = Utterance(text, lang, spoken=True)
        utterance._finish(True)
        return utterance

    def replay(self, on_finished: Callable[[Utterance], None] | None = None) -> Utterance | None:
        return None

    def stop(self) -> None:
        self.stops += 1

    def synthesize_to_file(self, text: str, lang: str, out: Path) -> float:
        return 0.0

    def close(self) -> None:
        pass


class FakeRecorder:
    """Writes a short silent WAV and feeds one block of audio to the live transcriber."""

    sample_rate = 16_000

    def __init__(self, fail: bool = False) -> None:
        self.fail = fail
        self._stopped = threading.Event()
        self.path = Path()

    def open(self) -> int:
        if self.fail:
            raise NoInputDeviceError("no microphone found; plug one in or type the answer")
        return self.sample_rate

    def start(self, path: Path, *, on_audio=None, max_seconds=None, silence_seconds=None) -> None:
        self._stopped.clear()
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        with wave.open(str(path), "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(self.sample_rate)
            out.writeframes(b"\0\0" * self.sample_rate)
        if on_audio is not None:
            on_audio(b"\0\0" * 1600)

    def level(self) -> Level:
        return Level(-18.0, -6.0)

    def wait(self, timeout: float | None = None) -> bool:
        return self._stopped.wait(timeout)

    def stop(self) -> RecordingResult:
        self._stopped.set()
        return RecordingResult(self.path, self.sample_rate, 1, self.sample_rate, "user")


class FakeStream:
    def __init__(self, lang: str) -> None:
        self.lang = lang

    def feed(self, pcm: bytes) -> str | None:
        return "TCP는 (천) 연결 [2] 지향"  # the recognizer's own tokens: the captions drop them

    def finish(self) -> TranscriptResult:
        return TranscriptResult("TCP는 연결 지향 프로토콜입니다", [], "fake", 1.0, self.lang)


class FakeTranscriber:
    name = "fake"
    label = "Fake"
    offline = True

    def preload(self) -> None:
        pass

    def open_stream(self, lang: str, *, partials: bool = True) -> FakeStream:
        self.partials = partials
        return FakeStream(lang)


@pytest.fixture
def db() -> Iterator[Database]:
    database = Database.open(paths.database_path())
    yield database
    database.close()


def two_steps() -> tuple[list[Step], dict]:
    templates = load_templates()
    bank = load_bank(templates=templates)
    return plan_session(bank, PlanOptions(categories=("network",), count=2)), templates


class ManualClock:
    """The interview's clock, moved by the test: what the large clock shows then depends on the
    interview's state alone, not on how long a busy machine took between two lines of the test."""

    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


def make_screen(qtbot: QtBot, devices: InterviewDevices, lang: str = "ko") -> InterviewScreen:
    state = AppState(Settings.load(paths.settings_path()), lang=lang)
    state.set_devices(devices)
    screen = InterviewScreen(state)
    qtbot.addWidget(screen)
    screen.resize(1000, 680)
    screen.show()
    screen.activateWindow()
    screen.setFocus()
    # Shortcuts only reach the active window, and activation arrives as an event.
    qtbot.waitUntil(lambda: QApplication.activeWindow() is screen, timeout=UI_MS)
    return screen


def key(qtbot: QtBot, screen: InterviewScreen, code: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    widget = screen.focusWidget() or screen
    qtbot.keyClick(widget, code, modifier)


def test_two_question_interview_by_keyboard_is_stored(qtbot: QtBot, db: Database) -> None:
    speaker = FakeSpeaker()
    devices = InterviewDevices(speaker, FakeRecorder(), FakeTranscriber(), db)
    screen = make_screen(qtbot, devices)
    screen.live_captions = True
    steps, templates = two_steps()
    screen.begin(steps, PlanOptions(think_s=0), templates)
    interview = screen.interview
    assert interview is not None
    for number in range(2):
        qtbot.waitUntil(lambda: interview.state is State.ANSWERING, timeout=UI_MS)
        assert screen.question.text() == steps[number].question.question
        qtbot.waitUntil(lambda: screen.captions.text() == "TCP는 연결 지향", timeout=UI_MS)
        key(qtbot, screen, Qt.Key.Key_Tab)  # Tab is keyboard navigation, not a section mark
        assert interview.records[number].section_marks == []
        key(qtbot, screen, Qt.Key.Key_N)
        assert len(interview.records[number].section_marks) == 1
        key(qtbot, screen, Qt.Key.Key_Space)
        assert interview.state is State.ANSWERED
        qtbot.waitUntil(lambda n=number: n in screen.transcripts, timeout=UI_MS)
        assert "연결 지향" in screen.review.text()  # review after each answer
        if number == 0:
            key(qtbot, screen, Qt.Key.Key_Return)
    with qtbot.waitSignal(screen.finished, timeout=UI_MS):
        key(qtbot, screen, Qt.Key.Key_Escape)
    assert speaker.said == [s.question.question for s in steps]

    def stored() -> bool:
        sessions = db.sessions()
        return len(sessions) == 1 and sessions[0].ended_at is not None

    qtbot.waitUntil(stored, timeout=UI_MS)
    attempts = db.sessions()[0].attempts
    assert [a.question_id for a in attempts] == [s.question.id for s in steps]
    for attempt in attempts:
        assert attempt.audio_path and Path(attempt.audio_path).exists()
        assert attempt.transcript is not None and "연결 지향" in attempt.transcript.text
    qtbot.waitUntil(lambda: all(a.section_marks for a in db.sessions()[0].attempts), timeout=UI_MS)


def test_think_countdown_then_answer_starts_by_itself_and_r_repeats(qtbot: QtBot, db: Database) -> None:
    speaker = FakeSpeaker()
    screen = make_screen(qtbot, InterviewDevices(speaker, FakeRecorder(), FakeTranscriber(), db))
    steps, templates = two_steps()
    screen.begin(steps, PlanOptions(think_s=30), templates)
    interview = screen.interview
    assert interview is not None
    clock = ManualClock()
    interview.clock = clock  # before the question is spoken: the countdown starts on this clock
    qtbot.waitUntil(lambda: interview.state is State.THINKING, timeout=UI_MS)
    qtbot.waitUntil(lambda: screen.clock_panel.clock.text() == "0:30", timeout=UI_MS)  # the countdown, large
    key(qtbot, screen, Qt.Key.Key_R)
    qtbot.waitUntil(lambda: len(speaker.said) == 2 and interview.state is State.THINKING, timeout=UI_MS)
    clock.now += 10
    qtbot.waitUntil(lambda: screen.clock_panel.clock.text() == "0:20", timeout=UI_MS)
    assert interview.state is State.THINKING
    clock.now += 20  # the countdown runs out without a key
    qtbot.waitUntil(lambda: interview.state is State.ANSWERING, timeout=UI_MS)
    assert screen.buttons["answer"].isEnabled()
    key(qtbot, screen, Qt.Key.Key_Space)
    assert interview.state is State.ANSWERED
    key(qtbot, screen, Qt.Key.Key_Space)  # Space only starts or stops: nothing to start yet
    assert interview.state is State.ANSWERED and interview.index == 0
    qtbot.waitUntil(lambda: 0 in screen.transcripts, timeout=UI_MS)
    # What the primary button offers now is the next question.
    primary = screen.buttons["answer"]
    assert primary.isEnabled() and primary.text() == screen.buttons["next"].text()
    assert primary.toolTip().endswith("(Enter / →)")
    qtbot.mouseClick(primary, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: interview.index == 1, timeout=UI_MS)


def test_without_a_microphone_the_answer_is_typed_timed_and_stored(qtbot: QtBot, db: Database) -> None:
    screen = make_screen(qtbot, InterviewDevices(None, FakeRecorder(fail=True), None, db), lang="en")
    steps, templates = two_steps()
    screen.begin(steps, PlanOptions(think_s=0), templates)
    interview = screen.interview
    assert interview is not None
    qtbot.waitUntil(lambda: screen.typed.isVisible(), timeout=UI_MS)
    assert "microphone" in screen.notice.text()
    qtbot.keyClicks(screen.typed, "TCP is connection oriented")
    key(qtbot, screen, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert interview.state is State.ANSWERED
    qtbot.waitUntil(lambda: len(db.attempts_with_status(STATUS_TYPED)) == 1, timeout=UI_MS)
    attempt = db.attempts_with_status(STATUS_TYPED)[0]
    assert attempt.transcript is not None and attempt.transcript.text == "TCP is connection oriented"
    key(qtbot, screen, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: interview.index == 1 and screen.typed.isVisible(), timeout=UI_MS)


def test_bar_turns_colour_at_target_and_overrun(qtbot: QtBot) -> None:
    screen = make_screen(qtbot, InterviewDevices())
    steps, templates = two_steps()
    screen.begin(steps, PlanOptions(think_s=0), templates)
    interview = screen.interview
    assert interview is not None
    qtbot.waitUntil(lambda: interview.state is State.ANSWERING, timeout=UI_MS)
    template = templates[steps[0].question.template_id]
    record = interview.records[0]
    assert record.started_at is not None
    record.started_at -= template.target_s + 1
    qtbot.waitUntil(lambda: screen.bar.timing() is Timing.AT_TARGET, timeout=UI_MS)
    record.started_at -= template.max_s
    qtbot.waitUntil(lambda: screen.bar.timing() is Timing.OVERRUN, timeout=UI_MS)
    assert screen.clock_panel.banner.isVisible() and "마무리하세요" in screen.clock_panel.banner.text()


def test_f1_shows_the_shortcuts_and_buttons_have_tooltips(qtbot: QtBot) -> None:
    screen = make_screen(qtbot, InterviewDevices(), lang="en")
    screen.setFocus()
    key(qtbot, screen, Qt.Key.Key_F1)
    assert screen.help.isVisible() and "Space" in screen.help.text()
    assert "Mark the next section" in screen.help.text() and "<b>N</b>" in screen.help.text()
    assert "<b>Tab</b>" not in screen.help.text()
    # Opaque: the overlay's own colour, whatever is behind it.
    picture = screen.grab().toImage()
    inside = screen.help.geometry().center()
    corner = screen.help.geometry().topLeft() + QPoint(20, screen.help.height() - 20)
    for point in (corner, QPoint(inside.x(), corner.y())):
        assert picture.pixelColor(point) == QColor(HELP_BACKGROUND), point
    key(qtbot, screen, Qt.Key.Key_F1)
    assert not screen.help.isVisible()
    assert all("(" in b.toolTip() for b in screen.buttons.values())
    assert screen.buttons["mark"].toolTip() == "Next section (N)"


class HeldSpeaker(FakeSpeaker):
    """Speaks until the test lets the question end."""

    def __init__(self) -> None:
        super().__init__()
        self.utterances: list[Utterance] = []

    def say(self, text: str, lang: str, on_finished: Callable[[Utterance], None] | None = None) -> Utterance:
        self.said.append(text)
        self.utterances.append(Utterance(text, lang, spoken=True))
        return self.utterances[-1]

    def stop(self) -> None:
        super().stop()
        for utterance in self.utterances:
            utterance._finish(False)


def test_the_clock_shows_reading_then_the_think_countdown_then_the_answer(qtbot: QtBot) -> None:
    speaker = HeldSpeaker()
    screen = make_screen(qtbot, InterviewDevices(speaker), lang="en")
    steps, templates = two_steps()
    screen.begin(steps, PlanOptions(think_s=30), templates)
    interview = screen.interview
    assert interview is not None
    interview.clock = ManualClock()  # the clocks shown are exact, however slow the machine
    # Reading the question: said so, the think time to come shown muted, no countdown bar.
    qtbot.waitUntil(lambda: bool(speaker.utterances), timeout=UI_MS)
    assert interview.state is State.SPEAKING
    assert screen.clock_panel.status.text() == "Reading the question…"
    assert screen.clock_panel.clock.isVisible() and screen.clock_panel.clock.text() == "0:30"
    assert screen.clock_panel.clock.tone() == tone(MUTED, screen.palette())
    assert "Thinking time starts" in screen.clock_panel.clock_note.text()
    assert not screen.clock_panel.think_bar.isVisible()
    speaker.utterances[0]._finish(True)
    # Thinking: a countdown in its own colour, and a bar that empties.
    qtbot.waitUntil(lambda: interview.state is State.THINKING, timeout=UI_MS)
    assert screen.clock_panel.status.text() == "Time to think"
    assert screen.clock_panel.clock.text() == "0:30"
    assert screen.clock_panel.clock.tone() == tone(THINK, screen.palette())
    assert (
        screen.clock_panel.think_bar.isVisible()
        and 0 < screen.clock_panel.think_bar.value() <= screen.clock_panel.think_bar.maximum()
    )
    assert screen.buttons["answer"].text() == "Answer now"
    key(qtbot, screen, Qt.Key.Key_Space)
    # Answering: the elapsed time, against the target, in the timing colour.
    assert interview.state is State.ANSWERING
    qtbot.waitUntil(lambda: screen.clock_panel.status.text() == "Answering", timeout=UI_MS)
    assert screen.clock_panel.clock.text() == "0:00" and screen.clock_panel.clock.tone() == tone(
        GOOD, screen.palette()
    )
    template = templates[steps[0].question.template_id]
    assert (
        screen.clock_panel.clock_note.text()
        == f"Target {fmt_s(template.target_s)} · max {fmt_s(template.max_s)}"
    )
    assert not screen.clock_panel.think_bar.isVisible() and not screen.clock_panel.banner.isVisible()
    assert screen.buttons["answer"].text() == "Stop answer"
    assert screen.clock_panel.clock.font().pointSizeF() >= 3 * screen.font().pointSizeF()
    screen.end_interview()


def test_past_the_target_the_whole_bar_turns_and_a_banner_says_wrap_up(qtbot: QtBot) -> None:
    screen = make_screen(qtbot, InterviewDevices(), lang="en")
    steps, templates = two_steps()
    screen.begin(steps, PlanOptions(think_s=0), templates)
    interview = screen.interview
    assert interview is not None
    qtbot.waitUntil(lambda: interview.state is State.ANSWERING, timeout=UI_MS)
    bar = screen.bar
    first_section = QPoint(8, bar.height() // 2)  # inside the first section, left of any label
    calm = bar.grab().toImage().pixelColor(first_section)
    template = templates[steps[0].question.template_id]
    record = interview.records[0]
    assert record.started_at is not None
    record.started_at -= template.target_s + 1
    qtbot.waitUntil(lambda: screen.clock_panel.banner.isVisible(), timeout=UI_MS)
    assert screen.clock_panel.banner.text() == "Target time: wrap up"
    assert screen.clock_panel.banner.colours()[0] == tone(WARN, screen.palette())
    record.started_at -= template.max_s
    qtbot.waitUntil(
        lambda: screen.clock_panel.banner.text() == "Over the maximum time: wrap up", timeout=UI_MS
    )
    fill, text = screen.clock_panel.banner.colours()
    assert fill == tone(BAD, screen.palette()) and contrast(fill, text) >= 4.5
    # Not just the cursor: the first section, far from it, has turned toward the overrun colour.
    alarmed = bar.grab().toImage().pixelColor(first_section)
    overrun = tone(BAD, screen.palette())
    assert colour_distance(alarmed, overrun) < colour_distance(calm, overrun)
    screen.end_interview()


def test_the_overtime_is_capped_and_section_names_fit(qtbot: QtBot) -> None:
    templates = load_templates()
    bank = load_bank(templates=templates)
    intro = next(q for q in bank.questions if q.kind == "self-introduction")
    template = templates[intro.template_id]
    for lang in LANGUAGES:
        screen = make_screen(qtbot, InterviewDevices(), lang=lang)
        screen.begin([Step(intro)], PlanOptions(think_s=0), templates)
        qtbot.waitUntil(lambda s=screen: bool(s.bar.shown_labels), timeout=UI_MS)
        bar = screen.bar
        assert bar.shown_labels == [section.label(lang) for section in template.sections]  # none cut
        area = QRectF(bar.rect()).adjusted(2, 2, -2, -2)
        overtime = area.right() - bar.x_at(template.target_s, area)
        assert 0 < overtime <= OVERTIME_SHARE * area.width() + 1
        screen.end_interview()


def test_the_answer_button_is_the_one_primary_action(qtbot: QtBot) -> None:
    screen = make_screen(qtbot, InterviewDevices())
    primary = [name for name, button in screen.buttons.items() if isinstance(button, PrimaryButton)]
    assert primary == ["answer"]
    fill, text = screen.buttons["answer"].colours()
    assert contrast(fill, text) >= 4.5
    assert screen.buttons["answer"].font().bold() or "bold" in screen.buttons["answer"].styleSheet()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_screenshots_of_the_interview_screen(qtbot: QtBot, lang: str, db: Database) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    screen = make_screen(qtbot, InterviewDevices(None, FakeRecorder(), FakeTranscriber(), db), lang=lang)
    screen.live_captions = True
    templates = load_templates()
    bank = load_bank(templates=templates)
    intro = next(s for s in bank.questions if s.kind == "self-introduction")
    screen.begin([Step(intro)], PlanOptions(think_s=0), templates)
    interview = screen.interview
    assert interview is not None
    qtbot.waitUntil(lambda: interview.state is State.ANSWERING, timeout=UI_MS)
    qtbot.waitUntil(lambda: bool(screen.captions.text()), timeout=UI_MS)
    record = interview.records[0]
    assert record.started_at is not None
    record.started_at -= 25
    record.section_marks = [7.5, 21.0]
    qtbot.wait(250)
    assert screen.grab().save(str(ARTIFACTS / f"interview-answering-{lang}.png"))
    screen.toggle_help()
    assert screen.grab().save(str(ARTIFACTS / f"interview-help-{lang}.png"))
    screen.toggle_help()
    screen.toggle_answer()
    qtbot.waitUntil(lambda: 0 in screen.transcripts, timeout=UI_MS)
    screen.end_interview()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_screenshot_of_typed_answer(qtbot: QtBot, lang: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    screen = make_screen(qtbot, InterviewDevices(), lang=lang)
    steps, templates = two_steps()
    screen.begin(steps, PlanOptions(think_s=0, follow_ups=True), templates)
    interview = screen.interview
    assert interview is not None
    qtbot.waitUntil(lambda: screen.typed.isVisible(), timeout=UI_MS)
    screen.typed.setPlainText("TCP는 연결 지향, UDP는 비연결")  # QTest cannot type Hangul
    assert screen.grab().save(str(ARTIFACTS / f"interview-typed-{lang}.png"))


@pytest.mark.parametrize("captions", [True, False])
def test_partial_results_are_asked_for_only_when_captions_show(
    qtbot: QtBot, db: Database, captions: bool
) -> None:
    transcriber = FakeTranscriber()
    screen = make_screen(qtbot, InterviewDevices(FakeSpeaker(), FakeRecorder(), transcriber, db))
    screen.live_captions = captions
    steps, templates = two_steps()
    screen.begin(steps[:1], PlanOptions(think_s=0), templates)
    interview = screen.interview
    assert interview is not None
    qtbot.waitUntil(lambda: interview.state is State.ANSWERING, timeout=UI_MS)
    qtbot.waitUntil(lambda: hasattr(transcriber, "partials"), timeout=UI_MS)
    assert transcriber.partials is captions
    key(qtbot, screen, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: 0 in screen.transcripts, timeout=UI_MS)
    assert screen.captions.text() == ("TCP는 연결 지향" if captions else "")
    with qtbot.waitSignal(screen.finished, timeout=UI_MS):
        key(qtbot, screen, Qt.Key.Key_Escape)


def test_a_microphone_giving_only_zeros_is_told_while_answering(qtbot: QtBot, db: Database) -> None:
    """Microphone access denied by the system: the real recorder on a device that delivers
    exact zeros, and the screen says where to allow access before the answer ends."""
    import numpy as np

    from interview_sim.devices.recorder import SoundDeviceRecorder
    from interview_sim.i18n import microphone_blocked
    from tests.fakes import FakeSoundDevice

    sd = FakeSoundDevice(np.zeros(16_000 * 60, np.int16), rate=16_000, realtime=True)
    devices = InterviewDevices(FakeSpeaker(), SoundDeviceRecorder(sd), FakeTranscriber(), db)
    screen = make_screen(qtbot, devices, "en")
    steps, templates = two_steps()
    screen.begin(steps, PlanOptions(think_s=0), templates)
    interview = screen.interview
    assert interview is not None
    qtbot.waitUntil(lambda: screen.notice.text() == microphone_blocked("en"), timeout=UI_MS)
    assert interview.state is State.ANSWERING
    key(qtbot, screen, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: 0 in screen.transcripts, timeout=UI_MS)
