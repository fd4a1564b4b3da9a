"""The devices an interview uses and the archive it writes to: opened behind the window, held by
the app's state, used by the interview. Any of them may be missing (``None``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from interview_sim.core.storage import Database
    from interview_sim.devices.base import Recorder, Speaker, Transcriber


@dataclass
class InterviewDevices:
    speaker: Speaker | None = None
    recorder: Recorder | None = None  # None: answers are typed
    transcriber: Transcriber | None = None
    db: Database | None = None
