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
    args = parser.parse_args()

    cache = Path(tempfile.gettempdir()) / "interview-sim-bench"
    corpus = args.corpus or speak_shipped(cache)
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
        done = subprocess.run(
            [sys.executable, __file__, "--corpus", str(corpus), "--one", engine, model],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            print(f"{engine} {model}: failed\n{done.stderr[-2000:]}", file=sys.stderr)
            continue
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))

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
    if args.json:
        print(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
