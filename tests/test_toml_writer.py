"""The one TOML writer: every string we write into a TOML file reads back exactly with tomllib,
whatever it holds, and the files built with it (imports, edits, templates) load again."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from interview_sim.core.bank import Question, Reference, parse_questions
from interview_sim.core.overrides import load_overrides, save_override
from interview_sim.core.templates import Section, Template, load_file, templates_toml
from interview_sim.core.tomlfile import toml_array, toml_inline_table, toml_key, toml_string
from interview_sim.core.user_bank import dump_questions

HOSTILE = [
    "",
    'say "hi"',
    "C:\\Users\\me\\new",
    "\\n is not a newline",
    "ends with a backslash \\",
    "line one\nline two",
    "trailing newline\n",
    "\nleading newline",
    "\n\n",
    "''' three quotes\nand a newline",
    "ends with quotes\n''",
    "ends with a quote\n'",
    '"""\nbasic quotes in lines\n"""',
    "tab\there\nand a CR\r\nline",
    "\r",
    "\x00\x01\x08\x0b\x0c\x1b\x1f\x7f",
    "bell \x07 in\nlines",
    "TCP는 신뢰성 있는 전송을 보장합니다.\n3-way handshake로 연결합니다.",
    "한글 🙂 emoji and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "\u2028 line separator \u0085 next line",
    "[[question]]\nid = 'injected.one'\n",
    "# not a comment",
]


def read_back(value: str) -> str:
    return tomllib.loads(f"v = {toml_string(value)}\n")["v"]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_strings_round_trip(value: str) -> None:
    assert read_back(value) == value


def test_text_of_several_lines_stays_readable() -> None:
    assert toml_string("첫 줄\n둘째 줄") == "'''\n첫 줄\n둘째 줄'''"
    assert toml_string('one "line"') == '"one \\"line\\""'


@given(st.text())
def test_any_text_round_trips(value: str) -> None:
    assert read_back(value) == value


@given(st.lists(st.text()), st.dictionaries(st.text(min_size=1), st.text()))
def test_arrays_tables_and_keys_round_trip(values: list[str], table: dict[str, str]) -> None:
    document = f"a = {toml_array(values)}\nt = {toml_inline_table(table)}\n"
    assert tomllib.loads(document) == {"a": values, "t": table}


def test_keys_are_bare_only_when_they_can_be() -> None:
    assert toml_key("ko") == "ko"
    key = "a b.c\n"
    assert tomllib.loads(toml_key(key) + " = 1") == {key: 1}


def test_a_lone_surrogate_is_refused_with_a_message() -> None:
    with pytest.raises(ValueError, match="surrogate"):
        toml_string("bad \udc80 byte")


@pytest.mark.parametrize("value", HOSTILE)
def test_files_written_with_it_load_again(value: str, tmp_path: Path) -> None:
    text = value if value.strip() else "x"
    question = Question(
        "network.hostile",
        "network",
        "technical",
        text,
        [Reference("import:notes.md", value, 3, text)],
        keywords=[text, "TCP | 티씨피"],
    )
    loaded, problems = parse_questions(dump_questions([question], header=value), "q.toml")
    assert [p for p in problems if p.severity == "error"] == []
    assert loaded[0].question == text.strip() and loaded[0].keywords[0] == text.strip()
    # The reader trims newlines around a reference (the writer keeps them): all else is kept.
    assert loaded[0].references[0].text == value.strip("\n")

    template = Template("mine", {"ko": text, "en": value}, 60.0, 90.0, (Section("s", {"ko": text}, 60.0),))
    user = tmp_path / "templates.toml"
    user.write_text(templates_toml([template]), encoding="utf-8")
    templates, problems = load_file(user)
    assert problems == [] and templates[0].name == {"ko": text, "en": value}


def test_an_edit_with_hostile_text_saves_and_loads(tmp_path: Path) -> None:
    path = tmp_path / "overrides.toml"
    reference = "C:\\path \"quoted\" '''\n두 번째 줄\t탭"
    save_override("network.tcp", keywords=['"따옴표"', "역\\슬래시"], reference=reference, path=path)
    overrides, problems = load_overrides(path)
    assert problems == []
    assert overrides["network.tcp"].keywords == ['"따옴표"', "역\\슬래시"]
    assert overrides["network.tcp"].reference == reference
