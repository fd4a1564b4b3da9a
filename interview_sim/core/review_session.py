"""What the review of one answer does, without Qt: load it, rate it, keep notes, correct the
transcript, edit the question's reference answer and key terms, keep the metrics current.

The review screen is a view over :class:`ReviewSession`: it runs these calls off the GUI thread
and shows what they return. Each call reads and writes the database it is given and returns new
values; nothing here holds state between calls, so a call may run on any thread.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from interview_sim.core import delivery
from interview_sim.core.analysis import Analysis
from interview_sim.core.bank import USER_SOURCE, Bank, Question, load_bank
from interview_sim.core.generated import is_generated, resolve_question
from interview_sim.core.overrides import UNCHANGED, save_override
from interview_sim.core.review import analyze_attempt, ensure_metrics, template_for, timed_words
from interview_sim.core.session_summary import previous_score
from interview_sim.core.storage import RATINGS, Attempt, Database
from interview_sim.core.templates import Template


class ReviewError(Exception):
    """A review action that cannot be done; the message says what and which attempt."""


@dataclass
class ReviewView:
    """One attempt as the review shows it: its analysis and its words with their times."""

    attempt: Attempt
    question: Question | None  # None when the question left the bank
    template: Template | None
    analysis: Analysis
    tokens: list[delivery.Token] = field(default_factory=list)
    recognized: bool = False  # the recognized transcript is shown, not the correction
    # The content score of the latest earlier attempt at the question (None: none, or unknown).
    previous_score: float | None = None
    # A generated follow-up: its id while it is one, and the bank id it was saved under once the
    # user saved it (then the attempt's question is that id). Both None for other questions.
    generated_id: str | None = None
    saved_as: str | None = None

    @property
    def corrected(self) -> bool:
        shown = self.attempt.transcript
        return shown is not None and shown.source == "corrected"


@dataclass(frozen=True)
class ReferenceDraft:
    """What the reference editor starts from: the user's own reference (else the first one)
    and the question's key terms."""

    reference: str
    keywords: list[str]

    @classmethod
    def of(cls, question: Question | None) -> ReferenceDraft:
        if question is None:
            return cls("", [])
        answers = question.answers
        own = [r.text for r in answers if r.source == USER_SOURCE]
        return cls(own[0] if own else (answers[0].text if answers else ""), list(question.keywords))


@dataclass
class ReferenceSaved:
    bank: Bank  # the bank reloaded with the edit laid over it
    view: ReviewView | None  # the attempt analysed against it (None: it is gone meanwhile)
    attempt_ids: list[int] = field(default_factory=list)  # attempts whose metrics were redone


def review_view(
    attempt: Attempt,
    bank: Bank | None,
    templates: Mapping[str, Template],
    *,
    recognized: bool = False,
    question: Question | None = None,
) -> ReviewView:
    """The analysis of an attempt already loaded (no database work), its words with their
    times for following playback. ``question``: the attempt's question when the bank has none
    of that id (a generated follow-up, see core/generated.py)."""
    if bank is not None and bank.get(attempt.question_id) is not None:
        question = bank.get(attempt.question_id)
    analysis = analyze_attempt(attempt, question, templates, recognized=recognized)
    tokens = delivery.tokenize(analysis.transcript)
    delivery.align_words(tokens, delivery.parse_words(timed_words(attempt, recognized=recognized)))
    template = template_for(attempt, question, templates)
    return ReviewView(attempt, question, template, analysis, tokens, recognized)


class ReviewSession:
    """The review's use cases over one archive, bank and set of templates.

    ``bank`` may be None while the bank is still loading: attempts are then shown without a
    question and their cached metrics are left alone.
    """

    def __init__(self, db: Database, bank: Bank | None, templates: Mapping[str, Template]) -> None:
        self.db = db
        self.bank = bank
        self.templates = dict(templates)

    # -- reading ---------------------------------------------------------------------------

    def view(self, attempt: Attempt, *, recognized: bool = False) -> ReviewView:
        """The analysis of an attempt already loaded; a generated follow-up's question is read
        from the archive."""
        question = None
        if is_generated(attempt.question_id):
            question = resolve_question(self.db, self.bank, attempt.question_id)
        view = review_view(attempt, self.bank, self.templates, recognized=recognized, question=question)
        if is_generated(attempt.question_id):
            view.generated_id = attempt.question_id
        elif view.question is not None and view.question.follow_up_of is not None:
            origin = self.db.generated_saved_as(attempt.question_id)
            if origin is not None:
                view.generated_id, view.saved_as = str(origin["id"]), attempt.question_id
        return view

    def save_generated(self, attempt_id: int, generated_id: str) -> ReferenceSaved:
        """Save the generated follow-up to the user's bank (core/save_generated.py), reload the
        bank and return the attempt analysed against it (now under the saved id)."""
        from interview_sim.core.save_generated import save_to_bank

        if self.bank is None:
            raise ReviewError("the question bank is still loading")
        saved = save_to_bank(self.db, self.bank, generated_id)
        bank = load_bank(templates=self.templates)
        reloaded = ReviewSession(self.db, bank, self.templates)
        moved = self.db.attempts_of_question(saved.question_id)
        reloaded.recompute_metrics(moved)
        attempt = self.db.attempt(attempt_id)
        view = reloaded.view(attempt) if attempt is not None else None
        return ReferenceSaved(bank, view, [a.id for a in moved])

    def load(self, attempt_id: int) -> ReviewView | None:
        """Read an attempt with its transcripts, bring its cached metrics up to date and
        analyse it; None for an unknown attempt."""
        attempt = self.db.attempt(attempt_id)
        if attempt is None:
            return None
        self.recompute_metrics([attempt])
        view = self.view(attempt)
        view.previous_score = previous_score(self.db, attempt, self.bank, self.templates)
        return view

    def recompute_metrics(self, attempts: Sequence[Attempt]) -> dict[int, dict[str, Any]]:
        """The metrics of ``attempts``, computing and caching the missing or stale ones."""
        if self.bank is None:
            return {}
        return ensure_metrics(self.db, attempts, self.bank, self.templates)

    # -- the user's edits ------------------------------------------------------------------

    def rate(self, attempt_id: int, rating: str | None) -> None:
        """Rate an attempt (one of :data:`RATINGS`, 1 to 4 on the keyboard) or clear it."""
        if rating is not None and rating not in RATINGS:
            raise ReviewError(
                f"attempt {attempt_id}: rating must be one of {', '.join(RATINGS)}, not {rating!r}"
            )
        self._require(attempt_id)
        self.db.set_rating(attempt_id, rating)

    def save_notes(self, attempt_id: int, notes: str) -> None:
        self._require(attempt_id)
        self.db.set_notes(attempt_id, notes)

    def correct(self, attempt_id: int, text: str) -> ReviewView | None:
        """Store the user's correction of the transcript (the recognized one is kept), refresh
        the metrics and return the attempt analysed anew; an unchanged text writes nothing.
        None when the attempt is gone."""
        attempt = self.db.attempt(attempt_id)
        if attempt is None:
            return None
        shown = attempt.transcript
        if shown is None or text != shown.text:
            self.db.add_corrected_transcript(attempt_id, text)
            attempt = self.db.attempt(attempt_id)
            if attempt is None:
                return None
        self.recompute_metrics([attempt])
        return self.view(attempt)

    def save_reference(
        self, question_id: str, reference: str, keywords: Sequence[str], *, attempt_id: int | None = None
    ) -> ReferenceSaved:
        """Save an edited reference answer and key terms to the user's overrides and reload the
        bank with them. Only what differs from :class:`ReferenceDraft` is saved, so leaving the
        reference alone keeps following the bank's; an emptied reference drops the user's.
        Every attempt at the question has stale metrics then: they are computed again."""
        question = self.bank.get(question_id) if self.bank is not None else None
        before = ReferenceDraft.of(question)
        terms = [k.strip() for k in keywords if k.strip()]
        new_reference: Any = reference.strip("\n") if reference.strip() else None
        save_override(
            question_id,
            keywords=UNCHANGED if terms == before.keywords else terms,
            reference=UNCHANGED if reference == before.reference else new_reference,
        )
        bank = load_bank(templates=self.templates)
        reloaded = ReviewSession(self.db, bank, self.templates)
        stale = self.db.attempts_of_question(question_id)
        reloaded.recompute_metrics(stale)
        attempt = self.db.attempt(attempt_id) if attempt_id is not None else None
        view = reloaded.view(attempt) if attempt is not None else None
        return ReferenceSaved(bank, view, [a.id for a in stale])

    def _require(self, attempt_id: int) -> None:
        # The light query: no transcripts are read to learn that the attempt is there.
        if not self.db.metrics_state([attempt_id]):
            raise ReviewError(f"attempt {attempt_id} is not in the archive (deleted meanwhile?)")
