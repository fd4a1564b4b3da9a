"""Transcription while the user speaks, on its own thread.

The recorder's writer thread hands over audio without waiting; this thread feeds the engine in
fixed 100 ms chunks (the same chunks :func:`~interview_sim.devices.audio.iter_pcm16k` makes
from the stored file, so both give the same transcript) and reports partial text.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable

from interview_sim.devices.audio import Rechunker
from interview_sim.devices.base import TranscriptionStream, TranscriptResult

_END = None


class LiveTranscription:
    def __init__(self, stream: TranscriptionStream, on_partial: Callable[[str], None] | None = None) -> None:
        self._stream = stream
        self._on_partial = on_partial
        self._queue: queue.Queue[bytes | None] = queue.Queue()
        self._rechunker = Rechunker()
        self._error: BaseException | None = None
        self.partials = 0
        self._thread = threading.Thread(target=self._run, name="live-transcription", daemon=True)
        self._thread.start()

    def feed(self, pcm: bytes) -> None:
        self._queue.put(pcm)

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            chunks = self._rechunker.flush() if item is _END else self._rechunker.push(item)
            if self._error is None:
                for chunk in chunks:
                    try:
                        partial = self._stream.feed(chunk)
                    except Exception as exc:  # re-raised by finish()
                        self._error = exc
                        break
                    if partial is not None:
                        self.partials += 1
                        if self._on_partial is not None:
                            self._on_partial(partial)
            if item is _END:
                return

    def finish(self) -> TranscriptResult:
        """Wait for the audio fed so far to be recognized and return the final transcript."""
        self._queue.put(_END)
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._stream.finish()
