"""Answers interrupted by a crash, a kill or a power cut, recovered on the next start.

An attempt is written as "recording" before its audio starts, and the recorder holds a lock on
a side file while it records. At the next start every "recording" attempt whose lock is free
belongs to a process that is gone: its WAV is repaired (header sizes from the file length), the
attempt is marked "recovered" with the audio's real duration, and then it is transcribed with
an offline engine and compacted. Marking comes before transcribing, so a crash during
transcription is not repeated forever: recovered attempts without a transcript are simply
transcribed at the next start.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from interview_sim import paths
from interview_sim.core.answers import compact_audio, transcribe_attempt
from interview_sim.core.db_safety import backups_dir, move_aside
from interview_sim.core.storage import (
    STATUS_FAILED,
    STATUS_RECORDING,
    STATUS_RECOVERED,
    CorruptDatabaseError,
    Database,
)
from interview_sim.devices.base import DeviceError, Transcriber
from interview_sim.devices.filelock import FileLock, lock_path_for
from interview_sim.devices.wavfile import audio_frames, repair_wav

log = logging.getLogger(__name__)


@dataclass
class Recovered:
    attempt_id: int
    status: str
    audio_path: str | None
    duration_s: float
    message: str


def recover_interrupted(db: Database) -> list[Recovered]:
    """Repair and mark every interrupted attempt; fast (no transcription)."""
    reports = []
    for attempt in db.attempts_with_status(STATUS_RECORDING):
        audio = Path(attempt.audio_path) if attempt.audio_path else None
        lock = FileLock(lock_path_for(audio)) if audio is not None else None
        if lock is not None and audio is not None and audio.parent.is_dir() and not lock.try_acquire():
            continue  # another window is recording this answer right now
        try:
            reports.append(_recover_one(db, attempt.id, audio))
        finally:
            if lock is not None:
                lock.release()
    return reports


def _recover_one(db: Database, attempt_id: int, audio: Path | None) -> Recovered:
    def failed(message: str) -> Recovered:
        db.finish_attempt(attempt_id, status=STATUS_FAILED, duration_s=0.0, error=message)
        return Recovered(attempt_id, STATUS_FAILED, str(audio) if audio else None, 0.0, message)

    if audio is None:
        return failed("the app stopped before the answer was recorded")
    flac = audio.with_suffix(".flac")
    wav = audio.with_suffix(".wav")
    # A compaction cut short: its partial FLAC is never the answer (the WAV still is).
    audio.with_suffix(".flac.part").unlink(missing_ok=True)
    try:
        if flac.exists() and audio != flac:
            # Compaction finished (the FLAC is only renamed into place once verified).
            frames, rate = audio_frames(flac)
            audio.unlink(missing_ok=True)
            audio = flac
        elif audio == flac and flac.exists() and wav.exists():
            # Killed after the database pointed to the verified FLAC, before the WAV went.
            frames, rate = audio_frames(flac)
            wav.unlink()
        elif audio.exists():
            frames = repair_wav(audio) if audio.suffix.lower() == ".wav" else audio_frames(audio)[0]
            rate = audio_frames(audio)[1] if frames else 0
        else:
            return failed(f"the recording {audio} is missing")
    except (OSError, ValueError, RuntimeError) as exc:
        return failed(f"the recording {audio} could not be repaired: {exc}")
    if frames == 0:
        return failed("the app stopped before any audio was recorded")
    duration = frames / rate
    db.finish_attempt(attempt_id, status=STATUS_RECOVERED, duration_s=duration, audio_path=str(audio))
    return Recovered(attempt_id, STATUS_RECOVERED, str(audio), duration, "recovered after an interruption")


def transcribe_recovered(db: Database, transcriber: Transcriber) -> list[str]:
    """Transcribe and compact recovered attempts that have no transcript yet; returns problems."""
    problems = []
    for attempt in db.attempts_with_status(STATUS_RECOVERED):
        if attempt.transcripts or not attempt.audio_path or not Path(attempt.audio_path).exists():
            continue
        try:
            transcribe_attempt(db, attempt, transcriber)
        except (DeviceError, OSError, RuntimeError) as exc:
            problems.append(f"attempt {attempt.id}: could not transcribe the recovered answer: {exc}")
            continue
        compact_audio(db, attempt.id, Path(attempt.audio_path))
    return problems


def finish_compaction(db: Database) -> None:
    """Compact recovered answers that were transcribed before a kill cut their compaction short."""
    for attempt in db.attempts_with_status(STATUS_RECOVERED):
        if attempt.transcripts and attempt.audio_path and attempt.audio_path.lower().endswith(".wav"):
            compact_audio(db, attempt.id, Path(attempt.audio_path))


def default_recovery_transcriber() -> Transcriber:
    """Always offline: a recovered answer is never sent anywhere without the user present."""
    from interview_sim.devices.engines import create_transcriber

    return create_transcriber("vosk")


def open_database_with_recovery(
    path: Path | None = None,
    *,
    transcribe: bool = True,
    transcriber_factory: Callable[[], Transcriber] = default_recovery_transcriber,
    report: Callable[[str], None] | None = None,
) -> Database:
    """Open the practice database after recovering interrupted answers.

    Every command that opens the database goes through here. The GUI passes
    ``transcribe=False`` and calls :func:`transcribe_recovered` in the background.
    """
    default_location = path is None
    path = path or paths.database_path()
    try:
        db = Database.open(path)
    except CorruptDatabaseError as exc:
        # Never overwritten: the damaged file is kept under a new name for repair or rescue.
        moved = move_aside(path)
        log.warning("%s; moved to %s", exc, moved)
        if report is not None:
            report(
                f"{exc}. It was moved to {moved} and a new, empty database was started; "
                f"earlier copies made before updates are in {backups_dir(path)}."
            )
        db = Database.open(path)
    # Before recovery looks for recordings: an interrupted deletion may have parked some.
    if default_location:  # the trash is beside the default recordings, which belong to this database
        from interview_sim.core.deletion import clean_trash

        restored, _removed = clean_trash(db)
        if restored and report is not None:
            report(f"{restored} recording(s) of an interrupted deletion put back")
    recovered = recover_interrupted(db)
    for item in recovered:
        log.info("attempt %d: %s, %.1f s of audio", item.attempt_id, item.status, item.duration_s)
    finish_compaction(db)
    if report is not None:
        for item in recovered:
            report(f"attempt {item.attempt_id}: {item.message} ({item.duration_s:.1f} s of audio)")
    if transcribe and any(
        not a.transcripts and a.audio_path for a in db.attempts_with_status(STATUS_RECOVERED)
    ):
        try:
            problems = transcribe_recovered(db, transcriber_factory())
        except DeviceError as exc:
            problems = [f"recovered answers are not transcribed yet: {exc}"]
        if report is not None:
            for problem in problems:
                report(problem)
    if transcribe:
        # After the live transcripts: a second pass cut short by a crash or a quit.
        from interview_sim.core.refinement import refine_pending_answers

        refine_pending_answers(db, report=report)
    return db
