"""Names people understand for where a reference answer came from: a note's title instead of
its hashed file name ("001_8fb70bbf054bce40.txt").

A bundled note's title is its front matter's ``title:`` or its first ``# `` heading; a note
without either is "note N" by the number its file name starts with (the caller translates:
:func:`source_label` returns the number). An imported file is named by its file name.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from interview_sim import paths

_NUMBERED = re.compile(r"^(\d+)_[0-9a-f]{8,}\.(?:txt|md)$")
_FRONT_TITLE = re.compile(r"^title:\s*(.+?)\s*$", re.MULTILINE)
_HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.MULTILINE)
MAX_TITLE = 40
HEAD_BYTES = 4096


@dataclass(frozen=True)
class SourceLabel:
    title: str  # the note's title, or "" when it has none
    number: int | None = None  # "note N" when there is no title (numbered from 1)


@functools.lru_cache(maxsize=64)
def _title_of(path: Path) -> str:
    try:
        with path.open("rb") as handle:
            head = handle.read(HEAD_BYTES).decode("utf-8", errors="ignore")
    except OSError:
        return ""
    found = _FRONT_TITLE.search(head) if head.startswith("---") else None
    found = found or _HEADING.search(head)
    if found is None:
        return ""
    title = found.group(1).strip()
    return title if len(title) <= MAX_TITLE else title[: MAX_TITLE - 1].rstrip() + "…"


def source_label(source: str, notes_dir: Path | None = None) -> SourceLabel:
    """How to name the reference source ``source`` (a note file name, ``import:NAME``)."""
    if source.startswith("import:"):
        return SourceLabel(Path(source.removeprefix("import:")).stem)
    folder = notes_dir if notes_dir is not None else paths.seed_notes_dir()
    numbered = _NUMBERED.match(source)
    if "/" not in source and "\\" not in source:
        title = _title_of(folder / source)
        if title:
            return SourceLabel(title)
    if numbered is not None:
        return SourceLabel("", int(numbered.group(1)) + 1)
    return SourceLabel(Path(source).stem if "." in source else source)
