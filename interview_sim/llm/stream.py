"""Streaming an HTTP reply line by line, with timeouts, stall detection and cancellation.

Reading happens on a helper thread that hands lines to the caller through a queue, so the
caller notices a cancellation or a stalled server within a tenth of a second, whatever the
socket is doing, and returns at once (the helper ends on its own read timeout).
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Generator
from typing import Any

import httpx

from interview_sim.llm.base import CancelToken, LLMError, Timeouts, map_http_error, short_server_text

# How often a waiting stream looks at the cancellation token.
POLL_S = 0.1


def map_transport_error(exc: httpx.HTTPError, *, url: str) -> LLMError:
    if isinstance(exc, httpx.ConnectError):
        return LLMError("connect", url=url)
    if isinstance(exc, httpx.TimeoutException):
        return LLMError("timeout", url=url, seconds="")
    if isinstance(exc, httpx.RemoteProtocolError | httpx.ReadError):
        return LLMError("dropped", url=url)
    return LLMError("http", status="-", url=url, text=short_server_text(type(exc).__name__ + ": " + str(exc)))


def get_json(
    client: httpx.Client, url: str, *, base_url: str, model: str, redact: Callable[[str], str]
) -> Any:
    """GET ``url`` and its JSON body, every failure an :class:`LLMError` (what listing models
    needs from either provider)."""
    try:
        with client:
            response = client.get(url)
    except httpx.HTTPError as exc:
        raise map_transport_error(exc, url=base_url) from exc
    if response.status_code >= 400:
        raise map_http_error(response.status_code, response.text, url=base_url, model=model, redact=redact)
    try:
        return response.json()
    except ValueError as exc:
        raise LLMError("http", status=response.status_code, url=base_url, text="not a model list") from exc


_END = object()


def stream_lines(
    open_stream: Callable[[], Any],
    *,
    url: str,
    model: str,
    timeouts: Timeouts,
    cancel: CancelToken | None,
    redact: Callable[[str], str] = lambda s: s,
) -> Generator[str, None, None]:
    """The non-empty lines of a streamed HTTP reply, read on a helper thread.

    ``open_stream()`` returns an ``httpx`` stream context manager. Raises :class:`LLMError`
    for HTTP errors, refused connections, a first line later than ``first_token_s``, a pause
    longer than ``stall_s`` between lines, and cancellation.
    """
    items: queue.Queue[Any] = queue.Queue()
    abandoned = threading.Event()

    def read() -> None:
        try:
            with open_stream() as response:
                if response.status_code >= 400:
                    body = response.read().decode("utf-8", "replace")
                    items.put(map_http_error(response.status_code, body, url=url, model=model, redact=redact))
                    return
                items.put(("open", None))
                for line in response.iter_lines():
                    if abandoned.is_set():
                        return
                    if line.strip():
                        items.put(("line", line))
        except httpx.HTTPError as exc:
            items.put(map_transport_error(exc, url=url))
        except Exception as exc:  # anything else from the transport, reported, never lost
            items.put(LLMError("http", status="-", url=url, text=short_server_text(repr(exc))))
        finally:
            items.put(_END)

    threading.Thread(target=read, name="llm-stream", daemon=True).start()
    first = True
    deadline = time.monotonic() + timeouts.first_token_s
    try:
        while True:
            if cancel is not None and cancel.cancelled:
                raise LLMError("cancelled")
            try:
                item = items.get(timeout=POLL_S)
            except queue.Empty:
                if time.monotonic() > deadline:
                    if first:
                        raise LLMError("timeout", url=url, seconds=f"{timeouts.first_token_s:g}") from None
                    raise LLMError("stall", url=url, seconds=f"{timeouts.stall_s:g}") from None
                continue
            if item is _END:
                return
            if isinstance(item, LLMError):
                raise item
            kind, line = item
            if kind == "line":
                first = False
                deadline = time.monotonic() + timeouts.stall_s
                yield line
    finally:
        abandoned.set()
