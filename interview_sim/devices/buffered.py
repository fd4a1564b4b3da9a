"""A stream for engines that only take whole recordings."""

from __future__ import annotations

from typing import Any

from interview_sim.devices.base import TranscriptResult


class BufferedStream:
    """For engines that only take whole recordings: collect, then recognize at the end."""

    def __init__(self, engine: Any, lang: str) -> None:
        self._engine = engine
        self.lang = lang
        self._chunks: list[bytes] = []

    def feed(self, pcm: bytes) -> str | None:
        self._chunks.append(pcm)
        return None

    def finish(self) -> TranscriptResult:
        result: TranscriptResult = self._engine.recognize(b"".join(self._chunks), self.lang)
        return result
