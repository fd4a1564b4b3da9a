"""The debrief feeds practice (issue 15): today's three things to work on come from the last
session's cached AI debrief when it has one, else from its measured weakest metrics, and the
debrief's "questions to practise next" lead today's practice. Real archive files."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from interview_sim import paths
from interview_sim.core.bank import Bank
from interview_sim.core.debrief import Debrief, save_debrief
from interview_sim.core.storage import Database
from interview_sim.core.today import FOCUS_DEBRIEF, FOCUS_METRICS, FOCUS_NONE
from tests.test_today import TODAY, answer, bank, db, plan

__all__ = ["bank", "db"]

RAMBLING = "음 그 어 TCP는 음 그냥 좀 빠르고 어 그 UDP는 음 느립니다 어 그 음"
WORK_ON = ["흐름 제어를 말하세요.", "예시 <b>하나</b>를 드세요.", "결론부터 말하세요."]


def debrief(picks: list[str], lang: str = "ko") -> Debrief:
    return Debrief(["결론이 분명했습니다."], list(WORK_ON), picks, "openai", "m", lang=lang)


def test_focus_from_the_debrief_else_the_metrics(db: Database, bank: Bank) -> None:
    assert plan(db, bank).focus_source == FOCUS_NONE
    session = db.create_session()
    for question_id in ("network.tcp-vs-udp", "network.tcp"):
        answer(db, question_id, TODAY - timedelta(hours=1), session=session, text=RAMBLING, duration_s=200)
    measured = plan(db, bank)
    assert measured.focus_source == FOCUS_METRICS and measured.focus[0].metric == "key_terms"
    assert all(item["source"] == FOCUS_METRICS for item in measured.to_json()["focus"])
    assert measured.picked == []

    save_debrief(db, session, debrief(["os.deadlock", "en.network.ip", "network.tcp"]))
    today = plan(db, bank)
    assert today.focus_source == FOCUS_DEBRIEF and today.last_session_id == session
    assert [item.text("en") for item in today.focus] == WORK_ON  # the model's sentences, as written
    out = today.to_json()
    assert out["focus_source"] == "debrief" and [i["text"] for i in out["focus"]] == WORK_ON
    assert all(i["source"] == "debrief" and i["metric"] == "debrief" for i in out["focus"])
    # its picks lead today's practice, in its order; the rest follows as before
    assert today.picked == ["os.deadlock", "en.network.ip", "network.tcp"]
    assert today.practice[:3] == today.picked and out["practise_next"] == today.picked
    assert len(set(today.practice)) == len(today.practice)
    korean = plan(db, bank, langs=("ko",))
    assert korean.picked == ["os.deadlock", "network.tcp"]  # only the chosen language's
    assert korean.practice[:2] == korean.picked

    # A newer session without a debrief: back to what was measured in it.
    later = db.create_session()
    answer(db, "en.network.tcp", TODAY - timedelta(minutes=5), session=later, text="TCP.", duration_s=10)
    newer = plan(db, bank)
    assert newer.focus_source == FOCUS_METRICS and newer.picked == [] and newer.focus_lang == "en"


def test_due_questions_follow_the_picks(db: Database, bank: Bank) -> None:
    answer(db, "network.tcp", TODAY - timedelta(days=3), rating="again")
    session = db.create_session()
    answer(db, "os.kernel", TODAY - timedelta(hours=2), session=session, text="커널입니다", duration_s=30)
    save_debrief(db, session, debrief(["os.kernel"]))
    today = plan(db, bank, langs=("ko",))
    assert today.due == ["network.tcp"]
    assert today.practice[:2] == ["os.kernel", "network.tcp"]
    assert today.remaining == 4 and len(today.practice) == 4  # the picks count towards the goal


def test_cli_today_json_names_the_focus_source(tmp_path: Path) -> None:
    with Database.open(paths.database_path()) as archive:
        session = archive.create_session()
        attempt = archive.create_attempt(session, "network.tcp")
        archive.finish_attempt(attempt, duration_s=50)
        archive.add_transcript(attempt, "test", "TCP는 신뢰성 있는 연결 지향 프로토콜입니다.")
        save_debrief(archive, session, debrief(["network.tcp"]))
    result = subprocess.run(
        [sys.executable, "-m", "interview_sim", "today", "--format", "json", "--lang", "ko"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["focus_source"] == "debrief" and [i["text"] for i in out["focus"]] == WORK_ON
    assert out["practice"][0] == "network.tcp"
    text = subprocess.run(
        [sys.executable, "-m", "interview_sim", "today"], capture_output=True, text=True, timeout=120
    )
    assert text.returncode == 0 and "its AI debrief" in text.stdout and "next  network.tcp" in text.stdout
