"""What the end of an interview and the review compare against: the previous attempt at a
question, the previous session, and the session's weak answers to practise again.

Scores are the cached metrics brought up to date (:func:`ensure_metrics`), so an answer scored
before a change to the scoring rules is compared with its score under today's rules. Everything
here reads the database: run it off the GUI thread.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from interview_sim.core.bank import Bank
from interview_sim.core.generated import KIND_GENERATED, QuestionTexts, ShownQuestion
from interview_sim.core.review import ensure_metrics
from interview_sim.core.storage import Attempt, AttemptFilter, Database, Session
from interview_sim.core.templates import Template
from interview_sim.core.verdict import FAIR_FROM

# Ratings that mark an answer to practise again whatever its score.
WEAK_RATINGS = ("again", "hard")


def _scores(
    db: Database, attempts: list[Attempt], bank: Bank | None, templates: Mapping[str, Template]
) -> dict[int, float]:
    if bank is None:
        return {a.id: a.content_score for a in attempts if a.content_score is not None}
    metrics = ensure_metrics(db, attempts, bank, templates)
    return {
        a.id: score for a in attempts if (score := (metrics.get(a.id) or {}).get("content_score")) is not None
    }


def previous_score(
    db: Database, attempt: Attempt, bank: Bank | None, templates: Mapping[str, Template]
) -> float | None:
    """The content score of the latest earlier attempt at the same question that has one."""
    earlier = [
        a
        for a in db.list_attempts(AttemptFilter(question_ids=(attempt.question_id,)), newest_first=True)
        if (a.started_at, a.id) < (attempt.started_at, attempt.id)
    ]
    for candidate in earlier:
        full = db.attempt(candidate.id)
        if full is None:
            continue
        score = _scores(db, [full], bank, templates).get(full.id)
        if score is not None:
            return score
    return None


def mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


@dataclass
class SessionOverview:
    session: Session | None
    metrics: dict[int, dict[str, Any]]
    mean_score: float | None = None
    previous_session_id: int | None = None
    previous_mean: float | None = None
    # question id -> its score before this session (the latest earlier attempt with one)
    previous_scores: dict[str, float] = field(default_factory=dict)
    weak: list[str] = field(default_factory=list)  # question ids, weakest first
    # each asked question id -> how to show it (generated follow-ups read from the archive)
    questions: dict[str, ShownQuestion] = field(default_factory=dict)

    @property
    def change(self) -> float | None:
        if self.mean_score is None or self.previous_mean is None:
            return None
        return self.mean_score - self.previous_mean


def weak_questions(session: Session, metrics: Mapping[int, Mapping[str, Any]]) -> list[str]:
    """The session's questions to practise again, weakest first: a content score under the
    "fair" band, or rated "again" or "hard"; each question once (its weakest answer)."""
    worst: dict[str, float] = {}
    for attempt in session.attempts:
        score = (metrics.get(attempt.id) or {}).get("content_score")
        weak_score = score is not None and score < FAIR_FROM
        if weak_score or attempt.rating in WEAK_RATINGS:
            rank = score if score is not None else FAIR_FROM
            worst[attempt.question_id] = min(rank, worst.get(attempt.question_id, 101.0))
    return sorted(worst, key=lambda qid: worst[qid])


def practicable(question_ids: list[str], shown: Mapping[str, ShownQuestion], bank: Bank | None) -> list[str]:
    """Question ids an interview can ask again: a generated follow-up stands for its parent (it
    is not in the bank), an id gone from the bank is left out; each once, in order."""
    out: list[str] = []
    for question_id in question_ids:
        item = shown.get(question_id)
        if item is not None and item.kind == KIND_GENERATED:
            question_id = item.parent_id or question_id
        if bank is not None and question_id in bank and question_id not in out:
            out.append(question_id)
    return out


def load_overview(
    db: Database, session_id: int, bank: Bank | None, templates: Mapping[str, Template]
) -> SessionOverview:
    """A session's answers with their metrics, its mean score, the previous session's mean and
    each question's previous score, and the questions to practise again."""
    session = db.session(session_id)
    if session is None:
        return SessionOverview(None, {})
    metrics = ensure_metrics(db, session.attempts, bank, templates) if bank is not None else {}
    own = [s for a in session.attempts if (s := (metrics.get(a.id) or {}).get("content_score")) is not None]
    overview = SessionOverview(session, metrics, mean(own), weak=weak_questions(session, metrics))
    texts = QuestionTexts(db, bank)
    texts.preload(a.question_id for a in session.attempts)
    overview.questions = {a.question_id: texts.get(a.question_id) for a in session.attempts}
    overview.weak = practicable(overview.weak, overview.questions, bank)
    earlier = [a for a in db.list_attempts(newest_first=True) if a.session_id < session_id]
    for previous_id in sorted({a.session_id for a in earlier}, reverse=True):
        previous = db.session(previous_id)
        if previous is None:
            continue
        scores = _scores(db, previous.attempts, bank, templates)
        if scores:
            overview.previous_session_id = previous_id
            overview.previous_mean = mean(list(scores.values()))
            break
    asked = {a.question_id for a in session.attempts}
    for attempt in earlier:  # newest first: the first score found per question is the latest
        if attempt.question_id in asked and attempt.question_id not in overview.previous_scores:
            full = db.attempt(attempt.id)
            score = _scores(db, [full], bank, templates).get(full.id) if full is not None else None
            if score is not None:
                overview.previous_scores[attempt.question_id] = score
    return overview
