"""tools/i18n_merge.py: a branch's changes to the old one-file catalogue carried into the area
modules (added, changed and removed keys), on a copy of the package's layout."""

from __future__ import annotations

import ast
from pathlib import Path

from tools.i18n_merge import merge

HEAD = '"""Strings."""\n\nfrom __future__ import annotations\n\n'


def table(path: Path) -> dict[str, object]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    node = next(n for n in tree.body if isinstance(n, ast.AnnAssign))
    return ast.literal_eval(node.value)  # type: ignore[no-any-return]


def test_added_changed_and_removed_keys_land_in_their_areas(tmp_path: Path) -> None:
    package = tmp_path / "i18n"
    package.mkdir()
    (package / "__init__.py").write_text("from x import review, app\n", encoding="utf-8")
    (package / "_text.py").write_text("Text = str\n", encoding="utf-8")
    (package / "review.py").write_text(
        HEAD + "STRINGS: dict[str, dict[str, Text]] = {\n"
        '    "review.a": {"ko": "가", "en": "A"},\n'
        '    "review.b": {\n        "ko": "나",\n        "en": "B",\n    },\n}\n',
        encoding="utf-8",
    )
    (package / "app.py").write_text(
        HEAD + 'STRINGS: dict[str, dict[str, Text]] = {\n    "app.title": {"ko": "앱", "en": "App"},\n}\n',
        encoding="utf-8",
    )
    base = (
        HEAD + "STRINGS: dict[str, dict[str, Text]] = {\n"
        '    "app.title": {"ko": "앱", "en": "App"},\n'
        '    "review.a": {"ko": "가", "en": "A"},\n'
        '    "review.b": {"ko": "나", "en": "B"},\n'
        "}\n\nPLURAL_BY = {}\n"
    )
    theirs = (
        HEAD + "STRINGS: dict[str, dict[str, Text]] = {\n"
        '    "app.title": {"ko": "앱", "en": "App"},\n'
        '    "review.a": {"ko": "가가", "en": "AA"},  # changed\n'
        '    "review.c": {\n        "ko": "다",\n        "en": "C",\n    },\n'
        '    "brand_new.x": {"ko": "새", "en": "New"},\n'
        '}\n\nPLURAL_BY = {"review.c": "n"}\n'
    )

    done = merge(theirs, base, package)

    assert table(package / "review.py") == {
        "review.a": {"ko": "가가", "en": "AA"},
        "review.c": {"ko": "다", "en": "C"},
    }
    assert table(package / "app.py") == {
        "app.title": {"ko": "앱", "en": "App"},
        "brand_new.x": {"ko": "새", "en": "New"},
    }
    assert "changed review.a in review.py" in done and "removed review.b from review.py" in done
    assert "added brand_new.x to app.py (a new first part)" in done
    assert any(line.startswith("NOTE: the branch changed more than STRINGS") for line in done)
    # Nothing left to do the second time.
    assert [line for line in merge(theirs, base, package) if not line.startswith("NOTE")] == []
