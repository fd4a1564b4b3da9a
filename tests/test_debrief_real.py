"""The session debrief against the real model server (llama.cpp serving Gemma 3 270M): a
schema-constrained debrief is validated, cached with what made it, and read back as today's
focus. Structure only, not wisdom; one short request (CI runs it on 2 cores)."""

from __future__ import annotations

import pytest

from interview_sim import paths
from interview_sim.core.debrief import DEBRIEF_PROMPT_VERSION, cached_debrief, debrief_session
from interview_sim.core.storage import Database
from interview_sim.core.today import FOCUS_DEBRIEF, today_plan
from interview_sim.llm.openai_compat import OpenAICompatible
from tests.llm_real_server import RealServer, real_llm
from tests.test_feedback_real import bank_and_templates, make_attempt

__all__ = ["real_llm"]

pytestmark = pytest.mark.realmodel


def test_real_debrief_is_cached_and_feeds_today(real_llm: RealServer) -> None:
    attempt = make_attempt()
    bank, templates = bank_and_templates()
    with Database.open(paths.database_path()) as db:
        session = db.attempt(attempt).session_id  # type: ignore[union-attr]
        provider = OpenAICompatible(real_llm.url, "gemma")
        result = debrief_session(db, session, bank, templates, provider, lang="en", max_tokens=400)
        assert 1 <= len(result.work_on) <= 3 and all(isinstance(t, str) and t for t in result.work_on)
        assert set(result.practise_next) <= {"test.tcp"}  # only this session's questions
        cached = cached_debrief(db, session)
        assert cached is not None and cached.work_on == result.work_on
        assert (cached.model, cached.prompt_version) == ("gemma", DEBRIEF_PROMPT_VERSION)
        plan = today_plan(db, bank, templates, langs=("en",))
    assert plan.focus_source == FOCUS_DEBRIEF and [i.text("en") for i in plan.focus] == result.work_on
