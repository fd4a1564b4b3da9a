"""What the history of every answer does, without Qt: list the answers in pages, filter them in
memory, chart progress, compare two answers to one question, delete answers and sessions.

The history screen is a view over these: rows are plain values read once (off the GUI thread),
filters run over them in memory, so ten thousand answers open and filter quickly
(bench/review_bench.py measures it).
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from interview_sim.core import deletion, delivery
from interview_sim.core.analysis import Analysis
from interview_sim.core.bank import Bank, Question
from interview_sim.core.categories import CATEGORIES, category_of
from interview_sim.core.generated import KIND_GENERATED, QuestionTexts, ShownQuestion
from interview_sim.core.review import analyze_attempt, ensure_metrics, update_metrics
from interview_sim.core.storage import STATUS_TYPED, Attempt, Database, Session
from interview_sim.core.templates import Template
from interview_sim.core.voice import EN_SPEAKING_RATE_WPM, KO_SPEAKING_RATE_SPS
from interview_sim.i18n import tr

# The voice measures (issue 14) the progress chart offers and the history filters on.
VOICE_PROGRESS = (
    "pitch_sd_st",
    "pitch_range_st",
    "speaking_rate",
    "articulation_rate",
    "trailing_off",
    "hedges",
)
VOICE_FILTERS = ("monotone", "trailing_off", "slow", "fast")

ANY = ""
# The newest answers are read and shown first, the rest follow in the background: the screen
# is usable at once even with years of practice.
FIRST_PAGE = 300
PROGRESS_METRICS = (
    "content_score",
    "duration_s",
    "rate",
    "fillers_per_minute",
    "long_pauses",
    *VOICE_PROGRESS,
)


@dataclass
class HistoryRow:
    attempt_id: int
    session_id: int
    question_id: str
    category: str
    question: str
    started_at: str
    day: str  # local YYYY-MM-DD
    when: str  # local YYYY-MM-DD HH:MM
    duration_s: float | None
    score: float | None
    rating: str | None
    metrics: dict[str, Any] = field(default_factory=dict)
    search: str = ""
    typed: bool = False  # no speaking pace for a typed answer
    shown: ShownQuestion | None = None

    def question_label(self, lang: str) -> str:
        """The question as the table shows it (a generated or vanished one marked so)."""
        return self.shown.label(lang) if self.shown is not None else self.question


def make_rows(attempts: Sequence[Attempt], bank: Bank | None, db: Database | None = None) -> list[HistoryRow]:
    """The history's rows; with ``db``, answers to generated follow-ups show their text."""
    rows = []
    texts = QuestionTexts(db, bank)
    texts.preload(a.question_id for a in attempts)
    for attempt in attempts:
        shown = texts.get(attempt.question_id)
        text = shown.text
        try:
            m = datetime.fromisoformat(attempt.started_at).astimezone()
            when = f"{m.year:04d}-{m.month:02d}-{m.day:02d} {m.hour:02d}:{m.minute:02d}"
        except ValueError:
            when = attempt.started_at[:16]
        metrics = attempt.metrics or {}
        rows.append(
            HistoryRow(
                attempt.id,
                attempt.session_id,
                attempt.question_id,
                # a generated follow-up is filed under its parent's category
                shown.question.category
                if shown.kind == KIND_GENERATED and shown.question is not None
                else category_of(attempt.question_id),
                text,
                attempt.started_at,
                when[:10],
                when,
                metrics.get("duration_s", attempt.duration_s),
                attempt.content_score,
                attempt.rating,
                metrics,
                (text + " " + attempt.question_id).casefold(),
                attempt.status == STATUS_TYPED,
                shown,
            )
        )
    return rows


def is_date(value: str) -> bool:
    """A filter's date as typed: YYYY-MM-DD and a real day."""
    if len(value) != 10:
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class HistoryFilter:
    since: str = ""  # YYYY-MM-DD, local
    until: str = ""
    category: str = ANY
    text: str = ""
    min_score: float | None = None
    max_score: float | None = None
    session_id: int | None = None
    voice: str = ANY  # one of VOICE_FILTERS

    def matches(self, row: HistoryRow) -> bool:
        if self.since and row.day < self.since:
            return False
        if self.until and row.day > self.until:
            return False
        if self.category and row.category != self.category:
            return False
        if self.session_id is not None and row.session_id != self.session_id:
            return False
        if self.min_score is not None and (row.score is None or row.score < self.min_score):
            return False
        if self.max_score is not None and (row.score is None or row.score > self.max_score):
            return False
        if self.voice and not voice_matches(self.voice, row.metrics):
            return False
        return not self.text or self.text.casefold() in row.search

    def apply(self, rows: Iterable[HistoryRow]) -> list[HistoryRow]:
        return list(rows) if self == HistoryFilter() else [r for r in rows if self.matches(r)]


def voice_matches(kind: str, metrics: Mapping[str, Any]) -> bool:
    """Whether an answer's cached voice figures show ``kind`` (one of :data:`VOICE_FILTERS`):
    monotone, a sentence trailing off, or a speaking rate under or over its language's norm
    (the voice module's). Answers without a measured recording match none."""
    if kind == "monotone":
        return metrics.get("monotone") is True
    if kind == "trailing_off":
        count = metrics.get("trailing_off")
        return isinstance(count, int) and count > 0
    rate = metrics.get("speaking_rate")
    if kind not in ("slow", "fast") or isinstance(rate, bool) or not isinstance(rate, int | float):
        return False
    low, high = (
        EN_SPEAKING_RATE_WPM if metrics.get("voice_rate_unit") == "words_per_minute" else KO_SPEAKING_RATE_SPS
    )
    return rate < low if kind == "slow" else rate > high


def same_rate_unit(rows: Iterable[HistoryRow], metric: str) -> list[HistoryRow]:
    """For a voice rate, the rows in the unit most of them have (syllables per second for Korean,
    words per minute for English): one line of the progress chart never mixes the two."""
    rows = list(rows)
    if metric not in ("speaking_rate", "articulation_rate"):
        return rows
    units = [r.metrics.get("voice_rate_unit") for r in rows if r.metrics.get(metric) is not None]
    if not units:
        return rows
    common = max(set(units), key=units.count)
    return [r for r in rows if r.metrics.get("voice_rate_unit") == common]


@dataclass
class SessionEntry:
    session_id: int
    when: str  # the local time of its first answer
    count: int
    categories: tuple[str, ...] = ()  # what was practised, the most answered first
    mean_score: float | None = None  # how it went: the mean content score of its scored answers
    started_at: str = ""  # ISO time of its first answer


def sessions_of(rows: Iterable[HistoryRow]) -> list[SessionEntry]:
    """The sessions of ``rows``, newest first (rows come newest first)."""
    grouped: dict[int, list[HistoryRow]] = {}
    for row in rows:
        grouped.setdefault(row.session_id, []).append(row)
    ordered = sorted(grouped.items(), key=lambda kv: kv[1][-1].started_at, reverse=True)
    entries = []
    for session_id, group in ordered:
        counts = Counter(row.category for row in reversed(group))  # ties: the first practised first
        scores = [row.score for row in group if row.score is not None]
        entries.append(
            SessionEntry(
                session_id,
                group[-1].when,
                len(group),
                tuple(category for category, _n in counts.most_common()),
                sum(scores) / len(scores) if scores else None,
                group[-1].started_at,
            )
        )
    return entries


_KO_WEEKDAYS = "월화수목금토일"
_EN_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
SESSION_CATEGORIES_SHOWN = 2


def day_label(started_at: str, lang: str, today: date | None = None) -> str:
    """A day and time as a diary writes it: "12월 5일 (토) 19:30", "Sat 5 Dec 19:30"; the year
    only when it is not this one."""
    try:
        moment = datetime.fromisoformat(started_at).astimezone()
    except ValueError:
        return started_at[:16]
    this_year = (today or date.today()).year
    time = f"{moment.hour:02d}:{moment.minute:02d}"
    if lang == "ko":
        year = f"{moment.year}년 " if moment.year != this_year else ""
        return f"{year}{moment.month}월 {moment.day}일 ({_KO_WEEKDAYS[moment.weekday()]}) {time}"
    year = f" {moment.year}" if moment.year != this_year else ""
    return f"{_EN_WEEKDAYS[moment.weekday()]} {moment.day} {_EN_MONTHS[moment.month - 1]}{year} {time}"


def session_label(entry: SessionEntry, lang: str, today: date | None = None, after_day: str = " · ") -> str:
    """A session told apart by when, what was practised and how it went:
    "12월 5일 (토) 19:30 · 네트워크, 웹 · 평균 68점 · 답변 4개" (``after_day``: "\n" for two lines)."""
    day = day_label(entry.started_at, lang, today) if entry.started_at else entry.when
    parts: list[str] = []
    names = [CATEGORIES.get(c, (c, c))[0 if lang == "ko" else 1] for c in entry.categories]
    if names:
        shown = ", ".join(names[:SESSION_CATEGORIES_SHOWN])
        more = len(names) - SESSION_CATEGORIES_SHOWN
        parts.append(shown + (tr("history.session_more", lang, extra=more) if more > 0 else ""))
    if entry.mean_score is not None:
        parts.append(tr("history.session_mean", lang, score=round(entry.mean_score)))
    parts.append(tr("history.session_answers", lang, count=entry.count))
    return day + after_day + " · ".join(parts)


# Which way a measure is better, for the change between two answers.
HIGHER_IS_BETTER, LOWER_IS_BETTER, NEITHER = "higher", "lower", "neither"


@dataclass(frozen=True)
class Change:
    """From one answer's value of a measure to a later one's."""

    delta: float
    verdict: str  # "better", "worse", "same", or "changed" when neither way is better


def change_of(before: float | None, after: float | None, better: str) -> Change | None:
    """The change from ``before`` to ``after``; None when either is unknown."""
    if before is None or after is None:
        return None
    delta = after - before
    if abs(delta) < 1e-9:
        return Change(0.0, "same")
    if better == NEITHER:
        return Change(delta, "changed")
    improved = delta > 0 if better == HIGHER_IS_BETTER else delta < 0
    return Change(delta, "better" if improved else "worse")


def progress_points(
    rows: Iterable[HistoryRow], metric: str, category: str = ANY
) -> list[tuple[str, date, float]]:
    """(category, day, value) of each row that has ``metric``, for the progress chart."""
    points = []
    for row in rows:
        value = row.metrics.get(metric)
        if isinstance(value, int | float) and (not category or row.category == category):
            points.append((row.category, date.fromisoformat(row.day), float(value)))
    return points


def pair_problem(rows: Sequence[HistoryRow]) -> str | None:
    """Why these rows cannot be compared (a message key), or None when they can."""
    if len(rows) != 2:
        return "history.pick_two"
    if rows[0].question_id != rows[1].question_id:
        return "history.not_same_question"
    return None


def word_diff(first: str, second: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Spans of the words of ``first`` missing from ``second`` and of the words new in ``second``."""
    a, b = delivery.tokenize(first), delivery.tokenize(second)
    matcher = difflib.SequenceMatcher(a=[t.key for t in a], b=[t.key for t in b], autojunk=False)
    dropped: list[tuple[int, int]] = []
    added: list[tuple[int, int]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag in ("delete", "replace") and i2 > i1:
            dropped.append((a[i1].start, a[i2 - 1].end))
        if tag in ("insert", "replace") and j2 > j1:
            added.append((b[j1].start, b[j2 - 1].end))
    return dropped, added


@dataclass
class Comparison:
    """Two answers to one question, the earlier first, analysed, with the word diff."""

    attempts: tuple[Attempt, Attempt]
    question: Question | None
    analyses: tuple[Analysis, Analysis]
    dropped: list[tuple[int, int]]  # in the first transcript
    added: list[tuple[int, int]]  # in the second

    @classmethod
    def of(
        cls,
        first: Attempt,
        second: Attempt,
        bank: Bank | None,
        templates: Mapping[str, Template],
        db: Database | None = None,
    ) -> Comparison:
        """With ``db``, two answers to a generated follow-up compare under its question."""
        if second.started_at < first.started_at:
            first, second = second, first
        question = QuestionTexts(db, bank).get(first.question_id).question
        analyses = (
            analyze_attempt(first, question, templates),
            analyze_attempt(second, question, templates),
        )
        dropped, added = word_diff(analyses[0].transcript, analyses[1].transcript)
        return cls((first, second), question, analyses, dropped, added)


def load_session(
    db: Database, session_id: int, bank: Bank | None, templates: Mapping[str, Template]
) -> tuple[Session | None, dict[int, dict[str, Any]]]:
    """A session with its answers and their metrics (missing or stale ones computed and
    cached), for the summary at the end of an interview."""
    session = db.session(session_id)
    if session is None or bank is None:
        return session, {}
    return session, ensure_metrics(db, session.attempts, bank, templates)


class HistoryArchive:
    """The history's reads and deletions over one archive (each call may run on any thread)."""

    def __init__(self, db: Database, bank: Bank | None, templates: Mapping[str, Template]) -> None:
        self.db = db
        self.bank = bank
        self.templates = dict(templates)

    def first_page(self) -> list[HistoryRow]:
        return make_rows(self.db.list_attempts(limit=FIRST_PAGE), self.bank, self.db)

    def rest(self) -> list[HistoryRow]:
        return make_rows(self.db.list_attempts(limit=-1, offset=FIRST_PAGE), self.bank, self.db)

    def refresh_metrics(self) -> int:
        """Compute the metrics missing or stale (a correction, an edited reference); how many."""
        if self.bank is None:
            return 0
        return update_metrics(self.db, self.bank, self.templates)

    def compare(self, first_id: int, second_id: int) -> Comparison | int:
        """The comparison of two attempts, or the id of one that is gone."""
        first, second = self.db.attempt(first_id), self.db.attempt(second_id)
        if first is None:
            return first_id
        if second is None:
            return second_id
        return Comparison.of(first, second, self.bank, self.templates, self.db)

    def delete_attempts(self, attempt_ids: Iterable[int]) -> list[int]:
        """Delete answers with their recordings, one at a time: each moves its files to the trash
        folder first and puts them back if its rows cannot go (see core/deletion.py); on a
        failure the ones before it stay deleted and the exception says which file."""
        removed = []
        for attempt_id in attempt_ids:
            deletion.delete_attempt(self.db, attempt_id)
            removed.append(attempt_id)
        return removed

    def delete_session(self, session_id: int) -> list[int]:
        """Delete a session with every answer and recording in it; the ids removed."""
        return deletion.delete_session(self.db, session_id).attempt_ids
