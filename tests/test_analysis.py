"""Answer analysis on hand-written Korean and English transcripts with known counts."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interview_sim.core import delivery
from interview_sim.core.analysis import analyze, guess_lang
from interview_sim.core.keyterms import edit_distance, match_terms, similarity, to_jamo
from interview_sim.core.templates import Section, Template

TECHNICAL = Template(
    "technical",
    {"ko": "기술 설명", "en": "Technical"},
    60.0,
    120.0,
    (
        Section("definition", {"ko": "정의", "en": "Definition"}, 15.0),
        Section("details", {"ko": "세부", "en": "Details"}, 30.0),
        Section("example", {"ko": "예시", "en": "Example"}, 15.0),
    ),
)


@dataclass
class Ref:
    text: str


@dataclass
class FakeQuestion:
    keywords: list[str]
    answers: list[Ref] = field(default_factory=list)
    lang: str = "ko"


def covered(keywords: list[str], text: str) -> dict[str, list[str]]:
    """Each covered term with the transcript text it was found at."""
    return {
        m.label: [text[a:b] for a, b in m.transcript_spans] for m in match_terms(keywords, text) if m.covered
    }


# -- key terms -------------------------------------------------------------------------------


def test_terms_survive_korean_particles_and_endings() -> None:
    text = "TCP는 연결지향형 프로토콜이고 스레드는 캐시를 씁니다"
    found = covered(["프로토콜", "스레드", "캐시", "연결 지향", "TCP"], text)
    assert found == {
        "프로토콜": ["프로토콜"],
        "스레드": ["스레드"],
        "캐시": ["캐시"],
        "연결 지향": ["연결지향"],
        "TCP": ["TCP"],
    }


def test_terms_survive_spaces_inside_compounds_and_compounds_cover_their_parts() -> None:
    assert covered(["멀티스레드"], "멀티 스레드 환경에서") == {"멀티스레드": ["멀티 스레드"]}
    assert covered(["스레드"], "멀티스레드를 쓰면") == {"스레드": ["스레드"]}
    assert covered(["TCP/IP"], "TCP IP 모델은") == {"TCP/IP": ["TCP IP"]}


def test_one_syllable_terms_need_a_particle_and_short_terms_are_not_fuzzy() -> None:
    assert covered(["큐"], "큐브를 돌렸고 시큐리티도") == {}
    assert covered(["큐"], "큐에 넣습니다") == {"큐": ["큐"]}
    assert covered(["락"], "락을 잡고") == {"락": ["락"]}
    assert covered(["속도"], "숙도가 빠르다") == {}  # two syllables: one edit is another word


def test_small_recognition_errors_on_longer_terms() -> None:
    text = "쓰레드는 프로토꼴이고 데이타그램 단위로"
    matches = {m.label: m for m in match_terms(["스레드", "프로토콜", "데이터그램", "트랜잭션"], text)}
    assert [k for k, m in matches.items() if m.covered] == ["스레드", "프로토콜", "데이터그램"]
    assert all(matches[k].fuzzy for k in ("스레드", "프로토콜", "데이터그램"))
    assert [text[a:b] for a, b in matches["스레드"].transcript_spans] == ["쓰레드"]
    assert not matches["트랜잭션"].covered


def test_alternatives_and_reference_spans_of_missed_terms() -> None:
    reference = "TCP는 연결 지향 프로토콜이다. 흐름 제어와 혼잡 제어를 한다."
    [protocol, congestion] = match_terms(
        ["통신 규약 | 프로토콜", "혼잡 제어"], "TCP는 프로토콜입니다", [reference]
    )
    assert protocol.covered and protocol.matched == "프로토콜"
    assert not congestion.covered
    [[span]] = congestion.reference_spans
    assert reference[span[0] : span[1]] == "혼잡 제어"


def test_english_inflections() -> None:
    text = "Threads share memory; caching helps, queries use indexes, it is connection oriented. Reindex."
    found = covered(["thread", "cache", "query", "index", "connection-oriented", "memory"], text)
    assert found == {
        "thread": ["Threads"],
        "cache": ["caching"],
        "query": ["queries"],
        "index": ["indexes"],  # not inside "Reindex"
        "connection-oriented": ["connection oriented"],
        "memory": ["memory"],
    }


def test_jamo_and_edit_distance() -> None:
    assert to_jamo("쓰") != to_jamo("스") and len(to_jamo("각")) == 3
    assert edit_distance(to_jamo("스레드"), to_jamo("쓰레드")) == 1
    assert edit_distance("kitten", "sitting") == 3
    assert edit_distance("abcdef", "uvwxyz", limit=1) == 2


# -- similarity and content score ------------------------------------------------------------


def test_similarity_is_best_over_references() -> None:
    answer = "TCP는 연결 지향이고 신뢰성이 높습니다"
    result = similarity(answer, ["전혀 관계없는 문장입니다", "TCP는 연결 지향이며 신뢰성이 높다"])
    assert result.reference_index == 1
    assert 0.5 < result.value <= 1.0 and 0 < result.precision <= 1 and 0 < result.recall <= 1
    assert similarity(answer, [answer]).value == pytest.approx(1.0)
    assert similarity(answer, []).reference_index is None


def test_content_score_combines_coverage_and_similarity() -> None:
    question = FakeQuestion(
        ["연결 지향", "신뢰성", "흐름 제어", "혼잡 제어"],
        [Ref("TCP는 연결 지향이고 신뢰성이 높다. 흐름 제어와 혼잡 제어를 한다.")],
    )
    result = analyze("TCP는 연결 지향 프로토콜이라서 신뢰성이 높습니다", question=question, duration_s=10)
    content = result.content
    assert (content.covered, content.total, content.coverage) == (2, 4, 0.5)
    assert content.similarity is not None and 0 < content.similarity < 1
    assert content.score == pytest.approx(100 * (0.7 * 0.5 + 0.3 * content.similarity))
    assert result.keywords_covered == ["연결 지향", "신뢰성"]
    assert result.keywords_missed == ["흐름 제어", "혼잡 제어"]
    no_reference = analyze("연결 지향", question=FakeQuestion(["연결 지향", "신뢰성"]), duration_s=3)
    assert no_reference.content_score == 50.0
    assert analyze("아무 말", question=FakeQuestion([]), duration_s=3).content_score is None


# -- delivery --------------------------------------------------------------------------------


def fillers(text: str, lang: str, words: list[dict[str, float | str]] | None = None) -> list[str]:
    tokens = delivery.tokenize(text)
    delivery.align_words(tokens, delivery.parse_words(words))
    return [m.text for m in delivery.find_fillers(text, tokens, lang)]


def test_korean_words_that_only_look_like_fillers() -> None:
    text = (
        "그래서 저장 공간이 막대 그래프처럼 커지는데 그 방식은 약간 느리고 좀 더 빠른 방법은 이제부터 봅니다"
    )
    assert fillers(text, "ko") == []


def test_korean_fillers_with_known_count() -> None:
    text = "음 그... TCP는 어 연결 지향이고 뭐 그러니까 신뢰성이 있고요. 이제 UDP는 저, 비연결형입니다. 저 서버는 그 그 방식"
    assert fillers(text, "ko") == ["음", "그", "어", "뭐", "그러니까", "이제", "저", "그"]
    spans = [(m.start, m.end) for m in delivery.find_fillers(text, delivery.tokenize(text), "ko")]
    assert all(text[a:b] in {"음", "그", "어", "뭐", "그러니까", "이제", "저"} for a, b in spans)


def test_korean_filler_before_a_spoken_pause() -> None:
    words: list[dict[str, float | str]] = [
        {"word": "그", "start": 0.0, "end": 0.2},
        {"word": "TCP는", "start": 1.0, "end": 1.5},
        {"word": "그", "start": 1.6, "end": 1.7},
        {"word": "연결", "start": 1.8, "end": 2.0},
    ]
    assert fillers("그 TCP는 그 연결", "ko", words) == ["그"]  # only the first one has a pause after it
    assert fillers("그 TCP는 그 연결", "ko") == []  # without times the text alone is not enough


def test_english_fillers_with_known_count() -> None:
    text = (
        "Um, so like, TCP is, uh, you know, reliable. I like UDP. It looks like a stream. "
        "You know what I mean. Do you know TCP? It is like, fast"
    )
    assert fillers(text, "en") == ["Um", "like", "uh", "you know", "like"]


def test_repeated_words() -> None:
    text = "그 그 방식 방식은 TCP TCP는 음 음 the the"
    found = delivery.repeated_words(text, delivery.tokenize(text), "ko")
    assert [m.text for m in found] == ["그 그", "the the"]


def word_list(
    text: str, start: float = 1.0, step: float = 0.5, pauses: dict[int, float] | None = None
) -> list[dict[str, float | str]]:
    """Words of ``text`` said one every ``step`` seconds, with extra silence before given indexes."""
    words: list[dict[str, float | str]] = []
    t = start
    for index, word in enumerate(text.split()):
        t += (pauses or {}).get(index, 0.0)
        words.append({"word": word, "start": round(t, 3), "end": round(t + step * 0.8, 3), "conf": 0.9})
        t += step
    return words


def test_long_pauses_time_to_first_word_and_rate_korean() -> None:
    text = "TCP는 연결 지향 프로토콜입니다 그리고 신뢰성이 높습니다"
    words = word_list(text, start=2.5, pauses={4: 3.0, 6: 1.5})
    result = analyze(text, words=words, duration_s=12.0, lang="ko", template=TECHNICAL)
    assert result.time_to_first_word_s == 2.5 and result.first_word.verdict == "ok"
    assert len(result.long_pauses) == 1  # 3.1 s before "그리고"; 1.6 s before "높습니다" is short
    [pause] = result.long_pauses
    assert pause.duration_s == pytest.approx(3.1)
    assert pause.offset == text.index("프로토콜입니다") + len("프로토콜입니다")
    syllables = sum(1 for ch in text if "가" <= ch <= "힣")
    assert result.rate.count == syllables == 23
    basis = words[-1]["end"] - words[0]["start"]  # type: ignore[operator]
    assert result.rate.value == pytest.approx(syllables * 60 / basis)
    assert result.rate.unit == "syllables_per_minute"
    assert result.length.verdict == "too_short" and result.target_s == 60.0


def test_rate_verdicts() -> None:
    korean = "가나다라마 " * 50  # 250 syllables
    assert analyze(korean, duration_s=60, lang="ko").rate.verdict.verdict == "ok"
    assert analyze(korean, duration_s=90, lang="ko").rate.verdict.verdict == "slow"  # 167/min
    assert analyze(korean, duration_s=40, lang="ko").rate.verdict.verdict == "fast"  # 375/min
    english = "word " * 145
    result = analyze(english, duration_s=60, lang="en")
    assert (result.rate.unit, result.rate.value, result.rate.verdict.verdict) == (
        "words_per_minute",
        145,
        "ok",
    )
    assert analyze(english, duration_s=30, lang="en").rate.verdict.verdict == "fast"
    assert json.loads(json.dumps(result.to_json()))["words_per_minute"] == 145
    tiny = analyze("가나다 음", duration_s=2.2e-309, lang="ko")  # found by the property test
    assert tiny.rate.value is None and tiny.fillers.per_minute is None
    assert json.dumps(tiny.to_json(), allow_nan=False)


def test_length_and_sections_against_the_template() -> None:
    result = analyze("정의 세부 예시", duration_s=70, template=TECHNICAL, section_marks=[5.0, 55.0])
    assert result.length.verdict == "ok" and (result.length.norm_low, result.length.norm_high) == (45.0, 75.0)
    assert [(s["actual_s"], s["verdict"]) for s in result.sections] == [
        (5.0, "too_short"),
        (50.0, "too_long"),  # over 1.5 x the 30 s budget
        (15.0, "ok"),
    ]
    one_mark = analyze("x", duration_s=40, template=TECHNICAL, section_marks=[20.0, 99.0, -1.0])
    assert [s["verdict"] for s in one_mark.sections] == ["ok", "ok", "not_reached"]
    assert [s["verdict"] for s in analyze("x", duration_s=200, template=TECHNICAL).sections] == [
        "unmarked"
    ] * 3
    assert analyze("x", duration_s=200, template=TECHNICAL).length.verdict == "too_long"


def test_corrected_transcript_keeps_word_times() -> None:
    recognized = word_list("티씨피는 연결 지향 프로토콜입니다")
    result = analyze("TCP는 연결 지향 프로토콜입니다", words=recognized, duration_s=4.0, lang="ko")
    assert result.aligned_words == 3  # "티씨피는" was corrected away
    assert result.time_to_first_word_s == 1.0
    timeline = result.timeline
    assert [(w["text"], w["time_start"]) for w in timeline] == [
        ("TCP는", None),
        ("연결", 1.5),
        ("지향", 2.0),
        ("프로토콜입니다", 2.5),
    ]
    assert all(result.transcript[w["start"] : w["end"]] == w["text"] for w in timeline)


def test_cli_contract_keys() -> None:
    result = analyze(
        "음 TCP는 프로토콜",
        question=FakeQuestion(["프로토콜"]),
        words=word_list("음 TCP는 프로토콜"),
        duration_s=5,
    )
    data = json.loads(json.dumps(result.to_json(), ensure_ascii=False))
    for key in (
        "duration_s",
        "target_s",
        "syllables_per_minute",
        "fillers",
        "long_pauses",
        "time_to_first_word_s",
        "keywords_covered",
        "keywords_missed",
        "content_score",
    ):
        assert key in data
    assert data["fillers"]["count"] == 1 and data["fillers"]["items"][0]["text"] == "음"
    assert data["keywords_covered"] == ["프로토콜"]


def test_language_guess() -> None:
    assert guess_lang("TCP는 연결 지향") == "ko"
    assert guess_lang("TCP is reliable") == "en"


# -- never raises ----------------------------------------------------------------------------

_any_number = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**400), max_value=10**400),
    st.booleans(),
    st.none(),
    st.text(max_size=3),
)
_word = st.dictionaries(
    st.sampled_from(["word", "start", "end", "conf", "x"]),
    st.one_of(_any_number, st.text(max_size=8)),
    max_size=5,
)
_text = st.text(
    alphabet=st.one_of(
        st.characters(),
        st.sampled_from(list("음어그저뭐막좀 ,.…프로토콜스레드TCP uh like you know'")),
    ),
    max_size=200,
)


@settings(max_examples=300, deadline=None)
@given(
    text=_text,
    words=st.one_of(st.none(), st.lists(st.one_of(_word, st.integers(), st.text(max_size=3)), max_size=12)),
    duration=_any_number,
    marks=st.lists(_any_number, max_size=5),
    keywords=st.lists(st.text(max_size=12), max_size=5),
    references=st.lists(st.text(max_size=80), max_size=3),
    lang=st.sampled_from([None, "ko", "en", "xx"]),
)
def test_analysis_never_raises(
    text: str,
    words: list[object] | None,
    duration: object,
    marks: list[object],
    keywords: list[str],
    references: list[str],
    lang: str | None,
) -> None:
    result = analyze(
        text,
        words=words,  # type: ignore[arg-type]
        duration_s=duration,  # type: ignore[arg-type]
        section_marks=marks,  # type: ignore[arg-type]
        keywords=keywords,
        references=references,
        lang=lang,
        template=TECHNICAL,
    )
    data = json.loads(json.dumps(result.to_json(), allow_nan=False))
    assert data["duration_s"] >= 0 and math.isfinite(data["duration_s"])
    for span in [s for k in result.terms for s in k.transcript_spans] + [
        (m.start, m.end) for m in result.fillers.items
    ]:
        assert 0 <= span[0] < span[1] <= len(result.transcript)
    if data["content_score"] is not None:
        assert 0 <= data["content_score"] <= 100
