"""``key set|delete|status ENGINE``: API keys for online engines, in the system keyring."""

from __future__ import annotations

import argparse
import getpass
import sys

from interview_sim.api_keys import (
    ENGINES_WITH_KEYS,
    KeyStoreError,
    delete_api_key,
    env_variable,
    get_api_key,
    set_api_key,
)
from interview_sim.cli import UserError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "key", help="store or delete an online engine's API key (kept in the system keyring)"
    )
    parser.add_argument("action", choices=("set", "delete", "status"))
    parser.add_argument("engine", choices=ENGINES_WITH_KEYS)
    parser.set_defaults(func=run_key)


def _read_key(engine: str) -> str:
    # Never a command-line argument: it would stay in the shell history and the process list.
    if sys.stdin.isatty():
        return getpass.getpass(f"{engine} API key (not shown): ")
    return sys.stdin.readline()


def run_key(args: argparse.Namespace) -> int:
    try:
        if args.action == "set":
            set_api_key(args.engine, _read_key(args.engine))
            print(f"the {args.engine} key is saved in the system keyring")
        elif args.action == "delete":
            if delete_api_key(args.engine):
                print(f"the {args.engine} key is deleted")
            else:
                print(f"no {args.engine} key was stored")
        else:
            stored = get_api_key(args.engine) is not None
            print(
                f"{args.engine}: a key is set"
                if stored
                else f"{args.engine}: no key set (keyring or {env_variable(args.engine)})"
            )
    except KeyStoreError as exc:
        raise UserError(str(exc)) from exc
    return 0
