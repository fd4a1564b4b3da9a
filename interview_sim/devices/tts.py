"""Text to a WAV file through the TTS process, with a cache per text, voice and rate."""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import threading
from pathlib import Path
from typing import Any, Protocol

from interview_sim.devices.base import DeviceError, NoVoiceError

LANGUAGE_NAMES = {"ko": ("korean", "한국어", "ko-kr", "ko_kr"), "en": ("english", "en-us", "en_us", "en-gb")}


class TtsBackend(Protocol):
    def voices(self) -> list[dict[str, Any]]: ...

    def synthesize(self, text: str, voice_id: str, rate: int, out_path: Path) -> float: ...

    def close(self) -> None: ...


class TtsProcess:
    """pyttsx3 in a child process (see :mod:`interview_sim.devices.tts_worker`)."""

    def __init__(self, request_timeout_s: float = 60.0) -> None:
        self.request_timeout_s = request_timeout_s
        self._lock = threading.Lock()
        self._process: Any = None
        self._conn: Any = None
        self._voices: list[dict[str, Any]] | None = None

    def _ensure(self) -> None:
        if self._process is not None and self._process.is_alive():
            return
        from interview_sim.devices.tts_worker import serve

        # spawn, not fork: a forked child would inherit the parent's threads' locks and Qt state.
        context = multiprocessing.get_context("spawn")
        parent, child = context.Pipe()
        process = context.Process(target=serve, args=(child,), name="interview-sim-tts", daemon=True)
        process.start()
        child.close()
        self._process, self._conn = process, parent

    def _request(self, *request: Any, timeout: float | None = None) -> Any:
        with self._lock:
            self._ensure()
            try:
                self._conn.send(request)
                ready = self._conn.poll(timeout or self.request_timeout_s)
                reply = self._conn.recv() if ready else None
            except (EOFError, OSError, BrokenPipeError):
                reply = None
            if reply is None:
                self._kill()
                raise DeviceError("the text-to-speech engine stopped responding; it will be restarted")
        status, value = reply
        if status != "ok":
            raise DeviceError(str(value))
        return value

    def voices(self) -> list[dict[str, Any]]:
        if self._voices is None:
            self._voices = list(self._request("voices"))
        return self._voices

    def synthesize(self, text: str, voice_id: str, rate: int, out_path: Path) -> float:
        timeout = self.request_timeout_s + len(text) / 10
        return float(self._request("synth", text, voice_id, rate, str(out_path), timeout=timeout))

    def _kill(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.join(5)
        self._process = self._conn = None

    def close(self) -> None:
        with self._lock:
            if self._process is None:
                return
            try:
                self._conn.send(None)
                self._process.join(2)
            except (OSError, BrokenPipeError):
                pass
            if self._process.is_alive():
                self._kill()
            self._process = self._conn = None


def pick_voice(voices: list[dict[str, Any]], lang: str, preferred: str = "") -> dict[str, Any] | None:
    """The voice chosen in the settings, else the first that speaks ``lang``.

    Drivers describe languages differently (espeak ``ko``, macOS ``ko_KR``, SAPI5 mostly by the
    voice's name), so the id, the languages and the name are all looked at.
    """
    if preferred:
        for v in voices:
            if preferred in (v["id"], v["name"]):
                return v
    names = LANGUAGE_NAMES.get(lang, ())

    def score(v: dict[str, Any]) -> int:
        langs = [x.lower().replace("_", "-") for x in v.get("languages", [])]
        vid, name = v["id"].lower(), v["name"].lower()
        if lang == "en" and any(x == "en-us" for x in langs):
            return 4
        if any(x == lang or x.startswith(lang + "-") for x in langs):
            return 3
        if vid == lang or vid.endswith("/" + lang) or vid.endswith("\\" + lang):
            return 2
        if any(n in name or n in vid for n in names):
            return 1
        return 0

    best = max(voices, key=score, default=None)
    return best if best is not None and score(best) > 0 else None


class CachedSynthesizer:
    """Synthesizes each (text, voice, rate) once and keeps the WAV under ``cache``."""

    def __init__(
        self,
        backend: TtsBackend,
        cache: Path,
        *,
        rate: int = 170,
        voice_ko: str = "",
        voice_en: str = "",
        max_files: int = 1000,
    ) -> None:
        self.backend = backend
        self.max_files = max_files
        self.cache = cache
        self.rate = rate
        self.preferred = {"ko": voice_ko, "en": voice_en}

    def voice_for(self, lang: str) -> dict[str, Any] | None:
        return pick_voice(self.backend.voices(), lang, self.preferred.get(lang, ""))

    def wav_for(self, text: str, lang: str) -> Path:
        voice = self.voice_for(lang)
        if voice is None:
            label = {"ko": "Korean", "en": "English"}.get(lang, lang)
            raise NoVoiceError(f"no {label} text-to-speech voice is installed; the question is shown as text")
        key = hashlib.sha256(
            json.dumps([voice["id"], self.rate, text], ensure_ascii=False).encode()
        ).hexdigest()
        path = self.cache / f"{key[:32]}.wav"
        if path.exists():
            os.utime(path)  # recently used: kept by the pruning below
            return path
        self.cache.mkdir(parents=True, exist_ok=True)
        self.backend.synthesize(text, voice["id"], self.rate, path)
        self._prune()
        return path

    def _prune(self) -> None:
        """Keep the cache to the most recently used ``max_files`` (a bank's worth of questions)."""
        files = sorted(self.cache.glob("*.wav"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in files[self.max_files :]:
            old.unlink(missing_ok=True)

    def close(self) -> None:
        self.backend.close()
