"""How an answer was delivered: pace, fillers, pauses, repetitions, from its text and word times.

Word times come from the recognizer and belong to the recognized text; the text analysed may
be the user's correction of it. Words are therefore aligned to the text's tokens one by one,
and a measure that needs a position in the text (a pause, a filler before a pause) uses it only
where the alignment found one. Times themselves never depend on the text.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from interview_sim.core.keyterms import compact_key, hangul_syllables

LONG_PAUSE_S = 2.0
# A filler candidate such as "그" counts as a filler when the speaker stops after it this long.
FILLER_PAUSE_S = 0.5
FIRST_WORD_NORM_S = 3.0
# A pace or a filler rate over less speaking time than this says nothing.
MIN_RATE_BASIS_S = 1.0
# Under this much speaking time a rate per minute is an extrapolation ("20 fillers a minute"
# from 4 in 12 seconds): the UI shows the counts instead, and the filler verdict divides by
# this time rather than the shorter one, so a short answer is not called hesitant for 2 fillers.
RATE_MEANINGFUL_S = 30.0

# Conversational Korean of adults: 252.9 +/- 40.9 syllables per minute (one standard deviation).
KO_RATE_MEAN, KO_RATE_SD = 253.0, 41.0
# Interview English: about 130-160 words per minute.
EN_RATE_LOW, EN_RATE_HIGH = 130.0, 160.0
# About 1 filler per minute reads as fluent, about 5 as hesitant. Listeners penalise no rate
# below about 5 per minute and clearly so around 12 (Laske et al. 2024, "Do speech
# disfluencies matter?", as summarised at speechaway.co/blog/do-fillers-matter; see also Fox
# Tree 2001, Clark & Fox Tree 2002 on "uh"/"um" as signals).
FILLERS_OK_PER_MIN, FILLERS_HESITANT_PER_MIN = 2.0, 5.0

# Fillers whenever they stand alone as a word.
KO_FILLERS_ALWAYS = frozenset({"음", "으음", "음음", "흠", "어", "어어", "엄", "뭐"})
# Fillers when they open a sentence or stand before a pause, a comma or another filler;
# elsewhere they mean something ("좀 더 빠르다", "막 끝났다", "약간 느리다").
KO_FILLERS_DISCOURSE = frozenset({"약간", "이제", "막", "좀", "그러니까"})
# Determiners and pronouns first ("그 방식", "저 서버"): fillers only before a pause, a comma,
# another filler or themselves.
KO_FILLERS_HESITATION = frozenset({"그", "저"})
EN_FILLERS_ALWAYS = frozenset({"um", "umm", "uh", "uhh", "uhm", "er", "erm", "hmm", "mm"})
# "like" is a verb or a preposition after these words.
_LIKE_NOT_FILLER_AFTER = frozenset(
    {"i", "you", "we", "they", "would", "i'd", "you'd", "we'd", "they'd", "looks", "look", "looked",
     "feel", "feels", "felt", "seems", "seem", "something", "anything", "nothing", "much", "more",
     "don't", "didn't", "do", "did", "just", "not", "really", "also", "things", "languages"}
)  # fmt: skip
_LIKE_FILLER_AFTER = frozenset({"so", "and", "but", "um", "uh", "it's", "was", "is", "were"})
_YOU_KNOW_NOT_FILLER_BEFORE = frozenset({"do", "did", "don't", "didn't", "if", "to", "as", "will"})
_YOU_KNOW_NOT_FILLER_AFTER = frozenset(
    {"that", "what", "how", "why", "where", "when", "who", "which", "if", "whether", "the", "a",
     "an", "it", "about", "this", "him", "her", "them", "me", "us", "your", "my", "our", "their"}
)  # fmt: skip

_TOKEN = re.compile(r"[^\W_]+(?:'[^\W_]+)?")
_SENTENCE_END = re.compile(r"[.?!…。？！]")
_BREAK = re.compile(r"[,.?!…;:~。，？！、]|--|-\s")


@dataclass(frozen=True)
class TimedWord:
    word: str
    start: float
    end: float
    conf: float = 1.0


def parse_words(raw: Sequence[Mapping[str, Any]] | None) -> list[TimedWord]:
    """Recognizer words as dicts (``word``, ``start``, ``end``, ``conf``), keeping only sane ones.

    Entries without a numeric start and end, with non-finite or negative times, or ending
    before they start are dropped: a damaged words list costs those words, not the analysis.
    """
    words = []
    for item in raw or ():
        if not isinstance(item, Mapping):
            continue
        text, start, end, conf = item.get("word"), item.get("start"), item.get("end"), item.get("conf", 1.0)
        if not isinstance(text, str) or not text.strip():
            continue
        start_f, end_f = as_float(start), as_float(end)
        if start_f is None or end_f is None or start_f < 0 or end_f < start_f:
            continue
        conf_f = as_float(conf)
        words.append(TimedWord(text.strip(), start_f, end_f, 1.0 if conf_f is None else conf_f))
    words.sort(key=lambda w: (w.start, w.end))
    return words


def as_float(value: object) -> float | None:
    """A finite number as float; None for anything else (bools, strings, NaN, huge ints)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None


@dataclass
class Token:
    text: str  # as written
    key: str  # lower case, letters and digits only
    start: int  # character offsets in the transcript
    end: int
    time_start: float | None = None  # from the aligned recognizer word, when there is one
    time_end: float | None = None


def tokenize(text: str) -> list[Token]:
    return [Token(m.group(), compact_key(m.group()), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def align_words(tokens: list[Token], words: Sequence[TimedWord]) -> None:
    """Give tokens the times of the recognizer words that spell them, in order.

    A word the text no longer contains (the user corrected it) is skipped; the search looks
    a few tokens ahead so one correction does not shift every later time.
    """
    cursor = 0
    for word in words:
        key = compact_key(word.word)
        if not key:
            continue
        for ahead in range(cursor, min(cursor + 4, len(tokens))):
            if tokens[ahead].key == key:
                tokens[ahead].time_start, tokens[ahead].time_end = word.start, word.end
                cursor = ahead + 1
                break


@dataclass
class Verdict:
    """One measure with its norm and a plain verdict the UI can translate."""

    value: float | None
    norm_low: float | None
    norm_high: float | None
    verdict: str  # e.g. ok, too_short, too_long, slow, fast, late, unknown
    unit: str

    def to_json(self) -> dict[str, Any]:
        return {
            "value": None if self.value is None else round(self.value, 2),
            "norm_low": self.norm_low,
            "norm_high": self.norm_high,
            "verdict": self.verdict,
            "unit": self.unit,
        }


def _banded(value: float | None, low: float | None, high: float | None, below: str, above: str) -> str:
    if value is None:
        return "unknown"
    if low is not None and value < low:
        return below
    if high is not None and value > high:
        return above
    return "ok"


def length_verdict(duration_s: float, target_s: float | None, max_s: float | None) -> Verdict:
    """Within a quarter of the target (and under the maximum) is on time."""
    if target_s is None:
        return Verdict(duration_s, None, None, "unknown", "s")
    low = round(target_s * 0.75, 1)
    high = round(min(target_s * 1.25, max_s if max_s is not None else math.inf), 1)
    return Verdict(duration_s, low, high, _banded(duration_s, low, high, "too_short", "too_long"), "s")


def first_word_verdict(seconds: float | None) -> Verdict:
    return Verdict(
        seconds, 0.0, FIRST_WORD_NORM_S, _banded(seconds, None, FIRST_WORD_NORM_S, "", "late"), "s"
    )


@dataclass
class Rate:
    unit: str  # syllables_per_minute (Korean) or words_per_minute (English)
    value: float | None
    count: int  # syllables or words
    basis_s: float  # the speaking time the rate is over
    verdict: Verdict

    @property
    def meaningful(self) -> bool:
        return rate_is_meaningful(self.basis_s)

    def to_json(self) -> dict[str, Any]:
        return {
            "unit": self.unit,
            "value": None if self.value is None else round(self.value, 1),
            "count": self.count,
            "basis_s": round(self.basis_s, 2),
            **{k: v for k, v in self.verdict.to_json().items() if k not in ("value", "unit")},
        }


def speaking_basis(words: Sequence[TimedWord], duration_s: float) -> float:
    """Seconds of speaking: first word to last word when times exist, else the whole answer."""
    if words:
        span = max(w.end for w in words) - words[0].start
        if span > 0:
            return span
    return max(duration_s, 0.0)


def speaking_rate(text: str, tokens: Sequence[Token], lang: str, basis_s: float) -> Rate:
    if lang == "en":
        count = sum(1 for t in tokens if any(ch.isalpha() for ch in t.text))
        unit, low, high = "words_per_minute", EN_RATE_LOW, EN_RATE_HIGH
    else:
        count = hangul_syllables(text)
        unit, low, high = "syllables_per_minute", KO_RATE_MEAN - KO_RATE_SD, KO_RATE_MEAN + KO_RATE_SD
    value = count * 60.0 / basis_s if basis_s >= MIN_RATE_BASIS_S and count else None
    return Rate(
        unit,
        value,
        count,
        basis_s,
        Verdict(value, low, high, _banded(value, low, high, "slow", "fast"), unit),
    )


@dataclass
class Marked:
    """Something found in the transcript: its text, where it is, and when it was said."""

    text: str
    start: int
    end: int
    time_s: float | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "time_s": None if self.time_s is None else round(self.time_s, 2),
        }


def rate_is_meaningful(basis_s: float | None) -> bool:
    """Whether a rate per minute over ``basis_s`` seconds of speaking means anything to show."""
    return basis_s is not None and basis_s >= RATE_MEANINGFUL_S


@dataclass
class Fillers:
    count: int
    per_minute: float | None
    verdict: str
    items: list[Marked] = field(default_factory=list)
    basis_s: float = 0.0  # the speaking time the rate is over

    @property
    def meaningful(self) -> bool:
        return rate_is_meaningful(self.basis_s)

    def to_json(self) -> dict[str, Any]:
        return {
            "count": self.count,
            "per_minute": None if self.per_minute is None else round(self.per_minute, 2),
            "norm_high": FILLERS_OK_PER_MIN,
            "basis_s": round(self.basis_s, 2),
            "verdict": self.verdict,
            "items": [m.to_json() for m in self.items],
        }


def _pause_after(tokens: Sequence[Token], k: int, text: str) -> bool:
    """A written break (comma, dots) or a spoken pause after token ``k``, or the end."""
    if k + 1 >= len(tokens):
        return True
    if _BREAK.search(text[tokens[k].end : tokens[k + 1].start]):
        return True
    end, following = tokens[k].time_end, tokens[k + 1].time_start
    return end is not None and following is not None and following - end >= FILLER_PAUSE_S


def _sentence_start(tokens: Sequence[Token], k: int, text: str) -> bool:
    if k == 0:
        return True
    if _SENTENCE_END.search(text[tokens[k - 1].end : tokens[k].start]):
        return True
    end, start = tokens[k - 1].time_end, tokens[k].time_start
    return end is not None and start is not None and start - end >= LONG_PAUSE_S


def _always_filler(key: str, lang: str) -> bool:
    return key in (EN_FILLERS_ALWAYS if lang == "en" else KO_FILLERS_ALWAYS)


def find_fillers(text: str, tokens: Sequence[Token], lang: str) -> list[Marked]:
    found: list[Marked] = []
    k = 0
    while k < len(tokens):
        token = tokens[k]
        key = token.key
        following = tokens[k + 1].key if k + 1 < len(tokens) else ""
        previous = tokens[k - 1].key if k > 0 else ""
        span_end = token.end
        is_filler = _always_filler(key, lang)
        if lang == "en" and not is_filler:
            if key == "like":
                loose = _pause_after(tokens, k, text) or _sentence_start(tokens, k, text)
                is_filler = previous not in _LIKE_NOT_FILLER_AFTER and (
                    loose or previous in _LIKE_FILLER_AFTER
                )
            elif key == "you" and following == "know":
                after = tokens[k + 2].key if k + 2 < len(tokens) else ""
                is_filler = (
                    previous not in _YOU_KNOW_NOT_FILLER_BEFORE and after not in _YOU_KNOW_NOT_FILLER_AFTER
                )
                if is_filler:
                    span_end = tokens[k + 1].end
        elif lang != "en" and not is_filler:
            next_is_filler = _always_filler(following, lang) or following in KO_FILLERS_DISCOURSE
            if key in KO_FILLERS_DISCOURSE:
                is_filler = (
                    _sentence_start(tokens, k, text)
                    or _pause_after(tokens, k, text)
                    or next_is_filler
                    or (k > 0 and _always_filler(previous, lang))
                )
            elif key in KO_FILLERS_HESITATION:
                is_filler = _pause_after(tokens, k, text) or next_is_filler or following == key
        if is_filler:
            found.append(Marked(text[token.start : span_end], token.start, span_end, token.time_start))
            if span_end != token.end:
                k += 1
        k += 1
    return found


def filler_summary(items: list[Marked], basis_s: float) -> Fillers:
    per_minute = len(items) * 60.0 / basis_s if basis_s >= MIN_RATE_BASIS_S else None
    # Judged over at least RATE_MEANINGFUL_S: 2 fillers in 10 s are 2, not 12 a minute.
    judged = len(items) * 60.0 / max(basis_s, RATE_MEANINGFUL_S)
    if per_minute is None:
        verdict = "unknown" if items else "ok"
    elif judged < FILLERS_OK_PER_MIN:
        verdict = "ok"
    elif judged < FILLERS_HESITANT_PER_MIN:
        verdict = "noticeable"
    else:
        verdict = "too_many"
    return Fillers(len(items), per_minute, verdict, items, basis_s)


@dataclass
class Pause:
    start_s: float
    end_s: float
    after_word: int  # index in the words list of the word before the pause
    offset: int | None  # character offset in the transcript where the pause falls, when known

    @property
    def duration_s(self) -> float:
        return self.end_s - self.start_s

    def to_json(self) -> dict[str, Any]:
        return {
            "start_s": round(self.start_s, 2),
            "end_s": round(self.end_s, 2),
            "duration_s": round(self.duration_s, 2),
            "after_word": self.after_word,
            "offset": self.offset,
        }


def long_pauses(
    words: Sequence[TimedWord], tokens: Sequence[Token], threshold_s: float = LONG_PAUSE_S
) -> list[Pause]:
    ends = {t.time_end: t.end for t in tokens if t.time_end is not None}
    pauses = []
    latest_end = words[0].end if words else 0.0
    for index in range(1, len(words)):
        gap_start = latest_end
        if words[index].start - gap_start > threshold_s:
            pauses.append(Pause(gap_start, words[index].start, index - 1, ends.get(gap_start)))
        latest_end = max(latest_end, words[index].end)
    return pauses


def repeated_words(text: str, tokens: Sequence[Token], lang: str) -> list[Marked]:
    """Immediate repetitions ("TCP TCP는" is not one, "그 그" is); pure fillers are counted as fillers."""
    found = []
    for k in range(1, len(tokens)):
        previous, token = tokens[k - 1], tokens[k]
        if token.key and token.key == previous.key and not _always_filler(token.key, lang):
            found.append(
                Marked(text[previous.start : token.end], previous.start, token.end, token.time_start)
            )
    return found


def section_times(
    marks: Sequence[float], duration_s: float, budgets: Sequence[tuple[str, str, float]]
) -> list[dict[str, Any]]:
    """Per section: planned budget, actual time between the marks, and a verdict.

    ``marks`` are the seconds into the answer when the speaker moved on to the next section;
    marks beyond the last section, out of range or not numbers are ignored.
    """
    numbers = [as_float(m) for m in marks]
    clean = sorted(m for m in numbers if m is not None and 0 < m < duration_s)[: max(len(budgets) - 1, 0)]
    boundaries = [0.0, *clean, duration_s]
    sections = []
    for index, (section_id, name, budget) in enumerate(budgets):
        if not clean:
            actual, verdict = None, "unmarked"
        elif index < len(boundaries) - 1:
            actual = boundaries[index + 1] - boundaries[index]
            ratio = actual / budget if budget > 0 else 1.0
            verdict = "too_short" if ratio < 0.5 else "too_long" if ratio > 1.5 else "ok"
        else:
            actual, verdict = None, "not_reached"
        sections.append(
            {
                "id": section_id,
                "name": name,
                "planned_s": budget,
                "actual_s": None if actual is None else round(actual, 2),
                "verdict": verdict,
            }
        )
    return sections
