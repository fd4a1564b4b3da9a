"""The English edition of the bundled bank: one edition per Korean question, faithful to it."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from interview_sim.core.bank import Bank, load_bank
from interview_sim.core.keyterms import is_hangul, match_terms
from interview_sim.core.templates import load_templates

EN_COMMON = "en-common"


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank(include_user=False, templates=load_templates())


def test_every_korean_question_has_its_english_edition_and_vice_versa(bank: Bank) -> None:
    korean = {q.id for q in bank.select(langs=["ko"])}
    editions = {q.edition_of: q.id for q in bank.select(langs=["en"]) if q.edition_of is not None}
    assert sorted(korean - set(editions)) == []  # Korean questions without an English edition
    assert sorted(set(editions) - korean) == []  # editions of questions that do not exist
    assert all(english == f"en.{original}" for original, english in editions.items())
    assert all(bank.edition(qid, "en").id == f"en.{qid}" for qid in korean)
    # Every English question is an edition, or one of the English-only common questions.
    common = [q for q in bank.select(langs=["en"]) if q.edition_of is None]
    assert common and all(r.source == EN_COMMON for q in common for r in q.references)


def test_editions_keep_the_notes_the_structure_and_the_links(bank: Bank) -> None:
    for english in bank.select(langs=["en"]):
        if english.edition_of is None:
            continue
        korean = bank.get(english.edition_of)
        assert (english.category, english.kind, english.template) == (
            korean.category,
            korean.kind,
            korean.template,
        )
        assert [(r.source, r.line, r.asked) for r in english.references] == [
            (r.source, r.line, r.asked) for r in korean.references
        ]
        assert [r.answered for r in english.references] == [r.answered for r in korean.references]
        assert english.follow_ups == [f"en.{f}" for f in korean.follow_ups]
        assert bool(english.keywords) == bool(korean.keywords)


def test_english_text_is_english(bank: Bank) -> None:
    """Questions, key terms and answers in English (only 'asked' quotes the Korean note)."""
    hangul = []
    for q in bank.select(langs=["en"]):
        for text in [q.question, *q.keywords, *(r.text for r in q.references)]:
            if any(is_hangul(ch) for ch in text):
                hangul.append(f"{q.id}: {text[:40]!r}")
    assert hangul == []
    assert [q.id for q in bank.select(langs=["en"]) if not q.question.endswith(("?", "."))] == []


def test_answered_questions_have_key_terms_their_answers_use(bank: Bank) -> None:
    """3 to 8 key terms, each found (exactly, not as a near miss) in a reference answer."""
    answered = [q for q in bank.select(langs=["en"]) if q.answers]
    assert len(answered) == 153 + len([q for q in answered if q.edition_of is None])
    assert [q.id for q in answered if not 3 <= len(q.keywords) <= 8] == []
    unused = [
        f"{q.id}: {term.term}"
        for q in answered
        for term in match_terms(q.keywords, "\n".join(r.text for r in q.answers))
        if not term.covered or term.fuzzy
    ]
    assert unused == []


def test_common_english_questions_and_their_templates(bank: Bank) -> None:
    templates = load_templates()
    yourself = bank.get("en.self-introduction.tell-me-about-yourself")
    assert yourself.question == "Tell me about yourself."
    assert yourself.template_id == "tell-me-about-yourself"
    assert 60 <= templates[yourself.template_id].target_s <= templates[yourself.template_id].max_s <= 90
    asked = {q.question for q in bank.select(langs=["en"]) if q.edition_of is None}
    assert {"Why should we hire you?", "What is your greatest weakness?"} <= asked
    assert {"Where do you see yourself in five years?", "Tell me about a time you failed."} <= asked
    behavioral = [q for q in bank.select(kinds=["behavioral"], langs=["en"]) if q.edition_of is None]
    assert behavioral and {q.template_id for q in behavioral} == {"behavioral-star"}
    # A STAR model answer walks through the four parts.
    failed = bank.get("en.behavioral.time-you-failed").answers[0].text
    assert [m.group(1) for m in re.finditer(r"^(Situation|Task|Action|Result):", failed, re.M)] == [
        "Situation",
        "Task",
        "Action",
        "Result",
    ]


def _bank_json(*args: str) -> list[dict]:
    result = subprocess.run(
        [sys.executable, "-m", "interview_sim", "bank", *args, "--format", "json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_cli_lists_by_language() -> None:
    english = _bank_json("--lang", "en", "--category", "network")
    korean = _bank_json("--lang", "ko", "--category", "network")
    both = _bank_json("--category", "network")
    assert {item["lang"] for item in english} == {"en"} and {item["lang"] for item in korean} == {"ko"}
    assert len(english) == len(korean) == 14 and len(both) == 28
    tcp = next(item for item in english if item["id"] == "en.network.tcp-vs-udp")
    assert tcp["edition_of"] == "network.tcp-vs-udp"
    assert tcp["question"] == "What's the difference between TCP and UDP?"
    assert tcp["follow_ups"] == ["en.network.tcp-handshake", "en.network.port"]


def test_cli_validates_a_bank_folder_with_its_english_edition(tmp_path) -> None:
    from interview_sim import paths

    folder = paths.bundled_questions_dir()
    result = subprocess.run(
        [sys.executable, "-m", "interview_sim", "bank", "validate", "--strict", str(folder)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout
    assert "0 error(s), 0 warning(s)" in result.stdout
    # A broken edition in a copy: reported with its file and line, exit status 1.
    copy = tmp_path / "bank"
    (copy / "en").mkdir(parents=True)
    for path in folder.glob("network.toml"):
        (copy / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    english = (folder / "en" / "network.toml").read_text(encoding="utf-8")
    (copy / "en" / "network.toml").write_text(english.replace("line = 11", "line = 12"), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "interview_sim", "bank", "validate", str(copy)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "en/network.toml:" in result.stdout
    assert (
        "en.network.tcp-vs-udp: references" in result.stdout
        and "001_8fb70bbf054bce40.txt:11" in result.stdout
    )
