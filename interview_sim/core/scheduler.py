"""Spaced repetition of questions (SM-2), fed by the user's ratings and the content scores.

Every attempt that has a rating or a content score is one review of its question, in the
order they were made. Its grade (SM-2 quality 0-5) is the rating when the user gave one (the
user's judgement wins), else derived from the content score. Replaying the reviews gives each
question its state: ease, interval and due time. "Due for review" lists the questions whose
due time has passed, most overdue (relative to their interval) first; "weakest first" uses the
recent performance of each question.

SM-2 (P. Wozniak, 1990): a grade of 3 or more is a success: the interval goes 1 day, 6 days,
then the previous interval times the ease; a lower grade starts the question again at 1 day.
The ease moves by ``0.1 - (5 - q) * (0.08 + (5 - q) * 0.02)`` and never drops below 1.3.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from interview_sim.core.storage import Database

GRADE_OF_RATING = {"again": 1, "hard": 3, "good": 4, "easy": 5}
# Performance (0-1) of a rating, for "weakest first".
PERFORMANCE_OF_RATING = {"again": 0.1, "hard": 0.4, "good": 0.7, "easy": 0.9}
START_EASE = 2.5
MIN_EASE = 1.3
RECENT_REVIEWS = 3  # how many of the latest reviews "weakest first" averages


def grade_from_score(score: float) -> int:
    """SM-2 quality of a content score (0-100): under 50 is a failed recall."""
    if score < 30:
        return 1
    if score < 50:
        return 2
    if score < 70:
        return 3
    if score < 85:
        return 4
    return 5


@dataclass(frozen=True)
class ReviewEvent:
    question_id: str
    at: datetime
    rating: str | None = None
    score: float | None = None

    @property
    def grade(self) -> int | None:
        if self.rating in GRADE_OF_RATING:
            return GRADE_OF_RATING[self.rating]
        return None if self.score is None else grade_from_score(self.score)

    @property
    def performance(self) -> float | None:
        """0-1: the content score, averaged with the rating when both exist."""
        parts = []
        if self.score is not None:
            parts.append(max(0.0, min(1.0, self.score / 100.0)))
        if self.rating in PERFORMANCE_OF_RATING:
            parts.append(PERFORMANCE_OF_RATING[self.rating])
        return sum(parts) / len(parts) if parts else None


@dataclass
class CardState:
    question_id: str
    repetitions: int = 0  # successful reviews in a row
    ease: float = START_EASE
    interval_days: float = 0.0
    reviews: int = 0
    lapses: int = 0
    last_grade: int | None = None
    last_review: datetime | None = None
    due: datetime | None = None

    def review(self, grade: int, at: datetime) -> None:
        grade = max(0, min(5, grade))
        if grade >= 3:
            if self.repetitions == 0:
                self.interval_days = 1.0
            elif self.repetitions == 1:
                self.interval_days = 6.0
            else:
                self.interval_days = round(self.interval_days * self.ease, 1)
            self.repetitions += 1
        else:
            self.repetitions = 0
            self.interval_days = 1.0
            self.lapses += 1
        self.ease = max(MIN_EASE, self.ease + 0.1 - (5 - grade) * (0.08 + (5 - grade) * 0.02))
        self.reviews += 1
        self.last_grade = grade
        self.last_review = at
        self.due = at + timedelta(days=self.interval_days)

    def overdue(self, now: datetime) -> float:
        """How late the review is, in intervals (0 when just due, negative before)."""
        if self.due is None:
            return 0.0
        late_days = (now - self.due).total_seconds() / 86400.0
        return late_days / max(self.interval_days, 1.0)


def _moment(text: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def review_events(db: Database) -> list[ReviewEvent]:
    """Every rated or scored attempt as a review, oldest first (one light query)."""
    events = []
    for question_id, started_at, rating, score in db.review_history():
        moment = _moment(started_at)
        if moment is not None:
            events.append(ReviewEvent(question_id, moment, rating, score))
    return events


def schedule(events: Iterable[ReviewEvent]) -> dict[str, CardState]:
    states: dict[str, CardState] = {}
    for event in sorted(events, key=lambda e: e.at):
        grade = event.grade
        if grade is None:
            continue
        states.setdefault(event.question_id, CardState(event.question_id)).review(grade, event.at)
    return states


def due_questions(states: dict[str, CardState], now: datetime | None = None) -> list[str]:
    """Question ids due now, most overdue first; ties go to the harder question."""
    now = datetime.now(UTC) if now is None else now
    due = [s for s in states.values() if s.due is not None and s.due <= now]
    due.sort(key=lambda s: (-s.overdue(now), s.ease, s.question_id))
    return [s.question_id for s in due]


def weakness_scores(events: Sequence[ReviewEvent]) -> dict[str, float]:
    """Question id -> recent performance 0-1 (lower is weaker): the mean of the latest reviews."""
    recent: dict[str, list[float]] = {}
    for event in sorted(events, key=lambda e: e.at):
        performance = event.performance
        if performance is not None:
            recent.setdefault(event.question_id, []).append(performance)
    return {
        qid: sum(values[-RECENT_REVIEWS:]) / len(values[-RECENT_REVIEWS:]) for qid, values in recent.items()
    }


def plan_inputs(db: Database, now: datetime | None = None) -> tuple[dict[str, float], list[str]]:
    """What :func:`interview_sim.core.interview.plan_session` takes as ``weakness`` and ``due``.

    Only attempts with a rating or a cached content score count; see
    :func:`interview_sim.core.review.ensure_metrics` to score the others first.
    """
    events = review_events(db)
    return weakness_scores(events), due_questions(schedule(events), now)
