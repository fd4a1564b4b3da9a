"""Accuracy benchmark: prints figures, asserts nothing (issue 12).

For every engine and model given, on a corpus (a folder of audio files with ``.txt``
references, see interview_sim/core/corpus.py):
- character and word error rate against the references (jiwer), every text normalized the same
  way (Vosk number tokens spelled out, case and punctuation dropped; CER ignores spaces, which
  is how Korean spacing differences are kept out of it);
- real-time factor (seconds of work per second of audio, the whole file after the answer);
- after-the-answer latency, extrapolated for 30 s, 2 min and 5 min answers from the RTF;
- peak memory (each engine runs in its own process, so the figures do not add up).

The stop-to-refined latency of the second pass running *while* the answer is spoken is
measured by ``bench/speech_bench.py --refine-model`` (real time through the virtual mic).

    .venv/bin/python bench/accuracy_bench.py                      # the shipped English corpus
    .venv/bin/python bench/accuracy_bench.py --corpus DIR --engine vosk --whisper-model base

The shipped corpus (bench/corpus/en) holds only the reference texts; its audio is spoken by
espeak-ng into a cache folder on first use. Your own corpus: `interview-sim archive corpus DIR`
writes every answer whose transcript you corrected, or put recordings with a .txt beside each.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
SHIPPED = REPO / "bench" / "corpus" / "en"


def speak_shipped(cache: Path) -> Path:
    """The shipped English corpus with its audio (espeak-ng), made once into ``cache``."""
    folder = cache / "corpus-en"
    folder.mkdir(parents=True, exist_ok=True)
    for txt in sorted(SHIPPED.glob("*.txt")):
        wav = folder / (txt.stem + ".wav")
        if not wav.exists():
            text = txt.read_text(encoding="utf-8").strip()
            subprocess.run(["espeak-ng", "-v", "en-us", "-s", "150", "-w", str(wav), text], check=True)
        shutil.copyfile(txt, folder / txt.name)
    shutil.copyfile(SHIPPED / "corpus.json", folder / "corpus.json")
    return folder


def run_engine(corpus: Path, engine: str, model: str | None) -> dict[str, Any]:
    """One engine over the corpus, in this process (the parent starts one process per engine)."""
    import jiwer

    from interview_sim.core.corpus import normalize, read_corpus
    from interview_sim.devices.engines import transcribe_file

    start = time.perf_counter()
    if engine == "vosk":
        from interview_sim.devices.vosk_engine import VoskEngine

        transcriber: Any = VoskEngine()
    else:
        from interview_sim.devices.whisper_engine import FasterWhisperEngine

        transcriber = FasterWhisperEngine(model or "base")
        transcriber.model()
    load_s = time.perf_counter() - start
    refs, hyps, audio_s, work_s, skipped = [], [], 0.0, 0.0, 0
    for item in read_corpus(corpus):
        if engine == "vosk":
            try:
                transcriber.model(item.lang)
            except Exception:
                skipped += 1  # no Vosk model for this language
                continue
        started = time.perf_counter()
        result = transcribe_file(transcriber, item.audio, item.lang)
        work_s += time.perf_counter() - started
        audio_s += result.duration_s
        refs.append(normalize(item.reference, item.lang))
        hyps.append(normalize(result.text, item.lang))
    if not refs:
        return {"engine": engine, "model": model, "items": 0, "skipped": skipped}
    nospace_refs = [r.replace(" ", "") for r in refs]
    nospace_hyps = [h.replace(" ", "") for h in hyps]
    return {
        "engine": engine,
        "model": model,
        "items": len(refs),
        "skipped": skipped,
        "audio_s": audio_s,
        "load_s": load_s,
        "wer": jiwer.wer(refs, hyps),
        "cer": jiwer.cer(nospace_refs, nospace_hyps),
        "rtf": work_s / audio_s,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def run_answer(
    corpus: Path, model: str, seconds: float, pauses: bool, beam: int | None, threads: int | None = None
) -> dict[str, Any]:
    """The second pass over one long answer made of the corpus's items (each item once, in a
    shuffled order, repeated up to ``seconds``), fed all at once and refined after the answer
    (the slow case of the issue's targets), with its WER against the joined references.
    ``pauses``: 0.2-1.2 s between items, else 50 ms (a candidate who never pauses)."""
    import jiwer
    import numpy as np

    from interview_sim.core.corpus import normalize, read_corpus
    from interview_sim.devices.audio import iter_pcm16k
    from interview_sim.devices.refiner import SegmentRefiner
    from interview_sim.devices.whisper_engine import FasterWhisperEngine

    items = list(read_corpus(corpus))
    clips = [np.frombuffer(b"".join(iter_pcm16k(item.audio)), dtype="<i2") for item in items]
    rng = np.random.default_rng(7)
    parts, refs, total = [], [], 0
    while total < seconds * 16000:
        for i in rng.permutation(len(items)):
            gap = int((rng.uniform(0.2, 1.2) if pauses else 0.05) * 16000)
            parts += [clips[i], np.zeros(gap, np.int16)]
            refs.append(items[i].reference)
            total += len(clips[i]) + gap
            if total >= seconds * 16000:
                break
    pcm = np.concatenate(parts).astype("<i2").tobytes()
    from interview_sim.core.refinement import SECOND_PASS_THREADS, SECOND_PASS_WORKERS

    engine = FasterWhisperEngine(
        model,
        low_priority=True,
        cpu_threads=SECOND_PASS_THREADS if threads is None else threads,
        num_workers=SECOND_PASS_WORKERS,
    )
    engine.model()
    lang = items[0].lang
    refiner = SegmentRefiner(engine, lang, **({"beam_size": beam} if beam is not None else {}))
    for i in range(0, len(pcm), 3200):
        refiner.feed(pcm[i : i + 3200])
    refiner.finish()
    refined = refiner.wait()
    assert refined is not None
    ref = normalize(" ".join(refs), lang)
    hyp = normalize(refined.result.text, lang)
    lengths = [t.end_s - t.start_s for t in getattr(refined, "timings", [])] or [float("nan")]
    return {
        "model": model,
        "answer_s": len(pcm) / 32000,
        "pauses": pauses,
        "wer": jiwer.wer(ref, hyp),
        "after_s": refined.ready_ms / 1000,
        "segments": len(lengths),
        "beam": beam,
        "longest_s": max(lengths),
    }


def _in_own_process(args: list[str], label: str) -> dict[str, Any] | None:
    """Run this script with ``args`` in a process of its own (so peak memory is its own) and
    return the JSON row it prints last; None, with its error on stderr, if it failed."""
    done = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        print(f"{label}: failed\n{done.stderr[-2000:]}", file=sys.stderr)
        return None
    row: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return row


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--corpus", type=Path, help="folder of audio + .txt (default: the shipped English one)"
    )
    parser.add_argument("--engine", action="append", choices=("vosk", "faster-whisper"), help="(repeatable)")
    parser.add_argument(
        "--whisper-model",
        action="append",
        metavar="SIZE_OR_FOLDER",
        help="faster-whisper models to measure (repeatable; default: the test model from the dev extra)",
    )
    parser.add_argument("--one", nargs=2, metavar=("ENGINE", "MODEL"), help=argparse.SUPPRESS)
    parser.add_argument("--json", action="store_true", help="print the rows as JSON too")
    parser.add_argument(
        "--answers",
        default="",
        metavar="SECONDS,...",
        help="also refine long answers made of the corpus items with the second pass (segment-wise, "
        "after the answer), with and without pauses: WER and time to the refined transcript",
    )
    parser.add_argument("--beam", type=int, help="beam size of the segment-wise pass (default: the app's)")
    parser.add_argument(
        "--threads",
        type=int,
        help="CTranslate2 threads of the second pass (default: the app's; 0: all cores)",
    )
    parser.add_argument("--answer", nargs=3, metavar=("MODEL", "SECONDS", "PAUSES"), help=argparse.SUPPRESS)
    args = parser.parse_args()

    cache = Path(tempfile.gettempdir()) / "interview-sim-bench"
    corpus = args.corpus or speak_shipped(cache)
    if args.answer:
        model, seconds, pauses = args.answer
        print(json.dumps(run_answer(corpus, model, float(seconds), pauses == "1", args.beam, args.threads)))
        return 0
    if args.one:
        engine, model = args.one
        print(json.dumps(run_engine(corpus, engine, None if model == "-" else model)))
        return 0

    models = args.whisper_model
    if not models:
        from tests.whisper_model import assemble

        found = assemble()
        models = [str(found)] if found is not None else []
    engines = args.engine or ["vosk", "faster-whisper"]
    plan = [("vosk", "-")] if "vosk" in engines else []
    plan += [("faster-whisper", m) for m in models] if "faster-whisper" in engines else []
    rows = []
    for engine, model in plan:
        row = _in_own_process(["--corpus", str(corpus), "--one", engine, model], f"{engine} {model}")
        if row is not None:
            rows.append(row)

    print(f"\nAccuracy benchmark on {corpus}")
    print(
        f"{'engine':<16} {'model':<14} {'items':>5} {'WER':>6} {'CER':>6} {'RTF':>6} {'30s':>6} {'2min':>6} {'5min':>6} {'peak MB':>8}"
    )
    for row in rows:
        name = Path(row["model"]).name if row.get("model") else "-"
        if not row["items"]:
            print(f"{row['engine']:<16} {name:<14} {0:>5}  (no model for the corpus language)")
            continue
        after = [row["rtf"] * s for s in (30, 120, 300)]
        print(
            f"{row['engine']:<16} {name:<14} {row['items']:>5} {row['wer']:6.3f} {row['cer']:6.3f} {row['rtf']:6.3f} "
            f"{after[0]:5.1f}s {after[1]:5.1f}s {after[2]:5.1f}s {row['peak_mb']:8.0f}"
        )
    print("30s/2min/5min: time to refine a whole answer of that length after it ends (RTF x length)")
    answers = []
    for seconds in [float(x) for x in args.answers.split(",") if x]:
        for model in models if "faster-whisper" in engines else []:
            for pauses in ("1", "0"):
                beam = ["--beam", str(args.beam)] if args.beam else []
                row = _in_own_process(
                    ["--corpus", str(corpus), *beam, "--answer", model, str(seconds), pauses],
                    f"answer {seconds} s {model}",
                )
                if row is not None:
                    answers.append(row)
    if answers:
        print("\nSecond pass (segment-wise) over long answers made of the corpus, refined after the answer")
        print(
            f"{'model':<14} {'answer':>7} {'pauses':>6} {'WER':>6} {'after':>7} {'segments':>8} {'longest':>8}"
        )
        for row in answers:
            print(
                f"{Path(row['model']).name:<14} {row['answer_s']:6.0f}s {('yes' if row['pauses'] else 'no'):>6} "
                f"{row['wer']:6.3f} {row['after_s']:6.1f}s {row['segments']:>8} {row['longest_s']:7.1f}s"
            )
    if args.json:
        print(json.dumps(rows + answers, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
