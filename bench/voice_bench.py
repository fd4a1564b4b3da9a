"""Voice-measure benchmark for a 5-minute answer: prints figures, asserts nothing (issue 14).

Builds a 5-minute Korean answer from espeak-ng sentences with pauses between them (a real
speech signal at 16 kHz, stored as FLAC as the app stores answers), a transcript with word
times spread over each sentence, and times:

- background work (what the review's loader and the history's metrics update run off the GUI
  thread): reading the FLAC, Praat pitch, the level envelope, the whole voice measure, the
  timeline for a panel, and ensure_metrics on a real SQLite archive, first (computing) and
  cached (the key check only); and the longest time another thread (the GUI's) waits for the
  GIL meanwhile, since Praat holds it while it works (it is analysed in 2-second chunks);
- what can run on the GUI thread: the transcript analysis with its new habits (the compare view
  runs analyze_attempt there), habits alone, and the cached metrics' key check.

    .venv/bin/python bench/voice_bench.py [--minutes 5] [--repeat 3]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import soundfile as sf

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from interview_sim.core import voice  # noqa: E402
from interview_sim.core.analysis import analyze  # noqa: E402
from interview_sim.core.bank import load_bank  # noqa: E402
from interview_sim.core.delivery import tokenize  # noqa: E402
from interview_sim.core.habits import analyze_habits  # noqa: E402
from interview_sim.core.review import ensure_metrics, metrics_key  # noqa: E402
from interview_sim.core.storage import Database  # noqa: E402
from interview_sim.core.templates import load_templates  # noqa: E402

RATE = 16000
SENTENCES = [
    "TCP는 연결 지향 프로토콜로 신뢰성 있는 전송을 보장합니다.",
    "손실된 세그먼트는 다시 보내고 순서를 맞춰서 전달하는 것 같습니다.",
    "흐름 제어와 혼잡 제어로 네트워크가 넘치지 않게 합니다.",
    "UDP는 연결 없이 빠르게 보내지만 순서를 보장하지 않습니다.",
]
GUI_BUDGET_MS = 200.0


def timed(label: str, func: Callable[[], Any], repeat: int, note: str = "") -> tuple[Any, float]:
    runs = []
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        runs.append((time.perf_counter() - start) * 1000)
    median = statistics.median(runs)
    print(f"{label:<62} median {median:8.1f} ms   max {max(runs):8.1f} ms  {note}")
    return result, median


def gil_stalls(work: Callable[[], Any]) -> tuple[float, float]:
    """Run ``work`` in a thread while this one wakes every millisecond: the longest and the
    99th-percentile gap between wake-ups, i.e. how long a GUI thread would have waited."""
    done = threading.Event()

    def run() -> None:
        try:
            work()
        finally:
            done.set()

    thread = threading.Thread(target=run)
    gaps: list[float] = []
    last = time.perf_counter()
    thread.start()
    while not done.is_set():
        time.sleep(0.001)
        now = time.perf_counter()
        gaps.append((now - last) * 1000)
        last = now
    thread.join()
    gaps.sort()
    return gaps[-1], gaps[int(len(gaps) * 0.99)]


def build_answer(folder: Path, minutes: float) -> tuple[Path, str, list[dict[str, Any]]]:
    clips = []
    for index, text in enumerate(SENTENCES):
        path = folder / f"s{index}.wav"
        subprocess.run(["espeak-ng", "-v", "ko", "-w", str(path), text], check=True, capture_output=True)
        data, rate = sf.read(str(path), dtype="float32")
        if rate != RATE:
            import soxr

            data = soxr.resample(data, rate, RATE)
        clips.append(data)
    samples: list[np.ndarray] = []
    words: list[dict[str, Any]] = []
    texts: list[str] = []
    t, target, index = 0.0, minutes * 60, 0
    pause = np.zeros(int(0.7 * RATE), dtype=np.float32)
    while t < target:
        clip, text = clips[index % len(clips)], SENTENCES[index % len(SENTENCES)]
        tokens = text.split()
        step = len(clip) / RATE / len(tokens)
        words += [
            {"word": w.rstrip("."), "start": t + i * step, "end": t + (i + 0.9) * step, "conf": 1.0}
            for i, w in enumerate(tokens)
        ]
        texts.append(text)
        samples += [clip, pause]
        t += (len(clip) + len(pause)) / RATE
        index += 1
    audio = folder / "answer.flac"
    sf.write(str(audio), np.concatenate(samples), RATE)
    return audio, " ".join(texts), words


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if shutil.which("espeak-ng") is None:
        print("espeak-ng is needed to build the answer")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        audio, text, words = build_answer(folder, args.minutes)
        duration = sf.info(str(audio)).duration
        print(f"answer: {duration:.0f} s of espeak-ng Korean, {len(words)} words, {len(text)} characters\n")

        print("-- background (off the GUI thread) --")
        (samples, rate), _ = timed("read the FLAC", lambda: voice.load_audio(audio), args.repeat)
        timed("Praat pitch (to_pitch_ac, 20 ms)", lambda: voice._pitch(samples, rate), args.repeat)
        timed("level envelope (numpy RMS, 10 ms)", lambda: voice._level(samples, rate), args.repeat)
        analysis = analyze(text, words=words, duration_s=duration, lang="ko")
        assert analysis.habits is not None
        measured, voice_ms = timed(
            "voice.measure_file (everything)",
            lambda: voice.measure_file(
                audio, lang="ko", text=text, words=analysis.timeline, sentences=analysis.habits.sentences
            ),
            args.repeat,
        )
        timeline, _ = timed(
            "voice.measure_file with the timeline",
            lambda: (
                voice.measure_file(
                    audio,
                    lang="ko",
                    text=text,
                    words=analysis.timeline,
                    sentences=analysis.habits.sentences,
                    with_timeline=True,
                ).timeline
            ),
            args.repeat,
        )
        timed("timeline.to_json (a panel's data)", lambda: timeline.to_json(), args.repeat)
        stalls = gil_stalls(lambda: voice.measure_file(audio, lang="ko", text=text, words=analysis.timeline))
        print(
            f"{'longest stall of another thread (GIL) meanwhile':<62} max    {stalls[0]:8.1f} ms   "
            f"p99 {stalls[1]:8.1f} ms  (a GUI thread waits this long at most)"
        )
        print(
            f"   pitch range {measured.pitch_range_st:.1f} st, SD {measured.pitch_sd_st:.1f} st, "
            f"monotone {measured.monotone}, {len(measured.sentences)} sentences, trailing off "
            f"{measured.trailing_off}, speaking {measured.speaking_rate:.2f} / articulation "
            f"{measured.articulation_rate:.2f} syllables/s"
        )

        bank, templates = load_bank(), load_templates()
        with Database.open(folder / "bench.sqlite3") as db:
            session = db.create_session()
            attempt_id = db.create_attempt(session, "network.tcp", audio_path=str(audio))
            db.add_transcript(attempt_id, "vosk", text, words)
            db.finish_attempt(attempt_id, duration_s=duration)

            def first() -> Any:
                db.set_metrics(attempt_id, None)
                return ensure_metrics(db, [db.attempt(attempt_id)], bank, templates)  # type: ignore[list-item]

            timed("ensure_metrics, computing (review loader, first open)", first, args.repeat)
            attempt = db.attempt(attempt_id)
            assert attempt is not None

            print("\n-- GUI thread (what must fit the 200 ms review budget) --")
            timed(
                "ensure_metrics, cached (key check only)",
                lambda: ensure_metrics(db, [attempt], bank, templates),
                args.repeat,
            )
            timed("metrics_key", lambda: metrics_key(attempt, bank, templates), args.repeat)
        question = bank.get("network.tcp")
        _, analyze_ms = timed(
            "analyze() without audio (transcript, habits included)",
            lambda: analyze(text, question=question, words=words, duration_s=duration),
            args.repeat,
        )
        tokens = tokenize(text)
        timed(
            "habits alone (hedges, run-ons, 반말, conclusion first)",
            lambda: analyze_habits(
                text, tokens, "ko", kind="technical", keywords=question.keywords if question else []
            ),
            args.repeat,
        )
        print(
            f"\nvoice measures: {voice_ms:.0f} ms in the background for {duration / 60:.1f} min "
            f"({voice_ms / duration:.1f} ms per second of audio); GUI-thread budget {GUI_BUDGET_MS:.0f} ms, "
            f"transcript analysis {analyze_ms:.0f} ms"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
