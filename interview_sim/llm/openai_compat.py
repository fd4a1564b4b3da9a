"""Any OpenAI-compatible chat endpoint: llama.cpp's server, LM Studio, vLLM, online services.

Requests go to ``{base_url}/chat/completions`` with ``stream: true`` and a ``response_format``
of type ``json_schema`` (OpenAI's structured outputs; llama.cpp's server turns the schema into
a grammar, see its tools/server/README.md). The reply arrives as server-sent events:
``data: {chunk}`` lines with ``choices[0].delta.content``, ending with ``data: [DONE]``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

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
    short_server_text,
)
from interview_sim.llm.stream import get_json, stream_lines

DEFAULT_BASE_URL = "http://127.0.0.1:8080/v1"


def normalize_base_url(base_url: str) -> str:
    """``http://host:port`` means ``http://host:port/v1``, as every such server serves it."""
    url = check_base_url(base_url)
    return url + "/v1" if urlsplit(url).path in ("", "/") else url


class OpenAICompatible:
    name = "openai"

    def __init__(
        self,
        base_url: str = DEFAULT_BASE_URL,
        model: str = "",
        *,
        api_key: str | None = None,
        timeouts: Timeouts | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.base_url = normalize_base_url(base_url)
        self.model = model
        self._api_key = api_key or None
        self.timeouts = timeouts or Timeouts()
        self._transport = transport

    @property
    def local(self) -> bool:
        return is_loopback(self.base_url)

    def _headers(self) -> dict[str, str]:
        headers = {"Accept": "text/event-stream, application/json"}
        if self._api_key:
            headers["Authorization"] = f"Bearer {self._api_key}"
        return headers

    def _redact(self, text: str) -> str:
        return text.replace(self._api_key, "***") if self._api_key else text

    def _client(self, read_s: float) -> httpx.Client:
        return httpx.Client(
            headers=self._headers(),
            timeout=httpx.Timeout(read_s, connect=self.timeouts.connect_s),
            transport=self._transport,
            # A proxy from the environment may carry an online request, never a local one.
            trust_env=not self.local,
        )

    def list_models(self) -> list[str]:
        body = get_json(
            self._client(self.timeouts.request_s),
            f"{self.base_url}/models",
            base_url=self.base_url,
            model=self.model,
            redact=self._redact,
        )
        try:
            data = body.get("data", [])
            return [str(item["id"]) for item in data if isinstance(item, dict) and "id" in item]
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
            "stream_options": {"include_usage": True},
            "max_tokens": max_tokens,
            "temperature": temperature,
            "response_format": {
                "type": "json_schema",
                "json_schema": {"name": schema.get("title", "reply"), "strict": True, "schema": schema},
            },
        }
        url = f"{self.base_url}/chat/completions"
        stats = stats if stats is not None else StreamStats()
        client = self._client(max(self.timeouts.first_token_s, self.timeouts.stall_s) + 5)
        refusal: list[str] = []
        ended = False
        lines = stream_lines(
            lambda: client.stream("POST", url, json=body),
            url=self.base_url,
            model=self.model,
            timeouts=self.timeouts,
            cancel=cancel,
            redact=self._redact,
        )
        try:
            for line in lines:
                if not line.startswith("data:"):
                    continue  # comments and event names of the SSE stream
                payload = line[5:].strip()
                if payload == "[DONE]":
                    ended = True
                    break
                text = self._piece(payload, stats, refusal)
                if text:
                    stats.got(text)
                    yield text
        finally:
            lines.close()
            stats.done()
            client.close()
        if refusal or stats.finish_reason == "content_filter":
            raise LLMError("refused", text=short_server_text("".join(refusal)))
        if not ended and stats.finish_reason is None:
            raise LLMError("dropped", url=self.base_url)  # the stream ended before the reply did

    def _piece(self, payload: str, stats: StreamStats, refusal: list[str]) -> str:
        try:
            chunk = json.loads(payload)
        except ValueError as exc:
            raise LLMError("http", status=200, url=self.base_url, text="an unreadable stream event") from exc
        if not isinstance(chunk, dict):
            return ""
        if "error" in chunk:
            error = chunk["error"]
            text = error.get("message", "") if isinstance(error, dict) else str(error)
            raise map_http_error(500, str(text), url=self.base_url, model=self.model, redact=self._redact)
        usage = chunk.get("usage")
        if isinstance(usage, dict):
            stats.completion_tokens = usage.get("completion_tokens", stats.completion_tokens)
            stats.prompt_tokens = usage.get("prompt_tokens", stats.prompt_tokens)
        timings = chunk.get("timings")  # llama.cpp's own figures
        if isinstance(timings, dict) and stats.completion_tokens is None:
            stats.completion_tokens = timings.get("predicted_n")
            stats.prompt_tokens = timings.get("prompt_n")
        choices = chunk.get("choices") or []
        if not choices or not isinstance(choices[0], dict):
            return ""
        choice = choices[0]
        if choice.get("finish_reason"):
            stats.finish_reason = str(choice["finish_reason"])
        delta = choice.get("delta") or {}
        if not isinstance(delta, dict):
            return ""
        if delta.get("refusal"):
            refusal.append(str(delta["refusal"]))
        content = delta.get("content")
        return content if isinstance(content, str) else ""
