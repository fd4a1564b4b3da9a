"""A reply streamed by a worker, drawn as it arrives: at most every so often, and always up to
its latest piece."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

REDRAW_MS = 100  # how often a streaming reply is drawn again


class LatestText(QObject):
    """Takes every text a stream reports (the whole reply so far) and calls ``draw`` with the
    latest one at most every ``interval_ms``: the first at once, what came meanwhile when the
    interval is up. Drawing only when a piece arrived long enough after the last drawn one left
    the end of a burst unseen for as long as the model then paused."""

    def __init__(self, draw: Callable[[str], None], parent: QObject, interval_ms: int = REDRAW_MS) -> None:
        super().__init__(parent)
        self._draw = draw
        self._latest: str | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._flush)

    def push(self, text: str) -> None:
        self._latest = text
        if not self._timer.isActive():
            self._flush()

    def clear(self) -> None:
        """The stream ended, failed or starts over: nothing more of it is drawn."""
        self._latest = None
        self._timer.stop()

    def _flush(self) -> None:
        text, self._latest = self._latest, None
        if text is not None:
            self._timer.start()  # the next drawing no sooner than the interval from now
            self._draw(text)
