"""The question categories and kinds with their Korean and English names.

Apart from the bank so that the start screen can list them without importing the bank's parser.
"""

from __future__ import annotations

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
