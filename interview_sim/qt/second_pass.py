"""The second pass in the app: its engine opened with the devices, its results announced on the
GUI thread, and the refinements a crash or a quit left pending finished at the next start.

The refining itself is the core's (:class:`interview_sim.core.practice.PracticeRun` with a
``refine_engine``; :func:`interview_sim.core.refinement.refine_pending_answers`). This module
only carries it into the Qt layer, apart from the interview controller so that the controller
needs two lines for it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from interview_sim.devices.base import DeviceError
from interview_sim.qt.taskman import on_gui_thread

if TYPE_CHECKING:
    from interview_sim.core.practice import PracticeResult
    from interview_sim.core.settings import Settings
    from interview_sim.qt.app_state import AppState
    from interview_sim.qt.interview_devices import InterviewDevices

log = logging.getLogger(__name__)

# Why there is no second pass, as a key of interview_sim.i18n.
OFF = "refine.off"
NOT_INSTALLED = "refine.not_installed"
FAILED = "refine.failed"

_engines: dict[Any, Any] = {}  # the second pass's engine, by SecondPass


def open_second_pass(settings: Settings) -> tuple[Any, str | None, str]:
    """The second-pass engine, its model loading in a background thread, or None with the
    i18n key of the reason and its technical detail. Never downloads. Runs off the GUI thread."""
    from interview_sim.core.refinement import choose_second_pass, engine_for

    second, reason = choose_second_pass(settings)
    if second is None:
        return None, OFF, reason or ""
    try:
        # The devices reopen when any device setting changes: the model loaded stays loaded.
        engine = _engines.get(second) or engine_for(second)
        if not engine.is_ready():
            return None, NOT_INSTALLED, f"the {second.engine} model {second.model!r} is not downloaded"
        engine.preload()
    except DeviceError as exc:
        return None, FAILED, str(exc)
    _engines.clear()  # one model in memory: the one set now
    _engines[second] = engine
    return engine, None, ""


def pending_count(devices: InterviewDevices) -> int:
    """How many answers wait for a second pass cut off by a crash or a quit."""
    db = devices.db
    if db is None or devices.refiner is None:
        # Without the engine they stay pending (the model may come later): the status line has
        # already said why there is no second pass.
        return 0
    return sum(1 for a in db.attempts_pending_refinement() if a.status != "recording")


def resume_pending(devices: InterviewDevices) -> tuple[list[int], list[str]]:
    """Finish those second passes (blocks: a worker, holding the database); returns the
    attempts refined and the problems, the same way the CLI's start does."""
    from interview_sim.core.refinement import refine_pending_answers

    if devices.db is None:
        return [], []
    problems: list[str] = []

    def report(text: str) -> None:
        if "failed" in text:  # "waits" (its model is missing) stays pending, not a problem
            problems.append(text)

    engine = devices.refiner
    factory = None
    if engine is not None:
        # The model already loading for the interview serves the resumed ones too.
        from interview_sim.core.refinement import SecondPass, engine_for

        def factory(second: SecondPass) -> Any:
            if second == SecondPass(engine.name, engine.size):
                return engine
            return engine_for(second)

    done = (
        refine_pending_answers(devices.db, report=report)
        if factory is None
        else refine_pending_answers(devices.db, factory, report=report)
    )
    return done, problems


class SecondPassRelay(QObject):
    """Takes the core's ``on_refined`` calls (a refiner's worker thread) to the GUI thread: the
    signal is queued because this object lives there, and the archive then announces the
    attempt, so the review and the summary reload it."""

    refined = Signal(int, str, str)  # attempt id, the refined text, the failure ("" when stored)

    def __init__(self, state: AppState, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self._running: list[Any] = []  # Refinements of saved answers, until they finish
        self._on_text: dict[int, Callable[[str], None]] = {}
        self.refined.connect(self._announce)
        self._refined_from_worker = on_gui_thread(self, self.refined.emit)

    @property
    def engine(self) -> Any:
        """The engine for the next answer, or None (not set, not installed, not loaded)."""
        return self.state.devices.refiner

    def answer_saved(self, result: PracticeResult, on_text: Callable[[str], None]) -> list[str]:
        """An answer is saved (its second pass may still run): the notices to show of it, and
        ``on_text`` called on the GUI thread with the refined text once there is one.
        "Recorded without a transcript" is dropped when the second pass gives it one (an
        English answer without a Vosk English model)."""
        refinement = result.refinement
        if refinement is None:
            return list(result.notices)
        # Finished is set before on_refined is called: either it is done now, or the signal
        # that finds the callback is still to come.
        if refinement.wait(0):
            if refinement.refined is not None:
                text = refinement.refined.result.text
                # After the caller has taken the live text, which this one replaces.
                QTimer.singleShot(0, self, lambda: on_text(text))
        else:
            self._running.append(refinement)
            self._on_text[result.attempt_id] = on_text
        return [n for n in result.notices if "without a transcript" not in n]

    def stop(self) -> None:
        """The app is quitting: the second passes still running stop and stay pending in the
        archive, so the next start finishes them from the stored audio."""
        running, self._running = self._running, []
        for refinement in running:
            if not refinement.wait(0):
                refinement.refiner.cancel()

    def on_refined(self, attempt_id: int, refined: Any, error: BaseException | None) -> None:
        """PracticeEvents.on_refined: from a worker thread, only hands over. Once the window is
        gone (a quit) nothing is announced: the archive keeps the attempt pending or refined."""
        text = refined.result.text if refined is not None else ""
        self._refined_from_worker(attempt_id, text, "" if error is None else str(error))

    def _announce(self, attempt_id: int, text: str, error: str) -> None:
        self._running = [r for r in self._running if r.attempt_id != attempt_id]
        on_text = self._on_text.pop(attempt_id, None)
        if on_text is not None and text:
            on_text(text)
        if error:
            from interview_sim.i18n import UserMessage

            self.state.problem.emit(UserMessage(self.state.text("refine.answer_failed"), error))
        self.state.notify_attempts_changed([attempt_id])
