"""The review's panels under the texts: delivery against its norms (a section that folds away),
and the user's rating, explained where it is asked, and notes."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QButtonGroup,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from interview_sim.core import delivery
from interview_sim.core.analysis import Analysis
from interview_sim.core.review_session import ReviewView
from interview_sim.core.storage import RATINGS, STATUS_TYPED, Attempt
from interview_sim.i18n import tr
from interview_sim.qt.formatting import fmt_num, fmt_time, verdict_text
from interview_sim.qt.review_panels import ReviewContext, ReviewPanel
from interview_sim.qt.theme import BAD, GOOD, MUTED, ToneLabel, tone

NOTES_SAVE_MS = 700
# Verdicts with nothing to judge: shown muted, not as a fault.
NEUTRAL = ("unknown", "unmarked", "typed")


Row = tuple[str, str, str, str]


def metric_rows(view: ReviewView, lang: str) -> list[Row]:
    """(measure, value, norm, verdict) of each delivery measure that applies to the answer; a
    verdict "some:N" counts, "" has none. What cannot be measured is left out, not shown as "-":
    a typed answer has no length, pace, pauses or first word (its time is typing time), an answer
    without word times no pauses or first word, sections without marks no section rows. A rate
    over less than half a minute is shown as the counts it comes from."""
    spoken = view.attempt.status != STATUS_TYPED
    timed = view.analysis.words_given and spoken
    return [
        *_length_rows(view.analysis, lang, spoken),
        *_section_rows(view, lang, spoken),
        *_first_word_rows(view.analysis, lang, timed),
        *_pace_rows(view.analysis, lang, spoken),
        _filler_row(view.analysis, lang, spoken),
        *_count_rows(view.analysis, lang, timed),
    ]


def _length_rows(analysis: Analysis, lang: str, spoken: bool) -> list[Row]:
    length = analysis.length
    if not spoken:
        return []  # typing time says nothing about the answer's length (the card judges its amount)
    if analysis.target_s is not None and length.norm_low is not None and length.norm_high is not None:
        low, high, target = f"{length.norm_low:g}", f"{length.norm_high:g}", f"{analysis.target_s:g}"
        norm = tr("norm.length", lang, low=low, high=high, target=target)
        return [(tr("metric.length", lang), fmt_time(analysis.duration_s), norm, length.verdict)]
    return [(tr("metric.length", lang), fmt_time(analysis.duration_s), "", "")]


def _section_rows(view: ReviewView, lang: str, spoken: bool) -> list[Row]:
    analysis, template = view.analysis, view.template
    if not spoken or all(section["actual_s"] is None for section in analysis.sections):
        return []
    names = {s.id: s.label(lang) for s in template.sections} if template is not None else {}
    rows = []
    for section in analysis.sections:
        actual = section["actual_s"]
        rows.append(
            (
                tr("metric.section", lang, name=names.get(section["id"], section["name"])),
                tr("value.seconds", lang, value=fmt_num(actual)) if actual is not None else "",
                tr("norm.planned", lang, planned=f"{section['planned_s']:g}"),
                section["verdict"],
            )
        )
    return rows


def _first_word_rows(analysis: Analysis, lang: str, timed: bool) -> list[Row]:
    first = analysis.first_word
    if not timed or first.value is None:
        return []
    return [
        (
            tr("metric.first_word", lang),
            tr("value.seconds", lang, value=fmt_num(first.value, 1)),
            tr("norm.at_most", lang, value=f"{delivery.FIRST_WORD_NORM_S:g}"),
            first.verdict or "ok",
        )
    ]


def _pace_rows(analysis: Analysis, lang: str, spoken: bool) -> list[Row]:
    rate = analysis.rate
    if not spoken or rate.value is None:
        return []
    suffix = "en" if rate.unit == "words_per_minute" else "ko"
    if rate.meaningful:
        value = tr(f"value.rate_{suffix}", lang, value=fmt_num(rate.value))
    else:
        value = tr(f"value.count_{suffix}", lang, count=rate.count, seconds=fmt_num(rate.basis_s))
    low, high = f"{rate.verdict.norm_low:g}", f"{rate.verdict.norm_high:g}"
    norm = tr(f"norm.rate_{suffix}", lang, low=low, high=high)
    return [(tr("metric.pace", lang), value, norm, rate.verdict.verdict)]


def _filler_row(analysis: Analysis, lang: str, spoken: bool) -> Row:
    fillers = analysis.fillers
    if not spoken or fillers.per_minute is None:
        value = tr("value.count", lang, count=fillers.count)
    elif fillers.meaningful:
        value = tr("value.fillers", lang, count=fillers.count, per_minute=fmt_num(fillers.per_minute, 1))
    else:
        value = tr("value.fillers_short", lang, count=fillers.count, seconds=fmt_num(fillers.basis_s))
    verdict = fillers.verdict if spoken else ("ok" if not fillers.count else f"some:{fillers.count}")
    norm = (
        tr("norm.fillers", lang, value=f"{delivery.FILLERS_OK_PER_MIN:g}")
        if spoken
        else tr("norm.none", lang)
    )
    return (tr("metric.fillers", lang), value, norm, "" if verdict == "unknown" else verdict)


def _count_rows(analysis: Analysis, lang: str, timed: bool) -> list[Row]:
    """Long pauses (only with word times) and repeats: none is the norm."""
    counts = [("metric.pauses", len(analysis.long_pauses))] if timed else []
    counts.append(("metric.repeats", len(analysis.repeats)))
    return [
        (tr(key, lang), str(count), tr("norm.none", lang), "ok" if count == 0 else f"some:{count}")
        for key, count in counts
    ]


class MetricsPanel(ReviewPanel):
    """Delivery against its norms, one row per measure that applies, the verdict coloured; it
    folds away (the verdict card above says what matters)."""

    def __init__(self) -> None:
        super().__init__()
        self._open = True
        self._lang = "ko"
        self.toggle = QPushButton()
        self.toggle.setObjectName("review_details_toggle")
        self.toggle.setFlat(True)
        self.toggle.clicked.connect(lambda: self.set_open(not self._open))
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("metrics")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.legend = ToneLabel(MUTED)
        self.legend.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.legend)
        layout.addWidget(self.toggle, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.table)
        layout.addStretch(1)
        # As tall as its rows, so no empty rows; open at first, folded with a click or Ctrl+D.
        self.table.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
        self.set_open(True)

    @property
    def is_open(self) -> bool:
        return self._open

    def set_open(self, shown: bool) -> None:
        self._open = shown
        self.table.setVisible(shown)
        self.toggle.setText(("▾ " if shown else "▸ ") + tr("review.details", self._lang))

    def retranslate(self, lang: str) -> None:
        self._lang = lang
        self.set_open(self._open)
        self.toggle.setToolTip(tr("review.details_tip", lang))
        self.legend.setText(tr("review.legend", lang) + " · " + tr("review.legend_habits", lang))
        columns = ("review.col_measure", "review.col_value", "review.col_norm", "review.col_verdict")
        self.table.setHorizontalHeaderLabels([tr(k, lang) for k in columns])

    def show_review(self, context: ReviewContext) -> None:
        lang = context.lang
        rows = metric_rows(context.view, lang)
        self.table.setRowCount(len(rows))
        for row, (measure, value, norm_text, verdict) in enumerate(rows):
            if verdict.startswith("some:"):
                shown = tr("verdict.some", lang, count=verdict.split(":", 1)[1])
            else:
                shown = verdict_text(verdict, lang) if verdict else ""
            for column, text in enumerate((measure, value, norm_text, shown)):
                item = QTableWidgetItem(text)
                if column == 3:
                    pair = GOOD if verdict == "ok" else MUTED if not verdict or verdict in NEUTRAL else BAD
                    item.setForeground(tone(pair, context.palette))
                    item.setData(Qt.ItemDataRole.UserRole, verdict)
                self.table.setItem(row, column, item)


class NotesPanel(ReviewPanel):
    """The rating buttons (1 to 4) and the notes, saved a moment after typing stops."""

    rated = Signal(str)
    notes_changed = Signal(str)  # the notes once typing paused (or on flush)

    def __init__(self) -> None:
        super().__init__()
        self.rating_label = QLabel()
        self.buttons: dict[str, QPushButton] = {}
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.rating_help = ToneLabel(MUTED)
        self.rating_help.setObjectName("rating_help")
        self.rating_help.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.rating_label)
        for rating in RATINGS:
            button = QPushButton()
            button.setObjectName(f"rate_{rating}")
            button.setCheckable(True)
            button.clicked.connect(lambda _checked=False, chosen=rating: self.rated.emit(chosen))
            self.group.addButton(button)
            self.buttons[rating] = button
            row.addWidget(button)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(NOTES_SAVE_MS)
        self.timer.timeout.connect(self.flush)
        self.notes_label = QLabel()
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("notes")
        self.notes.setTabChangesFocus(True)
        self.notes.textChanged.connect(self.timer.start)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.rating_help)
        layout.addWidget(self.notes_label)
        layout.addWidget(self.notes)
        layout.addStretch(1)
        # A few lines' room: notes are short, and an empty box should not take the screen.
        self.notes.setMaximumHeight(self.fontMetrics().lineSpacing() * 6 + 12)

    def retranslate(self, lang: str) -> None:
        for number, (rating, button) in enumerate(self.buttons.items(), start=1):
            button.setText(f"{number} {tr('rating.' + rating, lang)}")
            button.setToolTip(f"{tr('rating.' + rating, lang)} ({number})")
        self.rating_label.setText(tr("review.rating", lang))
        self.rating_help.setText(tr("review.rating_help", lang))
        self.notes_label.setText(tr("review.notes", lang))
        self.notes.setPlaceholderText(tr("review.notes_placeholder", lang))

    def show_attempt(self, attempt: Attempt) -> None:
        self.timer.stop()
        self.notes.blockSignals(True)
        self.notes.setPlainText(attempt.notes)
        self.notes.blockSignals(False)
        self.show_rating(attempt.rating)

    def show_rating(self, rating: str | None) -> None:
        if rating is None:
            self.group.setExclusive(False)
            for button in self.buttons.values():
                button.setChecked(False)
            self.group.setExclusive(True)
        else:
            self.buttons[rating].setChecked(True)

    def flush(self) -> None:
        """Announce the notes now if typing has not been announced yet."""
        self.timer.stop()
        self.notes_changed.emit(self.notes.toPlainText())
