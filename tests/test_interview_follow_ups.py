"""Follow-ups chosen from the answer (issue 13), headless: the interview's state machine waits
for the decision, generated questions are kept in the archive out of the bank, and the review
finds them again. Real SQLite files; the bundled bank."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from interview_sim import paths
from interview_sim.core.bank import load_bank
from interview_sim.core.followups import GeneratedFollowUp, bank_follow_up, store_generated, terms_said
from interview_sim.core.generated import ORIGIN, is_generated, resolve_question
from interview_sim.core.interview import Effect, Interview, PlanOptions, State, Step, plan_session
from interview_sim.core.review_session import ReviewSession
from interview_sim.core.storage import MIGRATIONS, SCHEMA_VERSION, Database, migration_statements
from interview_sim.core.templates import load_templates


@pytest.fixture(scope="module")
def bank_templates():  # type: ignore[no-untyped-def]
    templates = load_templates()
    return load_bank(templates=templates), templates


def answered(interview: Interview) -> None:
    interview.question_spoken()
    interview.think_elapsed()
    assert interview.state is State.ANSWERING
    assert interview.stop() == [Effect.STOP_ANSWER]


def test_next_waits_for_the_follow_up_then_asks_it(bank_templates) -> None:  # type: ignore[no-untyped-def]
    bank, _ = bank_templates
    steps = plan_session(bank, PlanOptions(categories=("database",), count=2))
    interview = Interview(steps, think_s=1.0, follow_ups=True)
    interview.start()
    answered(interview)
    assert interview.follow_up_pending
    assert interview.next_question() == []  # not on before the follow-up is known
    assert interview.state is State.PREPARING
    follow = bank.get(steps[0].question.follow_ups[0])
    effects = interview.follow_up_ready(0, Step(follow, follow_up_of=steps[0].question.id))
    assert effects == [Effect.SPEAK] and interview.index == 1
    assert interview.question is follow and interview.step.follow_up_of == steps[0].question.id
    # A follow-up gets no follow-up of its own: Next goes straight to the plan's next question.
    answered(interview)
    assert not interview.follow_up_pending
    assert interview.next_question() == [Effect.SPEAK] and interview.question is steps[1].question
    # A late decision for an answer already left behind changes nothing.
    assert interview.follow_up_ready(0, Step(follow)) == []
    assert len(interview.steps) == 3


def test_decided_before_next_and_none_and_skipping(bank_templates) -> None:  # type: ignore[no-untyped-def]
    bank, _ = bank_templates
    steps = plan_session(bank, PlanOptions(categories=("network",), count=3))
    interview = Interview(steps, think_s=0.0, follow_ups=True)
    interview.start()
    answered(interview)
    follow = bank.get("network.osi-7-layers")
    assert follow is not None
    assert interview.follow_up_ready(0, Step(follow, follow_up_of=steps[0].question.id)) == []
    assert interview.state is State.ANSWERED  # decided early: Next asks it at once
    assert interview.next_question() == [Effect.SPEAK] and interview.question is follow
    answered(interview)
    interview.next_question()
    assert interview.question is steps[1].question
    # No follow-up found: Next, once waiting, moves on when told.
    answered(interview)
    interview.next_question()
    assert interview.state is State.PREPARING
    assert interview.follow_up_ready(2, None) == [Effect.SPEAK]
    assert interview.question is steps[2].question
    # Next pressed twice skips a follow-up still being decided; ending clears it.
    answered(interview)
    interview.next_question()
    assert interview.next_question() == [Effect.FINISHED] and interview.state is State.DONE


def test_without_follow_ups_nothing_waits(bank_templates) -> None:  # type: ignore[no-untyped-def]
    bank, _ = bank_templates
    steps = plan_session(bank, PlanOptions(categories=("network",), count=2))
    interview = Interview(steps, think_s=0.0)
    interview.start()
    answered(interview)
    assert not interview.follow_up_pending
    assert interview.next_question() == [Effect.SPEAK]


def test_skipped_or_ended_answers_get_no_follow_up(bank_templates) -> None:  # type: ignore[no-untyped-def]
    bank, _ = bank_templates
    steps = plan_session(bank, PlanOptions(categories=("network",), count=2))
    interview = Interview(steps, think_s=0.0, follow_ups=True)
    interview.start()
    assert interview.next_question() == [Effect.STOP_SPEAKING, Effect.SPEAK]  # skipped unanswered
    interview.question_spoken()
    assert interview.end() == [Effect.STOP_ANSWER, Effect.FINISHED]
    assert not interview.follow_up_pending


def test_bank_follow_up_probes_a_missed_term_first(bank_templates) -> None:  # type: ignore[no-untyped-def]
    bank, _ = bank_templates
    question = bank.get("network.protocol")
    assert question is not None
    transcript = "프로토콜은 통신 규약입니다. TCP/IP 가 대표적입니다."
    said = terms_said(question, transcript)
    assert "통신 규약 | 프로토콜" in said.covered and "OSI 7계층 | OSI" in said.missed
    choice = bank_follow_up(question, bank, transcript)
    assert choice is not None and choice.question.id == "network.osi-7-layers" and choice.reason == "missed"
    # Already asked: the other one.
    other = bank_follow_up(question, bank, transcript, asked=["network.osi-7-layers"])
    assert other is not None and other.question.id == "network.tcp-ip"


def test_generated_question_is_stored_out_of_the_bank_and_reviewed(bank_templates) -> None:  # type: ignore[no-untyped-def]
    bank, templates = bank_templates
    parent = bank.get("network.protocol")
    assert parent is not None
    with Database.open(paths.database_path()) as db:
        session = db.create_session({})
        generated = GeneratedFollowUp(
            "TCP/IP는 몇 계층인가요?", "claim", "대표 예를 들었으므로", provider="openai", model="m"
        )
        question = store_generated(db, generated, parent, session_id=session)
        assert is_generated(question.id) and question.origin == ORIGIN and question.id not in bank
        assert (question.category, question.kind, question.lang) == (
            parent.category,
            parent.kind,
            parent.lang,
        )
        rows = db.generated_questions()
        assert (
            len(rows) == 1 and rows[0]["parent_question_id"] == parent.id and rows[0]["session_id"] == session
        )
        assert rows[0]["provider"] == "openai" and rows[0]["focus"] == "claim"
        attempt = db.create_attempt(session, question.id, template_id=question.template_id)
        db.add_transcript(attempt, "typed", "4계층입니다", source="typed")
        db.finish_attempt(attempt, duration_s=10.0)
        found = resolve_question(db, bank, question.id)
        assert found is not None and found.question == "TCP/IP는 몇 계층인가요?"
        view = ReviewSession(db, bank, templates).load(attempt)
        assert view is not None and view.question is not None
        assert view.question.question == "TCP/IP는 몇 계층인가요?"
        assert resolve_question(db, bank, "gen.unknown") is None
    # Never planned: not in the bank.
    assert all(not is_generated(s.question.id) for s in plan_session(bank, PlanOptions(count=50)))


def test_migration_adds_the_generated_questions_table(tmp_path: Path) -> None:
    index = next(i for i, m in enumerate(MIGRATIONS) if "generated_questions" in m)
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path)
    for script in MIGRATIONS[:index]:
        for statement in migration_statements(script):
            conn.execute(statement)
    conn.execute(f"PRAGMA user_version = {index}")
    conn.commit()
    conn.close()
    with Database.open(path) as db:
        assert db.schema_version == SCHEMA_VERSION
        assert db.generated_questions() == []


def test_feedback_on_a_generated_follow_up_asks_with_its_question(bank_templates) -> None:  # type: ignore[no-untyped-def]
    import json

    from interview_sim.core.feedback import CRITERIA, feedback_for_attempt
    from interview_sim.llm.openai_compat import OpenAICompatible
    from tests.llm_fake_server import FakeLLMServer, sse

    bank, templates = bank_templates
    parent = bank.get("network.protocol")
    assert parent is not None
    reply = {
        "headline": "h",
        "rubric": {c: {"score": 3, "evidence": "e"} for c in CRITERIA},
        "missing": [],
        "wrong": [],
        "better_answer": "b",
    }
    with FakeLLMServer() as server, Database.open(paths.database_path()) as db:
        server.script.append(sse(json.dumps(reply)))
        session = db.create_session({})
        question = store_generated(db, GeneratedFollowUp("TCP/IP는 몇 계층인가요?", "claim", "r"), parent)
        attempt = db.create_attempt(session, question.id, template_id=question.template_id)
        db.add_transcript(attempt, "typed", "4계층입니다", source="typed")
        db.finish_attempt(attempt, duration_s=10.0)
        feedback = feedback_for_attempt(db, attempt, bank, templates, OpenAICompatible(server.url, "m"))
        assert feedback.headline == "h"
        prompt = server.chat_requests()[0].body["messages"][1]["content"]
        assert prompt.startswith("QUESTION:\nTCP/IP는 몇 계층인가요?") and question.id not in prompt
