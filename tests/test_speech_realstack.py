"""The speech stack on real devices: PulseAudio virtual speaker and microphone, real espeak-ng
speech through pyttsx3, the real Vosk Korean model, the real CLI in a subprocess.

espeak's Korean is too robotic for Vosk to recognize the words, so these tests check fidelity
(what was fed is what was recorded; the live transcript is the stored file's transcript), not
word accuracy.
"""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from tests.audio_checks import align, answer, band_limited_noise, follow, ncc
from tests.audio_env import (
    MIC_RATE,
    CliProcess,
    MicFeeder,
    MonitorRecorder,
    PulseAudio,
    cli_env,
    run_cli,
    spoken_clips,
)

pytestmark = pytest.mark.realstack

SENTENCES = [
    "프로세스와 스레드의 차이를 설명해 주세요.",
    "데이터베이스 인덱스는 검색 속도를 높이기 위한 자료구조입니다.",
    "트랜잭션은 데이터베이스의 상태를 변화시키는 하나의 작업 단위입니다.",
    "TCP는 연결 지향 프로토콜이고 UDP는 비연결형 프로토콜입니다.",
    "해시 테이블은 키를 해시 함수로 변환해서 값을 저장합니다.",
    "저는 문제를 끝까지 해결하는 책임감 있는 개발자입니다.",
]
QUESTION = "algorithms.hash-table"
# Silence fed before the answer: the pipe source can lose the very first block it reads while
# the new recording stream is still being connected (a PulseAudio startup effect, not the app).
LEAD_IN_S = 0.5


@pytest.fixture(scope="module")
def speech(pulse: PulseAudio, tmp_path_factory: pytest.TempPathFactory) -> list[np.ndarray]:
    """Each sentence spoken by the app's own TTS, as 16 kHz float32."""
    return spoken_clips(pulse, tmp_path_factory.mktemp("speech"), SENTENCES)


def practice(
    pulse: PulseAudio, mic: MicFeeder, home: Path, audio: np.ndarray, *args: str, timeout: float = 120
) -> tuple[CliProcess, float]:
    """Start `practice --headless`, feed ``audio`` once recording started; return the process."""
    process = CliProcess(["practice", "--headless", "--question", QUESTION, *args], cli_env(pulse, home))
    process.wait_for_stderr("recording started", timeout=60)
    started = time.monotonic()
    mic.play(np.zeros(int(LEAD_IN_S * MIC_RATE), np.int16))
    mic.play(audio)
    return process, started


def test_spoken_question_reaches_the_speaker(pulse: PulseAudio, tmp_path: Path) -> None:
    env = cli_env(pulse, tmp_path / "home")
    text = SENTENCES[0]
    reference = tmp_path / "ref.wav"
    assert run_cli(["say", text, "--out", str(reference)], env).returncode == 0
    ref, ref_rate = sf.read(str(reference), dtype="float32")
    monitor = MonitorRecorder(pulse, tmp_path / "monitor.raw", rate=ref_rate)
    try:
        time.sleep(0.5)
        start = time.monotonic()
        done = run_cli(["say", text, "--lang", "ko"], env)
        elapsed = time.monotonic() - start
        time.sleep(2.5)  # the null sink hands its audio to the monitor in large chunks
    finally:
        heard = monitor.stop()
    assert done.returncode == 0, done.stderr
    # `say` returns when the speech has really ended, never before.
    assert elapsed >= len(ref) / ref_rate
    # The monitor holds the question's speech, not silence or noise.
    speech_rms = float(np.sqrt(np.mean(ref**2)))
    assert float(np.sqrt(np.mean(heard**2))) > 0.1 * speech_rms
    # Each second of the speech found on its own, in order: a gap the sound server inserts when
    # it starves under load (an ALSA underrun) then costs one second its match instead of
    # misaligning all that follows it, as one alignment of the whole did.
    pieces = follow(heard, ref_rate, ref, ref_rate)
    assert pieces and max(p.ncc for p in pieces) > 0.95, pieces  # its own speech, not noise
    assert sum(p.ncc < 0.95 for p in pieces) <= 1, pieces
    steps = np.diff([p.found_s for p in pieces])
    assert np.all(steps > 0.9) and steps.sum() - len(steps) < 0.5, steps  # in order, nothing lost


def test_live_transcript_equals_transcribing_the_stored_file(
    pulse: PulseAudio, mic: MicFeeder, speech: list[np.ndarray], tmp_path: Path
) -> None:
    home = tmp_path / "home"
    audio = answer(speech, 20.0, seed=1)
    process, _ = practice(pulse, mic, home, audio, "--answer-seconds", "22", "--captions")
    code, out, err = process.finish(timeout=120)
    assert code == 0, err
    assert "speaking the question" in err  # spoken first (the real TTS to the virtual speaker)
    result = json.loads(out)
    assert result["question_spoken"] is True
    assert result["duration_s"] == 22.0 and result["stopped_by"] == "max_length"
    assert result["sample_rate"] == 44_100  # captured at the device's own rate
    assert result["audio_path"].endswith(".flac") and Path(result["audio_path"]).exists()
    assert result["transcript"] and result["words"]
    # How soon the transcript is ready is a speed figure (bench/speech_bench.py prints it): a
    # bound here failed whenever the machine was busy, not when the app was slow.
    assert result["stop_to_transcript_ms"] >= 0
    print(f"stop to transcript: {result['stop_to_transcript_ms']:.0f} ms")
    assert "… " in err  # live captions were shown while recording

    recorded, rate = sf.read(result["audio_path"], dtype="int16")
    assert align(recorded, rate, audio, MIC_RATE).ncc >= 0.99

    offline = run_cli(
        ["transcribe", result["audio_path"], "--engine", "vosk", "--format", "json"], cli_env(pulse, home)
    )
    assert offline.returncode == 0, offline.stderr
    transcribed = json.loads(offline.stdout)
    assert transcribed["text"] == result["transcript"]
    assert transcribed["words"] == result["words"]
    assert transcribed["engine"] == "vosk" and transcribed["duration_s"] == pytest.approx(22.0, abs=0.01)

    history = json.loads(run_cli(["history", "--format", "json"], cli_env(pulse, home)).stdout)
    (attempt,) = history[0]["attempts"]
    assert (attempt["id"], attempt["status"], attempt["transcript"]) == (
        result["attempt_id"],
        "finished",
        result["transcript"],
    )

    # Re-transcription keeps both transcripts.
    again = run_cli(
        ["transcribe", "--attempt", str(result["attempt_id"]), "--engine", "vosk", "--format", "json"],
        cli_env(pulse, home),
    )
    assert again.returncode == 0, again.stderr
    history = json.loads(run_cli(["history", "--format", "json"], cli_env(pulse, home)).stdout)
    assert [t["text"] for t in history[0]["attempts"][0]["transcripts"]] == [result["transcript"]] * 2


def test_three_minute_answer_is_recorded_without_gaps_or_repeats(
    pulse: PulseAudio, mic: MicFeeder, speech: list[np.ndarray], tmp_path: Path
) -> None:
    audio = answer(speech, 180.0, seed=3)
    process, _ = practice(
        pulse, mic, tmp_path / "home", audio, "--no-speak", "--answer-seconds", "182", timeout=300
    )
    code, out, err = process.finish(timeout=300)
    assert code == 0, err
    result = json.loads(out)
    assert result["duration_s"] == 182.0
    recorded, rate = sf.read(result["audio_path"], dtype="int16")
    found = align(recorded, rate, audio, MIC_RATE)
    assert found.ncc >= 0.99
    assert len(found.window_ncc) == 180
    # Every second matches at the same offset: no block was lost or written twice.
    assert found.window_ncc.min() >= 0.99, np.flatnonzero(found.window_ncc < 0.99)
    assert result["transcript"] and result["stop_to_transcript_ms"] >= 0  # its speed: bench/speech_bench.py
    print(f"stop to transcript: {result['stop_to_transcript_ms']:.0f} ms")


def test_killed_mid_answer_is_recovered_on_the_next_start(
    pulse: PulseAudio, mic: MicFeeder, speech: list[np.ndarray], tmp_path: Path
) -> None:
    home = tmp_path / "home"
    audio = answer(speech, 20.0, seed=4)
    process, _ = practice(pulse, mic, home, audio, "--no-speak", "--answer-seconds", "60")
    while mic.content_seconds < LEAD_IN_S + 10.0:
        time.sleep(0.02)
    fed_at_kill = mic.content_seconds - LEAD_IN_S
    os.kill(process.process.pid, signal.SIGKILL)
    code, _, _ = process.finish(timeout=30)
    assert code == -signal.SIGKILL

    # The next start (any command opening the database) recovers the answer.
    done = run_cli(["history", "--format", "json"], cli_env(pulse, home), timeout=120)
    assert done.returncode == 0, done.stderr
    assert "recovered" in done.stderr
    (attempt,) = json.loads(done.stdout)[0]["attempts"]
    assert attempt["status"] == "recovered"
    assert attempt["audio_path"].endswith(".flac")
    assert attempt["transcript"], "the recovered answer is transcribed"
    recorded, rate = sf.read(attempt["audio_path"], dtype="int16")
    assert attempt["duration_s"] == pytest.approx(len(recorded) / rate)
    # All but (at most) the last second of what was fed before the kill is in the file.
    kept = int((fed_at_kill - 1.0) * MIC_RATE)
    found = align(recorded, rate, audio[:kept], MIC_RATE)
    assert found.ncc >= 0.99 and found.window_ncc.min() >= 0.99
    assert found.lag + kept <= len(recorded) * MIC_RATE / rate + 1


def test_no_input_device_gives_a_clear_message(tmp_path: Path) -> None:
    # No sound server at all: PortAudio finds no device.
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    env = cli_env(
        None,
        tmp_path / "home",
        HOME=str(tmp_path),
        XDG_RUNTIME_DIR=str(runtime),
        PULSE_RUNTIME_PATH=str(runtime / "pulse"),
        PULSE_SERVER=f"unix:{runtime / 'no-server'}",
    )
    done = run_cli(["practice", "--headless", "--question", QUESTION, "--no-speak"], env, timeout=60)
    assert done.returncode == 2
    assert "no microphone" in done.stderr and "Traceback" not in done.stderr
    history = json.loads(run_cli(["history", "--format", "json"], env).stdout)
    assert all(not session["attempts"] for session in history)


def test_microphone_lost_mid_answer_keeps_the_audio(tmp_path: Path) -> None:
    # Its own daemon, killed in the middle of the answer: the input stops for good. (Unloading
    # the source is no test: PulseAudio moves the stream to another source.)
    daemon = PulseAudio(tmp_path / "pulse")
    daemon.start()
    feeder = MicFeeder(daemon.fifo)
    try:
        audio = (band_limited_noise(10.0, MIC_RATE, 4000, 0.2, 9) * 32767).astype(np.int16)
        process, _ = practice(
            daemon, feeder, tmp_path / "home", audio, "--no-speak", "--answer-seconds", "30"
        )
        while feeder.content_seconds < LEAD_IN_S + 3.0:
            time.sleep(0.02)
        daemon.stop()
        code, out, err = process.finish(timeout=60)
    finally:
        feeder.close()
        daemon.stop()
    assert code == 1, err
    assert "microphone" in err and "kept" in err and "Traceback" not in err
    result = json.loads(out)
    assert result["error"] and result["stopped_by"] == "error"
    assert 2.0 < result["duration_s"] < 6.0
    recorded, rate = sf.read(result["audio_path"], dtype="int16")
    assert len(recorded) / rate == pytest.approx(result["duration_s"])
    found = align(recorded, rate, audio[: 2 * MIC_RATE], MIC_RATE)
    assert found.ncc >= 0.99


def test_alignment_helper_detects_a_dropped_block() -> None:
    # The gap check above is only as good as this helper: a 100 ms hole must show.
    fed = (band_limited_noise(5.0, MIC_RATE, 6000, 0.3, 5) * 32767).astype(np.int16)
    holed = np.concatenate([fed[:32000], fed[33600:]])
    assert align(fed, MIC_RATE, fed, MIC_RATE).window_ncc.min() > 0.999
    assert align(holed, MIC_RATE, fed, MIC_RATE).window_ncc.min() < 0.5
    assert ncc(fed, fed) == pytest.approx(1.0)
