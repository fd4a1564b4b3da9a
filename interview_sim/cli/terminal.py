"""What the commands say on the terminal beside their output: one-line notices on stderr and a
download's progress (the Whisper models' and the built-in AI model's downloads alike)."""

from __future__ import annotations

import sys


def say(message: str) -> None:
    # One write per line: captions come from another thread and must not split a line.
    sys.stderr.write(f"interview-sim: {message}\n")
    sys.stderr.flush()


class DownloadProgress:
    """A download's progress every 5 %, with the sizes (``DownloadCallbacks.progress``)."""

    def __init__(self) -> None:
        self._last = -1

    def __call__(self, done: int, total: int) -> None:
        percent = int(done * 100 / total) if total else 0
        if percent != self._last and percent % 5 == 0:
            self._last = percent
            say(f"download {percent}% ({done / 1e6:.0f} of {total / 1e6:.0f} MB)")
