"""The history's table: a model over the rows read once, filtered in memory (nothing is made
per row until it is painted)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from interview_sim.core.bank import CATEGORIES
from interview_sim.core.history import HistoryFilter, HistoryRow
from interview_sim.i18n import tr
from interview_sim.qt.formatting import fmt_num, fmt_time

COLUMNS = ("col.date", "col.question", "col.category", "col.length", "col.score", "col.keywords", "col.rate", "col.fillers", "col.rating")  # fmt: skip


def category_name(category: str, lang: str) -> str:
    names = CATEGORIES.get(category)
    return names[0 if lang == "ko" else 1] if names else category


class HistoryModel(QAbstractTableModel):
    def __init__(self, lang: str = "ko") -> None:
        super().__init__()
        self.lang = lang
        self.rows: list[HistoryRow] = []
        self.visible: list[HistoryRow] = []
        self.where = HistoryFilter()

    def set_rows(self, rows: list[HistoryRow]) -> None:
        self.rows = rows
        self.apply(self.where)

    def append_rows(self, rows: list[HistoryRow]) -> None:
        """Older rows after the first page: only the new matching ones are inserted."""
        matching = [r for r in rows if self.where.matches(r)]
        self.rows.extend(rows)
        if matching:
            first = len(self.visible)
            self.beginInsertRows(QModelIndex(), first, first + len(matching) - 1)
            self.visible.extend(matching)
            self.endInsertRows()

    def apply(self, where: HistoryFilter) -> None:
        self.beginResetModel()
        self.where = where
        self.visible = where.apply(self.rows)
        self.endResetModel()

    def remove(self, attempt_ids: set[int]) -> None:
        self.rows = [r for r in self.rows if r.attempt_id not in attempt_ids]
        self.apply(self.where)

    def retranslate(self, lang: str) -> None:
        self.lang = lang
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        self.layoutChanged.emit()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.visible)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return tr(COLUMNS[section], self.lang)
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        row = self.visible[index.row()]
        if role == Qt.ItemDataRole.UserRole:
            return row.attempt_id
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() >= 3:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return self._text(row, index.column())

    def _text(self, row: HistoryRow, column: int) -> str:
        m = row.metrics
        if column == 0:
            return row.when
        if column == 1:
            return row.question_label(self.lang)
        if column == 2:
            return category_name(row.category, self.lang)
        if column == 3:
            return fmt_time(row.duration_s)
        if column == 4:
            return "" if row.score is None else fmt_num(row.score)
        # A cell that does not apply is empty, not "-"; a pace names its unit, since Korean
        # (syllables) and English (words) answers share the column.
        if column == 5:
            total = m.get("keywords_total") or 0
            return f"{m.get('keywords_covered', 0)}/{total}" if total else ""
        if column == 6:
            rate = m.get("rate")
            if row.typed or rate is None:
                return ""
            key = "value.rate_en" if m.get("rate_unit") == "words_per_minute" else "value.rate_ko"
            return tr(key, self.lang, value=fmt_num(rate))
        if column == 7:
            fillers = m.get("fillers")
            return "" if fillers is None else str(fillers)
        return tr(f"rating.{row.rating}", self.lang) if row.rating else ""
