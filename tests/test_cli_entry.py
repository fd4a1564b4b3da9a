"""The entry point: app options open the window without loading the command modules."""

from __future__ import annotations

import argparse
import re
import shlex
from pathlib import Path

import pytest

import interview_sim
import interview_sim.qt.app as qt_app
from interview_sim.cli import build_parser, main


@pytest.mark.parametrize(
    ("argv", "categories", "count"),
    [
        ([], None, None),
        (["--category", "network", "--count", "2"], ["network"], 2),
        (["--verbose"], None, None),
    ],
)
def test_app_options_reach_the_window(
    monkeypatch: pytest.MonkeyPatch, argv: list[str], categories: list[str] | None, count: int | None
) -> None:
    seen: list[argparse.Namespace] = []

    def fake_run_app(args: argparse.Namespace) -> int:
        seen.append(args)
        return 0

    monkeypatch.setattr(qt_app, "run_app", fake_run_app)
    assert main(argv) == 0
    assert len(seen) == 1
    assert seen[0].category == categories and seen[0].count == count


def test_a_bad_option_is_explained_not_a_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--count", "many"])
    assert exit_info.value.code == 2
    assert "invalid int value" in capsys.readouterr().err


# Every hint that names a command is written in backticks; each must be a command line the
# parser accepts (placeholders such as FILE parse as the values they stand for).
_HINT = re.compile(r"`(interview-sim(?: [^`\n]*)?)`")


def _hints() -> list[tuple[str, str]]:
    package = Path(interview_sim.__file__).parent
    found = []
    for source in sorted(package.rglob("*.py")):
        for hint in _HINT.findall(source.read_text(encoding="utf-8")):
            found.append((str(source.relative_to(package)), hint))
    return found


def test_the_hints_are_found() -> None:
    places = {place for place, _ in _hints()}
    assert {"cli/speech_cmd.py", "cli/analyze_cmd.py", "core/report.py"} <= places


@pytest.mark.parametrize(("place", "hint"), _hints())
def test_hints_name_commands_that_exist(place: str, hint: str) -> None:
    try:
        build_parser().parse_args(shlex.split(hint)[1:])
    except SystemExit as exc:
        pytest.fail(f"{place}: the hint `{hint}` is not a command line interview-sim accepts ({exc})")


def test_practice_with_an_unknown_id_suggests_a_command_that_lists_the_bank(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["practice", "--headless", "--question", "no.such-question"]) == 2
    hints = _HINT.findall(capsys.readouterr().err)
    assert hints == ["interview-sim bank"]
    assert main(shlex.split(hints[0])[1:]) == 0
    listing = capsys.readouterr().out
    assert "network.tcp" in listing and "questions," in listing
