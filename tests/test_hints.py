"""Key-term hints from a question, the prompt they make, and the guard against prompt echoes."""

from __future__ import annotations

from interview_sim.core.answers import hints_for
from interview_sim.core.bank import load_bank
from interview_sim.devices.base import Hints
from interview_sim.devices.whisper_engine import FILLER_PROMPTS, build_prompt, is_prompt_echo


def test_hints_carry_every_spelling_of_each_key_term() -> None:
    question = load_bank().get("algorithms.linked-list-search")
    assert question is not None
    hints = hints_for(question)
    assert hints.prompt == question.question and hints.lang == "ko"
    assert "Doubly Linked List" in hints.terms and "이중 연결 리스트" in hints.terms
    assert len(hints.terms) == len(set(hints.terms))


def test_prompt_has_fillers_question_terms_then_context() -> None:
    hints = Hints("TCP와 UDP의 차이는?", ("TCP", "UDP"), "ko")
    prompt = build_prompt(hints, "앞에서 말한 내용", "ko")
    assert prompt.startswith(FILLER_PROMPTS["ko"])
    assert prompt.index("TCP와 UDP의 차이는?") < prompt.index("TCP, UDP.") < prompt.index("앞에서 말한 내용")
    # The context is cut from the front: Whisper keeps only the end of a long prompt anyway.
    assert build_prompt(None, "x" * 1000, "en").endswith("x" * 400)
    assert "x" * 401 not in build_prompt(None, "x" * 1000, "en")


def test_prompt_echoes_are_recognised() -> None:
    hints = Hints("How would you keep an API fast?", ("Redis", "TCP"), "en")
    assert is_prompt_echo(" Redis, TCP.", hints, "en")  # only the terms: not said
    assert is_prompt_echo("How would you keep an API fast?", hints, "en")
    assert is_prompt_echo(FILLER_PROMPTS["en"], hints, "en")
    assert is_prompt_echo("  ...  ", hints, "en")
    # What candidates really say stays, fillers included.
    assert not is_prompt_echo("Um, so, uh, I think", hints, "en")
    assert not is_prompt_echo("We used Redis as a cache.", hints, "en")
    assert not is_prompt_echo("TCP retransmits lost packets.", hints, "en")
    assert not is_prompt_echo("TCP retransmits lost packets.", None, "en")
