"""Stored attempts analysed against the bank, and their metrics cached in the database.

The cache entry of an attempt remembers what it was computed from (analysis version, the
transcript shown, the question's key terms and references, the template), so a corrected
transcript or an edited reference makes it stale and it is computed again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import Any

from interview_sim.core.analysis import ANALYSIS_VERSION, Analysis, analyze, metrics_summary
from interview_sim.core.bank import Bank, Question
from interview_sim.core.storage import Attempt, Database
from interview_sim.core.templates import Template


def template_for(
    attempt: Attempt, question: Question | None, templates: Mapping[str, Template]
) -> Template | None:
    template_id = attempt.template_id or (question.template_id if question is not None else None)
    return templates.get(template_id) if template_id else None


def analyze_attempt(
    attempt: Attempt, question: Question | None, templates: Mapping[str, Template]
) -> Analysis:
    """The analysis of an attempt's shown transcript (the correction when there is one).

    Word times come from the recognized transcript: a correction has none of its own.
    """
    shown = attempt.transcript
    timed = shown.words if shown is not None and shown.words else None
    if timed is None and attempt.recognized is not None:
        timed = attempt.recognized.words
    return analyze(
        shown.text if shown is not None else "",
        question=question,
        template=template_for(attempt, question, templates),
        words=timed,
        duration_s=attempt.duration_s,
        section_marks=attempt.section_marks,
    )


def metrics_key(attempt: Attempt, question: Question | None, template: Template | None) -> str:
    shown = attempt.transcript
    content = json.dumps(
        [
            question.keywords if question is not None else None,
            [r.text for r in question.answers] if question is not None else None,
            question.lang if question is not None else None,
            template.to_json() if template is not None else None,
            attempt.duration_s,
            attempt.section_marks,
        ],
        ensure_ascii=False,
        sort_keys=True,
    )
    digest = hashlib.sha1(content.encode("utf-8")).hexdigest()[:16]
    return f"{ANALYSIS_VERSION}:{shown.id if shown is not None else 0}:{digest}"


def ensure_metrics(
    db: Database,
    attempts: Sequence[Attempt],
    bank: Bank,
    templates: Mapping[str, Template],
) -> dict[int, dict[str, Any]]:
    """The metrics summary of each attempt (by id), computing and caching the missing or stale
    ones in one transaction. ``attempts`` must carry their transcripts."""
    out: dict[int, dict[str, Any]] = {}
    fresh: list[tuple[int, dict[str, Any]]] = []
    for attempt in attempts:
        question = bank.get(attempt.question_id)
        key = metrics_key(attempt, question, template_for(attempt, question, templates))
        cached = attempt.metrics
        if cached is not None and cached.get("key") == key:
            out[attempt.id] = cached
            continue
        if attempt.transcript is None:
            continue  # nothing said or recognized yet: nothing to measure
        summary = {**metrics_summary(analyze_attempt(attempt, question, templates)), "key": key}
        out[attempt.id] = summary
        fresh.append((attempt.id, summary))
        attempt.metrics, attempt.content_score = summary, summary.get("content_score")
    if fresh:
        db.set_metrics_many(fresh)
    return out
