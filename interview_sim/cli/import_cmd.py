"""``interview-sim import NOTES``: add questions from your own interview notes to your bank."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from interview_sim import paths
from interview_sim.cli import UserError
from interview_sim.core.bank import load_bank
from interview_sim.core.notes_import import read_notes
from interview_sim.core.user_bank import dump_questions, plan_import, slug, write_new_file


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "import",
        help="add the questions in your Markdown interview notes to your own bank",
        description=(
            "Read interview notes written in loose Markdown (numbered lists, headings with answer "
            "paragraphs, 'Question? (answer)' lines, Q&A code blocks) and add their questions to "
            "your own bank. The bundled bank is never changed; nothing is overwritten."
        ),
    )
    parser.add_argument("notes", nargs="+", type=Path, help="notes file(s) (UTF-8 or CP949)")
    parser.add_argument("--dry-run", action="store_true", help="show what would be added, write nothing")
    parser.set_defaults(func=import_notes)


def import_notes(args: argparse.Namespace) -> int:
    failures = 0
    for notes in args.notes:
        if not notes.is_file():
            raise UserError(f"{notes}: no such file")
        failures += _import_one(notes, args.dry_run)
    return 1 if failures else 0


def _import_one(notes: Path, dry_run: bool) -> int:
    result = read_notes(notes)
    for problem in result.problems:
        print(problem, file=sys.stderr)
    if not result.questions:
        print(f"{notes}: no questions found")
        return 1 if any(p.severity == "error" for p in result.problems) else 0
    bank = load_bank()
    plan = plan_import(result, notes.name, bank, slug(notes.stem))
    print(
        f"{notes}: found {len(result.questions)} questions, {result.answered} with answers; "
        f"{len(plan.already_present)} already in your bank"
    )
    for question in plan.questions:
        answer = "answered" if question.answers else "no answer"
        ref = question.references[0]
        print(f"  line {ref.line:>4}  [{question.category}, {answer}]  {question.question}")
    if dry_run or not plan.questions:
        return 0
    header = f"Imported by interview-sim from {notes.name}. Edit freely: this file is yours."
    target = write_new_file(
        paths.user_questions_dir(), f"imported-{slug(notes.stem)}", dump_questions(plan.questions, header)
    )
    print(f"added {len(plan.questions)} questions to {target}")
    return 0
