"""What the speech benchmarks share: Korean answer audio and the PulseAudio virtual microphone.

``speech_bench.py`` and ``soak_bench.py`` import it (run from the repository, the bench folder
is a namespace package).
"""

from __future__ import annotations

import os
import resource
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import soundfile as sf
import soxr

if TYPE_CHECKING:
    from tests.audio_env import MicFeeder, PulseAudio


MIC_RATE = 16_000

SENTENCES = [
    "프로세스와 스레드의 차이를 설명해 주세요.",
    "데이터베이스 인덱스는 검색 속도를 높이기 위한 자료구조입니다.",
    "트랜잭션은 데이터베이스의 상태를 변화시키는 하나의 작업 단위입니다.",
    "TCP는 연결 지향 프로토콜이고 UDP는 비연결형 프로토콜입니다.",
    "해시 테이블은 키를 해시 함수로 변환해서 값을 저장합니다.",
]

# Silence fed before each answer: the pipe source can lose the very first block it reads while
# a new recording stream is being connected (see tests/test_speech_realstack.py).
LEAD_IN_S = 0.5


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(np.array(values), q)) if values else float("nan")


def make_speech(folder: Path, lang: str = "ko") -> list[np.ndarray]:
    """Each of :data:`SENTENCES` (``lang="en"``: the English bench corpus) spoken by the app's
    TTS (espeak-ng), as 16 kHz float32."""
    from interview_sim.devices.tts import TtsProcess, pick_voice

    tts = TtsProcess()
    voice = pick_voice(tts.voices(), lang)
    assert voice is not None, f"no {lang} voice (install espeak-ng)"
    texts = SENTENCES
    if lang == "en":
        corpus = Path(__file__).resolve().parent / "corpus" / "en"
        texts = [p.read_text(encoding="utf-8").strip() for p in sorted(corpus.glob("*.txt"))]
    clips = []
    for i, text in enumerate(texts):
        out = folder / f"s{i}.wav"
        tts.synthesize(text, voice["id"], 170, out)
        data, rate = sf.read(str(out), dtype="float32")
        clips.append(soxr.resample(data, rate, MIC_RATE))
    tts.close()
    return clips


def current_rss_mb() -> float:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def start_pulse(root: Path) -> PulseAudio:
    """A private PulseAudio daemon whose devices this process's PortAudio will see.

    Call it before anything imports sounddevice: PortAudio lists the devices once, when it
    initialises.
    """
    from tests.audio_env import PulseAudio

    daemon = PulseAudio(root)
    daemon.start()
    os.environ.update(daemon.env)
    return daemon


def feed_answer(daemon: PulseAudio, samples: np.ndarray) -> MicFeeder:
    """A fresh feeder for one answer, started once the input stream is open (see MicFeeder):
    :data:`LEAD_IN_S` of silence, then ``samples``, then silence until it is closed."""
    from tests.audio_env import MicFeeder

    feeder = MicFeeder(daemon.fifo)
    feeder.play(np.zeros(int(LEAD_IN_S * MIC_RATE), np.int16))
    feeder.play(samples)
    return feeder
