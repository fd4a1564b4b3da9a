"""Finding a question's key terms in a spoken answer, and how close the answer is to a reference.

Spoken Korean glues particles and endings to words ("프로토콜이고", "캐시를"), splits or joins
compounds at will ("멀티 스레드" / "멀티스레드"), and the recognizer makes small spelling
errors ("쓰레드" for "스레드"). So matching runs on a *compact* form of the text (lower case,
letters and digits only, spaces and punctuation dropped) that remembers where each character
came from, and accepts:

- a term followed by more Hangul inside the same word (particles, endings, 하다/되다 verbs);
  a one-syllable term only before a known particle, so "큐" does not match "큐브";
- an English term followed by a plural, past or -ing ending, or by a Korean particle ("TCP는");
- for longer terms, one or two edits on the jamo (Korean) or letters (English) when no exact
  occurrence exists.

Offsets returned are character offsets ``[start, end)`` into the text given, for highlighting.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz.distance import Levenshtein

_HANGUL_FIRST, _HANGUL_LAST = 0xAC00, 0xD7A3
_JAMO_PER_LEAD = 588  # 21 vowels x 28 tails

# Particles and copula endings that may follow a one-syllable noun ("큐는", "락을", "힙이고").
_PARTICLES = (
    "은", "는", "이", "가", "을", "를", "의", "에", "와", "과", "도", "만", "로", "으로", "에서",
    "에게", "까지", "부터", "랑", "이랑", "하고", "처럼", "보다", "이고", "이며", "이다", "입니다",
    "이라", "라고", "이라고", "인데", "이죠", "죠", "예요", "이에요", "요", "나", "이나", "든", "이든",
)  # fmt: skip
# What may follow an English term in the same word.
_ENGLISH_ENDINGS = ("s", "es", "ed", "d", "ing", "er", "ers", "'s", "ly")


def is_hangul(ch: str) -> bool:
    return _HANGUL_FIRST <= ord(ch) <= _HANGUL_LAST


def hangul_syllables(text: str) -> int:
    return sum(1 for ch in text if is_hangul(ch))


def to_jamo(text: str) -> str:
    """Hangul syllables split into their letters (conjoining jamo); other characters kept."""
    out = []
    for ch in text:
        code = ord(ch) - _HANGUL_FIRST
        if 0 <= code <= _HANGUL_LAST - _HANGUL_FIRST:
            lead, rest = divmod(code, _JAMO_PER_LEAD)
            vowel, tail = divmod(rest, 28)
            out.append(chr(0x1100 + lead) + chr(0x1161 + vowel) + (chr(0x11A7 + tail) if tail else ""))
        else:
            out.append(ch)
    return "".join(out)


def edit_distance(a: str, b: str, limit: int | None = None) -> int:
    """Levenshtein distance; ``limit + 1`` once it must exceed ``limit`` (rapidfuzz stops there)."""
    return int(Levenshtein.distance(a, b, score_cutoff=limit))


@dataclass
class Compact:
    """Text reduced to lower-case letters and digits, mapped back to the original offsets."""

    chars: str
    origin: list[int]  # origin[i]: offset in the original text of chars[i]
    word_start: list[bool]  # chars[i] begins a word of the original text
    text_length: int

    @classmethod
    def of(cls, text: str) -> Compact:
        chars: list[str] = []
        origin: list[int] = []
        word_start: list[bool] = []
        gap = True
        for index, ch in enumerate(text):
            if ch.isalnum() or (ch == "'" and not gap):
                lowered = ch.lower()
                for part in lowered:
                    chars.append(part)
                    origin.append(index)
                    word_start.append(gap)
                    gap = False
            else:
                gap = True
        return cls("".join(chars), origin, word_start, len(text))

    def word_end(self, i: int) -> int:
        """The compact index where the word holding position ``i`` ends."""
        j = i
        while j < len(self.chars) and (j == i or not self.word_start[j]):
            j += 1
        return j

    def span(self, i: int, j: int) -> tuple[int, int]:
        """Original ``[start, end)`` of compact ``chars[i:j]``."""
        return self.origin[i], self.origin[j - 1] + 1


def compact_key(text: str) -> str:
    return Compact.of(text).chars


@dataclass
class TermMatch:
    """One key term (with its accepted spellings) looked up in one or more texts."""

    term: str  # the keyword as written in the bank, e.g. "통신 규약 | 프로토콜"
    alternatives: list[str]
    covered: bool = False
    matched: str | None = None  # the spelling found, when covered
    fuzzy: bool = False  # found only with a small recognition error
    transcript_spans: list[tuple[int, int]] = field(default_factory=list)
    reference_spans: list[list[tuple[int, int]]] = field(default_factory=list)  # one list per reference

    @property
    def label(self) -> str:
        return self.alternatives[0] if self.alternatives else self.term

    def to_json(self) -> dict[str, Any]:
        return {
            "term": self.label,
            "alternatives": list(self.alternatives),
            "covered": self.covered,
            "matched": self.matched,
            "fuzzy": self.fuzzy,
            "transcript_spans": [list(s) for s in self.transcript_spans],
            "reference_spans": [[list(s) for s in spans] for spans in self.reference_spans],
        }


def split_alternatives(keyword: str) -> list[str]:
    return [part.strip() for part in keyword.split("|") if part.strip()]


def _fuzzy_limit(term: str) -> int:
    """Edits tolerated for a term: none for short terms, where one edit makes another word."""
    if any(is_hangul(ch) for ch in term):
        syllables = hangul_syllables(term)
        if syllables < 3:
            return 0
        return 1 if len(to_jamo(term)) < 12 else 2
    if len(term) < 5:
        return 0
    return 1 if len(term) < 10 else 2


def _ending_ok(compact: Compact, term: str, i: int, j: int) -> bool:
    """May the word continue after a term found at ``chars[i:j]``?"""
    end = compact.word_end(j - 1) if j > i else j
    if j >= end:
        return True
    rest = compact.chars[j:end]
    last = term[-1]
    if is_hangul(last) != is_hangul(rest[0]):
        return True  # "TCP는", "스레드thread": another script starts
    if is_hangul(last):
        return hangul_syllables(term) >= 2 or rest.startswith(_PARTICLES)
    if last.isdigit() and rest[0].isdigit():
        return False  # "20" is not in "200"
    if last.isdigit() or rest[0].isdigit():
        return True
    if rest in _ENGLISH_ENDINGS:
        return True
    # cache -> caching, query -> queries
    return (last == "e" and rest in ("ing", "ion", "ions")) or (last == "y" and rest in ("ies", "ied"))


def _start_ok(compact: Compact, term: str, i: int) -> bool:
    if compact.word_start[i]:
        return True
    previous = compact.chars[i - 1]
    if is_hangul(previous) != is_hangul(term[0]):
        return True  # "HTTP요청" finds "요청"
    # Inside a Korean compound ("멀티스레드" covers "스레드"), for terms long enough to be safe.
    return is_hangul(term[0]) and hangul_syllables(term) >= 3


def find_term(compact: Compact, spelling: str) -> tuple[list[tuple[int, int]], bool]:
    """Every occurrence of one spelling as original spans, and whether they are fuzzy matches."""
    term = compact_key(spelling)
    if not term:
        return [], False
    spans = _find_exact(compact, term)
    if len(term) >= 4 and term[-1] in "ey":
        spans += _find_exact(compact, term[:-1], stem_of=term)
    if spans:
        return sorted(set(spans)), False
    limit = _fuzzy_limit(term)
    if limit == 0:
        return [], False
    return _find_fuzzy(compact, term, limit), True


def _find_exact(compact: Compact, term: str, stem_of: str | None = None) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    if not term:
        return spans
    start = compact.chars.find(term)
    while start >= 0:
        end = start + len(term)
        if stem_of is not None:
            word_end = compact.word_end(end - 1)
            rest = compact.chars[end:word_end]
            ok = compact.word_start[start] and (
                (stem_of[-1] == "e" and rest in ("ing", "ion", "ions"))
                or (stem_of[-1] == "y" and rest in ("ies", "ied"))
            )
        else:
            ok = _start_ok(compact, term, start) and _ending_ok(compact, term, start, end)
        if ok:
            # English words are highlighted with their ending ("caching", "Threads"); Korean
            # terms without their particle.
            word_end = compact.word_end(end - 1)
            english_ending = compact.chars[end:word_end] in _ENGLISH_ENDINGS and not is_hangul(term[-1])
            spans.append(compact.span(start, word_end if stem_of or english_ending else end))
        start = compact.chars.find(term, start + 1)
    return spans


def _find_fuzzy(compact: Compact, term: str, limit: int) -> list[tuple[int, int]]:
    term_jamo = to_jamo(term)
    term_chars = set(term)
    chars = compact.chars
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(chars):
        if not compact.word_start[i]:
            i += 1
            continue
        best: tuple[int, int] | None = None
        for length in (len(term), len(term) - 1, len(term) + 1):
            j = i + length
            if length < 1 or j > len(chars):
                continue
            window = chars[i:j]
            # Cheap filter before the edit distance: most of the term's characters must be there.
            if len(term_chars & set(window)) * 2 < len(term_chars):
                continue
            distance = edit_distance(term_jamo, to_jamo(window), limit)
            closer = best is None or distance < best[0]
            if distance <= limit and closer and _ending_ok(compact, term, i, j):
                best = (distance, j)
        if best is not None:
            spans.append(compact.span(i, best[1]))
            i = best[1]
        else:
            i += 1
    return spans


def match_terms(keywords: Sequence[str], transcript: str, references: Sequence[str] = ()) -> list[TermMatch]:
    """Each keyword looked up in the transcript (covered or missed) and in every reference."""
    spoken = Compact.of(transcript)
    written = [Compact.of(text) for text in references]
    results = []
    for keyword in keywords:
        alternatives = split_alternatives(keyword)
        match = TermMatch(keyword, alternatives)
        fuzzy_spans: list[tuple[int, int]] = []
        fuzzy_spelling: str | None = None
        for spelling in alternatives:
            spans, fuzzy = find_term(spoken, spelling)
            if spans and not fuzzy:
                match.covered, match.matched = True, spelling
                match.transcript_spans = sorted(set(match.transcript_spans + spans))
            elif spans and not fuzzy_spans:
                fuzzy_spans, fuzzy_spelling = spans, spelling
        if not match.covered and fuzzy_spans:
            match.covered, match.matched, match.fuzzy = True, fuzzy_spelling, True
            match.transcript_spans = fuzzy_spans
        for reference in written:
            found: set[tuple[int, int]] = set()
            for spelling in alternatives:
                spans, fuzzy = find_term(reference, spelling)
                if not fuzzy:
                    found.update(spans)
            match.reference_spans.append(sorted(found))
        results.append(match)
    return results


# -- similarity ----------------------------------------------------------------------------


@dataclass
class Similarity:
    """Overlap of character bigrams between the answer and its closest reference (0..1)."""

    value: float
    precision: float  # share of the answer's bigrams found in the reference
    recall: float  # share of the reference's bigrams found in the answer
    reference_index: int | None  # which reference was closest; None without references

    def to_json(self) -> dict[str, Any]:
        return {
            "value": round(self.value, 4),
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "reference_index": self.reference_index,
        }


# Recall counts twice as much as precision: an answer that says more than the reference is
# fine, one that leaves out half of it is not.
_SIMILARITY_BETA = 2.0


def _bigrams(text: str) -> Counter[str]:
    # Bigrams inside words only: spacing differs between speech and writing, letters do not.
    words = re.findall(r"[^\W_]+", text.lower())
    grams: Counter[str] = Counter()
    for word in words:
        if len(word) == 1:
            grams[word] += 1
        grams.update(word[k : k + 2] for k in range(len(word) - 1))
    return grams


def similarity(transcript: str, references: Sequence[str]) -> Similarity:
    """Recall-weighted F-score of character bigrams, best over the references."""
    answer = _bigrams(transcript)
    best = Similarity(0.0, 0.0, 0.0, None)
    answer_total = sum(answer.values())
    for index, reference in enumerate(references):
        grams = _bigrams(reference)
        reference_total = sum(grams.values())
        if not reference_total:
            continue
        shared = sum((answer & grams).values())
        precision = shared / answer_total if answer_total else 0.0
        recall = shared / reference_total
        beta2 = _SIMILARITY_BETA**2
        denominator = beta2 * precision + recall
        value = (1 + beta2) * precision * recall / denominator if denominator else 0.0
        if best.reference_index is None or value > best.value:
            best = Similarity(value, precision, recall, index)
    return best
