"""``interview-sim bank``: list the question bank, or validate question files."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from interview_sim import paths
from interview_sim.core import bank as bank_module
from interview_sim.core.bank import CATEGORIES, KINDS, Question, load_bank
from interview_sim.core.overrides import OVERRIDES_FILE, load_overrides
from interview_sim.core.templates import load_file as load_template_file
from interview_sim.core.templates import load_templates_checked
from interview_sim.core.tomlfile import Problem


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "bank",
        help="list the question bank (bundled and your own) or validate question files",
        description="List the question bank, or check question files with 'bank validate [PATH]'.",
    )
    parser.add_argument("--category", choices=list(CATEGORIES), action="append", help="only this category")
    parser.add_argument("--kind", choices=list(KINDS), action="append", help="only this kind")
    parser.add_argument(
        "--lang",
        choices=("ko", "en", "both"),
        default="both",
        help="only the questions in this language (default: both)",
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.set_defaults(func=list_bank)
    actions = parser.add_subparsers(dest="bank_action", metavar="ACTION")
    validate = actions.add_parser(
        "validate",
        help="check question files and report problems with file and line",
        description=(
            "Check question (and templates.toml) files. Without PATH: the bundled bank and your "
            "own. Exits 1 when any file has errors."
        ),
    )
    validate.add_argument("path", nargs="*", type=Path, help="a question file or a folder of them")
    validate.add_argument("--strict", action="store_true", help="treat warnings as errors too")
    validate.set_defaults(func=validate_bank)


def list_bank(args: argparse.Namespace) -> int:
    bank = load_bank()
    langs = () if args.lang == "both" else (args.lang,)
    questions = bank.select(args.category or (), args.kind or (), langs)
    for problem in bank.errors:
        print(problem, file=sys.stderr)
    if args.format == "json":
        json.dump([q.to_json() for q in questions], sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    for q in questions:
        print(_text_line(q))
    answered = sum(1 for q in questions if q.answers)
    print(f"\n{len(questions)} questions, {answered} with a reference answer")
    return 0


def _text_line(q: Question) -> str:
    mark = " " if q.answers else "*"
    return f"{mark} {q.id:<44} {q.question}"


def validate_bank(args: argparse.Namespace) -> int:
    problems: list[Problem] = []
    count = 0
    if args.path:
        files: list[Path] = []
        for path in args.path:
            if path.is_dir():
                files.extend(sorted(path.glob("*.toml")))
                files.extend(sorted((path / bank_module.EDITIONS_DIR).glob("*.toml")))
            elif path.exists():
                files.append(path)
            else:
                problems.append(Problem(str(path), 0, "no such file or folder"))
        questions = []
        for path in files:
            if path.name == "templates.toml":
                template_list, file_problems = load_template_file(path)
                count += len(template_list)
            elif path.name == OVERRIDES_FILE:
                edits, file_problems = load_overrides(path)
                count += len(edits)
            else:
                loaded, file_problems = bank_module.load_file(path)
                questions.extend(loaded)
                count += len(loaded)
            problems.extend(file_problems)
        problems.extend(bank_module.check_links(questions, load_templates_checked()[0]))
        scope = f"{len(files)} file(s)"
    else:
        known_templates, template_problems = load_templates_checked()
        bank = load_bank(templates=known_templates)
        problems = template_problems + bank.problems
        count = len(bank)
        scope = f"{paths.bundled_questions_dir()} and {paths.user_questions_dir()}"
    for problem in sorted(problems):
        print(problem)
    errors = sum(1 for p in problems if p.severity == "error" or args.strict)
    warnings = len(problems) - errors if not args.strict else 0
    print(f"{scope}: {count} entries loaded, {errors} error(s), {warnings} warning(s)")
    return 1 if errors else 0
