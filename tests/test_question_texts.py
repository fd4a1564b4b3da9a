"""Every place that shows an answer's question shows its text: a bank question's text, a
generated follow-up's stored text marked as a follow-up of its parent, and an id that is no
longer in the bank marked so (issue 13). Real SQLite archive, real bank, real CLI."""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest

from interview_sim import paths
from interview_sim.cli import main
from interview_sim.core.bank import load_bank
from interview_sim.core.debrief import debrief_messages
from interview_sim.core.generated import (
    KIND_BANK,
    KIND_GENERATED,
    KIND_UNKNOWN,
    QuestionTexts,
    new_id,
)
from interview_sim.core.history import HistoryArchive
from interview_sim.core.report import build_report, render_html, render_markdown
from interview_sim.core.session_summary import load_overview
from interview_sim.core.storage import Database
from interview_sim.core.templates import load_templates

PARENT = "network.tcp-vs-udp"
GONE = "network.removed-long-ago"
FOLLOW_UP = "그럼 UDP로 신뢰성을 보장하려면 어떻게 해야 하나요?"


def make_session() -> tuple[int, str]:
    """A session with one answer each: to a bank question, to a generated follow-up of it, and
    to a question no longer in the bank."""
    generated = new_id()
    with Database.open(paths.database_path()) as db:
        session = db.create_session({})
        for question_id, text in ((PARENT, "TCP는 연결 지향"), (generated, "ACK를 직접"), (GONE, "옛 답")):
            attempt = db.create_attempt(session, question_id, template_id="technical")
            db.add_transcript(attempt, "vosk", text)
            db.finish_attempt(attempt, duration_s=20.0)
            if question_id == generated:
                db.add_generated_question(
                    {
                        "id": generated,
                        "parent_question_id": PARENT,
                        "session_id": session,
                        "lang": "ko",
                        "question": FOLLOW_UP,
                    }
                )
        db.end_session(session)
    return session, generated


def test_the_resolver_knows_three_kinds() -> None:
    _session, generated = make_session()
    bank = load_bank()
    parent_text = bank.get(PARENT).question  # type: ignore[union-attr]
    with Database.open(paths.database_path()) as db:
        texts = QuestionTexts(db, bank)
        shown = texts.get(generated)
        assert shown.kind == KIND_GENERATED and shown.text == FOLLOW_UP and shown.parent_id == PARENT
        assert shown.question is not None and shown.question.category == "network"
        assert texts.get(PARENT).kind == KIND_BANK and texts.label(PARENT) == parent_text
        assert texts.get(GONE).kind == KIND_UNKNOWN
        # an id that only looks generated, but is stored nowhere, is unknown too
        assert texts.get("gen.000000000000").kind == KIND_UNKNOWN
    ko, en = shown.label("ko"), shown.label("en")
    assert ko.startswith(FOLLOW_UP) and "AI 꼬리질문" in ko and parent_text[:20] in ko
    assert "AI follow-up to:" in en
    assert texts.label(GONE, "ko") == f"{GONE} (질문 은행에 더 이상 없는 질문)"
    assert texts.label(GONE, "en") == f"{GONE} (no longer in the bank)"


def test_history_rows_show_the_follow_up_under_its_parents_category() -> None:
    _session, generated = make_session()
    with Database.open(paths.database_path()) as db:
        rows = HistoryArchive(db, load_bank(), load_templates()).first_page()
    row = next(r for r in rows if r.question_id == generated)
    assert row.question == FOLLOW_UP and row.category == "network"
    assert "AI follow-up to:" in row.question_label("en") and FOLLOW_UP.casefold() in row.search
    gone = next(r for r in rows if r.question_id == GONE)
    assert gone.question_label("ko").endswith("(질문 은행에 더 이상 없는 질문)")


def test_summary_overview_resolves_every_question() -> None:
    session, generated = make_session()
    with Database.open(paths.database_path()) as db:
        overview = load_overview(db, session, load_bank(), load_templates())
    assert overview.questions[generated].text == FOLLOW_UP
    assert overview.questions[GONE].kind == KIND_UNKNOWN
    assert set(overview.questions) == {PARENT, generated, GONE}


def test_reports_show_the_follow_up_text(tmp_path: Path) -> None:
    session, generated = make_session()
    templates = load_templates()
    with Database.open(paths.database_path()) as db:
        report = build_report(db, session, load_bank(templates=templates), templates, "ko")
    # Markdown escapes punctuation, HTML its entities: compare what a reader sees
    markdown, page = render_markdown(report).replace("\\", ""), html.unescape(render_html(report))
    for text in (markdown, page):
        assert FOLLOW_UP in text and "AI 꼬리질문" in text and "질문 은행에 더 이상 없는 질문" in text
        # the id stays in the answer's details line, beside its text
        assert generated in text
    target = tmp_path / "r.md"
    assert main(["report", str(session), "--format", "md", "-o", str(target), "--lang", "en"]) == 0
    written = target.read_text(encoding="utf-8").replace("\\", "")
    assert FOLLOW_UP in written and "AI follow-up to:" in written and "(no longer in the bank)" in written


def test_debrief_prompt_names_the_follow_up_by_its_text() -> None:
    session, generated = make_session()
    templates = load_templates()
    bank = load_bank(templates=templates)
    with Database.open(paths.database_path()) as db:
        messages, ids = debrief_messages(db.session(session), bank, templates, db, lang="ko")  # type: ignore[arg-type]
    user = messages[1]["content"]
    assert f"{FOLLOW_UP} (AI follow-up to:" in user and f"{GONE} (no longer in the bank)" in user
    # a generated question cannot be practised again: its parent is offered instead
    assert generated not in ids and PARENT in ids and GONE not in ids


def test_cli_history_and_corpus_show_the_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _session, generated = make_session()
    assert main(["history", "--format", "json"]) == 0
    sessions = json.loads(capsys.readouterr().out)
    by_id = {a["question_id"]: a for s in sessions for a in s["attempts"]}
    assert by_id[generated]["question"].startswith(FOLLOW_UP)
    assert by_id[GONE]["question"].startswith(GONE) and by_id[GONE]["question"] != GONE
    assert main(["history"]) == 0
    assert FOLLOW_UP in capsys.readouterr().out
    # the corpus of corrected answers (with a recording) names the follow-up by its text
    with Database.open(paths.database_path()) as db:
        attempt = next(a for s in db.sessions() for a in s.attempts if a.question_id == generated)
        audio = tmp_path / "a.wav"
        audio.write_bytes(b"RIFF")
        db.set_audio_path(attempt.id, str(audio))
        db.add_corrected_transcript(attempt.id, "ACK를 직접 보냅니다")
    assert main(["archive", "corpus", str(tmp_path / "corpus")]) == 0
    manifest = json.loads((tmp_path / "corpus" / "corpus.json").read_text(encoding="utf-8"))
    assert manifest["items"][0]["question"].startswith(FOLLOW_UP) and manifest["items"][0]["lang"] == "ko"


def test_compare_and_weak_answers_know_the_follow_up() -> None:
    session, generated = make_session()
    with Database.open(paths.database_path()) as db:
        again = db.create_attempt(session, generated, template_id="technical")
        db.add_transcript(again, "vosk", "ACK와 재전송")
        db.finish_attempt(again, duration_s=10.0)
        first = next(a.id for a in db.session(session).attempts if a.question_id == generated)  # type: ignore[union-attr]
        gone = next(a.id for a in db.session(session).attempts if a.question_id == GONE)  # type: ignore[union-attr]
        for attempt in (first, again, gone):
            db.set_rating(attempt, "again")
        archive = HistoryArchive(db, load_bank(), load_templates())
        comparison = archive.compare(first, again)
        assert not isinstance(comparison, int) and comparison.question is not None
        assert comparison.question.question == FOLLOW_UP
        # the weak follow-up is practised through its parent (it is not in the bank)
        overview = load_overview(db, session, load_bank(), load_templates())
    assert generated not in overview.weak and PARENT in overview.weak and GONE not in overview.weak
