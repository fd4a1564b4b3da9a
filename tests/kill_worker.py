"""A headless interview loop for tests/test_kill_recovery.py, meant to be SIGKILLed at any moment.

Everything is real except the microphone and the recognizer: the SQLite file with its
recovery at start, the crash-safe WAV writer and recorder thread, FLAC compaction and the
database writes. The microphone is a fake ``sounddevice`` replaying a tone (sometimes in real
time, sometimes as fast as it can, so that kills land in every phase).

Usage: python -m tests.kill_worker SEED
"""

from __future__ import annotations

import random
import sys
from dataclasses import dataclass

from interview_sim.core.practice import PracticeOptions, PracticeRun
from interview_sim.core.recovery import open_database_with_recovery
from interview_sim.devices.recorder import SoundDeviceRecorder
from tests.fakes import FakeSoundDevice, FakeTranscriber, tone

RATE = 16_000


@dataclass
class Question:
    id: str
    question: str = "TCP와 UDP의 차이는?"
    lang: str = "ko"
    template_id: str = "technical"


def main(seed: int) -> None:
    rng = random.Random(seed)
    db = open_database_with_recovery(transcriber_factory=FakeTranscriber)
    print("ready", flush=True)
    while True:
        session = db.create_session({"mode": "kill-test", "seed": seed})
        for index in range(3):
            realtime = rng.random() < 0.5
            seconds = rng.uniform(0.2, 0.8) if realtime else rng.uniform(0.5, 4.0)
            sd = FakeSoundDevice(tone(seconds + 1.0, RATE), rate=RATE, realtime=realtime)
            run = PracticeRun(
                db,
                Question(f"kill.q{index}"),
                session,
                recorder=SoundDeviceRecorder(sd),
                transcriber=FakeTranscriber(),
                options=PracticeOptions(max_seconds=seconds, speak=False),
            )
            result = run.run()
            print(f"finished {result.attempt_id}", flush=True)
        db.end_session(session)


if __name__ == "__main__":
    main(int(sys.argv[1]))
