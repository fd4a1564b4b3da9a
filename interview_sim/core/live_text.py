"""Live caption text as a person should read it: without the recognizer's own tokens.

The Vosk Korean model writes some words with annotations a reader cannot use: a spelled
alternative in parentheses ("(천) (십)"), a count or tag in brackets ("[2]", "[noise]") and
angle-bracket markers ("<unk>"). The live captions drop them; the stored transcript is left
as the recognizer gave it.
"""

from __future__ import annotations

import re

__all__ = ["clean_for_display"]

# One token in (), [] or <> with no nested brackets, and the spaces before it.
_TOKEN = re.compile(r"\s*(?:\([^()]*\)|\[[^\[\]]*\]|<[^<>]*>)")
_SPACES = re.compile(r"\s+")


def clean_for_display(text: str) -> str:
    """``text`` without bracketed recognizer tokens, its spaces collapsed."""
    return _SPACES.sub(" ", _TOKEN.sub(" ", text)).strip()
