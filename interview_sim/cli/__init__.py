"""The command line: ``interview-sim`` with no command opens the app; commands work headless.

Each command lives in its own module with a ``register(subparsers)`` function that adds its
parser and sets ``func`` to a callable taking the parsed arguments and returning an exit code.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from interview_sim import __version__

# Modules that add commands, in the order their commands appear in --help.
COMMAND_MODULES = (
    "interview_sim.cli.bank_cmd",
    "interview_sim.cli.import_cmd",
    "interview_sim.cli.speech_cmd",
    "interview_sim.cli.history_cmd",
    "interview_sim.cli.today_cmd",
    "interview_sim.cli.analyze_cmd",
    "interview_sim.cli.report_cmd",
    "interview_sim.cli.feedback_cmd",
    "interview_sim.cli.documents_cmd",
    "interview_sim.cli.archive_cmd",
    "interview_sim.cli.misc_cmd",
    "interview_sim.cli.key_cmd",
)


class UserError(Exception):
    """A problem the user can fix; printed as a message, never as a traceback."""


def _is_database_error(exc: BaseException) -> bool:
    # Not imported up front: the window opens without the archive module (issue 4, cold start),
    # and an exception cannot be a DatabaseError if that module was never imported.
    storage = sys.modules.get("interview_sim.core.storage")
    return storage is not None and isinstance(exc, storage.DatabaseError)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="interview-sim",
        description=(
            "Interview Sim: practise job interviews out loud. Without a command it opens the "
            "app; the commands below work without a window."
        ),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--category", action="append", help="preselect a question category (repeatable)")
    parser.add_argument("--count", type=int, help="preselect how many questions to practise")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check that Qt, speech, the model and storage work, then exit",
    )
    parser.add_argument(
        "--verbose",
        "--debug",
        action="store_true",
        help="log details (file paths, transcripts) to the log file in your data folder",
    )
    # Internal: the self-test's window check runs in a child process (cli/self_test.py).
    parser.add_argument("--self-test-qt-window", action="store_true", help=argparse.SUPPRESS)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue  # a command module not written yet
        module.register(subparsers)
    return parser


def build_app_parser() -> argparse.ArgumentParser:
    """The options of the app alone: no command module is imported to open the window."""
    parser = argparse.ArgumentParser(prog="interview-sim", add_help=False, exit_on_error=False)
    parser.add_argument("--category", action="append")
    parser.add_argument("--count", type=int)
    parser.add_argument("--verbose", "--debug", action="store_true")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        args, rest = build_app_parser().parse_known_args(argv)
    except argparse.ArgumentError:
        rest = argv
    if rest:
        # A command, --help, --version or a mistake: the full parser handles and explains it.
        args = build_parser().parse_args(argv)
    func = getattr(args, "func", None)
    try:
        if getattr(args, "self_test", False):
            # Before the log is set up: the self-test leaves the user's data folder untouched.
            from interview_sim.cli.self_test import run_self_test

            return run_self_test()
        if getattr(args, "self_test_qt_window", False):
            from interview_sim.cli.self_test import run_window_check

            return run_window_check()
        from interview_sim.logsetup import finish_logging, setup_logging, setup_logging_later

        if func is None:
            # The app sets up its log file once its window is painted (run_app); what is logged
            # before is kept until then.
            setup_logging_later(verbose=args.verbose)
        else:
            setup_logging(verbose=args.verbose)
        logging.getLogger(__name__).info(
            "interview-sim %s: %s", __version__, getattr(args, "command", None) or "app"
        )
        if func is None:
            from interview_sim.qt.app import run_app

            try:
                return run_app(args)
            finally:
                finish_logging()
        return int(func(args) or 0)
    except Exception as exc:
        if not (isinstance(exc, UserError) or _is_database_error(exc)):
            raise
        # DatabaseError: damaged, newer, full disk or read-only folder; the message says which.
        logging.getLogger(__name__).warning("stopped: %s", exc)
        print(f"interview-sim: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interview-sim: interrupted", file=sys.stderr)
        return 130
