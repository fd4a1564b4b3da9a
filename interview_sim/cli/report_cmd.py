"""``report``: one session as a self-contained HTML file or as Markdown."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from interview_sim.cli import UserError


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("report", help="export one session as an HTML or Markdown report")
    parser.add_argument("session_id", type=int, metavar="SESSION_ID", help="as listed by `history`")
    parser.add_argument("--format", choices=("html", "md"), default="html")
    parser.add_argument("-o", "--output", required=True, type=Path, metavar="FILE")
    parser.add_argument("--force", action="store_true", help="replace FILE if it exists")
    parser.add_argument("--lang", choices=("ko", "en"), help="report language (default: the app's)")
    parser.set_defaults(func=run_report)


def run_report(args: argparse.Namespace) -> int:
    from interview_sim import paths
    from interview_sim.core.bank import load_bank
    from interview_sim.core.recovery import open_database_with_recovery
    from interview_sim.core.report import (
        ReportError,
        build_report,
        render_html,
        render_markdown,
        write_report,
    )
    from interview_sim.core.settings import Settings
    from interview_sim.core.storage import DatabaseError
    from interview_sim.core.templates import load_templates

    output: Path = args.output
    if output.exists() and not args.force:
        raise UserError(f"{output} already exists; pass --force to replace it")
    lang = args.lang or Settings.load(paths.settings_path()).get("ui_language")
    templates = load_templates()
    bank = load_bank(templates=templates)

    def warn(message: str) -> None:
        print(f"interview-sim: {message}", file=sys.stderr)

    try:
        with open_database_with_recovery(transcribe=False, report=warn) as db:
            report = build_report(db, args.session_id, bank, templates, lang)
        text = render_html(report) if args.format == "html" else render_markdown(report)
        write_report(text, output, force=args.force)
    except (ReportError, DatabaseError) as exc:
        raise UserError(str(exc)) from exc
    print(f"wrote {output} ({len(report.answers)} answers)")
    return 0
