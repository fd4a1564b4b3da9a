"""The provider interface, its errors and the streaming machinery shared by the providers.

A provider streams a chat completion constrained by a JSON schema. This module imports no
HTTP library, so the core can name these types cheaply; :mod:`.stream` holds the streaming.
"""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol, TypedDict
from urllib.parse import urlsplit

from interview_sim.cancel import CancelToken as CancelToken  # one token for the GUI and the core
from interview_sim.i18n import DEFAULT_LANGUAGE, STRINGS


class ChatMessage(TypedDict):
    role: str  # "system" | "user" | "assistant"
    content: str


class LLMError(Exception):
    """A provider failed; ``kind`` names the case and :meth:`message` says it in a UI language.

    Kinds: connect, timeout, stall, model_not_found, unauthorized, http, malformed, refused,
    truncated, cancelled, not_configured, bad_url. ``str(error)`` is the English message.
    """

    def __init__(self, kind: str, **details: Any) -> None:
        self.kind = kind
        self.details = {k: ("" if v is None else v) for k, v in details.items()}
        super().__init__(self.message("en"))

    def message(self, lang: str) -> str:
        table = STRINGS.get(f"llm.error.{self.kind}") or STRINGS["llm.error.http"]
        # A detail a message does not name is ignored, one it names but lacks shows empty.
        text = table.get(lang) or table[DEFAULT_LANGUAGE]
        if isinstance(text, dict):  # a message with plural forms: these name no count
            text = text["other"]
        return text.format_map(_Blank(self.details))


class _Blank(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return ""


@dataclass
class StreamStats:
    """Figures of one streamed reply, for the bench and the logs (never the text)."""

    started: float = field(default_factory=time.monotonic)
    first_token_s: float | None = None
    total_s: float | None = None
    chunks: int = 0
    chars: int = 0
    completion_tokens: int | None = None  # as the server counted them, when it says
    prompt_tokens: int | None = None
    finish_reason: str | None = None

    def got(self, text: str) -> None:
        if self.first_token_s is None:
            self.first_token_s = time.monotonic() - self.started
        self.chunks += 1
        self.chars += len(text)

    def done(self) -> None:
        self.total_s = time.monotonic() - self.started

    @property
    def tokens_per_s(self) -> float | None:
        if self.completion_tokens is None or self.total_s is None or self.first_token_s is None:
            return None
        generating = self.total_s - self.first_token_s
        return self.completion_tokens / generating if generating > 0 else None


@dataclass
class ProviderStatus:
    name: str
    base_url: str
    model: str
    local: bool
    reachable: bool
    models: list[str] = field(default_factory=list)
    error: LLMError | None = None

    def to_json(self, lang: str = "en") -> dict[str, Any]:
        return {
            "name": self.name,
            "base_url": self.base_url,
            "model": self.model,
            "local": self.local,
            "reachable": self.reachable,
            "models": self.models,
            "error": None if self.error is None else self.error.message(lang),
        }


class Provider(Protocol):
    """One language-model service. Implementations: OpenAICompatible, Ollama."""

    name: str
    base_url: str
    model: str

    @property
    def local(self) -> bool:
        """True when the service runs on this computer (nothing leaves it)."""
        ...

    def list_models(self) -> list[str]: ...

    def status(self) -> ProviderStatus: ...

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
        """The reply's text as it arrives, in pieces; raises :class:`LLMError`."""
        ...


# -- helpers for the implementations ---------------------------------------------------------


def probe(provider: Provider) -> ProviderStatus:
    """Whether ``provider`` answers, with its models: a provider's ``status()``."""
    try:
        models = provider.list_models()
    except LLMError as exc:
        return ProviderStatus(
            provider.name, provider.base_url, provider.model, provider.local, False, error=exc
        )
    return ProviderStatus(provider.name, provider.base_url, provider.model, provider.local, True, models)


def is_loopback(base_url: str) -> bool:
    """Whether ``base_url`` points at this computer: anything else sends the prompt away."""
    host = (urlsplit(base_url).hostname or "").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # any other name may resolve anywhere


def check_base_url(base_url: str) -> str:
    url = base_url.strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise LLMError("bad_url", url=base_url)
    return url


@dataclass
class Timeouts:
    connect_s: float = 5.0
    # Before the first piece of the reply: a CPU model reads a long prompt first.
    first_token_s: float = 180.0
    # Between two pieces once the reply flows: a server silent this long has stalled.
    stall_s: float = 30.0
    # Small requests (model lists, health).
    request_s: float = 10.0


def short_server_text(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def map_http_error(
    response_status: int, body: str, *, url: str, model: str, redact: Callable[[str], str]
) -> LLMError:
    """An HTTP error reply as an :class:`LLMError`; ``body`` is the server's text, redacted."""
    text = short_server_text(redact(body))
    lowered = text.lower()
    if response_status in (401, 403):
        return LLMError("unauthorized", url=url, status=response_status)
    if "model" in lowered and (
        "not found" in lowered or "not_found" in lowered or "does not exist" in lowered
    ):
        return LLMError("model_not_found", model=model, url=url)
    return LLMError("http", status=response_status, url=url, text=text)
