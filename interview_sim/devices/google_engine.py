"""Google Web Speech through SpeechRecognition: online, opt-in, clearly labelled.

The audio leaves the machine, so this engine is never chosen by default and never used for the
automatic transcription of recovered answers. It returns no word times.
"""

from __future__ import annotations

from typing import Any

from interview_sim.api_keys import redact
from interview_sim.devices.base import RECOGNITION_RATE, EngineUnavailableError, TranscriptResult
from interview_sim.devices.buffered import BufferedStream

LANGUAGE_TAGS = {"ko": "ko-KR", "en": "en-US"}


class GoogleEngine:
    name = "google"
    label = "Google Web Speech (online: sends the recording to Google)"
    offline = False

    def __init__(self, sr_module: Any = None, *, key: str | None = None) -> None:
        self._sr = sr_module
        # The user's own key, from the system keyring; None uses SpeechRecognition's default.
        self._key = key

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
        audio = sr.AudioData(pcm, RECOGNITION_RATE, 2)
        duration = len(pcm) / 2 / RECOGNITION_RATE
        extra = {"key": self._key} if self._key else {}
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
