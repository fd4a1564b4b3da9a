"""The summary's table of answers: its columns, the cells of one answer, and filling the table
for a session (scores coloured by band, a review button per row, the pace columns only for the
units the session's answers have). Split out of :mod:`interview_sim.qt.summary_screen`, which
lays it out and reacts to the user."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from interview_sim.core.storage import STATUS_TYPED, Attempt
from interview_sim.core.verdict import band
from interview_sim.i18n import tr
from interview_sim.qt.formatting import change_text, fmt_num, fmt_time, rate_cell, score_text
from interview_sim.qt.theme import BAD, GOOD, WARN, tone

BAND_TONES = {"good": GOOD, "fair": WARN, "weak": BAD}

COLUMNS = (
    "col.question",
    "col.score",
    "col.change",
    "col.length",
    "col.keywords",
    "col.rate_ko",
    "col.rate_en",
    "col.fillers_count",
    "col.rating",
    # The voice (issue 14): the two figures a coach names first.
    "col.pitch_range",
    "col.trailing_off",
    "col.review",
)
RATE_COLUMNS = {
    "syllables_per_minute": COLUMNS.index("col.rate_ko"),
    "words_per_minute": COLUMNS.index("col.rate_en"),
}
REVIEW_COLUMN = COLUMNS.index("col.review")
SCORE_COLUMN = COLUMNS.index("col.score")
CHANGE_COLUMN = COLUMNS.index("col.change")
# What the transcript's words decide (the length and the voice come from the recording).
CONTENT_COLUMNS = (
    SCORE_COLUMN,
    CHANGE_COLUMN,
    COLUMNS.index("col.keywords"),
    *RATE_COLUMNS.values(),
    COLUMNS.index("col.fillers_count"),
)


def metric_cells(
    attempt: Attempt,
    metrics: dict[str, Any] | None,
    question_text: str,
    lang: str,
    previous: float | None = None,
) -> list[str]:
    """The cells of one answer in the summary, one per column but the review button's; each
    column has one unit, named in its header. A typed answer has no length or pace (its time is
    typing time)."""
    m = metrics or {}
    target = m.get("target_s")
    length = fmt_time(m.get("duration_s", attempt.duration_s))
    if target:
        length += f" / {fmt_time(target)}"
    if attempt.status == STATUS_TYPED:
        length = ""  # typing time, not the answer's length (the review leaves it out too)
    total = m.get("keywords_total") or 0
    score = m.get("content_score")
    change = score - previous if score is not None and previous is not None else None
    rates = ["", ""]
    if attempt.status != STATUS_TYPED and m.get("rate") is not None:
        rates[0 if m.get("rate_unit") != "words_per_minute" else 1] = rate_cell(m, lang)
    fillers = m.get("fillers")
    return [
        question_text,
        score_text(score, lang),
        change_text(change),
        length,
        f"{m.get('keywords_covered', 0)}/{total}" if total else "",
        *rates,
        "" if fillers is None else str(fillers),
        tr(f"rating.{attempt.rating}", lang) if attempt.rating else "",
        *voice_cells(m, lang),
    ]


def voice_cells(metrics: dict[str, Any], lang: str) -> list[str]:
    """Pitch range (flagged when monotone) and sentences trailing off; empty without a recording
    (a typed answer has no voice: nothing to show rather than a "-")."""
    pitch_range = metrics.get("pitch_range_st")
    if pitch_range is None:
        pitch = ""
    else:
        key = "value.monotone" if metrics.get("monotone") else "value.semitones"
        pitch = tr(key, lang, value=fmt_num(pitch_range, 1))
    trailing = metrics.get("trailing_off")
    return [pitch, str(trailing) if trailing is not None else ""]


def make_table(row_height: int) -> QTableWidget:
    """The table, read-only, one row selected at a time, as tall as its rows."""
    table = QTableWidget(0, len(COLUMNS))
    table.setObjectName("summary_table")
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.setTabKeyNavigation(False)
    table.setWordWrap(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    table.verticalHeader().setDefaultSectionSize(row_height)
    # As tall as its rows: no table of empty space above the actions.
    table.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
    return table


def fill_table(
    table: QTableWidget,
    attempts: Sequence[Attempt],
    metrics: dict[int, dict[str, Any]],
    previous: dict[str, float],
    question_label: Callable[[str], str],
    lang: str,
    palette: QPalette,
    review_button: Callable[[int], QWidget],
) -> None:
    """One row per answer, with ``review_button(attempt_id)`` in its last column; the change
    column only when there is a previous session to compare with."""
    table.setRowCount(len(attempts))
    for row, attempt in enumerate(attempts):
        answer_metrics = metrics.get(attempt.id)
        cells = metric_cells(
            attempt,
            answer_metrics,
            question_label(attempt.question_id),
            lang,
            previous.get(attempt.question_id),
        )
        # The second pass still works on it: its scores change once it arrives (then refreshed).
        pending = bool(attempt.refine_pending) and attempt.refined is None
        score = (answer_metrics or {}).get("content_score")
        if pending:
            # In front: a long question is elided at its end, and the mark with it.
            cells[0] = f"{tr('summary.refine_pending', lang)} · {cells[0]}"
            shown = attempt.transcript
            if shown is None or not shown.text.strip():
                # Nothing heard yet (an English answer has no live model by default): a score of
                # 0 and 0 key terms would be a verdict on silence; they come with the refined one.
                for column in CONTENT_COLUMNS:
                    cells[column] = "…" if column == SCORE_COLUMN else ""
                score = None
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, attempt.id)
            notice = tr("refine.pending", lang) if pending else ""
            if not column:  # a long question (a follow-up with its parent) is cut off
                item.setToolTip(f"{text}\n{notice}" if notice else text)
            elif notice:
                item.setToolTip(notice)
            if column:
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            if column == SCORE_COLUMN and score is not None:
                item.setForeground(tone(BAND_TONES[band(score)], palette))
            if column == CHANGE_COLUMN and text[:1] in ("▲", "▼"):
                item.setForeground(tone(GOOD if text.startswith("▲") else BAD, palette))
            table.setItem(row, column, item)
        anchor = QTableWidgetItem("")  # under the button: the row's answer for Enter and the tests
        anchor.setData(Qt.ItemDataRole.UserRole, attempt.id)
        table.setItem(row, REVIEW_COLUMN, anchor)
        table.setCellWidget(row, REVIEW_COLUMN, review_button(attempt.id))
    # A column only for the units the session's answers have: Korean and English paces apart.
    for unit, column in RATE_COLUMNS.items():
        used = any(
            (metrics.get(a.id) or {}).get("rate_unit") == unit and a.status != STATUS_TYPED for a in attempts
        )
        table.setColumnHidden(column, not used)
    table.setColumnHidden(CHANGE_COLUMN, not previous)
