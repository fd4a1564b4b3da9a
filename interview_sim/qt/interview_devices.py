"""The devices an interview uses and the archive it writes to: opened behind the window, held by
the app's state, used by the interview. Any of them may be missing (``None``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from interview_sim.core.storage import Database
    from interview_sim.devices.base import Recorder, Speaker, Transcriber


@dataclass
class InterviewDevices:
    speaker: Speaker | None = None
    recorder: Recorder | None = None  # None: answers are typed
    transcriber: Transcriber | None = None
    db: Database | None = None
    # The second pass (a FasterWhisperEngine loading its model), or None with the i18n key of
    # why not and the detail (interview_sim.qt.second_pass).
    refiner: Any = None
    refine_reason: str | None = None
    refine_detail: str = ""
