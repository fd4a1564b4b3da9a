"""Follow-up questions in the interview on real widgets (offscreen), a real SQLite archive, fake
devices and the scripted model server: generated from the answer, spoken, answered, stored
linked to the parent and reviewed; the bank's pick without a provider, or when the model is slow."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from interview_sim import paths
from interview_sim.core.bank import load_bank
from interview_sim.core.followups import bank_follow_up
from interview_sim.core.generated import is_generated
from interview_sim.core.interview import PlanOptions, State, Step
from interview_sim.core.review_session import ReviewSession
from interview_sim.core.settings import Settings
from interview_sim.core.storage import Database
from interview_sim.core.templates import load_templates
from interview_sim.qt.app_state import AppState
from interview_sim.qt.interview_screen import InterviewDevices, InterviewScreen
from tests.llm_fake_server import FakeLLMServer, fake_llm, sse, stalled
from tests.test_qt_interview_screen import FakeRecorder, FakeSpeaker, FakeTranscriber, key
from tests.waits import UI_MS

__all__ = ["fake_llm"]

PARENT = "database.connection-pool"
SAID = "TCP는 연결 지향 프로토콜입니다"  # what FakeTranscriber hears


@pytest.fixture
def db() -> Iterator[Database]:
    database = Database.open(paths.database_path())
    yield database
    database.close()


_states: list[AppState] = []


@pytest.fixture(autouse=True)
def _stop_state_tasks() -> Iterator[None]:
    yield
    while _states:
        assert _states.pop().tasks.shutdown()


@pytest.fixture(scope="module")
def bank_templates():  # type: ignore[no-untyped-def]
    templates = load_templates()
    return load_bank(templates=templates), templates


def make_screen(qtbot: QtBot, db: Database, bank_templates, server: FakeLLMServer | None) -> tuple[InterviewScreen, FakeSpeaker]:  # type: ignore[no-untyped-def]  # fmt: skip
    settings = Settings.load(paths.settings_path())
    settings.set("follow_up_questions", True)
    if server is not None:
        settings.set("llm_provider", "openai")
        settings.set("llm_base_url", server.url)
        settings.set("llm_model", "fake-model")
    state = AppState(settings, lang="ko")
    _states.append(state)
    state.set_bank(*bank_templates)
    speaker = FakeSpeaker()
    state.set_devices(InterviewDevices(speaker, FakeRecorder(), FakeTranscriber(), db))
    screen = InterviewScreen(state)
    qtbot.addWidget(screen)
    screen.resize(1000, 680)
    screen.show()
    screen.activateWindow()
    screen.setFocus()
    qtbot.waitUntil(lambda: screen.isActiveWindow(), timeout=UI_MS)
    return screen, speaker


def answer_and_next(qtbot: QtBot, screen: InterviewScreen, number: int) -> None:
    interview = screen.interview
    assert interview is not None
    qtbot.waitUntil(lambda: interview.state is State.ANSWERING, timeout=UI_MS)
    key(qtbot, screen, Qt.Key.Key_Space)
    assert interview.state is State.ANSWERED
    qtbot.waitUntil(lambda: number in screen.transcripts, timeout=UI_MS)
    key(qtbot, screen, Qt.Key.Key_Return)


def end(qtbot: QtBot, screen: InterviewScreen) -> None:
    """End the interview: its recording stops, so no worker is left waiting on the recorder."""
    with qtbot.waitSignal(screen.finished, timeout=UI_MS):
        key(qtbot, screen, Qt.Key.Key_Escape)


def begin(screen: InterviewScreen, bank_templates) -> list[Step]:  # type: ignore[no-untyped-def]
    bank, templates = bank_templates
    # Planned with the fixed follow-ups too: with the setting on they are chosen from the answer.
    steps = [Step(bank.get(PARENT)), Step(bank.get(bank.get(PARENT).follow_ups[0]), follow_up_of=PARENT)]
    screen.begin(steps, PlanOptions(think_s=0), templates)
    return steps


def test_generated_follow_up_is_spoken_answered_stored_and_reviewed(
    qtbot: QtBot,
    db: Database,
    bank_templates,
    fake_llm: FakeLLMServer,  # type: ignore[no-untyped-def]
) -> None:
    generated = "커넥션 풀 <b>크기</b>는 어떻게 정하셨나요?"
    fake_llm.script.append(
        sse(json.dumps({"question": generated, "focus": "missed", "reason": "크기를 말하지 않음"}))
    )
    screen, speaker = make_screen(qtbot, db, bank_templates, fake_llm)
    begin(screen, bank_templates)
    interview = screen.interview
    assert interview is not None and len(interview.steps) == 1  # the planned follow-up gave way
    answer_and_next(qtbot, screen, 0)
    qtbot.waitUntil(lambda: interview.index == 1 and interview.state is State.ANSWERING, timeout=UI_MS)
    assert screen.question.text() == generated  # shown as text (a QLabel in plain text)
    assert speaker.said == [interview.steps[0].question.question, generated]  # spoken aloud
    assert interview.step.follow_up_of == PARENT and is_generated(interview.question.id)
    # The prompt carried the candidate's words, delimited.
    prompt = fake_llm.chat_requests()[0].body["messages"][1]["content"]
    assert json.dumps(SAID, ensure_ascii=False) in prompt
    answer_and_next(qtbot, screen, 1)
    qtbot.waitUntil(lambda: interview.state is State.DONE, timeout=UI_MS)  # no follow-up of a follow-up

    def stored() -> bool:
        sessions = db.sessions()
        return len(sessions) == 1 and sessions[0].ended_at is not None and len(sessions[0].attempts) == 2

    qtbot.waitUntil(stored, timeout=UI_MS)
    session = db.sessions()[0]
    first, second = session.attempts
    assert first.question_id == PARENT and is_generated(second.question_id)
    rows = db.generated_questions()
    assert [(r["id"], r["parent_question_id"], r["session_id"], r["question"]) for r in rows] == [
        (second.question_id, PARENT, session.id, generated)
    ]
    assert second.transcript is not None and second.transcript.text == SAID
    bank, templates = bank_templates
    view = ReviewSession(db, bank, templates).load(second.id)
    assert view is not None and view.question is not None and view.question.question == generated


def test_without_a_provider_the_bank_follow_up_is_chosen_by_the_answer(
    qtbot: QtBot,
    db: Database,
    bank_templates,  # type: ignore[no-untyped-def]
) -> None:
    screen, speaker = make_screen(qtbot, db, bank_templates, None)
    begin(screen, bank_templates)
    interview = screen.interview
    assert interview is not None
    answer_and_next(qtbot, screen, 0)
    bank, _ = bank_templates
    expected = bank_follow_up(bank.get(PARENT), bank, SAID, asked=[PARENT])
    assert expected is not None
    qtbot.waitUntil(lambda: interview.index == 1, timeout=UI_MS)
    assert interview.question.id == expected.question.id and interview.step.follow_up_of == PARENT
    qtbot.waitUntil(lambda: speaker.said[-1] == expected.question.question, timeout=UI_MS)
    assert db.generated_questions() == []
    end(qtbot, screen)


def test_a_slow_model_gives_way_to_the_bank_follow_up(
    qtbot: QtBot,
    db: Database,
    bank_templates,
    fake_llm: FakeLLMServer,  # type: ignore[no-untyped-def]
) -> None:
    fake_llm.script.append(stalled('{"question": "늦은 질문", "focus": "claim", "reason": "x"}', after=1))
    screen, _speaker = make_screen(qtbot, db, bank_templates, fake_llm)
    screen.controller.follow_up_timeout_s = 1.0
    begin(screen, bank_templates)
    interview = screen.interview
    assert interview is not None
    answer_and_next(qtbot, screen, 0)
    qtbot.waitUntil(lambda: interview.state is State.PREPARING or interview.index == 1, timeout=UI_MS)
    if interview.state is State.PREPARING:
        assert screen.clock_panel.status.text() == "꼬리질문을 준비하는 중…"
    qtbot.waitUntil(lambda: interview.index == 1, timeout=UI_MS)
    assert not is_generated(interview.question.id) and interview.step.follow_up_of == PARENT
    end(qtbot, screen)
    assert db.generated_questions() == []  # the late one is never stored
