"""The live captions' cleaner: recognizer tokens out, the words kept in order."""

from __future__ import annotations

import pytest

from interview_sim.core.live_text import clean_for_display


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("(천) (십) [2]", ""),
        ("TCP는 (천) 연결 [2] 지향", "TCP는 연결 지향"),
        ("<unk> 안녕하세요  [noise]  저는", "안녕하세요 저는"),
        ("연결 지향 프로토콜입니다", "연결 지향 프로토콜입니다"),
        ("", ""),
        ("a (b", "a (b"),  # an unclosed bracket is text, not a token
    ],
)
def test_recognizer_tokens_are_dropped_and_words_kept(raw: str, shown: str) -> None:
    assert clean_for_display(raw) == shown
