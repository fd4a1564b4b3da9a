"""End to end: the real app in its own process on an Xvfb display, with the PulseAudio virtual
speaker and microphone, espeak-ng speech as the answers and the real Vosk model, driven only by
key presses (xdotool sends real X key events to the focused window).

A two-question interview: Enter starts, each question is spoken (heard on the speaker's
monitor), recording starts after the think time, the fed answer is stopped with Space, Enter goes
on, Esc ends. The database then holds one session with two attempts, each with its audio file
and its transcript. Real time: about a minute. Run it by itself.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from tests.audio_checks import to_int16
from tests.audio_env import (
    MIC_RATE,
    CliProcess,
    MicFeeder,
    MonitorRecorder,
    PulseAudio,
    cli_env,
    spoken_clips,
)

pytestmark = [pytest.mark.xvfb, pytest.mark.realstack]

TITLE = "모의 면접 연습"
ANSWERS = [
    "TCP는 연결 지향 프로토콜이고 신뢰성을 보장합니다.",
    "UDP는 비연결형 프로토콜이라 빠르지만 순서를 보장하지 않습니다.",
]
LEAD_IN_S = 0.5  # the pipe source may drop the first block while the stream connects


@pytest.fixture
def display(tmp_path: Path) -> Iterator[str]:
    missing = [tool for tool in ("Xvfb", "xdotool") if shutil.which(tool) is None]
    if missing:
        problem = f"missing {', '.join(missing)} (Debian: xvfb xdotool)"
        if os.environ.get("CI"):
            pytest.fail(problem)
        pytest.skip(problem)
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    with os.fdopen(read_end) as pipe:
        number = pipe.readline().strip()  # Xvfb writes its display number once it is ready
    try:
        assert number, "Xvfb did not start"
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(10)


def xdotool(display: str, *args: str) -> str:
    return subprocess.run(
        ["xdotool", *args],
        env={**os.environ, "DISPLAY": display},
        check=True,
        capture_output=True,
        text=True,
        timeout=30,
    ).stdout.strip()


def press(display: str, key: str) -> None:
    xdotool(display, "key", "--clearmodifiers", key)


def spoken_answers(pulse: PulseAudio, folder: Path) -> list[np.ndarray]:
    """Each answer spoken by espeak-ng through the app's own TTS, as 16 kHz int16."""
    return [to_int16(clip) for clip in spoken_clips(pulse, folder, ANSWERS)]


def attempts(home: Path) -> list[dict[str, object]]:
    """The attempts as the app stored them, read through the same storage module."""
    from interview_sim.core.storage import SCHEMA_VERSION, Database

    path = home / "interview_sim.sqlite3"
    if not path.exists():
        return []
    # Only once the app has created and migrated it: opening it here while the app migrates it
    # would run the same migration twice at once ("table sessions already exists").
    probe = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)
    try:
        version = probe.execute("PRAGMA user_version").fetchone()[0]
    finally:
        probe.close()
    if version != SCHEMA_VERSION:
        return []
    with Database.open(path) as db:
        rows = []
        for session in db.sessions():
            for attempt in session.attempts:
                rows.append(
                    {
                        "session": session.id,
                        "ended": session.ended_at,
                        "status": attempt.status,
                        "audio": attempt.audio_path,
                        "transcripts": [(t.engine, t.text) for t in attempt.transcripts],
                    }
                )
        return rows


ARTIFACTS = Path(
    os.environ.get("INTERVIEW_SIM_ARTIFACTS", Path(__file__).resolve().parent.parent / "test-artifacts")
)
GRAB = """
import sys
from PySide6.QtGui import QGuiApplication
app = QGuiApplication([])
app.primaryScreen().grabWindow(0).save(sys.argv[1])
"""


def grab_display(display: str, name: str) -> Path:
    """A picture of the whole X display, to see what the app showed when a step failed."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / name
    subprocess.run(
        [sys.executable, "-c", GRAB, str(path)],
        env={**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"},
        timeout=30,
        check=False,
    )
    return path


def wait_for(condition, timeout: float, what: str, process: CliProcess, display: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        if process.process.poll() is not None:
            raise AssertionError(f"the app exited while waiting for {what}: {process.stderr_lines[-20:]}")
        time.sleep(0.1)
    picture = grab_display(display, "e2e-failure.png")
    raise AssertionError(
        f"timed out waiting for {what} (screen: {picture}); app stderr: {process.stderr_lines[-20:]}"
    )


def speech_segments(heard: np.ndarray, rate: int, threshold: float = 0.01, gap_s: float = 0.8) -> list[float]:
    """Lengths (s) of the loud stretches in the monitor recording, pauses under ``gap_s`` bridged."""
    window = rate // 20
    frames = len(heard) // window
    if frames == 0:
        return []
    rms = np.sqrt(np.mean(heard[: frames * window].reshape(frames, window) ** 2, axis=1))
    loud = rms > threshold
    segments: list[float] = []
    start, quiet = None, 0
    for index, is_loud in enumerate(loud):
        if is_loud:
            start = index if start is None else start
            quiet = 0
        elif start is not None:
            quiet += 1
            if quiet * window / rate >= gap_s:
                segments.append((index - quiet - start + 1) * window / rate)
                start, quiet = None, 0
    if start is not None:
        segments.append((len(loud) - quiet - start) * window / rate)
    return segments


def find_window(display: str, app: CliProcess, timeout: float, title: str = TITLE) -> str:
    """The app's window id; if the app dies or never shows it, fail with what the app printed."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = subprocess.run(
            ["xdotool", "search", "--onlyvisible", "--name", title],
            env={**os.environ, "DISPLAY": display},
            capture_output=True,
            text=True,
            timeout=30,
        ).stdout.split()
        if found:
            return found[0]
        if app.process.poll() is not None:
            break
        time.sleep(0.2)
    stderr = "\n".join(app.stderr_lines)
    raise AssertionError(
        f"the window never appeared (exit code {app.process.poll()}); the app said:\n{stderr}"
    )


def test_two_question_interview_by_keyboard_on_real_devices(
    pulse: PulseAudio, mic: MicFeeder, display: str, tmp_path: Path
) -> None:
    answers = spoken_answers(pulse, tmp_path)
    home = tmp_path / "app-home"
    home.mkdir()
    (home / "settings.json").write_text(
        json.dumps({"version": 1, "values": {"think_time_s": 1, "review_mode": "each"}}), encoding="utf-8"
    )
    monitor = MonitorRecorder(pulse, tmp_path / "monitor.raw")
    env = cli_env(pulse, home, DISPLAY=display, QT_QPA_PLATFORM="xcb")
    app = CliProcess(["--category", "network", "--count", "2"], env)
    try:
        window = find_window(display, app, 120)
        xdotool(display, "windowfocus", "--sync", window)
        assert xdotool(display, "getwindowfocus") == window
        press(display, "Return")  # starts at once, or as soon as the speech model has loaded
        for index, answer in enumerate(answers):
            # Recording starts by itself after the question and the think time. The answer's row
            # is written before its stream opens: the sound server's view says when it listens.
            wait_for(
                lambda i=index: len(attempts(home)) > i and pulse.recording_from("mic") > 0,
                120,
                f"answer {index + 1} to start recording",
                app,
                display,
            )
            mic.play(np.zeros(int(LEAD_IN_S * MIC_RATE), np.int16))
            mic.play(answer)
            fed = mic.content_seconds
            need = fed + (len(answer) / MIC_RATE) + LEAD_IN_S
            wait_for(
                lambda n=need: mic.content_seconds >= n and mic.idle(),
                60,
                "the answer to be fed",
                app,
                display,
            )
            time.sleep(0.3)
            press(display, "space")  # stop the answer
            wait_for(
                lambda i=index: (
                    attempts(home)[i]["status"] != "recording" and attempts(home)[i]["transcripts"]
                ),
                120,
                f"answer {index + 1} to be stored with its transcript",
                app,
                display,
            )
            press(display, "Return" if index == 0 else "Escape")  # next question, then the end
        wait_for(lambda: all(row["ended"] for row in attempts(home)), 60, "the session to end", app, display)
        press(display, "ctrl+q")
        returncode, _stdout, stderr = app.finish(60)
    finally:
        if app.process.poll() is None:
            app.process.kill()
        time.sleep(1.5)  # the null sink hands its audio to the monitor in large chunks
        heard = monitor.stop()

    assert returncode == 0, stderr
    assert "Traceback" not in stderr
    rows = attempts(home)
    assert len({row["session"] for row in rows}) == 1
    assert len(rows) == 2
    for row in rows:
        assert row["status"] == "finished"
        audio = Path(str(row["audio"]))
        assert audio.exists()
        info = sf.info(str(audio))
        assert info.duration > 1.0  # the fed answer is in the file, not just the lead-in
        assert info.format == "FLAC" and not audio.with_suffix(".wav").exists()  # compacted, WAV gone
        engines_and_texts = row["transcripts"]
        assert isinstance(engines_and_texts, list) and engines_and_texts[0][0] == "vosk"
        assert engines_and_texts[0][1].strip()  # Vosk heard words (not necessarily the right ones)
    # Both questions were really spoken: two stretches of speech on the speaker's monitor.
    segments = [s for s in speech_segments(heard, 22_050) if s >= 1.0]
    assert len(segments) >= 2, segments
