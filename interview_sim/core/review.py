"""Stored attempts analysed against the bank, and their metrics cached in the database.

The cache entry of an attempt remembers what it was computed from (analysis version, the
transcript shown, the question's key terms and references, the template, the duration and
section marks, the voice measures' version and the recording), so a corrected transcript, an
edited reference or a newer measure makes it stale and it is computed again. The voice
measures (:mod:`interview_sim.core.voice`) read the recording (0.15-0.35 s per minute of audio
on 2 cores), so all of this runs off the GUI thread.

- :func:`load_review`: everything the review screen shows for one attempt.
- :func:`update_metrics`: bring the cache of the whole archive (or some attempts) up to date,
  analysing only what is missing or stale; cheap when everything is cached.
- :func:`ensure_metrics`: the same for attempts already loaded with their transcripts.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from interview_sim.core import voice
from interview_sim.core.analysis import ANALYSIS_VERSION, Analysis, analyze, metrics_summary
from interview_sim.core.bank import Bank, Question
from interview_sim.core.storage import Attempt, Database
from interview_sim.core.templates import Template

log = logging.getLogger(__name__)


def template_for(
    attempt: Attempt, question: Question | None, templates: Mapping[str, Template]
) -> Template | None:
    template_id = attempt.template_id or (question.template_id if question is not None else None)
    return templates.get(template_id) if template_id else None


def timed_words(attempt: Attempt, *, recognized: bool = False) -> list[dict[str, Any]] | None:
    """The word times for the transcript shown (or the recognized one): a correction has none
    of its own, so the recognizer's are used and aligned to it."""
    shown = attempt.recognized if recognized else attempt.transcript
    if shown is not None and shown.words:
        return list(shown.words)
    if attempt.recognized is not None:
        return list(attempt.recognized.words)
    return None


def analyze_attempt(
    attempt: Attempt,
    question: Question | None,
    templates: Mapping[str, Template],
    *,
    recognized: bool = False,
    with_voice: bool = False,
) -> Analysis:
    """The analysis of an attempt's shown transcript (the correction when there is one), or of
    the recognized one when ``recognized`` is set; word times as :func:`timed_words`.

    ``with_voice`` adds the voice measures from the attempt's recording when it has one (slow:
    not on the GUI thread); a recording that cannot be read leaves a note instead.
    """
    shown = attempt.recognized if recognized else attempt.transcript
    analysis = analyze(
        shown.text if shown is not None else "",
        question=question,
        template=template_for(attempt, question, templates),
        words=timed_words(attempt, recognized=recognized),
        duration_s=attempt.duration_s,
        section_marks=attempt.section_marks,
    )
    if with_voice and attempt.audio_path:
        attach_voice(analysis, attempt.audio_path)
    return analysis


def attach_voice(analysis: Analysis, audio_path: str | Path, *, with_timeline: bool = False) -> None:
    """Measure the recording into ``analysis.voice``; a missing or unreadable file is a note."""
    if not Path(audio_path).is_file():
        analysis.notes.append("the recording is missing: no voice measures")
        return
    try:
        analysis.voice = voice.measure_file(
            audio_path,
            lang=analysis.lang,
            text=analysis.transcript,
            words=analysis.timeline,
            sentences=analysis.habits.sentences if analysis.habits is not None else (),
            with_timeline=with_timeline,
        )
    except voice.VoiceError:
        log.warning("attempt recording unreadable; voice measures skipped", exc_info=False)
        analysis.notes.append("the recording could not be read: no voice measures")


def _audio_part(audio_path: str | None) -> str:
    """The recording's part of the cache key: the voice measures' version and which file."""
    if not audio_path:
        return f"v{voice.VOICE_VERSION}:-"
    return f"v{voice.VOICE_VERSION}:" + hashlib.sha1(audio_path.encode("utf-8")).hexdigest()[:12]


class _Digests:
    """The part of the cache key that depends on the question and template, once per pair."""

    def __init__(self, bank: Bank, templates: Mapping[str, Template]) -> None:
        self.bank, self.templates = bank, templates
        self._cache: dict[tuple[str, str | None], str] = {}

    def of(self, question_id: str, template_id: str | None) -> str:
        cache_key = (question_id, template_id)
        if cache_key not in self._cache:
            question = self.bank.get(question_id)
            chosen = template_id or (question.template_id if question is not None else None)
            template = self.templates.get(chosen) if chosen else None
            content = json.dumps(
                [
                    question.keywords if question is not None else None,
                    [r.text for r in question.answers] if question is not None else None,
                    question.lang if question is not None else None,
                    template.to_json() if template is not None else None,
                ],
                ensure_ascii=False,
                sort_keys=True,
            )
            self._cache[cache_key] = hashlib.sha1(content.encode("utf-8")).hexdigest()[:16]
        return self._cache[cache_key]

    def key(
        self,
        question_id: str,
        template_id: str | None,
        shown_transcript_id: int,
        duration_s: float | None,
        section_marks: Iterable[float],
        audio_path: str | None = None,
    ) -> str:
        marks = ",".join(f"{m:g}" if isinstance(m, int | float) else "?" for m in section_marks)
        return (
            f"{ANALYSIS_VERSION}:{shown_transcript_id}:{self.of(question_id, template_id)}:"
            f"{duration_s!r}:{marks}:{_audio_part(audio_path)}"
        )


def metrics_key(attempt: Attempt, bank: Bank, templates: Mapping[str, Template]) -> str:
    shown = attempt.transcript
    return _Digests(bank, templates).key(
        attempt.question_id,
        attempt.template_id,
        shown.id if shown is not None else 0,
        attempt.duration_s,
        attempt.section_marks,
        attempt.audio_path,
    )


def _compute(
    attempt: Attempt, bank: Bank, templates: Mapping[str, Template], key: str
) -> tuple[Analysis, dict[str, Any]]:
    analysis = analyze_attempt(attempt, bank.get(attempt.question_id), templates, with_voice=True)
    summary = {**metrics_summary(analysis), "key": key}
    attempt.metrics, attempt.content_score = summary, summary.get("content_score")
    return analysis, summary


def ensure_metrics(
    db: Database,
    attempts: Sequence[Attempt],
    bank: Bank,
    templates: Mapping[str, Template],
) -> dict[int, dict[str, Any]]:
    """The metrics summary of each attempt (by id), computing and caching the missing or stale
    ones in one transaction. ``attempts`` must carry their transcripts; attempts without any
    transcript have nothing to measure and are left out, and so are those not heard yet: an
    empty live transcript while the second pass still works on the answer (an English answer
    has no live model by default), which would read as a score of 0 until it arrives."""
    digests = _Digests(bank, templates)
    out: dict[int, dict[str, Any]] = {}
    fresh: list[tuple[int, dict[str, Any]]] = []
    for attempt in attempts:
        shown = attempt.transcript
        if shown is None or (not shown.text.strip() and attempt.refine_pending and attempt.refined is None):
            continue
        key = digests.key(
            attempt.question_id,
            attempt.template_id,
            shown.id,
            attempt.duration_s,
            attempt.section_marks,
            attempt.audio_path,
        )
        cached = attempt.metrics
        if cached is not None and cached.get("key") == key:
            out[attempt.id] = cached
            continue
        _analysis, summary = _compute(attempt, bank, templates, key)
        out[attempt.id] = summary
        fresh.append((attempt.id, summary))
    if fresh:
        db.set_metrics_many(fresh)
    return out


def update_metrics(
    db: Database,
    bank: Bank,
    templates: Mapping[str, Template],
    attempt_ids: Sequence[int] | None = None,
    *,
    batch: int = 200,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Analyse and cache every attempt (or those given) whose metrics are missing or stale;
    returns how many were computed. Only those are loaded in full, ``batch`` at a time, so
    this is cheap when the cache is current; ``progress(done, total)`` is called before each
    batch. Run it off the GUI thread."""
    digests = _Digests(bank, templates)
    stale = [
        row.attempt_id
        for row in db.metrics_state(attempt_ids)
        if row.shown_transcript_id
        and (row.metrics_key or "")
        != digests.key(
            row.question_id,
            row.template_id,
            row.shown_transcript_id,
            row.duration_s,
            row.section_marks,
            row.audio_path,
        )
    ]
    for start in range(0, len(stale), batch):
        if progress is not None:
            progress(start, len(stale))
        chunk = [db.attempt(attempt_id) for attempt_id in stale[start : start + batch]]
        ensure_metrics(db, [a for a in chunk if a is not None], bank, templates)
    return len(stale)


@dataclass
class Review:
    """One attempt as the review screen shows it."""

    attempt: Attempt
    question: Question | None  # None when the question left the bank
    template: Template | None
    analysis: Analysis

    def to_json(self) -> dict[str, Any]:
        return {
            "attempt_id": self.attempt.id,
            "question_id": self.attempt.question_id,
            "question": self.question.question if self.question is not None else None,
            "rating": self.attempt.rating,
            "notes": self.attempt.notes,
            "audio_path": self.attempt.audio_path,
            "analysis": self.analysis.to_json(),
        }


def load_review(
    db: Database, attempt_id: int, bank: Bank, templates: Mapping[str, Template]
) -> Review | None:
    """The attempt, its question and its fresh analysis; the metrics cache is updated on the
    way (a correction or an edited reference shows at once). None for an unknown attempt."""
    attempt = db.attempt(attempt_id)
    if attempt is None:
        return None
    question = bank.get(attempt.question_id)
    key = metrics_key(attempt, bank, templates)
    analysis, summary = _compute(attempt, bank, templates, key)
    if attempt.transcript is not None:
        db.set_metrics(attempt.id, summary)
    return Review(attempt, question, template_for(attempt, question, templates), analysis)


def candidate_baseline(db: Database, attempt: Attempt, rate_unit: str | None = None) -> voice.Baseline:
    """The candidate's own earlier answers (cached metrics of attempts started before this
    one): where no published norm exists, a measure is compared with these, and says so."""
    return voice.baseline(db.metrics_before(attempt.started_at), rate_unit)
