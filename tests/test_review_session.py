"""The review's use cases without Qt, on a real SQLite file, the bundled bank and templates, and
the user's overrides file: load, rate, notes, correct, edit the reference, recompute metrics."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from interview_sim import paths
from interview_sim.core.analysis import metrics_summary
from interview_sim.core.bank import USER_SOURCE, Bank, load_bank
from interview_sim.core.overrides import load_overrides
from interview_sim.core.review import analyze_attempt
from interview_sim.core.review_session import ReferenceDraft, ReviewError, ReviewSession
from interview_sim.core.storage import Database
from interview_sim.core.templates import Template, load_templates

QUESTION = "network.tcp-vs-udp"
SAID = "음 TCP는 연결 지향이고 어 신뢰성을 보장합니다 그 그 UDP는 빠릅니다"  # as cleaned Vosk output reads


def timed(text: str, start: float = 1.0) -> list[dict[str, object]]:
    return [
        {"word": word, "start": start + i * 0.5, "end": start + i * 0.5 + 0.4, "conf": 0.9}
        for i, word in enumerate(text.split())
    ]


@dataclass
class Setup:
    db: Database
    bank: Bank
    templates: dict[str, Template]
    attempt_id: int
    other_id: int  # a second attempt at the same question

    def session(self) -> ReviewSession:
        return ReviewSession(self.db, self.bank, self.templates)


@pytest.fixture
def setup() -> Iterator[Setup]:
    templates = load_templates()
    bank = load_bank(templates=templates)
    db = Database.open(paths.database_path())
    session = db.create_session({})
    ids = []
    for text in (SAID, "TCP는 신뢰성을 보장합니다"):
        attempt = db.create_attempt(session, QUESTION, template_id="technical")
        db.add_transcript(attempt, "vosk", text, timed(text))
        db.finish_attempt(attempt, duration_s=12.0)
        ids.append(attempt)
    yield Setup(db, bank, templates, ids[0], ids[1])
    db.close()


def test_load_analyses_once_and_caches_the_metrics(setup: Setup) -> None:
    assert setup.db.attempt(setup.attempt_id).metrics is None  # type: ignore[union-attr]
    view = setup.session().load(setup.attempt_id)
    assert view is not None and view.question is not None and view.question.id == QUESTION
    assert view.template is not None and view.template.id == "technical"
    assert view.analysis.transcript == SAID and view.analysis.fillers.count >= 2
    # The words carry the recognizer's times, so playback can follow them.
    assert [t.time_start for t in view.tokens[:3]] == [1.0, 1.5, 2.0]
    stored = setup.db.attempt(setup.attempt_id)
    assert stored is not None and stored.metrics is not None
    # One analysis path: what is cached is what the screen shows.
    shown = {k: v for k, v in stored.metrics.items() if k != "key"}
    assert shown == metrics_summary(view.analysis)
    assert view.analysis.to_json() == analyze_attempt(stored, view.question, setup.templates).to_json()
    assert setup.session().load(999_999) is None


def test_without_a_bank_the_answer_still_shows(setup: Setup) -> None:
    view = ReviewSession(setup.db, None, setup.templates).load(setup.attempt_id)
    assert view is not None and view.question is None and view.analysis.transcript == SAID
    assert setup.db.attempt(setup.attempt_id).metrics is None  # type: ignore[union-attr]


def test_rating_and_notes_are_stored_and_bad_ones_said(setup: Setup) -> None:
    session = setup.session()
    session.rate(setup.attempt_id, "good")
    session.save_notes(setup.attempt_id, "흐름 제어를 빠뜨림")
    stored = setup.db.attempt(setup.attempt_id)
    assert stored is not None and stored.rating == "good" and stored.notes == "흐름 제어를 빠뜨림"
    session.rate(setup.attempt_id, None)
    assert setup.db.attempt(setup.attempt_id).rating is None  # type: ignore[union-attr]
    with pytest.raises(ReviewError, match=rf"attempt {setup.attempt_id}: rating must be one of again"):
        session.rate(setup.attempt_id, "great")
    with pytest.raises(ReviewError, match="attempt 424242 is not in the archive"):
        session.rate(424242, "good")
    with pytest.raises(ReviewError, match="attempt 424242 is not in the archive"):
        session.save_notes(424242, "x")


def test_a_correction_keeps_the_recognized_text_and_refreshes_the_metrics(setup: Setup) -> None:
    session = setup.session()
    before = session.load(setup.attempt_id)
    assert before is not None
    corrected = "TCP는 연결 지향 이고 신뢰성을 보장합니다 UDP는 빠릅니다"
    view = session.correct(setup.attempt_id, corrected)
    assert view is not None and view.corrected and view.analysis.transcript == corrected
    assert view.analysis.fillers.count == 0
    assert view.analysis.content.covered >= before.analysis.content.covered
    # A correction has no times of its own: the recognizer's are aligned to its words.
    assert view.tokens[0].text == "TCP는" and view.tokens[0].time_start == 1.5
    stored = setup.db.attempt(setup.attempt_id)
    assert stored is not None and stored.transcript is not None and stored.recognized is not None
    assert stored.transcript.source == "corrected" and stored.recognized.text == SAID
    assert stored.metrics is not None and stored.metrics["fillers"] == 0
    # The recognized text stays one call away.
    recognized = session.view(stored, recognized=True)
    assert recognized.analysis.transcript == SAID and recognized.recognized
    # The same text again writes nothing.
    again = session.correct(setup.attempt_id, corrected)
    assert again is not None
    assert setup.db.attempt(setup.attempt_id).transcript.id == stored.transcript.id  # type: ignore[union-attr]
    assert session.correct(424242, "x") is None


def test_an_edited_reference_goes_to_the_overrides_and_redoes_every_attempt(setup: Setup) -> None:
    session = setup.session()
    question = setup.bank.get(QUESTION)
    draft = ReferenceDraft.of(question)
    assert question is not None and draft.reference == question.answers[0].text
    assert draft.keywords == question.keywords
    setup.session().load(setup.other_id)
    other_key = setup.db.attempt(setup.other_id).metrics["key"]  # type: ignore[index,union-attr]
    reference = "TCP는 연결 지향이고 신뢰성을 보장하며 UDP는 빠릅니다."
    saved = session.save_reference(QUESTION, reference, ["신뢰성", " 빠릅 ", ""], attempt_id=setup.attempt_id)
    overrides, problems = load_overrides()
    assert not problems and overrides[QUESTION].keywords == ["신뢰성", "빠릅"]
    assert overrides[QUESTION].reference == reference
    reloaded = saved.bank.get(QUESTION)
    assert reloaded is not None and reloaded.keywords == ["신뢰성", "빠릅"]
    assert [r.text for r in reloaded.answers if r.source == USER_SOURCE] == [reference]
    assert saved.view is not None and saved.view.analysis.keywords_covered == ["신뢰성", "빠릅"]
    assert sorted(saved.attempt_ids) == sorted([setup.attempt_id, setup.other_id])
    # The other attempt's cached metrics were computed against the new reference.
    assert setup.db.attempt(setup.other_id).metrics["key"] != other_key  # type: ignore[index,union-attr]
    assert ReferenceDraft.of(reloaded) == ReferenceDraft(reference, ["신뢰성", "빠릅"])


def test_changing_only_the_key_terms_leaves_the_reference_to_the_bank(setup: Setup) -> None:
    question = setup.bank.get(QUESTION)
    assert question is not None
    draft = ReferenceDraft.of(question)
    saved = setup.session().save_reference(QUESTION, draft.reference, ["신뢰성"])
    overrides, _problems = load_overrides()
    assert overrides[QUESTION].keywords == ["신뢰성"] and overrides[QUESTION].reference is None
    assert saved.view is None
    # A reference of one's own, then emptied: dropped, back to the bank's.
    own = ReviewSession(setup.db, saved.bank, setup.templates).save_reference(QUESTION, "내 답", ["신뢰성"])
    assert load_overrides()[0][QUESTION].reference == "내 답"
    emptied = ReviewSession(setup.db, own.bank, setup.templates).save_reference(QUESTION, "  ", ["신뢰성"])
    assert load_overrides()[0][QUESTION].reference is None
    back = emptied.bank.get(QUESTION)
    assert back is not None and [r.text for r in back.answers] == [r.text for r in question.answers]
