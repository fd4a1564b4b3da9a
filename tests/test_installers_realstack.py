"""What the installers promise, on the real stack: a Hangul data folder for every file the app
writes, and a clear message when the microphone delivers nothing but zeros (access denied).

PulseAudio virtual devices, espeak-ng through pyttsx3, the real Vosk model and the real CLI in a
subprocess (tests/audio_env.py). Windows and macOS run the same paths in
.github/workflows/installers.yml.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from interview_sim.i18n import microphone_blocked
from tests.audio_env import MIC_RATE, CliProcess, MicFeeder, PulseAudio, cli_env, run_cli, spoken_clips

pytestmark = pytest.mark.realstack

QUESTION = "algorithms.hash-table"
LEAD_IN_S = 0.5  # see tests/test_speech_realstack.py


def start_practice(pulse: PulseAudio, home: Path, *args: str) -> CliProcess:
    process = CliProcess(["practice", "--headless", "--question", QUESTION, *args], cli_env(pulse, home))
    process.wait_for_stderr("recording started", timeout=90)
    return process


def test_a_microphone_giving_only_zeros_says_where_to_allow_access(
    pulse: PulseAudio, mic: MicFeeder, tmp_path: Path
) -> None:
    """As with macOS's or Windows' microphone permission denied: the stream runs, all zeros."""
    process = start_practice(pulse, tmp_path / "home", "--no-speak", "--answer-seconds", "4")
    mic.play(np.zeros(6 * MIC_RATE, np.int16))
    code, out, err = process.finish(timeout=120)

    assert code == 0, err
    lines = err.splitlines()
    korean = f"interview-sim: {microphone_blocked('ko', 'linux')}"
    english = f"interview-sim: {microphone_blocked('en', 'linux')}"
    assert korean in lines and english in lines, err
    # Said while the answer was still being recorded, not only afterwards.
    stopped = next(i for i, line in enumerate(lines) if "recording stopped" in line)
    assert lines.index(korean) < stopped
    result = json.loads(out)
    assert result["microphone_blocked"] is True
    assert result["duration_s"] == 4.0  # the answer itself is still kept
    assert "Traceback" not in err


def test_every_file_goes_to_a_hangul_data_folder(pulse: PulseAudio, mic: MicFeeder, tmp_path: Path) -> None:
    """INTERVIEW_SIM_HOME=/tmp/.../홍길동/데이터, as under C:\\Users\\홍길동 or /Users/홍길동: the
    settings, the speech cache, the Vosk model's folder, the recording, the database and the log."""
    from interview_sim.core.settings import Settings

    home = tmp_path / "홍길동" / "데이터"
    home.mkdir(parents=True)
    settings = Settings.load(home / "settings.json")
    settings.set("stop_on_silence", True)
    settings.set("silence_s", 1.5)
    settings.save()
    (clip,) = spoken_clips(
        pulse, tmp_path / "tts", ["해시 테이블은 키를 해시 함수로 변환해서 값을 저장합니다."]
    )
    audio = (clip * 0.8 * 32767).astype(np.int16)

    process = start_practice(pulse, home, "--answer-seconds", "30", "--captions")
    mic.play(np.zeros(int(LEAD_IN_S * MIC_RATE), np.int16))
    mic.play(audio)
    code, out, err = process.finish(timeout=180)

    assert code == 0, err
    result = json.loads(out)
    # The settings file in the Hangul folder was read: the answer stopped on 1.5 s of silence.
    assert result["stopped_by"] == "silence", err
    assert result["question_spoken"] is True and result["microphone_blocked"] is False
    assert result["transcript"] and result["words"]
    recording = Path(result["audio_path"])
    assert recording.parent == home / "recordings" and recording.suffix == ".flac"
    data, rate = sf.read(str(recording), dtype="int16")
    assert len(data) / rate == pytest.approx(result["duration_s"])
    assert not list((home / "recordings").glob("*.lock")), "a lock file was left beside the recording"
    assert (home / "interview_sim.sqlite3").is_file()
    assert any((home / "logs").iterdir())
    assert list((home / "cache" / "tts").rglob("*.wav")), "the spoken question was not cached"
    (model,) = (home / "cache" / "vosk-models").iterdir()
    assert (model / "conf" / "mfcc.conf").is_file()

    # And it reads back: the stored answer re-transcribed from the Hangul folder.
    again = run_cli(
        ["transcribe", "--attempt", str(result["attempt_id"]), "--engine", "vosk", "--format", "json"],
        cli_env(pulse, home),
    )
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["text"] == result["transcript"]
