"""The review's reference panel: the reference answers with the key terms covered and missed,
and the editor for the user's own reference and key terms (a ReviewPanel, see review_panels).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from interview_sim.core.bank import USER_SOURCE
from interview_sim.core.review_session import ReferenceDraft
from interview_sim.i18n import tr
from interview_sim.qt import marked_text as mt
from interview_sim.qt.review_panels import (
    ReviewContext,
    ReviewPanel,
    ignore_height,
    read_only_view,
    source_name,
)


def column(*parts: tuple[QWidget, int]) -> QWidget:
    """Widgets one above the other, each with its stretch, without margins."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    for widget, stretch in parts:
        layout.addWidget(widget, stretch)
    return box


class ReferencePanel(ReviewPanel):
    """The reference answers with the key terms covered and missed, and the editor for the
    user's own reference and key terms."""

    def __init__(self) -> None:
        super().__init__()
        self.label = QLabel()
        self.view = read_only_view("reference_view")
        self.reference_hint = QLabel()
        self.reference_hint.setWordWrap(True)
        self.reference_editor = QPlainTextEdit()
        self.reference_editor.setObjectName("reference_editor")
        self.reference_editor.setTabChangesFocus(True)
        self.keywords_hint = QLabel()
        self.keywords_hint.setWordWrap(True)
        self.keywords_editor = QPlainTextEdit()
        self.keywords_editor.setObjectName("keywords_editor")
        self.keywords_editor.setTabChangesFocus(True)
        editors = column(
            (self.reference_hint, 0),
            (self.reference_editor, 3),
            (self.keywords_hint, 0),
            (self.keywords_editor, 1),
        )
        self.stack = QStackedWidget()
        self.stack.addWidget(self.view)
        self.stack.addWidget(editors)
        ignore_height(editors)
        self.edit_button = QPushButton()
        self.edit_button.setObjectName("edit_reference")
        self.missed_label = QLabel()
        self.missed_label.setObjectName("missed_terms")
        self.missed_label.setWordWrap(True)
        self.missed_label.setTextFormat(Qt.TextFormat.PlainText)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.edit_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.missed_label)
        layout.addLayout(row)

    def retranslate(self, lang: str) -> None:
        self.label.setText(tr("review.reference", lang))
        self.reference_hint.setText(tr("review.edit_reference_hint", lang))
        self.keywords_hint.setText(tr("review.keywords_hint", lang))

    def set_editing(self, editing: bool) -> None:
        self.stack.setCurrentIndex(1 if editing else 0)

    def start_edit(self, draft: ReferenceDraft) -> None:
        self.reference_editor.setPlainText(draft.reference)
        self.keywords_editor.setPlainText("\n".join(draft.keywords))
        self.set_editing(True)
        self.reference_editor.setFocus()

    def edited(self) -> tuple[str, list[str]]:
        return self.reference_editor.toPlainText(), self.keywords_editor.toPlainText().splitlines()

    def show_review(self, context: ReviewContext) -> None:
        analysis, lang, dark = context.view.analysis, context.lang, context.dark
        missed = analysis.keywords_missed
        self.missed_label.setText(tr("review.missed", lang, terms=", ".join(missed)) if missed else "")
        self.edit_button.setText(
            tr("review.edit_reference" if analysis.references else "review.write_reference", lang)
        )
        self.edit_button.setToolTip(f"{self.edit_button.text()} (Ctrl+R)")
        document = self.view.document()
        document.clear()
        cursor = QTextCursor(document)
        if not analysis.references:
            cursor.insertText(tr("review.no_reference", lang), mt.char_format([mt.HEADING], dark))
            return
        question = context.view.question
        sources = [r.source for r in question.answers] if question is not None else []
        for index, text in enumerate(analysis.references):
            source = sources[index] if len(sources) == len(analysis.references) else ""
            if len(analysis.references) > 1 or source:
                label = (
                    tr("review.your_reference", lang)
                    if source == USER_SOURCE
                    else tr("review.reference_n", lang, n=index + 1, source=source_name(source, lang))
                )
                if index:
                    cursor.insertText("\n\n")
                mt.insert_heading(cursor, label, dark=dark)
            marks = []
            for term in analysis.terms:
                spans = term.reference_spans[index] if index < len(term.reference_spans) else []
                kind = mt.COVERED_REF if term.covered else mt.MISSED
                marks += [mt.Mark(start, end, kind) for start, end in spans]
            mt.insert_marked(cursor, text, marks, dark=dark)
        self.view.moveCursor(QTextCursor.MoveOperation.Start)
