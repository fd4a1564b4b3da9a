"""The history's controls: the filter bar over the answers, the list of sessions, and the
progress tab's chart with its choice of measure and category."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from interview_sim.core.bank import CATEGORIES
from interview_sim.core.delivery import FILLERS_OK_PER_MIN
from interview_sim.core.history import (
    ANY,
    PROGRESS_METRICS,
    VOICE_FILTERS,
    HistoryFilter,
    HistoryRow,
    progress_points,
    same_rate_unit,
    session_label,
    sessions_of,
)
from interview_sim.i18n import tr
from interview_sim.qt.history_model import category_name
from interview_sim.qt.progress_chart import (
    AVERAGE_DAYS,
    ChartGuides,
    ProgressChart,
    daily_means,
    rolling_mean,
)

# What a good answer's value is, for the chart's target band: a content score of 70 is "good" for
# the review scheduler (core/scheduler.py); fillers under FILLERS_OK_PER_MIN read as fluent.
TARGET_BANDS: dict[str, tuple[float, float]] = {
    "content_score": (70.0, 100.0),
    "fillers_per_minute": (0.0, FILLERS_OK_PER_MIN),
}
# Measures with a fixed scale: the chart shows all of it, whatever the answers reached.
VALUE_RANGES: dict[str, tuple[float, float]] = {"content_score": (0.0, 100.0)}
DEFAULT_PROGRESS_METRIC = "content_score"

PROGRESS_LABELS = {
    "content_score": "metric.content",
    "duration_s": "metric.duration",
    "rate": "metric.rate",
    "fillers_per_minute": "metric.fillers_per_minute",
    "long_pauses": "metric.pauses",
    "pitch_sd_st": "metric.pitch_sd",
    "pitch_range_st": "metric.pitch_range",
    "speaking_rate": "metric.speaking_rate",
    "articulation_rate": "metric.articulation_rate",
    "trailing_off": "metric.trailing_off",
    "hedges": "metric.hedges",
}
VOICE_FILTER_LABELS = {
    "monotone": "history.voice_monotone",
    "trailing_off": "history.voice_trailing",
    "slow": "history.voice_slow",
    "fast": "history.voice_fast",
}


class VoiceFilterCombo(QComboBox):
    """Answers by a voice measure: monotone, trailing off, speaking slower or faster than the norm."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("filter_voice")
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)

    def fill(self, lang: str) -> None:
        current = self.currentData()
        self.blockSignals(True)
        self.clear()
        self.addItem(tr("history.voice_any", lang), ANY)
        for kind in VOICE_FILTERS:
            self.addItem(tr(VOICE_FILTER_LABELS[kind], lang), kind)
        self.setCurrentIndex(max(self.findData(current), 0))
        self.setToolTip(tr("history.voice_filter", lang))
        self.blockSignals(False)

    def value(self) -> str:
        return self.currentData() or ANY


def fill_categories(combo: QComboBox, lang: str) -> None:
    """Any category, then each one by name; the choice is kept across languages."""
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(tr("history.category_any", lang), ANY)
    for key in CATEGORIES:
        combo.addItem(category_name(key, lang), key)
    combo.setCurrentIndex(max(combo.findData(current), 0))
    combo.blockSignals(False)


class DatePicker(QDateEdit):
    """A day picked from a calendar, or none: the earliest date stands for "any day" and reads
    so. Opened while unset, the calendar shows this month, not the year of that stand-in."""

    UNSET = QDate(2000, 1, 1)

    def __init__(self) -> None:
        super().__init__()
        self.setCalendarPopup(True)
        self.setDisplayFormat("yyyy-MM-dd")
        self.setMinimumDate(self.UNSET)
        self.setMaximumDate(QDate(2100, 12, 31))
        self.clear_date()

    def clear_date(self) -> None:
        self.setDate(self.UNSET)

    def is_set(self) -> bool:
        return self.date() != self.UNSET

    def iso(self) -> str:
        """The date as the core's filters take it, "" when unset."""
        return self.date().toString("yyyy-MM-dd") if self.is_set() else ""

    def mousePressEvent(self, event: QMouseEvent) -> None:
        super().mousePressEvent(event)
        calendar = self.calendarWidget()
        if not self.is_set() and calendar is not None:
            today = QDate.currentDate()
            calendar.setCurrentPage(today.year(), today.month())


class FiltersBar(QWidget):
    """Dates from a calendar, category, the lowest score and a text filter; ``changed`` on
    every edit. The core's filter also takes a highest score; the bar leaves it open."""

    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.since = DatePicker()
        self.since.setObjectName("filter_since")
        self.until = DatePicker()
        self.until.setObjectName("filter_until")
        self.clear_dates = QToolButton()
        self.clear_dates.setObjectName("filter_clear_dates")
        self.clear_dates.setText("×")
        self.clear_dates.clicked.connect(self._clear_dates)
        self.category = QComboBox()
        self.category.setObjectName("filter_category")
        self.category.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.text = QLineEdit()
        self.text.setObjectName("filter_text")
        self.text.setClearButtonEnabled(True)
        # The lowest score: 0 reads "any" (every answer, scored or not), else "60 or more".
        self.min_score = QSpinBox()
        self.min_score.setObjectName("filter_min_score")
        self.min_score.setRange(0, 100)
        self.min_score.setSingleStep(10)
        self.min_score.valueChanged.connect(lambda *_args: self.changed.emit())
        for edit in (self.since, self.until):
            edit.dateChanged.connect(lambda *_args: self._dates_changed())
        self.text.textChanged.connect(lambda *_args: self.changed.emit())
        self.category.currentIndexChanged.connect(lambda *_args: self.changed.emit())
        self.voice = VoiceFilterCombo()
        self.voice.currentIndexChanged.connect(lambda *_args: self.changed.emit())
        self.labels = [QLabel() for _ in range(4)]
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        widgets = (self.since, self.until, self.category, self.min_score)
        for label, widget in zip(self.labels, widgets, strict=True):
            label.setBuddy(widget)
            layout.addWidget(label)
            layout.addWidget(widget)
            if widget is self.until:
                layout.addWidget(self.clear_dates)
        layout.addWidget(self.voice)
        layout.addWidget(self.text, 1)
        self._dates_changed(quiet=True)

    def retranslate(self, lang: str) -> None:
        keys = ("history.since", "history.until", "col.category", "history.min_score")
        for label, key in zip(self.labels, keys, strict=True):
            label.setText(tr(key, lang))
        for edit in (self.since, self.until):
            edit.setSpecialValueText(tr("history.any_date", lang))
        self.min_score.setSpecialValueText(tr("history.any_score", lang))
        self.min_score.setSuffix(tr("history.score_at_least", lang))
        self.clear_dates.setToolTip(tr("history.clear_dates", lang))
        self.text.setPlaceholderText(tr("history.question_filter", lang))
        self.text.setToolTip(tr("history.question_filter", lang))
        fill_categories(self.category, lang)
        self.voice.fill(lang)

    def _clear_dates(self) -> None:
        for edit in (self.since, self.until):
            edit.blockSignals(True)
            edit.clear_date()
            edit.blockSignals(False)
        self._dates_changed()

    def _dates_changed(self, quiet: bool = False) -> None:
        self.clear_dates.setEnabled(self.since.is_set() or self.until.is_set())
        if not quiet:
            self.changed.emit()

    def current(self, session_id: int | None) -> HistoryFilter:
        """The filter the controls describe. A range given backwards is read the right way."""
        since, until = self.since.iso(), self.until.iso()
        if since and until and since > until:
            since, until = until, since
        score = self.min_score.value()
        return HistoryFilter(
            since=since,
            until=until,
            category=self.category.currentData() or ANY,
            text=self.text.text().strip(),
            min_score=float(score) if score > 0 else None,
            session_id=session_id,
            voice=self.voice.value(),
        )


class SessionsPanel(QWidget):
    """Every session, newest first, after "all"; ``changed`` when another is chosen."""

    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.label = QLabel()
        self.view = QListWidget()
        self.view.setObjectName("sessions")
        self.view.setWordWrap(True)
        self.view.setSpacing(2)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.currentItemChanged.connect(lambda *_args: self.changed.emit())
        self.label.setBuddy(self.view)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.view, 1)

    def retranslate(self, lang: str) -> None:
        self.label.setText(tr("history.sessions", lang))

    def selected(self) -> int | None:
        item = self.view.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def fill(self, rows: Iterable[HistoryRow], lang: str) -> None:
        """List the sessions of ``rows``, keeping the one chosen (quietly: nothing changed)."""
        selected = self.selected()
        entries = sessions_of(rows)
        self.view.blockSignals(True)
        self.view.clear()
        everything = QListWidgetItem(tr("history.all_sessions", lang, count=len(entries)))
        everything.setData(Qt.ItemDataRole.UserRole, None)
        self.view.addItem(everything)
        self.view.setCurrentItem(everything)
        for entry in entries:
            item = QListWidgetItem(session_label(entry, lang, after_day="\n"))  # day, then what and how
            item.setToolTip(tr("history.session_item", lang, date=entry.when, count=entry.count))
            item.setData(Qt.ItemDataRole.UserRole, entry.session_id)
            self.view.addItem(item)
            if entry.session_id == selected:
                self.view.setCurrentItem(item)
        self.view.blockSignals(False)


class ProgressPanel(QWidget):
    """A measure over time, one line per category (daily means of the answers shown)."""

    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.measure = QComboBox()
        self.measure.setObjectName("progress_metric")
        self.category = QComboBox()
        self.category.setObjectName("progress_category")
        self.measure_label, self.category_label = QLabel(), QLabel()
        self.measure_label.setBuddy(self.measure)
        self.category_label.setBuddy(self.category)
        controls = QHBoxLayout()
        for label, combo in ((self.measure_label, self.measure), (self.category_label, self.category)):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.currentIndexChanged.connect(lambda *_args: self.changed.emit())
            controls.addWidget(label)
            controls.addWidget(combo)
        controls.addStretch(1)
        self.chart = ProgressChart()
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self.chart, 1)

    def retranslate(self, lang: str) -> None:
        self.measure_label.setText(tr("progress.metric", lang))
        self.category_label.setText(tr("progress.category", lang))
        self.chart.empty_text = tr("progress.no_data", lang)
        fill_categories(self.category, lang)
        current = self.measure.currentData()
        self.measure.blockSignals(True)
        self.measure.clear()
        for metric in PROGRESS_METRICS:
            self.measure.addItem(tr(PROGRESS_LABELS[metric], lang), metric)
        # The score first: progress is read as "am I answering better".
        self.measure.setCurrentIndex(max(self.measure.findData(current or DEFAULT_PROGRESS_METRIC), 0))
        self.measure.blockSignals(False)

    def show_rows(self, rows: Iterable[HistoryRow], lang: str) -> None:
        metric = self.measure.currentData() or DEFAULT_PROGRESS_METRIC
        points = progress_points(same_rate_unit(rows, metric), metric, self.category.currentData() or ANY)
        guides = ChartGuides(
            average=rolling_mean(points),
            average_label=tr("progress.average", lang, days=AVERAGE_DAYS),
            band=TARGET_BANDS.get(metric),
            band_label=tr("progress.target", lang),
            value_range=VALUE_RANGES.get(metric),
        )
        self.chart.set_series(
            daily_means(points), {c: category_name(c, lang) for c in CATEGORIES}, guides=guides
        )
