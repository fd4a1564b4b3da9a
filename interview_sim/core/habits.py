"""Habits in the wording of an answer: hedged endings, run-on sentences, 반말 in 존댓말, and
whether the opening sentence states the conclusion (두괄식).

Everything works on the transcript's text and tokens (:mod:`interview_sim.core.delivery`), with
word times when the recognizer gave them: recognizers write no punctuation, so sentences are
also cut at Korean sentence-final endings and at long pauses.

Norms. No published rate exists for hedges, run-ons or speech-level mixing in interview
answers; coaches of Korean interviews name them as habits to avoid (hedged "~것 같습니다",
말끝 흐리기, 두괄식), so the verdicts here are counts, and
:func:`interview_sim.core.voice.baseline` compares them with the candidate's own earlier answers.
The run-on limits below are this project's rule of thumb, not a published figure.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from interview_sim.core.delivery import Marked, Token, tokenize
from interview_sim.core.keyterms import compact_key, hangul_syllables, match_terms

# A pause this long between words ends a sentence even without punctuation or an ending.
SENTENCE_PAUSE_S = 1.0
# A sentence is a run-on with this many clause connectives (~고, ~는데, ~서 ...) or, with at
# least one, when longer than this many syllables (Korean) or words (English).
RUNON_CONNECTIVES = 3
RUNON_KO_SYLLABLES = 70
RUNON_EN_WORDS = 40

_SENTENCE_PUNCT = re.compile(r"[.?!…。？！]")
# Between two words: a full stop followed by a space ("3.5", "evil.example" go on).
_SENTENCE_BREAK = re.compile(r"[.?!…](?:\s|[\"'”’)\]])|[。？！]")
# Korean sentence-final endings a recognizer leaves unpunctuated (합니다, 해요, 하죠, 입니까).
_KO_FINAL = re.compile(r"(?:다|요|죠|까)$")

# "~것 같습니다", "~인 것 같아요", "~거 같아요", "~듯합니다", "~지 않을까 싶습니다"; the
# recognizer may split "같 습니다", so spaces inside are allowed.
_KO_HEDGES = re.compile(
    r"(?:것|거)\s*같\s*(?:습니다|아요|아|네요|고|은데|다|더라고요)"
    r"|듯\s*(?:합니다|해요|하다|싶|하네요|하고)"
    r"|않을까\s*(?:싶|생각)"
    r"|(?<![^\s])아마(?:도)?(?![^\s.,?!])"
)
_EN_HEDGES = re.compile(
    r"\b(?:i\s+think|kind\s+of|sort\s+of|maybe|i\s+guess|perhaps|i\s+suppose|probably)\b", re.IGNORECASE
)

# Clause connectives that chain a sentence on: ~고, ~는데/~은데, ~아서/~어서, ~면서, ~지만.
_KO_CONNECTIVE = re.compile(r"(?:[가-힣]고|는데|은데|인데|한데|면서|지만)$")
# ~아서/~어서 ("해서", "맞춰서", "나서"): 서 after an open syllable in ㅏ/ㅓ/ㅐ/ㅕ/ㅘ/ㅝ/ㅙ/ㅞ/ㅚ;
# "에서" (a particle) and nouns such as "순서", "문서", "보고서" do not match.
_AEO_VOWELS = frozenset({0, 1, 4, 6, 9, 10, 11, 14, 15})


def _aeo_seo(word: str) -> bool:
    if len(word) < 2 or word[-1] != "서" or not ("가" <= word[-2] <= "힣"):
        return False
    code = ord(word[-2]) - 0xAC00
    return code % 28 == 0 and (code // 28) % 21 in _AEO_VOWELS


# Words ending like a connective: the conjunction "그리고", nouns ("최고", "참고", "광고"),
# quotations ("~라고", "~다고").
_KO_CONNECTIVE_NOUNS = frozenset(
    {"그리고", "최고", "참고", "광고", "사고", "재고", "경고", "보고서", "라고", "다고"}
)
_EN_CONNECTIVES = frozenset({"and", "but", "so", "because", "then"})

_KO_POLITE = re.compile(r"(?:요|니다|니까|죠|세요|십시오)$")
_KO_BANMAL = re.compile(r"(?:거든|해|야|어|지|아|냐|했다|한다|이다)$")

# Definitions: "X는/은/이란 ... 입니다/이다/합니다/말합니다/의미합니다/뜻합니다".
_KO_DEFINITION = re.compile(
    r"(?:은|는|이란|란|이라는\s*것은)\s.*(?:입니다|이다|이에요|예요|합니다|말합니다|의미합니다|뜻합니다|죠)\s*[.!]?$"
)
_EN_DEFINITION = re.compile(
    r"^\W*(?:an?\s+|the\s+)?[\w\-/ ]{1,40}?\s+(?:is|are|means|refers\s+to)\s+", re.IGNORECASE
)
# A behavioral answer opens with its situation: when and where it happened.
_KO_SITUATION = re.compile(
    r"(?:때|당시|시절|중에|동안|프로젝트|인턴|회사|팀|학기|동아리|대회|에서|년\b|작년|지난)"
)
_EN_SITUATION = re.compile(
    r"\b(?:when\s+i|while\s+i|at\s+my|during|in\s+my|last\s+(?:year|month|semester)|project|team|internship|company|job)\b",
    re.IGNORECASE,
)
# Words of a question that are not its subject.
_QUESTION_WORDS = frozenset(
    {"무엇", "무엇인가요", "무엇인지", "무엇입니까", "설명해", "설명해주세요", "주세요", "설명하세요",
     "어떻게", "어떤", "왜", "차이", "차이점", "차이를", "말해", "말씀해", "말씀해주세요", "대해", "대해서",
     "있나요", "있습니까", "인가요", "what", "is", "are", "the", "a", "an", "of", "how", "why", "does", "do",
     "explain", "describe", "difference", "between", "and", "you", "your", "tell", "me", "about", "which"}
)  # fmt: skip
_PARTICLE_TAIL = re.compile(r"(?:이란|란|이라는|은|는|이|가|을|를|의|과|와|에서|에|으로|로|랑|이랑)$")


@dataclass
class Sentence:
    text: str
    start: int  # character offsets in the transcript
    end: int
    first_token: int  # token indices, end exclusive
    last_token: int
    time_start: float | None = None
    time_end: float | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "time_start": None if self.time_start is None else round(self.time_start, 2),
            "time_end": None if self.time_end is None else round(self.time_end, 2),
        }


def split_sentences(text: str, tokens: Sequence[Token], lang: str) -> list[Sentence]:
    """Sentences from punctuation, Korean sentence-final endings and pauses of
    :data:`SENTENCE_PAUSE_S` between timed words."""
    sentences: list[Sentence] = []
    first = 0
    punctuated = bool(_SENTENCE_PUNCT.search(text))
    for k, token in enumerate(tokens):
        last = k + 1 >= len(tokens)
        boundary = last
        if not last:
            following = tokens[k + 1]
            written = bool(_SENTENCE_BREAK.search(text[token.end : following.start]))
            ending = not punctuated and lang != "en" and bool(_KO_FINAL.search(token.text))
            paused = (
                token.time_end is not None
                and following.time_start is not None
                and following.time_start - token.time_end >= SENTENCE_PAUSE_S
            )
            boundary = written or ending or paused
        if boundary:
            span = tokens[first : k + 1]
            start, end = span[0].start, span[-1].end
            # Keep the closing punctuation with the sentence.
            tail = _SENTENCE_PUNCT.match(text, end)
            if tail:
                end = tail.end()
            times = [t for t in span if t.time_start is not None]
            sentences.append(
                Sentence(
                    text[start:end],
                    start,
                    end,
                    first,
                    k + 1,
                    times[0].time_start if times else None,
                    times[-1].time_end if times else None,
                )
            )
            first = k + 1
    return sentences


@dataclass
class RunOn:
    sentence: int  # index in the sentences
    connectives: int
    length: int  # syllables (Korean) or words (English)
    mark: Marked

    def to_json(self) -> dict[str, Any]:
        return {
            "sentence": self.sentence,
            "connectives": self.connectives,
            "length": self.length,
            **self.mark.to_json(),
        }


@dataclass
class Habits:
    lang: str
    sentences: list[Sentence]
    hedges: list[Marked]
    run_ons: list[RunOn]
    polite_sentences: int
    banmal: list[Marked]  # 반말 endings in an answer otherwise in 존댓말
    opening: str
    conclusion_first: bool | None  # None: nothing to judge (no text)
    conclusion_reason: str  # definition, key_terms, question_terms, situation, none
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "sentences": [s.to_json() for s in self.sentences],
            "hedges": {"count": len(self.hedges), "items": [m.to_json() for m in self.hedges]},
            "run_ons": {
                "count": len(self.run_ons),
                "max_connectives": RUNON_CONNECTIVES,
                "max_length": RUNON_EN_WORDS if self.lang == "en" else RUNON_KO_SYLLABLES,
                "length_unit": "words" if self.lang == "en" else "syllables",
                "items": [r.to_json() for r in self.run_ons],
            },
            "banmal": {
                "count": len(self.banmal),
                "polite_sentences": self.polite_sentences,
                "items": [m.to_json() for m in self.banmal],
            },
            "opening_sentence": self.opening,
            "conclusion_first": self.conclusion_first,
            "conclusion_reason": self.conclusion_reason,
        }


def _time_at(tokens: Sequence[Token], offset: int) -> float | None:
    for token in tokens:
        if token.end > offset:
            return token.time_start
    return None


def find_hedges(text: str, tokens: Sequence[Token], lang: str) -> list[Marked]:
    pattern = _EN_HEDGES if lang == "en" else _KO_HEDGES
    return [
        Marked(m.group(), m.start(), m.end(), _time_at(tokens, m.start())) for m in pattern.finditer(text)
    ]


def _is_connective(token: Token, lang: str) -> bool:
    if lang == "en":
        return token.key in _EN_CONNECTIVES
    word = token.text
    if len(word) < 2 or word in _KO_CONNECTIVE_NOUNS:
        return False
    return bool(_KO_CONNECTIVE.search(word)) or _aeo_seo(word)


def find_run_ons(sentences: Sequence[Sentence], tokens: Sequence[Token], lang: str) -> list[RunOn]:
    found = []
    for index, sentence in enumerate(sentences):
        span = tokens[sentence.first_token : sentence.last_token]
        # The last word closes the sentence; only connectives before it chain clauses.
        connectives = sum(1 for t in span[:-1] if _is_connective(t, lang))
        length = len(span) if lang == "en" else hangul_syllables(sentence.text)
        limit = RUNON_EN_WORDS if lang == "en" else RUNON_KO_SYLLABLES
        if connectives >= RUNON_CONNECTIVES or (connectives >= 1 and length > limit):
            mark = Marked(sentence.text, sentence.start, sentence.end, sentence.time_start)
            found.append(RunOn(index, connectives, length, mark))
    return found


def speech_levels(sentences: Sequence[Sentence], tokens: Sequence[Token]) -> tuple[int, list[Marked]]:
    """Sentences ending in 존댓말, and those ending in 반말 (해/야/어/지/거든 ...)."""
    polite, banmal = 0, []
    for sentence in sentences:
        if sentence.last_token <= sentence.first_token:
            continue
        last = tokens[sentence.last_token - 1]
        if _KO_POLITE.search(last.text):
            polite += 1
        elif (len(last.text) >= 2 or last.text == "해") and _KO_BANMAL.search(last.text):
            banmal.append(Marked(last.text, last.start, last.end, last.time_start))
    return polite, banmal


def question_terms(question_text: str) -> list[str]:
    """The subject words of a question ("TCP와 UDP의 차이는?" -> TCP, UDP), without particles."""
    terms = []
    for token in tokenize(question_text):
        key = token.key
        if key in _QUESTION_WORDS:
            continue
        stem = _PARTICLE_TAIL.sub("", key) if hangul_syllables(key) else key
        if stem in _QUESTION_WORDS or len(stem) < 2:
            continue
        terms.append(stem)
    return list(dict.fromkeys(terms))


def conclusion_first(
    opening: str,
    lang: str,
    kind: str | None,
    keywords: Sequence[str] = (),
    question_text: str = "",
) -> tuple[bool | None, str]:
    """Whether the opening sentence answers the question, and why.

    Technical (and unknown) questions: a definition ("X는 ...입니다", "X is ..."), a key term
    or the question's own subject words in it. Behavioral questions: the situation stated
    (when, where: "인턴 때", "프로젝트에서", "during my internship"). Other kinds (self-
    introduction, motivation): a key term or the question's subject words.
    """
    if not opening.strip():
        return None, "none"
    if kind == "behavioral":
        pattern = _EN_SITUATION if lang == "en" else _KO_SITUATION
        return (True, "situation") if pattern.search(opening) else (False, "none")
    if kind in (None, "technical"):
        pattern = _EN_DEFINITION if lang == "en" else _KO_DEFINITION
        if pattern.search(opening.strip()):
            return True, "definition"
    if keywords and any(t.covered for t in match_terms(keywords, opening)):
        return True, "key_terms"
    opening_key = compact_key(opening)
    if any(term in opening_key for term in question_terms(question_text)):
        return True, "question_terms"
    return False, "none"


def _opening(sentences: Sequence[Sentence], tokens: Sequence[Token]) -> str:
    """The first sentence that says something: a lone "음." or "네." before it does not count."""
    for sentence in sentences:
        if sentence.last_token - sentence.first_token >= 2:
            return sentence.text
    return sentences[0].text if sentences else ""


def analyze_habits(
    text: str,
    tokens: Sequence[Token],
    lang: str,
    *,
    kind: str | None = None,
    keywords: Sequence[str] = (),
    question_text: str = "",
) -> Habits:
    sentences = split_sentences(text, tokens, lang)
    polite, banmal = (0, []) if lang == "en" else speech_levels(sentences, tokens)
    opening = _opening(sentences, tokens)
    first, reason = conclusion_first(opening, lang, kind, keywords, question_text)
    return Habits(
        lang=lang,
        sentences=sentences,
        hedges=find_hedges(text, tokens, lang),
        run_ons=find_run_ons(sentences, tokens, lang),
        polite_sentences=polite,
        # 반말 alone is the answer's register; mixed into 존댓말 it is the slip coaches flag.
        banmal=banmal if polite else [],
        opening=opening,
        conclusion_first=first,
        conclusion_reason=reason,
    )
