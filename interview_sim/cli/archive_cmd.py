"""``archive export`` / ``archive import``: the whole archive as one zip, for backup or a new machine."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from interview_sim.cli import UserError


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "archive",
        help="export or import all your data (database, recordings, your questions) as one zip",
    )
    actions = parser.add_subparsers(dest="archive_action", metavar="ACTION", required=True)
    export = actions.add_parser("export", help="write everything to a new zip file")
    export.add_argument("file", type=Path, metavar="FILE.zip")
    export.add_argument("--force", action="store_true", help="replace FILE.zip if it exists")
    export.set_defaults(func=run_export)
    imp = actions.add_parser(
        "import",
        help="load a zip made by `archive export` into an empty data folder",
        description=(
            "Import goes into an empty data folder. If yours holds data, --replace first moves it "
            "to import-backups/<time>/ inside the data folder, where it is kept. The app's File > "
            "Restore practice data from a backup does the same as --replace."
        ),
    )
    imp.add_argument("file", type=Path, metavar="FILE.zip")
    imp.add_argument(
        "--replace",
        action="store_true",
        help="move the current data to a backup folder (kept) and import in its place",
    )
    imp.set_defaults(func=run_import)
    corpus = actions.add_parser(
        "corpus",
        help="write your answers that have a corrected transcript as a speech corpus (audio + .txt)",
        description=(
            "Each answer whose transcript you corrected becomes <id>.flac (or .wav) with <id>.txt "
            "holding your correction, plus corpus.json. Measure the engines on it with "
            "bench/accuracy_bench.py --corpus DIR."
        ),
    )
    corpus.add_argument("folder", type=Path, metavar="DIR", help="a new or empty folder")
    corpus.set_defaults(func=run_corpus)


def run_export(args: argparse.Namespace) -> int:
    from interview_sim.core.archive import ArchiveError, export_archive

    try:
        result = export_archive(args.file, force=args.force)
    except ArchiveError as exc:
        raise UserError(str(exc)) from exc
    for message in result.skipped:
        print(f"interview-sim: {message}", file=sys.stderr)
    print(f"wrote {result.path}: {result.files} files, {result.bytes} bytes")
    return 0


def run_import(args: argparse.Namespace) -> int:
    from interview_sim import paths
    from interview_sim.core.archive import ArchiveError, import_archive

    try:
        result = import_archive(args.file, replace=args.replace)
    except ArchiveError as exc:
        raise UserError(str(exc)) from exc
    for line in result.settled:
        print(f"interview-sim: {line}", file=sys.stderr)
    print(f"imported {result.files} files ({result.bytes} bytes) into {paths.data_home()}")
    if result.backup is not None:
        print(f"your previous data is kept in {result.backup}")
    return 0


def run_corpus(args: argparse.Namespace) -> int:
    from interview_sim.core.corpus import CorpusError, export_corpus
    from interview_sim.core.generated import QuestionTexts
    from interview_sim.core.recovery import open_database_with_recovery

    bank = None
    try:
        from interview_sim.core.bank import load_bank

        bank = load_bank()
        langs = {q.id: q.lang for q in bank.questions}
    except Exception:  # a broken bank: every answer counts as Korean
        langs = {}
    with open_database_with_recovery(transcribe=False) as db:
        texts = QuestionTexts(db, bank)
        try:
            result = export_corpus(db, args.folder, langs, texts.label)
        except CorpusError as exc:
            raise UserError(str(exc)) from exc
    for message in result.skipped:
        print(f"interview-sim: {message}", file=sys.stderr)
    print(f"wrote {result.items} answers with corrected transcripts to {result.folder}")
    return 0
