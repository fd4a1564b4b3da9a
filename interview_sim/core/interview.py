"""A mock interview without any UI: which questions to ask, and the state of the interview.

:func:`plan_session` turns start-screen options into the ordered list of questions (follow-ups
placed right after the question they dig into). :class:`Interview` is a pure state machine: each
event method returns the effects the UI must carry out (speak, start or stop the answer, ...),
so the Qt screen and a test drive it the same way and no device is touched here.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from interview_sim.core.categories import ORDERS, available_orders

# Types only: the bank and the archive modules are not needed until the questions load.
if TYPE_CHECKING:
    from interview_sim.core.bank import Bank, Question
    from interview_sim.core.storage import Database
    from interview_sim.core.templates import Template


class PlanError(ValueError):
    """Options that select nothing or need data that does not exist yet."""


@dataclass(frozen=True)
class PlanOptions:
    categories: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    # Korean unless asked: every bundled question has an English edition, and a session that
    # mixed both would ask the same question twice.
    langs: tuple[str, ...] = ("ko",)
    count: int = 5
    order: str = "bank"
    seed: int | None = None
    follow_ups: bool = False
    think_s: float = 5.0
    review: str = "each"  # after each answer, or all at the end
    # Exactly these questions, in this order (today's practice, answer again, practise the weak
    # ones): categories, kinds, count and order are then ignored.
    question_ids: tuple[str, ...] = ()


def self_introduction_options(think_s: float = 5.0) -> PlanOptions:
    return PlanOptions(kinds=("self-introduction",), count=1, order="bank", think_s=think_s)


def random_technical_options(think_s: float = 5.0, seed: int | None = None) -> PlanOptions:
    return PlanOptions(kinds=("technical",), count=10, order="random", seed=seed, think_s=think_s)


@dataclass(frozen=True)
class Step:
    question: Question
    follow_up_of: str | None = None  # the id of the question this one digs into


def plan_session(
    bank: Bank,
    options: PlanOptions,
    *,
    weakness: Mapping[str, float] | None = None,
    due: Sequence[str] | None = None,
) -> list[Step]:
    """The questions to ask, in order. ``weakness`` maps question ids to a score (lower is
    weaker); ``due`` lists question ids due for review, most overdue first."""
    if options.question_ids:
        chosen = [q for qid in dict.fromkeys(options.question_ids) if (q := bank.get(qid)) is not None]
        if not chosen:
            raise PlanError("none of the chosen questions is in the bank any more")
        return [Step(q) for q in chosen]
    if options.count < 1:
        raise PlanError("the number of questions must be at least 1")
    if options.question_ids:
        pool = [q for q in (bank.get(qid) for qid in options.question_ids) if q is not None]
    else:
        pool = bank.select(options.categories, options.kinds, options.langs)
    if not pool:
        raise PlanError("no question matches the chosen categories, kind and language")
    if options.question_ids or options.order == "bank":  # the given questions keep their order
        ordered = pool
    elif options.order == "random":
        ordered = list(pool)
        random.Random(options.seed).shuffle(ordered)
    elif options.order == "weakest":
        if not weakness:
            raise PlanError("'weakest first' needs scored answers, and there are none yet")
        scored = [q for q in pool if q.id in weakness]
        # Questions never scored come after the scored ones, in bank order.
        ordered = sorted(scored, key=lambda q: weakness[q.id]) + [q for q in pool if q.id not in weakness]
    elif options.order == "due":
        if not due:
            raise PlanError("'due for review' needs a review schedule, and there is none yet")
        rank = {qid: i for i, qid in enumerate(due)}
        ordered = sorted((q for q in pool if q.id in rank), key=lambda q: rank[q.id])
        if not ordered:
            raise PlanError("no question of this selection is due for review")
    else:
        raise PlanError(f"unknown order {options.order!r}; use one of {', '.join(ORDERS)}")

    steps: list[Step] = []
    # A question and its edition in the other language are one question: asking both in one
    # session ("both" languages chosen) would ask the same thing twice.
    asked: set[str] = set()
    for question in ordered:
        if len([s for s in steps if s.follow_up_of is None]) >= options.count:
            break
        if _family(question) in asked:
            continue
        steps.append(Step(question))
        asked.add(_family(question))
        if options.follow_ups:
            # One follow-up per question, as an interviewer digs once before moving on.
            for follow_id in question.follow_ups:
                follow = bank.get(follow_id)
                if follow is not None and _family(follow) not in asked:
                    steps.append(Step(follow, follow_up_of=question.id))
                    asked.add(_family(follow))
                    break
    return steps


def _family(question: Question) -> str:
    return question.edition_of or question.id


def plan_with_history(
    bank: Bank, options: PlanOptions, db: Database, now: datetime | None = None
) -> list[Step]:
    """:func:`plan_session` with "weakest first" and "due for review" fed from the archive
    (ratings and cached content scores, see :mod:`interview_sim.core.scheduler`)."""
    from interview_sim.core.scheduler import due_questions, review_events, schedule, weakness_scores

    events = review_events(db)
    states = schedule(events)
    due = due_questions(states, now)
    if options.order == "due" and not due and states:
        upcoming = min(s.due for s in states.values() if s.due is not None)
        raise PlanError(
            f"no question is due for review yet; the next one is due {upcoming:%Y-%m-%d %H:%M} UTC"
        )
    return plan_session(bank, options, weakness=weakness_scores(events), due=due)


def orders_with_history(db: Database, now: datetime | None = None) -> tuple[str, ...]:
    """The orders the start screen can offer, given what the archive holds."""
    from interview_sim.core.scheduler import plan_inputs

    return available_orders(*plan_inputs(db, now))


class State(StrEnum):
    READY = "ready"
    SPEAKING = "speaking"
    THINKING = "thinking"
    ANSWERING = "answering"
    ANSWERED = "answered"
    # The answer is over and Next was pressed, but the follow-up to ask after it is still being
    # chosen (generated by a model, or picked once the transcript is in). Next again skips it.
    PREPARING = "preparing"
    DONE = "done"


class Effect(StrEnum):
    SPEAK = "speak"
    STOP_SPEAKING = "stop_speaking"
    START_THINKING = "start_thinking"
    START_ANSWER = "start_answer"
    STOP_ANSWER = "stop_answer"
    FINISHED = "finished"


class Timing(StrEnum):
    ON_PLAN = "on_plan"
    AT_TARGET = "at_target"
    OVERRUN = "overrun"


def timing_of(elapsed_s: float, template: Template) -> Timing:
    if elapsed_s >= template.max_s:
        return Timing.OVERRUN
    if elapsed_s >= template.target_s:
        return Timing.AT_TARGET
    return Timing.ON_PLAN


@dataclass
class AnswerRecord:
    question_id: str
    started_at: float | None = None
    ended_at: float | None = None
    section_marks: list[float] = field(default_factory=list)  # seconds into the answer
    stopped_by: str | None = None  # user, max_length, silence, skipped, ended
    repeats: int = 0

    @property
    def duration_s(self) -> float:
        if self.started_at is None or self.ended_at is None:
            return 0.0
        return self.ended_at - self.started_at


Effects = list[Effect]


class Interview:
    """The state of one interview. Events that make no sense in the current state do nothing
    and return no effects, so a key pressed twice never breaks the interview."""

    def __init__(
        self,
        steps: Sequence[Step],
        think_s: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
        *,
        follow_ups: bool = False,
    ) -> None:
        """``follow_ups``: after each answer to a question of the plan, one follow-up chosen from
        the answer is asked next; the UI decides it and hands it to :meth:`follow_up_ready`."""
        if not steps:
            raise PlanError("an interview needs at least one question")
        self.steps = list(steps)
        self.think_s = think_s
        self.clock = clock
        self.follow_ups = follow_ups
        self.state = State.READY
        self.index = 0
        self.records: list[AnswerRecord] = []
        self._think_started: float | None = None
        # Indexes of answered steps whose follow-up is still being decided.
        self._pending_follow_up: set[int] = set()

    @property
    def follow_up_pending(self) -> bool:
        """The current answer's follow-up is still being decided."""
        return self.index in self._pending_follow_up

    def awaits_follow_up(self, index: int) -> bool:
        """The follow-up of the answer at ``index`` is still to be decided."""
        return index in self._pending_follow_up

    @property
    def step(self) -> Step:
        return self.steps[self.index]

    @property
    def question(self) -> Question:
        return self.step.question

    @property
    def record(self) -> AnswerRecord | None:
        return self.records[self.index] if self.index < len(self.records) else None

    # -- events ---------------------------------------------------------------------------

    def start(self) -> Effects:
        if self.state is not State.READY:
            return []
        return self._ask()

    def question_spoken(self) -> Effects:
        if self.state is not State.SPEAKING:
            return []
        if self.think_s <= 0:
            return self._begin_answer()
        self.state = State.THINKING
        self._think_started = self.clock()
        return [Effect.START_THINKING]

    def think_elapsed(self) -> Effects:
        if self.state is not State.THINKING:
            return []
        return self._begin_answer()

    skip_think = think_elapsed

    def answer_now(self) -> Effects:
        if self.state is State.SPEAKING:
            return [Effect.STOP_SPEAKING, *self._begin_answer()]
        if self.state is State.THINKING:
            return self._begin_answer()
        return []

    def stop(self, stopped_by: str = "user") -> Effects:
        if self.state is not State.ANSWERING:
            return []
        record = self._current_record()
        record.ended_at = self.clock()
        record.stopped_by = stopped_by
        self.state = State.ANSWERED
        if self.follow_ups and self.step.follow_up_of is None and stopped_by != "ended":
            self._pending_follow_up.add(self.index)
        return [Effect.STOP_ANSWER]

    def follow_up_ready(self, index: int, step: Step | None) -> Effects:
        """The follow-up of the answer at ``index`` is decided: ``step`` is asked right after it
        (None: no follow-up). When Next is already waiting for it, the interview moves on now.
        A decision that comes too late (the user skipped it, the interview ended) is ignored."""
        if index not in self._pending_follow_up:
            return []
        self._pending_follow_up.discard(index)
        if step is not None:
            self.steps.insert(index + 1, step)
        if self.state is State.PREPARING and self.index == index:
            return self._advance([])
        return []

    def answer_ended(self, stopped_by: str) -> Effects:
        """The recorder ended the answer by itself (maximum length, silence, an error)."""
        return self.stop(stopped_by)

    def toggle(self) -> Effects:
        """Space: start answering now, or stop the answer."""
        if self.state is State.ANSWERING:
            return self.stop()
        return self.answer_now()

    def mark_section(self) -> bool:
        if self.state is not State.ANSWERING:
            return False
        record = self._current_record()
        assert record.started_at is not None
        record.section_marks.append(self.clock() - record.started_at)
        return True

    def repeat(self) -> Effects:
        if self.state not in (State.SPEAKING, State.THINKING):
            return []
        self._current_record().repeats += 1
        self.state = State.SPEAKING
        self._think_started = None
        return [Effect.STOP_SPEAKING, Effect.SPEAK]

    def next_question(self) -> Effects:
        effects: Effects = []
        if self.state in (State.READY, State.DONE):
            return []
        if self.state is State.PREPARING:
            # Next pressed again while the follow-up is being decided: go on without it.
            self._pending_follow_up.discard(self.index)
            return self._advance([])
        if self.state is State.ANSWERING:
            effects += self.stop()
        elif self.state in (State.SPEAKING, State.THINKING):
            if self.state is State.SPEAKING:
                effects.append(Effect.STOP_SPEAKING)
            self._current_record().stopped_by = "skipped"
        if self.follow_up_pending:
            self.state = State.PREPARING
            return effects
        return self._advance(effects)

    def _advance(self, effects: Effects) -> Effects:
        if self.index + 1 >= len(self.steps):
            self.state = State.DONE
            return [*effects, Effect.FINISHED]
        self.index += 1
        return [*effects, *self._ask()]

    def end(self) -> Effects:
        effects: Effects = []
        if self.state is State.DONE:
            return []
        self._pending_follow_up.clear()
        if self.state is State.ANSWERING:
            effects += self.stop("ended")
        elif self.state is State.SPEAKING:
            effects.append(Effect.STOP_SPEAKING)
        self.state = State.DONE
        return [*effects, Effect.FINISHED]

    # -- clocks ---------------------------------------------------------------------------

    def think_remaining(self) -> float:
        if self.state is not State.THINKING or self._think_started is None:
            return 0.0
        return max(0.0, self.think_s - (self.clock() - self._think_started))

    def elapsed(self) -> float:
        record = self.record
        if record is None or record.started_at is None:
            return 0.0
        end = record.ended_at if record.ended_at is not None else self.clock()
        return end - record.started_at

    @property
    def answered(self) -> list[AnswerRecord]:
        return [r for r in self.records if r.started_at is not None]

    # -- helpers --------------------------------------------------------------------------

    def _ask(self) -> Effects:
        while len(self.records) <= self.index:
            self.records.append(AnswerRecord(self.steps[len(self.records)].question.id))
        self.state = State.SPEAKING
        self._think_started = None
        return [Effect.SPEAK]

    def _begin_answer(self) -> Effects:
        record = self._current_record()
        record.started_at = self.clock()
        self.state = State.ANSWERING
        self._think_started = None
        return [Effect.START_ANSWER]

    def _current_record(self) -> AnswerRecord:
        record = self.record
        assert record is not None
        return record
