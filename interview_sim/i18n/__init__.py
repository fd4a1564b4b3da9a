"""User-visible strings in Korean and English, marked where they are used with ``tr(key)``.

Kept as plain tables (no compiled catalogues) so the core and the CLI can use them too; a
test checks that every key exists in every shipped language with the same placeholders. The
tables are kept by area in this package's modules (``start``, ``interview``, ``review``,
``history``, ``report``, ``settings``, ``ai``, ``app``: a key goes with the screen or part that
shows it) and merged here into one :data:`STRINGS`; a key is in exactly one of them (tested).

A message with a number in it gives, in a language that inflects for it, its plural forms by
CLDR category: ``{"one": "{count} answer", "other": "{count} answers"}``. :func:`tr` picks the
form from the ``count`` argument (or the one :data:`PLURAL_BY` names). Korean has no plural
distinction (CLDR: only "other"), so its texts stay plain strings.
"""

from __future__ import annotations

import sys
from typing import NamedTuple

from interview_sim.i18n import ai, app, history, interview, report, review, settings, start
from interview_sim.i18n._text import Text

LANGUAGES = ("ko", "en")
DEFAULT_LANGUAGE = "ko"


class UserMessage(NamedTuple):  # not a dataclass: shown before the first paint, dataclasses cost 3 ms
    """What the user is shown: ``text`` in the interface language, one short line that says what
    happened and what to do; ``detail`` the technical rest (device names, exception text, in
    English), for a details area, a tooltip or the log, never inside the sentence."""

    text: str
    detail: str = ""
    # What fixes it, when a button can: "microphone" opens the settings on the microphone's tab
    # (qt/errors.py FIX_PAGES).
    fix: str = ""

    def __str__(self) -> str:
        return self.text

    def full(self) -> str:
        """The sentence with its detail below it, for a details area or a tooltip."""
        return f"{self.text}\n\n{self.detail}" if self.detail else self.text


# Every area's table, in one lookup; callers only ever use this (and ``tr``).
AREAS = (start, interview, review, history, report, settings, ai, app)
STRINGS: dict[str, dict[str, Text]] = {}
for _area in AREAS:
    STRINGS.update(_area.STRINGS)


# Messages whose plural form follows another argument than ``count``.
PLURAL_BY: dict[str, str] = {
    "backup.done": "files",
    "restore.details": "files",
    "restore.done": "files",
    "history.count": "total",
    "today.goal_first": "goal",
    "today.focus.slow": "total",
    "today.focus.fast": "total",
    "today.focus.pauses": "total",
    "today.focus.late_start": "total",
}


def plural_category(lang: str, number: object) -> str:
    """The CLDR plural category of ``number`` in ``lang``: "one" or "other".

    From the CLDR plural rules (unicode.org/cldr/charts/latest/supplemental/language_plural_rules):
    English is "one" for an integer 1 with no visible fraction ("1", not "1.0"); Korean has only
    "other". Two languages with one rule between them do not justify Babel's locale data.
    """
    if lang == "en" and isinstance(number, int) and not isinstance(number, bool) and number == 1:
        return "one"
    return "other"


def microphone_blocked(lang: str = DEFAULT_LANGUAGE, platform: str | None = None) -> str:
    """Where to allow microphone access on this system, for a recording of exact zeros."""
    platform = platform or sys.platform
    kind = platform if platform in ("darwin", "win32") else "other"
    return tr(f"microphone.blocked.{kind}", lang)


def no_korean_voice(lang: str = DEFAULT_LANGUAGE, platform: str | None = None) -> str:
    """What to install when no Korean voice is found, on this system."""
    platform = platform or sys.platform
    kind = platform if platform in ("darwin", "win32") else "other"
    return tr(f"voice.no_korean.{kind}", lang)


def tr(key: str, lang: str = DEFAULT_LANGUAGE, **values: object) -> str:
    table = STRINGS.get(key)
    if table is None:
        return key
    text = table.get(lang) or table[DEFAULT_LANGUAGE]
    if isinstance(text, dict):
        number = values.get(PLURAL_BY.get(key, "count"))
        text = text.get(plural_category(lang, number)) or text["other"]
    return text.format(**values) if values else text


def setting_label(key: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """The label of the declared setting ``key`` (see ``core/settings.py``)."""
    return tr(f"setting.{key}", lang)
