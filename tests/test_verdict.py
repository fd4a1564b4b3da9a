"""Scores people trust (issue 16): the content score capped for far-short answers, rates shown as
counts on short answers, and the verdict's choice of the three things to fix, on known answers."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from interview_sim.core import delivery
from interview_sim.core.analysis import FULL_CREDIT_SHARE, analyze, expected_amount, length_cap
from interview_sim.core.templates import Section, Template
from interview_sim.core.verdict import band, candidate_fixes, judge

TECHNICAL = Template(
    "technical",
    {"ko": "기술 설명", "en": "Technical"},
    60.0,
    120.0,
    (Section("definition", {"ko": "정의", "en": "Definition"}, 60.0),),
)


@dataclass
class Ref:
    text: str


@dataclass
class Question:
    keywords: list[str]
    answers: list[Ref] = field(default_factory=list)
    lang: str = "ko"


TCP = Question(
    ["프로토콜", "신뢰성", "흐름 제어", "혼잡 제어", "비연결"],
    [Ref("TCP는 연결 지향 프로토콜로 흐름 제어와 혼잡 제어로 신뢰성을 보장합니다. UDP는 비연결형입니다.")],
)
# About 60 s of Korean at a normal pace (some 250 syllables), naming every key term.
FULL = (
    "TCP는 연결 지향 프로토콜입니다. 흐름 제어와 혼잡 제어로 신뢰성을 보장하고 순서를 지킵니다. "
    "UDP는 비연결 방식이라 빠르지만 순서와 도착을 보장하지 않습니다. "
) * 3


def words_for(text: str, seconds_per_word: float = 0.5, start: float = 1.0) -> list[dict[str, object]]:
    out, t = [], start
    for word in text.split():
        out.append({"word": word, "start": round(t, 2), "end": round(t + seconds_per_word * 0.8, 2)})
        t += seconds_per_word
    return out


# -- the cap ------------------------------------------------------------------------------------


def test_a_three_word_typed_answer_does_not_score_81() -> None:
    """The issue's example: two key terms in three words scored 81 against the reference."""
    short = analyze("프로토콜 신뢰성 비연결", question=TCP, template=TECHNICAL, duration_s=20.0)
    assert short.content.uncapped is not None and short.content.uncapped > 50  # what it scored before
    expected = expected_amount(60.0, "ko")
    assert expected == pytest.approx(60 * delivery.KO_RATE_MEAN / 60)
    syllables = short.rate.count
    assert syllables == 10  # 프로토콜 신뢰성 비연결
    assert short.content.cap == pytest.approx(100 * syllables / expected / FULL_CREDIT_SHARE)
    assert short.content.score == short.content.cap and short.content.score < 10
    assert short.content.capped
    assert short.to_json()["content"]["cap"] == round(short.content.cap, 1)


def test_a_full_length_answer_is_not_capped() -> None:
    full = analyze(FULL, question=TCP, template=TECHNICAL, duration_s=60.0)
    assert full.rate.count >= FULL_CREDIT_SHARE * (expected_amount(60.0, "ko") or 0)
    assert full.content.cap is None and not full.content.capped
    assert full.content.score == full.content.uncapped


def test_no_template_means_no_cap_and_the_cap_is_proportional() -> None:
    loose = analyze("프로토콜 신뢰성 비연결", question=TCP, duration_s=20.0)
    assert loose.content.cap is None and loose.content.score == loose.content.uncapped
    assert length_cap(100, None) is None
    assert length_cap(50, 100.0) is None  # half the target's amount: full credit
    assert length_cap(25, 100.0) == pytest.approx(50.0)
    assert length_cap(10, 100.0) == pytest.approx(20.0)
    assert length_cap(0, 100.0) == 0.0


def test_english_counts_words_against_the_english_pace() -> None:
    question = Question(["stateless", "resource"], [Ref("REST is stateless and uses resources.")], "en")
    short = analyze("stateless resources", question=question, template=TECHNICAL, duration_s=5.0)
    assert expected_amount(60.0, "en") == pytest.approx(145.0)
    assert short.content.cap == pytest.approx(100 * 2 / 145 / FULL_CREDIT_SHARE)


# -- rates on short answers -------------------------------------------------------------------------


def test_a_short_answer_keeps_its_rates_but_says_they_are_not_meaningful() -> None:
    text = "음 TCP는 어 연결 음 지향 어 입니다"
    short = analyze(text, words=words_for(text, 1.2), lang="ko")  # about 10 s of speaking
    assert short.fillers.count == 4 and short.fillers.basis_s < delivery.RATE_MEANINGFUL_S
    assert not short.fillers.meaningful and not short.rate.meaningful
    # 4 fillers over 10 s would read 24 a minute; judged over 30 s they are 8: still too many,
    assert short.fillers.verdict == "too_many"
    # while 1 filler in 10 s (6 a minute as a rate) is judged as 2 a minute: noticeable, not "too many".
    one = "음 TCP는 연결 지향 프로토콜 입니다 그리고 빠릅니다"
    single = analyze(one, words=words_for(one, 1.2), lang="ko")
    assert single.fillers.per_minute is not None and single.fillers.per_minute > 5
    assert single.fillers.verdict == "noticeable"


def test_a_long_answer_has_meaningful_rates() -> None:
    long = analyze(FULL, words=words_for(FULL, 0.6), lang="ko")
    assert long.rate.basis_s >= delivery.RATE_MEANINGFUL_S
    assert long.rate.meaningful and long.fillers.meaningful


# -- the verdict's three things ------------------------------------------------------------------


def test_the_three_things_are_chosen_by_impact() -> None:
    """Missed terms (42 points of content) outrank many fillers, which outrank two long pauses;
    a fourth problem (a start a second late) is left out."""
    text = "음 TCP는 어 음 프로토콜 어 입니다 음 그리고 어 신뢰성 음 어 있습니다 " * 3
    words = words_for(text, 0.4, start=4.0)  # first word at 4 s: a second late
    for after in (12, 28):  # two pauses of 3 s
        for word in words[after:]:
            word["start"] = float(word["start"]) + 3.0  # type: ignore[arg-type]
            word["end"] = float(word["end"]) + 3.0  # type: ignore[arg-type]
    analysis = analyze(text, question=TCP, words=words, lang="ko")
    kinds = [f.kind for f in candidate_fixes(analysis)]
    assert {"missing_terms", "fillers", "long_pauses", "late_start"} <= set(kinds)
    verdict = judge(analysis, previous_score=10.0)
    assert [f.kind for f in verdict.fixes] == ["missing_terms", "fillers", "long_pauses"]
    missing = verdict.fixes[0]
    assert missing.values["terms"] == ["흐름 제어", "혼잡 제어", "비연결"]
    assert missing.impact == pytest.approx(100 * 0.7 * 3 / 5)
    assert verdict.change == pytest.approx(round(analysis.content.score or 0, 1) - 10.0)
    assert [f.impact for f in verdict.fixes] == sorted((f.impact for f in verdict.fixes), reverse=True)


def test_a_far_short_answer_leads_with_its_length() -> None:
    short = analyze("프로토콜 신뢰성 비연결", question=TCP, template=TECHNICAL, duration_s=20.0)
    verdict = judge(short, spoken=False)
    assert verdict.headline == "too_short" and verdict.band == "weak"
    assert verdict.fixes[0].kind == "far_too_short"
    assert verdict.fixes[1].kind == "missing_terms"


def test_a_typed_answer_is_not_judged_on_pace_or_pauses() -> None:
    text = "가 " * 300  # 300 syllables "said" in 20 s: 900 a minute if it were speech
    typed = analyze(text, question=TCP, duration_s=20.0, lang="ko")
    assert typed.rate.verdict.verdict == "fast"
    assert "pace_fast" in [f.kind for f in candidate_fixes(typed)]
    assert "pace_fast" not in [f.kind for f in candidate_fixes(typed, spoken=False)]


def test_a_good_answer_says_so_and_has_no_change_without_an_earlier_attempt() -> None:
    analysis = analyze(FULL, question=TCP, words=words_for(FULL, 0.3), template=TECHNICAL, lang="ko")
    verdict = judge(analysis)
    assert verdict.band == "good" and verdict.headline in ("good", "good_but")
    assert verdict.change is None
    assert all(f.kind != "missing_terms" for f in verdict.fixes)


def test_hedges_and_trailing_off_count_when_present() -> None:
    text = "TCP는 프로토콜인 것 같습니다. 아마 신뢰성이 있는 것 같습니다. 흐름 제어도 하는 것 같습니다."
    analysis = analyze(text, question=TCP, lang="ko", duration_s=20.0)
    assert analysis.habits is not None and len(analysis.habits.hedges) >= 2
    hedges = [f for f in candidate_fixes(analysis) if f.kind == "hedges"]
    assert hedges and hedges[0].values["count"] == len(analysis.habits.hedges)


def test_bands() -> None:
    assert [band(s) for s in (None, 0, 39.9, 40, 69.9, 70, 100)] == [
        "none", "weak", "weak", "fair", "fair", "good", "good"
    ]  # fmt: skip
    assert judge(analyze("", question=TCP, duration_s=5.0)).headline == "empty"


# -- names people understand ---------------------------------------------------------------------


def test_reference_sources_are_named_by_their_note() -> None:
    from interview_sim.qt.review_panels import source_name

    # The bundled notes, read from resources/seed-notes: a heading or front-matter title, else
    # the note's first line of words (core/sources.py, shared with the bank browser).
    assert source_name("003_c864af1a4c5b3e23.txt", "ko") == "면접 준비 자기소개 및 개인적인 cs 지식 정리"
    assert source_name("002_356ac9ab6377bb43.txt", "ko") == "위코드 수료 후 백엔드 면접 후기 및 FAQ"
    # In English, the bank's English title of the Korean note (resources/seed-notes/titles.toml).
    assert (
        source_name("002_356ac9ab6377bb43.txt", "en")
        == "Backend interviews after a coding bootcamp: review and FAQ"
    )
    assert source_name("000_b799bac0afed2475.txt", "ko") == "객체지향프로그래밍이란?"
    assert not source_name("001_8fb70bbf054bce40.txt", "en").endswith(".txt")
    assert source_name("import:my notes.md", "en") == "my notes"
    assert source_name("note-a", "ko") == "note a"  # not a note file: its own name, readable
