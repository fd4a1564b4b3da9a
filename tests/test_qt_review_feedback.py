"""The review's AI feedback panel on real widgets (offscreen), a real SQLite archive and the
scripted OpenAI-compatible server (tests/llm_fake_server.py): cached feedback, streaming,
cancel, errors, hostile text, the stale marker and the way to the settings without a provider."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from interview_sim.core.feedback import CRITERIA, PROMPT_VERSION, save_feedback, validate
from interview_sim.devices.player import FilePlayer
from interview_sim.llm.base import LLMError
from interview_sim.qt.app_state import AppState
from interview_sim.qt.review_feedback import FeedbackPanel
from interview_sim.qt.review_screen import ReviewScreen
from interview_sim.qt.settings_dialog import SettingsDialog
from tests.archive_fixtures import Archive, archive_state, fill_archive, save_screenshot
from tests.fakes import FakeSoundDevice
from tests.llm_fake_server import FakeLLMServer, error, fake_llm, held, slow, sse
from tests.waits import UI_MS

__all__ = ["fake_llm"]

SCRIPT = '<script>alert("x")</script>'
LINK = '<a href="http://evil.example">click</a> [more](http://evil.example)'


def reply(headline: str = "결론부터 말하면 좋습니다.", **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "headline": headline,
        "rubric": {name: {"score": 4, "evidence": "TCP는 연결 지향 프로토콜입니다"} for name in CRITERIA},
        "missing": ["흐름 제어와 혼잡 제어"],
        "wrong": [],
        "better_answer": "TCP는 연결 지향 프로토콜로, 3-way handshake로 연결을 맺고 흐름 제어와 혼잡 제어로 신뢰성을 보장합니다.",
    }
    data.update(extra)
    return data


@pytest.fixture
def archive() -> Iterator[Archive]:
    filled = fill_archive()
    yield filled
    filled.close()


def use_server(state: AppState, server: FakeLLMServer | None, url: str | None = None) -> None:
    state.settings.set("llm_provider", "openai")
    state.settings.set("llm_base_url", url or (server.url if server else ""))
    state.settings.set("llm_model", "fake-model")


def open_review(qtbot: QtBot, archive: Archive, lang: str = "en", server: FakeLLMServer | None = None,
                attempt_id: int | None = None) -> tuple[ReviewScreen, FeedbackPanel]:  # fmt: skip
    state = archive_state(archive, lang)
    if server is not None:
        use_server(state, server)
    screen = ReviewScreen(state, FilePlayer(FakeSoundDevice(has_input=False, output_speed=1.0)))
    qtbot.addWidget(screen)
    screen.resize(1280, 860)
    screen.show()
    wanted = attempt_id or archive.attempt_id
    screen.open_attempt(wanted)
    qtbot.waitUntil(lambda: screen.attempt is not None and screen.attempt.id == wanted, timeout=UI_MS)
    return screen, screen.feedback_panel


def store(
    archive: Archive, attempt_id: int, data: dict[str, Any], *, transcript_id: int | None = None
) -> None:
    feedback = validate(data)
    feedback.provider, feedback.model, feedback.lang = "openai", "fake-model", "ko"
    attempt = archive.db.attempt(attempt_id)
    assert attempt is not None and attempt.transcript is not None
    feedback.transcript_id = transcript_id if transcript_id is not None else attempt.transcript.id
    save_feedback(archive.db, attempt_id, feedback)


def test_cached_feedback_is_shown_as_plain_text(qtbot: QtBot, archive: Archive) -> None:
    hostile = reply(
        headline=f"{SCRIPT} 결론을 먼저",
        missing=[f"흐름 제어 {LINK} {SCRIPT}"],
        better_answer=f"<b>굵게</b> {LINK}",
    )
    store(archive, archive.attempt_id, hostile)
    screen, panel = open_review(qtbot, archive, "ko", server=None)
    use_server(panel.state, None, "http://127.0.0.1:9")
    panel.state.settings_changed.emit({"llm_provider"})
    qtbot.waitUntil(lambda: panel.feedback is not None, timeout=UI_MS)
    text = panel.view.toPlainText()
    # Every part, the markup as the characters it is.
    assert panel.headline.text() == f"{SCRIPT} 결론을 먼저"
    assert panel.headline.textFormat() == Qt.TextFormat.PlainText
    assert LINK in text and LINK in text and "<b>굵게</b>" in text
    assert "정확성  4/5" in text and "“TCP는 연결 지향 프로토콜입니다”" in text
    assert "빠진 내용" in text and "더 나은 답변" in text
    by = panel.by.text()
    assert "openai" in by and "fake-model" in by and PROMPT_VERSION in by
    assert not panel.stale.isVisible()
    assert panel.get_button.text() == "다시 받기"
    # Nothing was turned into markup: no anchors, no images in the document.
    html = panel.view.toHtml()
    assert "<script>" not in html and "<a href" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html
    save_screenshot(screen, "review-feedback-ko.png")


def test_streaming_shows_partial_text_then_the_final_and_caches_it(
    qtbot: QtBot, archive: Archive, fake_llm: FakeLLMServer
) -> None:
    final = reply(headline="Say the conclusion first.")
    rest = threading.Event()  # the better answer is sent once the test has seen the rest
    fake_llm.script.append(held(json.dumps(final, ensure_ascii=False), rest, before='"better_answer"'))
    screen, panel = open_review(qtbot, archive, "en", fake_llm)
    assert panel.get_button.text() == "Get feedback" and panel.get_button.isVisible()
    qtbot.waitUntil(lambda: "no AI feedback yet" in panel.view.toPlainText(), timeout=UI_MS)
    panel.get_button.click()
    qtbot.waitUntil(lambda: panel.cancel_button.isVisible(), timeout=UI_MS)
    # Part of the reply is on screen while the rest is still coming.
    qtbot.waitUntil(lambda: "Accuracy" in panel.view.toPlainText(), timeout=UI_MS)
    assert panel.headline.text() == "Say the conclusion first."
    partial = panel.view.toPlainText()
    assert panel.streaming and "A better answer" not in partial
    assert archive.db.feedback_of(archive.attempt_id) == []  # nothing stored before it is complete
    rest.set()
    qtbot.waitUntil(lambda: not panel.streaming, timeout=UI_MS)
    assert panel.status.text() == ""
    text = panel.view.toPlainText()
    assert "A better answer" in text and "Accuracy  4/5" in text
    stored = archive.db.feedback_of(archive.attempt_id)
    assert len(stored) == 1 and stored[0].content["headline"] == "Say the conclusion first."
    assert panel.get_button.text() == "Again"
    # The request went out with the schema (the prompt itself is the core's business).
    body = fake_llm.chat_requests()[0].body
    assert body["stream"] is True and body["model"] == "fake-model"
    screen.feedback_panel.view.verticalScrollBar().setValue(0)
    save_screenshot(screen, "review-feedback-en.png")


def test_cancel_leaves_nothing_cached_and_keeps_the_old_feedback(
    qtbot: QtBot, archive: Archive, fake_llm: FakeLLMServer
) -> None:
    store(archive, archive.attempt_id, reply(headline="The old feedback."))
    never = threading.Event()  # the reply stops after its headline: the cancel comes mid-stream
    fake_llm.script.append(held(json.dumps(reply(headline="New feedback.")), never, before='"rubric"'))
    _screen, panel = open_review(qtbot, archive, "en", fake_llm)
    qtbot.waitUntil(lambda: panel.headline.text() == "The old feedback.", timeout=UI_MS)
    panel.get_button.click()
    qtbot.waitUntil(lambda: panel.headline.text() == "New feedback.", timeout=UI_MS)
    panel.cancel_button.click()
    qtbot.waitUntil(lambda: not panel.streaming, timeout=UI_MS)
    assert panel.status.text() == "Cancelled; nothing was saved."
    assert panel.headline.text() == "The old feedback." and "Accuracy" in panel.view.toPlainText()
    stored = archive.db.feedback_of(archive.attempt_id)
    assert [s.content["headline"] for s in stored] == ["The old feedback."]


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.parametrize("case", ["refused", "401", "malformed"])
def test_errors_are_shown_as_the_plain_message(
    qtbot: QtBot, archive: Archive, fake_llm: FakeLLMServer, case: str
) -> None:
    _screen, panel = open_review(qtbot, archive, "ko", fake_llm)
    if case == "refused":
        url = f"http://127.0.0.1:{closed_port()}"
        use_server(panel.state, None, url)
        expected = LLMError("connect", url=f"{url}/v1").message("ko")
    elif case == "401":
        fake_llm.script.append(error(401, {"error": {"message": "bad key sk-secret"}}))
        expected = LLMError("unauthorized", url=f"{fake_llm.url}/v1", status=401).message("ko")
    else:
        fake_llm.script += [sse('{"headline": "x", "rub'), sse("no json at all")]
        expected = ""
    panel.get_button.click()
    asking = panel.status.text()
    assert asking.startswith("AI 모델에게 묻는 중")
    qtbot.waitUntil(lambda: not panel.streaming and panel.status.text() != asking, timeout=UI_MS)
    shown = panel.status.text()
    if case == "malformed":
        assert shown.startswith("AI 모델의 답이 두 번 모두 형식에 맞지 않았습니다")
        assert len(fake_llm.chat_requests()) == 2
    else:
        assert shown == expected
    assert "Traceback" not in shown and "sk-secret" not in shown
    assert archive.db.feedback_of(archive.attempt_id) == []
    assert panel.get_button.isVisible() and panel.get_button.isEnabled()  # the app keeps working


def test_a_corrected_transcript_marks_the_feedback_stale(qtbot: QtBot, archive: Archive) -> None:
    store(archive, archive.attempt_id, reply())
    screen, panel = open_review(qtbot, archive, "en")
    use_server(panel.state, None, "http://127.0.0.1:9")
    panel.state.settings_changed.emit({"llm_provider"})
    qtbot.waitUntil(lambda: panel.feedback is not None, timeout=UI_MS)
    assert not panel.stale.isVisible()
    screen.save_correction("TCP는 연결 지향 프로토콜입니다. 고친 답변.")
    qtbot.waitUntil(lambda: screen.view is not None and screen.view.corrected, timeout=UI_MS)
    qtbot.waitUntil(lambda: panel.stale.isVisible(), timeout=UI_MS)
    assert "corrected after this feedback" in panel.stale.text()


def test_without_a_provider_it_says_what_it_does_and_opens_the_ai_settings(
    qtbot: QtBot, archive: Archive
) -> None:
    _screen, panel = open_review(qtbot, archive, "en")
    assert panel.off_note.isVisible() and "The AI interviewer is off" in panel.off_note.text()
    assert not panel.get_button.isVisible() and not panel.view.isVisible()
    with qtbot.waitSignal(panel.state.settings_requested, timeout=UI_MS) as asked:
        panel.settings_button.click()
    assert asked.args == ["ai"]
    # The shortcut asks for the settings too, rather than doing nothing.
    with qtbot.waitSignal(panel.state.settings_requested, timeout=UI_MS):
        panel.toggle()


def test_the_app_opens_its_settings_on_the_ai_page(qtbot: QtBot) -> None:
    from tests.test_qt_settings import FakeServices, open_app

    window = open_app(qtbot, FakeServices())
    window.state.settings_requested.emit("ai")
    controller = window.controller  # type: ignore[attr-defined]
    qtbot.waitUntil(
        lambda: isinstance(controller.dialog, SettingsDialog) and controller.dialog.isVisible(), timeout=UI_MS
    )
    dialog = controller.dialog
    assert dialog.tabs.currentWidget() is dialog.ai
    dialog.reject()


# -- the session debrief on the summary --------------------------------------------------------


def test_debrief_streams_onto_the_summary_and_practises_its_picks(
    qtbot: QtBot, archive: Archive, fake_llm: FakeLLMServer
) -> None:
    from interview_sim.qt.summary_screen import SummaryScreen

    state = archive_state(archive, "en")
    summary = SummaryScreen(state)
    qtbot.addWidget(summary)
    summary.resize(1100, 760)
    summary.show()
    summary.show_session(archive.session_id)
    qtbot.waitUntil(lambda: summary.table.rowCount() == 4, timeout=UI_MS)
    panel = summary.debrief
    assert not panel.isVisible()  # no provider: nothing about it on the summary
    use_server(state, fake_llm)
    state.settings_changed.emit({"llm_provider"})
    assert panel.isVisible() and panel.get_button.isVisible()
    debrief = {
        "strengths": [f"Clear opening {SCRIPT}"],
        "work_on": ["Name flow control.", "Give an example.", "Slow down."],
        "practise_next": ["network.tcp", "not.in.this.session"],
    }
    fake_llm.script.append(slow(json.dumps(debrief), every=0.1, pieces=20))
    panel.get_button.click()
    qtbot.waitUntil(lambda: "Strengths" in panel.view.toPlainText(), timeout=UI_MS)
    qtbot.waitUntil(lambda: panel.debrief is not None, timeout=UI_MS)
    text = panel.view.toPlainText()
    assert f"Clear opening {SCRIPT}" in text and "  1. Name flow control." in text
    # The question to practise by its text; an id the model made up is dropped.
    assert "TCP와 UDP의 차이를 설명해 주세요." in text and "not.in.this.session" not in text
    assert panel.practise_button.isVisible()
    save_screenshot(summary, "summary-debrief-en.png")
    with qtbot.waitSignal(state.practice_requested, timeout=UI_MS) as asked:
        panel.practise_button.click()
    ids = asked.args[0]
    assert ids == ["network.tcp"]  # the model's invented id was dropped
    from interview_sim.core.interview import PlanOptions, plan_session

    options = PlanOptions(question_ids=tuple(ids), count=len(ids))
    assert [s.question.id for s in plan_session(archive.bank, options)] == ["network.tcp"]


def test_practise_request_starts_an_interview_on_those_questions(qtbot: QtBot) -> None:
    from tests.test_qt_settings import FakeServices, open_app

    window = open_app(qtbot, FakeServices())
    window.state.practice_requested.emit(["network.tcp-vs-udp"])
    screen = window.interview_screen
    qtbot.waitUntil(
        lambda: window.pages.currentWidget() is screen and screen.interview is not None, timeout=UI_MS
    )
    interview = screen.interview
    assert interview is not None and [s.question.id for s in interview.steps] == ["network.tcp-vs-udp"]
    with qtbot.waitSignal(screen.finished, timeout=UI_MS):
        screen.end_interview()
