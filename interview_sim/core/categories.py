"""What the start screen offers: the question categories and kinds with their Korean and English
names, and the orders a session can take.

Apart from the bank and the planner so that the start screen, which is built before the window's
first paint, can list them without importing either.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

ORDERS = ("bank", "random", "weakest", "due")
# The question-language choices (setting ``question_langs``, ``--lang``) and the languages each asks.
LANG_CHOICES: dict[str, tuple[str, ...]] = {"ko": ("ko",), "en": ("en",), "both": ("ko", "en")}

CATEGORIES: dict[str, tuple[str, str]] = {
    "network": ("네트워크", "Networking"),
    "os": ("운영체제", "Operating systems"),
    "database": ("데이터베이스", "Databases"),
    "python": ("파이썬·프로그래밍 언어", "Python & languages"),
    "web": ("웹·HTTP", "Web & HTTP"),
    "django": ("Django", "Django"),
    "algorithms": ("자료구조·알고리즘", "Data structures & algorithms"),
    "infrastructure": ("아키텍처·인프라", "Architecture & infrastructure"),
    "self-introduction": ("자기소개", "Self-introduction"),
    "behavioral": ("인성·경험", "Behavioral"),
    "motivation": ("지원 동기", "Motivation"),
    "other": ("기타", "Other"),  # imported notes whose topic could not be guessed
}

KINDS: dict[str, tuple[str, str]] = {
    "technical": ("기술", "Technical"),
    "self-introduction": ("자기소개", "Self-introduction"),
    "behavioral": ("인성·경험", "Behavioral"),
    "motivation": ("지원 동기", "Motivation"),
}


EDITION_PREFIX = "en."  # English editions' ids: "en." + the Korean id (questions/README.md)


def category_of(question_id: str) -> str:
    """The category part of a question id: "network" for "network.tcp" and "en.network.tcp"."""
    bare = question_id.removeprefix(EDITION_PREFIX)
    return bare.split(".", 1)[0]


def available_orders(
    weakness: Mapping[str, float] | None = None, due: Sequence[str] | None = None
) -> tuple[str, ...]:
    """Orders that can be offered: the data-driven ones only once there is data behind them."""
    orders = ["bank", "random"]
    if weakness:
        orders.append("weakest")
    if due:
        orders.append("due")
    return tuple(orders)
