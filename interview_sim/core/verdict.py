"""The verdict on one answer: its score band, one line that sums it up, and the three things
most worth fixing, chosen by how much each costs the answer.

The review leads with this (the card above the texts); the summary and the report use the same
bands and words. Every candidate fix has an *impact*: the points of the content score it costs,
or for delivery an estimate on the same scale of how much it distracts a listener, so that
"you missed three key terms" (many points) outranks "one long pause" (a few). The rules are in
the README ("How answers are scored").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from interview_sim.core import delivery
from interview_sim.core.analysis import Analysis

# Content score bands: 70 and up reads as a good answer, under 40 as one to redo.
GOOD_FROM, FAIR_FROM = 70.0, 40.0
TOP = 3


@dataclass(frozen=True)
class Fix:
    """One thing to fix: its kind (the catalogue's ``fix.<kind>``), how much it costs, and the
    values its sentence names (terms, counts, seconds)."""

    kind: str
    impact: float
    values: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class AnswerVerdict:
    score: float | None
    band: str  # good, fair, weak, none
    headline: str  # the catalogue's ``headline.<headline>``
    change: float | None  # score since the last attempt at the question
    fixes: list[Fix]


def band(score: float | None) -> str:
    if score is None:
        return "none"
    if score >= GOOD_FROM:
        return "good"
    if score >= FAIR_FROM:
        return "fair"
    return "weak"


def candidate_fixes(analysis: Analysis, *, spoken: bool = True) -> list[Fix]:
    """Every problem found, each with its impact; ``spoken`` False (a typed answer) leaves out
    what only a recording can tell (pace, pauses, the first word, the voice)."""
    fixes: list[Fix] = []
    content = analysis.content
    missed = analysis.keywords_missed
    if missed and content.total:
        # The points of the content score the missed terms cost.
        weight = content.coverage_weight if content.similarity is not None else 1.0
        fixes.append(Fix("missing_terms", 100.0 * weight * len(missed) / content.total, {"terms": missed}))
    target = analysis.target_s
    if content.capped and content.cap is not None and content.uncapped is not None:
        # Far too short: what the cap took away, and at least as much as the length verdict.
        fixes.append(Fix("far_too_short", max(content.uncapped - content.cap, 30.0), {"target": target or 0}))
    elif target and spoken and analysis.length.verdict == "too_short":
        fixes.append(Fix("too_short", 40.0 * (1 - analysis.duration_s / target), {"target": round(target)}))
    if target and analysis.length.verdict == "too_long" and spoken:
        over = analysis.duration_s / target - 1
        fixes.append(Fix("too_long", min(30.0 * over + 5.0, 30.0), {"target": round(target)}))
    fillers = analysis.fillers
    if fillers.verdict in ("noticeable", "too_many"):
        judged = fillers.count * 60.0 / max(fillers.basis_s, delivery.RATE_MEANINGFUL_S)
        fixes.append(Fix("fillers", min(3.0 * judged, 30.0), {"count": fillers.count}))
    if spoken:
        rate = analysis.rate
        verdict = rate.verdict
        if verdict.verdict in ("slow", "fast") and rate.value is not None:
            low, high = verdict.norm_low or 0.0, verdict.norm_high or 0.0
            width = max(high - low, 1.0)
            off = (low - rate.value) if verdict.verdict == "slow" else (rate.value - high)
            fixes.append(Fix(f"pace_{verdict.verdict}", min(5.0 + 40.0 * off / width, 25.0), {}))
        pauses = analysis.long_pauses
        if pauses:
            fixes.append(Fix("long_pauses", min(5.0 * len(pauses), 20.0), {"count": len(pauses)}))
        first = analysis.time_to_first_word_s
        if first is not None and first > delivery.FIRST_WORD_NORM_S:
            fixes.append(
                Fix(
                    "late_start",
                    min(2.0 * (first - delivery.FIRST_WORD_NORM_S) + 3.0, 12.0),
                    {"seconds": round(first)},
                )
            )
        voice = analysis.voice
        if voice is not None and voice.trailing_off >= 2:
            fixes.append(
                Fix("trailing_off", min(4.0 * voice.trailing_off, 16.0), {"count": voice.trailing_off})
            )
    habits = analysis.habits
    if habits is not None and len(habits.hedges) >= 2:
        fixes.append(Fix("hedges", min(4.0 * len(habits.hedges), 16.0), {"count": len(habits.hedges)}))
    if len(analysis.repeats) >= 2:
        fixes.append(Fix("repeats", min(2.0 * len(analysis.repeats), 10.0), {"count": len(analysis.repeats)}))
    return fixes


def judge(analysis: Analysis, *, spoken: bool = True, previous_score: float | None = None) -> AnswerVerdict:
    """The verdict on an answer: band, headline, change since ``previous_score`` and the
    :data:`TOP` fixes with the most impact (ties: the order found, content first)."""
    score = analysis.content.score
    fixes = sorted(candidate_fixes(analysis, spoken=spoken), key=lambda f: -f.impact)[:TOP]
    level = band(score)
    if not analysis.transcript.strip():
        headline = "empty"
    elif analysis.content.capped:
        headline = "too_short"
    elif level == "none":
        headline = "no_reference" if not fixes else "delivery_only"
    elif level == "good":
        headline = "good" if not fixes or fixes[0].impact < 15 else "good_but"
    elif level == "fair":
        headline = "fair"
    else:
        headline = "weak"
    # Against the stored score (one decimal), as the summary and the history compare.
    change = None if score is None or previous_score is None else round(score, 1) - previous_score
    return AnswerVerdict(score, level, headline, change, fixes)


__all__ = ["AnswerVerdict", "Fix", "band", "candidate_fixes", "judge"]
