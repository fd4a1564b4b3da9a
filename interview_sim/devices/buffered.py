"""A stream for engines that only take whole recordings."""

from __future__ import annotations

from typing import Any

from interview_sim.devices.base import TranscriptResult


class BufferedStream:
    """For engines that only take whole recordings: collect, then recognize at the end."""

    def __init__(self, engine: Any, lang: str, hints: Any = None) -> None:
        self._engine = engine
        self.lang = lang
        self.hints = hints
        self._chunks: list[bytes] = []

    def feed(self, pcm: bytes) -> str | None:
        self._chunks.append(pcm)
        return None

    def finish(self) -> TranscriptResult:
        joined = b"".join(self._chunks)
        result: TranscriptResult = (
            self._engine.recognize(joined, self.lang)
            if self.hints is None
            else self._engine.recognize(joined, self.lang, hints=self.hints)
        )
        return result
