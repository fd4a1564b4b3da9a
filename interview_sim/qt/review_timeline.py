"""The review's voice timeline: the answer's level, pitch contour, pauses and words on one time
axis, with a playhead that follows playback; a click plays from the time clicked.

Drawn with Qt Charts (PySide6-Addons, installed with the PySide6 package): bench/chart_choice_bench.py
measured it against pyqtgraph on the app's stack (PySide6 6.12, Python 3.11), where pyqtgraph
crashed the interpreter on the first paint of a 5-minute timeline (the bindings drop a reference
to None on every Python-level Qt call, and pyqtgraph makes about 16 of them a repaint); Qt Charts
paints in C++.

The measures (Praat's pitch, about a second for a 5-minute answer) are computed off the GUI
thread with ``state.tasks``; the panel says so meanwhile and fills in when they arrive.
"""

from __future__ import annotations

import copy
import math
from pathlib import Path
from typing import Any, cast

import numpy as np
from PySide6.QtCharts import (
    QAreaSeries,
    QCategoryAxis,
    QChart,
    QChartView,
    QLineSeries,
    QValueAxis,
    QXYSeries,
)
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QMouseEvent, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsLineItem, QLabel, QVBoxLayout

from interview_sim.core.analysis import Analysis
from interview_sim.core.delivery import Rate, rate_is_meaningful
from interview_sim.core.review import attach_voice
from interview_sim.core.voice import VoiceMeasures, VoiceTimeline
from interview_sim.i18n import tr
from interview_sim.qt.app_state import AppState
from interview_sim.qt.formatting import fmt_num
from interview_sim.qt.review_panels import ReviewContext, ReviewPanel
from interview_sim.qt.theme import MUTED, ToneLabel, is_dark_palette, mix

# Longer answers are shown this many seconds at a time, the window following the playhead:
# a whole 5-minute answer's words would be a smear.
WINDOW_S = 20.0
LEVEL_FLOOR_DB = -40.0
# (light theme, dark theme): the progress chart's blue and red, readable on either background.
LEVEL_COLOUR = ("#1565c0", "#64b5f6")
PITCH_COLOUR = ("#c62828", "#ef9a9a")
PAUSE_COLOUR = ("#9e9e9e", "#5f6368")
PLAYHEAD_COLOUR = ("#000000", "#ffffff")
WORD_BAND_DB = 30.0
QWIDGETSIZE_MAX = (1 << 24) - 1  # Qt's QWIDGETSIZE_MAX: no maximum


def measure_timeline(analysis: Analysis, audio_path: str) -> tuple[VoiceMeasures | None, list[str]]:
    """The voice measures with their timeline (slow: off the GUI thread), and the notes of what
    could not be measured. The analysis shown is left alone (a copy is measured), so the GUI
    thread may keep reading it meanwhile."""
    measured = copy.copy(analysis)
    measured.notes = []
    attach_voice(measured, audio_path, with_timeline=True)
    return measured.voice, measured.notes


def pace_texts(measures: VoiceMeasures, rate: Rate | None, lang: str) -> tuple[str, str]:
    """The speaking and the articulation rate said the way the measurement table says the pace
    (review_details): for an answer too short for a rate to mean anything
    (core.delivery.rate_is_meaningful), so many words (English) or syllables (Korean) in so many
    seconds, else the rate with its unit. ``rate`` is the table's: when there is one, its count,
    its seconds and its decision are used, so the two never disagree on one answer."""
    m = measures
    if rate is not None and rate.value is not None:
        short, count, basis = not rate.meaningful, rate.count, rate.basis_s
        english = rate.unit == "words_per_minute"
    else:
        english = m.rate_unit == "words_per_minute"
        short, basis = not rate_is_meaningful(m.speaking_s), m.speaking_s
        per_second = m.speaking_rate / (60.0 if english else 1.0) if m.speaking_rate is not None else None
        count = round(per_second * basis) if per_second is not None else 0
    if short:
        suffix = "en" if english else "ko"

        def counted(value: float | None, seconds: float) -> str:
            if value is None or not count:
                return "-"
            return tr(f"value.count_{suffix}", lang, count=count, seconds=fmt_num(seconds))

        # The same words over the speaking time without its pauses.
        return counted(m.speaking_rate, basis), counted(m.articulation_rate, max(basis - m.pause_s, 0.0))
    # In the table's unit (a minute), though the voice measures count Korean per second.
    unit = "value.rate_en" if m.rate_unit == "words_per_minute" else "value.rate_ko"

    def per(value: float | None) -> str:
        return tr(unit, lang, value=fmt_num(m.per_minute(value))) if value is not None else "-"

    return per(m.speaking_rate), per(m.articulation_rate)


def fill_from_arrays(series: QXYSeries, x: np.ndarray, y: np.ndarray) -> None:
    """The series' points from two arrays (replaceNp: no Python QPointF per sample)."""
    xs, ys = np.ascontiguousarray(x, dtype=float), np.ascontiguousarray(y, dtype=float)
    series.replaceNp(cast(Any, xs), cast(Any, ys))  # the stubs say Sequence; it takes arrays


class TimelineView(QChartView):
    """The chart; a click on the plot area asks to play from the time clicked."""

    clicked_at = Signal(float)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton:
            return
        chart = self.chart()
        point = chart.mapFromScene(self.mapToScene(event.position().toPoint()))
        if not chart.plotArea().contains(point) or not chart.series():
            return
        value = chart.mapToValue(point, chart.series()[0])
        self.clicked_at.emit(max(0.0, value.x()))


class TimelinePanel(ReviewPanel):
    """Level, pitch, pauses and words of a recorded answer, linked to the review's player."""

    seek_requested = Signal(float)
    measured = Signal(int, object)  # attempt id, VoiceMeasures: for the transcript's marks

    def __init__(self, state: AppState) -> None:
        super().__init__()
        self.setObjectName("timeline_panel")
        self.state = state
        self.measures: VoiceMeasures | None = None
        self.rate: Rate | None = None  # the answer's pace as the measurement table shows it
        self.position = 0.0
        self._key: tuple[object, ...] | None = None
        self._dark = False
        self.title = QLabel()
        self.status = ToneLabel(MUTED)
        self.status.setObjectName("timeline_status")
        self.status.setWordWrap(True)
        self.figures = QLabel()
        self.figures.setObjectName("timeline_figures")
        self.figures.setWordWrap(True)
        self.chart = QChart()
        self.chart.legend().hide()
        self.chart.setBackgroundRoundness(0)
        self.view = TimelineView(self.chart)
        self.view.setObjectName("timeline_chart")
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.setMinimumHeight(220)
        self.view.clicked_at.connect(self.seek_requested.emit)
        self.legend = ToneLabel(MUTED)
        self.legend.setWordWrap(True)
        self.axis_x, self.axis_pitch = QValueAxis(), QValueAxis()
        # Labels at chosen levels only: the band above the loudest frame holds the words, and
        # ticks there would read as levels the answer never reached.
        self.axis_level = QCategoryAxis()
        self.axis_level.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        self.chart.addAxis(self.axis_x, Qt.AlignmentFlag.AlignBottom)
        self.chart.addAxis(self.axis_level, Qt.AlignmentFlag.AlignLeft)
        self.chart.addAxis(self.axis_pitch, Qt.AlignmentFlag.AlignRight)
        for axis in (self.axis_x, self.axis_pitch):
            axis.setLabelFormat("%.0f")
            # Ticks on whole numbers from 0: the default splits the range evenly (0, 3.5, 7 ...),
            # which whole-number labels would misstate.
            axis.setTickType(QValueAxis.TickType.TicksDynamic)
            axis.setTickAnchor(0.0)
        # The series are made once and refilled with each answer.
        self.pause_top, self.pause_bottom = QLineSeries(self), QLineSeries(self)
        self.pauses = QAreaSeries(self.pause_top, self.pause_bottom)
        self.level_top, self.level_bottom = QLineSeries(self), QLineSeries(self)
        self.level = QAreaSeries(self.level_top, self.level_bottom)
        # A line with NaN where unvoiced: Qt Charts leaves a gap there. (A scatter series makes a
        # graphics item per point: 9,000 of them took 0.4 s to build on a 5-minute answer.)
        self.pitch = QLineSeries()
        # Words are labels on an invisible line (not a scatter series: see the pitch).
        self.words = QLineSeries()
        self.words.setPen(QPen(Qt.PenStyle.NoPen))
        self.words.setPointLabelsVisible(True)
        self.words.setPointLabelsClipping(True)
        for series, axis_y in (
            (self.pauses, self.axis_level),
            (self.level, self.axis_level),
            (self.pitch, self.axis_pitch),
            (self.words, self.axis_level),
        ):
            self.chart.addSeries(series)
            series.attachAxis(self.axis_x)
            series.attachAxis(axis_y)
        self.playhead = QGraphicsLineItem(self.chart)
        self.playhead.setZValue(100)
        self.chart.plotAreaChanged.connect(lambda _area: self._place_playhead())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.status)
        layout.addWidget(self.figures)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.legend)
        self._show_chart(False)

    # -- the panel protocol ----------------------------------------------------------------

    def retranslate(self, lang: str) -> None:
        self.title.setText(tr("timeline.title", lang))
        self.legend.setText(tr("timeline.legend", lang))
        self.axis_x.setTitleText(tr("timeline.time_axis", lang))
        self.axis_level.setTitleText(tr("timeline.level_axis", lang))
        self.axis_pitch.setTitleText(tr("timeline.pitch_axis", lang))
        self._show_figures(lang)

    def show_review(self, context: ReviewContext) -> None:
        view = context.view
        attempt = view.attempt
        shown = attempt.recognized if view.recognized else attempt.transcript
        key = (attempt.id, attempt.audio_path, shown.id if shown is not None else None)
        self.rate = view.analysis.rate
        self._apply_theme(context.dark)
        self.retranslate(context.lang)
        if key == self._key:
            if self.measures is not None and view.analysis.voice is None:
                # The same answer analysed again (a new bank): its voice is the one measured.
                view.analysis.voice = self.measures
                self.measured.emit(attempt.id, self.measures)
            return
        self._key, self.measures = key, None
        self._show_chart(False)
        self.figures.clear()
        audio = attempt.audio_path
        if not audio or not Path(audio).is_file():
            self.state.tasks.cancel_owned(self)  # another answer's measuring, under way
            self.status.setText(tr("timeline.no_recording", context.lang))
            return
        self.status.setText(tr("timeline.loading", context.lang))
        analysis, attempt_id = view.analysis, attempt.id

        def done(result: tuple[VoiceMeasures | None, list[str]]) -> None:
            measures, notes = result
            if measures is None or measures.timeline is None:
                # The sentence in the UI language; what went wrong (in English) as its tooltip.
                self.status.setText(tr("timeline.unreadable", self.state.lang))
                self.status.setToolTip("; ".join(notes))
                return
            self.status.setToolTip("")
            self.measures = measures
            analysis.voice = measures
            self.status.clear()
            self._draw(measures.timeline)
            self._show_figures(self.state.lang)
            self.measured.emit(attempt_id, measures)

        self.state.tasks.run(
            lambda: measure_timeline(analysis, audio),
            owner=self,
            on_done=done,
            on_error=lambda exc: self.status.setText(tr("timeline.failed", self.state.lang, error=exc)),
            key="timeline",
            uses_db=False,
        )

    # -- playback --------------------------------------------------------------------------

    def set_position(self, seconds: float) -> None:
        """Move the playhead to ``seconds`` (the player's position), scrolling a long answer."""
        self.position = seconds
        timeline = self.measures.timeline if self.measures is not None else None
        if timeline is not None and timeline.duration_s > WINDOW_S:
            start = self.axis_x.min()
            if not start <= seconds <= start + WINDOW_S * 0.9:
                self._set_window(seconds - WINDOW_S * 0.1, timeline.duration_s)
        self._place_playhead()

    def playhead_x(self) -> float | None:
        """The playhead's time as drawn (None when it is not shown)."""
        if not self.playhead.isVisible():
            return None
        scene_x = self.playhead.line().x1()
        return self.chart.mapToValue(QPointF(scene_x, self.chart.plotArea().center().y()), self.level).x()

    def _place_playhead(self) -> None:
        area = self.chart.plotArea()
        if self.measures is None or not self.chart.series() or area.isEmpty():
            self.playhead.setVisible(False)
            return
        x = self.chart.mapToPosition(QPointF(self.position, 0.0), self.level).x()
        inside = area.left() <= x <= area.right()
        self.playhead.setVisible(inside)
        self.playhead.setLine(x, area.top(), x, area.bottom())

    def _set_window(self, start: float, duration: float) -> None:
        start = max(0.0, min(start, duration - WINDOW_S))
        self.axis_x.setRange(start, start + WINDOW_S)

    # -- drawing ---------------------------------------------------------------------------

    def _show_chart(self, shown: bool) -> None:
        self.view.setVisible(shown)
        self.legend.setVisible(shown)
        self.figures.setVisible(shown)
        if shown:
            self.setMaximumHeight(QWIDGETSIZE_MAX)
        else:
            self.playhead.setVisible(False)
            # Only the title and a sentence: the splitter gives the rest to the other panels.
            lines = self.title.sizeHint().height() + 2 * self.status.fontMetrics().lineSpacing()
            self.setMaximumHeight(lines + 12)

    def _show_figures(self, lang: str) -> None:
        m = self.measures
        if m is None:
            return
        speaking, articulation = pace_texts(m, self.rate, lang)
        self.figures.setText(
            tr(
                "timeline.summary",
                lang,
                range=fmt_num(m.pitch_range_st, 1) if m.pitch_range_st is not None else "-",
                monotone=tr("timeline.monotone", lang) if m.monotone else "",
                trailing=m.trailing_off,
                speaking=speaking,
                articulation=articulation,
            )
        )

    def _draw(self, timeline: VoiceTimeline) -> None:
        duration = max(timeline.duration_s, 0.1)
        level = np.asarray(timeline.level_db, dtype=float)
        loudest = float(np.max(level)) if len(level) else 0.0
        # Room above the loudest frame for two rows of words.
        top = loudest + WORD_BAND_DB
        self.axis_level.setRange(LEVEL_FLOOR_DB, top)
        for label in self.axis_level.categoriesLabels():
            self.axis_level.remove(label)
        self.axis_level.setStartValue(LEVEL_FLOOR_DB)
        for value in range(int(LEVEL_FLOOR_DB), int(loudest) + 1, 10):
            self.axis_level.append(f"{value:+d}" if value else "0", float(value))
        times = np.arange(len(level)) * timeline.level_step_s
        # replaceNp: straight from the arrays, without a Python QPointF per sample.
        fill_from_arrays(self.level_top, times, level)
        self.level_bottom.replace([QPointF(0.0, LEVEL_FLOOR_DB), QPointF(duration, LEVEL_FLOOR_DB)])
        # One area for every pause: a step shape along the floor, up to the top over each pause.
        steps = [QPointF(0.0, LEVEL_FLOOR_DB)]
        for start, end in timeline.pauses:
            steps += [
                QPointF(start, LEVEL_FLOOR_DB),
                QPointF(start, top),
                QPointF(end, top),
                QPointF(end, LEVEL_FLOOR_DB),
            ]
        steps.append(QPointF(duration, LEVEL_FLOOR_DB))
        self.pause_top.replace(steps)
        self.pause_bottom.replace([QPointF(0.0, LEVEL_FLOOR_DB), QPointF(duration, LEVEL_FLOOR_DB)])
        # Unvoiced frames (NaN) are gaps: the contour shows where the voice has a pitch.
        pitch_times = timeline.pitch_times()
        voiced = np.isfinite(timeline.pitch_st)
        fill_from_arrays(self.pitch, pitch_times, timeline.pitch_st)
        finite = timeline.pitch_st[voiced]
        low = math.floor(float(np.percentile(finite, 1))) - 1 if len(finite) else -6
        high = math.ceil(float(np.percentile(finite, 99))) + 1 if len(finite) else 6
        self.axis_pitch.setRange(max(low, -24), min(high, 24))
        span = self.axis_pitch.max() - self.axis_pitch.min()
        self.axis_pitch.setTickInterval(2.0 if span <= 12 else 4.0 if span <= 24 else 8.0)
        # Words along the top, on two rows so neighbours do not overwrite each other.
        self.words.clear()
        self.words.clearPointsConfiguration()
        self.words.replace(
            [
                QPointF(start, loudest + WORD_BAND_DB * (0.3 if index % 2 == 0 else 0.65))
                for index, (_text, start, _end, _a, _b) in enumerate(timeline.words)
            ]
        )
        # One call for every label: each setPointConfiguration lays the series out again
        # (94 ms a word on a 5-minute answer). A label format is a template ("@xPoint"): an
        # @ in a word would be read as one.
        key = QXYSeries.PointConfiguration.LabelFormat
        self.words.setPointsConfiguration(
            {index: {key: text.replace("@", "＠")} for index, (text, *_rest) in enumerate(timeline.words)}
        )
        if duration > WINDOW_S:
            self._set_window(self.position - WINDOW_S * 0.1, duration)
        else:
            self.axis_x.setRange(0.0, duration)
        shown = min(duration, WINDOW_S)
        self.axis_x.setTickInterval(1.0 if shown <= 12 else 2.0)
        self._show_chart(True)
        self._cache_plot_items()
        self._place_playhead()

    def _cache_plot_items(self) -> None:
        """Keep the drawn series as pixmaps: the playhead moves every 80 ms, and without a cache
        each move repaints the series under it (10-15 ms for a 5-minute answer; 0.1 ms with it,
        for about 3 MB). Qt Charts updates an item when its data, range or colours change,
        which drops its pixmap."""
        area = self.chart.plotArea()
        pending = list(self.chart.childItems())
        while pending:
            item = pending.pop()
            pending += item.childItems()
            bounds = item.sceneBoundingRect()
            if (
                item is not self.playhead
                and bounds.width() * bounds.height() >= 0.5 * area.width() * area.height()
            ):
                item.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

    def _apply_theme(self, dark: bool) -> None:
        self._dark = dark
        shade = 1 if dark else 0
        palette = self.palette()
        base, text = palette.base().color(), palette.text().color()
        if dark != is_dark_palette(palette):
            # The panel hears of a theme change after the screen: take the other theme's pair.
            base, text = (
                (QColor("#2d2f33"), QColor("#e8eaed")) if dark else (QColor("white"), QColor("black"))
            )
        self.chart.setBackgroundBrush(QBrush(base))
        self.chart.setPlotAreaBackgroundVisible(False)
        grid = mix(text, base, 0.15)
        for axis in (self.axis_x, self.axis_level, self.axis_pitch):
            axis.setLabelsColor(text)
            axis.setTitleBrush(QBrush(text))
            axis.setGridLineColor(grid)
            axis.setLinePenColor(mix(text, base, 0.5))
        self.axis_pitch.setGridLineVisible(False)
        level = QColor(LEVEL_COLOUR[shade])
        self.level.setPen(QPen(level, 1.2))
        fill = QColor(level)
        fill.setAlpha(70)
        self.level.setBrush(QBrush(fill))
        pause = QColor(PAUSE_COLOUR[shade])
        pause.setAlpha(90)
        self.pauses.setBrush(QBrush(pause))
        self.pauses.setPen(QPen(Qt.PenStyle.NoPen))
        self.pitch.setPen(QPen(QColor(PITCH_COLOUR[shade]), 2.5))
        self.words.setPen(QPen(Qt.PenStyle.NoPen))
        self.words.setPointLabelsColor(text)
        self.playhead.setPen(QPen(QColor(PLAYHEAD_COLOUR[shade]), 2))
