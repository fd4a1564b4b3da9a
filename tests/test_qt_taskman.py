"""The task manager: results on the GUI thread, owners, keys, cancellation, asking, database counts."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from PySide6.QtCore import QObject, QThread
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from interview_sim.qt.taskman import Cancelled, TaskContext, TaskManager
from tests.waits import UI_MS


@pytest.fixture
def manager(qtbot: QtBot) -> Any:
    tasks = TaskManager()
    yield tasks
    assert tasks.shutdown(10_000)


def on_gui_thread() -> bool:
    app = QApplication.instance()
    assert app is not None
    return QThread.currentThread() is app.thread()


def test_result_and_error_come_back_on_the_gui_thread(manager: TaskManager, qtbot: QtBot) -> None:
    owner = QObject()
    seen: list[tuple[str, object, bool]] = []
    worker_threads: list[bool] = []

    def work() -> int:
        worker_threads.append(on_gui_thread())
        return 42

    def boom() -> int:
        raise ValueError("bad input in line 3")

    manager.run(work, owner=owner, on_done=lambda r: seen.append(("done", r, on_gui_thread())))
    manager.run(boom, owner=owner, on_error=lambda e: seen.append(("error", str(e), on_gui_thread())))
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=UI_MS)
    assert sorted(seen) == [("done", 42, True), ("error", "bad input in line 3", True)]
    assert worker_threads == [False]
    assert manager.running == 0


def test_results_of_a_destroyed_owner_are_dropped_and_its_work_cancelled(
    manager: TaskManager, qtbot: QtBot
) -> None:
    owner = QObject()
    started, release = threading.Event(), threading.Event()
    cancelled_seen: list[bool] = []
    delivered: list[object] = []

    def work(ctx: TaskContext) -> str:
        started.set()
        release.wait(60)
        cancelled_seen.append(ctx.cancelled)
        return "late"

    handle = manager.run_with_context(work, owner=owner, on_done=delivered.append, on_error=delivered.append)
    assert started.wait(60)
    owner.deleteLater()
    qtbot.waitUntil(lambda: handle.cancelled, timeout=UI_MS)
    release.set()
    qtbot.waitUntil(lambda: handle.finished, timeout=UI_MS)
    assert cancelled_seen == [True]
    assert delivered == []


def test_a_newer_task_with_the_same_key_supersedes_the_older(manager: TaskManager, qtbot: QtBot) -> None:
    owner = QObject()
    gate = threading.Event()
    results: list[str] = []

    def slow() -> str:
        gate.wait(60)
        return "old"

    first = manager.run(slow, owner=owner, on_done=results.append, key="load")
    second = manager.run(lambda: "new", owner=owner, on_done=results.append, key="load")
    other = manager.run(lambda: "other key", owner=owner, on_done=results.append, key="other")
    qtbot.waitUntil(lambda: second.finished and other.finished, timeout=UI_MS)
    gate.set()
    qtbot.waitUntil(lambda: first.finished, timeout=UI_MS)
    assert first.cancelled and not second.cancelled
    assert sorted(results) == ["new", "other key"]


def test_cancelled_work_reports_nothing_and_raise_if_cancelled_stops_it(
    manager: TaskManager, qtbot: QtBot
) -> None:
    owner = QObject()
    steps: list[int] = []
    outcome: list[object] = []

    def long_work(ctx: TaskContext) -> str:
        for step in range(1000):
            ctx.raise_if_cancelled()
            steps.append(step)
            ctx.report(step)
            if ctx.token.wait(0.01):
                ctx.raise_if_cancelled()
        return "finished"

    progress: list[int] = []
    handle = manager.run_with_context(
        long_work, owner=owner, on_done=outcome.append, on_error=outcome.append, on_progress=progress.append
    )
    qtbot.waitUntil(lambda: len(progress) >= 3, timeout=UI_MS)
    handle.cancel()
    qtbot.waitUntil(lambda: handle.finished, timeout=UI_MS)
    assert outcome == []
    assert 3 <= len(steps) < 1000
    assert progress == sorted(progress)


def test_a_worker_asks_on_the_gui_thread_and_gets_the_answer(manager: TaskManager, qtbot: QtBot) -> None:
    owner = QObject()
    asked_on_gui: list[bool] = []
    results: list[str] = []

    def question() -> bool:
        asked_on_gui.append(on_gui_thread())
        return True

    def work(ctx: TaskContext) -> str:
        return "downloaded" if ctx.ask(question, default=False) else "declined"

    manager.run_with_context(work, owner=owner, on_done=results.append)
    qtbot.waitUntil(lambda: results == ["downloaded"], timeout=UI_MS)
    assert asked_on_gui == [True]


def test_asking_for_a_cancelled_task_returns_the_default_without_a_dialog(
    manager: TaskManager, qtbot: QtBot
) -> None:
    owner = QObject()
    asked: list[bool] = []
    answers: list[object] = []
    finished = threading.Event()

    def work(ctx: TaskContext) -> None:
        ctx.token.wait(60)  # cancelled while it works, before it asks
        answers.append(ctx.ask(lambda: asked.append(True) or True, default="no answer"))
        finished.set()

    handle = manager.run_with_context(work, owner=owner)
    handle.cancel()
    assert finished.wait(60)
    qtbot.waitUntil(lambda: handle.finished, timeout=UI_MS)
    assert answers == ["no answer"]
    assert asked == []


def test_database_work_is_counted_and_idle_waiters_run_at_zero(manager: TaskManager, qtbot: QtBot) -> None:
    owner = QObject()
    gate = threading.Event()
    idle: list[int] = []
    counts: list[int] = []
    manager.db_work_changed.connect(counts.append)

    manager.when_db_idle(lambda: idle.append(manager.db_running))
    assert idle == [0]  # nothing running: at once

    handle = manager.run(lambda: gate.wait(60), owner=owner, uses_db=True)
    quick = manager.run(lambda: None, owner=owner)  # not database work: not counted
    assert manager.db_running == 1
    manager.when_db_idle(lambda: idle.append(manager.db_running))
    qtbot.waitUntil(lambda: quick.finished, timeout=UI_MS)
    assert idle == [0]
    gate.set()
    qtbot.waitUntil(lambda: handle.finished, timeout=UI_MS)
    assert idle == [0, 0]
    assert counts == [1, 0]


def test_cancelled_raised_in_a_worker_is_not_an_error(manager: TaskManager, qtbot: QtBot) -> None:
    owner = QObject()
    errors: list[BaseException] = []

    def work() -> None:
        raise Cancelled

    handle = manager.run(work, owner=owner, on_error=errors.append)
    qtbot.waitUntil(lambda: handle.finished, timeout=UI_MS)
    assert errors == []


def test_shutdown_cancels_running_work(qtbot: QtBot) -> None:
    tasks = TaskManager()
    seen: list[bool] = []

    def work(ctx: TaskContext) -> None:
        seen.append(ctx.token.wait(30))

    tasks.run_with_context(work, owner=None)
    qtbot.waitUntil(lambda: tasks.pool.activeThreadCount() == 1, timeout=UI_MS)
    assert tasks.shutdown(10_000)
    assert seen == [True]


def test_a_workers_call_runs_on_the_gui_thread_while_its_owner_is_there(qtbot: QtBot) -> None:
    """What the recorder's, recognizer's and refiner's callbacks go through: no worker touches a
    QObject that the GUI thread may be deleting at that moment."""
    from PySide6.QtCore import QCoreApplication, QEvent

    from interview_sim.qt.taskman import on_gui_thread as handed

    owner = QObject()
    calls: list[tuple[int, bool]] = []
    call = handed(owner, lambda n: calls.append((n, on_gui_thread())))
    worker = threading.Thread(target=call, args=(1,))
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: calls == [(1, True)], timeout=UI_MS)
    # Deleted, then called from a worker: dropped on the GUI thread, where the deletion happened.
    owner.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    late = threading.Thread(target=call, args=(2,))
    late.start()
    late.join()
    # Calls cross in order: once a later one has run, the one for the deleted owner was dropped.
    alive = QObject()
    crossed: list[bool] = []
    handed(alive, lambda: crossed.append(True))()
    qtbot.waitUntil(lambda: crossed == [True], timeout=UI_MS)
    assert calls == [(1, True)]
