"""The question bank page: categories, the questions with a search field, and the question.

It keeps itself current: a new bank, a new language or a new palette redraws it. Built after the
first paint (the main window makes it on first use or just after), so it may name ``Qt``.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from interview_sim.core.categories import CATEGORIES
from interview_sim.core.sources import DRAFT_SOURCE, source_title
from interview_sim.qt.theme import MUTED, tone
from interview_sim.qt.widgets import OpenOnEnter, PrimaryButton

if TYPE_CHECKING:
    from interview_sim.core.bank import Question
    from interview_sim.qt.app_state import AppState

ALL = "__all__"
KEY = Qt.ItemDataRole.UserRole


class BankBrowser(QSplitter):
    practise_requested = Signal(str)  # a question's id: start an interview with it alone
    help_screen = "bank"  # F1 shows this page's keys (qt/widgets.py SHORTCUTS)

    def __init__(self, state: AppState) -> None:
        super().__init__(Qt.Orientation.Horizontal)
        self.setObjectName("bank_browser")
        self.state = state
        self.categories = QListWidget()
        self.categories.setObjectName("categories")
        self.categories.currentItemChanged.connect(self._show_category)
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _text: self._show_category())
        self.questions = QListWidget()
        self.questions.setObjectName("questions")
        self.questions.setWordWrap(True)
        self.questions.setSpacing(3)
        self.questions.currentItemChanged.connect(self._show_question)
        self.detail = QTextBrowser()
        self.detail.setObjectName("detail")
        self.detail.setOpenLinks(False)  # notes are data: nothing in them is ever followed
        self.practise: QPushButton = PrimaryButton()
        self.practise.setObjectName("practise_question")
        self.practise.clicked.connect(self.practise_current)
        OpenOnEnter(self.questions, self.practise_current)  # Enter or a double click: practise it

        middle = QWidget()
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(0, 0, 0, 0)
        middle_layout.addWidget(self.search)
        middle_layout.addWidget(self.questions)
        self.addWidget(self.categories)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.detail, 1)
        action_row = QHBoxLayout()
        action_row.addStretch(1)
        action_row.addWidget(self.practise)
        right_layout.addLayout(action_row)
        self.addWidget(middle)
        self.addWidget(right)
        self.setSizes([220, 420, 460])

        state.bank_changed.connect(self._fill)
        state.language_changed.connect(self.retranslate)
        self.retranslate()

    def retranslate(self) -> None:
        self.search.setPlaceholderText(self.state.text("search.placeholder"))
        self.practise.setText(self.state.text("bank.practise"))
        self.practise.setToolTip(self.state.text("bank.practise_tip"))
        self._fill()

    def current_question_id(self) -> str | None:
        item = self.questions.currentItem()
        return item.data(KEY) if item is not None else None

    def practise_current(self) -> None:
        question_id = self.current_question_id()
        if question_id is not None:
            self.practise_requested.emit(question_id)

    def _fill(self) -> None:
        """The categories with their counts, keeping the one chosen."""
        bank = self.state.bank
        if bank is None:
            return
        current = self.categories.currentItem()
        selected = current.data(KEY) if current else ALL
        self.categories.blockSignals(True)
        self.categories.clear()
        counts = {c: len(bank.select([c])) for c in CATEGORIES}
        ko = self.state.lang == "ko"
        entries = [(ALL, self.state.text("bank.all"), len(bank))]
        entries += [(c, names[0 if ko else 1], counts[c]) for c, names in CATEGORIES.items() if counts[c]]
        for key, label, count in entries:
            item = QListWidgetItem(f"{label}  ({count})")
            item.setData(KEY, key)
            self.categories.addItem(item)
            if key == selected:
                self.categories.setCurrentItem(item)
        if self.categories.currentItem() is None:
            self.categories.setCurrentRow(0)
        self.categories.blockSignals(False)
        self._show_category()

    def select_category(self, category: str) -> None:
        for row in range(self.categories.count()):
            if self.categories.item(row).data(KEY) == category:
                self.categories.setCurrentRow(row)
                return

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._show_question()  # the question's HTML holds its secondary text colour

    def _show_category(self, *_args: object) -> None:
        bank = self.state.bank
        if bank is None:
            return
        item = self.categories.currentItem()
        key = item.data(KEY) if item else ALL
        questions = bank.questions if key == ALL else bank.select([key])
        needle = self.search.text().strip().lower()
        if needle:
            questions = [q for q in questions if needle in q.question.lower() or needle in q.id]
        self.questions.clear()
        for q in questions:
            row = QListWidgetItem(("" if q.answers else "✎ ") + q.question)
            row.setData(KEY, q.id)
            self.questions.addItem(row)
        self.practise.setEnabled(bool(questions))
        if questions:
            self.questions.setCurrentRow(0)
        else:
            self.detail.setHtml(f"<p>{html.escape(self.state.text('question.select'))}</p>")

    def _show_question(self, *_args: object) -> None:
        item = self.questions.currentItem()
        bank = self.state.bank
        question = bank.get(item.data(KEY)) if item and bank else None
        if question is None:
            return
        self.detail.setHtml(self.question_html(question))

    def question_html(self, q: Question) -> str:
        esc, text = html.escape, self.state.text
        parts = [f"<h2>{esc(q.question)}</h2>"]
        category = CATEGORIES.get(q.category, (q.category, q.category))[0 if self.state.lang == "ko" else 1]
        muted = tone(MUTED, self.palette()).name()
        parts.append(f"<p style='color:{muted}'>{esc(category)} · {esc(text('kind.' + q.kind))}</p>")
        template = self.state.templates.get(q.template_id)
        if template:
            target, most = f"{template.target_s:g}", f"{template.max_s:g}"
            parts.append(f"<p>{esc(text('question.template', target=target, max=most))}</p>")
        if q.keywords:
            terms = ", ".join(esc(k.split("|")[0].strip()) for k in q.keywords)
            parts.append(f"<p><b>{esc(text('question.keywords'))}:</b> {terms}</p>")
        if not q.answers:
            parts.append(f"<p><i>{esc(text('question.no_reference'))}</i></p>")
        for ref in q.answers:
            # An AI draft from the user's documents (core/documents.py) is never shown as a model answer.
            heading = (
                "question.reference_draft" if ref.source.startswith(DRAFT_SOURCE) else "question.reference"
            )
            parts.append(f"<h3>{esc(text(heading))}</h3>")
            parts.append(f"<p style='white-space:pre-wrap'>{esc(ref.text)}</p>")
            title = source_title(ref.source, self.state.lang)
            parts.append(f"<p style='color:{muted}'>{esc(text('question.source', source=title))}</p>")
        bank = self.state.bank
        if q.follow_ups and bank:
            parts.append(f"<h3>{esc(text('question.follow_ups'))}</h3><ul>")
            for target_id in q.follow_ups:
                follow = bank.get(target_id)
                parts.append(f"<li>{esc(follow.question if follow else target_id)}</li>")
            parts.append("</ul>")
        return "".join(parts)
