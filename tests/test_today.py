"""Today's practice from a real archive file at fixed moments: due, streak, goal, focus."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from interview_sim import paths
from interview_sim.core.bank import Bank, load_bank
from interview_sim.core.settings import Settings
from interview_sim.core.storage import (
    STATUS_FAILED,
    STATUS_FINISHED,
    STATUS_RECORDING,
    STATUS_TYPED,
    Database,
)
from interview_sim.core.templates import load_templates
from interview_sim.core.today import streak, today_plan

SEOUL = ZoneInfo("Asia/Seoul")  # UTC+9: local midnight is 15:00 UTC the day before
TODAY = datetime(2026, 5, 20, 10, 0, tzinfo=SEOUL)


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank(include_user=False)


@pytest.fixture
def db(tmp_path: Path):
    with Database.open(tmp_path / "archive.sqlite3") as database:
        yield database


def answer(
    db: Database,
    question_id: str,
    moment: datetime,
    *,
    session: int | None = None,
    status: str = STATUS_FINISHED,
    text: str | None = None,
    duration_s: float = 60.0,
    rating: str | None = None,
) -> int:
    """An answer given at ``moment`` (any time zone), as the app stores it (UTC)."""
    session = db.create_session() if session is None else session
    attempt = db.create_attempt(session, question_id)
    db.finish_attempt(attempt, status=status, duration_s=duration_s)
    raw = sqlite3.connect(db.path)
    raw.execute(
        "UPDATE attempts SET started_at = ? WHERE id = ?",
        (moment.astimezone(ZoneInfo("UTC")).isoformat(timespec="milliseconds"), attempt),
    )
    raw.commit()
    raw.close()
    if text is not None:
        db.add_transcript(attempt, "test", text)
    if rating is not None:
        db.set_rating(attempt, rating)
    return attempt


def plan(db: Database, bank: Bank, now: datetime = TODAY, **kwargs):
    return today_plan(db, bank, load_templates(), now=now, **kwargs)


def test_empty_archive(db: Database, bank: Bank) -> None:
    today = plan(db, bank)
    assert (today.due, today.streak_days, today.done_today, today.focus) == ([], 0, 0, [])
    assert today.weakest_categories == []
    assert today.goal == 5 and today.remaining == 5 and not today.practised_today
    assert len(today.practice) == 5 and today.practice == today.new[:5]
    # A mix: five categories, not five questions of the first file.
    assert len({bank.get(qid).category for qid in today.practice}) == 5
    out = today.to_json()
    assert {"due": 0, "streak_days": 0, "goal": 5, "done_today": 0, "focus": []}.items() <= out.items()
    assert out["date"] == "2026-05-20"


def test_streak_counts_local_days_and_yesterday_keeps_it_alive(db: Database, bank: Bank) -> None:
    for days_ago in (1, 2, 3, 5):
        answer(db, "network.tcp", TODAY - timedelta(days=days_ago))
    today = plan(db, bank)
    assert (today.streak_days, today.practised_today, today.done_today) == (3, False, 0)
    answer(db, "network.ip", TODAY - timedelta(hours=2))
    today = plan(db, bank)
    assert (today.streak_days, today.practised_today, today.done_today) == (4, True, 1)
    # Two days later, yesterday was not practised: the streak is over.
    assert plan(db, bank, TODAY + timedelta(days=2)).streak_days == 0
    assert streak([], TODAY.date()) == 0


def test_midnight_is_local_midnight(db: Database, bank: Bank) -> None:
    # Both on the same UTC date (May 19), but on two local days in Seoul.
    before = datetime(2026, 5, 19, 23, 59, 59, tzinfo=SEOUL)
    after = datetime(2026, 5, 20, 0, 0, 1, tzinfo=SEOUL)
    answer(db, "network.tcp", before)
    answer(db, "network.ip", after)
    assert before.astimezone(ZoneInfo("UTC")).date() == after.astimezone(ZoneInfo("UTC")).date()
    last_minute = plan(db, bank, datetime(2026, 5, 20, 23, 59, 59, tzinfo=SEOUL))
    assert (last_minute.done_today, last_minute.streak_days) == (1, 2)
    next_day = plan(db, bank, datetime(2026, 5, 21, 0, 0, 1, tzinfo=SEOUL))
    assert (next_day.done_today, next_day.streak_days, next_day.practised_today) == (0, 2, False)
    # In UTC, the same two answers fall on one day.
    utc = plan(db, bank, datetime(2026, 5, 19, 20, 0, tzinfo=ZoneInfo("UTC")))
    assert (utc.done_today, utc.streak_days) == (2, 1)


def test_goal_counts_answers_given_not_failed_or_unfinished(db: Database, bank: Bank) -> None:
    session = db.create_session()
    for status in (STATUS_FINISHED, STATUS_TYPED, STATUS_FAILED, STATUS_RECORDING):
        answer(db, "os.kernel", TODAY - timedelta(minutes=30), session=session, status=status)
    settings = Settings.load(paths.settings_path())
    settings.set("daily_goal", 3)
    settings.save()
    goal = Settings.load(paths.settings_path()).get("daily_goal")
    today = plan(db, bank, goal=goal)
    assert (today.goal, today.done_today, today.remaining) == (3, 2, 1)
    assert len(today.practice) == 1 and "os.kernel" not in today.new
    done = plan(db, bank, goal=2)
    assert done.remaining == 0 and done.practice == []


def test_due_questions_come_first_in_the_chosen_language(db: Database, bank: Bank) -> None:
    answer(db, "network.tcp", TODAY - timedelta(days=3), rating="again")
    answer(db, "en.network.ip", TODAY - timedelta(days=3), rating="again")
    answer(db, "os.kernel", TODAY - timedelta(days=1), rating="easy")  # due weeks later
    both = plan(db, bank)
    assert sorted(both.due) == ["en.network.ip", "network.tcp"]
    assert both.practice[:2] == both.due and len(both.practice) == 5
    assert not set(both.due) & set(both.new) and "os.kernel" not in both.new
    korean = plan(db, bank, langs=("ko",))
    assert korean.due == ["network.tcp"]
    # Rated "again" (0.1) and "easy" (0.9): networking is the weak category, OS is not listed.
    assert korean.weakest_categories == [("network", pytest.approx(0.1))]
    assert [c["category"] for c in both.to_json()["weakest_categories"]] == ["network"]
    assert all(bank.get(qid).lang == "ko" for qid in korean.practice)
    english = plan(db, bank, langs=("en",))
    assert english.due == ["en.network.ip"]
    assert all(bank.get(qid).lang == "en" for qid in english.practice)
    # A question and its edition are not both offered as new at once.
    families = [bank.get(qid).edition_of or qid for qid in both.new]
    assert len(families) == len(set(families))
    assert {bank.get(qid).lang for qid in both.new[:10]} == {"ko", "en"}


def test_focus_is_the_last_sessions_weakest_metrics_in_its_language(db: Database, bank: Bank) -> None:
    old = db.create_session()
    # An older session with another weakness (far too short) must not count.
    answer(db, "os.kernel", TODAY - timedelta(days=1), session=old, text="커널입니다.", duration_s=3)
    session = db.create_session()
    rambling = "음 그 어 TCP는 음 그냥 좀 빠르고 어 그 UDP는 음 느립니다 어 그 음"
    for question_id in ("network.tcp-vs-udp", "network.tcp"):
        answer(db, question_id, TODAY - timedelta(hours=1), session=session, text=rambling, duration_s=200)
    today = plan(db, bank)
    assert today.last_session_id == session and today.focus_lang == "ko"
    metrics = [item.metric for item in today.focus]
    assert len(metrics) == 3 and metrics[:2] == ["key_terms", "too_long"]
    assert "too_short" not in metrics
    key_terms = today.focus[0]
    assert key_terms.params["category"] == "network" and key_terms.params["coverage"] < 70
    assert key_terms.params["missed"]  # a few terms the answers left out
    assert key_terms.text("ko").startswith("네트워크: 핵심어를 더 챙기세요")
    assert today.focus[1].text("ko") == "답변이 길었습니다: 2개 중 2개가 목표 시간을 넘김"
    focus = today.to_json()["focus"]
    assert focus[1]["metric"] == "too_long" and focus[1]["count"] == 2

    english = db.create_session()
    answer(db, "en.network.tcp", TODAY - timedelta(minutes=5), session=english, text="TCP.", duration_s=10)
    today = plan(db, bank)
    assert today.focus_lang == "en"
    assert "Answers were short: 1 of 1 under the target time" in [i.text("en") for i in today.focus]
    assert today.focus[0].text("en").startswith("Networking: cover more of the key terms")


def test_cli_today_json(tmp_path: Path) -> None:
    settings = Settings.load(paths.settings_path())
    settings.set("daily_goal", 7)
    settings.save()
    with Database.open(paths.database_path()) as db:
        session = db.create_session()
        attempt = db.create_attempt(session, "en.network.tcp")
        db.finish_attempt(attempt, duration_s=50)
        db.add_transcript(attempt, "test", "TCP is a reliable, connection-oriented protocol.")
    result = subprocess.run(
        [sys.executable, "-m", "interview_sim", "today", "--format", "json", "--lang", "en"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert {"due", "streak_days", "goal", "done_today", "focus"} <= set(out)
    assert (out["goal"], out["due"], out["streak_days"], out["langs"]) == (7, 0, 1, ["en"])
    # Answered just now: today, unless the clock passed midnight since (then yesterday's).
    assert out["done_today"] == (1 if out["practised_today"] else 0)
    assert out["focus"] and all(item["text"] for item in out["focus"])
    assert all(qid.startswith("en.") for qid in out["practice"])
    text = subprocess.run(
        [sys.executable, "-m", "interview_sim", "today"], capture_output=True, text=True, timeout=120
    )
    assert text.returncode == 0 and "streak 1 day" in text.stdout
