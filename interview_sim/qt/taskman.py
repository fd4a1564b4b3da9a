"""The one way the GUI runs work off its thread: a task manager with owners, keys and cancellation.

Modelled on Anki's ``aqt/taskman.py`` and Picard's ``util/thread.run_task``: a worker runs ``fn``
on a thread pool and its result or exception comes back on the GUI thread. Widgets never touch
threads, and workers never touch widgets. On top of that:

- **Owner**: every task has a QObject owner. Once the owner is destroyed its tasks are cancelled
  and their results dropped, so screens need no ``shiboken6.isValid`` guards.
- **Key**: a task started with the key of a running task of the same owner supersedes it: the
  older one is cancelled and its result dropped, so screens need no generation counters.
- **Cancellation**: :meth:`TaskManager.run_with_context` hands the worker a :class:`TaskContext`
  whose token long work checks (downloads, streamed model output), which can report progress,
  and which can :meth:`~TaskContext.ask` the user something on the GUI thread and wait for the
  answer (consent dialogs).
- **Database work** is counted (``uses_db=True``): :meth:`TaskManager.when_db_idle` runs a callback
  once none is running, so a restore can swap the data folder without polling the pool.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Any, TypeVar

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

# One token for the GUI and the core: a task's ctx.token goes straight to feedback_for_attempt.
from interview_sim.cancel import Cancelled, CancelToken

# Imported before the first paint (the app's state makes one): plain classes rather than
# dataclasses, and concurrent.futures only when a worker first asks, keep that path light.
if TYPE_CHECKING:
    import concurrent.futures

__all__ = ["CancelToken", "Cancelled", "TaskContext", "TaskHandle", "TaskManager", "on_gui_thread"]

log = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")


class TaskHandle:
    """A running task as its starter sees it."""

    def __init__(self, key: Hashable | None) -> None:
        self.key = key
        self.token = CancelToken()
        self.finished = False
        # Set when nobody wants the result any more (owner gone, superseded, cancelled).
        self.dropped = False

    def cancel(self) -> None:
        """Ask the worker to stop and drop its result, whatever it ends with."""
        self.dropped = True
        self.token.cancel()

    @property
    def cancelled(self) -> bool:
        return self.token.cancelled


class TaskContext:
    """What a worker started with :meth:`TaskManager.run_with_context` can use."""

    def __init__(self, manager: TaskManager, handle: TaskHandle) -> None:
        self._manager = manager
        self._handle = handle

    @property
    def token(self) -> CancelToken:
        return self._handle.token

    @property
    def cancelled(self) -> bool:
        return self._handle.token.cancelled

    def raise_if_cancelled(self) -> None:
        self._handle.token.raise_if_cancelled()

    def report(self, progress: object) -> None:
        """Send ``progress`` to the task's ``on_progress`` on the GUI thread (dropped if unwanted)."""
        self._manager._post(self._handle, "progress", progress)

    def ask(self, question: Callable[[], R], default: R) -> R:
        """Run ``question`` on the GUI thread (a dialog, say) and wait for what it returns.

        Returns ``default`` at once when the task is cancelled or its owner goes away while
        waiting, so a worker never hangs on a dialog nobody can answer.
        """
        import concurrent.futures

        answer: concurrent.futures.Future[Any] = concurrent.futures.Future()

        def give(value: object) -> None:
            with contextlib.suppress(concurrent.futures.InvalidStateError):
                answer.set_result(value)

        self._handle.token.on_cancel(lambda: give(default))
        self._manager._post(self._handle, "ask", (question, give, default))
        return answer.result()


class _Relay(QObject):
    """Lives on the GUI thread; its queued signal carries a worker's news there."""

    news = Signal(object, str, object)


class _GuiCalls(QObject):
    """Made once, on the GUI thread, and kept as long as the application: worker threads' calls
    cross to the GUI thread on it (see :func:`on_gui_thread`)."""

    call = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.call.connect(self._run)

    @Slot(object)
    def _run(self, call: Callable[[], None]) -> None:
        call()


_gui_calls: _GuiCalls | None = None


def on_gui_thread(owner: QObject, fn: Callable[..., None]) -> Callable[..., None]:
    """``fn`` made callable from any thread (a recorder's or a refiner's callback): each call runs
    on the GUI thread, and only while ``owner`` is there. Make it on the GUI thread.

    A worker that emitted the owner's own signal had to check ``shiboken6.isValid`` first, which
    races the GUI thread deleting the owner between the check and the emit (a segfault, seen when
    a screen closed as its second pass finished). Here the call crosses on an object that lives as
    long as the application, and the owner is checked on the GUI thread, where it is deleted.
    """
    global _gui_calls
    if _gui_calls is None:
        _gui_calls = _GuiCalls()
    relay = _gui_calls

    def call(*args: Any) -> None:
        def run() -> None:
            if shiboken6.isValid(owner):
                fn(*args)

        # RuntimeError: the application is shutting down and the relay is gone; nobody is left.
        with contextlib.suppress(RuntimeError):
            relay.call.emit(run)

    return call


class _Runner(QRunnable):
    def __init__(self, manager: TaskManager, handle: TaskHandle, work: Callable[[], Any]) -> None:
        super().__init__()
        self.manager = manager
        self.handle = handle
        self.work = work

    @Slot()
    def run(self) -> None:
        try:
            result = self.work()
        except BaseException as exc:  # every failure goes back to the GUI to be shown, never lost
            self.manager._post(self.handle, "failed", exc)
        else:
            self.manager._post(self.handle, "done", result)


class _Record:
    def __init__(
        self,
        handle: TaskHandle,
        owner: QObject | None,
        on_done: Callable[[Any], None] | None,
        on_error: Callable[[BaseException], None] | None,
        on_progress: Callable[[Any], None] | None,
        uses_db: bool,
        on_dropped: Callable[[Any], None] | None = None,
    ) -> None:
        self.handle = handle
        self.owner = owner
        self.on_done = on_done
        self.on_error = on_error
        self.on_progress = on_progress
        self.uses_db = uses_db
        self.on_dropped = on_dropped


class TaskManager(QObject):
    """Runs work off the GUI thread and brings its outcome back to it. Make one per app."""

    # Number of database tasks running now; 0 when the archive may be swapped or closed.
    db_work_changed = Signal(int)

    def __init__(self, parent: QObject | None = None, *, max_threads: int | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        # At least four threads: a model load or a recovery must not hold up a quick query on a
        # two-core machine, where Qt's own default would be two.
        self.pool.setMaxThreadCount(max_threads or max(4, QThreadPool.globalInstance().maxThreadCount()))
        self._relay = _Relay()
        self._relay.news.connect(self._deliver)
        self._records: dict[int, _Record] = {}
        self._by_key: dict[tuple[int, Hashable], TaskHandle] = {}
        self._ids = itertools.count()
        self._handle_ids: dict[int, int] = {}  # id(handle) -> record id
        self._owners: dict[int, set[int]] = {}  # id(owner) -> record ids
        self._db_running = 0
        self._db_idle_waiters: list[tuple[QObject | None, Callable[[], None]]] = []
        self._closing = False

    # -- starting work ---------------------------------------------------------------------

    def run(
        self,
        fn: Callable[[], T],
        *,
        owner: QObject | None,
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        key: Hashable | None = None,
        uses_db: bool = False,
        on_dropped: Callable[[T], None] | None = None,
    ) -> TaskHandle:
        """Run ``fn()`` off the GUI thread; ``on_done(result)`` or ``on_error(exc)`` run on it.

        ``owner=None`` is for work that outlives every screen (saving settings, closing files):
        its callbacks run as long as the manager lives. An error without ``on_error`` is logged.
        ``on_dropped(result)`` runs instead of ``on_done`` when the result arrives unwanted (owner
        gone, superseded, cancelled), for results that hold something to release (an open
        device); it must not touch the owner.
        """
        return self._start(lambda _handle: fn(), owner, on_done, on_error, None, key, uses_db, on_dropped)

    def run_with_context(
        self,
        fn: Callable[[TaskContext], T],
        *,
        owner: QObject | None,
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[Any], None] | None = None,
        key: Hashable | None = None,
        uses_db: bool = False,
        on_dropped: Callable[[T], None] | None = None,
    ) -> TaskHandle:
        """Like :meth:`run`, for long work that checks for cancel, reports progress or asks."""
        return self._start(
            lambda handle: fn(TaskContext(self, handle)),
            owner,
            on_done,
            on_error,
            on_progress,
            key,
            uses_db,
            on_dropped,
        )

    def _start(
        self,
        work: Callable[[TaskHandle], Any],
        owner: QObject | None,
        on_done: Callable[[Any], None] | None,
        on_error: Callable[[BaseException], None] | None,
        on_progress: Callable[[Any], None] | None,
        key: Hashable | None,
        uses_db: bool,
        on_dropped: Callable[[Any], None] | None = None,
    ) -> TaskHandle:
        handle = TaskHandle(key=key)
        record_id = next(self._ids)
        record = _Record(handle, owner, on_done, on_error, on_progress, uses_db, on_dropped)
        self._records[record_id] = record
        self._handle_ids[id(handle)] = record_id
        if self._closing:
            handle.cancel()
        if owner is not None:
            owner_id = id(owner)
            if owner_id not in self._owners:
                self._owners[owner_id] = set()
                owner.destroyed.connect(lambda *_a, oid=owner_id: self._owner_gone(oid))
            self._owners[owner_id].add(record_id)
            if key is not None:
                older = self._by_key.get((owner_id, key))
                if older is not None:
                    older.cancel()
                self._by_key[(owner_id, key)] = handle
        if uses_db:
            self._db_running += 1
            self.db_work_changed.emit(self._db_running)
        self.pool.start(_Runner(self, handle, lambda: work(handle)))
        return handle

    # -- what the manager knows ------------------------------------------------------------

    @property
    def db_running(self) -> int:
        return self._db_running

    @property
    def running(self) -> int:
        return len(self._records)

    def when_db_idle(self, then: Callable[[], None], *, owner: QObject | None = None) -> None:
        """Call ``then`` on the GUI thread once no database task is running (now, if none is);
        with an ``owner``, only if the owner is still there then."""
        if self._db_running == 0:
            then()
        else:
            self._db_idle_waiters.append((owner, then))

    def cancel_owned(self, owner: QObject) -> None:
        """Cancel every task of ``owner`` (a screen being reset, say) and drop their results."""
        for record_id in list(self._owners.get(id(owner), ())):
            record = self._records.get(record_id)
            if record is not None:
                record.handle.cancel()

    def shutdown(self, wait_ms: int = 10_000) -> bool:
        """Cancel everything and wait up to ``wait_ms`` for workers; True when all ended."""
        self._closing = True
        for record in list(self._records.values()):
            record.handle.cancel()
        return bool(self.pool.waitForDone(wait_ms))

    # -- from workers ------------------------------------------------------------------------

    def _post(self, handle: TaskHandle, kind: str, value: object) -> None:
        # RuntimeError: the application is shutting down and the relay is gone; nobody is left.
        with contextlib.suppress(RuntimeError):
            self._relay.news.emit(handle, kind, value)

    @Slot(object, str, object)
    def _deliver(self, handle: TaskHandle, kind: str, value: Any) -> None:
        record_id = self._handle_ids.get(id(handle))
        if record_id is None:
            return
        record = self._records[record_id]
        wanted = not handle.dropped and (record.owner is None or shiboken6.isValid(record.owner))
        if kind == "progress":
            if wanted and record.on_progress is not None:
                record.on_progress(value)
            return
        if kind == "ask":
            question, give, default = value
            give(question() if wanted else default)
            return
        self._finish(record_id, record)
        if not wanted:
            if kind == "done" and record.on_dropped is not None:
                record.on_dropped(value)
            return
        if kind == "done":
            if record.on_done is not None:
                record.on_done(value)
        elif isinstance(value, Cancelled):
            pass  # the worker stopped because it was asked to: nothing to report
        elif record.on_error is not None:
            record.on_error(value)
        else:
            log.error("background task failed", exc_info=value)

    def _finish(self, record_id: int, record: _Record) -> None:
        handle = record.handle
        handle.finished = True
        del self._records[record_id]
        self._handle_ids.pop(id(handle), None)
        if record.owner is not None:
            owner_id = id(record.owner)
            owned = self._owners.get(owner_id)
            if owned is not None:
                owned.discard(record_id)
            if handle.key is not None and self._by_key.get((owner_id, handle.key)) is handle:
                del self._by_key[(owner_id, handle.key)]
        if record.uses_db:
            self._db_running -= 1
            self.db_work_changed.emit(self._db_running)
            if self._db_running == 0:
                waiters, self._db_idle_waiters = self._db_idle_waiters, []
                for owner, then in waiters:
                    if owner is None or shiboken6.isValid(owner):
                        then()

    def _owner_gone(self, owner_id: int) -> None:
        for record_id in self._owners.pop(owner_id, set()):
            record = self._records.get(record_id)
            if record is not None:
                record.handle.cancel()
        for key in [k for k in self._by_key if k[0] == owner_id]:
            del self._by_key[key]
