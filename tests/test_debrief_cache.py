"""The session debrief cached in the archive (issue 13): written only when complete and valid,
replaced by a re-run in one transaction, left as it was by a cancel or an error, and carried
into the report and through an archive export and import. Scripted server, real SQLite."""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest

from interview_sim import paths
from interview_sim.cli import main
from interview_sim.core.archive import export_archive, import_archive
from interview_sim.core.bank import load_bank
from interview_sim.core.debrief import DEBRIEF_PROMPT_VERSION, cached_debrief, debrief_session
from interview_sim.core.feedback import MalformedReply
from interview_sim.core.report import build_report, render_html
from interview_sim.core.storage import MIGRATIONS, Database
from interview_sim.core.templates import load_templates
from interview_sim.llm.base import CancelToken, LLMError
from tests.llm_fake_server import FakeLLMServer, fake_llm, slow, sse
from tests.test_debrief import make_session, provider

__all__ = ["fake_llm"]

FIRST = {
    "strengths": ["연결 지향을 정확히 말함"],
    "work_on": ["UDP 설명", "예시 <script>alert(1)</script>", "결론 먼저"],
    "practise_next": ["os.deadlock"],
}
SECOND = {"strengths": [], "work_on": ["두 번째 A", "두 번째 B", "두 번째 C"], "practise_next": []}


def ask(server: FakeLLMServer, session: int, reply: dict, **kwargs: object) -> object:
    templates = load_templates()
    server.script.append(sse(json.dumps(reply, ensure_ascii=False)))
    with Database.open(paths.database_path()) as db:
        return debrief_session(
            db, session, load_bank(templates=templates), templates, provider(server), **kwargs
        )  # type: ignore[arg-type]


def test_the_migration_adds_the_table_with_its_columns() -> None:
    assert any("CREATE TABLE debriefs" in m for m in MIGRATIONS)
    with Database.open(paths.database_path()) as db:
        columns = {row[1] for row in db._read("PRAGMA table_info(debriefs)")}
        saved_as = {row[1] for row in db._read("PRAGMA table_info(generated_questions)")}
    assert {"session_id", "provider", "model", "prompt_version", "content", "created_at"} <= columns
    assert "saved_as" in saved_as


def test_a_debrief_is_cached_and_a_rerun_replaces_it(fake_llm: FakeLLMServer) -> None:
    session = make_session()
    first = ask(fake_llm, session, FIRST, lang="ko")
    with Database.open(paths.database_path()) as db:
        cached = cached_debrief(db, session)
        assert cached is not None and cached.work_on == FIRST["work_on"]
        assert (cached.provider, cached.model, cached.prompt_version) == (
            "openai",
            "m",
            DEBRIEF_PROMPT_VERSION,
        )
        assert cached.practise_next == ["os.deadlock"] and cached.lang == "ko" and cached.created_at
        assert cached.created_at == first.created_at  # type: ignore[attr-defined]
    ask(fake_llm, session, SECOND)
    with Database.open(paths.database_path()) as db:
        assert cached_debrief(db, session).work_on == SECOND["work_on"]  # type: ignore[union-attr]
        assert len(db._read("SELECT id FROM debriefs WHERE session_id = ?", (session,))) == 1
        db.delete_session(session)  # the debrief goes with its session
        assert cached_debrief(db, session) is None


def test_cancel_and_errors_leave_the_cached_one(fake_llm: FakeLLMServer) -> None:
    session = make_session()
    ask(fake_llm, session, FIRST)
    templates = load_templates()
    bank = load_bank(templates=templates)
    cancel = CancelToken()
    fake_llm.script.append(slow(json.dumps(SECOND, ensure_ascii=False), every=0.05, pieces=40))
    with Database.open(paths.database_path()) as db:
        with pytest.raises(LLMError) as caught:
            debrief_session(
                db,
                session,
                bank,
                templates,
                provider(fake_llm),
                cancel=cancel,
                on_text=lambda _p: cancel.cancel(),
            )
        assert caught.value.kind == "cancelled"
        fake_llm.script += [sse("not json"), sse('{"work_on": []}')]
        with pytest.raises((MalformedReply, LLMError)):
            debrief_session(db, session, bank, templates, provider(fake_llm))
        assert cached_debrief(db, session).work_on == FIRST["work_on"]  # type: ignore[union-attr]
        # a damaged row (edited by hand) reads as no debrief, never an exception
        db._write("UPDATE debriefs SET content = '{not json' WHERE session_id = ?", (session,))
        assert cached_debrief(db, session) is None


def test_the_report_includes_the_debrief_escaped(fake_llm: FakeLLMServer, tmp_path: Path) -> None:
    session = make_session()
    ask(fake_llm, session, FIRST)
    templates = load_templates()
    with Database.open(paths.database_path()) as db:
        report = build_report(db, session, load_bank(templates=templates), templates, "ko")
    page = render_html(report)
    assert "<script>alert(1)</script>" not in page and html.escape("<script>alert(1)</script>") in page
    assert '<section id="debrief">' in page and "면접 총평" in page and "개선할 세 가지" in page
    # the question to practise next by its text, not its id
    deadlock = load_bank().get("os.deadlock").question  # type: ignore[union-attr]
    assert html.escape(deadlock) in page
    target = tmp_path / "r.md"
    assert main(["report", str(session), "--format", "md", "-o", str(target), "--lang", "en"]) == 0
    text = target.read_text(encoding="utf-8")
    assert "## Session debrief" in text and "UDP 설명" in text and "Questions to practise next" in text
    assert "<script>" not in text


def test_the_archive_carries_the_debrief(
    fake_llm: FakeLLMServer, tmp_path: Path, isolated_home: Path
) -> None:
    session = make_session()
    ask(fake_llm, session, FIRST)
    exported = tmp_path / "a.zip"
    export_archive(exported, home=isolated_home)
    new_home = tmp_path / "new"
    new_home.mkdir()
    import_archive(exported, home=new_home)
    with Database.open(new_home / paths.database_path().name) as db:
        cached = cached_debrief(db, session)
    assert cached is not None and cached.work_on == FIRST["work_on"] and cached.provider == "openai"
