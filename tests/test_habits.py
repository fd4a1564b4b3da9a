"""Transcript habits with known answers: hedges, run-ons, 반말 in 존댓말, conclusion first."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from interview_sim.core.analysis import analyze, metrics_summary
from interview_sim.core.bank import load_bank
from interview_sim.core.delivery import tokenize
from interview_sim.core.habits import analyze_habits, question_terms, split_sentences


def habits(text: str, lang: str = "ko", **kwargs: object):  # type: ignore[no-untyped-def]
    return analyze_habits(text, tokenize(text), lang, **kwargs)  # type: ignore[arg-type]


def test_korean_hedges_are_counted_and_marked() -> None:
    text = (
        "TCP는 신뢰성을 보장하는 것 같습니다. 순서도 지키는 것 같아요. "
        "그게 장점인 것 같아요. 혼잡 제어를 하는 듯합니다. 그리고 아마 흐름 제어도 합니다. "
        "UDP는 빠릅니다."
    )
    found = habits(text)
    assert [m.text for m in found.hedges] == ["것 같습니다", "것 같아요", "것 같아요", "듯합니다", "아마"]
    for mark in found.hedges:
        assert text[mark.start : mark.end] == mark.text


def test_hedges_split_by_the_recognizer_still_count() -> None:
    # Vosk's small Korean model splits endings off: "같 습니다".
    found = habits("그게 맞는 것 같 습니다 그리고 그런 거 같아요")
    assert len(found.hedges) == 2


def test_english_hedges() -> None:
    text = "I think a hash map is kind of a table. Maybe it resizes, sort of. I guess that's it. I thinker."
    found = habits(text, "en")
    assert [m.text.lower() for m in found.hedges] == ["i think", "kind of", "maybe", "sort of", "i guess"]


def test_run_on_sentences_are_flagged_by_chained_connectives_and_length() -> None:
    text = (
        "TCP는 연결을 맺고 데이터를 보내는데 손실이 생기면 다시 보내고 순서를 맞춰서 전달합니다. "
        "UDP는 빠릅니다. "
        "그리고 이 프로토콜은 최고입니다."
    )
    found = habits(text)
    assert len(found.sentences) == 3
    assert [r.sentence for r in found.run_ons] == [0]
    assert found.run_ons[0].connectives == 4  # 맺고, 보내는데, 보내고, 맞춰서 ("그리고", "최고" are not)
    long_one = "저는 " + "매우 " * 40 + "중요한 일을 했고 결과를 냈습니다."
    assert len(habits(long_one).run_ons) == 1  # one connective, over 70 syllables
    assert habits("저는 일을 했고 결과를 냈습니다.").run_ons == []
    # "에서", "순서", "문서" end in 서 but chain nothing.
    assert habits("서버에서 순서를 정하고 문서에서 확인하고 끝냈습니다.").run_ons == []


def test_english_run_on() -> None:
    text = (
        "We built it and we shipped it and then it broke and so we fixed it but it broke again. It works now."
    )
    found = habits(text, "en")
    assert [r.sentence for r in found.run_ons] == [0]


def test_banmal_mixed_into_polite_speech() -> None:
    text = "저는 백엔드 개발자입니다. 그 프로젝트는 제가 했어. 정말 힘들었거든. 그래서 배웠습니다."
    found = habits(text)
    assert [m.text for m in found.banmal] == ["했어", "힘들었거든"]
    assert found.polite_sentences == 2
    # All 반말 is the answer's register, not a slip; all 존댓말 has none.
    assert habits("그 프로젝트는 내가 했어. 정말 힘들었거든.").banmal == []
    assert habits("저는 개발자입니다. 열심히 했어요.").banmal == []


def test_sentences_without_punctuation_split_at_endings_and_pauses() -> None:
    text = "TCP는 연결 지향입니다 UDP는 비연결입니다 그리고 음 빠르고"
    tokens = tokenize(text)
    assert [s.text for s in split_sentences(text, tokens, "ko")] == [
        "TCP는 연결 지향입니다",
        "UDP는 비연결입니다",
        "그리고 음 빠르고",
    ]
    english = "so first we cache it then we shard the table"
    tokens = tokenize(english)
    for token, (start, end) in zip(
        tokens, [(i * 0.4, i * 0.4 + 0.3) for i in range(len(tokens))], strict=True
    ):
        token.time_start, token.time_end = start, end
    tokens[5].time_start, tokens[5].time_end = 5.0, 5.3  # "then" after a 3 s pause
    sentences = split_sentences(english, tokens, "en")
    assert [s.text for s in sentences] == ["so first we cache it", "then we shard the table"]
    assert sentences[1].time_start == 5.0


def test_decimal_points_and_addresses_do_not_end_a_sentence() -> None:
    text = "버전 3.5에서 example.com으로 보냅니다. 끝입니다."
    assert [s.text for s in habits(text).sentences] == ["버전 3.5에서 example.com으로 보냅니다.", "끝입니다."]


def test_conclusion_first_for_technical_questions() -> None:
    bank = load_bank()
    tcp = bank.get("network.tcp-vs-udp")
    assert tcp is not None and tcp.kind == "technical"
    first = analyze(
        "TCP는 연결 지향이고 UDP는 비연결형 프로토콜입니다. 그래서 TCP가 더 느립니다.", question=tcp
    )
    assert first.habits is not None and first.habits.conclusion_first is True
    assert first.habits.opening == "TCP는 연결 지향이고 UDP는 비연결형 프로토콜입니다."
    late = analyze("음. 제가 예전에 공부할 때 책에서 봤는데요. 그러니까 차이가 있습니다.", question=tcp)
    assert late.habits is not None and late.habits.conclusion_first is False
    assert late.habits.opening == "제가 예전에 공부할 때 책에서 봤는데요."
    definition = habits(
        "해시 테이블은 키를 해시 함수로 배열 위치에 대응시키는 자료구조입니다.", kind="technical"
    )
    assert (definition.conclusion_first, definition.conclusion_reason) == (True, "definition")
    english = habits(
        "A hash table is an array indexed by the hash of a key. It is fast.", "en", kind="technical"
    )
    assert (english.conclusion_first, english.conclusion_reason) == (True, "definition")
    assert question_terms("TCP와 UDP의 차이는 무엇인가요?") == ["tcp", "udp"]


def test_conclusion_first_for_behavioral_questions_states_the_situation() -> None:
    situation = habits("작년 인턴 때 배포 장애가 있었습니다. 제가 원인을 찾았습니다.", kind="behavioral")
    assert situation.conclusion_first is True and situation.conclusion_reason == "situation"
    vague = habits("저는 원래 책임감이 강한 사람입니다. 그래서 잘 해결합니다.", kind="behavioral")
    assert vague.conclusion_first is False
    english = habits("During my internship our deploy broke. I found the cause.", "en", kind="behavioral")
    assert english.conclusion_first is True
    assert habits("", kind="behavioral").conclusion_first is None


def test_the_summary_carries_the_habit_counts() -> None:
    summary = metrics_summary(
        analyze("TCP는 신뢰성 있는 프로토콜인 것 같습니다. 제가 했어. 그렇습니다.", keywords=["TCP"])
    )
    assert summary["hedges"] == 1 and summary["banmal"] == 1 and summary["conclusion_first"] is True
    assert summary["pitch_range_st"] is None and summary["monotone"] is None  # no recording


@settings(max_examples=60, deadline=None)
@given(
    text=st.text(max_size=200),
    lang=st.sampled_from(["ko", "en"]),
    kind=st.sampled_from([None, "technical", "behavioral", "motivation"]),
)
def test_odd_text_never_raises(text: str, lang: str, kind: str | None) -> None:
    found = habits(text, lang, kind=kind, keywords=["TCP"], question_text=text[:20])
    for mark in found.hedges:
        assert text[mark.start : mark.end] == mark.text
    assert found.to_json()["hedges"]["count"] == len(found.hedges)
