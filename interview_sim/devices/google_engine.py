"""Google Web Speech through SpeechRecognition: online, opt-in, clearly labelled.

The audio leaves the machine, so this engine is never chosen by default and never used for the
automatic transcription of recovered answers. It returns no word times.

Google takes FLAC. SpeechRecognition encodes it by running a ``flac`` program it ships per
platform; its macOS one is x86_64 only and built with an SDK that notarization rejects, so on
Apple silicon without Rosetta the engine would fail. The FLAC is encoded here with soundfile
(libsndfile) instead, and the installers ship none of those programs.
"""

from __future__ import annotations

import io
from typing import Any

import numpy as np

from interview_sim.api_keys import redact
from interview_sim.devices.base import RECOGNITION_RATE, EngineUnavailableError, TranscriptResult
from interview_sim.devices.buffered import BufferedStream

LANGUAGE_TAGS = {"ko": "ko-KR", "en": "en-US"}


class GoogleEngine:
    name = "google"
    label = "Google Web Speech (online: sends the recording to Google)"
    offline = False

    def __init__(self, sr_module: Any = None, *, key: str | None = None, endpoint: str | None = None) -> None:
        self._sr = sr_module
        # The user's own key, from the system keyring; None uses SpeechRecognition's default.
        self._key = key
        self._endpoint = endpoint  # None: Google's; tests point it at a local server

    @property
    def sr(self) -> Any:
        if self._sr is None:
            try:
                import speech_recognition
            except ImportError as exc:
                raise EngineUnavailableError(
                    f"SpeechRecognition is not installed ({exc}); pip install SpeechRecognition"
                ) from exc
            self._sr = speech_recognition
        return self._sr

    def preload(self) -> None:
        pass

    def open_stream(self, lang: str, *, partials: bool = True) -> BufferedStream:
        return BufferedStream(self, lang)

    def recognize(self, pcm: bytes, lang: str) -> TranscriptResult:
        sr = self.sr
        audio = _flac_audio_data(sr)(pcm, RECOGNITION_RATE, 2)
        duration = len(pcm) / 2 / RECOGNITION_RATE
        extra: dict[str, str] = {"key": self._key} if self._key else {}
        if self._endpoint:
            extra["endpoint"] = self._endpoint
        try:
            result = sr.Recognizer().recognize_google(
                audio, language=LANGUAGE_TAGS.get(lang, lang), show_all=True, **extra
            )
        except sr.RequestError as exc:
            # The request URL carries the key, and error texts may quote it: never show it.
            message = redact(str(exc), self._key)
            raise EngineUnavailableError(f"Google's speech service could not be reached: {message}") from None
        except sr.UnknownValueError:
            result = None
        text = ""
        if isinstance(result, dict) and result.get("alternative"):
            text = str(result["alternative"][0].get("transcript", "")).strip()
        return TranscriptResult(text=text, words=[], engine=self.name, duration_s=duration, lang=lang)


def encode_flac(pcm: bytes, rate: int) -> bytes:
    """16-bit mono PCM as a FLAC file's bytes, encoded by libsndfile."""
    import soundfile as sf

    buffer = io.BytesIO()
    sf.write(buffer, np.frombuffer(pcm, dtype="<i2"), rate, format="FLAC", subtype="PCM_16")
    return buffer.getvalue()


def _flac_audio_data(sr: Any) -> Any:
    """SpeechRecognition's AudioData, with FLAC encoded by soundfile instead of a flac program."""

    class SoundfileFlacAudioData(sr.AudioData):  # type: ignore[misc,unused-ignore]
        def get_flac_data(self, convert_rate: int | None = None, convert_width: int | None = None) -> bytes:
            # Google wants 16-bit samples; the rate is converted by SpeechRecognition as before.
            rate = convert_rate or self.sample_rate
            return encode_flac(self.get_raw_data(convert_rate, 2), rate)

    return SoundfileFlacAudioData
