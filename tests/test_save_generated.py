"""Saving a generated follow-up to the user's own bank: a new file, a new id that never takes
an existing one, the link to its parent, and its answers (and ratings) moved with it. Real
SQLite archive, real user question folder, the real bank loader."""

from __future__ import annotations

import pytest

from interview_sim import paths
from interview_sim.core.bank import load_bank
from interview_sim.core.db_errors import DatabaseError
from interview_sim.core.generated import KIND_BANK, QuestionTexts, new_id
from interview_sim.core.save_generated import SOURCE, SaveError, save_to_bank, saved_id
from interview_sim.core.storage import AttemptFilter, Database

PARENT = "network.tcp-vs-udp"
TEXT = "UDP로 신뢰성을 보장하려면 어떻게 해야 하나요?"


def add_generated(db: Database, parent: str = PARENT) -> tuple[str, int]:
    generated = new_id()
    session = db.create_session({})
    db.add_generated_question(
        {"id": generated, "parent_question_id": parent, "session_id": session, "lang": "ko", "question": TEXT}
    )
    attempt = db.create_attempt(session, generated, template_id="technical")
    db.add_transcript(attempt, "vosk", "ACK와 재전송을 직접 구현합니다")
    db.finish_attempt(attempt, duration_s=15.0)
    db.set_rating(attempt, "hard")
    return generated, attempt


def test_saved_follow_up_joins_the_bank_linked_to_its_parent_with_its_answers() -> None:
    bank = load_bank()
    with Database.open(paths.database_path()) as db:
        generated, attempt = add_generated(db)
        saved = save_to_bank(db, bank, generated)
        assert saved.path.parent == paths.user_questions_dir() and saved.moved_attempts == 1
        assert saved.question_id.startswith("network.follow-up-")
        reloaded = load_bank()
        question = reloaded.get(saved.question_id)
        assert question is not None and question.question == TEXT and question.origin == "user"
        assert question.follow_up_of == PARENT and question.references[0].source == SOURCE
        parent = reloaded.get(PARENT)
        assert parent is not None and parent.follow_ups[-1] == saved.question_id
        assert not [p for p in reloaded.problems if saved.question_id in p.message]
        # the answer and its rating moved with it: history and FSRS see them under the new id
        moved = db.attempt(attempt)
        assert moved is not None and moved.question_id == saved.question_id
        assert [a.id for a in db.list_attempts(AttemptFilter(question_ids=(saved.question_id,)))] == [attempt]
        assert (saved.question_id, "hard") in [(q, r) for q, _t, r, _s in db.review_history()]
        logged = db._read("SELECT question_id FROM review_log WHERE attempt_id = ?", (attempt,))
        assert [row[0] for row in logged] == [saved.question_id]
        assert QuestionTexts(db, reloaded).get(saved.question_id).kind == KIND_BANK
        assert db.generated_saved_as(saved.question_id)["id"] == generated  # type: ignore[index]
        # saved once: a second save is refused and writes nothing
        files = sorted(paths.user_questions_dir().iterdir())
        with pytest.raises(SaveError, match="already in your bank"):
            save_to_bank(db, reloaded, generated)
        assert sorted(paths.user_questions_dir().iterdir()) == files


def test_a_new_id_never_takes_an_existing_one() -> None:
    bank = load_bank()
    parent = bank.get(PARENT)
    with Database.open(paths.database_path()) as db:
        generated, _attempt = add_generated(db)
    first = saved_id(generated, parent, set())
    assert saved_id(generated, parent, {first}) == f"{first}-2"
    assert saved_id(generated, parent, {first, f"{first}-2"}) == f"{first}-3"
    # a question of the user's already has that id: the saved one gets the next
    folder = paths.user_questions_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "mine.toml").write_text(
        f'[[question]]\nid = "{first}"\ncategory = "network"\nkind = "technical"\n'
        'question = "내 질문"\n[[question.reference]]\nsource = "user"\n',
        encoding="utf-8",
    )
    with Database.open(paths.database_path()) as db:
        saved = save_to_bank(db, load_bank(), generated)
    assert saved.question_id == f"{first}-2"
    reloaded = load_bank()
    assert reloaded.get(first).question == "내 질문"  # type: ignore[union-attr]
    assert reloaded.get(saved.question_id).question == TEXT  # type: ignore[union-attr]


def test_nothing_is_left_half_done(monkeypatch: pytest.MonkeyPatch) -> None:
    with Database.open(paths.database_path()) as db:
        generated, attempt = add_generated(db)
        with pytest.raises(SaveError, match="not a generated"):
            save_to_bank(db, load_bank(), PARENT)
        with pytest.raises(SaveError, match="not in the archive"):
            save_to_bank(db, load_bank(), "gen.ffffffffffff")

        def refuse(*_args: object) -> int:
            raise DatabaseError("the archive is read-only")

        monkeypatch.setattr(db, "save_generated_as", refuse)
        with pytest.raises(DatabaseError):
            save_to_bank(db, load_bank(), generated)
        folder = paths.user_questions_dir()
        assert not folder.exists() or not [p for p in folder.iterdir() if p.suffix == ".toml"]
        assert db.attempt(attempt).question_id == generated  # type: ignore[union-attr]


def test_the_database_step_refuses_a_second_save_atomically() -> None:
    with Database.open(paths.database_path()) as db:
        generated, attempt = add_generated(db)
        assert db.save_generated_as(generated, "network.follow-up-x") == 1
        # a second move would take the answers again: refused, and nothing changes
        with pytest.raises(DatabaseError):
            db.save_generated_as(generated, "network.follow-up-y")
        assert db.attempt(attempt).question_id == "network.follow-up-x"  # type: ignore[union-attr]
