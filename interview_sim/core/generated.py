"""Follow-up questions the AI interviewer generated, as questions of their own. Qt-free.

A generated follow-up is asked, answered and reviewed like any other question, but it is not a
question of the bank: it is stored in the archive's ``generated_questions`` table (linked to the
question it digs into and its session) under an id of its own (``gen.<hex>``), and answers to
it are attempts whose ``question_id`` is that id. :func:`resolve_question` finds it again for the
review, the summary and the debrief; it never enters the bank, so no plan picks it up.
:class:`QuestionTexts` is the one way every list, report and prompt shows an attempt's question:
its text, a generated one marked as a follow-up of its parent, an id no longer in the bank
marked as such (never a bare id).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from interview_sim.core.bank import Bank, Question
from interview_sim.core.storage import Database
from interview_sim.i18n import tr

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


# -- how a question id is shown ---------------------------------------------------------------

KIND_BANK = "bank"
KIND_GENERATED = "generated"
KIND_UNKNOWN = "unknown"
PARENT_CHARS = 40  # of the parent's text, in a generated question's label


@dataclass(frozen=True)
class ShownQuestion:
    """What an attempt's question id stands for, for every place that shows it."""

    question_id: str
    kind: str  # KIND_BANK, KIND_GENERATED or KIND_UNKNOWN
    text: str  # the question's own text (the id itself when unknown)
    question: Question | None = None  # as a Question (a generated one through as_question)
    parent_id: str | None = None
    parent_text: str | None = None

    def label(self, lang: str = "ko") -> str:
        """The text to show: a bank question's text; a generated one's text marked as a
        follow-up of its parent; an unknown id marked as no longer in the bank."""
        if self.kind == KIND_BANK:
            return self.text
        if self.kind == KIND_GENERATED:
            parent = self.parent_text or self.parent_id or ""
            if len(parent) > PARENT_CHARS:
                parent = parent[: PARENT_CHARS - 1].rstrip() + "…"
            return tr("question.generated_label", lang, text=self.text, parent=parent)
        return tr("question.missing_label", lang, id=self.question_id)


class QuestionTexts:
    """Resolves question ids to :class:`ShownQuestion` for one bank and archive: bank questions
    from the bank, generated ones from the archive (read in one query per batch, cached), any
    other id as unknown. Reads the database: use it off the GUI thread."""

    def __init__(self, db: Database | None, bank: Bank | None) -> None:
        self.db = db
        self.bank = bank
        self._rows: dict[str, dict[str, object] | None] = {}

    def preload(self, question_ids: Iterable[str]) -> None:
        wanted = [
            q
            for q in dict.fromkeys(question_ids)
            if is_generated(q) and q not in self._rows and (self.bank is None or q not in self.bank)
        ]
        if not wanted or self.db is None:
            return
        found = {str(row["id"]): row for row in self.db.generated_questions(wanted)}
        for question_id in wanted:
            self._rows[question_id] = found.get(question_id)

    def get(self, question_id: str) -> ShownQuestion:
        found = self.bank.get(question_id) if self.bank is not None else None
        if found is not None:
            return ShownQuestion(question_id, KIND_BANK, found.question, found)
        if is_generated(question_id):
            self.preload([question_id])
            row = self._rows.get(question_id)
            if row is not None:
                parent_id = str(row["parent_question_id"])
                parent = self.bank.get(parent_id) if self.bank is not None else None
                return ShownQuestion(
                    question_id,
                    KIND_GENERATED,
                    str(row["question"]),
                    as_question(row, parent),
                    parent_id,
                    parent.question if parent is not None else None,
                )
        return ShownQuestion(question_id, KIND_UNKNOWN, question_id)

    def label(self, question_id: str, lang: str = "ko") -> str:
        return self.get(question_id).label(lang)
