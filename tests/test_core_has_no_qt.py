"""The core (and the device layer) must work without Qt: a CLI or a test can use them headless."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "interview_sim"
HEADLESS = [PACKAGE / "core", PACKAGE / "devices", PACKAGE / "paths.py", PACKAGE / "i18n"]


def _modules() -> list[Path]:
    files: list[Path] = []
    for place in HEADLESS:
        if place.is_dir():
            files.extend(sorted(place.rglob("*.py")))
        elif place.exists():
            files.append(place)
    return files


def test_no_headless_module_imports_qt() -> None:
    offenders = []
    for path in _modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [
                f"{path}:{node.lineno} {n}" for n in names if n.split(".")[0] in {"PySide6", "shiboken6"}
            ]
    assert _modules(), "no core modules found"
    assert offenders == []


def test_importing_the_core_does_not_load_qt() -> None:
    modules = [
        "interview_sim." + str(p.relative_to(PACKAGE).with_suffix("")).replace("/", ".")
        for p in _modules()
        if p.name != "__init__.py"
    ]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.startswith('PySide6')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
