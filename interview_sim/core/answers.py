"""Stored answers: where their audio goes, compaction, and (re-)transcription.

Shared by the practice flow, the recovery of interrupted answers and the CLI. No Qt here.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any

from interview_sim import paths
from interview_sim.core.storage import Attempt, Database
from interview_sim.devices.base import Hints, Transcriber, TranscriptResult
from interview_sim.devices.engines import transcribe_file
from interview_sim.devices.wavfile import compress_to_flac


def new_answer_path(session_id: int, question_id: str) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    slug = re.sub(r"[^A-Za-z0-9.-]+", "_", question_id)[:80]
    return paths.recordings_dir() / f"{stamp}_s{session_id}_{slug}.wav"


def question_lang(question_id: str) -> str:
    """The language of a bank question; Korean when the question is no longer in the bank."""
    try:
        from interview_sim.core.bank import load_bank

        question = load_bank().get(question_id)
    except Exception:  # a broken bank must not stop a transcription
        question = None
    return question.lang if question is not None else "ko"


def hints_for(question: Any) -> Hints:
    """The question's text, key terms (every spelling of each) and language, as engine hints."""
    from interview_sim.core.keyterms import split_alternatives

    terms: list[str] = []
    for keyword in getattr(question, "keywords", []) or []:
        for spelling in split_alternatives(keyword):
            if spelling not in terms:
                terms.append(spelling)
    return Hints(prompt=question.question, terms=tuple(terms), lang=question.lang)


def compact_audio(db: Database, attempt_id: int, audio: Path) -> Path:
    """Replace a finished answer's WAV with a verified FLAC; keep the WAV on any failure.

    The database points to the FLAC before the WAV is deleted, so a crash in between leaves
    both files and a record pointing to a complete one.
    """
    if audio.suffix.lower() != ".wav" or not audio.exists():
        return audio
    # A FLAC already beside the WAV is left over from a compaction cut short: it is redone.
    try:
        flac = compress_to_flac(audio)
    except Exception:  # a full disk or an odd file: the WAV stays the answer
        return audio
    db.set_audio_path(attempt_id, str(flac))
    audio.unlink(missing_ok=True)
    return flac


def transcribe_attempt(
    db: Database,
    attempt: Attempt,
    transcriber: Transcriber,
    lang: str | None = None,
    hints: Hints | None = None,
) -> TranscriptResult:
    """Transcribe a stored answer with ``transcriber`` and add the transcript (earlier ones stay)."""
    if not attempt.audio_path or not Path(attempt.audio_path).exists():
        raise FileNotFoundError(f"attempt {attempt.id} has no audio file to transcribe")
    result = transcribe_file(
        transcriber, Path(attempt.audio_path), lang or question_lang(attempt.question_id), hints
    )
    db.add_transcript(attempt.id, result.engine, result.text, [w.to_json() for w in result.words])
    return result
