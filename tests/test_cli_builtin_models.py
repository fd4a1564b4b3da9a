"""``interview-sim providers --builtin-models / --download``: the built-in model's catalogue and
its download from the command line, through the settings window's store and download code,
against a stand-in for the model hub on 127.0.0.1 (HF_ENDPOINT), never the network."""

from __future__ import annotations

import hashlib
import http.server
import io
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from interview_sim import paths
from interview_sim.cli import main
from interview_sim.llm import models
from interview_sim.llm.models import ModelStore
from tests.test_llm_builtin import GOOD, entry, fake_gguf

TINY = entry(key="tiny-test", name="Tiny GGUF", repo="test/tiny", filename="tiny.gguf")


@dataclass
class Hub:
    """What the stand-in hub lists and serves, and the paths it was asked for."""

    url: str
    data: bytes = GOOD
    listed_size: int | None = None  # None: the data's
    listed_sha: str | None = None
    slow: bool = False  # stream a little every 50 ms until the client goes away
    asked: list[str] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)

    @property
    def files_asked(self) -> list[str]:
        return [p for p in self.asked if "/resolve/" in p]


@pytest.fixture
def hub(monkeypatch: pytest.MonkeyPatch) -> Iterator[Hub]:
    state = Hub("")

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.asked.append(self.path)
            if self.path.startswith("/api/models/test/tiny"):
                size = len(state.data) if state.listed_size is None else state.listed_size
                sha = hashlib.sha256(state.data).hexdigest() if state.listed_sha is None else state.listed_sha
                listing = {"siblings": [{"rfilename": "tiny.gguf", "size": size, "lfs": {"sha256": sha}}]}
                body = json.dumps(listing).encode()
            elif "/resolve/" in self.path:
                body = state.data
            else:
                self.send_error(404)
                return
            self.send_response(200)
            if state.slow:
                self.send_header("Content-Length", str(10**9))
                self.end_headers()
                self.wfile.write(body)
                try:
                    while not state.stop.wait(0.05):
                        self.wfile.write(b"\0" * 65536)
                except OSError:
                    pass  # the client went away: what a cancelled download does
                return
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    monkeypatch.setenv("HF_ENDPOINT", state.url)
    monkeypatch.setitem(models.BY_KEY, TINY.key, TINY)  # the store's catalogue, with a small model
    yield state
    state.stop.set()
    server.shutdown()
    server.server_close()


def answer(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))


def store_files() -> list[str]:
    folder = paths.models_dir() / "llm"
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def test_download_asks_then_downloads_checks_and_installs(
    hub: Hub, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    answer(monkeypatch, "y\n")
    assert main(["providers", "--download", TINY.key]) == 0
    out, err = capsys.readouterr()
    assert "Download Tiny GGUF (0 MB, licence MIT: https://example.invalid/licence)? [y/N]" in err
    assert "download 100%" in err
    store = ModelStore()
    assert store.is_installed(TINY.key) and store.path(TINY.key).read_bytes() == GOOD
    assert f"downloaded and checked Tiny GGUF: {store.path(TINY.key)}" in out
    assert store_files() == ["tiny.gguf", "tiny.gguf.download.json"]
    manifest = json.loads((store.root / "tiny.gguf.download.json").read_text(encoding="utf-8"))
    assert manifest["sha256"] == hashlib.sha256(GOOD).hexdigest()

    # The catalogue says so; a second download has nothing to do.
    assert main(["providers", "--builtin-models", "--format", "json"]) == 0
    listed = {m["key"]: m for m in json.loads(capsys.readouterr().out)["models"]}
    assert listed[TINY.key]["installed"] is True and listed[TINY.key]["size_mb"] == 0
    assert listed[models.DEFAULT_MODEL]["installed"] is False and listed[models.DEFAULT_MODEL]["chosen"]
    asked = len(hub.files_asked)
    assert main(["providers", "--download", TINY.key, "--yes"]) == 0
    assert "already downloaded" in capsys.readouterr().out and len(hub.files_asked) == asked


def test_the_text_listing_shows_size_state_and_licence(hub: Hub, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["providers", "--builtin-models"]) == 0
    out = capsys.readouterr().out
    for model in models.CATALOGUE:
        line = next(line for line in out.splitlines() if f" {model.key} " in line)
        assert f"{model.size_mb} MB" in line and "not downloaded" in line and model.name in line
        assert f"licence: {model.licence} ({model.licence_url})" in out
    assert hub.asked == []  # listing asks the hub nothing


@pytest.mark.parametrize(
    ("served", "listed_size", "listed_sha", "says"),
    [
        (GOOD[:-1000], len(GOOD), hashlib.sha256(GOOD).hexdigest(), "arrived incomplete"),
        (fake_gguf(b"x" * 5000), None, hashlib.sha256(GOOD).hexdigest(), "arrived damaged"),
        (b"<html>rate limited</html>" * 100, None, None, "is not a GGUF model file"),
    ],
    ids=["short", "corrupted", "not-gguf"],
)
def test_a_bad_file_is_a_clear_message_and_nothing_is_installed(
    hub: Hub,
    capsys: pytest.CaptureFixture[str],
    served: bytes,
    listed_size: int | None,
    listed_sha: str | None,
    says: str,
) -> None:
    hub.data, hub.listed_size, hub.listed_sha = served, listed_size, listed_sha
    assert main(["providers", "--download", TINY.key, "--yes"]) == 2
    err = capsys.readouterr().err
    assert f"interview-sim: Tiny GGUF could not be downloaded: tiny.gguf {says}" in err
    assert "Traceback" not in err and hub.files_asked
    assert store_files() == [] and not ModelStore().is_installed(TINY.key)


def test_refusing_or_not_answering_downloads_nothing(
    hub: Hub, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    answer(monkeypatch, "n\n")
    assert main(["providers", "--download", TINY.key]) == 1
    assert "Tiny GGUF was not downloaded; nothing was installed" in capsys.readouterr().err
    answer(monkeypatch, "")  # stdin closed: no one to ask, so no
    assert main(["providers", "--download", TINY.key]) == 2
    assert "add --yes" in capsys.readouterr().err
    assert hub.files_asked == [] and store_files() == []


def test_an_unknown_model_is_named_with_the_catalogue(hub: Hub, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["providers", "--download", "no-such-model", "--yes"]) == 2
    err = capsys.readouterr().err
    assert "no built-in model 'no-such-model'" in err and models.DEFAULT_MODEL in err
    assert main(["providers", "--yes"]) == 2
    assert "it goes with --download KEY" in capsys.readouterr().err
    assert hub.asked == []


def test_ctrl_c_cancels_and_leaves_no_partial_file(hub: Hub) -> None:
    # A real process and a real SIGINT; the catalogue's own pinned model, served slowly, so the
    # download is under way (its .part file growing) when Ctrl+C comes.
    hub.data, hub.slow = fake_gguf(), True
    key = models.DEFAULT_MODEL
    assert models.BY_KEY[key].pinned  # no listing asked: the pinned size and SHA-256 are used
    part = paths.models_dir() / "llm" / (models.BY_KEY[key].filename + ".part")
    child = subprocess.Popen(
        [sys.executable, "-m", "interview_sim", "providers", "--download", key, "--yes"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=os.environ.copy(),
    )
    try:
        deadline = time.monotonic() + 60
        while not (part.is_file() and part.stat().st_size > 100_000):
            assert child.poll() is None, child.communicate()
            assert time.monotonic() < deadline, "the download did not start"
            time.sleep(0.05)
        child.send_signal(signal.SIGINT)
        _out, err = child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == 130, err
    assert "cancelled; nothing was installed" in err and "Traceback" not in err
    assert store_files() == [] and not ModelStore().is_installed(key)
