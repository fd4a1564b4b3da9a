"""The providers against a scripted server on 127.0.0.1: streaming, schema in the request,
and every failure as a clear message in both languages (the real server: test_feedback_real)."""

from __future__ import annotations

import json
import socket
import time

import pytest

from interview_sim.i18n import LANGUAGES
from interview_sim.llm.base import CancelToken, LLMError, StreamStats, Timeouts, is_loopback
from interview_sim.llm.config import make_provider, one_run_provider, sends_off_computer
from interview_sim.llm.ollama import Ollama
from interview_sim.llm.openai_compat import OpenAICompatible, normalize_base_url
from tests.llm_fake_server import FakeLLMServer, error, fake_llm, ollama_lines, refusal, slow, sse, stalled

__all__ = ["fake_llm"]

SCHEMA = {"title": "t", "type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]}
MESSAGES = [{"role": "user", "content": "hi"}]
# Generous, so a busy machine never turns a good reply into a timeout; short only where the
# case is a timeout (the fake server then waits far longer than these).
FAST = Timeouts(connect_s=5, first_token_s=20, stall_s=10, request_s=10)
STALL = Timeouts(connect_s=5, first_token_s=20, stall_s=1.0, request_s=10)


def collect(provider, **kwargs):  # type: ignore[no-untyped-def]
    return list(provider.stream_chat(MESSAGES, schema=SCHEMA, max_tokens=64, **kwargs))


def assert_clear(exc: LLMError) -> None:
    for lang in LANGUAGES:
        text = exc.message(lang)
        assert text and "\n" not in text and "Traceback" not in text and "{" not in text.split(":")[0]
    assert exc.message("ko") != exc.message("en")


def test_openai_streams_pieces_and_sends_the_schema(fake_llm: FakeLLMServer) -> None:
    fake_llm.script.append(sse('{"a": "안녕하세요"}', pieces=5))
    provider = OpenAICompatible(fake_llm.url, "fake-model", timeouts=FAST)
    stats = StreamStats()
    pieces = collect(provider, stats=stats)
    assert len(pieces) >= 4 and "".join(pieces) == '{"a": "안녕하세요"}'
    assert stats.chunks == len(pieces) and stats.first_token_s is not None and stats.finish_reason == "stop"
    request = fake_llm.chat_requests()[0]
    assert request.path == "/v1/chat/completions"
    body = request.body
    assert body["stream"] is True and body["model"] == "fake-model" and body["max_tokens"] == 64
    assert body["response_format"]["type"] == "json_schema"
    assert body["response_format"]["json_schema"]["schema"] == SCHEMA
    assert "Authorization" not in request.headers  # no key, none sent


def test_models_listed_and_status(fake_llm: FakeLLMServer) -> None:
    fake_llm.models = ["a", "b"]
    assert OpenAICompatible(fake_llm.url + "/v1", "a").list_models() == ["a", "b"]
    status = Ollama(fake_llm.url, "a").status()
    assert status.reachable and status.models == ["a", "b"] and status.local


def test_key_sent_as_bearer_and_401_is_wrong_key(fake_llm: FakeLLMServer) -> None:
    key = "sk-secret-123"
    fake_llm.script.append(error(401, {"error": {"message": f"Incorrect API key provided: {key}"}}))
    provider = OpenAICompatible(fake_llm.url, "m", api_key=key, timeouts=FAST)
    with pytest.raises(LLMError) as caught:
        collect(provider)
    assert caught.value.kind == "unauthorized"
    assert fake_llm.chat_requests()[0].headers["Authorization"] == f"Bearer {key}"
    assert key not in str(caught.value) and key not in caught.value.message("ko")
    assert "API" in caught.value.message("ko")
    assert_clear(caught.value)


def test_model_not_found_openai_and_ollama(fake_llm: FakeLLMServer) -> None:
    fake_llm.script.append(
        error(404, {"error": {"message": "The model `nope` does not exist", "code": "model_not_found"}})
    )
    with pytest.raises(LLMError) as caught:
        collect(OpenAICompatible(fake_llm.url, "nope", timeouts=FAST))
    assert caught.value.kind == "model_not_found" and "nope" in caught.value.message("en")
    fake_llm.script.append(error(404, {"error": 'model "gemma3" not found, try pulling it first'}))
    with pytest.raises(LLMError) as caught:
        collect(Ollama(fake_llm.url, "gemma3", timeouts=FAST))
    assert caught.value.kind == "model_not_found" and "ollama pull gemma3" in caught.value.message("ko")
    assert_clear(caught.value)


def test_connection_refused() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    for provider in (
        OpenAICompatible(f"http://127.0.0.1:{port}", "m", timeouts=FAST),
        Ollama(f"http://127.0.0.1:{port}", "m", timeouts=FAST),
    ):
        with pytest.raises(LLMError) as caught:
            collect(provider)
        assert caught.value.kind == "connect" and str(port) in caught.value.message("ko")
        assert_clear(caught.value)
        status = provider.status()
        assert not status.reachable and status.error is not None and status.error.kind == "connect"


def test_stall_mid_stream_is_reported(fake_llm: FakeLLMServer) -> None:
    fake_llm.script.append(stalled('{"a": "a long reply that stops"}', after=2))
    pieces: list[str] = []
    with pytest.raises(LLMError) as caught:
        for piece in OpenAICompatible(fake_llm.url, "m", timeouts=STALL).stream_chat(
            MESSAGES, schema=SCHEMA, max_tokens=64
        ):
            pieces.append(piece)
    assert caught.value.kind == "stall" and pieces  # it had started, then stopped
    assert_clear(caught.value)


def test_no_first_token_is_a_timeout(fake_llm: FakeLLMServer) -> None:
    fake_llm.script.append(stalled("{}", after=0))
    with pytest.raises(LLMError) as caught:
        collect(OpenAICompatible(fake_llm.url, "m", timeouts=Timeouts(first_token_s=0.5, stall_s=0.5)))
    assert caught.value.kind == "timeout"


def test_cancel_while_streaming_stops_promptly(fake_llm: FakeLLMServer) -> None:
    fake_llm.script.append(slow('{"a": "' + "x" * 200 + '"}', every=0.3, pieces=60))
    cancel = CancelToken()
    got: list[str] = []
    with pytest.raises(LLMError) as caught:
        for piece in OpenAICompatible(fake_llm.url, "m", timeouts=FAST).stream_chat(
            MESSAGES, schema=SCHEMA, max_tokens=64, cancel=cancel
        ):
            got.append(piece)
            cancel.cancel()
    assert caught.value.kind == "cancelled" and len(got) == 1


def test_cancel_while_waiting_for_a_silent_server(fake_llm: FakeLLMServer) -> None:
    fake_llm.script.append(stalled("{}", after=0))
    cancel = CancelToken()
    provider = OpenAICompatible(fake_llm.url, "m", timeouts=Timeouts(first_token_s=60, stall_s=60))
    stream = provider.stream_chat(MESSAGES, schema=SCHEMA, max_tokens=64, cancel=cancel)
    import threading

    threading.Timer(0.3, cancel.cancel).start()
    started = time.monotonic()
    with pytest.raises(LLMError) as caught:
        list(stream)
    assert caught.value.kind == "cancelled"
    assert time.monotonic() - started < 30  # the 60 s timeouts did not have to pass


def test_refusal(fake_llm: FakeLLMServer) -> None:
    fake_llm.script.append(refusal("I can't help with that."))
    with pytest.raises(LLMError) as caught:
        collect(OpenAICompatible(fake_llm.url, "m", timeouts=FAST))
    assert caught.value.kind == "refused" and "can't help" in caught.value.message("en")


def test_error_event_mid_stream(fake_llm: FakeLLMServer) -> None:
    reply = sse('{"a": "b"}')
    reply.parts.insert(1, (0.0, b'data: {"error": {"message": "out of memory"}}\n\n'))
    fake_llm.script.append(reply)
    with pytest.raises(LLMError) as caught:
        collect(OpenAICompatible(fake_llm.url, "m", timeouts=FAST))
    assert caught.value.kind == "http" and "out of memory" in caught.value.message("en")


def test_ollama_streams_ndjson_with_the_schema_as_format(fake_llm: FakeLLMServer) -> None:
    fake_llm.script.append(ollama_lines('{"a": "b c d e"}', pieces=4))
    stats = StreamStats()
    pieces = collect(Ollama(fake_llm.url, "gemma3:1b", timeouts=FAST), stats=stats)
    assert len(pieces) >= 3 and json.loads("".join(pieces)) == {"a": "b c d e"}
    assert stats.completion_tokens == 42 and stats.finish_reason == "stop"
    request = fake_llm.chat_requests()[0]
    assert request.path == "/api/chat"
    assert request.body["format"] == SCHEMA and request.body["stream"] is True
    assert request.body["options"]["num_predict"] == 64


def test_no_model_and_bad_url() -> None:
    with pytest.raises(LLMError) as caught:
        collect(Ollama("http://127.0.0.1:9", ""))
    assert caught.value.kind == "no_model"
    with pytest.raises(LLMError) as caught:
        OpenAICompatible("ftp://example.org", "m")
    assert caught.value.kind == "bad_url" and "ftp://example.org" in caught.value.message("ko")


def test_addresses_and_online_label() -> None:
    assert normalize_base_url("http://127.0.0.1:8080") == "http://127.0.0.1:8080/v1"
    assert normalize_base_url("http://127.0.0.1:1234/v1/") == "http://127.0.0.1:1234/v1"
    for local in ("http://127.0.0.1:11434", "http://localhost:8080/v1", "http://[::1]:8080"):
        assert is_loopback(local) and not sends_off_computer(local)
    for online in ("https://api.openai.com/v1", "http://192.168.0.10:11434", "http://127.example.com"):
        assert sends_off_computer(online)
    assert make_provider("ollama").base_url == "http://127.0.0.1:11434"


def test_stored_key_goes_only_to_the_saved_address(monkeypatch: pytest.MonkeyPatch) -> None:
    from interview_sim import paths
    from interview_sim.core.settings import Settings

    monkeypatch.setenv("INTERVIEW_SIM_OPENAI_KEY", "sk-saved")
    settings = Settings.load(paths.settings_path())
    settings.set("llm_provider", "openai")
    settings.set("llm_base_url", "http://127.0.0.1:8080")
    same = one_run_provider(settings, "http://127.0.0.1:8080/v1", "m")
    other = one_run_provider(settings, "http://127.0.0.1:9999/v1", "m")
    assert same._headers().get("Authorization") == "Bearer sk-saved"  # type: ignore[attr-defined]
    assert "Authorization" not in other._headers()  # type: ignore[attr-defined]


def test_a_reply_cut_off_by_the_server_is_reported(fake_llm: FakeLLMServer) -> None:
    cut = sse('{"a": "complete?"}', pieces=4)
    cut.parts = cut.parts[:2]  # the connection closes after two pieces: no finish, no [DONE]
    fake_llm.script.append(cut)
    with pytest.raises(LLMError) as caught:
        collect(OpenAICompatible(fake_llm.url, "m", timeouts=FAST))
    assert caught.value.kind == "dropped"
    assert_clear(caught.value)
    lines = ollama_lines('{"a": "b"}', pieces=3)
    lines.parts = lines.parts[:-1]  # no "done" line
    fake_llm.script.append(lines)
    with pytest.raises(LLMError) as caught:
        collect(Ollama(fake_llm.url, "m", timeouts=FAST))
    assert caught.value.kind == "dropped"
