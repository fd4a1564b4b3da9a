"""Give every Qt wait in the named test files a generous limit: ``timeout=UI_MS`` from
tests/waits.py where a wait has none (pytest-qt's default is 5 s) or a shorter one.

    python tools/patient_waits.py tests/test_*.py && ruff check --fix tests && ruff format tests

tests/test_waits_are_patient.py fails on any wait this would change.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

from tests.test_waits_are_patient import WAITS
from tests.waits import UI_MS

IMPORT = "from tests.waits import UI_MS"


def patched(data: bytes) -> bytes | None:
    """``data`` (a Python file) with its short waits given UI_MS, or None when it has none."""
    starts = [0]
    starts += [i + 1 for i, byte in enumerate(data) if byte == 10]

    def offset(line: int, col: int) -> int:  # ast columns count UTF-8 bytes
        return starts[line - 1] + col

    edits: list[tuple[int, int, bytes]] = []
    for node in ast.walk(ast.parse(data)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        if node.func.attr not in WAITS:
            continue
        limit = next((k.value for k in node.keywords if k.arg == "timeout"), None)
        if limit is not None:
            if isinstance(limit, ast.Constant) and isinstance(limit.value, int) and limit.value < UI_MS:
                assert limit.end_lineno is not None and limit.end_col_offset is not None
                start = offset(limit.lineno, limit.col_offset)
                edits.append((start, offset(limit.end_lineno, limit.end_col_offset), b"UI_MS"))
            continue
        assert node.end_lineno is not None and node.end_col_offset is not None
        close = offset(node.end_lineno, node.end_col_offset) - 1  # the call's ")"
        before = data[:close].rstrip()
        text = b" timeout=UI_MS," if before.endswith(b",") else b"timeout=UI_MS"
        if not before.endswith((b",", b"(")):
            text = b", timeout=UI_MS"
        edits.append((close, close, text))
    if not edits:
        return None
    for start, stop, text in sorted(edits, reverse=True):
        data = data[:start] + text + data[stop:]
    source = data.decode()
    if IMPORT not in source:
        last = 0  # after the imports at the top; ruff's import sorting puts it in its place
        for statement in ast.parse(source).body:
            if isinstance(statement, ast.Import | ast.ImportFrom):
                last = statement.end_lineno or last
            elif not (isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant)):
                break
        lines = source.split("\n")
        lines.insert(last, IMPORT)
        source = "\n".join(lines)
    return source.encode()


def main(files: list[str]) -> int:
    for name in files:
        path = Path(name)
        new = patched(path.read_bytes())
        if new is not None:
            path.write_bytes(new)
            print(f"patched {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
