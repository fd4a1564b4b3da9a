"""Every Qt wait in the tests has a generous limit (tests/waits.py), so that a test written
tomorrow does not bring back pytest-qt's 5 s default, which failed a whole submission on a busy
two-core CI machine. The waits return as soon as their state holds: a long limit costs nothing."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.waits import UI_MS

TESTS = Path(__file__).resolve().parent
WAITS = {"waitUntil", "waitSignal", "waitSignals", "waitCallback", "waitActive", "waitExposed"}


def short_waits(source: str) -> list[tuple[int, str]]:
    """(line, what is wrong) for each Qt wait in ``source`` without a limit of at least UI_MS."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        if node.func.attr not in WAITS:
            continue
        limit = next((k.value for k in node.keywords if k.arg == "timeout"), None)
        if limit is None:
            found.append((node.lineno, f"{node.func.attr} without a timeout (pytest-qt's default: 5 s)"))
        elif isinstance(limit, ast.Constant) and isinstance(limit.value, int) and limit.value < UI_MS:
            found.append((node.lineno, f"{node.func.attr} with timeout={limit.value}"))
    return found


def test_the_check_finds_short_and_missing_limits() -> None:
    source = (
        "qtbot.waitUntil(lambda: ready)\n"
        "qtbot.waitUntil(lambda: ready, timeout=5_000)\n"
        "qtbot.waitUntil(lambda: ready, timeout=UI_MS)\n"
        "with qtbot.waitSignal(done, timeout=60_000):\n    pass\n"
    )
    assert [line for line, _ in short_waits(source)] == [1, 2]


def test_every_qt_wait_in_the_tests_has_a_generous_limit() -> None:
    problems = [
        f"{path.name}:{line}: {what}"
        for path in sorted(TESTS.glob("*.py"))
        for line, what in short_waits(path.read_text(encoding="utf-8"))
    ]
    assert not problems, "use timeout=UI_MS (tests/waits.py):\n" + "\n".join(problems)
