"""The entry point: app options open the window without loading the command modules."""

from __future__ import annotations

import argparse

import pytest

import interview_sim.qt.app as qt_app
from interview_sim.cli import main


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
