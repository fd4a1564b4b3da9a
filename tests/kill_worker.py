"""A headless interview loop for tests/test_kill_recovery.py, meant to be SIGKILLed at any moment.

Everything is real except the devices and the recognizer: the SQLite file with its recovery
at start, the speaker's playback and its TTS cache, the crash-safe WAV writer and recorder
thread, FLAC compaction, the database writes and the archive export. The microphone is a fake
``sounddevice`` replaying a tone (sometimes in real time, sometimes as fast as it can, so that
kills land in every phase); the speech synthesizer is the tests' fake backend.

Usage: python -m tests.kill_worker SEED [EXPORT_FOLDER]
"""

from __future__ import annotations

import random
import sys
from dataclasses import dataclass
from pathlib import Path

from interview_sim import paths
from interview_sim.core.archive import export_archive
from interview_sim.core.practice import PracticeOptions, PracticeRun
from interview_sim.core.recovery import open_database_with_recovery
from interview_sim.devices.recorder import SoundDeviceRecorder
from interview_sim.devices.speaker import SoundDeviceSpeaker
from interview_sim.devices.tts import CachedSynthesizer
from tests.fakes import FakeSoundDevice, FakeTranscriber, tone
from tests.test_tts import ESPEAK, FakeBackend

RATE = 16_000


@dataclass
class Question:
    id: str
    question: str = "TCP와 UDP의 차이는?"
    lang: str = "ko"
    template_id: str = "technical"


def main(seed: int, exports: Path | None = None) -> None:
    rng = random.Random(seed)
    db = open_database_with_recovery(transcriber_factory=FakeTranscriber)
    speaker = SoundDeviceSpeaker(
        CachedSynthesizer(FakeBackend(ESPEAK, seconds=0.3), paths.cache_dir() / "tts"),
        FakeSoundDevice(output_speed=1.0),
    )
    print("ready", flush=True)
    round_number = 0
    while True:
        round_number += 1
        session = db.create_session({"mode": "kill-test", "seed": seed})
        for index in range(3):
            realtime = rng.random() < 0.5
            seconds = rng.uniform(0.2, 0.8) if realtime else rng.uniform(0.5, 4.0)
            sd = FakeSoundDevice(tone(seconds + 1.0, RATE), rate=RATE, realtime=realtime)
            speak = rng.random() < 0.3
            run = PracticeRun(
                db,
                # A new text now and then, so that kills also land in a TTS cache write.
                Question(f"kill.q{index}", question=f"질문 {rng.randrange(1000)}입니다?"),
                session,
                recorder=SoundDeviceRecorder(sd),
                transcriber=FakeTranscriber(),
                speaker=speaker if speak else None,
                options=PracticeOptions(max_seconds=seconds, speak=speak),
            )
            result = run.run()
            print(f"finished {result.attempt_id}", flush=True)
        db.end_session(session)
        if exports is not None and rng.random() < 0.3:
            export_archive(exports / f"export-{seed}-{round_number}.zip")


if __name__ == "__main__":
    main(int(sys.argv[1]), Path(sys.argv[2]) if len(sys.argv) > 2 else None)
