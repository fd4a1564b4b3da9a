"""Choosing a transcription engine, and transcribing a stored file with it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from interview_sim.devices.base import EngineUnavailableError, Hints, Transcriber, TranscriptResult


@dataclass(frozen=True)
class EngineInfo:
    name: str
    label: str
    offline: bool


ENGINES = (
    EngineInfo("vosk", "Vosk (offline, streaming)", True),
    EngineInfo("faster-whisper", "faster-whisper (offline, more accurate, slower)", True),
    EngineInfo("google", "Google Web Speech (online: sends the recording to Google)", False),
)
ENGINE_NAMES = tuple(e.name for e in ENGINES)

# Where each engine sends the recorded audio, as i18n keys: the settings screen and the CLI
# show this beside the engine's name, so that nobody sends their voice anywhere unknowingly.
ENGINE_PRIVACY = {
    "vosk": "engine.privacy.vosk",
    "faster-whisper": "engine.privacy.faster_whisper",
    "google": "engine.privacy.google",
}


def privacy_statement(name: str, lang: str = "en") -> str:
    """Where the engine ``name`` sends the audio, in ``lang``."""
    from interview_sim.i18n import tr

    return tr(ENGINE_PRIVACY[name], lang)


# One engine object per configuration and process: the Vosk model is loaded once.
_instances: dict[tuple[Any, ...], Transcriber] = {}


def create_transcriber(
    name: str,
    *,
    settings: Any = None,
    allow_online: bool = False,
    whisper_size: str = "small",  # what the settings screen downloads (qt/settings_services.py)
    download: Any = None,
) -> Transcriber:
    """The engine called ``name``; online engines only with ``allow_online`` (the user's opt-in)."""
    if name == "vosk":
        en_path = settings.get("vosk_model_en_path") if settings is not None else ""
        key: tuple[Any, ...] = ("vosk", en_path)
        if key not in _instances:
            from interview_sim.devices.vosk_engine import VoskEngine

            _instances[key] = VoskEngine({"en": en_path or None})
        return _instances[key]
    if name == "faster-whisper":
        from interview_sim.devices.whisper_engine import FasterWhisperEngine

        key = ("faster-whisper", whisper_size, download is not None)
        if key not in _instances or download is not None:
            _instances[key] = FasterWhisperEngine(whisper_size, download=download)
        return _instances[key]
    if name == "google":
        if not allow_online:
            raise EngineUnavailableError(
                "the Google engine sends the recording off this machine; choose it explicitly to use it"
            )
        from interview_sim.api_keys import get_api_key
        from interview_sim.devices.google_engine import GoogleEngine

        return GoogleEngine(key=get_api_key("google"))
    raise EngineUnavailableError(f"unknown transcription engine {name!r} (one of: {', '.join(ENGINE_NAMES)})")


def transcribe_file(
    transcriber: Transcriber, path: Path, lang: str, hints: Hints | None = None
) -> TranscriptResult:
    """Transcribe a stored answer through the same chunks the live path used.

    ``hints`` reach engines that take them (faster-whisper); ``lang`` may be ``auto`` there.
    """
    from interview_sim.devices.audio import iter_pcm16k  # numpy: not on the app's start path

    if hints is not None and transcriber.name == "faster-whisper":
        stream = transcriber.open_stream(lang, partials=False, hints=hints)  # type: ignore[call-arg]
    else:
        stream = transcriber.open_stream(lang, partials=False)
    for chunk in iter_pcm16k(path):
        stream.feed(chunk)
    return stream.finish()
