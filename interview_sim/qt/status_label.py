"""The status bar's message: one line that ends in "…" where it does not fit."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel

ELLIPSIS = "…"


class StatusLabel(QLabel):
    """Status text on one line: what does not fit ends in "…" at a character, not clipped
    against the next label, and the whole text is in the tooltip. ``text()`` is the whole text."""

    def __init__(self) -> None:
        super().__init__()
        self._full = ""

    def setText(self, text: str) -> None:
        self._full = text
        self._fit()

    def text(self) -> str:
        return self._full

    def minimumSizeHint(self) -> QSize:
        # Any width will do, the text is shortened to it: a long message does not widen the window.
        return QSize(0, super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        shown = elide(self._full, self.contentsRect().width(), self.fontMetrics().horizontalAdvance)
        super().setText(shown)
        self.setToolTip(self._full if shown != self._full else "")


def elide(text: str, width: int, advance: Callable[[str], int]) -> str:
    """``text``, or its longest beginning that fits ``width`` with "…" after it.

    Measured by hand rather than with ``QFontMetrics.elidedText``, whose mode argument is a
    ``Qt`` enum: the status line is set before the first paint, which does without ``Qt``."""
    if advance(text) <= width:
        return text
    low, high = 0, len(text)  # the answer's length is in [low, high)
    while high - low > 1:
        middle = (low + high) // 2
        if advance(text[:middle].rstrip() + ELLIPSIS) <= width:
            low = middle
        else:
            high = middle
    return text[:low].rstrip() + ELLIPSIS
