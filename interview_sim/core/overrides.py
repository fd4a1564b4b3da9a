"""The user's edits to bank questions: own reference answers and key terms, laid over the bank.

They live in ``overrides.toml`` in the user's question folder, never in the bundled bank, so an
update of the bundled bank keeps them; they refer to questions by id only. Each entry replaces
what it names and leaves the rest of the question as the bank has it::

    [[override]]
    id = "network.tcp"
    keywords = ["신뢰성", "순서 | 시퀀스 번호"]   # replaces the question's key terms
    reference = '''TCP는 ...'''                  # your reference answer, shown first
    updated_at = "2026-11-22T11:00:00.000+00:00"

Writes read the file again, change one entry and replace the file atomically (a temporary
file, flushed, then renamed), so the other entries are never lost; a file with errors (edited
by hand) is never written over: saving fails with a message saying where it is broken.
"""

from __future__ import annotations

from collections.abc import MutableMapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from interview_sim import paths
from interview_sim.core.files import write_file
from interview_sim.core.question import MAX_TEXT_CHARS, USER_SOURCE, Question, Reference
from interview_sim.core.storage import now_iso
from interview_sim.core.tomlfile import Problem, parse_entries, read_text, toml_array, toml_string

OVERRIDES_FILE = "overrides.toml"
_KEYS = {"id", "keywords", "reference", "updated_at"}
_HEADER = (
    "# Your edits to questions of the bank: reference answers and key terms.\n"
    "# Written by Interview Sim; you may edit it by hand (`interview-sim bank validate` checks it).\n"
)


class OverrideError(Exception):
    """The edit was not saved; the message says why and where."""


class _Unchanged:
    def __repr__(self) -> str:
        return "UNCHANGED"


UNCHANGED: Any = _Unchanged()


@dataclass(frozen=True)
class Override:
    id: str
    keywords: list[str] | None = None  # None: the bank's key terms stay
    reference: str | None = None  # None: no reference of your own
    updated_at: str = ""
    line: int = 0

    @property
    def empty(self) -> bool:
        return self.keywords is None and self.reference is None


def overrides_path(user_dir: Path | None = None) -> Path:
    return (paths.user_questions_dir() if user_dir is None else user_dir) / OVERRIDES_FILE


def load_overrides(path: Path | None = None) -> tuple[dict[str, Override], list[Problem]]:
    """The edits by question id, and problems with file and line (a broken entry is skipped)."""
    path = overrides_path() if path is None else path
    if not path.exists():
        return {}, []
    text, problems = read_text(path)
    if text is None:
        return {}, problems
    return parse_overrides(text, str(path))


def parse_overrides(text: str, where: str) -> tuple[dict[str, Override], list[Problem]]:
    entries, document, problems = parse_entries(text, where, "override")
    for key in document:
        problems.append(Problem(where, 0, f"unknown top-level key {key!r} (edits are [[override]] tables)"))
    found: dict[str, Override] = {}
    for entry in entries:
        data = entry.data

        for key in data:
            if key not in _KEYS:
                problems.append(
                    Problem(where, entry.line_of(key), f"unknown field {key!r} ignored", "warning")
                )
        question_id = data.get("id")
        if not isinstance(question_id, str) or not question_id.strip():
            problems.append(
                Problem(where, entry.line_of("id"), "override needs the 'id' of the question it edits")
            )
            continue
        keywords = data.get("keywords")
        if keywords is not None and (
            not isinstance(keywords, list) or not all(isinstance(k, str) and k.strip() for k in keywords)
        ):
            problems.append(
                Problem(
                    where,
                    entry.line_of("keywords"),
                    f"{question_id}: 'keywords' must be a list of non-empty strings",
                )
            )
            continue
        reference = data.get("reference")
        if reference is not None and not isinstance(reference, str):
            problems.append(
                Problem(where, entry.line_of("reference"), f"{question_id}: 'reference' must be text")
            )
            continue
        if reference is not None and len(reference) > MAX_TEXT_CHARS:
            problems.append(
                Problem(
                    where,
                    entry.line_of("reference"),
                    f"{question_id}: reference over {MAX_TEXT_CHARS} characters",
                )
            )
            continue
        updated = data.get("updated_at", "")
        question_id = question_id.strip()
        if question_id in found:
            problems.append(
                Problem(
                    where,
                    entry.line_of("id"),
                    f"{question_id}: edited twice (first at line {found[question_id].line}); skipped",
                )
            )
            continue
        found[question_id] = Override(
            question_id,
            None if keywords is None else [k.strip() for k in keywords],
            None if reference is None else reference.strip("\n"),
            updated if isinstance(updated, str) else "",
            entry.line,
        )
    return found, problems


def apply_override(question: Question, override: Override) -> Question:
    """A copy of ``question`` with the edit applied (the bank's question is left alone)."""
    references = list(question.references)
    keywords = list(question.keywords) if override.keywords is None else list(override.keywords)
    if override.reference is not None and override.reference.strip():
        references.insert(0, Reference(USER_SOURCE, override.reference))
    return replace(question, references=references, keywords=keywords)


def apply_overrides(questions: MutableMapping[str, Question], path: Path) -> list[Problem]:
    """Apply the edits in ``path`` to ``questions`` (by id) in place; returns the problems."""
    overrides, problems = load_overrides(path)
    for question_id, override in overrides.items():
        question = questions.get(question_id)
        if question is None:
            problems.append(
                Problem(
                    str(path),
                    override.line,
                    f"{question_id}: no such question in the bank; the edit is kept but not used",
                    "warning",
                )
            )
            continue
        questions[question_id] = apply_override(question, override)
    return problems


def save_override(
    question_id: str,
    *,
    keywords: Sequence[str] | None = UNCHANGED,
    reference: str | None = UNCHANGED,
    path: Path | None = None,
) -> Override:
    """Set the user's key terms and/or reference answer of one question.

    Pass ``None`` to drop that part of the edit (back to the bank's); leave an argument out to
    keep what is saved. An entry left with nothing is removed.
    """
    path = overrides_path() if path is None else path
    current = _load_for_writing(path)
    previous = current.get(question_id, Override(question_id))
    new_keywords = previous.keywords if keywords is UNCHANGED else keywords
    if new_keywords is not None:
        new_keywords = [k.strip() for k in new_keywords if isinstance(k, str) and k.strip()]
    new_reference = previous.reference if reference is UNCHANGED else reference
    if new_reference is not None:
        new_reference = _printable(new_reference)
    if new_reference is not None and len(new_reference) > MAX_TEXT_CHARS:
        raise OverrideError(f"the reference answer is over {MAX_TEXT_CHARS} characters")
    updated = Override(question_id, new_keywords, new_reference, now_iso())
    if updated.empty:
        current.pop(question_id, None)
    else:
        current[question_id] = updated
    try:
        content = dump_overrides(current.values())
    except ValueError as exc:
        raise OverrideError(f"{question_id}: {exc}; nothing was saved") from exc
    reread, problems = parse_overrides(content, str(path))
    if problems or reread.get(question_id, Override(question_id)).empty != updated.empty:
        raise OverrideError(f"{question_id}: the edit could not be written as TOML; nothing was saved")
    _write_atomically(path, content)
    return updated


def _printable(text: str) -> str:
    """Text without the control characters a TOML file cannot hold (tabs and newlines stay)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(ch for ch in text if ch in "\n\t" or (ch >= " " and ch != "\x7f"))


def remove_override(question_id: str, path: Path | None = None) -> bool:
    """Forget the user's edit of a question; True when there was one."""
    path = overrides_path() if path is None else path
    current = _load_for_writing(path)
    if current.pop(question_id, None) is None:
        return False
    _write_atomically(path, dump_overrides(current.values()))
    return True


def _load_for_writing(path: Path) -> dict[str, Override]:
    overrides, problems = load_overrides(path)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise OverrideError(
            f"{errors[0]}; fix or move {path} first: saving now would drop the broken entries"
        )
    return dict(overrides)


def dump_overrides(overrides: Sequence[Override] | Any) -> str:
    out = [_HEADER.rstrip("\n")]
    for override in overrides:
        out += ["", "[[override]]", f"id = {toml_string(override.id)}"]
        if override.updated_at:
            out.append(f"updated_at = {toml_string(override.updated_at)}")
        if override.keywords is not None:
            out.append(f"keywords = {toml_array(override.keywords)}")
        if override.reference is not None:
            out.append(f"reference = {toml_string(override.reference)}")
    return "\n".join(out) + "\n"


def _write_atomically(path: Path, content: str) -> None:
    try:
        write_file(path, content)
    except OSError as exc:
        raise OverrideError(f"{path}: cannot save your edit: {exc.strerror or exc}") from exc
