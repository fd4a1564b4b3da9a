"""Speech pipeline benchmark: prints figures, asserts nothing (see issue 3).

For answers fed in real time (default 30 s x5, 2 min x2, 5 min x1):
- stop-to-final-transcript latency (median, p95) of the live Vosk pipeline;
- the engine's real-time factor (raw Vosk on the stored file);
- our file pipeline's overhead against the raw engine on the same file;
- audio dropped while a busy "GUI" thread hogs the interpreter, and input overflows;
- peak RSS.

    .venv/bin/python bench/speech_bench.py                 # PulseAudio virtual mic if available
    .venv/bin/python bench/speech_bench.py --quick         # 3 x 10 s
    .venv/bin/python bench/speech_bench.py --device fake   # replay without PulseAudio
    .venv/bin/python bench/speech_bench.py --refine-model base   # with the second pass beside
                                                                 # (a size or a model folder)

With ``--refine-model`` the second pass (interview_sim.devices.refiner) runs beside the live
stream exactly as in the app; the live figures must not change, and the stop-to-refined
latency (p95) and the refinement mode (segments / after) are printed too, with where the time
after the stop went: the last segment's length and decode, the backlog of earlier segments,
and how much audio was still to decode at the stop (independent of how loaded the machine is).
``--no-compare`` skips the raw-Vosk comparison after each answer when only that is wanted.
``--stop-at`` says when an answer ends: by default 0.5 s after its last sentence (a candidate
who has finished and presses the key), or ``cut`` at the planned length, mid-sentence (the
template's time running out; the last segment then ends mid-word, and Whisper decodes its
unfinished end in a second 30 s window).

With ``--device pulse`` the bench starts its own PulseAudio daemon (see tests/audio_env.py) and
records through PortAudio exactly like the app; ``fake`` replays through a fake sounddevice.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
import soundfile as sf
import soxr

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.speech_audio import current_rss_mb, feed_answer, make_speech, percentile, start_pulse  # noqa: E402
from tests.audio_checks import answer, answer_ending_in_silence  # noqa: E402


class RssSampler:
    """Highest resident memory while the live pipeline runs (the analysis afterwards is not the app)."""

    def __init__(self) -> None:
        self.peak_mb = current_rss_mb()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(0.2):
            self.peak_mb = max(self.peak_mb, current_rss_mb())

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return max(self.peak_mb, current_rss_mb())


class BusyGui:
    """A thread that keeps the interpreter busy the way a heavy GUI repaint would."""

    def __init__(self) -> None:
        self._stop = threading.Event()
        self.loops = 0
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            total = 0
            for i in range(200_000):  # pure Python: holds the GIL between switches
                total += i * i
            self.loops += 1

    def __enter__(self) -> BusyGui:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


REACTION_S = 0.5  # from the last word to the stop key: a candidate who has finished


def run_one(
    sd: object,
    feed: object,
    audio16: np.ndarray,
    seconds: float,
    engine: object,
    folder: Path,
    busy: bool,
    refine_engine: object = None,
    refine_lang: str = "ko",
    compare: bool = True,
    length: float | None = None,
) -> dict[str, float]:
    from interview_sim.devices.engines import transcribe_file
    from interview_sim.devices.live import LiveTranscription
    from interview_sim.devices.recorder import SoundDeviceRecorder

    sampler = RssSampler()
    recorder = SoundDeviceRecorder(sd)
    rate = recorder.open()
    live = LiveTranscription(engine.open_stream("ko"))  # type: ignore[attr-defined]
    path = folder / f"answer-{seconds:.0f}-{time.monotonic_ns()}.wav"
    refiner = None
    on_audio = live.feed
    if refine_engine is not None:
        from interview_sim.devices.refiner import SegmentRefiner

        refiner = SegmentRefiner(refine_engine, refine_lang)

        def on_audio(pcm: bytes) -> None:
            live.feed(pcm)
            refiner.feed(pcm)

    recorder.start(path, on_audio=on_audio, max_seconds=seconds)
    feeder = feed(audio16)  # type: ignore[operator]
    gui = BusyGui() if busy else None
    if gui is not None:
        gui.__enter__()
    try:
        recorder.wait()
    finally:
        if gui is not None:
            gui.__exit__()
    recording = recorder.stop()
    if refiner is not None:
        refiner.finish(recording.stop_requested_at)
    live.finish()
    stop_ms = (time.monotonic() - (recording.stop_requested_at or 0.0)) * 1000
    refined = refiner.wait() if refiner is not None else None
    rss_mb = sampler.stop()
    parts = refine_breakdown(refined, recording.stop_requested_at or 0.0)
    if feeder is not None:
        feeder.close()

    # Raw engine on the same file, fed pre-converted 16 kHz audio straight into Vosk, against our
    # file pipeline (read, convert, rechunk, stream). Alternated, best of two: Vosk's own speed
    # varies by several per cent from run to run on a shared 2-core machine.
    recorded, file_rate = sf.read(str(path), dtype="float32")
    from interview_sim.devices.audio import iter_pcm16k

    # The raw engine gets the very samples our pipeline produces (converted beforehand, untimed),
    # so both runs decode identical audio and only the pipeline's work differs.
    pcm = b"".join(iter_pcm16k(path))

    def raw() -> float:
        recognizer = engine.vosk.KaldiRecognizer(engine.model("ko"), 16_000)  # type: ignore[attr-defined]
        recognizer.SetWords(True)
        start = time.perf_counter()
        for i in range(0, len(pcm), 3200):
            if recognizer.AcceptWaveform(pcm[i : i + 3200]):
                recognizer.Result()  # the utterance's words: engine work any caller needs
        recognizer.FinalResult()
        return time.perf_counter() - start

    def ours() -> float:
        start = time.perf_counter()
        transcribe_file(engine, path, "ko")  # type: ignore[arg-type]
        return time.perf_counter() - start

    raw_times, our_times = [], []
    for _ in range(2 if compare else 0):
        raw_times.append(raw())
        our_times.append(ours())
    raw_s, ours_s = (min(raw_times), min(our_times)) if compare else (float("nan"), float("nan"))
    # What the pipeline itself adds (read, convert, rechunk), without the engine's variance.
    start = time.perf_counter()
    for _ in iter_pcm16k(path):
        pass
    convert_s = time.perf_counter() - start

    expected = int(seconds * rate)
    fidelity = float("nan")
    if audio16 is not None:
        from tests.audio_checks import align

        found = align(recorded, file_rate, audio16[: int((seconds - 1) * 16_000)], 16_000)
        fidelity = float(found.window_ncc.min())
    path.unlink(missing_ok=True)
    return {
        "seconds": seconds,
        "length": length if length is not None else seconds,
        "stop_ms": stop_ms,
        "rtf": raw_s / recording.duration_s,
        "overhead": (ours_s - raw_s) / raw_s,
        "own_cost": convert_s / raw_s,
        "rss_mb": rss_mb,
        "dropped_frames": expected - recording.frames,
        "overflows": recording.overflows,
        "min_window_ncc": fidelity,
        "error": 0.0 if recording.error is None else 1.0,
        "refined_ms": refined.ready_ms if refined is not None else float("nan"),
        "refined_after": float(refined is not None and refined.mode == "after"),
        **parts,
    }


def refine_breakdown(refined: object, stop_at: float) -> dict[str, float]:
    """Where the time from the stop to the refined transcript went: cutting the last segment
    (the VAD catching up), earlier segments still being decoded (backlog), the last one's
    decode, and the length of that last segment."""
    timings = getattr(refined, "timings", None) or []
    if not timings:
        return {}
    tail = timings[-1]
    before = sum(max(0.0, t.done_at - max(t.started_at, stop_at)) for t in timings[:-1])
    pending = [t for t in timings if t.done_at > stop_at]  # work left at the stop
    return {
        "passes_after_stop": float(len(pending)),
        "audio_after_stop_s": sum(t.end_s - t.start_s for t in pending),
        "segments": float(len(timings)),
        "tail_s": tail.end_s - tail.start_s,
        "tail_cut_ms": (tail.queued_at - stop_at) * 1000,
        "backlog_ms": before * 1000,
        "tail_decode_ms": tail.decode_s * 1000,
        "tail_beside": float(getattr(tail, "beside", False)),
        "max_segment_s": max(t.end_s - t.start_s for t in timings),
        "mean_decode_rtf": sum(t.decode_s for t in timings) / sum(t.end_s - t.start_s for t in timings),
    }


def measure_app(
    daemon: object, clips: list[np.ndarray], folder: Path, seconds: float = 30.0
) -> dict[str, float]:
    """The real app process (`practice --headless`) on the virtual mic: its peak RSS and latency."""
    import subprocess

    from tests.audio_env import CliProcess, MicFeeder, cli_env

    home = folder / "app-home"
    process = CliProcess(
        [
            "practice",
            "--headless",
            "--no-speak",
            "--question",
            "algorithms.hash-table",
            "--answer-seconds",
            str(seconds),
        ],
        cli_env(daemon, home),  # type: ignore[arg-type]
    )
    peak = {"kb": 0}

    def sample() -> None:
        # VmHWM of the child itself: ru_maxrss of children would count the bench's own memory,
        # which a forked child shares until it executes Python.
        status = Path(f"/proc/{process.process.pid}/status")
        while process.process.poll() is None:
            try:
                for line in status.read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        peak["kb"] = max(peak["kb"], int(line.split()[1]))
            except OSError:
                return
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    process.wait_for_stderr("recording started", timeout=60)
    feeder = MicFeeder(daemon.fifo)  # type: ignore[attr-defined]
    feeder.play(np.zeros(8000, np.int16))
    feeder.play(answer(clips, seconds + 2, seed=99))
    code, out, err = process.finish(timeout=seconds + 120)
    feeder.close()
    if code != 0:
        raise subprocess.CalledProcessError(code, "practice", out, err)
    result = json.loads(out)
    sampler.join()
    return {
        "rss_mb": peak["kb"] / 1024,
        "stop_ms": float(result["stop_to_transcript_ms"]),
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--device", choices=("auto", "pulse", "fake"), default="auto")
    parser.add_argument("--plan", default="30x5,120x2,300x1", help="LENGTHxREPEATS,... (seconds)")
    parser.add_argument("--quick", action="store_true", help="same as --plan 10x3")
    parser.add_argument("--no-busy-gui", action="store_true", help="do not simulate a busy GUI thread")
    parser.add_argument("--json", action="store_true", help="print the raw rows as JSON too")
    parser.add_argument(
        "--speech-lang",
        choices=("ko", "en"),
        default="ko",
        help="language of the espeak-ng answers (en: speech Whisper can recognise; the live Vosk "
        "stream stays Korean, its timing is what counts)",
    )
    parser.add_argument(
        "--refine-model",
        metavar="SIZE_OR_FOLDER",
        help="run the second pass (faster-whisper) beside the live stream",
    )
    parser.add_argument(
        "--no-app", action="store_true", help="skip the 30 s run of the app itself (`practice --headless`)"
    )
    parser.add_argument(
        "--refine-threads",
        type=int,
        help="CTranslate2 threads of the second pass (default: the app's, SECOND_PASS_THREADS; 0: all cores)",
    )
    parser.add_argument(
        "--refine-workers",
        type=int,
        default=None,
        help="decodes the second pass may run at once (default: the app's, SECOND_PASS_WORKERS; "
        "1: the answer's tail waits for a pass in flight)",
    )
    parser.add_argument(
        "--stop-at",
        choices=("speech-end", "cut"),
        default="speech-end",
        help="when each answer is stopped: speech-end (default) 0.5 s after its last sentence, as a "
        "candidate who has finished presses the key; cut: at the planned length, mid-sentence, "
        "as when the template's time runs out",
    )
    parser.add_argument(
        "--no-compare",
        action="store_true",
        help="skip the raw-engine comparison after each answer (RTF and overhead print as nan): "
        "quicker when only the stop->refined latency is wanted",
    )
    args = parser.parse_args()
    plan = [
        (float(a), int(b))
        for a, b in (item.split("x") for item in ("10x3" if args.quick else args.plan).split(","))
    ]
    device = args.device
    if device == "auto":
        device = "pulse" if shutil.which("pulseaudio") else "fake"

    folder = Path(tempfile.mkdtemp(prefix="speech-bench-"))
    os.environ.setdefault("INTERVIEW_SIM_HOME", str(folder / "home"))
    daemon = None
    try:
        clips = make_speech(folder, args.speech_lang)
        if device == "pulse":
            daemon = start_pulse(folder / "pulse")  # before PortAudio initialises (first sounddevice import)
            import sounddevice as sd

            def feed(samples: np.ndarray) -> object:
                return feed_answer(daemon, samples)

        from interview_sim.devices.vosk_engine import VoskEngine

        start = time.perf_counter()
        engine = VoskEngine()
        engine.model("ko")
        load_s = time.perf_counter() - start
        refine_engine = None
        if args.refine_model:
            from interview_sim.core.refinement import SECOND_PASS_THREADS, SECOND_PASS_WORKERS
            from interview_sim.devices.whisper_engine import FasterWhisperEngine

            refine_engine = FasterWhisperEngine(
                args.refine_model,
                low_priority=True,
                cpu_threads=SECOND_PASS_THREADS if args.refine_threads is None else args.refine_threads,
                num_workers=SECOND_PASS_WORKERS if args.refine_workers is None else args.refine_workers,
            )
            refine_engine.model()

        rows = []
        for length, repeats in plan:
            for r in range(repeats):
                seed = int(length) * 100 + r
                if args.stop_at == "speech-end":
                    audio16, seconds = answer_ending_in_silence(clips, length, seed, REACTION_S)
                else:
                    audio16, seconds = answer(clips, length + 2, seed=seed), length
                if device == "fake":
                    from tests.fakes import FakeSoundDevice

                    mic = soxr.resample(audio16.astype(np.float32) / 32768, 16_000, 44_100)
                    sd = FakeSoundDevice((mic * 32767).astype(np.int16), rate=44_100, realtime=True)
                    feed = lambda samples: None  # noqa: E731 - the fake already replays the answer
                row = run_one(
                    sd,
                    feed,
                    audio16,
                    seconds,
                    engine,
                    folder,
                    busy=not args.no_busy_gui,
                    refine_engine=refine_engine,
                    refine_lang=args.speech_lang,
                    compare=not args.no_compare,
                    length=length,
                )
                rows.append(row)
                print(
                    f"  {length:5.0f} s #{r + 1}: stop->transcript {row['stop_ms']:6.1f} ms, RTF {row['rtf']:.3f}, "
                    f"overhead {row['overhead'] * 100:+.1f} % (own cost {row['own_cost'] * 100:.2f} %), dropped {row['dropped_frames']}, "
                    f"overflows {row['overflows']}, min 1-s ncc {row['min_window_ncc']:.4f}"
                    + (
                        f", stop->refined {row['refined_ms']:.0f} ms (last segment {row.get('tail_s', 0):.1f} s "
                        f"cut +{row.get('tail_cut_ms', 0):.0f} ms, decoded in {row.get('tail_decode_ms', 0):.0f} ms"
                        f"{' beside a pass in flight' if row.get('tail_beside') else ''}; "
                        f"backlog {row.get('backlog_ms', 0):.0f} ms; left at the stop: "
                        f"{row.get('passes_after_stop', 0):.0f} passes, {row.get('audio_after_stop_s', 0):.1f} s of audio; "
                        f"{row.get('segments', 0):.0f} decodes, "
                        f"longest {row.get('max_segment_s', 0):.1f} s, RTF {row.get('mean_decode_rtf', 0):.2f})"
                        if refine_engine is not None
                        else ""
                    ),
                    flush=True,
                )
        app = measure_app(daemon, clips, folder) if daemon is not None and not args.no_app else None
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"\nSpeech pipeline benchmark ({device} microphone, busy GUI thread: {not args.no_busy_gui})")
        print(f"Vosk Korean model load: {load_s:.2f} s")
        print(
            f"{'answer':>8} {'runs':>4} {'stop->final median':>19} {'p95':>8} {'RTF':>6} {'overhead':>9} {'dropped':>8}"
        )
        for length, _ in plan:
            group = [r for r in rows if r["length"] == length]
            stops = [r["stop_ms"] for r in group]
            print(
                f"{length:7.0f}s {len(group):>4} {statistics.median(stops):16.1f} ms {percentile(stops, 95):5.1f} ms "
                f"{statistics.mean(r['rtf'] for r in group):6.3f} {statistics.mean(r['overhead'] for r in group) * 100:+8.1f}% "
                f"{sum(r['dropped_frames'] for r in group):>8}"
            )
        stops = [r["stop_ms"] for r in rows]
        print(f"all runs: stop->final p95 {percentile(stops, 95):.1f} ms (target < 300 ms with Vosk)")
        print(
            f"pipeline overhead vs raw engine: {statistics.mean(r['overhead'] for r in rows) * 100:+.1f} % end to end "
            f"(Vosk's own run-to-run spread dominates), {statistics.mean(r['own_cost'] for r in rows) * 100:.2f} % "
            "for the pipeline's own work (target within 5 %)"
        )
        print(
            f"audio dropped: {sum(r['dropped_frames'] for r in rows)} frames, overflows {sum(r['overflows'] for r in rows)}"
        )
        if refine_engine is not None:
            print(f"second pass beside it: {args.refine_model}")
            for length, _ in plan:
                group = [r for r in rows if r["length"] == length]
                ready = [r["refined_ms"] for r in group]
                after = sum(int(r["refined_after"]) for r in group)
                left = [r.get("audio_after_stop_s", float("nan")) for r in group]
                print(
                    f"{length:7.0f}s stop->refined median {statistics.median(ready):8.0f} ms, "
                    f"p95 {percentile(ready, 95):8.0f} ms, fell back to after the answer in {after}/{len(group)}, "
                    f"audio still to decode at the stop: median {statistics.median(left):.1f} s"
                )
        if app is not None:
            print(
                f"the app itself (`practice --headless`, 30 s answer): peak RSS {app['rss_mb']:.0f} MB, "
                f"stop->final {app['stop_ms']:.0f} ms"
            )
        live_peak = max(r["rss_mb"] for r in rows)
        print(f"peak RSS of the bench while recording and transcribing live: {live_peak:.0f} MB")
        print(f"peak RSS of the bench process (incl. its own analysis arrays): {peak_mb:.0f} MB")
        if args.json:
            print(json.dumps(rows, indent=1))
    finally:
        if daemon is not None:
            daemon.stop()
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
