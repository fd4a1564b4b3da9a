"""Two answers to the same question side by side: metrics, a word diff of the transcripts, and
playback of each. The comparison itself (analyses and diff) is made off the GUI thread by
core/history.py; this view shows it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from interview_sim.core.analysis import Analysis
from interview_sim.core.history import (
    HIGHER_IS_BETTER,
    LOWER_IS_BETTER,
    NEITHER,
    Change,
    Comparison,
    change_of,
)
from interview_sim.core.storage import Attempt
from interview_sim.devices.player import FilePlayer
from interview_sim.i18n import tr
from interview_sim.qt import marked_text as mt
from interview_sim.qt.app_state import AppState
from interview_sim.qt.errors import describe_failure, show_message
from interview_sim.qt.formatting import fmt_num, fmt_time, local_date, show_play_state, verdict_text
from interview_sim.qt.theme import BAD, GOOD, MUTED, ToneLabel, is_dark_palette, tone

PlayerFactory = Callable[[], FilePlayer]
# Measure, earlier, later, the change and whether it is counted in seconds.
CompareRow = tuple[str, str, str, "Change | None", bool]
CHANGE_TONES = {"better": GOOD, "worse": BAD, "same": MUTED, "changed": MUTED}


def change_text(change: Change | None, lang: str, seconds: bool = False) -> str:
    """The change as read: ▲ +12 · better; ▼ −3 · better (fewer fillers); ▼ −2 s; no change.
    Empty when either value is unknown."""
    if change is None:
        return ""
    if change.verdict == "same":
        return tr("compare.same", lang)
    digits = 0 if float(change.delta).is_integer() or abs(change.delta) >= 10 else 1
    number = fmt_num(abs(change.delta), digits)
    if seconds:
        number = tr("value.seconds", lang, value=number)
    arrow = f"▲ +{number}" if change.delta > 0 else f"▼ −{number}"
    if change.verdict == "changed":
        return arrow
    return f"{arrow} · {tr('compare.' + change.verdict, lang)}"


class CompareView(QWidget):
    back_requested = Signal()

    def __init__(self, state: AppState, make_player: PlayerFactory) -> None:
        super().__init__()
        self.setObjectName("compare_view")
        self.state = state
        self.players = (make_player(), make_player())
        self.comparison: Comparison | None = None
        self._ready = [False, False]

        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.back_button = QPushButton()
        self.back_button.clicked.connect(self.go_back)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("compare_metrics")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setTabKeyNavigation(False)
        self.labels = (QLabel(), QLabel())
        self.views = (QTextEdit(), QTextEdit())
        self.play_buttons = (QPushButton(), QPushButton())
        self.legend = ToneLabel(MUTED)
        columns = QHBoxLayout()
        for index in (0, 1):
            view = self.views[index]
            view.setObjectName(f"compare_transcript_{index}")
            view.setReadOnly(True)
            view.setAcceptRichText(False)
            self.play_buttons[index].setObjectName(f"compare_play_{index}")
            self.play_buttons[index].clicked.connect(lambda _c=False, i=index: self.toggle_play(i))
            column = QVBoxLayout()
            column.addWidget(self.labels[index])
            column.addWidget(view, 1)
            column.addWidget(self.play_buttons[index])
            columns.addLayout(column)
        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addWidget(self.title, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.addLayout(top)
        layout.addWidget(self.table, 2)
        layout.addLayout(columns, 3)
        layout.addWidget(self.legend)
        for keys, action in (
            ("Esc", self.go_back),
            ("Ctrl+1", lambda: self.toggle_play(0)),
            ("Ctrl+2", lambda: self.toggle_play(1)),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(action)
        self.timer = QTimer(self)
        self.timer.setInterval(200)
        self.timer.timeout.connect(self._update_buttons)
        state.language_changed.connect(lambda _lang: self.retranslate())
        self.retranslate()

    @property
    def lang(self) -> str:
        return self.state.lang

    @property
    def attempts(self) -> tuple[Attempt, Attempt] | None:
        return self.comparison.attempts if self.comparison is not None else None

    def retranslate(self) -> None:
        lang = self.lang
        self.back_button.setText("← " + tr("nav.back", lang))
        self.back_button.setToolTip(f"{tr('nav.back', lang)} (Esc)")
        self.legend.setText(tr("compare.diff_legend", lang))
        self._update_buttons()
        self._render()

    def show_comparison(self, comparison: Comparison) -> None:
        """Show two attempts compared off the GUI thread (the earlier one first)."""
        self.stop()
        self.comparison = comparison
        self._render()
        for index, attempt in enumerate(comparison.attempts):
            self._load_audio(index, attempt)
        self.table.setFocus()

    def _render(self) -> None:
        comparison = self.comparison
        if comparison is None:
            return
        lang = self.lang
        first, second = comparison.attempts
        question = comparison.question
        self.title.setText(
            tr("compare.title", lang) + " · " + (question.question if question else first.question_id)
        )
        self.labels[0].setText(tr("compare.first", lang, date=local_date(first.started_at)))
        self.labels[1].setText(tr("compare.second", lang, date=local_date(second.started_at)))
        rows = self._rows(comparison)
        self.table.setRowCount(len(rows))
        self.table.setHorizontalHeaderLabels(
            [
                tr("review.col_measure", lang),
                self.labels[0].text(),
                self.labels[1].text(),
                tr("compare.change", lang),
            ]
        )
        for row, (label, first_text, second_text, change, seconds) in enumerate(rows):
            for column, text in enumerate((label, first_text, second_text)):
                self.table.setItem(row, column, QTableWidgetItem(text))
            self.table.setItem(row, 3, self._change_item(change, seconds))
        dark = is_dark_palette(self.palette())
        dropped = [mt.Mark(start, end, mt.DELETED) for start, end in comparison.dropped]
        added = [mt.Mark(start, end, mt.INSERTED) for start, end in comparison.added]
        for view, analysis, marks in zip(self.views, comparison.analyses, (dropped, added), strict=True):
            document = view.document()
            document.clear()
            mt.insert_marked(QTextCursor(document), analysis.transcript, marks, dark=dark)

    def _rows(self, comparison: Comparison) -> list[CompareRow]:
        lang, analyses = self.lang, comparison.analyses
        rows: list[CompareRow] = []

        def add(
            label: str,
            text: Callable[[Analysis], str],
            value: Callable[[Analysis], float | None] | None = None,
            better: str = NEITHER,
            seconds: bool = False,
        ) -> None:
            change = change_of(value(analyses[0]), value(analyses[1]), better) if value else None
            rows.append((label, text(analyses[0]), text(analyses[1]), change, seconds))

        add(
            tr("metric.content", lang),
            lambda a: fmt_num(a.content.score),
            lambda a: a.content.score,
            HIGHER_IS_BETTER,
        )
        add(
            tr("metric.coverage", lang),
            lambda a: f"{a.content.covered}/{a.content.total}" if a.content.total else "-",
            lambda a: a.content.covered if a.content.total else None,
            HIGHER_IS_BETTER,
        )
        # Longer is not better or worse in itself: the verdict beside it says how it fits.
        add(
            tr("metric.length", lang),
            lambda a: f"{fmt_time(a.duration_s)} ({verdict_text(a.length.verdict, lang)})",
            lambda a: a.duration_s,
            seconds=True,
        )
        add(
            tr("metric.first_word", lang),
            lambda a: (
                tr("value.seconds", lang, value=fmt_num(a.time_to_first_word_s, 1))
                if a.time_to_first_word_s is not None
                else "-"
            ),
            lambda a: a.time_to_first_word_s,
            LOWER_IS_BETTER,
            seconds=True,
        )
        add(
            tr("metric.rate_en" if analyses[0].rate.unit == "words_per_minute" else "metric.rate_ko", lang),
            lambda a: f"{fmt_num(a.rate.value)} ({verdict_text(a.rate.verdict.verdict, lang)})",
            lambda a: a.rate.value,
        )
        add(
            tr("metric.fillers", lang),
            lambda a: tr(
                "value.fillers", lang, count=a.fillers.count, per_minute=fmt_num(a.fillers.per_minute, 1)
            ),
            lambda a: a.fillers.count,
            LOWER_IS_BETTER,
        )
        add(
            tr("metric.pauses", lang),
            lambda a: str(len(a.long_pauses)),
            lambda a: len(a.long_pauses),
            LOWER_IS_BETTER,
        )
        add(
            tr("metric.repeats", lang),
            lambda a: str(len(a.repeats)),
            lambda a: len(a.repeats),
            LOWER_IS_BETTER,
        )
        ratings = [tr(f"rating.{a.rating}", lang) if a.rating else "-" for a in comparison.attempts]
        rows.append((tr("col.rating", lang), ratings[0], ratings[1], None, False))
        return rows

    def _change_item(self, change: Change | None, seconds: bool) -> QTableWidgetItem:
        """▲ or ▼ with the difference, and in words and colour whether it is better or worse."""
        item = QTableWidgetItem(change_text(change, self.lang, seconds))
        pair = CHANGE_TONES.get(change.verdict) if change is not None else None
        if pair is not None:
            item.setForeground(tone(pair, self.palette()))
        return item

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._render()  # the diff's colours are held by the documents

    def _load_audio(self, index: int, attempt: Attempt) -> None:
        self._ready[index] = False
        self._update_buttons()
        if not attempt.audio_path or not Path(attempt.audio_path).is_file():
            return
        player, path = self.players[index], Path(attempt.audio_path)

        def loaded(_duration: float) -> None:
            self._ready[index] = True
            self._update_buttons()

        # A recording that cannot be read leaves its button saying there is no audio.
        self.state.tasks.run(
            lambda: player.load(path),
            owner=self,
            on_done=loaded,
            on_error=lambda _exc: None,
            key=("load", index),
        )

    def toggle_play(self, index: int) -> None:
        if not self._ready[index]:
            return
        player, other = self.players[index], self.players[1 - index]
        other.stop()
        if player.playing:
            player.pause()
            self._update_buttons()
            return

        self.state.tasks.run(
            player.play,
            owner=self,
            on_done=lambda _r: self._update_buttons(),
            on_error=lambda exc: show_message(
                self.legend, describe_failure("review.audio_failed", exc, self.lang)
            ),
            key=("play", index),
        )
        self.timer.start()

    def _update_buttons(self) -> None:
        keys = ("review.play", "compare.play_first"), ("review.play", "compare.play_second")
        for index, (button, player) in enumerate(zip(self.play_buttons, self.players, strict=True)):
            label = tr(keys[index][1], self.lang)
            if not self._ready[index]:
                button.setText(f"{label} · {tr('review.no_audio', self.lang)}")
            else:
                show_play_state(button, player.playing, f"{label} {fmt_time(player.position_s())}")
            button.setEnabled(self._ready[index])
            button.setToolTip(f"{label} (Ctrl+{index + 1})")
        if not any(p.playing for p in self.players):
            self.timer.stop()

    def stop(self) -> None:
        for player in self.players:
            player.stop()
        self._update_buttons()

    def go_back(self) -> None:
        self.stop()
        self.back_requested.emit()
