"""Turning found note questions into bank questions and writing them to the user's own bank.

Writes go to the user's question folder only, never the bundled bank, and never over an
existing file: each import gets a new file, and questions already in the bank are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from interview_sim.core import files
from interview_sim.core.bank import Bank, Question, Reference
from interview_sim.core.notes_import import FoundQuestion, NotesResult
from interview_sim.core.tomlfile import toml_array, toml_comment, toml_string

# Keyword cues for guessing a category of an imported question; first match wins.
_CATEGORY_CUES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("self-introduction", ("자기소개", "자기 소개", "introduce yourself")),
    ("motivation", ("지원 동기", "지원동기", "지원하", "왜 개발자", "전향", "회사", "why do you want")),
    (
        "behavioral",
        ("경험", "장점", "단점", "강점", "약점", "갈등", "팀", "비판", "어려운", "실패", "가치관", "성격"),
    ),
    ("django", ("django", "장고", "drf", "mvt", "mtv")),
    (
        "web",
        (
            "http",
            "rest",
            "api",
            "cors",
            "쿠키",
            "세션",
            "jwt",
            "인증",
            "인가",
            "로그인",
            "ssr",
            "csr",
            "axios",
        ),
    ),
    (
        "network",
        ("tcp", "udp", "osi", "dns", "ip ", "소켓", "socket", "네트워크", "handshake", "포트", "vpn", "ssh"),
    ),
    (
        "database",
        (
            "db",
            "데이터베이스",
            "sql",
            "인덱스",
            "index",
            "트랜잭션",
            "정규화",
            "join",
            "redis",
            "orm",
            "nosql",
        ),
    ),
    (
        "os",
        (
            "프로세스",
            "스레드",
            "쓰레드",
            "thread",
            "메모리",
            "데드락",
            "교착",
            "뮤텍스",
            "세마포어",
            "커널",
            "동기",
        ),
    ),
    ("algorithms", ("리스트", "스택", "큐", "해시", "트리", "그래프", "정렬", "복잡도", "알고리즘", "lru")),
    (
        "infrastructure",
        ("docker", "aws", "배포", "ci/cd", "서버리스", "serverless", "celery", "아키텍처", "캐시"),
    ),
    ("python", ("파이썬", "python", "데코레이터", "gil", "제너레이터", "generator", "클래스", "객체")),
)
_KIND_OF = {"self-introduction": "self-introduction", "motivation": "motivation", "behavioral": "behavioral"}
_ENDINGS_THAT_ASK = ("?", "？", "요.", "요", "세요", "시오", "하라")


def guess_category(text: str) -> str:
    lowered = f" {text.lower()} "
    for category, cues in _CATEGORY_CUES:
        if any(cue in lowered for cue in cues):
            return category
    return "other"


def spoken_question(asked: str) -> str:
    """A bare heading as an interviewer would say it: "GIL" -> "GIL에 대해 설명해 주세요."."""
    text = asked.strip().rstrip(".!")
    text = re.sub(r"\s+", " ", text).strip()
    if not text:
        return text
    if text.endswith(("?", "？")):
        return text.rstrip(" ?？") + "?"
    if text.endswith(_ENDINGS_THAT_ASK):
        return text + ("" if text.endswith((".", "?")) else ".")
    if re.search(r"(설명|설명해 ?보세요|말해 ?보세요)$", text):
        return re.sub(r"(설명|설명해 ?보세요|말해 ?보세요)$", "설명해 주세요.", text)
    if re.search(r"(이란|란)$", text):
        return f"{text} 무엇인가요?"
    if re.search(r"(차이|차이점)$", text):
        return f"{text}를 설명해 주세요." if text.endswith("차이") else f"{text}을 설명해 주세요."
    return f"{text}에 대해 설명해 주세요."


def normalize(text: str) -> str:
    """Comparable form of a question: no spaces, punctuation or case."""
    return re.sub(r"[\s\W_]+", "", text.lower())


@dataclass
class ImportPlan:
    questions: list[Question]
    already_present: list[FoundQuestion] = field(default_factory=list)


def plan_import(result: NotesResult, source_name: str, bank: Bank, id_prefix: str) -> ImportPlan:
    """Questions to add for a notes file, skipping those the bank already asks."""
    known = {normalize(q.question) for q in bank.questions}
    known |= {normalize(r.asked) for q in bank.questions for r in q.references if r.asked}
    plan = ImportPlan([])
    by_line: dict[int, Question] = {}
    seen: set[str] = set()
    for number, found in enumerate(result.questions, start=1):
        key = normalize(found.asked)
        if key in known or key in seen:
            plan.already_present.append(found)
            continue
        seen.add(key)
        category = guess_category(f"{found.asked} {found.answer[:200]}")
        answer = found.answer
        question = Question(
            id=f"{category}.{id_prefix}-{number}",
            category=category,
            kind=_KIND_OF.get(category, "technical"),
            question=spoken_question(found.asked),
            references=[Reference(f"import:{source_name}", answer, found.line, found.asked)],
            keywords=[],
        )
        plan.questions.append(question)
        by_line[found.line] = question
    for found in result.questions:
        if found.parent_line is not None and found.parent_line in by_line and found.line in by_line:
            by_line[found.parent_line].follow_ups.append(by_line[found.line].id)
    return plan


def slug(text: str) -> str:
    value = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return value[:40] or "notes"


def dump_questions(questions: Iterable[Question], header: str = "") -> str:
    """Questions in the bank's TOML format, readable and editable by hand."""
    out = toml_comment(header) if header else []
    for q in questions:
        out += [
            "",
            "[[question]]",
            f"id = {toml_string(q.id)}",
            f"category = {toml_string(q.category)}",
            f"kind = {toml_string(q.kind)}",
            f"question = {toml_string(q.question)}",
            f"keywords = {toml_array(q.keywords)}",
        ]
        if q.follow_ups:
            out.append(f"follow_ups = {toml_array(q.follow_ups)}")
        if q.follow_up_of:
            out.append(f"follow_up_of = {toml_string(q.follow_up_of)}")
        if q.lang != "ko":
            out.append(f"lang = {toml_string(q.lang)}")
        if q.template:
            out.append(f"template = {toml_string(q.template)}")
        for ref in q.references:
            out += ["", "[[question.reference]]", f"source = {toml_string(ref.source)}"]
            if ref.line is not None:
                out.append(f"line = {ref.line}")
            if ref.asked:
                out.append(f"asked = {toml_string(ref.asked)}")
            out.append(f"text = {toml_string(ref.text)}")
    return "\n".join(out).lstrip("\n") + "\n"


def free_id(base: str, taken: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3``… the first the bank does not have: a saved question
    never takes the id (and so the history) of another."""
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def write_new_file(folder: Path, stem: str, content: str) -> Path:
    """Write ``content`` to a new file in ``folder``, never replacing one that exists."""
    names = (folder / (f"{stem}.toml" if n == 1 else f"{stem}-{n}.toml") for n in range(1, 1000))
    try:
        return files.write_new_file(names, content)
    except FileExistsError:
        raise OSError(f"too many imports named {stem} in {folder}") from None
