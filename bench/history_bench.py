"""History benchmark (core only): prints figures, asserts nothing (see issue 5).

Generates an archive of 10,000 attempts (2,000 sessions over a year, bundled-bank questions,
Korean transcripts with word times, ratings, cached metrics) in a temporary SQLite file and
times what the history and review screens ask of the core:

- listing every attempt (history opens), the first page, counting;
- each filter (date range, category, question, score, combined);
- one attempt in full and its analysis (review opens), for a 5-minute answer;
- the spaced-repetition inputs over the whole archive;
- computing metrics (first listing after an upgrade) and checking them once cached.

The Qt screens' own times are measured by the Qt helper's bench.

    .venv/bin/python bench/history_bench.py [--attempts 10000] [--repeat 7]
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from interview_sim.core.bank import load_bank  # noqa: E402
from interview_sim.core.review import analyze_attempt, ensure_metrics, update_metrics  # noqa: E402
from interview_sim.core.scheduler import plan_inputs  # noqa: E402
from interview_sim.core.storage import AttemptFilter, Database  # noqa: E402
from interview_sim.core.templates import load_templates  # noqa: E402

FILLERS = ["음", "어", "그...", "뭐"]
RATINGS = [None, None, "again", "hard", "good", "easy"]


def timed(label: str, func: Callable[[], Any], repeat: int) -> Any:
    runs = []
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        runs.append((time.perf_counter() - start) * 1000)
    size = f"  -> {len(result)} rows" if isinstance(result, list | dict) else ""
    print(f"{label:<58} median {statistics.median(runs):8.1f} ms   max {max(runs):8.1f} ms{size}")
    return result


def answer_words(rng: random.Random, reference: str, seconds: float) -> tuple[str, list[dict[str, Any]]]:
    """A spoken-looking answer: reference words with fillers and pauses, about 4 syllables/s."""
    pool = reference.split() or ["답변을", "준비하지", "못했습니다"]
    words: list[dict[str, Any]] = []
    t = rng.uniform(0.5, 4.0)
    while t < seconds:
        word = rng.choice(FILLERS) if rng.random() < 0.05 else rng.choice(pool)
        length = max(0.2, len(word) * 0.22)
        words.append({"word": word, "start": round(t, 2), "end": round(t + length, 2), "conf": 0.9})
        t += length + (rng.uniform(2.1, 4.0) if rng.random() < 0.03 else rng.uniform(0.05, 0.3))
    return " ".join(w["word"] for w in words), words


def generate(db: Database, count: int, rng: random.Random) -> None:
    bank = load_bank(include_user=False)
    answered = [q for q in bank.questions if q.answers]
    answers = []
    for question in answered[:60]:  # 60 distinct answers, reused: texts differ little in cost
        text, words = answer_words(rng, question.answers[0].text, rng.uniform(30, 120))
        answers.append((question.template_id, text, json.dumps(words, ensure_ascii=False)))
    raw = sqlite3.connect(db.path)
    start = datetime(2025, 11, 1, tzinfo=UTC)
    sessions, attempts, transcripts = [], [], []
    per_session = 5
    for s in range(count // per_session):
        began = start + timedelta(minutes=s * 263)
        sessions.append((s + 1, began.isoformat(timespec="milliseconds"), "{}"))
        for k in range(per_session):
            attempt_id = s * per_session + k + 1
            question = rng.choice(answered)
            template_id, text, words = rng.choice(answers)
            at = (began + timedelta(minutes=2 * k)).isoformat(timespec="milliseconds")
            duration = json.loads(words)[-1]["end"] + 0.5
            attempts.append(
                (attempt_id, s + 1, question.id, "finished", f"/rec/{attempt_id}.flac", 16000, at, at, duration,
                 template_id, "[]", rng.choice(RATINGS))
            )  # fmt: skip
            transcripts.append((attempt_id, "vosk", "recognized", text, words, at))
    raw.executemany("INSERT INTO sessions (id, started_at, config) VALUES (?, ?, ?)", sessions)
    raw.executemany(
        "INSERT INTO attempts (id, session_id, question_id, status, audio_path, sample_rate, started_at,"
        " ended_at, duration_s, template_id, section_marks, rating) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        attempts,
    )
    raw.executemany(
        "INSERT INTO transcripts (attempt_id, engine, source, text, words, created_at) VALUES (?,?,?,?,?,?)",
        transcripts,
    )
    raw.commit()
    raw.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attempts", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    bank, templates = load_bank(include_user=False), load_templates()
    with tempfile.TemporaryDirectory() as tmp, Database.open(Path(tmp) / "bench.sqlite3") as db:
        start = time.perf_counter()
        generate(db, args.attempts, rng)
        print(f"generated {db.count_attempts()} attempts in {time.perf_counter() - start:.1f} s ({db.path})")

        print("\n-- metrics (history's first listing after an upgrade, then cached) --")
        start = time.perf_counter()
        computed = update_metrics(db, bank, templates)
        total = time.perf_counter() - start
        print(
            f"{'update_metrics, computing all':<58} {total * 1000:8.0f} ms  "
            f"({computed} attempts, {total / max(computed, 1) * 1000:.2f} ms each)"
        )
        timed(
            "update_metrics, all cached (staleness check only)",
            lambda: update_metrics(db, bank, templates),
            3,
        )
        everything = timed(
            "list_attempts(with_transcripts=True), all", lambda: db.list_attempts(with_transcripts=True), 3
        )
        timed(
            "ensure_metrics on loaded attempts, all cached",
            lambda: ensure_metrics(db, everything, bank, templates),
            3,
        )
        timed("sessions() (history CLI's full load, with words)", db.sessions, 3)

        print("\n-- history screen --")
        timed("list_attempts(), all, newest first", db.list_attempts, args.repeat)
        timed("list_attempts(limit=200), first page", lambda: db.list_attempts(limit=200), args.repeat)
        timed("count_attempts()", db.count_attempts, args.repeat)
        some_question = everything[17].question_id
        filters = {
            "date range (one month)": AttemptFilter(since="2026-03-01", until="2026-03-31"),
            "category network": AttemptFilter(categories=("network",)),
            "question": AttemptFilter(question_ids=(some_question,)),
            "score >= 60": AttemptFilter(min_score=60),
            "category + date + score": AttemptFilter(
                categories=("os", "database"), since="2026-01-01", min_score=40
            ),
            "rated 'again'": AttemptFilter(rated=True),
        }
        for label, where in filters.items():
            timed(f"filter: {label}", lambda where=where: db.list_attempts(where), args.repeat)

        print("\n-- review screen (core part) --")
        long_text, long_words = answer_words(rng, bank.get("network.tcp").answers[0].text, 300)  # type: ignore[union-attr]
        review_id = everything[-1].id
        db.add_transcript(review_id, "vosk", long_text, long_words)
        db.finish_attempt(review_id, duration_s=300.0)
        attempt = timed(
            "attempt(id) with transcripts (5-minute answer)", lambda: db.attempt(review_id), args.repeat
        )
        question = bank.get(attempt.question_id)
        analysis = timed(
            "analyze_attempt, 5-minute answer",
            lambda: analyze_attempt(attempt, question, templates),
            args.repeat,
        )
        print(
            f"   ({len(long_words)} words, {len(analysis.terms)} key terms, content {analysis.content_score:.1f})"
        )
        timed(
            "attempts_of_question (compare / progress)",
            lambda: db.attempts_of_question(some_question),
            args.repeat,
        )

        print("\n-- practice planner --")
        weakness, due = timed("plan_inputs (FSRS over the archive)", lambda: plan_inputs(db), args.repeat)
        print(f"   ({len(weakness)} questions scored, {len(due)} due)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
