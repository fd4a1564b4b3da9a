"""Carry a branch's changes to the old one-file catalogue (``interview_sim/i18n.py``) into the
catalogue's area modules (``interview_sim/i18n/*.py``), for a merge after the split.

Git sees such a branch as modify/delete on ``interview_sim/i18n.py``. Then::

    base=$(git merge-base HEAD BRANCH)
    git show $base:interview_sim/i18n.py > /tmp/base.py
    git show BRANCH:interview_sim/i18n.py > /tmp/theirs.py
    python tools/i18n_merge.py /tmp/theirs.py --base /tmp/base.py
    git rm interview_sim/i18n.py

Each key the branch added or changed is written into the area module that holds its first part
("review." -> review.py; a new first part goes to app.py and is named), each key it removed is
removed, with the entry's text as the branch wrote it. A change outside ``STRINGS`` (PLURAL_BY,
the functions) is reported, to be made by hand in ``interview_sim/i18n/__init__.py``.
"""

from __future__ import annotations

import argparse
import ast
import collections
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "interview_sim" / "i18n"


def _strings_node(tree: ast.Module) -> ast.Dict:
    for node in tree.body:
        if isinstance(node, ast.AnnAssign | ast.Assign):
            targets = [node.target] if isinstance(node, ast.AnnAssign) else node.targets
            if any(getattr(t, "id", "") == "STRINGS" for t in targets) and isinstance(node.value, ast.Dict):
                return node.value
    raise SystemExit("no STRINGS = {...} table found")


def entries(source: str) -> dict[str, tuple[object, int, int]]:
    """Each key of the file's STRINGS literal: (its value, first line, last line), 1-based."""
    table = _strings_node(ast.parse(source))
    out = {}
    for key, value in zip(table.keys, table.values, strict=True):
        if not isinstance(key, ast.Constant) or not isinstance(key.value, str):
            raise SystemExit(f"line {getattr(key, 'lineno', '?')}: a key that is not a plain string")
        out[key.value] = (ast.literal_eval(value), key.lineno, value.end_lineno or key.lineno)
    return out


def rest_of(source: str) -> str:
    """The file without its STRINGS table: what the tool does not carry over."""
    table = _strings_node(ast.parse(source))
    lines = source.splitlines()
    return "\n".join(lines[: table.lineno - 1] + lines[table.end_lineno or 0 :])


def merge(theirs: str, base: str | None, package: Path = PACKAGE) -> list[str]:
    """Apply the changes; returns what was done, one line each."""
    their_entries = entries(theirs)
    their_lines = theirs.splitlines()
    base_entries = entries(base) if base is not None else {}
    areas = {p.stem: p for p in sorted(package.glob("*.py")) if not p.stem.startswith("_")}
    texts = {name: path.read_text(encoding="utf-8") for name, path in areas.items()}
    where: dict[str, str] = {}
    prefixes: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for name, text in texts.items():
        if "STRINGS" not in text or name == "__init__":
            continue
        for key in entries(text):
            where[key] = name
            prefixes[key.split(".")[0]][name] += 1
    done = []
    for key, (value, first, last) in their_entries.items():
        if key in base_entries and base_entries[key][0] == value:
            continue  # not changed on the branch
        body = their_lines[first - 1 : last]
        if key in where:
            area = where[key]
            current = entries(texts[area])
            if current[key][0] == value:
                continue
            _value, a, b = current[key]
            lines = texts[area].splitlines()
            texts[area] = "\n".join(lines[: a - 1] + body + lines[b:]) + "\n"
            done.append(f"changed {key} in {area}.py")
        else:
            counts = prefixes.get(key.split(".")[0])
            area = counts.most_common(1)[0][0] if counts else "app"
            text = texts[area].rstrip()
            if not text.endswith("}"):
                raise SystemExit(f"{areas[area]}: its STRINGS table is not the last thing in it")
            texts[area] = text[:-1].rstrip("\n") + "\n" + "\n".join(body) + "\n}\n"
            where[key] = area
            done.append(f"added {key} to {area}.py" + ("" if counts else " (a new first part)"))
    for key in base_entries:
        if key not in their_entries and key in where:
            area = where[key]
            _value, a, b = entries(texts[area])[key]
            lines = texts[area].splitlines()
            texts[area] = "\n".join(lines[: a - 1] + lines[b:]) + "\n"
            done.append(f"removed {key} from {area}.py")
    for name, text in texts.items():
        if text != areas[name].read_text(encoding="utf-8"):
            areas[name].write_text(text, encoding="utf-8")
    if base is not None and rest_of(theirs) != rest_of(base):
        done.append(
            "NOTE: the branch changed more than STRINGS (PLURAL_BY, functions): apply by hand in __init__.py"
        )
    return done


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("theirs", type=Path, help="the branch's interview_sim/i18n.py")
    parser.add_argument("--base", type=Path, help="the merge base's interview_sim/i18n.py")
    args = parser.parse_args(argv)
    base = args.base.read_text(encoding="utf-8") if args.base else None
    for line in merge(args.theirs.read_text(encoding="utf-8"), base):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
