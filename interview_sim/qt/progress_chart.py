"""Progress over time as a line chart drawn with QPainter: one line per category, one point per
day (the day's mean), so ten thousand answers draw as fast as ten."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from interview_sim.qt.theme import is_dark_palette, mix

PALETTE = (
    "#1565c0", "#c62828", "#2e7d32", "#ef6c00", "#6a1b9a", "#00838f", "#ad1457", "#4e342e", "#558b2f", "#37474f",
)  # fmt: skip
# The same hues, light enough to stand out on the dark theme's background.
DARK_PALETTE = (
    "#64b5f6", "#ef9a9a", "#81c784", "#ffb74d", "#ce93d8", "#4dd0e1", "#f48fb1", "#bcaaa4", "#aed581", "#b0bec5",
)  # fmt: skip


def line_colours(dark: bool) -> tuple[str, ...]:
    return DARK_PALETTE if dark else PALETTE


def daily_means(points: Iterable[tuple[str, date, float]]) -> dict[str, list[tuple[date, float]]]:
    """(series, day, value) samples to each series' mean per day, in day order."""
    sums: dict[str, dict[date, list[float]]] = defaultdict(lambda: defaultdict(list))
    for series, day, value in points:
        sums[series][day].append(value)
    return {
        series: [(day, sum(values) / len(values)) for day, values in sorted(days.items())]
        for series, days in sums.items()
    }


class ProgressChart(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("progress_chart")
        self.setMinimumHeight(240)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.series: dict[str, list[tuple[date, float]]] = {}
        self.labels: dict[str, str] = {}
        self.empty_text = ""
        self.unit = ""

    def set_series(
        self, series: dict[str, list[tuple[date, float]]], labels: dict[str, str], unit: str = ""
    ) -> None:
        self.series = {k: v for k, v in series.items() if v}
        self.labels, self.unit = labels, unit
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        metrics = painter.fontMetrics()
        if not self.series:
            painter.setPen(self.palette().text().color())
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.empty_text)
            painter.end()
            return
        days = [d for points in self.series.values() for d, _v in points]
        values = [v for points in self.series.values() for _d, v in points]
        first, last = min(days), max(days)
        low, high = min(0.0, min(values)), max(values)
        if high <= low:
            high = low + 1.0
        legend_height = (metrics.height() + 4) * ((len(self.series) + 3) // 4)
        area = QRectF(self.rect()).adjusted(
            metrics.horizontalAdvance("0000.0") + 12, 12, -16, -(metrics.height() * 2 + 10 + legend_height)
        )
        span = (last - first).days

        def x_of(day: date) -> float:
            # One day only: its points in the middle rather than against the axis.
            return area.left() + area.width() * ((day - first).days / span if span else 0.5)

        def y_of(value: float) -> float:
            return area.bottom() - area.height() * (value - low) / (high - low)

        text = self.palette().text().color()
        grid = QPen(mix(text, self.palette().base().color(), 0.2), 1)  # faint on either theme
        colours = line_colours(is_dark_palette(self.palette()))
        for step in range(5):
            value = low + (high - low) * step / 4
            y = y_of(value)
            painter.setPen(grid)
            painter.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
            painter.setPen(text)
            label = f"{value:.0f}" if high - low >= 10 else f"{value:.1f}"
            painter.drawText(QRectF(0, y - metrics.height() / 2, area.left() - 6, metrics.height()),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label)  # fmt: skip
        painter.setPen(text)
        dates_row = QRectF(area.left(), area.bottom() + 4, area.width(), metrics.height())
        if span:
            painter.drawText(dates_row, Qt.AlignmentFlag.AlignLeft, first.isoformat())
            painter.drawText(dates_row, Qt.AlignmentFlag.AlignRight, last.isoformat())
        else:
            painter.drawText(dates_row, Qt.AlignmentFlag.AlignHCenter, first.isoformat())
        for index, (name, points) in enumerate(sorted(self.series.items())):
            colour = QColor(colours[index % len(colours)])
            painter.setPen(QPen(colour, 2))
            path = QPainterPath()
            for n, (day, value) in enumerate(points):
                point = QPointF(x_of(day), y_of(value))
                if n == 0:
                    path.moveTo(point)
                else:
                    path.lineTo(point)
            painter.drawPath(path)
            if len(points) <= 60:
                painter.setBrush(colour)
                for day, value in points:
                    painter.drawEllipse(QPointF(x_of(day), y_of(value)), 3, 3)
                painter.setBrush(Qt.BrushStyle.NoBrush)
            column, row = index % 4, index // 4
            lx = area.left() + column * area.width() / 4
            ly = area.bottom() + metrics.height() + 10 + row * (metrics.height() + 4)
            painter.fillRect(QRectF(lx, ly + metrics.height() / 2 - 2, 14, 4), colour)
            painter.setPen(text)
            label = metrics.elidedText(
                self.labels.get(name, name), Qt.TextElideMode.ElideRight, int(area.width() / 4) - 22
            )
            painter.drawText(QPointF(lx + 18, ly + metrics.ascent()), label)
        painter.end()
