"""The one way the GUI runs work off its thread.

``run_in_background(fn, on_done, on_error)`` runs ``fn`` on Qt's thread pool and calls
``on_done(result)`` or ``on_error(exception)`` back on the GUI thread through a queued signal.
Widgets never touch threads, and workers never touch widgets.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot


class _Relay(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.fn = fn
        self.relay = relay

    @Slot()
    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as exc:  # every failure goes back to the GUI to be shown, never lost
            self._report(self.relay.failed, exc)
        else:
            self._report(self.relay.done, result)

    @staticmethod
    def _report(signal: Any, value: object) -> None:
        # RuntimeError: the application is shutting down, its relay is gone, nobody is left to tell.
        with contextlib.suppress(RuntimeError):
            signal.emit(value)


_alive: set[_Relay] = set()


def run_in_background(
    fn: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException], None],
) -> None:
    relay = _Relay()  # lives on the GUI thread, so its signals are delivered there
    _alive.add(relay)

    def finish_ok(result: Any) -> None:
        _alive.discard(relay)
        on_done(result)

    def finish_error(exc: BaseException) -> None:
        _alive.discard(relay)
        on_error(exc)

    relay.done.connect(finish_ok)
    relay.failed.connect(finish_error)
    QThreadPool.globalInstance().start(_Task(fn, relay))
