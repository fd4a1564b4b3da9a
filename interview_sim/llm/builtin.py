"""The built-in provider: llama.cpp inside the app's own process, from the ``xllamacpp`` wheel.

xllamacpp embeds llama.cpp's HTTP server. The engine starts it on 127.0.0.1 with port 0 (the
system picks a free port, read back from ``Server.listening_address``), the web UI off and a
random API key, so no other program on the computer can use it, and the provider talks to it
through :class:`~interview_sim.llm.openai_compat.OpenAICompatible`: structured output,
streaming, cancellation and the error messages are exactly those of any OpenAI-compatible server.

The engine is started lazily, by the first request, on the thread that makes it (the app's
requests run on worker threads: loading a model takes seconds); one engine serves the process,
and a request for another model file restarts it. It stops after ``IDLE_S`` without a request
(the model's memory is the user's again; the next request loads it again), and :func:`shutdown`
stops it at once (the app calls it on quit; ``atexit`` covers the command line). Loading the
model takes its size in memory, plus the context (measured figures in the README).
"""

from __future__ import annotations

import atexit
import logging
import os
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from interview_sim.llm.base import (
    CancelToken,
    ChatMessage,
    LLMError,
    ProviderStatus,
    StreamStats,
    Timeouts,
    probe,
)
from interview_sim.llm.models import BY_KEY, ModelStore, check_gguf

log = logging.getLogger(__name__)

NAME = "builtin"
BASE_URL = "builtin"  # what the provider shows for its address: nothing leaves the process
CONTEXT_TOKENS = 4096  # the feedback prompt and reply fit; more costs memory for nothing
# A model holds its file's size in memory (a GB for the recommended one): kept between the
# answers of a session, given back after ten minutes without a request.
IDLE_S = 600.0


def engine_version() -> str:
    """Import xllamacpp and load its native library (no model); raises LLMError when it cannot."""
    try:
        import xllamacpp
    except ImportError as exc:  # the wheel is a dependency: only a broken install lacks it
        raise LLMError("builtin_unavailable", detail=str(exc)) from exc
    info = xllamacpp.get_system_info()  # a call into the library: proves that it loaded
    return f"xllamacpp {xllamacpp.__version__} ({' '.join(str(info).split())})"


def default_threads() -> int:
    # Half the cores, at least one and at most 8: the app records and transcribes meanwhile, and
    # llama.cpp on CPU gains little past the physical cores.
    return max(1, min(8, (os.cpu_count() or 2) // 2))


class Engine:
    """One llama.cpp server in this process, for one model file at a time."""

    def __init__(self, idle_s: float = IDLE_S) -> None:
        self.idle_s = idle_s
        self._lock = threading.Lock()
        self._server: Any = None
        self._model: Path | None = None
        self._url = ""
        self._key = ""
        self._active = 0  # requests in flight: never stopped for idleness under them
        self._last_use = time.monotonic()
        self._timer: threading.Timer | None = None

    @property
    def running_model(self) -> Path | None:
        return self._model if self._server is not None else None

    def endpoint(self, model: Path) -> tuple[str, str]:
        """(base URL, API key) of the server for ``model``, starting it if needed (blocks while
        the model loads: call it off the GUI thread)."""
        with self._lock:
            if self._server is not None and self._model == model:
                return self._url, self._key
            self._stop_locked()
            check_gguf(model)  # a clear message for a file that is not a model at all
            try:
                import xllamacpp
            except ImportError as exc:
                raise LLMError("builtin_unavailable", detail=str(exc)) from exc
            key = secrets.token_urlsafe(24)
            params = xllamacpp.CommonParams()
            params.model.path = str(model)
            params.model_alias = model.name
            params.n_ctx = CONTEXT_TOKENS
            params.n_parallel = 1
            params.port = 0  # the system picks a free port; listening_address says which
            params.hostnames = ["127.0.0.1"]
            params.ui = False
            params.api_keys = [key]
            params.cpuparams.n_threads = default_threads()
            params.cpuparams_batch.n_threads = default_threads()
            if not log.isEnabledFor(logging.DEBUG):
                params.verbosity = 0  # llama.cpp's own log on stderr: errors only
            log.info("starting the built-in engine with %s", model.name)
            try:
                server = xllamacpp.Server(params)  # returns once the model is loaded
            except Exception as exc:  # llama.cpp reports a bad file as a RuntimeError
                raise LLMError("builtin_bad_model", path=str(model), detail=str(exc)) from exc
            url = str(server.listening_address or "")
            if not url.startswith("http"):
                del server
                raise LLMError("builtin_bad_model", path=str(model), detail="the engine did not start")
            self._server, self._model, self._url, self._key = server, model, url.rstrip("/") + "/v1", key
            return self._url, self._key

    @contextmanager
    def session(self, model: Path) -> Iterator[tuple[str, str]]:
        """(base URL, API key) for one request; the idle countdown starts when the last ends."""
        url, key = self.endpoint(model)
        with self._lock:
            self._active += 1
        try:
            yield url, key
        finally:
            with self._lock:
                self._active -= 1
                self._last_use = time.monotonic()
                self._schedule_idle_stop_locked(self.idle_s)

    def _schedule_idle_stop_locked(self, delay: float) -> None:
        if self._timer is not None:
            self._timer.cancel()
        self._timer = threading.Timer(delay, self._idle_check)
        self._timer.daemon = True
        self._timer.start()

    def _idle_check(self) -> None:
        with self._lock:
            if self._server is None or self._active:
                return
            idle = time.monotonic() - self._last_use
            if idle < self.idle_s:  # used again since the timer was set
                self._schedule_idle_stop_locked(self.idle_s - idle)
                return
            log.info("the built-in engine was idle for %.0f s", idle)
            self._stop_locked()

    def stop(self) -> None:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            self._stop_locked()

    def _stop_locked(self) -> None:
        if self._server is None:
            return
        log.info("stopping the built-in engine")
        server, self._server, self._model = self._server, None, None
        # xllamacpp stops its server's loop and frees the model when the object is destroyed.
        del server


_ENGINE = Engine()
atexit.register(_ENGINE.stop)


def engine() -> Engine:
    return _ENGINE


def shutdown() -> None:
    """Stop the built-in engine if it runs (the app's quit; idempotent)."""
    _ENGINE.stop()


class Builtin:
    """The provider. ``model`` is a catalogue key (a downloaded model) or a GGUF file's path."""

    name = NAME
    base_url = BASE_URL

    def __init__(
        self,
        model: str = "",
        *,
        store: ModelStore | None = None,
        timeouts: Timeouts | None = None,
        engine_: Engine | None = None,
    ) -> None:
        self.model = model.strip()
        self.store = store or ModelStore()
        self.timeouts = timeouts or Timeouts()
        self._engine = engine_ or _ENGINE

    @property
    def local(self) -> bool:
        return True

    @property
    def label(self) -> str:
        entry = BY_KEY.get(self.model)
        return entry.name if entry is not None else Path(self.model).name

    def model_path(self) -> Path:
        return self.store.resolve(self.model)

    def list_models(self) -> list[str]:
        """The chosen model when it is ready to load (the engine is not started for this)."""
        path = self.model_path()
        check_gguf(path)
        engine_version()
        return [self.model]

    def status(self) -> ProviderStatus:
        return probe(self)

    def stream_chat(
        self,
        messages: list[ChatMessage],
        *,
        schema: dict[str, Any],
        max_tokens: int,
        temperature: float = 0.2,
        cancel: CancelToken | None = None,
        stats: StreamStats | None = None,
    ) -> Iterator[str]:
        from interview_sim.llm.openai_compat import OpenAICompatible

        path = self.model_path()
        with self._engine.session(path) as (url, key):
            if cancel is not None and cancel.cancelled:
                raise LLMError("cancelled")
            client = OpenAICompatible(url, path.name, api_key=key, timeouts=self.timeouts)
            yield from client.stream_chat(
                messages,
                schema=schema,
                max_tokens=max_tokens,
                temperature=temperature,
                cancel=cancel,
                stats=stats,
            )
