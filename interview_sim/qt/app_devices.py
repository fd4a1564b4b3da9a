"""The app's devices and speech model, opened behind the first paint: the opening itself, the
model's warm-up, then the answers a crash left behind (recovered, transcribed) and the second
passes a crash or a quit cut off (resumed). Split out of :mod:`interview_sim.qt.app`, which owns
one :class:`AppDevices` through its controller.

On the cold-start path (``app`` imports it before the first paint): nothing heavy at module
level, the devices and the archive are imported where first used."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TypeAlias

from PySide6.QtCore import QObject

from interview_sim.core.settings import Settings
from interview_sim.i18n import UserMessage
from interview_sim.qt.app_state import AppState

if TYPE_CHECKING:
    from interview_sim.qt.interview_devices import InterviewDevices

__all__ = ["DEVICES_KEY", "DEVICE_KEYS", "AppDevices", "DeviceOpener"]

# Settings whose change means opening the devices again.
DEVICE_KEYS = frozenset(
    {
        "input_device",
        "output_device",
        "tts_rate",
        "tts_volume",
        "tts_voice_ko",
        "tts_voice_en",
        "stt_engine",
        "vosk_model_en_path",
        "refine_engine",
        "refine_model",
    }
)
# One opening of the devices at a time: a newer one (the settings changed) supersedes it.
DEVICES_KEY = "devices"

DeviceOpener: TypeAlias = "Callable[[Settings], tuple[InterviewDevices, Sequence[UserMessage | str]]]"

log = logging.getLogger(__name__)


def open_real_devices(settings: Settings) -> tuple[InterviewDevices, Sequence[UserMessage | str]]:
    from interview_sim.qt.device_setup import open_devices

    return open_devices(settings)


class AppDevices(QObject):
    """Opens the devices (again when a device setting changes) and owns that work: its reports
    are dropped once the app's controller, its parent, is gone."""

    def __init__(self, state: AppState, open_devices: DeviceOpener | None, parent: QObject) -> None:
        super().__init__(parent)
        self.state = state
        self.open_devices: DeviceOpener = open_devices or open_real_devices

    @property
    def devices(self) -> InterviewDevices:
        return self.state.devices

    def _error(self, exc: BaseException) -> None:
        from interview_sim.qt.errors import describe_error

        self.state.problem.emit(describe_error(exc, self.state.lang))

    def load(self) -> None:
        """Open the devices, then load the speech model, then transcribe recovered answers.
        Both steps run under one key: opening again (new settings) drops the older reports."""
        state, settings, tasks = self.state, self.state.settings, self.state.tasks
        state.set_speech_state("loading")

        def opened(result: tuple[InterviewDevices, Sequence[UserMessage | str]]) -> None:
            devices, problems = result
            self._retire(self.devices, devices)
            state.set_devices(devices)
            for problem in problems:
                state.problem.emit(problem)
            self._say_second_pass(devices)
            if devices.transcriber is None:
                state.set_speech_state("unavailable")
                self.recover()
                return
            from interview_sim.qt.device_setup import warm_up

            tasks.run(
                lambda: warm_up(devices),
                owner=self,
                key=DEVICES_KEY,
                on_done=lambda _r: model_loaded(None),
                on_error=model_loaded,
            )

        def model_loaded(exc: BaseException | None) -> None:
            if exc is not None:
                self._error(exc)
            state.set_speech_state("unavailable" if exc is not None else "ready")
            self.recover()

        def failed(exc: BaseException) -> None:
            self._error(exc)
            state.set_speech_state("unavailable")

        tasks.run(
            lambda: self.open_devices(settings),
            owner=self,
            key=DEVICES_KEY,
            on_done=opened,
            on_error=failed,
            uses_db=True,  # it opens the archive and repairs interrupted answers in it
        )

    def _retire(self, old: InterviewDevices, new: InterviewDevices) -> None:
        """Devices reopened with new settings: the old speaker's TTS process ends, and the
        database handle already in use stays (an answer may be saving through it)."""
        tasks = self.state.tasks
        if old.db is not None and new.db is not None and new.db is not old.db:
            tasks.run(new.db.close, owner=None, on_error=self._error, uses_db=True)
            new.db = old.db
        if old.speaker is not None and old.speaker is not new.speaker:
            tasks.run(old.speaker.close, owner=None, on_error=self._error)

    def _say_second_pass(self, devices: InterviewDevices) -> None:
        """No second pass although one is set: say why in the status line (not a problem box:
        the interview works without it)."""
        from interview_sim.qt.second_pass import OFF

        if devices.refiner is None and devices.refine_reason not in (None, OFF):
            model = self.state.settings.get("refine_model")
            text = self.state.text(devices.refine_reason, model=model)
            # One sentence in the UI language; the engine's own (English) words go to the log.
            if devices.refine_detail:
                log.info("second pass unavailable: %s", devices.refine_detail)
            self.state.message.emit(text)

    def recover(self) -> None:
        """Transcribe answers recovered after a crash, with a notice that does not block anything;
        then finish the second passes a crash or a quit left pending."""
        from interview_sim.qt.device_setup import recovered_waiting, transcribe_recovered_answers

        state, devices = self.state, self.devices

        def counted(count: int) -> None:
            if not count:
                return
            state.message.emit(state.text("recovery.running", count=count))

            def done(problems: list[str]) -> None:
                state.message.emit(state.text("recovery.done", count=count - len(problems)))
                if problems:
                    detail = "; ".join(problems)
                    state.problem.emit(
                        UserMessage(state.text("recovery.problems", count=len(problems)), detail)
                    )
                state.notify_attempts_changed()
                self.resume_refinements()

            state.tasks.run(
                lambda: transcribe_recovered_answers(devices),
                owner=self,
                on_done=done,
                on_error=self._error,
                uses_db=True,
            )

        def counted_or_resume(count: int) -> None:
            if count:
                counted(count)
            else:
                self.resume_refinements()

        state.tasks.run(
            lambda: recovered_waiting(devices),
            owner=self,
            on_done=counted_or_resume,
            on_error=self._error,
            uses_db=True,
        )

    def resume_refinements(self) -> None:
        """Answers whose second pass a crash or a quit cut off: refined now, in the background,
        from their stored audio (after the recovered ones were transcribed)."""
        from interview_sim.qt.second_pass import pending_count, resume_pending

        state, devices = self.state, self.devices

        def counted(count: int) -> None:
            if not count:
                return
            state.message.emit(state.text("refine.resuming", count=count))

            def done(result: tuple[list[int], list[str]]) -> None:
                refined, problems = result
                state.message.emit(state.text("refine.resumed", count=len(refined)))
                if problems:
                    state.problem.emit(
                        UserMessage(
                            state.text("refine.resume_problems", count=len(problems)), "; ".join(problems)
                        )
                    )
                state.notify_attempts_changed(refined)

            state.tasks.run(
                lambda: resume_pending(devices), owner=self, on_done=done, on_error=self._error, uses_db=True
            )

        state.tasks.run(
            lambda: pending_count(devices), owner=self, on_done=counted, on_error=self._error, uses_db=True
        )
