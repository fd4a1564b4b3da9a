"""The review's panels under and above the texts: the content score with its parts, delivery
against its norms, and the user's rating and notes."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
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
from interview_sim.core.review_session import ReviewView
from interview_sim.core.storage import RATINGS, STATUS_TYPED, Attempt
from interview_sim.i18n import tr
from interview_sim.qt.formatting import bigger, fmt_num, fmt_time, local_date, verdict_text
from interview_sim.qt.review_panels import ReviewContext, ReviewPanel
from interview_sim.qt.theme import BAD, GOOD, MUTED, ToneLabel, tone

NOTES_SAVE_MS = 700
# Verdicts with nothing to judge: shown muted, not as a fault.
NEUTRAL = ("unknown", "unmarked", "typed")


class ScorePanel(ReviewPanel):
    """When and how the answer was given, and its content score with what it is made of."""

    def __init__(self) -> None:
        super().__init__()
        self.meta = ToneLabel(MUTED)
        self.meta.setObjectName("review_meta")
        self.score = QLabel()
        self.score.setObjectName("review_score")
        self.score.setFont(bigger(self.font(), 1.25))
        self.score_parts = QLabel()
        self.score_parts.setObjectName("review_score_parts")
        self.score_parts.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for label in (self.meta, self.score, self.score_parts):
            layout.addWidget(label)

    def show_review(self, context: ReviewContext) -> None:
        attempt, content, lang = context.view.attempt, context.view.analysis.content, context.lang
        status = tr(f"status.{attempt.status}", lang)
        self.meta.setText(
            tr("review.meta", lang, date=local_date(attempt.started_at), id=attempt.id, status=status)
        )
        if content.score is None:
            self.score.setText(tr("review.score_none", lang))
            self.score_parts.setText("")
            return
        coverage = (
            f"{fmt_num((content.coverage or 0) * 100)}% ({content.covered}/{content.total})"
            if content.coverage is not None
            else "-"
        )
        similarity = f"{fmt_num((content.similarity or 0) * 100)}%" if content.similarity is not None else "-"
        self.score.setText(tr("review.score", lang, score=fmt_num(content.score)))
        self.score_parts.setText(
            tr(
                "review.score_parts",
                lang,
                coverage=coverage,
                cw=f"{content.coverage_weight:g}",
                similarity=similarity,
                sw=f"{content.similarity_weight:g}",
            )
        )


def metric_rows(view: ReviewView, lang: str) -> list[tuple[str, str, str, str]]:
    """(measure, value, norm, verdict) of each delivery measure; a verdict "some:N" counts."""
    analysis = view.analysis
    length = analysis.length
    norm = "-"
    if analysis.target_s is not None and length.norm_low is not None and length.norm_high is not None:
        low, high, target = f"{length.norm_low:g}", f"{length.norm_high:g}", f"{analysis.target_s:g}"
        norm = tr("norm.length", lang, low=low, high=high, target=target)
    rows = [(tr("metric.length", lang), fmt_time(analysis.duration_s), norm, length.verdict)]
    template = view.template
    names = {s.id: s.label(lang) for s in template.sections} if template is not None else {}
    for section in analysis.sections:
        actual = section["actual_s"]
        rows.append(
            (
                tr("metric.section", lang, name=names.get(section["id"], section["name"])),
                tr("value.seconds", lang, value=fmt_num(actual)) if actual is not None else "-",
                tr("norm.planned", lang, planned=f"{section['planned_s']:g}"),
                section["verdict"],
            )
        )
    first = analysis.first_word
    rows.append(
        (
            tr("metric.first_word", lang),
            tr("value.seconds", lang, value=fmt_num(first.value, 1)) if first.value is not None else "-",
            tr("norm.at_most", lang, value=f"{delivery.FIRST_WORD_NORM_S:g}"),
            first.verdict,
        )
    )
    rate = analysis.rate
    # A typed answer has no speaking pace: its time is typing time.
    typed = view.attempt.status == STATUS_TYPED
    rows.append(
        (
            tr("metric.rate_en" if rate.unit == "words_per_minute" else "metric.rate_ko", lang),
            "-" if typed else fmt_num(rate.value),
            tr("norm.range", lang, low=f"{rate.verdict.norm_low:g}", high=f"{rate.verdict.norm_high:g}"),
            "typed" if typed else rate.verdict.verdict,
        )
    )
    fillers = analysis.fillers
    rows.append(
        (
            tr("metric.fillers", lang),
            tr("value.fillers", lang, count=fillers.count, per_minute=fmt_num(fillers.per_minute, 1)),
            tr("norm.fillers", lang, value=f"{delivery.FILLERS_OK_PER_MIN:g}"),
            fillers.verdict,
        )
    )
    pauses = len(analysis.long_pauses)
    timed = analysis.words_given
    rows.append(
        (
            tr("metric.pauses", lang),
            str(pauses) if timed else "-",
            tr("norm.none", lang),
            ("ok" if pauses == 0 else f"some:{pauses}") if timed else "unknown",
        )
    )
    repeats = len(analysis.repeats)
    rows.append(
        (
            tr("metric.repeats", lang),
            str(repeats),
            tr("norm.none", lang),
            "ok" if repeats == 0 else f"some:{repeats}",
        )
    )
    return rows


class MetricsPanel(ReviewPanel):
    """Delivery against its norms, one row per measure, the verdict coloured."""

    def __init__(self) -> None:
        super().__init__()
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
        layout.addWidget(self.table, 1)
        layout.addWidget(self.legend)

    def retranslate(self, lang: str) -> None:
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
                shown = verdict_text(verdict, lang)
            for column, text in enumerate((measure, value, norm_text, shown)):
                item = QTableWidgetItem(text)
                if column == 3:
                    pair = GOOD if verdict in ("ok", "") else MUTED if verdict in NEUTRAL else BAD
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
        layout.addWidget(self.notes_label)
        layout.addWidget(self.notes, 1)

    def retranslate(self, lang: str) -> None:
        for number, (rating, button) in enumerate(self.buttons.items(), start=1):
            button.setText(f"{number} {tr('rating.' + rating, lang)}")
            button.setToolTip(f"{tr('rating.' + rating, lang)} ({number})")
        self.rating_label.setText(tr("review.rating", lang))
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
