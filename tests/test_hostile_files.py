"""Hostile question files, notes and settings: each ends in a loaded bank or a clear message with
file and line, never a traceback and never a hang (each case has its own timeout)."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interview_sim import paths
from interview_sim.core.bank import load_file
from interview_sim.core.notes_import import read_notes
from interview_sim.core.settings import DECLARED, Settings

ENTRY = (
    '[[question]]\nid = "network.q{i}"\ncategory = "network"\nkind = "technical"\n'
    'question = "TCP와 UDP의 차이를 설명해 주세요?"\n'
    '[[question.reference]]\nsource = "user"\ntext = "연결 지향과 비연결."\n\n'
)

# name: (file bytes, what the bank loader must say, what the notes importer must say)
HOSTILE: dict[str, tuple[Callable[[], bytes], str, str]] = {
    "10 MB of questions": (
        lambda: "".join(ENTRY.format(i=i) for i in range(10_000_000 // len(ENTRY))).encode(),
        r"file is 1\d\.\d MB; question files over 2 MB are not read",
        r"file is 1\d\.\d MB; notes over 2 MB are not read",
    ),
    "10 MB on one line": (
        lambda: b'question = "' + b"x" * 10_000_000 + b'"\n',
        r"10\.0 MB",
        r"10\.0 MB",
    ),
    "10,000 nested arrays": (
        lambda: ("a = " + "[" * 10_000 + "]" * 10_000 + "\n").encode(),
        r"nested too deeply",
        r"line longer than",
    ),
    "10,000 nested inline tables": (
        lambda: ("a = " + "{b=" * 10_000 + "1" + "}" * 10_000 + "\n").encode(),
        r"nested too deeply",
        r"line longer than",
    ),
    "10,000 nested tables in a header": (
        lambda: ("[" + ".".join(["a"] * 10_000) + "]\nx = 1\n").encode(),
        r"nested more than 32 levels",
        r"line longer than",
    ),
    "50,000 dotted key parts": (
        lambda: ("a" + ".a" * 50_000 + " = 1\n").encode(),
        r"nested more than 32 levels",
        r"line longer than",
    ),
    "nested arrays of tables": (
        lambda: "".join("[[" + ".".join(["q"] * k) + "]]\n" for k in range(1, 1_000)).encode(),
        r"nested more than 32 levels",
        r"",
    ),
    "random binary": (lambda: os.urandom(200_000), r"binary", r"binary"),
    "a PNG image": (lambda: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(3000), r"binary", r"binary"),
    "UTF-16": (lambda: ENTRY.format(i=1).encode("utf-16"), r"UTF-16", r"UTF-16"),
    "UTF-16 without a byte-order mark": (
        lambda: ENTRY.format(i=1).replace("TCP와 UDP의 차이를 설명해 주세요", "TCP?").encode("utf-16-le"),
        r"UTF-16",
        r"UTF-16",
    ),
    "Latin-1": (
        lambda: ENTRY.format(i=1).replace("TCP와 UDP의", "Café").encode("latin-1", "replace"),
        r"",
        r"",
    ),
    "truncated in a string": (lambda: ENTRY.format(i=1).encode()[:140], r"TOML syntax error", r""),
}


def _ok_problems(problems: list, path: Path, expected: str) -> None:  # type: ignore[type-arg]
    for problem in problems:
        assert problem.path == str(path)
        assert problem.line >= 0 and problem.message
    if expected:
        assert problems, "a hostile file must be reported"
        assert any(re.search(expected, p.message) for p in problems), problems


@pytest.mark.timeout(60)
@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_question_file(tmp_path: Path, name: str) -> None:
    make, expected, _ = HOSTILE[name]
    path = tmp_path / "hostile.toml"
    path.write_bytes(make())
    questions, problems = load_file(path, origin="user")
    _ok_problems(problems, path, expected)
    assert questions == [] or not expected


@pytest.mark.timeout(60)
@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_notes_file(tmp_path: Path, name: str) -> None:
    make, _, expected = HOSTILE[name]
    path = tmp_path / "hostile.md"
    path.write_bytes(make())
    result = read_notes(path)
    _ok_problems(result.problems, path, expected)


def test_mixed_newlines_load_with_the_right_lines(tmp_path: Path) -> None:
    path = tmp_path / "mixed.toml"
    good = ENTRY.format(i=1).replace("\n", "\r\n", 2).replace("kind", "\rkind")
    path.write_bytes((good + '[[question]]\rid = "network.q2"\r\ncategory = \n').encode())
    questions, problems = load_file(path, origin="user")
    assert [q.id for q in questions] == ["network.q1"]
    # Lines counted as an editor counts them, whichever of \r\n, \r and \n ends them.
    errors = [p for p in problems if p.severity == "error"]
    assert [(p.line, "syntax error" in p.message) for p in errors] == [(13, True)], problems


def test_mixed_newline_notes(tmp_path: Path) -> None:
    path = tmp_path / "mixed.md"
    path.write_bytes("1. TCP란?\r\n   연결 지향입니다.\r2. UDP란?\n   비연결입니다.\r\n".encode())
    result = read_notes(path)
    assert [q.asked for q in result.questions] == ["TCP란?", "UDP란?"]
    assert [q.line for q in result.questions] == [1, 3]


# -- settings --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        b"[" * 100_000 + b"]" * 100_000,
        b'{"version": 1, "values": ' + b'{"a": ' * 50_000 + b"1" + b"}" * 50_001,
        b"\xff\xfe\x00garbage",
        b"x" * 2_000_000,
    ],
    ids=["deep list", "deep object", "binary", "huge"],
)
def test_broken_settings_reset_say_so_and_keep_the_old_file(content: bytes) -> None:
    path = paths.settings_path()
    path.write_bytes(content)
    loaded = Settings.load(path)
    assert loaded.get("ui_language") == "ko"
    (problem,) = loaded.problems
    assert str(path) in problem and "reset to defaults" in problem
    assert path.with_name("settings.json.broken").read_bytes() == content
    loaded.save()  # the next save may replace the file: the copy keeps what was there
    assert path.with_name("settings.json.broken").read_bytes() == content


def test_settings_of_a_newer_version_are_kept_for_it() -> None:
    path = paths.settings_path()
    values = {"ui_language": "en", "font_size": "huge", "coach_voice": "calm", "ratings": {"scale": 5}}
    path.write_text(json.dumps({"version": 3, "values": values}), encoding="utf-8")
    loaded = Settings.load(path)
    assert loaded.get("ui_language") == "en" and loaded.get("font_size") == 11
    assert any("newer Interview Sim" in p for p in loaded.problems)
    assert any("'font_size'" in p and "reset to 11" in p for p in loaded.problems)
    loaded.set("theme", "dark")
    loaded.save()
    saved = json.loads(path.read_text(encoding="utf-8"))["values"]
    assert saved["coach_voice"] == "calm" and saved["ratings"] == {"scale": 5}
    assert saved["theme"] == "dark" and saved["font_size"] == 11


@settings(max_examples=150, deadline=None)
@given(
    st.binary(max_size=300)
    | st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=8),
        lambda children: (
            st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
        ),
        max_leaves=20,
    ).map(lambda v: json.dumps({"version": 1, "values": v}).encode())
)
def test_any_settings_file_loads(content: bytes) -> None:
    path = paths.settings_path()
    path.write_bytes(content)
    loaded = Settings.load(path)
    values = loaded.as_dict()
    assert set(values) == {s.key for s in DECLARED}
    assert all(s.accepts(values[s.key]) for s in DECLARED)
    loaded.save()
    assert Settings.load(path).problems == []
