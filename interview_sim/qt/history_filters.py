"""The history's controls: the filter bar over the answers, the list of sessions, and the
progress tab's chart with its choice of measure and category."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from interview_sim.core.bank import CATEGORIES
from interview_sim.core.history import (
    ANY,
    PROGRESS_METRICS,
    VOICE_FILTERS,
    HistoryFilter,
    HistoryRow,
    is_date,
    progress_points,
    same_rate_unit,
    sessions_of,
)
from interview_sim.i18n import tr
from interview_sim.qt.history_model import category_name
from interview_sim.qt.progress_chart import ProgressChart, daily_means
from interview_sim.qt.theme import BAD, tone

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


class FiltersBar(QWidget):
    """Dates, category, score range and a text filter; ``changed`` on every edit."""

    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.since = QLineEdit()
        self.since.setObjectName("filter_since")
        self.until = QLineEdit()
        self.until.setObjectName("filter_until")
        self.category = QComboBox()
        self.category.setObjectName("filter_category")
        self.category.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.text = QLineEdit()
        self.text.setObjectName("filter_text")
        self.text.setClearButtonEnabled(True)
        self.min_score = QSpinBox()
        self.min_score.setObjectName("filter_min_score")
        self.max_score = QSpinBox()
        self.max_score.setObjectName("filter_max_score")
        for box in (self.min_score, self.max_score):
            box.setRange(-1, 100)
            box.setValue(-1)
            box.setSpecialValueText("-")
            box.valueChanged.connect(lambda *_args: self.changed.emit())
        for edit in (self.since, self.until):
            edit.setMaxLength(10)
            edit.setFixedWidth(110)
            edit.textChanged.connect(lambda *_args: self.changed.emit())
        self.text.textChanged.connect(lambda *_args: self.changed.emit())
        self.category.currentIndexChanged.connect(lambda *_args: self.changed.emit())
        self.voice = VoiceFilterCombo()
        self.voice.currentIndexChanged.connect(lambda *_args: self.changed.emit())
        self.labels = [QLabel() for _ in range(5)]
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        widgets = (self.since, self.until, self.category, self.min_score, self.max_score)
        for label, widget in zip(self.labels, widgets, strict=True):
            label.setBuddy(widget)
            layout.addWidget(label)
            layout.addWidget(widget)
        layout.addWidget(self.voice)
        layout.addWidget(self.text, 1)

    def retranslate(self, lang: str) -> None:
        keys = ("history.since", "history.until", "col.category", "history.min_score", "history.max_score")
        for label, key in zip(self.labels, keys, strict=True):
            label.setText(tr(key, lang))
        for edit in (self.since, self.until):
            edit.setPlaceholderText(tr("history.date_placeholder", lang))
        self.text.setPlaceholderText(tr("history.question_filter", lang))
        self.text.setToolTip(tr("history.question_filter", lang))
        fill_categories(self.category, lang)
        self.voice.fill(lang)

    def current(self, session_id: int | None) -> HistoryFilter | str:
        """The filter the controls describe, or the date typed that is not a date (marked)."""
        dates = []
        for edit in (self.since, self.until):
            value = edit.text().strip()
            if value and not is_date(value):
                edit.setStyleSheet(f"border: 1px solid {tone(BAD, edit.palette()).name()};")
                return value
            if edit.styleSheet():  # setting it, even to the same, restyles the widget
                edit.setStyleSheet("")
            dates.append(value)
        return HistoryFilter(
            since=dates[0],
            until=dates[1],
            category=self.category.currentData() or ANY,
            text=self.text.text().strip(),
            min_score=None if self.min_score.value() < 0 else float(self.min_score.value()),
            max_score=None if self.max_score.value() < 0 else float(self.max_score.value()),
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
            item = QListWidgetItem(tr("history.session_item", lang, date=entry.when, count=entry.count))
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
        self.measure.setCurrentIndex(max(self.measure.findData(current), 0))
        self.measure.blockSignals(False)

    def show_rows(self, rows: Iterable[HistoryRow], lang: str) -> None:
        metric = self.measure.currentData() or "content_score"
        points = progress_points(same_rate_unit(rows, metric), metric, self.category.currentData() or ANY)
        self.chart.set_series(daily_means(points), {c: category_name(c, lang) for c in CATEGORIES})
