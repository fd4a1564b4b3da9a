"""Importing a person's loose Markdown notes: the questions a person would find, no data lost."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interview_sim import paths
from interview_sim.core.bank import load_bank
from interview_sim.core.notes_import import decode_notes, parse_notes, read_notes
from interview_sim.core.user_bank import spoken_question
from tests.conftest import SEED_NOTES

# How many questions the importer finds in each seed note (with a note's topic list such as
# "지원동기, 해시테이블, ..." counting one question per topic).
FOUND_PER_NOTE = {
    "000_b799bac0afed2475.txt": 67,
    "001_8fb70bbf054bce40.txt": 18,
    "002_356ac9ab6377bb43.txt": 17,
    "003_c864af1a4c5b3e23.txt": 111,
    "004_e528b5fb5c67464b.txt": 9,
}
# Where the hand-curated bank and the importer legitimately differ: the curated bank files the
# GET/POST comparison written under the label "9. 비교질문" as an answer at that label's line.
CURATED_ONLY = {("000_b799bac0afed2475.txt", 50)}


@pytest.mark.parametrize("note", sorted(FOUND_PER_NOTE))
def test_importer_finds_the_questions_of_each_seed_note(note: str) -> None:
    result = read_notes(SEED_NOTES / note)
    assert result.problems == []
    assert len(result.questions) == FOUND_PER_NOTE[note]
    found = Counter(q.line for q in result.questions)
    curated = Counter(
        r.line
        for q in load_bank(include_user=False).select(langs=["ko"])  # editions repeat the lines
        for r in q.references
        if r.source == note
    )
    for key in CURATED_ONLY:
        if key[0] == note:
            curated.pop(key[1])
    assert found == curated


def test_importer_separates_nested_questions_and_answers() -> None:
    result = read_notes(SEED_NOTES / "000_b799bac0afed2475.txt")
    by_text = {q.asked: q for q in result.questions}
    oop = by_text["객체지향프로그래밍이란 ?"]
    assert "상태와 행위를 가진 객체" in oop.answer
    assert "클래스란" not in oop.answer
    klass = by_text["클래스란?"]
    assert klass.parent_line == oop.line and "메타정보" in klass.answer
    put_patch = by_text["PUT vs PATCH"]
    assert put_patch.answer == "1. PUT은 전체 PATCH는 일부데이터"
    assert by_text["트러블슈팅을 해본 경험이 있나요?"].answer == ""


def test_importer_reads_inline_and_code_block_answers() -> None:
    blog = {q.asked: q for q in read_notes(SEED_NOTES / "002_356ac9ab6377bb43.txt").questions}
    assert blog["JWT는 무엇인가?"].answer.startswith("인증/ 인가를 위해서 사용하는")
    assert (
        blog["데코레이터는 무엇이고 왜, 어디서 사용하는지?"].answer
        == "분리, 재사용성, 권한관리 및 쿼리 디버깅"
    )
    rewind = read_notes(SEED_NOTES / "004_e528b5fb5c67464b.txt").questions
    serverless = next(q for q in rewind if q.asked.startswith("Serverless"))
    assert "마이크로 서비스 아키텍처" in serverless.answer


def test_headings_and_sections() -> None:
    text = (
        "# Title\n\n## 네트워크\n### TCP란?\nTCP는 연결 지향.\n#### 세부\n3-way handshake\n### GIL\n락이다.\n"
    )
    result = parse_notes(text, "n.md")
    assert [(q.line, q.asked) for q in result.questions] == [(4, "TCP란?"), (8, "GIL")]
    assert "세부" in result.questions[0].answer and "3-way handshake" in result.questions[0].answer


@pytest.mark.parametrize(
    ("encoding", "newline", "bom"),
    [("utf-8", "\r\n", b""), ("utf-8", "\n", b"\xef\xbb\xbf"), ("cp949", "\r\n", b""), ("euc-kr", "\n", b"")],
)
def test_encodings_and_newlines(tmp_path: Path, encoding: str, newline: str, bom: bytes) -> None:
    text = "1. 프로세스와 스레드의 차이는?\n   - 자원 공유 여부가 다릅니다.\n2. 교착상태란?\n"
    path = tmp_path / "notes.md"
    path.write_bytes(bom + text.replace("\n", newline).encode(encoding))
    result = read_notes(path)
    assert result.problems == []
    assert [q.asked for q in result.questions] == ["프로세스와 스레드의 차이는?", "교착상태란?"]
    assert result.questions[0].answer == "- 자원 공유 여부가 다릅니다."


def test_unreadable_input_is_reported_not_raised(tmp_path: Path) -> None:
    assert "binary" in decode_notes(b"PK\x03\x04\x00\x00", "x.zip")[1][0].message
    text, problems = decode_notes("질문?".encode("utf-16"), "u16.md")
    assert text is None and "UTF-16" in problems[0].message
    missing = read_notes(tmp_path / "nope.md")
    assert missing.questions == [] and "cannot read" in missing.problems[0].message


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=600))
def test_any_text_parses(text: str) -> None:
    result = parse_notes(text, "fuzz.md")
    lines = text.replace("\r\n", "\n").split("\n")
    for question in result.questions:
        assert 1 <= question.line <= max(len(lines), 1)
        assert question.asked


def test_spoken_question_from_bare_headings() -> None:
    assert spoken_question("GIL") == "GIL에 대해 설명해 주세요."
    assert spoken_question("REST_API 란?") == "REST_API 란?"
    assert (
        spoken_question("TCP 3, 4 way handshake에 대해서 설명")
        == "TCP 3, 4 way handshake에 대해서 설명해 주세요."
    )
    assert spoken_question("Redis란") == "Redis란 무엇인가요?"
    assert spoken_question("TCP와 UDP의 차이점") == "TCP와 UDP의 차이점을 설명해 주세요."


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "interview_sim", *args], capture_output=True, text=True, timeout=60
    )


def test_import_command_adds_to_the_user_bank_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty_bank = tmp_path / "empty-bank"
    empty_bank.mkdir()
    monkeypatch.setenv("INTERVIEW_SIM_BANK", str(empty_bank))
    note = SEED_NOTES / "001_8fb70bbf054bce40.txt"
    result = _cli("import", str(note))
    assert result.returncode == 0, result.stderr
    assert "found 18 questions, 18 with answers; 0 already in your bank" in result.stdout
    files = sorted(paths.user_questions_dir().glob("*.toml"))
    assert [f.name for f in files] == ["imported-001-8fb70bbf054bce40.toml"]
    assert list(empty_bank.iterdir()) == []
    bank = load_bank(empty_bank)
    assert len(bank) == 18 and bank.errors == []
    tcp = next(q for q in bank.questions if "TCP와 UDP" in q.question)
    assert tcp.category == "network" and "연결지향형" in tcp.answers[0].text

    again = _cli("import", str(note))
    assert "18 already in your bank" in again.stdout
    assert sorted(paths.user_questions_dir().glob("*.toml")) == files  # nothing added or overwritten


def test_import_of_a_seed_note_finds_everything_already_bundled() -> None:
    result = _cli("import", "--dry-run", str(SEED_NOTES / "003_c864af1a4c5b3e23.txt"))
    assert result.returncode == 0
    assert "found 111 questions, 101 with answers; 111 already in your bank" in result.stdout


def test_import_reports_bad_files_without_a_traceback(tmp_path: Path) -> None:
    binary = tmp_path / "image.md"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    result = _cli("import", str(binary))
    assert result.returncode == 1
    assert "binary file" in result.stderr and "Traceback" not in result.stderr
    missing = _cli("import", str(tmp_path / "missing.md"))
    assert missing.returncode == 2 and "no such file" in missing.stderr
