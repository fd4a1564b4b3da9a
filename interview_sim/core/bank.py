"""The question bank: bundled questions plus the user's own, validated on load.

The format is documented in ``questions/README.md``. Loading never raises for bad content:
each problem becomes a :class:`Problem` with file and line, the broken question is skipped and
everything else loads.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from interview_sim import paths
from interview_sim.core.categories import CATEGORIES, KINDS
from interview_sim.core.overrides import OVERRIDES_FILE, apply_overrides
from interview_sim.core.question import MAX_TEXT_CHARS, USER_SOURCE, Question, Reference
from interview_sim.core.templates import load_templates
from interview_sim.core.tomlfile import Entry, Problem, parse_entries, read_text

__all__ = [
    "MAX_TEXT_CHARS",
    "USER_SOURCE",
    "Bank",
    "Problem",
    "Question",
    "Reference",
    "load_bank",
    "load_templates",
]

LANGUAGES = ("ko", "en")
# <category>.<slug>; an English edition of a Korean question is "en." + the Korean id.
ID_PATTERN = re.compile(r"^(en\.)?[a-z][a-z-]*\.[a-z0-9][a-z0-9-]*$")
EDITIONS_DIR = "en"  # the bundled English edition lives in questions/en/

_QUESTION_KEYS = {
    "id",
    "category",
    "kind",
    "question",
    "keywords",
    "follow_ups",
    "lang",
    "template",
    "edition_of",
    "follow_up_of",
    "reference",
}
_REFERENCE_KEYS = {"source", "line", "asked", "text"}


@dataclass
class Bank:
    questions: list[Question]
    problems: list[Problem]

    def __post_init__(self) -> None:
        self._by_id = {q.id: q for q in self.questions}

    def get(self, question_id: str) -> Question | None:
        return self._by_id.get(question_id)

    def __len__(self) -> int:
        return len(self.questions)

    def __contains__(self, question_id: object) -> bool:
        return question_id in self._by_id

    def select(
        self, categories: Iterable[str] = (), kinds: Iterable[str] = (), langs: Iterable[str] = ()
    ) -> list[Question]:
        """The questions of these categories, kinds and languages (each: all when empty)."""
        wanted_categories, wanted_kinds, wanted_langs = set(categories), set(kinds), set(langs)
        return [
            q
            for q in self.questions
            if (not wanted_categories or q.category in wanted_categories)
            and (not wanted_kinds or q.kind in wanted_kinds)
            and (not wanted_langs or q.lang in wanted_langs)
        ]

    def edition(self, question_id: str, lang: str) -> Question | None:
        """The question in ``lang``: itself, or the edition of it (or of what it translates)."""
        question = self.get(question_id)
        if question is None:
            return None
        if question.lang == lang:
            return question
        original = self.get(question.edition_of) if question.edition_of else question
        if original is not None and original.lang == lang:
            return original
        if original is None:
            return None
        return next((q for q in self.questions if q.edition_of == original.id and q.lang == lang), None)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def question_files(folder: Path) -> list[Path]:
    """The question files of a bank folder and of its ``en/`` edition folder."""
    if not folder.is_dir():
        return []
    # templates.toml holds timing templates, overrides.toml the user's edits (core/overrides.py).
    not_questions = {"templates.toml", "overrides.toml"}
    found = sorted(p for p in folder.glob("*.toml") if p.name not in not_questions and p.is_file())
    return found + sorted(p for p in (folder / EDITIONS_DIR).glob("*.toml") if p.is_file())


def load_file(path: Path, *, origin: str = "bundled") -> tuple[list[Question], list[Problem]]:
    text, problems = read_text(path)
    if text is None:
        return [], problems
    return parse_questions(text, str(path), origin=origin)


def parse_questions(
    text: str, where: str, *, origin: str = "bundled"
) -> tuple[list[Question], list[Problem]]:
    entries, document, problems = parse_entries(text, where, "question")
    for key in document:
        problems.append(
            Problem(where, 0, f"unknown top-level key {key!r} (questions are [[question]] tables)")
        )
    questions = []
    seen: dict[str, int] = {}
    for entry in entries:
        question, entry_problems = _question_from_entry(entry, where, origin)
        problems.extend(entry_problems)
        if question is None:
            continue
        if question.id in seen:
            problems.append(
                Problem(
                    where,
                    entry.line_of("id"),
                    f"duplicate id {question.id!r} (first at line {seen[question.id]})",
                )
            )
            continue
        seen[question.id] = entry.line
        questions.append(question)
    return questions, problems


def _question_from_entry(entry: Entry, where: str, origin: str) -> tuple[Question | None, list[Problem]]:
    data = entry.data
    problems: list[Problem] = []

    def error(key: str, message: str) -> None:
        problems.append(Problem(where, entry.line_of(key), message))

    def warn(key: str, message: str) -> None:
        problems.append(Problem(where, entry.line_of(key), message, "warning"))

    for key in data:
        if key not in _QUESTION_KEYS:
            warn(key, f"unknown field {key!r} ignored (known: {', '.join(sorted(_QUESTION_KEYS))})")

    strings: dict[str, str] = {}
    for key in ("id", "category", "kind", "question"):
        value = data.get(key)
        if value is None:
            error(key, f"missing required field {key!r}")
        elif not isinstance(value, str) or not value.strip():
            error(key, f"{key!r} must be a non-empty string")
        else:
            strings[key] = value.strip()
    if "id" in strings and not ID_PATTERN.match(strings["id"]):
        error("id", f"id {strings['id']!r} must look like 'category.slug' (lowercase letters, digits, '-')")
    if "category" in strings and strings["category"] not in CATEGORIES:
        error("category", f"unknown category {strings['category']!r} (one of: {', '.join(CATEGORIES)})")
    if "kind" in strings and strings["kind"] not in KINDS:
        error("kind", f"unknown kind {strings['kind']!r} (one of: {', '.join(KINDS)})")

    lang = data.get("lang", "ko")
    if lang not in LANGUAGES:
        error("lang", f"lang must be one of {', '.join(LANGUAGES)}, not {lang!r}")
    template = data.get("template")
    if template is not None and (not isinstance(template, str) or not template.strip()):
        error("template", "'template' must be a template id")
    edition_of = data.get("edition_of")
    if edition_of is not None and (not isinstance(edition_of, str) or not ID_PATTERN.match(edition_of)):
        error("edition_of", "'edition_of' must be the id of the question this one translates")
    follow_up_of = data.get("follow_up_of")
    if follow_up_of is not None and (not isinstance(follow_up_of, str) or not ID_PATTERN.match(follow_up_of)):
        error("follow_up_of", "'follow_up_of' must be the id of the question this one follows up")
    if "id" in strings and strings["id"].startswith("en.") and lang != "en":
        error("lang", f"{strings['id']}: an id starting with 'en.' is an English question; add lang = \"en\"")

    keywords = _string_list(data, "keywords", error)
    follow_ups = _string_list(data, "follow_ups", error)
    references = _references(data.get("reference"), entry, where, problems)

    if problems and any(p.severity == "error" for p in problems):
        return None, problems
    question = Question(
        id=strings["id"],
        category=strings["category"],
        kind=strings["kind"],
        question=strings["question"],
        references=references,
        keywords=keywords,
        follow_ups=follow_ups,
        lang=str(lang),
        template=template,
        edition_of=edition_of,
        follow_up_of=follow_up_of,
        file=where,
        line=entry.line,
        origin=origin,
    )
    if any(r.answered for r in references) and not keywords:
        warn("keywords", f"{question.id}: answered question without keywords; coverage cannot be scored")
    return question, problems


def _string_list(data: dict[str, Any], key: str, error: Any) -> list[str]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        error(key, f"{key!r} must be a list of non-empty strings")
        return []
    return [v.strip() for v in value]


def _references(raw: Any, entry: Entry, where: str, problems: list[Problem]) -> list[Reference]:
    if raw is None:
        problems.append(
            Problem(where, entry.line, "no [[question.reference]]: say where the question comes from")
        )
        return []
    if not isinstance(raw, list) or not all(isinstance(r, dict) for r in raw):
        problems.append(
            Problem(where, entry.line_of("reference"), "'reference' must be [[question.reference]] tables")
        )
        return []
    references = []
    for index, ref in enumerate(raw):
        line = entry.key_lines.get(f"reference#{index}", entry.line)

        def at(key: str, ref_index: int = index, fallback: int = line) -> int:
            return entry.key_lines.get(f"reference#{ref_index}.{key}", fallback)

        for key in ref:
            if key not in _REFERENCE_KEYS:
                problems.append(
                    Problem(where, at(key), f"unknown reference field {key!r} ignored", "warning")
                )
        source, text, asked = ref.get("source"), ref.get("text", ""), ref.get("asked", "")
        ref_line = ref.get("line")
        if not isinstance(source, str) or not source.strip():
            problems.append(
                Problem(where, at("source"), "reference needs a 'source' (a note file name or 'user')")
            )
            continue
        if not isinstance(text, str):
            problems.append(Problem(where, at("text"), "reference 'text' must be a string"))
            continue
        if len(text) > MAX_TEXT_CHARS:
            problems.append(Problem(where, at("text"), f"reference text over {MAX_TEXT_CHARS} characters"))
            continue
        if not isinstance(asked, str):
            problems.append(Problem(where, at("asked"), "reference 'asked' must be a string"))
            continue
        if ref_line is not None and (
            not isinstance(ref_line, int) or isinstance(ref_line, bool) or ref_line < 1
        ):
            problems.append(Problem(where, at("line"), "reference 'line' must be a positive whole number"))
            continue
        references.append(Reference(source.strip(), text.strip("\n"), ref_line, asked.strip()))
    return references


def load_bank(
    bundled_dir: Path | None = None,
    user_dir: Path | None = None,
    *,
    include_user: bool = True,
    templates: Iterable[str] | None = None,
) -> Bank:
    """The bundled bank with the user's questions and edits laid over it (same id replaces)."""
    bundled_dir = paths.bundled_questions_dir() if bundled_dir is None else bundled_dir
    questions: dict[str, Question] = {}
    problems: list[Problem] = []
    if not bundled_dir.is_dir():
        problems.append(Problem(str(bundled_dir), 0, "the bundled question bank is missing"))
    questions.update(_load_folder(bundled_dir, "bundled", problems))
    if include_user:
        user_dir = paths.user_questions_dir() if user_dir is None else user_dir
        questions.update(_load_folder(user_dir, "user", problems))
        problems.extend(apply_overrides(questions, user_dir / OVERRIDES_FILE))
    link_follow_ups(questions)
    bank = Bank(list(questions.values()), problems)
    problems.extend(check_links(bank.questions, templates))
    return bank


def link_follow_ups(questions: dict[str, Question]) -> None:
    """A question that names its parent (``follow_up_of``) joins the parent's follow-ups, after
    those the parent lists itself; a parent that is not in the bank is left to check_links."""
    for question in questions.values():
        parent = questions.get(question.follow_up_of or "")
        if parent is not None and parent is not question and question.id not in parent.follow_ups:
            parent.follow_ups = [*parent.follow_ups, question.id]


def _load_folder(folder: Path, origin: str, problems: list[Problem]) -> dict[str, Question]:
    """The questions of one folder by id; a repeated id keeps the first and is reported."""
    questions: dict[str, Question] = {}
    for path in question_files(folder):
        loaded, file_problems = load_file(path, origin=origin)
        problems.extend(file_problems)
        for q in loaded:
            if q.id in questions:
                first = questions[q.id]
                problems.append(
                    Problem(
                        q.file, q.line, f"duplicate id {q.id!r} (also {first.file}:{first.line}); skipped"
                    )
                )
                continue
            questions[q.id] = q
    return questions


def check_links(questions: Sequence[Question], templates: Iterable[str] | None = None) -> list[Problem]:
    """Follow-ups and templates that point nowhere: warnings, the questions still load.
    Editions that do not match their original: errors (see :func:`check_editions`)."""
    langs = {q.id: q.lang for q in questions}
    ids = set(langs)
    known_templates = set(templates) if templates is not None else None
    problems = []
    for q in questions:
        for target in q.follow_ups:
            if target not in ids:
                problems.append(
                    Problem(q.file, q.line, f"{q.id}: follow-up {target!r} is not in the bank", "warning")
                )
            elif target == q.id:
                problems.append(
                    Problem(q.file, q.line, f"{q.id}: a question cannot follow itself", "warning")
                )
            elif langs[target] != q.lang:
                problems.append(
                    Problem(
                        q.file,
                        q.line,
                        f"{q.id}: follow-up {target!r} is in another language ({langs[target]}); "
                        "link its edition in this one",
                        "warning",
                    )
                )
        if q.follow_up_of is not None and q.follow_up_of not in ids:
            problems.append(
                Problem(
                    q.file,
                    q.line,
                    f"{q.id}: follows up {q.follow_up_of!r}, which is not in the bank",
                    "warning",
                )
            )
        if known_templates is not None and q.template_id not in known_templates:
            problems.append(Problem(q.file, q.line, f"{q.id}: unknown template {q.template_id!r}", "warning"))
    problems.extend(check_editions(questions))
    return problems


def check_editions(questions: Sequence[Question]) -> list[Problem]:
    """An edition is the same question in another language: same category and kind, the same
    notes (each reference's source and line, in order), follow-ups to the editions of the
    original's follow-ups, and answered where the original is."""
    by_id = {q.id: q for q in questions}
    problems: list[Problem] = []
    claimed: dict[tuple[str, str], str] = {}
    editions = {(q.edition_of, q.lang): q.id for q in questions if q.edition_of is not None}
    linked = {q.id for q in questions if q.follow_up_of is not None}

    def error(q: Question, message: str) -> None:
        problems.append(Problem(q.file, q.line, f"{q.id}: {message}"))

    for q in questions:
        if q.edition_of is None:
            continue
        original = by_id.get(q.edition_of)
        if original is None:
            problems.append(
                Problem(
                    q.file,
                    q.line,
                    f"{q.id}: edition of {q.edition_of!r}, which is not in the bank",
                    "warning",
                )
            )
            continue
        if original.edition_of is not None:
            error(
                q, f"edition of {original.id!r}, itself an edition; link the original {original.edition_of!r}"
            )
            continue
        if original.lang == q.lang:
            error(q, f"edition of {original.id!r} in the same language ({q.lang})")
            continue
        other = claimed.setdefault((original.id, q.lang), q.id)
        if other != q.id:
            error(q, f"{original.id!r} already has a {q.lang} edition, {other!r}")
        if "user" in (q.origin, original.origin):
            continue  # the user's own version of either side: theirs to shape as they like
        if (q.category, q.kind) != (original.category, original.kind):
            error(
                q,
                f"category/kind {q.category}/{q.kind} differ from {original.id}'s "
                f"{original.category}/{original.kind}",
            )
        notes, original_notes = _note_refs(q), _note_refs(original)
        if notes != original_notes:
            error(
                q,
                f"references {_notes(notes)} differ from {original.id}'s {_notes(original_notes)} "
                "(keep each reference's source and line)",
            )
        elif [r.answered for r in q.references if r.source != USER_SOURCE] != [
            r.answered for r in original.references if r.source != USER_SOURCE
        ]:
            error(q, f"answer a reference exactly where {original.id} does (an empty text where it has none)")
        # follow-ups the user saved under a bundled question (follow_up_of) have no edition
        expected = sorted(
            editions.get((f, q.lang), f"{q.lang}.{f}") for f in original.follow_ups if f not in linked
        )
        if sorted(f for f in q.follow_ups if f not in linked) != expected:
            error(
                q,
                f"follow-ups {sorted(q.follow_ups)} should be the {q.lang} editions of "
                f"{original.id}'s: {expected}",
            )
    return problems


def _note_refs(q: Question) -> list[tuple[str, int | None]]:
    """Where the question's references come from, without the user's own answer (an edit)."""
    return [(r.source, r.line) for r in q.references if r.source != USER_SOURCE]


def _notes(notes: list[tuple[str, int | None]]) -> str:
    return "[" + ", ".join(f"{source}:{line}" if line else source for source, line in notes) + "]"
