"""Planning a session from the bank, and the interview state machine, without any UI."""

from __future__ import annotations

import pytest

from interview_sim.core.bank import Bank, Question, Reference, load_bank
from interview_sim.core.categories import available_orders
from interview_sim.core.interview import (
    Effect,
    Interview,
    PlanError,
    PlanOptions,
    State,
    Step,
    Timing,
    plan_session,
    random_technical_options,
    self_introduction_options,
    timing_of,
)
from interview_sim.core.templates import Section, Template


def q(
    qid: str, category: str = "network", kind: str = "technical", follow_ups: list[str] | None = None
) -> Question:
    return Question(
        qid, category, kind, f"question {qid}?", [Reference("test", "")], follow_ups=follow_ups or []
    )


@pytest.fixture
def small_bank() -> Bank:
    return Bank(
        [
            q("network.a", follow_ups=["network.b"]),
            q("network.b"),
            q("network.c"),
            q("os.a", category="os"),
            q("self-introduction.a", category="self-introduction", kind="self-introduction"),
        ],
        [],
    )


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_plan_in_bank_order_with_category_and_count(small_bank: Bank) -> None:
    steps = plan_session(small_bank, PlanOptions(categories=("network",), count=2))
    assert [s.question.id for s in steps] == ["network.a", "network.b"]


def test_plan_chosen_questions_in_their_order(small_bank: Bank) -> None:
    """Answer again / practise the weak ones (issue 16): these questions, in this order, whatever
    the categories, kinds and count; each once; ones gone from the bank left out."""
    options = PlanOptions(
        categories=("os",), count=1, question_ids=("network.c", "os.a", "network.c", "gone.x")
    )
    assert [s.question.id for s in plan_session(small_bank, options)] == ["network.c", "os.a"]
    with pytest.raises(PlanError, match="none of the chosen questions"):
        plan_session(small_bank, PlanOptions(question_ids=("gone.x",)))


def test_plan_random_is_reproducible_with_a_seed(small_bank: Bank) -> None:
    options = PlanOptions(kinds=("technical",), count=4, order="random", seed=7)
    first = [s.question.id for s in plan_session(small_bank, options)]
    assert first == [s.question.id for s in plan_session(small_bank, options)]
    assert sorted(first) == ["network.a", "network.b", "network.c", "os.a"]


def test_plan_follow_ups_come_right_after_their_question_and_are_not_repeated(small_bank: Bank) -> None:
    steps = plan_session(small_bank, PlanOptions(categories=("network",), count=2, follow_ups=True))
    assert [(s.question.id, s.follow_up_of) for s in steps] == [
        ("network.a", None),
        ("network.b", "network.a"),
        ("network.c", None),
    ]


def test_weakest_and_due_orders_need_real_data(small_bank: Bank) -> None:
    assert available_orders() == ("bank", "random")
    assert available_orders({"os.a": 0.2}, ["network.c"]) == ("bank", "random", "weakest", "due")
    with pytest.raises(PlanError):
        plan_session(small_bank, PlanOptions(order="weakest"))
    with pytest.raises(PlanError):
        plan_session(small_bank, PlanOptions(order="due"))
    weakest = plan_session(
        small_bank,
        PlanOptions(kinds=("technical",), count=2, order="weakest"),
        weakness={"network.c": 0.1, "os.a": 0.5, "network.a": 0.9},
    )
    assert [s.question.id for s in weakest] == ["network.c", "os.a"]
    due = plan_session(small_bank, PlanOptions(count=5, order="due"), due=["os.a", "network.b"])
    assert [s.question.id for s in due] == ["os.a", "network.b"]


def test_plan_rejects_an_empty_selection(small_bank: Bank) -> None:
    with pytest.raises(PlanError):
        plan_session(small_bank, PlanOptions(categories=("django",)))
    with pytest.raises(PlanError):
        plan_session(small_bank, PlanOptions(count=0))


def test_quick_starts_on_the_real_bank() -> None:
    bank = load_bank()
    intro = plan_session(bank, self_introduction_options())
    assert len(intro) == 1 and intro[0].question.kind == "self-introduction"
    technical = plan_session(bank, random_technical_options(seed=1))
    assert len(technical) == 10 and all(s.question.kind == "technical" for s in technical)


def make_interview(small_bank: Bank, think_s: float = 5.0) -> tuple[Interview, Clock]:
    clock = Clock()
    steps = [Step(small_bank.questions[0]), Step(small_bank.questions[2])]
    return Interview(steps, think_s=think_s, clock=clock), clock


def test_full_question_cycle(small_bank: Bank) -> None:
    interview, clock = make_interview(small_bank)
    assert interview.start() == [Effect.SPEAK]
    assert interview.state is State.SPEAKING
    assert interview.question_spoken() == [Effect.START_THINKING]
    clock.now += 2
    assert interview.think_remaining() == pytest.approx(3)
    assert interview.think_elapsed() == [Effect.START_ANSWER]
    assert interview.state is State.ANSWERING
    clock.now += 10
    assert interview.mark_section()
    clock.now += 5
    assert interview.elapsed() == pytest.approx(15)
    assert interview.toggle() == [Effect.STOP_ANSWER]
    record = interview.records[0]
    assert record.section_marks == [pytest.approx(10)]
    assert record.duration_s == pytest.approx(15) and record.stopped_by == "user"
    assert interview.next_question() == [Effect.SPEAK]
    assert interview.question.id == "network.c"
    assert interview.next_question() == [Effect.STOP_SPEAKING, Effect.FINISHED]
    assert interview.state is State.DONE
    assert interview.records[1].stopped_by == "skipped"
    assert [r.question_id for r in interview.answered] == ["network.a"]


def test_space_during_speech_or_think_starts_answering_now(small_bank: Bank) -> None:
    interview, _clock = make_interview(small_bank)
    interview.start()
    assert interview.toggle() == [Effect.STOP_SPEAKING, Effect.START_ANSWER]
    interview.stop()
    interview.next_question()
    interview.question_spoken()
    assert interview.toggle() == [Effect.START_ANSWER]


def test_zero_think_time_goes_straight_to_answering(small_bank: Bank) -> None:
    interview, _clock = make_interview(small_bank, think_s=0)
    interview.start()
    assert interview.question_spoken() == [Effect.START_ANSWER]


def test_repeat_and_events_out_of_place_do_nothing_harmful(small_bank: Bank) -> None:
    interview, _clock = make_interview(small_bank)
    assert interview.question_spoken() == []  # not started yet
    interview.start()
    interview.question_spoken()
    assert interview.repeat() == [Effect.STOP_SPEAKING, Effect.SPEAK]
    assert interview.state is State.SPEAKING and interview.records[0].repeats == 1
    assert interview.stop() == [] and not interview.mark_section()
    interview.answer_now()
    assert interview.repeat() == []  # not while the answer is being recorded
    assert interview.answer_ended("max_length") == [Effect.STOP_ANSWER]
    assert interview.records[0].stopped_by == "max_length"


def test_end_during_an_answer_stops_it_and_finishes(small_bank: Bank) -> None:
    interview, _clock = make_interview(small_bank)
    interview.start()
    interview.answer_now()
    assert interview.end() == [Effect.STOP_ANSWER, Effect.FINISHED]
    assert interview.records[0].stopped_by == "ended"
    assert interview.end() == [] and interview.next_question() == []


def test_timing_against_the_template() -> None:
    template = Template(
        "t", {"en": "t"}, 60, 90, (Section("a", {"en": "a"}, 30), Section("b", {"en": "b"}, 30))
    )
    assert timing_of(10, template) is Timing.ON_PLAN
    assert timing_of(60, template) is Timing.AT_TARGET
    assert timing_of(95, template) is Timing.OVERRUN


def test_an_interview_needs_questions() -> None:
    with pytest.raises(PlanError):
        Interview([])


def test_given_question_ids_are_asked_in_their_order() -> None:
    bank = load_bank()
    ids = ("os.process-vs-thread", "en.network.tcp-vs-udp", "network.no-such-question")
    options = PlanOptions(question_ids=ids, count=len(ids), categories=("django",), kinds=("behavioral",))
    steps = plan_session(bank, options)
    # The filters do not apply to given questions; an id the bank does not know is skipped.
    assert [s.question.id for s in steps] == ["os.process-vs-thread", "en.network.tcp-vs-udp"]
    assert steps[1].question.lang == "en"
    with pytest.raises(PlanError):
        plan_session(bank, PlanOptions(question_ids=("network.no-such-question",)))


def test_both_languages_never_ask_a_question_and_its_edition_together() -> None:
    bank = load_bank()
    options = PlanOptions(langs=("ko", "en"), categories=("network",), count=200, order="random", seed=7)
    steps = plan_session(bank, options)
    families = [s.question.edition_of or s.question.id for s in steps]
    assert len(families) == len(set(families))
    assert {s.question.lang for s in steps} == {"ko", "en"}  # both languages are asked
    korean_only = plan_session(bank, PlanOptions(categories=("network",), count=200))
    assert len(steps) == len(korean_only)  # one of each family: as many as one language has


def test_a_plan_of_chosen_questions_asks_exactly_those_in_order() -> None:
    from interview_sim.core.bank import load_bank
    from interview_sim.core.interview import PlanOptions, plan_session

    bank = load_bank()
    first, second = bank.questions[7].id, bank.questions[2].id
    steps = plan_session(bank, PlanOptions(question_ids=(first, second), count=2, categories=("nothing",)))
    assert [s.question.id for s in steps] == [first, second]  # categories do not narrow a chosen list
    one = plan_session(bank, PlanOptions(question_ids=(second,), count=1))
    assert [s.question.id for s in one] == [second]
