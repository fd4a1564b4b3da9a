"""Soak: many answers back to back through the real audio stack, in one process (issue 7).

The bench starts its own PulseAudio daemon (tests/audio_env.py: a null-sink speaker and a
pipe-source microphone) and then does what the app does for a whole interview, in one process:
one SoundDeviceRecorder reused for every answer, the Vosk Korean transcriber streaming live,
the real speaker (the TTS process speaking each question to the null sink), the real SQLite
database and FLAC compaction, each answer run by :class:`~interview_sim.core.practice.PracticeRun`
on a long-lived worker thread like the app's thread pool. Every answer is espeak-ng Korean speech
with a faint unique noise floor, fed into the microphone in real time; the answer is stopped
like a user would, shortly after the speech ends.

Printed per answer and in total:
- audio: frames recorded and fed, input overflows; afterwards, from the stored FLAC of every
  answer, the span of the fed speech against its real length (a lost or repeated block changes
  it), and for a few answers the cross-correlation of every second with what was fed and the
  live transcript against the stored file's;
- resources after each answer: resident memory (VmRSS), Python and OS threads, open file
  descriptors, child processes (the TTS worker is the one long-lived child), Python objects;
- stop-to-transcript latency (the app's own figure) and stop-to-saved (FLAC and database too).

PASS/FAIL lines check the targets (no audio dropped, no overflow, memory growth from answer 5 to
the last under 50 MB, no growth in threads, descriptors or processes, and everything released
on close); the exit status is 1 on any FAIL. It is a benchmark, not part of the test suite: it
runs in real time (50 answers take about 10 minutes) and is disturbed by a busy machine.

    .venv/bin/python bench/soak_bench.py                  # 50 answers of 6 s, questions spoken
    .venv/bin/python bench/soak_bench.py --quick          # 5 answers: a smoke run (about 1 min)
    .venv/bin/python bench/soak_bench.py --answers 100 --answer-seconds 10 --no-speak
"""

from __future__ import annotations

import argparse
import gc
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import soundfile as sf

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.speech_audio import (  # noqa: E402
    LEAD_IN_S,
    MIC_RATE,
    current_rss_mb,
    feed_answer,
    make_speech,
    percentile,
    start_pulse,
)
from tests.audio_checks import answer  # noqa: E402
from tests.audio_env import BLOCK  # noqa: E402

# Silence fed after the speech before the answer is stopped: the audio still on its way through
# PulseAudio and PortAudio (tens of milliseconds) must reach the file, or it would count as lost.
TAIL_S = 0.7
MEMORY_GROWTH_LIMIT_MB = 50.0
LATENCY_P95_LIMIT_MS = 300.0  # issue 3's target for Vosk
WINDOW_NCC_MIN = 0.99
# A sample this far from zero is the fed signal (its noise floor is about 330); the silence
# around it arrives as exact zeros.
SIGNAL_THRESHOLD = 8
# Between two questions the speaker is silent for the whole answer; inside one, espeak pauses
# well under this between words.
QUESTION_GAP_S = 2.0
# The longest stretch inside the fed speech where the recording may be near silence: the floor
# crosses zero for a few samples at a time.
MAX_GAP_S = 0.005
MONITOR_RATE = 16_000
# How long threads, descriptors and processes of the last answer (or of closing) get to go away.
SETTLE_S = 5.0


# -- what the process holds ------------------------------------------------------------------


@dataclass
class Child:
    pid: int
    name: str
    state: str  # from /proc/PID/stat: Z is a zombie nobody waited for


@dataclass
class Snapshot:
    rss_mb: float
    py_threads: list[str]
    os_threads: list[str]
    fds: int
    children: list[Child]
    py_objects: int

    def child_names(self) -> list[str]:
        return sorted(c.name for c in self.children)


def _read(path: str) -> str:
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return handle.read()
    except OSError:
        return ""


def child_processes(ignore: tuple[str, ...] = ("parec",)) -> list[Child]:
    """This process's children, named; the bench's own helpers (``ignore``) left out."""
    pids: set[int] = set()
    for task in os.listdir("/proc/self/task"):
        pids.update(int(p) for p in _read(f"/proc/self/task/{task}/children").split())
    children = []
    for pid in sorted(pids):
        comm = _read(f"/proc/{pid}/comm").strip()
        if comm in ignore:
            continue
        cmdline = _read(f"/proc/{pid}/cmdline").replace("\0", " ")
        if "resource_tracker" in cmdline:
            name = "multiprocessing-resource-tracker"
        elif "spawn_main" in cmdline:
            name = "tts-worker"  # the app's only multiprocessing child
        else:
            name = comm or "?"
        stat = _read(f"/proc/{pid}/stat")
        state = stat.rsplit(")", 1)[-1].split()[0] if ")" in stat else "?"
        children.append(Child(pid, name, state))
    return children


def snapshot() -> Snapshot:
    return Snapshot(
        rss_mb=current_rss_mb(),
        py_threads=sorted(t.name for t in threading.enumerate()),
        os_threads=sorted(
            _read(f"/proc/self/task/{task}/comm").strip() for task in os.listdir("/proc/self/task")
        ),
        fds=len(os.listdir("/proc/self/fd")),
        children=child_processes(),
        py_objects=len(gc.get_objects()),
    )


def grew(reference: Snapshot, now: Snapshot) -> bool:
    return (
        len(now.py_threads) > len(reference.py_threads)
        or len(now.os_threads) > len(reference.os_threads)
        or now.fds > reference.fds
        or len(now.children) > len(reference.children)
    )


def settled(done: Callable[[Snapshot], bool], timeout: float) -> Snapshot:
    """A snapshot once ``done`` holds, or the last one after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    now = snapshot()
    while not done(now) and time.monotonic() < deadline:
        time.sleep(0.1)
        now = snapshot()
    return now


def difference(before: list[str], after: list[str]) -> str:
    """What ``after`` has more (+) or less (-) than ``before``, by name."""
    from collections import Counter

    added, removed = Counter(after) - Counter(before), Counter(before) - Counter(after)
    parts = [f"+{n} {name}" for name, n in sorted(added.items())]
    parts += [f"-{n} {name}" for name, n in sorted(removed.items())]
    return ", ".join(parts) or "none"


# -- the app's devices, observed -------------------------------------------------------------


def observed_devices() -> tuple[type, type]:
    """The app's recorder and speaker classes, unchanged, keeping what PracticeRun does not
    report (each recording's frames and overflows, each utterance)."""
    from interview_sim.devices.base import RecordingResult, Utterance
    from interview_sim.devices.recorder import SoundDeviceRecorder
    from interview_sim.devices.speaker import SoundDeviceSpeaker

    class ObservedRecorder(SoundDeviceRecorder):
        last: RecordingResult | None = None
        stop_ms = 0.0  # of the stop-to-transcript time, what closing the recording took

        def stop(self) -> RecordingResult:
            started = time.monotonic()
            self.last = super().stop()
            self.stop_ms = (time.monotonic() - started) * 1000
            return self.last

    class ObservedSpeaker(SoundDeviceSpeaker):
        last: Utterance | None = None

        def say(self, text: str, lang: str, on_finished: Any = None) -> Utterance:
            self.last = super().say(text, lang, on_finished)
            return self.last

    return ObservedRecorder, ObservedSpeaker


# -- one answer ------------------------------------------------------------------------------


@dataclass
class AnswerRow:
    index: int
    question_id: str
    seed: int
    attempt_id: int = 0
    audio_path: str = ""
    sample_rate: int = 0
    frames: int = 0
    fed_s: float = 0.0
    overflows: int = 0
    error: str | None = None
    stopped_by: str = ""
    transcript: str = ""
    words: int = 0
    stop_ms: float = 0.0
    recorder_stop_ms: float = 0.0
    saved_ms: float = 0.0
    spoken: bool = False
    spoken_s: float = 0.0
    notices: list[str] = field(default_factory=list)  # what the app told the user
    after: Snapshot | None = None
    # Filled in by the analysis of the stored audio after the soak.
    span_error_frames: int | None = None
    longest_gap_ms: float | None = None
    min_window_ncc: float | None = None
    file_transcript_equal: bool | None = None
    notes: list[str] = field(default_factory=list)


def run_answer(
    index: int,
    question: Any,
    session_id: int,
    *,
    db: Any,
    recorder: Any,
    speaker: Any,
    transcriber: Any,
    daemon: Any,
    pool: ThreadPoolExecutor,
    clips: list[np.ndarray],
    answer_seconds: float,
) -> AnswerRow:
    from interview_sim.core.practice import PracticeEvents, PracticeOptions, PracticeRun

    row = AnswerRow(index, question.id, seed=1000 + index)
    fed = answer(clips, answer_seconds, row.seed)
    recording = threading.Event()
    options = PracticeOptions(
        # The answer is stopped by hand; the limit only ends it should the stop never come.
        max_seconds=LEAD_IN_S + answer_seconds + TAIL_S + 10.0,
        speak=speaker is not None,
        compress=True,
    )
    run = PracticeRun(
        db,
        question,
        session_id,
        recorder=recorder,
        transcriber=transcriber,
        speaker=speaker,
        options=options,
        events=PracticeEvents(on_state=lambda state: recording.set() if state == "recording" else None),
    )
    if speaker is not None:
        speaker.last = None
    future = pool.submit(run.run)
    deadline = time.monotonic() + 120
    while not recording.wait(0.05):
        if future.done():
            future.result()  # raises what went wrong before the recording
            raise RuntimeError("the answer ended before it was recorded")
        if time.monotonic() > deadline:
            run.cancel()
            raise RuntimeError("the recording did not start within 120 s")
    feeder = feed_answer(daemon, fed)
    try:
        content_s = LEAD_IN_S + len(fed) / MIC_RATE
        while feeder.content_seconds < content_s - 1e-6 or not feeder.idle():
            time.sleep(0.02)
        time.sleep(TAIL_S)
        stopped = time.monotonic()
        run.stop()
        row.fed_s = feeder.blocks_written * BLOCK / MIC_RATE
        result = future.result(timeout=120)
        row.saved_ms = (time.monotonic() - stopped) * 1000
    finally:
        feeder.close()
    last = recorder.last
    assert last is not None
    row.attempt_id, row.audio_path = result.attempt_id, result.audio_path
    row.sample_rate, row.frames, row.overflows = last.sample_rate, last.frames, last.overflows
    row.error, row.stopped_by = result.error, result.stopped_by
    row.transcript, row.words = result.transcript.text, len(result.transcript.words)
    row.stop_ms = result.stop_to_transcript_ms
    row.recorder_stop_ms = recorder.stop_ms
    row.spoken = result.question_spoken
    row.notices = list(result.notices)
    utterance = speaker.last if speaker is not None else None
    row.spoken_s = utterance.duration_s if utterance is not None else 0.0
    row.after = snapshot()
    return row


# -- the analysis afterwards -----------------------------------------------------------------


@dataclass
class Continuity:
    span_error: int  # frames: the fed speech's span in the recording minus its real length
    longest_gap: int  # frames: the longest near-silence inside it (the fed floor never stops)
    cut_at_end: bool  # the recording stops inside the speech


def continuity(stored: np.ndarray, rate: int, fed_frames: int) -> Continuity:
    """How the fed speech lies in a recording: a lost block shortens its span, a repeated one
    lengthens it, and a block of silence in its place is a gap in its noise floor."""
    expected = round(fed_frames * rate / MIC_RATE)
    loud = np.flatnonzero(np.abs(stored.astype(np.int32)) > SIGNAL_THRESHOLD)
    if len(loud) == 0:
        return Continuity(-expected, expected, False)
    gaps = np.diff(loud)
    return Continuity(
        span_error=int(loud[-1] + 1 - loud[0]) - expected,
        longest_gap=int(gaps.max()) - 1 if len(gaps) else 0,
        cut_at_end=bool(loud[-1] >= len(stored) - 1),
    )


def check_detectors(clips: list[np.ndarray], rate: int = 44_100) -> None:
    """The audio checks must see a lost block and a silenced one; refuse to run otherwise."""
    import soxr

    fed = answer(clips, 4.0, seed=7)
    pad = np.zeros(rate // 2, np.int16)
    at_rate = np.clip(soxr.resample(fed.astype(np.float32), MIC_RATE, rate), -32768, 32767).astype(np.int16)
    block = rate // 10
    intact = np.concatenate([pad, at_rate, pad])
    dropped = np.concatenate([pad, at_rate[: 2 * rate], at_rate[2 * rate + block :], pad])
    silenced = intact.copy()
    silenced[len(pad) + 2 * rate : len(pad) + 2 * rate + block] = 0
    fine = continuity(intact, rate, len(fed))
    assert abs(fine.span_error) < block // 10 and fine.longest_gap < MAX_GAP_S * rate, fine
    assert continuity(dropped, rate, len(fed)).span_error <= -block + block // 10
    assert continuity(silenced, rate, len(fed)).longest_gap >= block - 1


def analyse(
    row: AnswerRow, clips: list[np.ndarray], answer_seconds: float, transcriber: Any, deep: bool
) -> None:
    """Compare the stored answer with what was fed (made again from its seed)."""
    from interview_sim.devices.engines import transcribe_file
    from tests.audio_checks import align

    path = Path(row.audio_path)
    if path.suffix != ".flac" or not path.exists():
        row.notes.append(f"stored as {path.name!r}, not a FLAC")
        return
    stored, rate = sf.read(str(path), dtype="int16")
    if len(stored) != row.frames:
        row.notes.append(f"the FLAC holds {len(stored)} frames, the recorder wrote {row.frames}")
    fed = answer(clips, answer_seconds, row.seed)
    found = continuity(stored, rate, len(fed))
    row.span_error_frames = found.span_error
    row.longest_gap_ms = found.longest_gap / rate * 1000
    if found.cut_at_end:
        row.notes.append("the recording ends inside the speech (stopped too early?)")
    if deep:
        aligned = align(stored, rate, fed, MIC_RATE)
        row.min_window_ncc = float(aligned.window_ncc.min())
        row.file_transcript_equal = transcribe_file(transcriber, path, "ko").text == row.transcript


# -- the run ---------------------------------------------------------------------------------


def pick_questions(count: int) -> list[Any]:
    """The shortest Korean questions of the bundled bank, repeated if there are fewer."""
    from interview_sim.core.bank import load_bank

    questions = sorted(
        (q for q in load_bank().questions if q.lang == "ko"), key=lambda q: (len(q.question), q.id)
    )
    return [questions[i % len(questions)] for i in range(count)]


def check(label: str, ok: bool, figures: str) -> bool:
    print(f"{'PASS' if ok else 'FAIL'}  {label}: {figures}")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--answers", type=int, default=50, help="answers in a row (default 50)")
    parser.add_argument("--answer-seconds", type=float, default=6.0, help="speech fed per answer (default 6)")
    parser.add_argument("--quick", action="store_true", help="5 answers: a smoke run")
    parser.add_argument("--no-speak", action="store_true", help="do not speak the questions")
    parser.add_argument(
        "--deep-every", type=int, default=10, help="full cross-correlation every Nth answer (default 10)"
    )
    args = parser.parse_args()
    count = 5 if args.quick else args.answers
    if count < 2:
        parser.error("--answers must be at least 2")
    # Growth is measured from here: the first answers warm caches, pools and the allocator.
    warm = min(5, count // 2)
    if shutil.which("pulseaudio") is None:
        print("the soak needs PulseAudio (Debian: pulseaudio pulseaudio-utils)", file=sys.stderr)
        return 2

    folder = Path(tempfile.mkdtemp(prefix="soak-bench-"))
    os.environ["INTERVIEW_SIM_HOME"] = str(folder / "home")
    daemon = None
    monitor = None
    try:
        print(f"load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}", flush=True)
        clips = make_speech(folder)
        check_detectors(clips)
        daemon = start_pulse(folder / "pulse")  # before PortAudio initialises

        from interview_sim import paths
        from interview_sim.cli.speech_cmd import make_speaker
        from interview_sim.core.recovery import open_database_with_recovery
        from interview_sim.core.settings import Settings
        from interview_sim.devices.engines import create_transcriber
        from interview_sim.devices.vosk_engine import VoskEngine
        from tests.audio_env import MonitorRecorder

        settings = Settings.load(paths.settings_path())
        transcriber = create_transcriber("vosk", settings=settings)
        assert isinstance(transcriber, VoskEngine)
        transcriber.model("ko")  # loaded before the first answer, as the app waits for it
        recorder_class, speaker_class = observed_devices()
        recorder = recorder_class()
        speaker = None
        if not args.no_speak:
            plain = make_speaker(settings)
            speaker = speaker_class(plain.synthesizer, device=plain.device, volume=plain.volume)
            monitor = MonitorRecorder(daemon, folder / "monitor.raw", rate=MONITOR_RATE)
        db = open_database_with_recovery(report=lambda message: print(f"  database: {message}"))
        session_id = db.create_session({"mode": "soak", "answers": count})
        questions = pick_questions(count)
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="practice")
        pool.submit(lambda: None).result()  # its thread is part of the baseline, as in the app
        before = snapshot()

        print(
            f"\nSoak: {count} answers of {args.answer_seconds:.0f} s in one process "
            f"(questions {'not ' if speaker is None else ''}spoken, Vosk live, FLAC on)"
        )
        print(
            f"{'#':>3} {'question':<32} {'spoken':>6} {'rec s':>6} {'fed s':>6} {'ovf':>3} {'stop ms':>7} {'(rec)':>5} {'saved ms':>8} "
            f"{'RSS MB':>7} {'py thr':>6} {'os thr':>6} {'fds':>4} {'child':>5} {'objects':>8} words"
        )
        rows: list[AnswerRow] = []
        started = time.monotonic()
        for i, question in enumerate(questions):
            row = run_answer(
                i + 1,
                question,
                session_id,
                db=db,
                recorder=recorder,
                speaker=speaker,
                transcriber=transcriber,
                daemon=daemon,
                pool=pool,
                clips=clips,
                answer_seconds=args.answer_seconds,
            )
            rows.append(row)
            after = row.after
            assert after is not None
            print(
                f"{row.index:>3} {row.question_id[:32]:<32} {row.spoken_s if row.spoken else 0.0:6.2f} "
                f"{row.frames / row.sample_rate:6.2f} {row.fed_s:6.2f} "
                f"{row.overflows:>3} {row.stop_ms:7.1f} {row.recorder_stop_ms:5.0f} {row.saved_ms:8.1f} {after.rss_mb:7.1f} "
                f"{len(after.py_threads):>6} {len(after.os_threads):>6} {after.fds:>4} {len(after.children):>5} "
                f"{after.py_objects:>8} {row.words}"
                + "".join(f"\n      notice: {text}" for text in row.notices),
                flush=True,
            )
        soak_s = time.monotonic() - started
        # A thread of the last answer may still be on its way out: a leak is what stays.
        reference = rows[warm - 1].after
        assert reference is not None
        end = settled(lambda now: not grew(reference, now), SETTLE_S)

        # Everything the session opened must go away with it.
        if speaker is not None:
            speaker.close()
        db.end_session(session_id)
        closed = settled(lambda now: not grew(before, now), SETTLE_S)  # the TTS worker exits
        load_after = os.getloadavg()

        print("\nanalysing the stored answers…", flush=True)
        deep = {1, count} | set(range(args.deep_every, count + 1, max(1, args.deep_every)))
        for row in rows:
            analyse(row, clips, args.answer_seconds, transcriber, row.index in deep)
        integrity = db.integrity_ok()
        attempts = [db.attempt(i) for i in db.attempt_ids_of_session(session_id)]
        db.close()
        leftovers = sorted(
            p.name for p in paths.recordings_dir().iterdir() if p.suffix in (".wav", ".lock", ".part")
        )
        heard = questions_heard(monitor.stop()) if monitor is not None else None
        monitor = None

        return report(
            args,
            count,
            warm,
            rows,
            before,
            end,
            closed,
            soak_s,
            load_after,
            integrity,
            attempts,
            leftovers,
            heard,
        )
    finally:
        if monitor is not None:
            monitor.stop()
        if daemon is not None:
            daemon.stop()
        shutil.rmtree(folder, ignore_errors=True)


def questions_heard(monitor: np.ndarray) -> tuple[int, float]:
    """(bursts of sound separated by at least QUESTION_GAP_S of silence, seconds of sound)."""
    window = MONITOR_RATE // 20
    frames = len(monitor) // window
    if frames == 0:
        return 0, 0.0
    rms = np.sqrt(np.mean(monitor[: frames * window].reshape(frames, window) ** 2, axis=1))
    loud = np.flatnonzero(rms > 10 ** (-50 / 20))
    if len(loud) == 0:
        return 0, 0.0
    gaps = np.diff(loud) * window / MONITOR_RATE
    return 1 + int(np.sum(gaps >= QUESTION_GAP_S)), len(loud) * window / MONITOR_RATE


def report(
    args: argparse.Namespace,
    count: int,
    warm: int,
    rows: list[AnswerRow],
    before: Snapshot,
    end: Snapshot,
    closed: Snapshot,
    soak_s: float,
    load_after: tuple[float, float, float],
    integrity: bool,
    attempts: list[Any],
    leftovers: list[str],
    heard: tuple[int, float] | None,
) -> int:
    first = rows[warm - 1].after
    assert first is not None
    rate = rows[0].sample_rate
    block = round(rate * 0.1)  # the recorder's block: 100 ms
    print(
        f"\nanswers: {count} in {soak_s / 60:.1f} min; load average after: {load_after[0]:.2f} {load_after[1]:.2f} {load_after[2]:.2f}"
    )
    print("stored audio against what was fed (all answers; ncc and transcripts for a few):")
    print(
        f"{'#':>3} {'span error (frames)':>19} {'longest gap ms':>14} {'min 1-s ncc':>11} {'live == file':>12}  notes"
    )
    for row in rows:
        print(
            f"{row.index:>3} {row.span_error_frames if row.span_error_frames is not None else '-':>19} "
            f"{row.longest_gap_ms if row.longest_gap_ms is not None else float('nan'):14.2f} "
            f"{row.min_window_ncc if row.min_window_ncc is not None else float('nan'):11.4f} "
            f"{'-' if row.file_transcript_equal is None else str(row.file_transcript_equal):>12}  "
            f"{'; '.join(row.notes)}"
        )
    spans = [r.span_error_frames for r in rows if r.span_error_frames is not None]
    deep = [r for r in rows if r.min_window_ncc is not None]
    stops = [r.stop_ms for r in rows]
    saves = [r.saved_ms for r in rows]
    recorded_s = sum(r.frames / r.sample_rate for r in rows)
    fed_s = sum(r.fed_s for r in rows)
    print(f"recorded {recorded_s:.2f} s, fed {fed_s:.2f} s while recording (start and stop jitter included)")
    print(
        f"stop->transcript median {statistics.median(stops):.1f} ms, p95 {percentile(stops, 95):.1f} ms, "
        f"max {max(stops):.1f} ms; stop->saved (FLAC, database) median {statistics.median(saves):.1f} ms, "
        f"p95 {percentile(saves, 95):.1f} ms"
    )
    tenth = max(1, count // 5)
    print(
        f"stop->transcript median, first {tenth}: {statistics.median(stops[:tenth]):.1f} ms, "
        f"last {tenth}: {statistics.median(stops[-tenth:]):.1f} ms"
    )
    print(
        f"RSS: before {before.rss_mb:.1f} MB, after answer {warm} {first.rss_mb:.1f} MB, after answer {count} "
        f"{end.rss_mb:.1f} MB, after closing {closed.rss_mb:.1f} MB; peak over answers "
        f"{max(r.after.rss_mb for r in rows if r.after):.1f} MB"
    )
    print(f"Python objects: after answer {warm} {first.py_objects}, after answer {count} {end.py_objects}")
    steady = [r.after for r in rows[warm - 1 :] if r.after is not None]
    print(
        f"right after each answer {warm}..{count}: Python threads "
        f"{min(len(a.py_threads) for a in steady)}..{max(len(a.py_threads) for a in steady)}, OS threads "
        f"{min(len(a.os_threads) for a in steady)}..{max(len(a.os_threads) for a in steady)}, fds "
        f"{min(a.fds for a in steady)}..{max(a.fds for a in steady)}, children "
        f"{min(len(a.children) for a in steady)}..{max(len(a.children) for a in steady)}"
    )
    for label, snap in (
        ("before", before),
        (f"after answer {warm}", first),
        (f"after answer {count}", end),
        ("after closing", closed),
    ):
        print(
            f"{label:>17}: {len(snap.py_threads)} Python threads, {len(snap.os_threads)} OS threads, "
            f"{snap.fds} fds, children {snap.child_names() or 'none'}"
        )
    print(
        f"threads after answer {count} vs {warm}: Python {difference(first.py_threads, end.py_threads)}; OS {difference(first.os_threads, end.os_threads)}"
    )
    print(
        f"threads after closing vs before: Python {difference(before.py_threads, closed.py_threads)}; OS {difference(before.os_threads, closed.os_threads)}"
    )
    if heard is not None:
        spoken_s = sum(r.spoken_s for r in rows)
        print(
            f"speaker monitor: {heard[0]} questions heard, {heard[1]:.1f} s of sound for {spoken_s:.1f} s spoken"
        )

    print()
    ok = True
    errors = [r for r in rows if r.error]
    ok &= check(
        "no audio dropped",
        bool(spans)
        and len(spans) == count
        and all(abs(s) <= block for s in spans)
        and all((r.longest_gap_ms or 0) <= MAX_GAP_S * 1000 for r in rows)
        and not any(r.notes for r in rows),
        f"stored speech span vs fed length: worst {max(spans, key=abs) if spans else 'n/a'} frames "
        f"(limit one block, {block}); longest gap inside it "
        f"{max((r.longest_gap_ms or 0) for r in rows):.2f} ms (limit {MAX_GAP_S * 1000:.0f} ms); "
        f"{sum(1 for r in rows if r.notes)} answers with notes",
    )
    ok &= check(
        "every second matches what was fed",
        bool(deep) and all((r.min_window_ncc or 0) >= WINDOW_NCC_MIN for r in deep),
        f"{len(deep)} answers cross-correlated, lowest 1-s window ncc "
        f"{min((r.min_window_ncc or 0) for r in deep) if deep else float('nan'):.4f} (limit {WINDOW_NCC_MIN})",
    )
    ok &= check(
        "no input overflows", sum(r.overflows for r in rows) == 0, f"{sum(r.overflows for r in rows)}"
    )
    ok &= check(
        "no recording errors", not errors, f"{len(errors)}" + (f" ({errors[0].error})" if errors else "")
    )
    ok &= check(
        "live transcripts",
        all(r.words > 0 for r in rows) and all(r.file_transcript_equal for r in deep),
        f"{sum(1 for r in rows if r.words > 0)}/{count} answers with words; live == stored file's transcript "
        f"in {sum(1 for r in deep if r.file_transcript_equal)}/{len(deep)} checked",
    )
    growth = end.rss_mb - first.rss_mb
    ok &= check(
        f"memory growth answer {warm} -> {count}",
        growth < MEMORY_GROWTH_LIMIT_MB,
        f"{growth:+.1f} MB (limit {MEMORY_GROWTH_LIMIT_MB:.0f} MB)",
    )
    ok &= check(
        "no leaked threads",
        len(end.py_threads) <= len(first.py_threads)
        and len(end.os_threads) <= len(first.os_threads)
        and len(closed.py_threads) <= len(before.py_threads)
        and len(closed.os_threads) <= len(before.os_threads),
        f"Python {len(first.py_threads)} -> {len(end.py_threads)}, OS {len(first.os_threads)} -> "
        f"{len(end.os_threads)} (answer {warm} -> {count}); after closing Python {len(closed.py_threads)}, "
        f"OS {len(closed.os_threads)} (before: {len(before.py_threads)}, {len(before.os_threads)})",
    )
    zombies = [c for snap in (end, closed) for c in snap.children if c.state == "Z"]
    ok &= check(
        "no leaked processes",
        end.child_names() == first.child_names()
        and closed.child_names() == before.child_names()
        and not zombies,
        f"children after answer {warm} {first.child_names()}, after answer {count} {end.child_names()}, "
        f"after closing {closed.child_names()} (before {before.child_names()}); zombies {len(zombies)}",
    )
    ok &= check(
        "no leaked file descriptors",
        end.fds <= first.fds and closed.fds <= before.fds,
        f"{first.fds} -> {end.fds} (answer {warm} -> {count}); after closing {closed.fds} (before {before.fds})",
    )
    ok &= check(
        "stop->transcript p95",
        percentile(stops, 95) < LATENCY_P95_LIMIT_MS,
        f"{percentile(stops, 95):.1f} ms (limit {LATENCY_P95_LIMIT_MS:.0f} ms)",
    )
    stored_ok = (
        integrity
        and len(attempts) == count
        and all(
            a is not None
            and a.status == "finished"
            and (a.audio_path or "").endswith(".flac")
            and a.transcripts
            for a in attempts
        )
        and not leftovers
    )
    ok &= check(
        "database",
        stored_ok,
        f"integrity {'ok' if integrity else 'FAILED'}, {len(attempts)} attempts, "
        f"{sum(1 for a in attempts if a and (a.audio_path or '').endswith('.flac'))} as FLAC with transcripts; "
        f"leftover files {leftovers or 'none'}",
    )
    if heard is not None:
        spoken = sum(1 for r in rows if r.spoken)
        ok &= check(
            "questions spoken",
            spoken == count and heard[0] == count,
            f"{spoken}/{count} spoken by the app, {heard[0]} heard on the speaker's monitor",
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
