"""Ollama on this computer (or wherever its address points).

Models are listed by ``GET /api/tags``; a reply streams from ``POST /api/chat`` with
``stream: true`` as one JSON object per line (``message.content``, then ``done: true`` with
``eval_count``). The ``format`` field takes a JSON schema (Ollama's structured outputs,
docs/api.md); ``options.num_predict`` caps the reply's length.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx

from interview_sim.llm.base import (
    CancelToken,
    ChatMessage,
    LLMError,
    ProviderStatus,
    StreamStats,
    Timeouts,
    check_base_url,
    is_loopback,
    map_http_error,
    probe,
)
from interview_sim.llm.stream import get_json, stream_lines

DEFAULT_BASE_URL = "http://127.0.0.1:11434"


class Ollama:
    name = "ollama"

    def __init__(
        self,
        base_url: str = DEFAULT_BASE_URL,
        model: str = "",
        *,
        timeouts: Timeouts | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.base_url = check_base_url(base_url)
        self.model = model
        self.timeouts = timeouts or Timeouts()
        self._transport = transport

    @property
    def local(self) -> bool:
        return is_loopback(self.base_url)

    def _client(self, read_s: float) -> httpx.Client:
        return httpx.Client(
            timeout=httpx.Timeout(read_s, connect=self.timeouts.connect_s),
            transport=self._transport,
            trust_env=not self.local,  # a proxy may carry an online request, never a local one
        )

    def list_models(self) -> list[str]:
        body = get_json(
            self._client(self.timeouts.request_s),
            f"{self.base_url}/api/tags",
            base_url=self.base_url,
            model=self.model,
            redact=str,
        )
        try:
            models = body.get("models", [])
            return [str(m.get("name") or m.get("model")) for m in models if isinstance(m, dict)]
        except AttributeError as exc:
            raise LLMError("http", status=200, url=self.base_url, text="not a model list") from exc

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
        if not self.model:
            raise LLMError("no_model", url=self.base_url)
        body = {
            "model": self.model,
            "messages": messages,
            "stream": True,
            "format": schema,
            "options": {"num_predict": max_tokens, "temperature": temperature},
        }
        stats = stats if stats is not None else StreamStats()
        client = self._client(max(self.timeouts.first_token_s, self.timeouts.stall_s) + 5)
        lines = stream_lines(
            lambda: client.stream("POST", f"{self.base_url}/api/chat", json=body),
            url=self.base_url,
            model=self.model,
            timeouts=self.timeouts,
            cancel=cancel,
        )
        try:
            for line in lines:
                try:
                    chunk = json.loads(line)
                except ValueError as exc:
                    raise LLMError(
                        "http", status=200, url=self.base_url, text="an unreadable stream line"
                    ) from exc
                if not isinstance(chunk, dict):
                    continue
                if "error" in chunk:
                    raise map_http_error(
                        500, str(chunk["error"]), url=self.base_url, model=self.model, redact=str
                    )
                message = chunk.get("message") or {}
                content = message.get("content") if isinstance(message, dict) else None
                if isinstance(content, str) and content:
                    stats.got(content)
                    yield content
                if chunk.get("done"):
                    stats.finish_reason = "length" if chunk.get("done_reason") == "length" else "stop"
                    stats.completion_tokens = chunk.get("eval_count")
                    stats.prompt_tokens = chunk.get("prompt_eval_count")
                    break
            else:
                raise LLMError("dropped", url=self.base_url)  # the stream ended before "done"
        finally:
            lines.close()
            stats.done()
            client.close()
