"""Names people understand for where a reference answer came from.

A reference's ``source`` is the file name of the notes it was read from (the shipped notes are
named by a hash, "001_8fb70bbf054bce40.txt"), ``USER_SOURCE`` for an answer the user wrote, or
``draft:<documents>`` for an answer the AI drafted from the user's documents (shown as a draft).
:func:`source_title` turns it into the note's own title: the ``title:`` of its front matter,
else its first heading, else its first line, without Markdown marks or list numbers.
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from pathlib import Path

from interview_sim import paths
from interview_sim.core.question import USER_SOURCE
from interview_sim.i18n import tr

__all__ = ["note_title", "source_title"]

MAX_TITLE_CHARS = 60
DRAFT_SOURCE = "draft:"  # core/documents.py: a reference answer the AI drafted, not yet checked
TITLES_FILE = "titles.toml"  # beside the shipped notes: their names in each language
_HEAD_LINES = 60  # a title is at the top; the rest of a long note is never read for it
# "001_8fb70bbf054bce40": a number and a hash that name the file, not the note.
_HASHED_NAME = re.compile(r"^\d+_[0-9a-f]{8,}$", re.IGNORECASE)
_MARKS = re.compile(r"^(?:#+|[-*+>]|\d+[.)])\s*")  # heading marks, bullets, list numbers
_TAG = re.compile(r"^<[^>]*>$")  # an HTML line such as "<hr>"
_RULE = re.compile(r"^(?:-{3,}|\*{3,}|_{3,})$")  # a horizontal rule


def _clean(line: str) -> str:
    text = line.strip()
    while True:
        shorter = _MARKS.sub("", text, count=1).strip()
        if shorter == text:
            break
        text = shorter
    text = text.replace("**", "").replace("__", "").replace("`", "").strip()
    text = re.sub(r"\s+([?!.,])", r"\1", text)  # "이란 ?" as a title reads "이란?"
    if len(text) > MAX_TITLE_CHARS:
        text = text[: MAX_TITLE_CHARS - 1].rstrip() + "…"
    return text


def note_title(text: str) -> str:
    """The title of a note's text ("" if it has no line of words)."""
    lines = text.splitlines()[:_HEAD_LINES]
    if lines and lines[0].strip() == "---":  # front matter: its title wins
        for line in lines[1:]:
            if line.strip() == "---":
                break
            key, _sep, value = line.partition(":")
            if key.strip().lower() == "title" and value.strip():
                return _clean(value.strip().strip("\"'"))
    words, in_code = [], False
    for line in lines:
        stripped = line.strip()
        if stripped.startswith(("```", "~~~")):  # code is never the title
            in_code = not in_code
            continue
        if stripped and not in_code and not _TAG.match(stripped) and not _RULE.match(stripped):
            words.append(line)
    for line in words:
        if line.lstrip().startswith("#") and _clean(line):
            return _clean(line)
    for line in words:
        if _clean(line):
            return _clean(line)
    return ""


@lru_cache(maxsize=64)
def _title_of_file(path: Path) -> str:
    try:
        with path.open(encoding="utf-8", errors="replace") as notes:
            head = "".join(line for _n, line in zip(range(_HEAD_LINES), notes, strict=False))
    except OSError:
        return ""
    return note_title(head)


@lru_cache(maxsize=8)
def _given_titles(folder: Path) -> dict[str, dict[str, str]]:
    """The titles the bank gives its sources, by language then source (empty if unreadable:
    the notes' own titles still name them)."""
    try:
        data = tomllib.loads((folder / TITLES_FILE).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return {}
    return {
        lang: {
            name: title.strip() for name, title in table.items() if isinstance(title, str) and title.strip()
        }
        for lang, table in data.items()
        if isinstance(table, dict)
    }


def _readable_name(source: str) -> str:
    stem = Path(source).stem if "." in Path(source).name else Path(source).name
    return stem.replace("_", " ").replace("-", " ").strip() or source


def source_title(source: str, lang: str, notes_dir: Path | None = None) -> str:
    """What to call ``source`` in ``lang``: the bank's title for it in ``lang`` (titles.toml
    beside the shipped notes: the English names of the Korean notes), else the note's title when
    its file is among the shipped notes (or in ``notes_dir``), "your answer" for the user's own,
    notes the user imported by their file's name, else the file's name without its extension
    (a hashed name: "notes 1")."""
    if source == USER_SOURCE:
        return tr("source.user", lang)
    if not source:
        return tr("source.unknown", lang)
    if source.startswith(DRAFT_SOURCE):  # the AI's draft from the user's documents (core/documents.py)
        return tr("source.draft", lang, name=source.removeprefix(DRAFT_SOURCE).strip() or "-")
    if source.startswith("import:"):  # notes the user imported: named by their file
        return _readable_name(Path(source.removeprefix("import:")).name)
    name = Path(source).name
    folder = notes_dir if notes_dir is not None else paths.seed_notes_dir()
    given = _given_titles(folder).get(lang, {}).get(name)
    if given:
        return given
    path = folder / name
    if path.is_file():
        title = _title_of_file(path)
        if title:
            return title
    stem = Path(name).stem
    if _HASHED_NAME.match(stem):
        return tr("source.notes_n", lang, n=int(stem.split("_", 1)[0]) + 1)
    return _readable_name(name)
