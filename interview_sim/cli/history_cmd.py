"""``history``: past sessions and their answers."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from interview_sim.cli import UserError
from interview_sim.core.storage import Attempt, AttemptFilter, Session


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("history", help="list past sessions and their answers, with metrics")
    parser.add_argument("--format", choices=("json", "text"), default="text")
    parser.add_argument("--since", metavar="DATE", help="attempts from this day on (YYYY-MM-DD)")
    parser.add_argument("--until", metavar="DATE", help="attempts up to this day, included (YYYY-MM-DD)")
    parser.add_argument("--category", action="append", default=[], help="only this category (repeatable)")
    parser.add_argument("--question", action="append", default=[], metavar="ID", help="only this question")
    parser.add_argument("--min-score", type=float, metavar="N", help="content score at least N (0-100)")
    parser.add_argument("--max-score", type=float, metavar="N", help="content score at most N (0-100)")
    parser.set_defaults(func=run_history)


def question_line(label: str | None, question_id: str) -> str:
    """The question's text with its id, which ``--question`` and ``practice`` take."""
    return question_id if not label or label == question_id else f"{label} [{question_id}]"


def transcript_label(shown: Any) -> dict[str, Any] | None:
    from interview_sim.core.refinement import transcript_label as label

    return label(shown)


def metrics_json(metrics: dict[str, Any] | None) -> dict[str, Any] | None:
    """The cached analysis summary as shown to users (without its cache key)."""
    if metrics is None:
        return None
    return {k: v for k, v in metrics.items() if k != "key"}


def attempt_json(
    attempt: Attempt, earlier: dict[str, str] | None = None, question: str | None = None
) -> dict[str, Any]:
    shown = attempt.transcript
    return {
        "id": attempt.id,
        "question_id": attempt.question_id,
        # the question's text (a generated follow-up marked so, an id gone from the bank too)
        "question": question if question is not None else attempt.question_id,
        "status": attempt.status,
        "audio_path": attempt.audio_path,
        "transcript": shown.text if shown is not None else None,
        "engine": shown.engine if shown is not None else None,
        "words": shown.words if shown is not None else [],
        "duration_s": attempt.duration_s,
        "started_at": attempt.started_at,
        "ended_at": attempt.ended_at,
        "error": attempt.error,
        # The transcript the analysis and scores used (correction > refined > live).
        "analysis_transcript": transcript_label(shown),
        "refine_pending": attempt.refine_pending,
        "transcripts": [
            {"id": t.id, "engine": t.engine, "source": t.source, "text": t.text, "created_at": t.created_at}
            for t in attempt.transcripts
        ],
        "rating": attempt.rating,
        "notes": attempt.notes,
        "content_score": attempt.content_score,
        "metrics": metrics_json(attempt.metrics),
        # Measures without a published norm, against this candidate's answers before this one.
        "compared_with_earlier": earlier or {},
    }


def session_json(
    session: Session,
    earlier: dict[int, dict[str, str]] | None = None,
    labels: dict[str, str] | None = None,
) -> dict[str, Any]:
    return {
        "id": session.id,
        "started_at": session.started_at,
        "ended_at": session.ended_at,
        "attempts": [
            attempt_json(a, (earlier or {}).get(a.id), (labels or {}).get(a.question_id))
            for a in session.attempts
        ],
    }


def earlier_comparisons(sessions: list[Session]) -> dict[int, dict[str, str]]:
    from interview_sim.core.voice import compare_with_earlier

    ordered = sorted((a for s in sessions for a in s.attempts), key=lambda a: (a.started_at, a.id))
    return {a.id: v for a, v in zip(ordered, compare_with_earlier([a.metrics for a in ordered]), strict=True)}


def _filter(args: argparse.Namespace) -> AttemptFilter | None:
    where = AttemptFilter(
        since=args.since,
        until=args.until,
        categories=tuple(args.category),
        question_ids=tuple(args.question),
        min_score=args.min_score,
        max_score=args.max_score,
    )
    return None if where == AttemptFilter() else where


def run_history(args: argparse.Namespace) -> int:
    from interview_sim import paths
    from interview_sim.core.bank import load_bank
    from interview_sim.core.generated import QuestionTexts
    from interview_sim.core.recovery import open_database_with_recovery
    from interview_sim.core.review import update_metrics
    from interview_sim.core.settings import Settings
    from interview_sim.core.templates import load_templates

    def report(message: str) -> None:
        print(f"interview-sim: {message}", file=sys.stderr)

    where = _filter(args)
    with open_database_with_recovery(report=report) as db:
        # Scores are cached by the first listing; the score filter needs them first. The voice
        # measures read each recording once (about 0.15 s a minute of audio): say so when many.
        def progress(done: int, total: int) -> None:
            if total >= 20 and done == 0:
                report(f"measuring {total} answers once (their recordings are read); this takes a while")

        bank = load_bank()
        update_metrics(db, bank, load_templates(), progress=progress)
        try:
            wanted = None if where is None else {a.id for a in db.list_attempts(where)}
        except ValueError as exc:
            raise UserError(f"--since/--until: {exc}") from exc
        sessions = db.sessions()
        lang = Settings.load(paths.settings_path()).get("ui_language")
        texts = QuestionTexts(db, bank)
        texts.preload(a.question_id for s in sessions for a in s.attempts)
        labels = {a.question_id: texts.label(a.question_id, lang) for s in sessions for a in s.attempts}
    earlier = earlier_comparisons(sessions)
    if wanted is not None:
        for session in sessions:
            session.attempts = [a for a in session.attempts if a.id in wanted]
        sessions = [s for s in sessions if s.attempts]
    if args.format == "json":
        print(json.dumps([session_json(s, earlier, labels) for s in sessions], ensure_ascii=False, indent=1))
        return 0
    if not sessions:
        print("no sessions yet" if where is None else "no attempt matches")
    for session in sessions:
        print(f"session {session.id}  {session.started_at}")
        for a in session.attempts:
            shown = a.transcript
            text = (shown.text if shown is not None else "")[:50]
            duration = f"{a.duration_s:6.1f} s" if a.duration_s is not None else "      -"
            metrics = a.metrics or {}
            score = (
                f"{metrics['content_score']:5.1f}" if metrics.get("content_score") is not None else "    -"
            )
            rate = f"{metrics['rate']:5.0f}" if metrics.get("rate") is not None else "    -"
            fillers = metrics.get("fillers", "-")
            print(
                f"  #{a.id:<5} {a.status:<9} {duration}  score {score}  pace {rate}  fillers {fillers!s:<3} "
                f"{question_line(labels.get(a.question_id), a.question_id)}  {text}"
            )
    return 0
