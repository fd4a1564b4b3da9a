"""The built-in provider (llama.cpp inside the app's process, from xllamacpp) and its model store.

The real test runs the packaged Gemma 3 270M GGUF (the same file tests/llm_real_server.py
assembles) through the app's own feedback path; the store's consent, cancel and integrity checks
run against an in-memory hub, as the Whisper download tests do.
"""

from __future__ import annotations

import hashlib
import json
import struct
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from interview_sim import paths
from interview_sim.cli import main
from interview_sim.core.feedback import CRITERIA, PROMPT_VERSION, Limits, feedback_for_attempt
from interview_sim.core.settings import Settings
from interview_sim.devices.downloads import DownloadCallbacks, DownloadCancelled
from interview_sim.llm import builtin
from interview_sim.llm.base import ChatMessage, LLMError
from interview_sim.llm.builtin import Builtin
from interview_sim.llm.config import provider_from_settings, sends_off_computer
from interview_sim.llm.models import CATALOGUE, CatalogueModel, ModelStore, check_gguf
from tests.llm_real_server import assemble_model
from tests.test_feedback_real import bank_and_templates, make_attempt


def fake_gguf(payload: bytes = b"w" * 5000) -> bytes:
    return b"GGUF" + struct.pack("<IQQ", 3, 1, 0) + payload


GOOD = fake_gguf()


class MemoryHub:
    """The hub's listing and file, in memory; ``gate`` holds the stream after each chunk."""

    def __init__(self, data: bytes = GOOD, listed_sha: str | None = None, chunk: int = 1000) -> None:
        self.data = data
        self.listed_sha = hashlib.sha256(data).hexdigest() if listed_sha is None else listed_sha
        self.chunk = chunk
        self.streamed = 0
        self.gate: threading.Event | None = None

    def files(self, repo: str) -> list[tuple[str, int, str]]:
        return [("README.md", 10, ""), ("model.gguf", len(self.data), self.listed_sha)]

    def stream(self, repo: str, name: str) -> Iterator[bytes]:
        for start in range(0, len(self.data), self.chunk):
            self.streamed += 1
            yield self.data[start : start + self.chunk]
            if self.gate is not None:
                self.gate.wait(10)


def entry(**overrides: object) -> CatalogueModel:
    values: dict[str, object] = {
        "key": "tiny",
        "name": "Tiny GGUF",
        "repo": "test/tiny",
        "filename": "model.gguf",
        "size_bytes": len(GOOD),
        "licence": "MIT",
        "licence_url": "https://example.invalid/licence",
    }
    values.update(overrides)
    return CatalogueModel(**values)  # type: ignore[arg-type]


def store_for(tmp_path: Path, hub: MemoryHub, model: CatalogueModel) -> ModelStore:
    return ModelStore(tmp_path / "llm", hub, {model.key: model})


def consent_yes(asked: list[tuple[str, int]]) -> DownloadCallbacks:
    return DownloadCallbacks(consent=lambda name, total: asked.append((name, total)) or True)


# -- the catalogue ---------------------------------------------------------------------------


def test_catalogue_entries_are_complete_and_one_is_recommended() -> None:
    assert sum(m.recommended for m in CATALOGUE) == 1
    for model in CATALOGUE:
        assert model.filename.endswith(".gguf") and model.size_bytes > 100_000_000
        assert model.download_url.startswith(f"https://huggingface.co/{model.repo}/resolve/")
        assert model.licence and model.licence_url.startswith("https://")
        # A pinned checksum goes with a pinned commit: "main" may change under it.
        assert not model.pinned or (len(model.sha256) == 64 and len(model.revision) == 40)


# -- the store: consent, progress, cancel, integrity ------------------------------------------


def test_download_of_an_unpinned_entry_checks_the_listed_size_checksum_and_header(tmp_path: Path) -> None:
    hub, model = MemoryHub(), entry()
    store = store_for(tmp_path, hub, model)
    asked: list[tuple[str, int]] = []
    progress: list[tuple[int, int]] = []
    callbacks = consent_yes(asked)
    callbacks.progress = lambda done, total: progress.append((done, total))

    path = store.download("tiny", callbacks)

    assert asked == [("Tiny GGUF", len(GOOD))]
    assert progress[-1] == (len(GOOD), len(GOOD)) and len(progress) > 3
    assert path.read_bytes() == GOOD and store.is_installed("tiny")
    assert store.resolve("tiny") == path
    manifest = json.loads(path.with_name(path.name + ".download.json").read_text())
    assert manifest["sha256"] == hashlib.sha256(GOOD).hexdigest() and manifest["pinned"] is False


def test_a_pinned_checksum_wins_over_the_listing_and_a_mismatch_leaves_nothing(tmp_path: Path) -> None:
    hub = MemoryHub()
    model = entry(sha256="0" * 64, revision="a" * 40)
    store = store_for(tmp_path, hub, model)

    with pytest.raises(LLMError) as caught:
        store.download("tiny", consent_yes([]))

    assert caught.value.kind == "builtin_download" and "SHA-256" in str(caught.value)
    assert list((tmp_path / "llm").iterdir()) == []  # no part file, no model, no manifest
    assert not store.is_installed("tiny")
    with pytest.raises(LLMError) as missing:
        store.resolve("tiny")
    assert missing.value.kind == "builtin_not_downloaded"
    assert "Download it in Settings" in missing.value.message("en")
    assert "interview-sim providers --download tiny" in missing.value.message("ko")


def test_a_file_that_is_not_gguf_is_refused_even_when_its_checksum_matches(tmp_path: Path) -> None:
    html = b"<html>rate limited</html>" * 100
    store = store_for(tmp_path, MemoryHub(html), entry())

    with pytest.raises(LLMError, match="not a GGUF model file"):
        store.download("tiny", consent_yes([]))
    assert list((tmp_path / "llm").iterdir()) == []


def test_declined_or_cancelled_download_leaves_nothing(tmp_path: Path) -> None:
    hub = MemoryHub()
    store = store_for(tmp_path, hub, entry())
    with pytest.raises(DownloadCancelled, match="declined"):
        store.download("tiny", DownloadCallbacks(consent=lambda name, total: False))
    assert hub.streamed == 0

    seen: list[int] = []
    cancel = DownloadCallbacks(
        consent=lambda name, total: True,
        progress=lambda done, total: seen.append(done),
        cancelled=lambda: len(seen) >= 2,
    )
    with pytest.raises(DownloadCancelled, match="cancelled"):
        store.download("tiny", cancel)
    assert list((tmp_path / "llm").iterdir()) == [] and not store.is_installed("tiny")


def test_a_download_that_fails_keeps_the_model_already_there(tmp_path: Path) -> None:
    hub, model = MemoryHub(), entry()
    store = store_for(tmp_path, hub, model)
    path = store.download("tiny", consent_yes([]))
    hub.data = fake_gguf(b"x" * 5000)  # the next download is not the file the hub lists
    hub.listed_sha = hashlib.sha256(GOOD).hexdigest()

    with pytest.raises(LLMError, match="damaged"):
        store.download("tiny", consent_yes([]))

    assert path.read_bytes() == GOOD  # the earlier file was never overwritten by a bad one
    assert store.is_installed("tiny")
    assert not path.with_name(path.name + ".part").exists()


# -- the provider without a model ----------------------------------------------------------


def test_missing_and_corrupt_model_files_are_clear_messages(tmp_path: Path) -> None:
    missing = Builtin(str(tmp_path / "nowhere.gguf"))
    status = missing.status()
    assert not status.reachable and status.local and status.error is not None
    assert status.error.kind == "builtin_missing"
    assert "nowhere.gguf" in status.error.message("ko")

    corrupt = tmp_path / "model.gguf"
    corrupt.write_bytes(b"\0" * 100)
    with pytest.raises(LLMError) as caught:
        list(Builtin(str(corrupt)).stream_chat([], schema={}, max_tokens=8))
    assert caught.value.kind == "builtin_bad_model" and "not a GGUF file" in caught.value.message("en")
    assert builtin.engine().running_model is None  # nothing was started for it

    with pytest.raises(LLMError) as unset:
        Builtin("").model_path()
    assert unset.value.kind == "builtin_no_model"


def test_the_header_check_accepts_a_gguf_header(tmp_path: Path) -> None:
    good = tmp_path / "ok.gguf"
    good.write_bytes(GOOD)
    check_gguf(good)
    old = tmp_path / "v1.gguf"
    old.write_bytes(b"GGUF" + struct.pack("<IQQ", 1, 1, 0))
    with pytest.raises(LLMError, match="version 1"):
        check_gguf(old)


def test_settings_choose_the_builtin_provider_which_stays_on_this_computer() -> None:
    settings = Settings.load(paths.settings_path())
    settings.set("llm_provider", "builtin")
    settings.set("llm_builtin_model", "/models/mine.gguf")
    provider = provider_from_settings(settings)
    assert isinstance(provider, Builtin) and provider.model == "/models/mine.gguf"
    assert provider.local and not sends_off_computer(provider.base_url)


def test_providers_command_lists_the_builtin_provider(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = Settings.load(paths.settings_path())
    settings.set("llm_provider", "builtin")
    settings.set("llm_builtin_model", str(tmp_path / "absent.gguf"))
    settings.save()

    assert main(["providers", "--format", "json"]) == 0

    data = json.loads(capsys.readouterr().out)
    row = next(r for r in data["providers"] if r["name"] == "builtin")
    assert data["configured"] == "builtin" and row["configured"] and row["local"]
    assert row["sends_off_computer"] is False and row["reachable"] is False
    assert "absent.gguf" in row["error"]


# -- the real engine, with the packaged Gemma 3 270M ------------------------------------------


@pytest.fixture(scope="module")
def gemma_file(request: pytest.FixtureRequest) -> Path:
    cache = getattr(request.config, "cache", None)
    folder = cache.mkdir("gemma3-270m-gguf") if cache is not None else Path("/tmp/interview-sim-test-models")
    return assemble_model(Path(folder))


@pytest.mark.realmodel
def test_builtin_engine_gives_schema_valid_feedback_through_the_feedback_path(
    gemma_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from interview_sim.core.storage import Database

    builtin.shutdown()
    attempt_id = make_attempt()
    bank, templates = bank_and_templates()
    provider = Builtin(str(gemma_file))
    assert provider.status().reachable and builtin.engine().running_model is None  # lazy
    pieces: list[str] = []
    try:
        with Database.open(paths.database_path()) as db:
            feedback = feedback_for_attempt(
                db,
                attempt_id,
                bank,
                templates,
                provider,
                limits=Limits.tiny(),
                on_text=pieces.append,
                temperature=0.0,
            )
            assert builtin.engine().running_model == gemma_file
            assert len(pieces) >= 3  # streamed through the OpenAI-compatible client
            assert [r.criterion for r in feedback.rubric] == list(CRITERIA)
            assert all(isinstance(r.score, int) and 1 <= r.score <= 5 for r in feedback.rubric)
            assert feedback.headline
            stored = db.feedback_of(attempt_id)
            assert len(stored) == 1 and stored[0].prompt_version == PROMPT_VERSION
        # The command line names the same provider and model, and finds it in the cache.
        argv = ["feedback", str(attempt_id), "--provider", "builtin", "--model", str(gemma_file)]
        assert main([*argv, "--format", "json"]) == 0
        data = json.loads(capsys.readouterr().out)
        assert data == feedback.to_json()
        assert (data["provider"], data["model"]) == ("builtin", str(gemma_file))
    finally:
        builtin.shutdown()
    assert builtin.engine().running_model is None


# -- the self-test's check -----------------------------------------------------------------


def test_self_test_check_loads_the_engine_library() -> None:
    from interview_sim.cli.self_test import check_builtin_llm

    detail = check_builtin_llm()
    assert detail.startswith("xllamacpp ") and "CPU" in detail  # the library answered a call


def test_self_test_check_fails_with_a_reason_without_the_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from interview_sim.cli.self_test import _run, check_builtin_llm

    monkeypatch.setitem(sys.modules, "xllamacpp", None)  # an install without it: import fails
    lines: list[str] = []
    result = _run("builtin-llm", check_builtin_llm, lines.append)
    assert not result.ok and "built-in AI engine (llama.cpp) could not be loaded" in result.detail
    assert lines[0].split()[:2] == ["FAIL", "builtin-llm"]


# -- giving the memory back when idle ---------------------------------------------------------


def wait_for(condition: Callable[[], bool], timeout_s: float = 60.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


class Loaded:
    """Stands for xllamacpp's server object: the engine only keeps it and lets it go."""


def test_the_engine_is_not_stopped_for_idleness_while_a_request_runs(tmp_path: Path) -> None:
    engine = builtin.Engine(idle_s=0.05)
    model = tmp_path / "m.gguf"
    engine._server, engine._model, engine._url, engine._key = Loaded(), model, "http://127.0.0.1:9/v1", "k"
    with engine.session(model) as (url, key):
        assert (url, key) == ("http://127.0.0.1:9/v1", "k")
        with engine.session(model):  # a second request overlapping the first
            pass
        time.sleep(0.3)  # longer than idle_s, with a request still in flight
        assert engine.running_model == model
    wait_for(lambda: engine.running_model is None)  # the countdown started when it ended


@pytest.mark.realmodel
def test_an_idle_engine_gives_its_memory_back_and_loads_again_when_asked(gemma_file: Path) -> None:
    schema = {
        "title": "word",
        "type": "object",
        "properties": {"word": {"type": "string", "minLength": 1, "maxLength": 12}},
        "required": ["word"],
        "additionalProperties": False,
    }
    engine = builtin.Engine(idle_s=1.0)
    provider = Builtin(str(gemma_file), engine_=engine)
    messages: list[ChatMessage] = [{"role": "user", "content": "Answer with one word in JSON."}]
    try:
        for _ in range(2):  # the second request starts the engine again
            text = "".join(provider.stream_chat(messages, schema=schema, max_tokens=24, temperature=0.0))
            assert set(json.loads(text)) == {"word"}
            assert engine.running_model == gemma_file
            wait_for(lambda: engine.running_model is None)
    finally:
        engine.stop()


@pytest.mark.realmodel
def test_a_truncated_model_file_is_a_clear_message_not_a_crash(gemma_file: Path, tmp_path: Path) -> None:
    truncated = tmp_path / "cut.gguf"
    with open(gemma_file, "rb") as source:
        truncated.write_bytes(source.read(10_000_000))  # a valid header, then the file ends
    engine = builtin.Engine()

    with pytest.raises(LLMError) as caught:
        engine.endpoint(truncated)

    assert caught.value.kind == "builtin_bad_model"
    assert "cut.gguf" in caught.value.message("ko") and engine.running_model is None
