"""Sources by the title of their note, not by a hashed file name."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from interview_sim import paths
from interview_sim.core.bank import USER_SOURCE, load_bank
from interview_sim.core.sources import TITLES_FILE, note_title, source_title


def test_every_shipped_note_has_a_title_that_is_not_its_file_name() -> None:
    shipped = sorted(paths.seed_notes_dir().glob("*.txt"))
    assert shipped
    titles = {path.name: source_title(path.name, "ko") for path in shipped}
    for name, title in titles.items():
        assert title and title != name and Path(name).stem not in title, name
        assert not title.startswith(("#", "1.", "<", "-")), title
    assert titles["001_8fb70bbf054bce40.txt"] == "네트워크"  # "<hr>", then "### 1. 네트워크"
    assert titles["002_356ac9ab6377bb43.txt"] == "위코드 수료 후 백엔드 면접 후기 및 FAQ"  # front matter
    assert titles["003_c864af1a4c5b3e23.txt"] == "면접 준비 자기소개 및 개인적인 cs 지식 정리"


def test_every_reference_of_the_bank_is_named_by_a_title() -> None:
    bank = load_bank()
    sources = {r.source for q in bank.questions for r in q.answers}
    assert sources
    for source in sources:
        assert not source_title(source, "en").endswith(".txt"), source


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ('---\nlayout: post\ntitle: "My notes"\n---\n# Other', "My notes"),
        ("\n<hr>\n### 2. 운영체제\nbody", "운영체제"),
        ("```\ncode\n```\nplain first line", "plain first line"),
        ("1. 객체지향프로그래밍이란 ?\n\n   1. body", "객체지향프로그래밍이란?"),
        ("- **bold** item", "bold item"),
        ("", ""),
        ("#" + "가" * 100, "가" * 59 + "…"),
    ],
)
def test_a_title_is_read_from_the_top_of_the_note(text: str, title: str) -> None:
    assert note_title(text) == title


def test_other_sources_get_plain_names(tmp_path: Path) -> None:
    assert source_title(USER_SOURCE, "ko") == "내가 쓴 답"
    assert source_title(USER_SOURCE, "en") == "Your own answer"
    assert source_title("", "en") == "Unknown source"
    assert source_title("007_0123456789abcdef.txt", "en", notes_dir=tmp_path) == "Notes 8"  # file gone
    assert source_title("my_network-notes.md", "en", notes_dir=tmp_path) == "my network notes"
    (tmp_path / "imported.md").write_text("# Database basics\n\ntext", encoding="utf-8")
    assert source_title("imported.md", "en", notes_dir=tmp_path) == "Database basics"


def test_every_source_of_the_bundled_bank_has_an_english_title() -> None:
    # The shipped notes are Korean: the English UI names them by resources/seed-notes/titles.toml.
    bank = load_bank()
    sources = {r.source for q in bank.questions for r in q.answers} - {USER_SOURCE}
    assert {p.name for p in paths.seed_notes_dir().glob("*.txt")} <= sources
    for source in sources:
        title = source_title(source, "en")
        assert title and not re.search(r"[\uac00-\ud7a3]", title), (source, title)
        assert source_title(source, "ko") != title or not source.endswith(".txt")


def test_a_titles_file_names_sources_in_its_languages(tmp_path: Path) -> None:
    (tmp_path / "note.md").write_text("# 데이터베이스 기초\n\n본문", encoding="utf-8")
    (tmp_path / TITLES_FILE).write_text('[en]\n"note.md" = "Database basics"\n', encoding="utf-8")
    assert source_title("note.md", "en", notes_dir=tmp_path) == "Database basics"
    assert source_title("note.md", "ko", notes_dir=tmp_path) == "데이터베이스 기초"  # the note's own
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / TITLES_FILE).write_text("[en\nbroken", encoding="utf-8")
    (tmp_path / "other" / "note.md").write_text("# 데이터베이스 기초\n", encoding="utf-8")
    assert source_title("note.md", "en", notes_dir=tmp_path / "other") == "데이터베이스 기초"
