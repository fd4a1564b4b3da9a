"""The review of one answer: content against the reference, and delivery against the norms.

:func:`analyze` is the one entry point. It takes what an attempt holds (transcript, optional
recognizer word times, duration, section marks) and what the bank holds (question with key
terms and references, timing template) and returns an :class:`Analysis`, whose
:meth:`Analysis.to_json` is what the CLI prints, the review screen shows and the history
caches. Nothing here raises on odd text or words: bad word entries are dropped, an empty
transcript simply scores nothing.

Content score (0-100)::

    content = 100 * (COVERAGE_WEIGHT * coverage + SIMILARITY_WEIGHT * similarity)

with ``coverage`` the share of key terms said (see :mod:`interview_sim.core.keyterms`) and
``similarity`` a character-bigram overlap with the closest reference. Without key terms the
score is the similarity alone; without key terms and references there is no score (None).

Capped when the answer is far shorter than its template's target (see :func:`length_cap`): a
three-word answer that happens to name two key terms does not score 81. The README's "How
answers are scored" section states these rules for users.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from interview_sim.core import delivery, habits, voice
from interview_sim.core.delivery import Fillers, Marked, Pause, Rate, Verdict
from interview_sim.core.habits import Habits
from interview_sim.core.keyterms import Similarity, TermMatch, hangul_syllables, match_terms, similarity
from interview_sim.core.templates import Template
from interview_sim.core.voice import VoiceMeasures

__all__ = [
    "ANALYSIS_VERSION",
    "Analysis",
    "Content",
    "Fillers",
    "Marked",
    "Pause",
    "Rate",
    "Similarity",
    "TermMatch",
    "Verdict",
    "analyze",
    "content_score",
    "guess_lang",
    "metrics_summary",
]

# Bump when a change makes cached metrics wrong, so the history recomputes them.
# 2: transcript habits (hedges, run-ons, 반말, conclusion first) and the voice measures.
# 3: the content score capped for answers far shorter than the target.
# 4: Vosk transcripts cleaned (rejoined endings, spelled numbers).
ANALYSIS_VERSION = 4
COVERAGE_WEIGHT = 0.7
SIMILARITY_WEIGHT = 0.3
# An answer that says at least this share of what the target's length holds at a normal pace
# (syllables for Korean, words for English) can score full marks; below it the score is capped
# in proportion: a quarter of that amount caps it at 50, a tenth at 20.
FULL_CREDIT_SHARE = 0.5


class QuestionLike(Protocol):
    """What the analysis needs of a bank question (:class:`interview_sim.core.bank.Question`)."""

    @property
    def keywords(self) -> list[str]: ...

    @property
    def lang(self) -> str: ...

    @property
    def answers(self) -> Sequence[Any]: ...  # references with a ``text``


@dataclass
class Content:
    score: float | None  # 0-100
    coverage: float | None  # 0-1, None without key terms
    similarity: float | None  # 0-1, None without references
    covered: int
    total: int
    coverage_weight: float
    similarity_weight: float
    # The most the answer's length allows (None: no cap applies) and the score before it.
    cap: float | None = None
    uncapped: float | None = None

    @property
    def capped(self) -> bool:
        return self.cap is not None and self.uncapped is not None and self.uncapped > self.cap

    def to_json(self) -> dict[str, Any]:
        return {
            "score": None if self.score is None else round(self.score, 1),
            "cap": None if self.cap is None else round(self.cap, 1),
            "uncapped": None if self.uncapped is None else round(self.uncapped, 1),
            "coverage": None if self.coverage is None else round(self.coverage, 4),
            "similarity": None if self.similarity is None else round(self.similarity, 4),
            "covered": self.covered,
            "total": self.total,
            "weights": {"coverage": self.coverage_weight, "similarity": self.similarity_weight},
        }


def expected_amount(target_s: float | None, lang: str) -> float | None:
    """How many syllables (Korean) or words (English) the target length holds at the middle of
    the normal pace; None without a target."""
    if target_s is None or target_s <= 0:
        return None
    per_minute = (delivery.EN_RATE_LOW + delivery.EN_RATE_HIGH) / 2 if lang == "en" else delivery.KO_RATE_MEAN
    return target_s * per_minute / 60.0


def length_cap(said: int, expected: float | None) -> float | None:
    """The highest content score an answer of ``said`` syllables or words may have when the
    target holds ``expected``: 100 from :data:`FULL_CREDIT_SHARE` of it up, in proportion
    below (None: no target, no cap)."""
    if expected is None or expected <= 0:
        return None
    share = said / expected
    if share >= FULL_CREDIT_SHARE:
        return None
    return 100.0 * share / FULL_CREDIT_SHARE


def content_score(
    terms: Sequence[TermMatch], best: Similarity, *, said: int = 0, expected: float | None = None
) -> Content:
    """The content score; ``said`` and ``expected`` (syllables or words) cap it by length."""
    total = len(terms)
    covered = sum(1 for t in terms if t.covered)
    coverage = covered / total if total else None
    sim = best.value if best.reference_index is not None else None
    if coverage is not None and sim is not None:
        cov_w, sim_w = COVERAGE_WEIGHT, SIMILARITY_WEIGHT
    elif coverage is not None:
        cov_w, sim_w = 1.0, 0.0
    elif sim is not None:
        cov_w, sim_w = 0.0, 1.0
    else:
        return Content(None, None, None, 0, 0, 0.0, 0.0)
    score = 100.0 * (cov_w * (coverage or 0.0) + sim_w * (sim or 0.0))
    cap = length_cap(said, expected)
    shown = min(score, cap) if cap is not None else score
    return Content(shown, coverage, sim, covered, total, cov_w, sim_w, cap, score)


@dataclass
class Analysis:
    lang: str
    transcript: str
    references: list[str]
    duration_s: float
    template_id: str | None
    target_s: float | None
    max_s: float | None
    length: Verdict
    sections: list[dict[str, Any]]
    time_to_first_word_s: float | None
    first_word: Verdict
    rate: Rate
    fillers: Fillers
    long_pauses: list[Pause]
    repeats: list[Marked]
    terms: list[TermMatch]
    similarity: Similarity
    content: Content
    words_given: bool
    aligned_words: int = 0
    # Every word of the transcript with its character span and, when aligned to a recognizer
    # word, its time: what playback highlights and what a click seeks to.
    timeline: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    habits: Habits | None = None
    # Measured from the recording; None when no audio was given (or it could not be read).
    voice: VoiceMeasures | None = None

    @property
    def keywords_covered(self) -> list[str]:
        return [t.label for t in self.terms if t.covered]

    @property
    def keywords_missed(self) -> list[str]:
        return [t.label for t in self.terms if not t.covered]

    @property
    def content_score(self) -> float | None:
        return self.content.score

    def to_json(self) -> dict[str, Any]:
        """Everything, JSON-serialisable. Flat keys first (the CLI contract), details after."""
        out: dict[str, Any] = {
            "version": ANALYSIS_VERSION,
            "lang": self.lang,
            "duration_s": round(self.duration_s, 2),
            "target_s": self.target_s,
            "max_s": self.max_s,
            "template": self.template_id,
            self.rate.unit: None if self.rate.value is None else round(self.rate.value, 1),
            "time_to_first_word_s": None
            if self.time_to_first_word_s is None
            else round(self.time_to_first_word_s, 2),
            "fillers": self.fillers.to_json(),
            "long_pauses": [p.to_json() for p in self.long_pauses],
            "repeats": {"count": len(self.repeats), "items": [m.to_json() for m in self.repeats]},
            "keywords_covered": self.keywords_covered,
            "keywords_missed": self.keywords_missed,
            "content_score": None if self.content.score is None else round(self.content.score, 1),
            "content": self.content.to_json(),
            "similarity": self.similarity.to_json(),
            "keywords": [t.to_json() for t in self.terms],
            "length": self.length.to_json(),
            "sections": self.sections,
            "first_word": self.first_word.to_json(),
            "rate": self.rate.to_json(),
            "words_given": self.words_given,
            "aligned_words": self.aligned_words,
            "timeline": self.timeline,
            "notes": list(self.notes),
        }
        out.update(habit_figures(self))
        out.update(voice_figures(self))
        out["habits"] = self.habits.to_json() if self.habits is not None else None
        out["voice"] = self.voice.to_json() if self.voice is not None else None
        return out


def habit_figures(analysis: Analysis) -> dict[str, Any]:
    found = analysis.habits
    return {
        "hedges": len(found.hedges) if found is not None else 0,
        "run_ons": len(found.run_ons) if found is not None else 0,
        "banmal": len(found.banmal) if found is not None else 0,
        "conclusion_first": found.conclusion_first if found is not None else None,
        "opening_sentence": found.opening if found is not None else "",
    }


def voice_figures(analysis: Analysis) -> dict[str, Any]:
    """The flat voice figures; every key is there (None) when no recording was measured."""
    if analysis.voice is not None:
        return analysis.voice.summary()
    return dict.fromkeys(VOICE_KEYS)


VOICE_KEYS = (
    "pitch_range_st",
    "pitch_sd_st",
    "median_f0_hz",
    "monotone",
    "trailing_off",
    "sentences_measured",
    "speaking_rate",
    "articulation_rate",
    "voice_rate_unit",
    "rate_first_third",
    "rate_last_third",
    "rate_change",
)


def guess_lang(text: str) -> str:
    """Korean when the text has at least as many Hangul syllables as Latin letters."""
    latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    return "ko" if hangul_syllables(text) >= latin else "en"


def analyze(
    transcript: str,
    *,
    question: QuestionLike | None = None,
    template: Template | None = None,
    words: Sequence[Mapping[str, Any]] | None = None,
    duration_s: float | None = None,
    section_marks: Sequence[float] = (),
    lang: str | None = None,
    keywords: Sequence[str] | None = None,
    references: Sequence[str] | None = None,
    audio: str | Path | None = None,
) -> Analysis:
    """Analyse one answer.

    ``keywords`` and ``references`` override the question's (for an unsaved edit, or without
    a bank). ``lang`` defaults to the question's language, else is guessed from the text.
    ``duration_s`` defaults to the end of the last word. When ``transcript`` is empty and
    words are given, the words make the text. ``audio`` (a recording of the answer) adds the
    voice measures (:mod:`interview_sim.core.voice`, about a second per minute of audio: run it
    off the GUI thread); an unreadable file raises :class:`interview_sim.core.voice.VoiceError`.
    """
    timed = delivery.parse_words(words)
    text = transcript if isinstance(transcript, str) else ""
    notes: list[str] = []
    if not text.strip() and timed:
        text = " ".join(w.word for w in timed)
        notes.append("transcript rebuilt from the word times")
    if lang not in ("ko", "en"):
        lang = question.lang if question is not None and question.lang in ("ko", "en") else guess_lang(text)
    key_terms = list(
        keywords if keywords is not None else (question.keywords if question is not None else [])
    )
    if references is None:
        references = [r.text for r in question.answers] if question is not None else []
    reference_texts = [r for r in references if isinstance(r, str) and r.strip()]

    last_end = max((w.end for w in timed), default=0.0)
    duration = delivery.as_float(duration_s)
    if duration is None or duration < 0:
        duration = last_end
        if duration_s is not None:
            notes.append("duration was not a usable number; used the end of the last word")

    tokens = delivery.tokenize(text)
    delivery.align_words(tokens, timed)
    aligned = sum(1 for t in tokens if t.time_start is not None)
    # Word times that do not match most of the text (a rewritten transcript, a partial words
    # file) cannot say how long the text took; the answer's length then stands in.
    if timed and aligned * 2 >= len(tokens):
        basis = delivery.speaking_basis(timed, duration)
    else:
        basis = max(duration - (timed[0].start if timed else 0.0), 0.0)
        if timed:
            notes.append("word times match little of the transcript; pace is over the answer's length")

    target = template.target_s if template is not None else None
    maximum = template.max_s if template is not None else None
    budgets = [(s.id, s.label(lang), s.budget_s) for s in template.sections] if template is not None else []
    first_word = timed[0].start if timed else None

    terms = match_terms(key_terms, text, reference_texts)
    best = similarity(text, reference_texts)
    found_habits = habits.analyze_habits(
        text,
        tokens,
        lang,
        kind=getattr(question, "kind", None),
        keywords=key_terms,
        question_text=getattr(question, "question", "") or "",
    )
    timeline = [
        {"text": t.text, "start": t.start, "end": t.end, "time_start": t.time_start, "time_end": t.time_end}
        for t in tokens
    ]
    measured = None
    if audio is not None:
        measured = voice.measure_file(
            audio, lang=lang, text=text, words=timeline, sentences=found_habits.sentences
        )
    rate = delivery.speaking_rate(text, tokens, lang, basis)
    return Analysis(
        lang=lang,
        transcript=text,
        references=reference_texts,
        duration_s=duration,
        template_id=template.id if template is not None else None,
        target_s=target,
        max_s=maximum,
        length=delivery.length_verdict(duration, target, maximum),
        sections=delivery.section_times(section_marks, duration, budgets),
        time_to_first_word_s=first_word,
        first_word=delivery.first_word_verdict(first_word),
        rate=rate,
        fillers=delivery.filler_summary(delivery.find_fillers(text, tokens, lang), basis),
        long_pauses=delivery.long_pauses(timed, tokens),
        repeats=delivery.repeated_words(text, tokens, lang),
        terms=terms,
        similarity=best,
        content=content_score(terms, best, said=rate.count, expected=expected_amount(target, lang)),
        words_given=bool(timed),
        aligned_words=aligned,
        timeline=timeline,
        notes=notes,
        habits=found_habits,
        voice=measured,
    )


def metrics_summary(analysis: Analysis) -> dict[str, Any]:
    """The few figures the history lists and filters on (what the database caches)."""
    return {
        "version": ANALYSIS_VERSION,
        "content_score": None if analysis.content.score is None else round(analysis.content.score, 1),
        "content_cap": None if analysis.content.cap is None else round(analysis.content.cap, 1),
        "coverage": None if analysis.content.coverage is None else round(analysis.content.coverage, 4),
        "similarity": None if analysis.content.similarity is None else round(analysis.content.similarity, 4),
        "keywords_covered": len(analysis.keywords_covered),
        "keywords_total": len(analysis.terms),
        "duration_s": round(analysis.duration_s, 2),
        "target_s": analysis.target_s,
        "length_verdict": analysis.length.verdict,
        "rate_unit": analysis.rate.unit,
        "rate": None if analysis.rate.value is None else round(analysis.rate.value, 1),
        "rate_verdict": analysis.rate.verdict.verdict,
        # Syllables or words, and the seconds they were said in: a short answer's rates are
        # shown as these counts (delivery.rate_is_meaningful).
        "rate_count": analysis.rate.count,
        "rate_basis_s": round(analysis.rate.basis_s, 2),
        "fillers": analysis.fillers.count,
        "fillers_per_minute": None
        if analysis.fillers.per_minute is None
        else round(analysis.fillers.per_minute, 2),
        "long_pauses": len(analysis.long_pauses),
        "repeats": len(analysis.repeats),
        "time_to_first_word_s": None
        if analysis.time_to_first_word_s is None
        else round(analysis.time_to_first_word_s, 2),
        **{k: v for k, v in habit_figures(analysis).items() if k != "opening_sentence"},
        **voice_figures(analysis),
    }
