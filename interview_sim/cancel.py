"""One cancellation token for all background work, Qt-free: the GUI's task manager hands it to a
worker (``ctx.token``) and the same object goes straight to the core and the AI providers
(``feedback_for_attempt(cancel=ctx.token)``), so one Cancel button stops a stream mid-reply.

Imported before the first paint (the task manager is): the standard library's threading only.
"""

from __future__ import annotations

import threading
from collections.abc import Callable


class Cancelled(Exception):
    """Raised inside a worker by :meth:`CancelToken.raise_if_cancelled`."""


class CancelToken:
    """Set from any thread, read by the worker; callbacks run on whichever thread cancels.

    A stream checks :attr:`cancelled` between chunks and while it waits for one (the providers
    then raise their own ``LLMError("cancelled")``, which says it in the UI language)."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self._lock = threading.Lock()
        self._callbacks: list[Callable[[], None]] = []

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def cancel(self) -> None:
        with self._lock:
            if self._event.is_set():
                return
            self._event.set()
            callbacks, self._callbacks = self._callbacks, []
        for callback in callbacks:
            callback()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise Cancelled

    def wait(self, timeout: float) -> bool:
        """Sleep up to ``timeout`` seconds, waking early on cancel; True when cancelled."""
        return self._event.wait(timeout)

    def on_cancel(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` once when cancelled (at once, if it already is)."""
        with self._lock:
            if not self._event.is_set():
                self._callbacks.append(callback)
                return
        callback()
