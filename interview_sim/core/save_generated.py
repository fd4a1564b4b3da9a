"""Saving a generated follow-up (core/generated.py) to the user's own bank. Qt-free.

The question is written to a new file of the user's question folder (never over a file, never
under an id the bank already has) with ``follow_up_of`` naming its parent, so the loader lists
it among the parent's follow-ups even when the parent is a bundled question. Its answers then
move to the new id in one transaction (``Database.save_generated_as``), with their review log:
the new question's history, comparisons and FSRS schedule start from the answers already given
instead of from nothing, and no answer is left pointing at a question nobody can practise. The
generated row stays, with ``saved_as``, as the record of where the question came from.

If the archive cannot be written after the file was, the file is removed again: either both
happen or neither.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from interview_sim import paths
from interview_sim.core.bank import Bank, Question, Reference
from interview_sim.core.categories import CATEGORIES, KINDS
from interview_sim.core.generated import is_generated
from interview_sim.core.storage import Database
from interview_sim.core.user_bank import dump_questions, free_id, write_new_file

# The reference of a saved follow-up: where it came from, no answer yet (the user writes one).
SOURCE = "ai-follow-up"
FILE_STEM = "ai-follow-ups"


class SaveError(Exception):
    """The question was not saved; the message says why."""


@dataclass(frozen=True)
class SavedQuestion:
    generated_id: str
    question_id: str
    path: Path
    moved_attempts: int


def saved_id(generated_id: str, parent: Question | None, taken: set[str]) -> str:
    """A bank id for a generated question: its parent's category, ``follow-up-`` and the
    generated id's hex, with a number after it while that id is taken."""
    category = parent.category if parent is not None and parent.category in CATEGORIES else "other"
    return free_id(f"{category}.follow-up-{generated_id.removeprefix('gen.').lower()}", taken)


def save_to_bank(
    db: Database, bank: Bank, generated_id: str, *, user_dir: Path | None = None
) -> SavedQuestion:
    """Copy the generated question ``generated_id`` into the user's bank under a new id and move
    its answers to that id. Raises :class:`SaveError` for an unknown or already saved question;
    OSError / DatabaseError when a file or the archive cannot be written (nothing is left half
    done)."""
    if not is_generated(generated_id):
        raise SaveError(f"{generated_id} is not a generated question")
    rows = db.generated_questions([generated_id])
    if not rows:
        raise SaveError(f"generated question {generated_id} is not in the archive")
    row = rows[0]
    if row.get("saved_as"):
        raise SaveError(f"{generated_id} is already in your bank as {row['saved_as']}")
    parent_id = str(row["parent_question_id"])
    parent = bank.get(parent_id)
    folder = paths.user_questions_dir() if user_dir is None else user_dir
    new_id = saved_id(generated_id, parent, {q.id for q in bank.questions})
    kind = parent.kind if parent is not None and parent.kind in KINDS else "technical"
    text = str(row["question"])
    question = Question(
        id=new_id,
        category=new_id.split(".", 1)[0],
        kind=kind,
        question=text,
        references=[Reference(SOURCE, "", None, text)],
        lang=str(row.get("lang") or "ko"),
        template=parent.template if parent is not None else None,
        follow_up_of=parent_id if parent is not None else None,
    )
    header = (
        "Follow-up questions the AI interviewer asked, saved by you from the review.\n"
        "Write your reference answer under [[question.reference]] text, or in the review."
    )
    path = write_new_file(folder, FILE_STEM, dump_questions([question], header))
    try:
        moved = db.save_generated_as(generated_id, new_id)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return SavedQuestion(generated_id, new_id, path, moved)
