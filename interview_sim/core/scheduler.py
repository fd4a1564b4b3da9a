"""Spaced repetition of questions with FSRS, fed by the user's ratings and the content scores.

Every attempt the user rated (the review log, see ``core/storage.py``) or that has a content
score is one review of its question, at the moment it was answered. Its FSRS rating is the
user's rating when there is one (the user's judgement wins), else one derived from the content
score. The ``fsrs`` package (FSRS, the scheduler Anki uses by default) replays each question's
reviews into a memory state (stability, difficulty) and a due date. "Due for review" lists the
questions whose due date has passed, the one most likely forgotten by now (lowest
retrievability) first; "weakest first" uses the recent performance of each question.

Where we leave fsrs's defaults, and why:

- no learning or relearning steps: they ask a card again after minutes, within one sitting of
  flash cards; a practice session asks each question once, so every review is scheduled in
  whole days (a question answered "again" comes back the next day);
- no fuzzing: it moves due dates at random to spread a deck's load; the plan must be the same
  for the same archive and ``now``.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from fsrs import Card, Rating, ReviewLog, Scheduler

from interview_sim.core.storage import Database

RATING_OF = {"again": Rating.Again, "hard": Rating.Hard, "good": Rating.Good, "easy": Rating.Easy}
# Performance (0-1) of a rating, for "weakest first".
PERFORMANCE_OF_RATING = {"again": 0.1, "hard": 0.4, "good": 0.7, "easy": 0.9}
RECENT_REVIEWS = 3  # how many of the latest reviews "weakest first" averages

SCHEDULER = Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)


def rating_from_score(score: float) -> Rating:
    """The FSRS rating of a content score (0-100): under 50 the answer was not recalled."""
    if score < 50:
        return Rating.Again
    if score < 70:
        return Rating.Hard
    if score < 85:
        return Rating.Good
    return Rating.Easy


@dataclass(frozen=True)
class ReviewEvent:
    question_id: str
    at: datetime
    rating: str | None = None
    score: float | None = None

    @property
    def fsrs_rating(self) -> Rating | None:
        if self.rating in RATING_OF:
            return RATING_OF[self.rating]
        return None if self.score is None else rating_from_score(self.score)

    @property
    def performance(self) -> float | None:
        """0-1: the content score, averaged with the rating when both exist."""
        parts = []
        if self.score is not None:
            parts.append(max(0.0, min(1.0, self.score / 100.0)))
        if self.rating in PERFORMANCE_OF_RATING:
            parts.append(PERFORMANCE_OF_RATING[self.rating])
        return sum(parts) / len(parts) if parts else None


def _moment(text: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return None
    # fsrs takes UTC only; stored times are UTC, a hand-edited one may carry another offset.
    return moment.astimezone(UTC) if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def review_events(db: Database) -> list[ReviewEvent]:
    """Every rated or scored attempt as a review, oldest first (one light query)."""
    events = []
    for question_id, reviewed_at, rating, score in db.review_history():
        moment = _moment(reviewed_at)
        if moment is not None:
            events.append(ReviewEvent(question_id, moment, rating, score))
    return events


def card_id(question_id: str) -> int:
    """A stable card id for fsrs (its default is the creation time, which would differ per run)."""
    return zlib.crc32(question_id.encode("utf-8"))


def schedule(events: Iterable[ReviewEvent], scheduler: Scheduler = SCHEDULER) -> dict[str, Card]:
    """Each reviewed question's FSRS card, its reviews replayed in order."""
    logs: dict[str, list[ReviewLog]] = {}
    for event in sorted(events, key=lambda e: (e.at, e.question_id)):
        rating = event.fsrs_rating
        if rating is not None:
            log = ReviewLog(card_id(event.question_id), rating, event.at, None)
            logs.setdefault(event.question_id, []).append(log)
    return {
        question_id: scheduler.reschedule_card(
            Card(card_id(question_id), due=reviews[0].review_datetime), reviews
        )
        for question_id, reviews in logs.items()
    }


def due_questions(
    cards: dict[str, Card], now: datetime | None = None, scheduler: Scheduler = SCHEDULER
) -> list[str]:
    """Question ids due now, the one most likely forgotten first; ties go to the one due longest."""
    now = datetime.now(UTC) if now is None else now
    due = [(question_id, card) for question_id, card in cards.items() if card.due <= now]
    due.sort(key=lambda item: (scheduler.get_card_retrievability(item[1], now), item[1].due, item[0]))
    return [question_id for question_id, _ in due]


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
