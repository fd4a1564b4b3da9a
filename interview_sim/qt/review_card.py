"""The verdict card at the top of the review: the score out of 100 in its colour band, the change
since the last attempt at the question, one line that sums the answer up, the three things most
worth fixing (core/verdict.py), and the two ways on: answer this question again, or the next
answer. The score's formula is its tooltip; the measurements stay below, in the details."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from interview_sim.core.storage import STATUS_FINISHED, STATUS_TYPED
from interview_sim.core.verdict import AnswerVerdict, judge
from interview_sim.i18n import tr
from interview_sim.qt.formatting import bigger, fmt_num, local_date
from interview_sim.qt.review_panels import ReviewContext, ReviewPanel
from interview_sim.qt.theme import BAD, GOOD, MUTED, WARN, ToneLabel

BAND_TONES = {"good": GOOD, "fair": WARN, "weak": BAD, "none": MUTED}


def recording_status(status: str, audio_path: str | None) -> str:
    """The attempt's kind as the header says it: "recorded" only when there is a recording to
    play, so the header and the player never disagree."""
    has_audio = bool(audio_path) and Path(str(audio_path)).is_file()
    if status == STATUS_FINISHED and not has_audio:
        return "no_audio"
    return status


def spoken(status: str) -> bool:
    """A typed answer has no pace, pauses or voice: its time is typing time."""
    return status != STATUS_TYPED


class VerdictCard(ReviewPanel):
    answer_again_requested = Signal(str)  # question id
    next_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("verdict_card")
        self.verdict: AnswerVerdict | None = None
        self._question_id = ""
        frame = QFrame()
        frame.setObjectName("verdict_frame")
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        self.meta = ToneLabel(MUTED)
        self.meta.setObjectName("review_meta")
        self.score = ToneLabel(MUTED)
        self.score.setObjectName("review_score")
        self.score.setFont(bigger(self.font(), 2.6))
        self.score.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom)
        self.out_of = ToneLabel(MUTED)
        self.out_of.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom)
        self.band = ToneLabel(MUTED)
        self.band.setObjectName("review_band")
        self.band.setFont(bigger(self.font(), 1.1))
        self.change = ToneLabel(MUTED)
        self.change.setObjectName("review_change")
        self.headline = QLabel()
        self.headline.setObjectName("review_headline")
        self.headline.setFont(bigger(self.font(), 1.2))
        self.headline.setWordWrap(True)
        self.headline.setTextFormat(Qt.TextFormat.PlainText)
        self.fixes_label = ToneLabel(MUTED)
        self.fixes: list[QLabel] = []
        fixes = QVBoxLayout()
        fixes.setSpacing(2)
        fixes.addWidget(self.headline)
        fixes.addWidget(self.fixes_label)
        for number in range(3):
            label = QLabel()
            label.setObjectName(f"review_fix_{number + 1}")
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
            self.fixes.append(label)
            fixes.addWidget(label)
        fixes.addStretch(1)
        self.again_button = QPushButton()
        self.again_button.setObjectName("answer_again")
        self.again_button.setDefault(True)
        self.again_button.clicked.connect(self.request_again)
        self.next_button = QPushButton()
        self.next_button.setObjectName("next_answer")
        self.next_button.clicked.connect(self.next_requested.emit)
        actions = QVBoxLayout()
        actions.addWidget(self.again_button)
        actions.addWidget(self.next_button)
        actions.addStretch(1)
        figure = QHBoxLayout()
        figure.setSpacing(4)
        figure.addWidget(self.score)
        figure.addWidget(self.out_of)
        scale = QVBoxLayout()
        scale.setSpacing(2)
        scale.addLayout(figure)
        scale.addWidget(self.band, 0, Qt.AlignmentFlag.AlignHCenter)
        scale.addWidget(self.change, 0, Qt.AlignmentFlag.AlignHCenter)
        scale.addStretch(1)
        row = QHBoxLayout(frame)
        row.setContentsMargins(14, 10, 14, 10)
        row.setSpacing(20)
        row.addLayout(scale)
        row.addLayout(fixes, 1)
        row.addLayout(actions)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.meta)
        layout.addWidget(frame)

    def request_again(self) -> None:
        if self._question_id:
            self.answer_again_requested.emit(self._question_id)

    def set_next(self, has_next: bool, lang: str) -> None:
        """ "Next answer" while the session has one after this, else back to where the user was."""
        self.next_button.setText(tr("card.next" if has_next else "card.done", lang))
        self.next_button.setToolTip(
            tr("card.next_tip", lang) if has_next else f"{tr('card.done', lang)} (Esc)"
        )
        self.next_button.setProperty("has_next", has_next)

    def retranslate(self, lang: str) -> None:
        self.again_button.setText(tr("card.again", lang))
        self.again_button.setToolTip(tr("card.again_tip", lang))
        self.fixes_label.setText(tr("card.fixes", lang))
        self.out_of.setText(tr("card.out_of", lang))
        self.set_next(bool(self.next_button.property("has_next")), lang)

    def show_review(self, context: ReviewContext) -> None:
        view, lang = context.view, context.lang
        attempt, analysis = view.attempt, view.analysis
        self._question_id = attempt.question_id
        self.again_button.setEnabled(view.question is not None)
        status = tr(f"status.{recording_status(attempt.status, attempt.audio_path)}", lang)
        self.meta.setText(
            tr("review.meta", lang, date=local_date(attempt.started_at), id=attempt.id, status=status)
        )
        verdict = judge(analysis, spoken=spoken(attempt.status), previous_score=view.previous_score)
        self.verdict = verdict
        tone = BAND_TONES[verdict.band]
        self.score.set_tone(tone)
        self.band.set_tone(tone)
        self.score.setText(fmt_num(verdict.score) if verdict.score is not None else "")
        self.score.setVisible(verdict.score is not None)
        self.out_of.setVisible(verdict.score is not None)
        self.band.setText(tr(f"band.{verdict.band}", lang))
        self.score.setToolTip(self._formula(context))
        if verdict.change is None:
            self.change.setText(
                tr("card.first", lang) if view.previous_score is None and verdict.score is not None else ""
            )
            self.change.set_tone(MUTED)
        else:
            delta = round(verdict.change)
            key = "card.change_up" if delta > 0 else "card.change_down" if delta < 0 else "card.change_same"
            self.change.setText(tr(key, lang, delta=abs(delta)))
            self.change.set_tone(GOOD if delta > 0 else BAD if delta < 0 else MUTED)
        self.headline.setText(tr(f"headline.{verdict.headline}", lang))
        self.fixes_label.setText(tr("card.fixes", lang) if verdict.fixes else tr("card.nothing", lang))
        for number, label in enumerate(self.fixes):
            fix = verdict.fixes[number] if number < len(verdict.fixes) else None
            label.setVisible(fix is not None)
            if fix is not None:
                values = dict(fix.values)
                if "terms" in values:
                    values["terms"] = ", ".join(values["terms"])
                if "target" in values:
                    values["target"] = f"{values['target']:g}"
                label.setText(f"{number + 1}. {tr('fix.' + fix.kind, lang, **values)}")

    def _formula(self, context: ReviewContext) -> str:
        content, lang = context.view.analysis.content, context.lang
        if content.score is None:
            return tr("review.score_none", lang)
        coverage = (
            f"{fmt_num((content.coverage or 0) * 100)}% ({content.covered}/{content.total})"
            if content.coverage is not None
            else "–"
        )
        similarity = f"{fmt_num((content.similarity or 0) * 100)}%" if content.similarity is not None else "–"
        text = tr(
            "card.formula",
            lang,
            coverage=coverage,
            cw=f"{content.coverage_weight:g}",
            similarity=similarity,
            sw=f"{content.similarity_weight:g}",
        )
        if content.capped and content.cap is not None and content.uncapped is not None:
            text += "\n" + tr(
                "card.capped", lang, cap=fmt_num(content.cap), uncapped=fmt_num(content.uncapped)
            )
        return text
