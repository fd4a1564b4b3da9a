"""Today's practice: what the start screen leads with, without any UI.

- **due**: questions whose FSRS review falls on or before the end of today (``core/scheduler.py``);
- **streak**: consecutive local days with at least one answer given; today counts once practised,
  and until today ends an answer yesterday keeps the streak alive (as Anki and Duolingo count);
- **goal** and **done today**: the ``daily_goal`` setting and the answers given today;
- **focus**: the last session's three things to work on: from its AI debrief when it has a
  cached one (core/debrief.py), otherwise from its measured weakest metrics (key-term coverage by
  category, length, pace, fillers, pauses, a late start); ``focus_source`` says which. And the
  weakest categories over recent answers;
- **practice**: the question ids that "Today's practice" starts: the last session's debrief's
  "questions to practise next" first (in its order, those in the chosen languages), then the due
  ones (most likely forgotten first), then new questions in the chosen language, up to the
  day's goal.

Days are local: ``now`` carries the time zone the user lives in (the machine's by default), and
stored times (UTC) are converted to it before their date is taken.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from interview_sim.core.analysis import Analysis
from interview_sim.core.bank import Bank, Question
from interview_sim.core.categories import CATEGORIES, category_of
from interview_sim.core.categories import LANG_CHOICES as LANG_CHOICES  # for the CLI
from interview_sim.core.debrief import cached_debrief, practise_first
from interview_sim.core.delivery import FILLERS_HESITANT_PER_MIN, FILLERS_OK_PER_MIN, FIRST_WORD_NORM_S
from interview_sim.core.review import analyze_attempt, update_metrics
from interview_sim.core.scheduler import due_questions, review_events, schedule, weakness_scores
from interview_sim.core.storage import STATUS_FINISHED, STATUS_RECOVERED, STATUS_TYPED, Database
from interview_sim.core.templates import Template
from interview_sim.i18n import tr

# An answer given: recorded to the end, typed, or recovered after a crash (not a failed one).
ANSWERED = (STATUS_FINISHED, STATUS_TYPED, STATUS_RECOVERED)
DEFAULT_GOAL = 5
FOCUS_ITEMS = 3
COVERAGE_GOAL = 0.7  # under this mean key-term coverage, a category is worth a focus item
FOCUS_DEBRIEF = "debrief"  # the focus came from the last session's AI debrief
FOCUS_METRICS = "metrics"  # ... from its measured weakest metrics
FOCUS_NONE = "none"  # no session yet


@dataclass(frozen=True)
class FocusItem:
    """One thing to work on; ``severity`` (0-1) ranks it, ``text(lang)`` says it."""

    metric: str  # key_terms, too_long, too_short, slow, fast, fillers, pauses, late_start, debrief
    severity: float
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def source(self) -> str:
        return FOCUS_DEBRIEF if self.metric == "debrief" else FOCUS_METRICS

    def text(self, lang: str) -> str:
        if self.metric == "debrief":
            return str(self.params.get("text", ""))  # the model's sentence, in its language
        values = dict(self.params)
        if "category" in values:
            names = CATEGORIES.get(values["category"], (values["category"], values["category"]))
            values["category"] = names[1] if lang == "en" else names[0]
        missed = values.pop("missed", [])
        text = tr(f"today.focus.{self.metric}", lang, **values)
        if missed:
            text += tr("today.focus.missed", lang, terms=", ".join(missed))
        return text

    def to_json(self, lang: str) -> dict[str, Any]:
        return {
            **self.params,
            "metric": self.metric,
            "source": self.source,
            "text": self.text(lang),
            "severity": round(self.severity, 3),
        }


@dataclass
class TodayPlan:
    day: date
    langs: tuple[str, ...]
    due: list[str]  # question ids due by the end of today, most likely forgotten first
    new: list[str]  # question ids never answered, in the chosen languages, bank order
    streak_days: int
    practised_today: bool
    goal: int
    done_today: int
    focus: list[FocusItem]
    focus_lang: str  # the language of the last session's questions, which the focus speaks
    last_session_id: int | None
    # (category, recent performance 0-1), weakest first: where the practice is weakest overall.
    weakest_categories: list[tuple[str, float]] = field(default_factory=list)
    focus_source: str = FOCUS_NONE
    # the last session's debrief's "questions to practise next" (in the chosen languages)
    picked: list[str] = field(default_factory=list)

    @property
    def remaining(self) -> int:
        return max(self.goal - self.done_today, 0)

    @property
    def practice(self) -> list[str]:
        """What "Today's practice" asks: the debrief's picks, everything due, then new questions
        up to the goal."""
        first = practise_first(self.due, self.picked)
        new = [q for q in self.new if q not in first]
        return first + new[: max(self.remaining - len(first), 0)]

    @property
    def goal_met(self) -> bool:
        return self.done_today >= self.goal

    @property
    def first_day(self) -> bool:
        """Nothing answered yet, ever: the start screen welcomes rather than counting zeros."""
        return self.last_session_id is None and not self.due and self.streak_days == 0

    @property
    def next_questions(self) -> list[str]:
        """What the start screen's "Today's practice" starts: today's practice, or once the goal
        is met and nothing is due, another goal's worth of new questions for whoever wants more
        (offered, never pressed on the user)."""
        return self.practice or self.new[: self.goal]

    def to_json(self) -> dict[str, Any]:
        return {
            "date": self.day.isoformat(),
            "langs": list(self.langs),
            "due": len(self.due),
            "streak_days": self.streak_days,
            "practised_today": self.practised_today,
            "goal": self.goal,
            "done_today": self.done_today,
            "remaining": self.remaining,
            "focus": [item.to_json(self.focus_lang) for item in self.focus],
            "focus_source": self.focus_source,
            "focus_lang": self.focus_lang,
            "practise_next": list(self.picked),
            "last_session_id": self.last_session_id,
            "weakest_categories": [
                {"category": category, "performance": round(score, 3)}
                for category, score in self.weakest_categories
            ],
            "due_ids": list(self.due),
            "practice": self.practice,
        }


def local_now(now: datetime | None = None) -> datetime:
    """``now`` in a time zone: the machine's when none is given (a naive ``now`` is local time)."""
    if now is None:
        return datetime.now().astimezone()
    return now if now.tzinfo is not None else now.astimezone()


def _local_day(stored: str, zone: Any) -> date | None:
    try:
        moment = datetime.fromisoformat(stored)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)  # stored times are UTC
    return moment.astimezone(zone).date()


def streak(days: Iterable[date], today: date) -> int:
    """Consecutive days practised up to today, or up to yesterday while today is not over."""
    practised = set(days)
    day = today if today in practised else today - timedelta(days=1)
    count = 0
    while day in practised:
        count += 1
        day -= timedelta(days=1)
    return count


def today_plan(
    db: Database,
    bank: Bank,
    templates: Mapping[str, Template],
    *,
    goal: int = DEFAULT_GOAL,
    langs: Sequence[str] = ("ko", "en"),
    now: datetime | None = None,
    refresh_metrics: bool = True,
) -> TodayPlan:
    """Today's plan from the archive. ``refresh_metrics`` first scores the answers not scored
    yet (cheap when the cache is current), since due dates come from content scores too.
    Reads the whole archive's answer times: run it off the GUI thread."""
    now = local_now(now)
    zone = now.tzinfo
    today = now.date()
    langs = tuple(langs)
    if refresh_metrics:
        update_metrics(db, bank, templates)

    answers = db.answer_times(ANSWERED)
    days = [_local_day(started, zone) for _qid, started, _sid in answers]
    done_today = sum(1 for d in days if d == today)
    answered_ids = {qid for qid, _started, _sid in answers}

    wanted = {q.id for q in bank.select(langs=langs)}
    end_of_today = datetime.combine(today + timedelta(days=1), time(), zone).astimezone(UTC)
    events = review_events(db)
    due = [qid for qid in due_questions(schedule(events), end_of_today) if qid in wanted]
    new = new_questions(bank, langs, answered_ids | set(due))

    last_session = answers[-1][2] if answers else None
    debrief = cached_debrief(db, last_session) if last_session is not None else None
    picked: list[str] = []
    if debrief is not None:
        focus = [FocusItem("debrief", 1.0, {"text": t}) for t in debrief.work_on[:FOCUS_ITEMS]]
        focus_lang, focus_source = debrief.lang if debrief.lang in ("ko", "en") else "ko", FOCUS_DEBRIEF
        picked = [q for q in debrief.practise_next if q in wanted]
    else:
        focus, focus_lang = last_session_focus(db, bank, templates, last_session)
        focus_source = FOCUS_METRICS if last_session is not None else FOCUS_NONE
    return TodayPlan(
        day=today,
        langs=langs,
        due=due,
        new=new,
        streak_days=streak((d for d in days if d is not None), today),
        practised_today=done_today > 0,
        goal=goal,
        done_today=done_today,
        focus=focus,
        focus_lang=focus_lang,
        last_session_id=last_session,
        weakest_categories=weakest_categories(weakness_scores(events), bank, langs),
        focus_source=focus_source,
        picked=picked,
    )


def weakest_categories(
    performance: Mapping[str, float], bank: Bank, langs: Sequence[str], limit: int = FOCUS_ITEMS
) -> list[tuple[str, float]]:
    """Categories by the mean recent performance of their questions in these languages (the
    scheduler's "weakest first" figures), weakest first; only those under the coverage goal."""
    by_category: dict[str, list[float]] = defaultdict(list)
    for question_id, score in performance.items():
        question = bank.get(question_id)
        if question is not None and question.lang in langs:
            by_category[question.category].append(score)
    means = sorted((sum(v) / len(v), c) for c, v in by_category.items())
    return [(category, mean) for mean, category in means if mean < COVERAGE_GOAL][:limit]


def new_questions(bank: Bank, langs: Sequence[str], exclude: set[str]) -> list[str]:
    """Questions never answered, in the order today's practice introduces them: one category
    after another in turn (a mix, not a whole category first), those with a reference answer
    first in each (they can be scored, hence scheduled). A question and its edition in the
    other language are one family: only one of them is offered at a time, the languages taking
    turns from family to family, so "both" practises both without asking the same thing twice."""
    families: dict[str, list[Question]] = {}
    for question in bank.select(langs=langs):
        if question.id not in exclude:
            families.setdefault(question.edition_of or question.id, []).append(question)
    by_category: dict[str, list[Question]] = defaultdict(list)
    for index, members in enumerate(families.values()):
        members.sort(key=lambda q: langs.index(q.lang) if q.lang in langs else len(langs))
        pick = members[index % len(members)]
        by_category[pick.category].append(pick)
    queues = [
        [q for q in questions if q.answers] + [q for q in questions if not q.answers]
        for _category, questions in sorted(by_category.items(), key=lambda kv: _category_rank(kv[0]))
    ]
    ordered: list[str] = []
    for round_ in range(max((len(queue) for queue in queues), default=0)):
        ordered.extend(queue[round_].id for queue in queues if round_ < len(queue))
    return ordered


def _category_rank(category: str) -> int:
    names = list(CATEGORIES)
    return names.index(category) if category in names else len(names)


def last_session_focus(
    db: Database, bank: Bank, templates: Mapping[str, Template], session_id: int | None
) -> tuple[list[FocusItem], str]:
    """The three weakest measured aspects of a session's answers, and the language to say them
    in (its questions' language, the majority's when it mixed both)."""
    session = db.session(session_id) if session_id is not None else None
    if session is None:
        return [], "ko"
    analysed: list[tuple[str, Analysis]] = []
    for attempt in session.attempts:
        if attempt.status in ANSWERED and attempt.transcript is not None:
            question = bank.get(attempt.question_id)
            analysed.append((attempt.question_id, analyze_attempt(attempt, question, templates)))
    langs = [analysis.lang for _qid, analysis in analysed]
    lang = max(("ko", "en"), key=langs.count) if langs else "ko"
    return weakest_metrics(analysed)[:FOCUS_ITEMS], lang


def weakest_metrics(analysed: Sequence[tuple[str, Analysis]]) -> list[FocusItem]:
    """Every aspect that fell short of its norm in these answers, the most severe first."""
    total = len(analysed)
    if not total:
        return []
    items: list[FocusItem] = []

    coverage: dict[str, list[float]] = defaultdict(list)
    missed: dict[str, list[str]] = defaultdict(list)
    for question_id, analysis in analysed:
        if analysis.content.coverage is not None:
            category = category_of(question_id)
            coverage[category].append(analysis.content.coverage)
            missed[category].extend(t for t in analysis.keywords_missed if t not in missed[category])
    if coverage:
        category, values = min(coverage.items(), key=lambda kv: (sum(kv[1]) / len(kv[1]), kv[0]))
        mean = sum(values) / len(values)
        if mean < COVERAGE_GOAL:
            params = {"category": category, "coverage": round(mean * 100), "missed": missed[category][:3]}
            items.append(FocusItem("key_terms", 1.0 - mean, params))

    def share(metric: str, count: int, weight: float, **extra: Any) -> None:
        if count:
            items.append(FocusItem(metric, weight * count / total, {"count": count, "total": total, **extra}))

    lengths = [a.length.verdict for _q, a in analysed]
    share("too_long", lengths.count("too_long"), 0.8)
    share("too_short", lengths.count("too_short"), 0.8)
    rates = [a.rate.verdict.verdict for _q, a in analysed]
    share("slow", rates.count("slow"), 0.6)
    share("fast", rates.count("fast"), 0.6)
    late = sum(1 for _q, a in analysed if a.first_word.verdict == "late")
    share("late_start", late, 0.5, norm=f"{FIRST_WORD_NORM_S:g}")

    rated = [a.fillers.per_minute for _q, a in analysed if a.fillers.per_minute is not None]
    if rated:
        per_minute = sum(rated) / len(rated)
        if per_minute >= FILLERS_OK_PER_MIN:
            severity = 0.7 * min(1.0, per_minute / FILLERS_HESITANT_PER_MIN)
            params = {"per_minute": round(per_minute, 1), "norm": f"{FILLERS_OK_PER_MIN:g}"}
            items.append(FocusItem("fillers", severity, params))
    pauses = sum(len(a.long_pauses) for _q, a in analysed)
    if pauses >= total:  # one long pause an answer on average
        items.append(
            FocusItem("pauses", 0.5 * min(1.0, pauses / (3 * total)), {"count": pauses, "total": total})
        )

    items.sort(key=lambda item: (-item.severity, item.metric))
    return items
