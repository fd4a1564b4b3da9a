"""Small commands: ``paths``."""

from __future__ import annotations

import argparse

from interview_sim import paths


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("paths", help="print where your data and the bundled bank are")
    parser.set_defaults(func=show_paths)


def show_paths(args: argparse.Namespace) -> int:
    print(f"user data:        {paths.data_home()}")
    print(f"database:         {paths.database_path()}")
    print(f"recordings:       {paths.recordings_dir()}")
    print(f"your questions:   {paths.user_questions_dir()}")
    print(f"settings:         {paths.settings_path()}")
    print(f"log:              {paths.logs_dir()}")
    print(f"database backups: {paths.data_home() / 'backups'}")
    print(f"bundled bank:     {paths.bundled_questions_dir()}")
    return 0
