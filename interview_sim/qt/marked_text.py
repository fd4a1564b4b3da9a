"""Text shown with highlights, always as plain text: reference answers and transcripts are data.

Documents are built with :class:`QTextCursor` and :class:`QTextCharFormat` only, never from
HTML, so ``<img src=x>`` in a reference answer is shown as those characters. Markers that are
not part of the text (a long pause, a heading) are inserted as extra runs; :class:`OffsetMap`
turns offsets in the source text into positions in the document and back.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from PySide6.QtGui import QBrush, QColor, QFont, QTextCharFormat, QTextCursor

COVERED = "covered"
MISSED = "missed"
COVERED_REF = "covered_ref"
FILLER = "filler"
REPEAT = "repeat"
MARKER = "marker"
HEADING = "heading"
DELETED = "deleted"
INSERTED = "inserted"

COLOURS = {
    COVERED: QColor("#c8e6c9"),
    COVERED_REF: QColor("#dcedc8"),
    MISSED: QColor("#ffcdd2"),
    FILLER: QColor("#fff59d"),
    MARKER: QColor("#e0e0e0"),
    DELETED: QColor("#ffcdd2"),
    INSERTED: QColor("#c8e6c9"),
}
CURRENT_WORD = QColor("#90caf9")
# Kinds drawn over others: the background of the first kind in this order wins.
_PRIORITY = (MISSED, COVERED, COVERED_REF, FILLER, DELETED, INSERTED)


def char_format(kinds: Iterable[str]) -> QTextCharFormat:
    fmt = QTextCharFormat()
    kinds = set(kinds)
    for kind in _PRIORITY:
        if kind in kinds:
            fmt.setBackground(QBrush(COLOURS[kind]))
            break
    if MISSED in kinds:
        fmt.setFontWeight(QFont.Weight.Bold)
        fmt.setForeground(QBrush(QColor("#8e0000")))
    if FILLER in kinds:
        fmt.setFontUnderline(True)
    if REPEAT in kinds:
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
        fmt.setUnderlineColor(QColor("#8e24aa"))
    if DELETED in kinds:
        fmt.setFontStrikeOut(True)
        fmt.setForeground(QBrush(QColor("#8e0000")))
    if MARKER in kinds:
        fmt.setBackground(QBrush(COLOURS[MARKER]))
        fmt.setForeground(QBrush(QColor("#555555")))
    if HEADING in kinds:
        fmt.setFontWeight(QFont.Weight.Bold)
        fmt.setForeground(QBrush(QColor("#37474f")))
    return fmt


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    kind: str


@dataclass
class OffsetMap:
    """Positions of one source text inside a document with extra runs inserted in it."""

    base: int = 0  # document position of the text's first character
    inserted_at: list[int] = field(default_factory=list)  # source offsets, ascending
    inserted_total: list[int] = field(default_factory=list)  # characters inserted up to each

    def to_document(self, offset: int) -> int:
        count = bisect.bisect_right(self.inserted_at, offset)
        return self.base + offset + (self.inserted_total[count - 1] if count else 0)

    def to_source(self, position: int) -> int:
        """The source offset at a document position (a position inside a marker gives the
        offset after it)."""
        position -= self.base
        shift = 0
        for at, total in zip(self.inserted_at, self.inserted_total, strict=True):
            if position < at + total:
                break
            shift = total
        return max(0, position - shift)


def _segments(text: str, marks: Sequence[Mark]) -> list[tuple[int, int, frozenset[str]]]:
    bounds = {0, len(text)}
    for mark in marks:
        if 0 <= mark.start < mark.end <= len(text):
            bounds.update((mark.start, mark.end))
    ordered = sorted(bounds)
    valid = [m for m in marks if 0 <= m.start < m.end <= len(text)]
    out = []
    for start, end in itertools.pairwise(ordered):
        kinds = frozenset(m.kind for m in valid if m.start <= start and m.end >= end)
        out.append((start, end, kinds))
    return out


def insert_marked(
    cursor: QTextCursor,
    text: str,
    marks: Sequence[Mark] = (),
    markers: Sequence[tuple[int, str]] = (),
) -> OffsetMap:
    """Insert ``text`` at ``cursor`` with ``marks`` as formats and ``markers`` (offset, label)
    as extra runs before the character at that offset."""
    # One edit block: the document is laid out once at the end, not after every run.
    cursor.beginEditBlock()
    mapping = OffsetMap(cursor.position())
    pending = sorted((max(0, min(o, len(text))), label) for o, label in markers)
    plain = QTextCharFormat()
    marker_fmt = char_format([MARKER])
    total = 0
    cut_points = sorted({o for o, _ in pending})
    pieces: list[tuple[int, int, frozenset[str]]] = []
    # Split segments at the marker offsets so each marker goes in between.
    for start, end, kinds in _segments(text, marks):
        inner = [c for c in cut_points if start < c < end]
        edges = [start, *inner, end]
        pieces += [(a, b, kinds) for a, b in itertools.pairwise(edges)]
    index = 0
    for start, end, kinds in pieces:
        while index < len(pending) and pending[index][0] <= start:
            label = pending[index][1]
            cursor.insertText(label, marker_fmt)
            total += len(label)
            mapping.inserted_at.append(pending[index][0])
            mapping.inserted_total.append(total)
            index += 1
        cursor.insertText(text[start:end], char_format(kinds) if kinds else plain)
    while index < len(pending):
        label = pending[index][1]
        cursor.insertText(label, marker_fmt)
        total += len(label)
        mapping.inserted_at.append(pending[index][0])
        mapping.inserted_total.append(total)
        index += 1
    cursor.setCharFormat(plain)
    cursor.endEditBlock()
    return mapping


def insert_heading(cursor: QTextCursor, text: str) -> None:
    cursor.insertText(text, char_format([HEADING]))
    cursor.insertText("\n", QTextCharFormat())


def selection_format() -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setBackground(QBrush(CURRENT_WORD))
    fmt.setProperty(QTextCharFormat.Property.FullWidthSelection, False)
    return fmt
