"""A scripted OpenAI-compatible (and Ollama) server on 127.0.0.1 for exact fault cases.

Each POST to a chat endpoint takes the next :class:`Reply` of the script; GET model lists
answer from ``models``. Every request is recorded (path, headers, JSON body). The real-model
tests use llama.cpp's server instead (tests/llm_real_server.py); this one is for the cases a
real server will not produce on demand: hostile text, malformed JSON, stalls, refusals, errors.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest


@dataclass
class Reply:
    status: int = 200
    content_type: str = "text/event-stream"
    # (seconds to wait before, bytes to send); a None delay waits until the server stops, an
    # Event until the test sets it (or the server stops).
    parts: list[tuple[float | threading.Event | None, bytes]] = field(default_factory=list)


def sse(text: str, *, pieces: int = 6, finish: str = "stop", delay: float = 0.0, usage: bool = True) -> Reply:
    """``text`` streamed as OpenAI chat-completion chunks, in about ``pieces`` parts."""
    size = max(1, -(-len(text) // pieces))
    parts: list[tuple[float | threading.Event | None, bytes]] = []
    for start in range(0, len(text), size):
        chunk = {
            "choices": [{"index": 0, "delta": {"content": text[start : start + size]}, "finish_reason": None}]
        }
        parts.append((delay, f"data: {json.dumps(chunk)}\n\n".encode()))
    end: dict[str, Any] = {"choices": [{"index": 0, "delta": {}, "finish_reason": finish}]}
    if usage:
        end["usage"] = {"prompt_tokens": 100, "completion_tokens": max(1, len(text) // 4)}
    parts.append((delay, f"data: {json.dumps(end)}\n\n".encode()))
    parts.append((0.0, b"data: [DONE]\n\n"))
    return Reply(parts=parts)


def refusal(text: str) -> Reply:
    chunk = {"choices": [{"index": 0, "delta": {"refusal": text}, "finish_reason": None}]}
    end = {"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}
    return Reply(
        parts=[
            (0.0, f"data: {json.dumps(chunk)}\n\n".encode()),
            (0.0, f"data: {json.dumps(end)}\n\n".encode()),
            (0.0, b"data: [DONE]\n\n"),
        ]
    )


def stalled(text: str, *, after: int = 2) -> Reply:
    """The first ``after`` pieces of ``text``, then silence until the server stops."""
    reply = sse(text, pieces=6)
    return Reply(parts=[*reply.parts[:after], (None, b"")])


def held(text: str, gate: threading.Event, *, before: str, pieces: int = 10) -> Reply:
    """``text`` streamed up to where ``before`` starts, then the rest once ``gate`` is set: the
    test sees the reply part-way for as long as it needs, however slow the machine (a reply
    merely slowed down can be over before a busy test looks)."""
    cut = text.index(before)
    head = sse(text[:cut], pieces=pieces).parts[:-2]  # without the end chunk and [DONE]
    return Reply(parts=[*head, (gate, b""), *sse(text[cut:], pieces=pieces).parts])


def slow(text: str, *, every: float = 0.2, pieces: int = 50) -> Reply:
    return sse(text, pieces=pieces, delay=every)


def error(status: int, body: dict[str, Any] | str) -> Reply:
    payload = body if isinstance(body, str) else json.dumps(body)
    return Reply(status=status, content_type="application/json", parts=[(0.0, payload.encode())])


def ollama_lines(text: str, *, pieces: int = 5, done_reason: str = "stop") -> Reply:
    size = max(1, -(-len(text) // pieces))
    parts: list[tuple[float | None, bytes]] = []
    for start in range(0, len(text), size):
        line = {
            "model": "m",
            "message": {"role": "assistant", "content": text[start : start + size]},
            "done": False,
        }
        parts.append((0.0, (json.dumps(line) + "\n").encode()))
    last = {"model": "m", "message": {"role": "assistant", "content": ""}, "done": True, "done_reason": done_reason,
            "eval_count": 42, "prompt_eval_count": 100}  # fmt: skip
    parts.append((0.0, (json.dumps(last) + "\n").encode()))
    return Reply(content_type="application/x-ndjson", parts=parts)


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: Any


class FakeLLMServer:
    def __init__(self, models: list[str] | None = None) -> None:
        self.script: list[Reply] = []
        self.seen: list[Seen] = []
        self.models = models if models is not None else ["fake-model"]
        self.stopping = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:  # quiet
                pass

            def _record(self, body: Any) -> None:
                server.seen.append(Seen(self.command, self.path, dict(self.headers.items()), body))

            def do_GET(self) -> None:
                self._record(None)
                if self.path.endswith("/models"):
                    data = {"object": "list", "data": [{"id": m, "object": "model"} for m in server.models]}
                elif self.path == "/api/tags":
                    data = {"models": [{"name": m, "model": m} for m in server.models]}
                else:
                    self._send(error(404, {"error": "no such path"}))
                    return
                self._send(Reply(content_type="application/json", parts=[(0.0, json.dumps(data).encode())]))

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                try:
                    body = json.loads(raw)
                except ValueError:
                    body = raw
                self._record(body)
                reply = server.script.pop(0) if server.script else error(500, {"error": "script exhausted"})
                self._send(reply)

            def _send(self, reply: Reply) -> None:
                self.send_response(reply.status)
                self.send_header("Content-Type", reply.content_type)
                self.send_header("Connection", "close")
                self.end_headers()
                try:
                    for delay, data in reply.parts:
                        if delay is None:
                            server.stopping.wait(30)
                            return
                        if isinstance(delay, threading.Event):
                            while not delay.wait(0.05):
                                if server.stopping.is_set():
                                    return
                            delay = 0.0
                        if delay:
                            time.sleep(delay)
                        if server.stopping.is_set():
                            return
                        self.wfile.write(data)
                        self.wfile.flush()
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client went away (cancelled, timed out): what a real server sees

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="fake-llm", daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def chat_requests(self) -> list[Seen]:
        return [s for s in self.seen if s.method == "POST"]

    def __enter__(self) -> FakeLLMServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def fake_llm() -> Iterator[FakeLLMServer]:
    with FakeLLMServer() as server:
        yield server
