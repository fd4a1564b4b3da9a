"""The second pass of an answer, on the core's side: which engine, storing its transcript, and
finishing the ones a crash or a quit left undone.

While an answer is recorded, :class:`interview_sim.devices.refiner.SegmentRefiner` refines it
(see there). The attempt carries a "refine pending" mark from its start until the refined
transcript is stored, in the same transaction that clears the mark, so an answer whose second
pass never finished is found at the next start and refined from its stored audio
(:func:`refine_pending_answers`), as :mod:`interview_sim.core.recovery` does for answers cut
off while recording.

The refined transcript is a transcript row of its own (source ``refined``, engine
``faster-whisper:<model>``); the live one and the user's correction are kept beside it, and
the correction always wins (``storage.SHOWN_ORDER``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from interview_sim import paths
from interview_sim.core.storage import (
    SOURCE_REFINED,
    STATUS_FINISHED,
    STATUS_RECOVERED,
    STATUS_TYPED,
    Attempt,
    Database,
    DatabaseError,
    Transcript,
)
from interview_sim.devices.base import DeviceError, EngineUnavailableError
from interview_sim.devices.filelock import FileLock

log = logging.getLogger(__name__)

ENGINE_NONE = "none"
SECOND_PASS_THREADS = 1
SECOND_PASS_WORKERS = 2  # two decodes at once: the answer's tail beside a pass in flight


@dataclass(frozen=True)
class SecondPass:
    """The engine and model of the second pass (a model size or a model folder)."""

    engine: str
    model: str

    def to_json(self) -> dict[str, str]:
        return {"engine": self.engine, "model": self.model}


def choose_second_pass(
    settings: Any, model: str | None = None, disabled: bool = False
) -> tuple[SecondPass | None, str | None]:
    """The second pass to run (settings ``refine_engine``/``refine_model``, overridden by the
    command line), or None with the reason there is none."""
    if disabled:
        return None, "the second pass is off for this run (--no-refine)"
    engine = settings.get("refine_engine")
    if engine == ENGINE_NONE:
        return None, "no second-pass engine is set (setting refine_engine)"
    return SecondPass(engine, model or settings.get("refine_model")), None


def engine_for(second: SecondPass) -> Any:
    """The engine object of a second pass. Never downloads: a missing model is an error here
    (the download needs the user's consent, in the settings or with ``transcribe --download``)."""
    if second.engine != "faster-whisper":
        raise EngineUnavailableError(f"unknown second-pass engine {second.engine!r} (faster-whisper or none)")
    from interview_sim.devices.whisper_engine import FasterWhisperEngine

    # One CTranslate2 thread: while the answer is spoken the second pass runs at a lower
    # priority beside Vosk and the GUI, and two threads then stall on each other whenever one is
    # preempted. On 2 cores (bench/speech_bench.py, busy GUI, 30 s answers) the refined
    # transcript came 1.6-4.3 s after the stop with one thread, 1.5-18.6 s with two; refining a
    # 2-minute answer afterwards takes a little longer (14-17 s against 10-17 s).
    # Two workers (one thread each) let the tail be decoded at the stop beside a pass still in
    # flight (devices/refiner.py): two independent decodes do not wait on each other as two
    # threads of one decode do.
    return FasterWhisperEngine(
        second.model,
        low_priority=True,
        cpu_threads=SECOND_PASS_THREADS,
        num_workers=SECOND_PASS_WORKERS,
    )


def transcript_label(transcript: Transcript | None) -> dict[str, Any] | None:
    """Which transcript an analysis used, for history and reports."""
    if transcript is None:
        return None
    return {"id": transcript.id, "source": transcript.source, "engine": transcript.engine}


def refined_engine_name(engine: str, model: str | None) -> str:
    return f"{engine}:{model}" if model else engine


def refine_lock(attempt_id: int) -> FileLock:
    """Held by the process refining an answer, so that another one does not refine it too."""
    return FileLock(paths.recordings_dir() / f".refine-{attempt_id}.lock")


def store_refined(db: Database, attempt_id: int, refined: Any) -> int:
    """Store a :class:`~interview_sim.devices.refiner.RefinedTranscript` (or a TranscriptResult)."""
    result = getattr(refined, "result", refined)
    return db.add_refined_transcript(
        attempt_id,
        refined_engine_name(result.engine, result.model),
        result.text,
        [w.to_json() for w in result.words],
    )


def _audio_16k(path: Path) -> Any:
    import numpy as np

    from interview_sim.devices.audio import iter_pcm16k

    pcm = b"".join(iter_pcm16k(path))
    return np.frombuffer(pcm, dtype="<i2").astype(np.float32) / 32768.0


def refine_attempt(db: Database, attempt: Attempt, engine: Any, question: Any = None) -> Any:
    """Refine a stored answer in one piece (after the answer) and store it; returns the result."""
    from interview_sim.core.answers import hints_for

    if not attempt.audio_path or not Path(attempt.audio_path).exists():
        raise FileNotFoundError(f"attempt {attempt.id} has no audio file to refine")
    hints = hints_for(question) if question is not None else None
    lang = question.lang if question is not None else "auto"  # a question gone from the bank
    result = engine.transcribe_audio(_audio_16k(Path(attempt.audio_path)), lang, hints=hints, vad=True)
    store_refined(db, attempt.id, result)
    return result


def refine_pending_answers(
    db: Database,
    engine_factory: Callable[[SecondPass], Any] = engine_for,
    report: Callable[[str], None] | None = None,
) -> list[int]:
    """Finish the second pass of answers left without it; returns the attempts refined.

    Answers still recording (another window) or being refined by a running process are left
    to it; answers without audio lose the mark (there is nothing to refine).
    """
    from interview_sim.core.bank import load_bank

    pending = [a for a in db.attempts_pending_refinement() if a.status != "recording"]
    if not pending:
        return []
    try:
        bank: Any = load_bank()
    except Exception:  # a broken bank must not stop the recovery; hints are a nicety
        bank = None
    engines: dict[SecondPass, Any] = {}
    done: list[int] = []
    for attempt in pending:
        wanted = attempt.refine_pending or {}
        if attempt.status not in (STATUS_FINISHED, STATUS_RECOVERED, STATUS_TYPED) or not attempt.audio_path:
            db.set_refine_pending(attempt.id, None)
            continue
        if any(t.source == SOURCE_REFINED for t in attempt.transcripts):
            db.set_refine_pending(attempt.id, None)
            continue
        lock = refine_lock(attempt.id)
        if not lock.try_acquire():
            continue
        try:
            second = SecondPass(str(wanted.get("engine", "faster-whisper")), str(wanted.get("model", "base")))
            try:
                if second not in engines:
                    engines[second] = engine_factory(second)
                engine = engines[second]
                if hasattr(engine, "is_ready") and not engine.is_ready():
                    raise EngineUnavailableError(
                        f"the {second.engine} model {second.model!r} is not available; "
                        "download it in the settings to finish"
                    )
                question = bank.get(attempt.question_id) if bank is not None else None
                refine_attempt(db, attempt, engine, question)
            except EngineUnavailableError as exc:
                # Kept pending: it is finished once the model is there.
                if report is not None:
                    report(f"attempt {attempt.id}: the second pass waits: {exc}")
                continue
            except (DeviceError, OSError, RuntimeError, ValueError, DatabaseError) as exc:
                db.set_refine_pending(attempt.id, None)  # never retried forever
                if report is not None:
                    report(f"attempt {attempt.id}: the second pass failed: {exc}")
                continue
            done.append(attempt.id)
            log.info("attempt %d: second pass finished after an interruption", attempt.id)
            if report is not None:
                report(f"attempt {attempt.id}: second pass finished after an interruption")
        finally:
            lock.release()
    return done
