"""``today``: what is due, the streak, the daily goal and what to work on (core/today.py)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from interview_sim import paths


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "today",
        help="today's practice: questions due, streak, daily goal and the last session's focus",
        description=(
            "Today's practice: how many questions are due for review (FSRS), the streak of days "
            "practised, answers given today against the daily goal (setting daily_goal), the last "
            "session's three things to work on, and the questions today's practice would ask."
        ),
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument(
        "--lang",
        choices=("ko", "en", "both"),
        default="both",
        help="questions in this language (default: both)",
    )
    parser.set_defaults(func=run_today)


def run_today(args: argparse.Namespace) -> int:
    from interview_sim.core.bank import load_bank
    from interview_sim.core.recovery import open_database_with_recovery
    from interview_sim.core.settings import Settings
    from interview_sim.core.templates import load_templates
    from interview_sim.core.today import LANG_CHOICES, today_plan

    def report(message: str) -> None:
        print(f"interview-sim: {message}", file=sys.stderr)

    settings = Settings.load(paths.settings_path())
    for problem in settings.problems:
        report(problem)
    bank = load_bank()
    with open_database_with_recovery(report=report) as db:
        plan = today_plan(
            db, bank, load_templates(), goal=settings.get("daily_goal"), langs=LANG_CHOICES[args.lang]
        )
    if args.format == "json":
        print(json.dumps(plan.to_json(), ensure_ascii=False, indent=1))
        return 0
    days = "day" if plan.streak_days == 1 else "days"
    print(
        f"{plan.day.isoformat()}: {len(plan.due)} due · {plan.done_today} of {plan.goal} answers today · "
        f"streak {plan.streak_days} {days}"
    )
    if plan.weakest_categories:
        weakest = ", ".join(f"{category} {score * 100:.0f}%" for category, score in plan.weakest_categories)
        print(f"weakest categories (recent performance): {weakest}")
    if plan.focus:
        where = "AI debrief" if plan.focus_source == "debrief" else "measured answers"
        print(f"work on (from session {plan.last_session_id}, its {where}):")
        for number, item in enumerate(plan.focus, start=1):
            print(f"  {number}. {item.text(plan.focus_lang)}")
    practice = plan.practice
    if practice:
        print(f"today's practice, {len(practice)} question(s):")
        for question_id in practice:
            question = bank.get(question_id)
            # next: the last debrief's pick; due: FSRS; new: never answered
            mark = "next" if question_id in plan.picked else "due" if question_id in plan.due else "new"
            print(f"  {mark}  {question_id:<44} {question.question if question is not None else ''}")
    else:
        print("today's goal is met and nothing is due")
    return 0
