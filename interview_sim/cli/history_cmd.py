"""``history``: past sessions and their answers."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from interview_sim.core.storage import Attempt, Session


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("history", help="list past sessions and their answers")
    parser.add_argument("--format", choices=("json", "text"), default="text")
    parser.set_defaults(func=run_history)


def attempt_json(attempt: Attempt) -> dict[str, Any]:
    shown = attempt.transcript
    return {
        "id": attempt.id,
        "question_id": attempt.question_id,
        "status": attempt.status,
        "audio_path": attempt.audio_path,
        "transcript": shown.text if shown is not None else None,
        "engine": shown.engine if shown is not None else None,
        "words": shown.words if shown is not None else [],
        "duration_s": attempt.duration_s,
        "started_at": attempt.started_at,
        "ended_at": attempt.ended_at,
        "error": attempt.error,
        "transcripts": [
            {"id": t.id, "engine": t.engine, "source": t.source, "text": t.text, "created_at": t.created_at}
            for t in attempt.transcripts
        ],
    }


def session_json(session: Session) -> dict[str, Any]:
    return {
        "id": session.id,
        "started_at": session.started_at,
        "ended_at": session.ended_at,
        "attempts": [attempt_json(a) for a in session.attempts],
    }


def run_history(args: argparse.Namespace) -> int:
    from interview_sim.core.recovery import open_database_with_recovery

    def report(message: str) -> None:
        print(f"interview-sim: {message}", file=sys.stderr)

    with open_database_with_recovery(report=report) as db:
        sessions = db.sessions()
    if args.format == "json":
        print(json.dumps([session_json(s) for s in sessions], ensure_ascii=False, indent=1))
        return 0
    if not sessions:
        print("no sessions yet")
    for session in sessions:
        print(f"session {session.id}  {session.started_at}")
        for a in session.attempts:
            shown = a.transcript
            text = (shown.text if shown is not None else "")[:60]
            duration = f"{a.duration_s:6.1f} s" if a.duration_s is not None else "      -"
            print(f"  #{a.id:<5} {a.status:<9} {duration}  {a.question_id}  {text}")
    return 0
