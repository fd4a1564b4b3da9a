"""Question files written by people: problems are reported with file and line, the rest loads."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from interview_sim.core.bank import load_bank, load_file, parse_questions

GOOD = """
[[question]]
id = "network.one"
category = "network"
kind = "technical"
question = "첫 번째 질문인가요?"
keywords = ["하나", "둘", "셋"]

[[question.reference]]
source = "user"
text = '''
첫 번째 답
'''
"""


def write(folder: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


def test_a_good_file_loads(tmp_path: Path) -> None:
    questions, problems = load_file(write(tmp_path, "q.toml", GOOD))
    assert problems == []
    assert [q.id for q in questions] == ["network.one"]
    assert questions[0].answers[0].text == "첫 번째 답"
    assert questions[0].line == 2


def test_syntax_error_costs_only_its_own_question(tmp_path: Path) -> None:
    broken = GOOD + GOOD.replace("network.one", "network.two").replace(
        'kind = "technical"', 'kind = "technical'
    )
    broken += GOOD.replace("network.one", "network.three")
    path = write(tmp_path, "q.toml", broken)
    questions, problems = load_file(path)
    assert [q.id for q in questions] == ["network.one", "network.three"]
    assert len(problems) == 1
    broken_line = broken.split("\n").index('kind = "technical') + 1
    assert problems[0].line == broken_line
    assert str(problems[0]).startswith(f"{path}:{broken_line}: error: TOML syntax error")


def test_semantic_errors_name_the_field_line(tmp_path: Path) -> None:
    text = GOOD.replace('category = "network"', 'category = "netwrk"') + GOOD.replace(
        "network.one", "network.two"
    )
    questions, problems = parse_questions(text, "mine.toml")
    assert [q.id for q in questions] == ["network.two"]
    assert len(problems) == 1
    assert problems[0].line == 4
    assert "unknown category 'netwrk'" in problems[0].message


def test_missing_fields_and_bad_ids_are_errors(tmp_path: Path) -> None:
    text = GOOD.replace('question = "첫 번째 질문인가요?"\n', "").replace('"network.one"', '"Bad ID"')
    questions, problems = parse_questions(text, "q.toml")
    assert questions == []
    messages = " | ".join(p.message for p in problems)
    assert "missing required field 'question'" in messages
    assert "id 'Bad ID' must look like" in messages


def test_duplicate_ids_keep_the_first(tmp_path: Path) -> None:
    questions, problems = parse_questions(GOOD + GOOD, "q.toml")
    assert len(questions) == 1
    assert "duplicate id 'network.one' (first at line 2)" in problems[0].message


def test_unknown_fields_and_follow_ups_are_warnings(tmp_path: Path) -> None:
    text = GOOD.replace(
        'kind = "technical"', 'kind = "technical"\nqestion = "typo"\nfollow_ups = ["x.nowhere"]'
    )
    write(tmp_path / "bundled", "q.toml", text)
    bank = load_bank(tmp_path / "bundled", tmp_path / "user")
    assert [q.id for q in bank.questions] == ["network.one"]
    assert sorted(p.severity for p in bank.problems) == ["warning", "warning"]
    assert any("unknown field 'qestion'" in p.message and p.line == 6 for p in bank.problems)
    assert any("follow-up 'x.nowhere'" in p.message for p in bank.problems)


def test_wrong_encoding_binary_and_bom(tmp_path: Path) -> None:
    _questions, problems = load_file(write(tmp_path, "cp949.toml", GOOD, "cp949"))
    assert "not UTF-8" in problems[0].message and problems[0].line == 6
    binary = tmp_path / "bin.toml"
    binary.write_bytes(b"[[question]]\n\x00\x01\x02")
    assert "binary" in load_file(binary)[1][0].message
    bom_crlf = tmp_path / "bom.toml"
    bom_crlf.write_bytes(b"\xef\xbb\xbf" + GOOD.replace("\n", "\r\n").encode())
    questions, problems = load_file(bom_crlf)
    assert problems == [] and questions[0].answers[0].text == "첫 번째 답"


def test_user_questions_replace_bundled_ones_by_id(tmp_path: Path) -> None:
    write(tmp_path / "bundled", "network.toml", GOOD + GOOD.replace("network.one", "network.two"))
    write(tmp_path / "user", "mine.toml", GOOD.replace("첫 번째 답", "내가 고친 답"))
    bank = load_bank(tmp_path / "bundled", tmp_path / "user")
    assert len(bank) == 2
    edited = bank.get("network.one")
    assert edited is not None and edited.origin == "user"
    assert edited.answers[0].text == "내가 고친 답"


def test_a_broken_file_does_not_stop_the_rest(tmp_path: Path) -> None:
    write(tmp_path / "bundled", "a.toml", GOOD)
    write(tmp_path / "bundled", "b.toml", "this is = = not toml\n[[[")
    bank = load_bank(tmp_path / "bundled", tmp_path / "user")
    assert [q.id for q in bank.questions] == ["network.one"]
    assert bank.errors and bank.errors[0].path.endswith("b.toml") and bank.errors[0].line == 1


def test_validate_command_reports_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.toml", GOOD.replace('kind = "technical"', 'kind = "quiz"'))
    result = subprocess.run(
        [sys.executable, "-m", "interview_sim", "bank", "validate", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert f"{path}:5: error: unknown kind 'quiz'" in result.stdout
    assert "0 entries loaded, 1 error(s)" in result.stdout


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400) | st.text(max_size=400).map(str.encode))
def test_any_bytes_give_questions_or_problems_never_an_exception(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.toml"
        path.write_bytes(GOOD.encode()[: len(data) % 200] + data)
        questions, problems = load_file(path)
    assert all(q.id and q.question for q in questions)
    for problem in problems:
        assert problem.path == str(path) and problem.line >= 0 and problem.message
