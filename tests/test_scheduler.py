"""Spaced repetition (SM-2) from ratings and scores, cached metrics, and the planner's
"weakest first" and "due for review" orders on a real SQLite archive."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from interview_sim import paths
from interview_sim.core.bank import load_bank
from interview_sim.core.interview import PlanError, PlanOptions, orders_with_history, plan_with_history
from interview_sim.core.overrides import save_override
from interview_sim.core.review import ensure_metrics, load_review, update_metrics
from interview_sim.core.scheduler import (
    CardState,
    ReviewEvent,
    due_questions,
    grade_from_score,
    plan_inputs,
    schedule,
    weakness_scores,
)
from interview_sim.core.storage import AttemptFilter, Database
from interview_sim.core.templates import load_templates

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def test_sm2_intervals_and_ease() -> None:
    card = CardState("q")
    card.review(4, T0)
    assert (card.interval_days, card.repetitions, card.ease) == (1.0, 1, pytest.approx(2.5))
    card.review(5, T0 + timedelta(days=1))
    assert (card.interval_days, card.ease) == (6.0, pytest.approx(2.6))
    card.review(3, T0 + timedelta(days=7))
    # The interval grows by the ease held before this review; then the ease drops for a grade 3.
    assert card.interval_days == pytest.approx(6 * 2.6) and card.ease == pytest.approx(2.46)
    assert card.due == T0 + timedelta(days=7 + card.interval_days)
    card.review(1, T0 + timedelta(days=30))  # forgotten: start again
    assert (card.repetitions, card.interval_days, card.lapses) == (0, 1.0, 1)
    assert card.ease == pytest.approx(2.46 - 0.54)
    for _ in range(10):
        card.review(0, T0 + timedelta(days=31))
    assert card.ease == 1.3


def test_grades_come_from_ratings_first_then_scores() -> None:
    assert [grade_from_score(s) for s in (0, 29.9, 30, 49, 50, 69, 70, 84, 85, 100)] == [
        1,
        1,
        2,
        2,
        3,
        3,
        4,
        4,
        5,
        5,
    ]
    assert ReviewEvent("q", T0, rating="again", score=95).grade == 1
    assert ReviewEvent("q", T0, score=95).grade == 5
    assert ReviewEvent("q", T0).grade is None


def test_due_order_and_weakness() -> None:
    events = [
        ReviewEvent("a", T0, "good"),  # due T0+1d
        ReviewEvent("b", T0, score=20),  # failed: due T0+1d, lower ease
        ReviewEvent("c", T0 + timedelta(days=9), "easy"),  # due T0+10d
        ReviewEvent("d", T0 - timedelta(days=3), "good"),  # due T0-2d: most overdue
    ]
    states = schedule(events)
    now = T0 + timedelta(days=2)
    assert due_questions(states, now) == ["d", "b", "a"]
    assert due_questions(states, T0 + timedelta(days=11)) == ["d", "b", "a", "c"]
    weakness = weakness_scores([*events, ReviewEvent("a", T0 + timedelta(days=1), "again", score=40)])
    assert weakness["b"] == pytest.approx(0.2)
    assert weakness["a"] == pytest.approx((0.7 + (0.1 + 0.4) / 2) / 2)
    assert min(weakness, key=weakness.__getitem__) == "b"


def set_started(db: Database, attempt_id: int, moment: datetime) -> None:
    raw = sqlite3.connect(db.path)
    raw.execute(
        "UPDATE attempts SET started_at = ? WHERE id = ?",
        (moment.isoformat(timespec="milliseconds"), attempt_id),
    )
    raw.commit()
    raw.close()


def test_planner_orders_from_the_archive() -> None:
    bank = load_bank()
    with Database.open(paths.database_path()) as db:
        assert orders_with_history(db) == ("bank", "random")
        with pytest.raises(PlanError):
            plan_with_history(bank, PlanOptions(order="due"), db)
        session = db.create_session()
        for question_id, days_ago, rating, score in (
            ("network.tcp", 10, "good", None),
            ("network.tcp-vs-udp", 3, None, 35.0),
            ("os.deadlock", 0.25, "easy", 90.0),
            ("network.ip", 20, "hard", 55.0),
        ):
            attempt = db.create_attempt(session, question_id)
            set_started(db, attempt, datetime.now(UTC) - timedelta(days=days_ago))
            if rating:
                db.set_rating(attempt, rating)
            if score is not None:
                db.set_metrics(attempt, {"content_score": score})
        weakness, due = plan_inputs(db)
        assert due == [
            "network.ip",
            "network.tcp",
            "network.tcp-vs-udp",
        ]  # os.deadlock was reviewed hours ago
        assert weakness["network.tcp-vs-udp"] == 0.35
        assert orders_with_history(db) == ("bank", "random", "weakest", "due")
        due_plan = plan_with_history(bank, PlanOptions(order="due", count=5), db)
        assert [s.question.id for s in due_plan] == ["network.ip", "network.tcp", "network.tcp-vs-udp"]
        weakest = plan_with_history(bank, PlanOptions(order="weakest", count=2), db)
        assert [s.question.id for s in weakest] == ["network.tcp-vs-udp", "network.ip"]
        with pytest.raises(PlanError, match="no question is due for review yet; the next one is due"):
            plan_with_history(bank, PlanOptions(order="due"), db, now=datetime.now(UTC) - timedelta(days=30))


def test_metrics_are_cached_and_recomputed_after_a_correction() -> None:
    bank, templates = load_bank(), load_templates()
    with Database.open(paths.database_path()) as db:
        session = db.create_session()
        attempt_id = db.create_attempt(session, "network.tcp", template_id="technical")
        db.add_transcript(
            attempt_id,
            "vosk",
            "음 티씨피는 신뢰성 있는 통신",
            [{"word": "음", "start": 1.0, "end": 1.2}, {"word": "티씨피는", "start": 1.5, "end": 2.0}],
        )
        db.finish_attempt(attempt_id, duration_s=30.0)
        untranscribed = db.create_attempt(session, "network.udp")
        attempts = db.list_attempts(with_transcripts=True)
        first = ensure_metrics(db, attempts, bank, templates)
        assert list(first) == [attempt_id]  # nothing to measure without a transcript
        assert first[attempt_id]["fillers"] == 1 and first[attempt_id]["time_to_first_word_s"] == 1.0
        stored = db.attempt(attempt_id)
        assert stored is not None and stored.content_score == first[attempt_id]["content_score"]
        assert ensure_metrics(db, db.list_attempts(with_transcripts=True), bank, templates) == first

        db.add_corrected_transcript(attempt_id, "TCP는 신뢰성 있는 통신 규약이고 순서를 재조합합니다")
        second = ensure_metrics(db, db.list_attempts(with_transcripts=True), bank, templates)
        assert second[attempt_id]["content_score"] > first[attempt_id]["content_score"]
        assert second[attempt_id]["fillers"] == 0
        assert second[attempt_id]["time_to_first_word_s"] == 1.0  # times still from the recognition
        high = db.list_attempts(AttemptFilter(min_score=second[attempt_id]["content_score"]))
        assert [a.id for a in high] == [attempt_id] and untranscribed not in [a.id for a in high]


def test_update_metrics_only_computes_what_is_missing_or_stale() -> None:
    bank, templates = load_bank(), load_templates()
    with Database.open(paths.database_path()) as db:
        session = db.create_session()
        ids = []
        for text in ("TCP는 신뢰성 있는 통신 규약입니다", "음 순서를 재조합합니다", "손실을 찾아냅니다"):
            attempt_id = db.create_attempt(session, "network.tcp", template_id="technical")
            db.add_transcript(attempt_id, "vosk", text)
            db.finish_attempt(attempt_id, duration_s=20.0)
            ids.append(attempt_id)
        db.create_attempt(session, "network.tcp")  # no transcript: nothing to compute
        assert update_metrics(db, bank, templates) == 3
        assert update_metrics(db, bank, templates) == 0
        db.add_corrected_transcript(ids[1], "순서를 재조합합니다")
        assert update_metrics(db, bank, templates) == 1
        assert update_metrics(db, bank, templates, [ids[0]]) == 0
        save_override("network.tcp", keywords=["신뢰성"])  # the question changed: all stale
        edited = load_bank()
        assert update_metrics(db, edited, templates) == 3
        scores = {a.id: a.content_score for a in db.list_attempts()}
        assert scores[ids[0]] is not None and scores[ids[0]] >= 70.0  # its one key term is said
        assert scores[ids[2]] is not None and scores[ids[2]] < 70.0
        review = load_review(db, ids[0], edited, templates)
        assert review is not None and review.analysis.keywords_covered == ["신뢰성"]
        assert review.template is not None and review.template.id == "technical"
        assert (
            json.loads(json.dumps(review.to_json(), ensure_ascii=False))["analysis"]["content_score"]
            == scores[ids[0]]
        )
        assert load_review(db, 99999, edited, templates) is None
