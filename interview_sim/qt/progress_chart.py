"""Progress over time as a line chart drawn with QPainter: one line per category, one point per
day (the day's mean), so ten thousand answers draw as fast as ten. Over them a rolling average
of every answer shown, the measure's target band when it has one, and round ticks."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from interview_sim.qt.theme import GOOD, is_dark_palette, mix, tone

# Orange is #e65100, not #ef6c00: that one fell under 3:1 on the target band.
PALETTE = (
    "#1565c0", "#c62828", "#2e7d32", "#e65100", "#6a1b9a", "#00838f", "#ad1457", "#4e342e", "#558b2f", "#37474f",
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


AVERAGE_DAYS = 5  # the rolling average's window, in practice days


def rolling_mean(
    points: Iterable[tuple[str, date, float]], window: int = AVERAGE_DAYS
) -> list[tuple[date, float]]:
    """Over every series together: for each practice day, the mean of the answers of the last
    ``window`` practice days (a day without practice neither counts nor breaks the line)."""
    by_day: dict[date, list[float]] = defaultdict(list)
    for _series, day, value in points:
        by_day[day].append(value)
    days = sorted(by_day)
    averages = []
    for index, day in enumerate(days):
        values = [v for d in days[max(0, index - window + 1) : index + 1] for v in by_day[d]]
        averages.append((day, sum(values) / len(values)))
    return averages


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round values from at or below ``low`` to at or above ``high``, about ``count`` of them,
    a step of 1, 2, 2.5 or 5 times a power of ten (0, 25, 50, 75, 100; not 0, 8, 15, 22, 30)."""
    if high <= low:  # one value: a unit of room above it
        high = low + 1.0
    span = high - low
    raw = span / max(count - 1, 1)
    magnitude = 10.0 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1.0, 2.0, 2.5, 5.0, 10.0) if m * magnitude >= raw * (1 - 1e-9))
    first = math.floor(low / step + 1e-9) * step
    last = math.ceil(high / step - 1e-9) * step
    steps = round((last - first) / step)
    return [round(first + n * step, 10) for n in range(steps + 1)]


@dataclass(frozen=True)
class ChartGuides:
    """What is drawn over the lines: the rolling average, the target band and a fixed range."""

    average: list[tuple[date, float]] | None = None
    average_label: str = ""
    band: tuple[float, float] | None = None  # the values a good answer has
    band_label: str = ""
    value_range: tuple[float, float] | None = None  # e.g. a score's 0-100


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
        self.guides = ChartGuides()
        self.ticks: list[float] = []  # the value axis as last drawn

    def set_series(
        self,
        series: dict[str, list[tuple[date, float]]],
        labels: dict[str, str],
        unit: str = "",
        guides: ChartGuides | None = None,
    ) -> None:
        self.series = {k: v for k, v in series.items() if v}
        self.labels, self.unit = labels, unit
        self.guides = guides or ChartGuides()
        self.update()

    def value_ticks(self) -> list[float]:
        """The value axis' ticks for the series shown: round, and covering the band and range."""
        values = [v for points in self.series.values() for _d, v in points]
        guides = self.guides
        if guides.average:
            values += [v for _d, v in guides.average]
        if guides.value_range is not None:
            values += list(guides.value_range)
        if guides.band is not None:
            values += list(guides.band)
        return nice_ticks(min(0.0, *values), max(values))

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
        first, last = min(days), max(days)
        self.ticks = self.value_ticks()
        low, high = self.ticks[0], self.ticks[-1]
        entries = [(name, self.labels.get(name, name)) for name in sorted(self.series)]
        legend_rows = (len(entries) + (1 if self.guides.average else 0) + 3) // 4
        legend_height = (metrics.height() + 4) * legend_rows
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
        base = self.palette().base().color()
        self._paint_band(painter, area, y_of)
        grid = QPen(mix(text, base, 0.2), 1)  # faint on either theme
        colours = line_colours(is_dark_palette(self.palette()))
        whole = all(float(t).is_integer() for t in self.ticks)
        for value in self.ticks:
            y = y_of(value)
            painter.setPen(grid)
            painter.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
            painter.setPen(text)
            label = f"{value:.0f}" if whole else f"{value:g}"
            painter.drawText(QRectF(0, y - metrics.height() / 2, area.left() - 6, metrics.height()),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label)  # fmt: skip
        painter.setPen(text)
        dates_row = QRectF(area.left(), area.bottom() + 4, area.width(), metrics.height())
        if span:
            painter.drawText(dates_row, Qt.AlignmentFlag.AlignLeft, first.isoformat())
            painter.drawText(dates_row, Qt.AlignmentFlag.AlignRight, last.isoformat())
        else:
            painter.drawText(dates_row, Qt.AlignmentFlag.AlignHCenter, first.isoformat())
        legend: list[tuple[str, QPen]] = []
        for index, (name, label) in enumerate(entries):
            colour = QColor(colours[index % len(colours)])
            self._paint_line(painter, self.series[name], QPen(colour, 2), x_of, y_of, dots=colour)
            legend.append((label, QPen(colour, 4)))
        if self.guides.average:
            pen = QPen(text, 2.5, Qt.PenStyle.DashLine)
            self._paint_line(painter, self.guides.average, pen, x_of, y_of, dots=None)
            legend.append((self.guides.average_label, pen))
        for index, (label, pen) in enumerate(legend):
            column, row = index % 4, index // 4
            lx = area.left() + column * area.width() / 4
            ly = area.bottom() + metrics.height() + 10 + row * (metrics.height() + 4)
            painter.setPen(pen)
            painter.drawLine(
                QPointF(lx, ly + metrics.height() / 2), QPointF(lx + 14, ly + metrics.height() / 2)
            )
            painter.setPen(text)
            shown = metrics.elidedText(label, Qt.TextElideMode.ElideRight, int(area.width() / 4) - 22)
            painter.drawText(QPointF(lx + 18, ly + metrics.ascent()), shown)
        painter.end()

    def _paint_line(
        self,
        painter: QPainter,
        points: list[tuple[date, float]],
        pen: QPen,
        x_of: Callable[[date], float],
        y_of: Callable[[float], float],
        dots: QColor | None,
    ) -> None:
        painter.setPen(pen)
        path = QPainterPath()
        for n, (day, value) in enumerate(points):
            point = QPointF(x_of(day), y_of(value))
            if n == 0:
                path.moveTo(point)
            else:
                path.lineTo(point)
        painter.drawPath(path)
        if dots is None and len(points) == 1:  # a line of one point: a ring, so it shows
            day, value = points[0]
            painter.setPen(QPen(pen.color(), pen.widthF()))
            painter.drawEllipse(QPointF(x_of(day), y_of(value)), 6, 6)
        if dots is not None and len(points) <= 60:
            painter.setBrush(dots)
            for day, value in points:
                painter.drawEllipse(QPointF(x_of(day), y_of(value)), 3, 3)
            painter.setBrush(Qt.BrushStyle.NoBrush)

    def _paint_band(self, painter: QPainter, area: QRectF, y_of: Callable[[float], float]) -> None:
        """The target band: a faint fill of the "good" colour behind the lines, named at its edge."""
        band = self.guides.band
        if band is None:
            return
        low, high = self.ticks[0], self.ticks[-1]
        bottom, top = y_of(max(band[0], low)), y_of(min(band[1], high))
        good = tone(GOOD, self.palette())
        painter.fillRect(
            QRectF(area.left(), top, area.width(), bottom - top),
            band_fill(good, self.palette().base().color()),
        )
        if self.guides.band_label:
            painter.setPen(good)
            metrics = painter.fontMetrics()
            painter.drawText(QRectF(area.left(), top + 2, area.width() - 6, metrics.height()),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop, self.guides.band_label)  # fmt: skip


def band_fill(good: QColor, base: QColor) -> QColor:
    """The target band's fill: a tint faint enough that the lines and the band's label (in the
    "good" colour) stay readable on it."""
    return mix(good, base, 0.12)
