"""Follow-up questions the AI interviewer generated, as questions of their own. Qt-free.

A generated follow-up is asked, answered and reviewed like any other question, but it is not a
question of the bank: it is stored in the archive's ``generated_questions`` table (linked to the
question it digs into and its session) under an id of its own (``gen.<hex>``), and answers to
it are attempts whose ``question_id`` is that id. :func:`resolve_question` finds it again for the
review, the summary and the debrief; it never enters the bank, so no plan picks it up.
"""

from __future__ import annotations

import uuid

from interview_sim.core.bank import Bank, Question
from interview_sim.core.storage import Database

PREFIX = "gen."
ORIGIN = "generated"


def is_generated(question_id: str) -> bool:
    return question_id.startswith(PREFIX)


def new_id() -> str:
    return PREFIX + uuid.uuid4().hex[:12]


def as_question(row: dict[str, object], parent: Question | None) -> Question:
    """A stored generated question as a :class:`Question`: the parent's category, kind and
    template (a follow-up is answered like its parent), no reference answer of its own."""
    return Question(
        id=str(row["id"]),
        category=parent.category if parent is not None else "generated",
        kind=parent.kind if parent is not None else "technical",
        question=str(row["question"]),
        references=[],
        lang=str(row.get("lang") or (parent.lang if parent is not None else "ko")),
        template=parent.template_id if parent is not None else None,
        origin=ORIGIN,
    )


def resolve_question(db: Database, bank: Bank | None, question_id: str) -> Question | None:
    """The question of an attempt: from the bank, else a generated one from the archive."""
    found = bank.get(question_id) if bank is not None else None
    if found is not None or not is_generated(question_id):
        return found
    rows = db.generated_questions([question_id])
    if not rows:
        return None
    parent_id = str(rows[0]["parent_question_id"])
    return as_question(rows[0], bank.get(parent_id) if bank is not None else None)
