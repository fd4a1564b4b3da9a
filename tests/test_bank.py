"""The bundled question bank: complete, faithful to the seed notes, and valid."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from interview_sim import paths
from interview_sim.core.bank import CATEGORIES, KINDS, Bank, load_bank
from interview_sim.core.templates import load_templates
from tests.conftest import SEED_NOTES

NOTE_000 = "000_b799bac0afed2475.txt"
NOTE_001 = "001_8fb70bbf054bce40.txt"
NOTE_002 = "002_356ac9ab6377bb43.txt"
NOTE_003 = "003_c864af1a4c5b3e23.txt"
NOTE_004 = "004_e528b5fb5c67464b.txt"

# Distinct questions that each note asks, and how many times it asks them (a note may ask the
# same question twice, e.g. 000 asks about heap and stack at lines 116 and 118).
EN_COMMON = "en-common"  # the source of the English-only common questions
ENGLISH_ONLY = 11
QUESTIONS_PER_NOTE = {NOTE_000: 66, NOTE_001: 18, NOTE_002: 17, NOTE_003: 108, NOTE_004: 9}
OCCURRENCES_PER_NOTE = {NOTE_000: 68, NOTE_001: 18, NOTE_002: 17, NOTE_003: 111, NOTE_004: 9}


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank(include_user=False, templates=load_templates())


def test_bundled_bank_loads_without_problems(bank: Bank) -> None:
    assert [str(p) for p in bank.problems] == []
    assert len(bank.select(langs=["ko"])) == 189
    # Every Korean question's English edition, and the English-only common questions.
    assert len(bank.select(langs=["en"])) == 189 + ENGLISH_ONLY


def test_counts_per_note(bank: Bank) -> None:
    questions: Counter[str] = Counter()
    occurrences: Counter[str] = Counter()
    for q in bank.select(langs=["ko"]):
        questions.update(set(q.sources))
        occurrences.update(r.source for r in q.references)
    assert dict(questions) == QUESTIONS_PER_NOTE
    assert dict(occurrences) == OCCURRENCES_PER_NOTE


def test_every_reference_points_at_its_question_in_the_note(bank: Bank) -> None:
    """Each reference's line in its note holds the question as the note wrote it."""
    notes = {p.name: p.read_text(encoding="utf-8").split("\n") for p in SEED_NOTES.glob("*.txt")}

    def squash(text: str) -> str:
        return re.sub(r"[\s*#`]+", "", text)

    mismatches = []
    # The English editions keep their Korean question's notes, lines and wording as asked.
    for q in [q for q in bank.questions if q.references[0].source != EN_COMMON]:
        for ref in q.references:
            line = notes[ref.source][ref.line - 1] if ref.line else ""
            if not ref.asked or squash(ref.asked) not in squash(line):
                mismatches.append(f"{q.id}: {ref.source}:{ref.line} {ref.asked!r} vs {line.strip()!r}")
    assert mismatches == []


def test_every_category_and_kind_is_used(bank: Bank) -> None:
    used_categories = {q.category for q in bank.questions}
    assert used_categories == set(CATEGORIES) - {"other"}
    assert {q.kind for q in bank.questions} == set(KINDS)


def test_answered_questions_have_a_handful_of_keywords(bank: Bank) -> None:
    answered = [q for q in bank.select(langs=["ko"]) if q.answers]
    assert len(answered) == 153
    assert [q.id for q in answered if not 3 <= len(q.keywords) <= 8] == []


def test_spoken_questions_are_full_sentences(bank: Bank) -> None:
    endings = ("?", "요.", "세요.", "니까?", "시오.")
    assert [q.id for q in bank.select(langs=["ko"]) if not q.question.endswith(endings)] == []
    assert bank.get("python.gil").question == "파이썬의 GIL이 무엇인지 설명해 주세요."


def test_process_vs_thread_is_one_question_with_four_notes(bank: Bank) -> None:
    question = bank.get("os.process-vs-thread")
    assert question is not None
    assert set(question.sources) == {NOTE_000, NOTE_001, NOTE_002, NOTE_003}
    assert all(ref.answered for ref in question.references)
    assert "자원을 할당받는 작업의 단위" in question.references[0].text
    assert len([q for q in bank.questions if "프로세스와 스레드의 차이" in q.question]) == 1


def test_follow_up_chains(bank: Bank) -> None:
    assert "web.put-vs-patch" in bank.get("web.http-methods").follow_ups
    assert "web.json-patch-vs-merge-patch" in bank.get("web.put-vs-patch").follow_ups
    assert "network.tcp-handshake" in bank.get("network.tcp-vs-udp").follow_ups
    assert {"python.class", "python.instance"} <= set(bank.get("python.oop").follow_ups)


@pytest.mark.parametrize(
    ("question_id", "note", "answer_fragment"),
    [
        ("python.oop", NOTE_000, "상태와 행위를 가진 객체"),
        ("web.json-patch-vs-merge-patch", NOTE_000, "application/merge-patch+json"),
        ("self-introduction.one-minute", NOTE_000, "백엔드 개발자로 지원하게된"),
        ("network.tcp-handshake", NOTE_001, "syn(x)"),
        ("motivation.python-role-with-java-portfolio", NOTE_001, "Kotlin"),
        ("web.jwt", NOTE_002, "signing"),
        ("database.eager-loading", NOTE_002, "가져와야하는 데이터를 먼저"),
        ("python.gil", NOTE_003, "Global Interpreter Lock"),
        ("self-introduction.one-minute", NOTE_003, "이동근"),
        ("network.port", NOTE_004, "0~1023"),
        ("infrastructure.celery", NOTE_004, "Queue"),
    ],
)
def test_reference_answers_are_faithful(
    bank: Bank, question_id: str, note: str, answer_fragment: str
) -> None:
    question = bank.get(question_id)
    assert question is not None
    texts = [r.text for r in question.references if r.source == note]
    assert texts and any(answer_fragment in t for t in texts)
    note_text = (SEED_NOTES / note).read_text(encoding="utf-8")
    assert answer_fragment in note_text


@pytest.mark.parametrize(
    "question_id",
    ["behavioral.troubleshooting-experience", "behavioral.values", "web.csr-vs-ssr", "django.middleware"],
)
def test_unanswered_questions_are_kept_with_an_empty_reference(bank: Bank, question_id: str) -> None:
    question = bank.get(question_id)
    assert question is not None
    assert question.references and question.answers == []
    assert question.to_json()["references"] == []


def test_every_kind_has_a_template(bank: Bank) -> None:
    templates = load_templates()
    assert {q.template_id for q in bank.questions} <= set(templates)


def _run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "interview_sim", *args], capture_output=True, text=True, timeout=60
    )


def test_cli_lists_the_bank_as_json() -> None:
    result = _run_cli("bank", "--category", "network", "--lang", "ko", "--format", "json")
    assert result.returncode == 0, result.stderr
    items = json.loads(result.stdout)
    assert len(items) == 14
    assert {item["category"] for item in items} == {"network"}
    first = items[0]
    assert {"id", "category", "kind", "question", "references", "keywords", "follow_ups", "template"} <= set(
        first
    )
    tcp = next(item for item in items if item["id"] == "network.tcp-vs-udp")
    assert {ref["source"] for ref in tcp["references"]} == {NOTE_001, NOTE_003}
    assert tcp["template"] == "technical"


def test_cli_filters_by_kind() -> None:
    result = _run_cli("bank", "--kind", "self-introduction", "--lang", "ko", "--format", "json")
    items = json.loads(result.stdout)
    assert [item["id"] for item in items] == ["self-introduction.one-minute"]
    assert items[0]["template"] == "self-introduction"


def test_cli_validate_passes_on_the_bundled_bank() -> None:
    result = _run_cli("bank", "validate", "--strict")
    assert result.returncode == 0, result.stdout
    assert f"{189 * 2 + ENGLISH_ONLY} entries loaded, 0 error(s)" in result.stdout


def test_bundled_bank_is_found_from_the_package() -> None:
    assert (paths.bundled_questions_dir() / "network.toml").is_file()
    assert Path(paths.bundled_questions_dir() / "templates.toml").is_file()
