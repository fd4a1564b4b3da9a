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
HEDGE = "hedge"  # ~것 같습니다, "I think": a dotted underline, over any background

COLOURS = {
    COVERED: QColor("#c8e6c9"),
    COVERED_REF: QColor("#dcedc8"),
    MISSED: QColor("#ffcdd2"),
    FILLER: QColor("#fff59d"),
    MARKER: QColor("#e0e0e0"),
    DELETED: QColor("#ffcdd2"),
    INSERTED: QColor("#c8e6c9"),
}
# On the dark theme the text is light: the same meanings as deep shades it stays readable on.
DARK_COLOURS = {
    COVERED: QColor("#1e5631"),
    COVERED_REF: QColor("#35502a"),
    MISSED: QColor("#6b2226"),
    FILLER: QColor("#5c5216"),
    MARKER: QColor("#3c4043"),
    DELETED: QColor("#6b2226"),
    INSERTED: QColor("#1e5631"),
}
CURRENT_WORD = QColor("#90caf9")
DARK_CURRENT_WORD = QColor("#1f5fa8")
# Text drawn in its own colour, as (on the light theme, on the dark one).
STRONG_RED = (QColor("#8e0000"), QColor("#ffb4ab"))  # missed key terms, deleted words
REPEAT_LINE = (QColor("#8e24aa"), QColor("#d7a6e4"))
HEDGE_LINE = (QColor("#a84f00"), QColor("#fdb863"))  # the theme's WARN pair
MARKER_TEXT = (QColor("#555555"), QColor("#c4c7cc"))
HEADING_TEXT = (QColor("#37474f"), QColor("#b8c7cf"))
# Kinds drawn over others: the background of the first kind in this order wins.
_PRIORITY = (MISSED, COVERED, COVERED_REF, FILLER, DELETED, INSERTED)


def highlight(kind: str, dark: bool = False) -> QColor:
    """The background of a kind of mark on the light or the dark theme."""
    return (DARK_COLOURS if dark else COLOURS)[kind]


def char_format(kinds: Iterable[str], dark: bool = False) -> QTextCharFormat:
    """The format of text with these kinds of marks; ``dark`` for the dark theme's palette."""
    fmt = QTextCharFormat()
    kinds = set(kinds)
    shade = 1 if dark else 0
    for kind in _PRIORITY:
        if kind in kinds:
            fmt.setBackground(QBrush(highlight(kind, dark)))
            break
    if MISSED in kinds:
        fmt.setFontWeight(QFont.Weight.Bold)
        fmt.setForeground(QBrush(STRONG_RED[shade]))
    if FILLER in kinds:
        fmt.setFontUnderline(True)
    if REPEAT in kinds:
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
        fmt.setUnderlineColor(REPEAT_LINE[shade])
    if HEDGE in kinds:
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
        fmt.setUnderlineColor(HEDGE_LINE[shade])
    if DELETED in kinds:
        fmt.setFontStrikeOut(True)
        fmt.setForeground(QBrush(STRONG_RED[shade]))
    if MARKER in kinds:
        fmt.setBackground(QBrush(highlight(MARKER, dark)))
        fmt.setForeground(QBrush(MARKER_TEXT[shade]))
    if HEADING in kinds:
        fmt.setFontWeight(QFont.Weight.Bold)
        fmt.setForeground(QBrush(HEADING_TEXT[shade]))
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
    *,
    dark: bool = False,
) -> OffsetMap:
    """Insert ``text`` at ``cursor`` with ``marks`` as formats and ``markers`` (offset, label)
    as extra runs before the character at that offset; ``dark`` picks the dark theme's colours."""
    # One edit block: the document is laid out once at the end, not after every run.
    cursor.beginEditBlock()
    mapping = OffsetMap(cursor.position())
    pending = sorted((max(0, min(o, len(text))), label) for o, label in markers)
    plain = QTextCharFormat()
    marker_fmt = char_format([MARKER], dark)
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
        cursor.insertText(text[start:end], char_format(kinds, dark) if kinds else plain)
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


def insert_heading(cursor: QTextCursor, text: str, *, dark: bool = False) -> None:
    cursor.insertText(text, char_format([HEADING], dark))
    cursor.insertText("\n", QTextCharFormat())


def selection_format(*, dark: bool = False) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setBackground(QBrush(DARK_CURRENT_WORD if dark else CURRENT_WORD))
    fmt.setProperty(QTextCharFormat.Property.FullWidthSelection, False)
    return fmt
