"""The device protocols, the values they exchange and the errors they raise.

The errors carry a message written for the user: the CLI prints it as is and the GUI shows it,
so no caller has to translate a PortAudio or libsndfile error code.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

# The recognition format every transcriber is fed: 16 kHz, mono, signed 16-bit little endian.
RECOGNITION_RATE = 16_000


class DeviceError(Exception):
    """A device problem with a message the user can act on."""


class NoInputDeviceError(DeviceError):
    pass


class NoOutputDeviceError(DeviceError):
    pass


class DeviceLostError(DeviceError):
    pass


class DiskFullError(DeviceError):
    pass


class NoVoiceError(DeviceError):
    """No text-to-speech voice for the language: the text is shown instead."""


class EngineUnavailableError(DeviceError):
    """A transcription engine that is not installed, has no model, or cannot be reached."""


# -- speech output ---------------------------------------------------------------------------


@dataclass
class Utterance:
    """One spoken text; ``done`` is set once the last sample has left the output device."""

    text: str
    lang: str
    duration_s: float = 0.0
    spoken: bool = False
    completed: bool = False
    message: str | None = None
    started_at: float | None = None
    finished_at: float | None = None
    done: threading.Event = field(default_factory=threading.Event, repr=False)

    def wait(self, timeout: float | None = None) -> bool:
        return self.done.wait(timeout)

    def _finish(self, completed: bool, message: str | None = None) -> None:
        if self.done.is_set():
            return
        self.completed = completed
        if message:
            self.message = message
        self.finished_at = time.monotonic()
        self.done.set()


class Speaker(Protocol):
    def say(
        self, text: str, lang: str, on_finished: Callable[[Utterance], None] | None = None
    ) -> Utterance: ...

    def replay(self, on_finished: Callable[[Utterance], None] | None = None) -> Utterance | None: ...

    def stop(self) -> None: ...

    def synthesize_to_file(self, text: str, lang: str, out: Path) -> float: ...

    def close(self) -> None: ...


# -- recording -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Level:
    """Input level of the latest block, in dB full scale (-100 is silence)."""

    rms_db: float
    peak_db: float


@dataclass
class RecordingResult:
    path: Path
    sample_rate: int
    channels: int
    frames: int
    stopped_by: str  # "user", "max_length", "silence", "error"
    error: str | None = None
    overflows: int = 0
    stop_requested_at: float | None = None
    input_blocked: bool = False  # the first second was exact zeros: microphone access denied?

    @property
    def duration_s(self) -> float:
        return self.frames / self.sample_rate if self.sample_rate else 0.0


AudioSink = Callable[[bytes], None]


class Recorder(Protocol):
    sample_rate: int

    def open(self) -> int: ...

    def start(
        self,
        path: Path,
        *,
        on_audio: AudioSink | None = None,
        max_seconds: float | None = None,
        silence_seconds: float | None = None,
    ) -> None: ...

    def level(self) -> Level: ...

    def wait(self, timeout: float | None = None) -> bool: ...

    def stop(self) -> RecordingResult: ...


# -- transcription ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Word:
    word: str
    start: float
    end: float
    conf: float

    def to_json(self) -> dict[str, Any]:
        return {
            "word": self.word,
            "start": round(self.start, 3),
            "end": round(self.end, 3),
            "conf": round(self.conf, 4),
        }


@dataclass
class TranscriptResult:
    text: str
    words: list[Word]
    engine: str
    duration_s: float
    lang: str = "ko"
    model: str | None = None  # the engine's model (size or folder name), where it has a choice

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "words": [w.to_json() for w in self.words],
            "engine": self.engine,
            "model": self.model,
            "duration_s": round(self.duration_s, 3),
            "lang": self.lang,
        }


@dataclass(frozen=True)
class Hints:
    """What the recognizer may know in advance: the question asked and its key terms.

    Engines that take a prompt (faster-whisper) use them so that technical terms come out
    spelled as the bank spells them; engines that cannot are free to ignore them.
    """

    prompt: str = ""
    terms: tuple[str, ...] = ()
    lang: str | None = None


class TranscriptionStream(Protocol):
    def feed(self, pcm: bytes) -> str | None:
        """Take 16 kHz mono s16le audio; return the partial text when it changed (if wanted)."""
        ...

    def finish(self) -> TranscriptResult: ...


class Transcriber(Protocol):
    name: str
    label: str
    offline: bool

    def preload(self) -> None:
        """Start loading the model in the background; never blocks."""
        ...

    def open_stream(self, lang: str, *, partials: bool = True) -> TranscriptionStream:
        """A stream for one answer; ``partials=False`` when nobody shows live captions."""
        ...
