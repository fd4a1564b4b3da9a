"""A question of the bank and its reference answers: the data every part of the core shares.

Kept apart from the loading (``core/bank.py``) so that the user's edits (``core/overrides.py``),
which the loader lays over the bank, can build questions without importing the loader.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Each kind's timing template, unless a question names another.
DEFAULT_TEMPLATE = {
    "technical": "technical",
    "self-introduction": "self-introduction",
    "behavioral": "behavioral-star",
    "motivation": "motivation",
}
USER_SOURCE = "user"  # the source of a reference answer the user wrote
MAX_TEXT_CHARS = 20_000


@dataclass(frozen=True)
class Reference:
    source: str
    text: str
    line: int | None = None
    asked: str = ""

    @property
    def answered(self) -> bool:
        return bool(self.text.strip())


@dataclass
class Question:
    id: str
    category: str
    kind: str
    question: str
    references: list[Reference]
    keywords: list[str] = field(default_factory=list)
    follow_ups: list[str] = field(default_factory=list)
    lang: str = "ko"
    template: str | None = None
    edition_of: str | None = None  # the id of the question this one is a translation of
    # the question this one is a follow-up of, when that one cannot list it (a bundled
    # question's follow-up the user saved to their own bank): the loader links them
    follow_up_of: str | None = None
    file: str = ""
    line: int = 0
    origin: str = "bundled"  # or "user": from the user's own bank

    @property
    def template_id(self) -> str:
        return self.template or DEFAULT_TEMPLATE[self.kind]

    @property
    def answers(self) -> list[Reference]:
        """References that carry an answer text."""
        return [r for r in self.references if r.answered]

    @property
    def sources(self) -> list[str]:
        return list(dict.fromkeys(r.source for r in self.references))

    def keyword_alternatives(self) -> list[list[str]]:
        """Each keyword as its list of accepted spellings."""
        return [[part.strip() for part in k.split("|") if part.strip()] for k in self.keywords]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "category": self.category,
            "kind": self.kind,
            "question": self.question,
            "lang": self.lang,
            "edition_of": self.edition_of,
            "follow_up_of": self.follow_up_of,
            "template": self.template_id,
            "references": [{"text": r.text, "source": r.source} for r in self.answers],
            "sources": [{"source": r.source, "line": r.line, "asked": r.asked} for r in self.references],
            "keywords": list(self.keywords),
            "follow_ups": list(self.follow_ups),
            "origin": self.origin,
        }
