"""``draft-questions FILE ...``: interview questions drafted from your own documents (a
self-introduction letter, a job posting) by the AI interviewer; ``--save`` adds them to your
bank (issue 13, point 4)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from interview_sim.cli import UserError


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "draft-questions",
        help="interview questions drafted from your self-introduction letter or a job posting",
        description=(
            "Read your self-introduction letter (자기소개서) or a job posting (.txt, .md or .pdf) and "
            "ask the AI interviewer for the questions most likely to be asked about it, each with a "
            "draft answer written only from the documents. Prints the drafts; --save adds them to "
            "your own bank (a new file; nothing is overwritten, questions you have are skipped). The "
            "documents are sent only to the provider chosen (an online one is named on stderr) and "
            "are not kept."
        ),
    )
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE", help="a .txt, .md or .pdf file")
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--provider", choices=("ollama", "openai"), help="a provider other than the settings'")
    which.add_argument(
        "--base-url", metavar="URL", help="an OpenAI-compatible endpoint, e.g. http://127.0.0.1:8080/v1"
    )
    parser.add_argument("--model", metavar="NAME", help="the model (required with --base-url)")
    parser.add_argument(
        "--lang", choices=("ko", "en"), default="ko", help="the language of the questions (default: ko)"
    )
    parser.add_argument("--save", action="store_true", help="add the drafts to your own bank")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument(
        "--brief",
        action="store_true",
        help="two short drafts, at most 384 tokens (tiny models, quick checks)",
    )
    parser.set_defaults(func=run_draft_questions)


def _print_text(result: Any, lang: str) -> None:
    from interview_sim.i18n import tr

    for n, draft in enumerate(result.drafts, start=1):
        print(f"{n}. {draft.question}  [{draft.category}, {draft.template}]")
        if draft.grounded_in:
            about = tr("documents.about", lang, quote=draft.grounded_in)
            missing = "" if draft.quote_found else " " + tr("documents.quote_not_found", lang)
            print(f"   {about}{missing}")
        print(f"   {tr('documents.draft_mark', lang)}: {draft.draft_answer or '-'}")
        if draft.key_terms:
            print(f"   {tr('documents.terms', lang)}: {', '.join(draft.key_terms)}")
    print(f"\n({result.provider} · {result.model} · {result.prompt_version})")


def run_draft_questions(args: argparse.Namespace) -> int:
    from interview_sim import paths
    from interview_sim.cli.feedback_cmd import _choose_provider, _settings
    from interview_sim.core.documents import (
        DocumentError,
        Limits,
        draft_questions,
        read_document,
        save_drafts,
    )
    from interview_sim.i18n import tr
    from interview_sim.llm.base import LLMError
    from interview_sim.llm.config import sends_off_computer

    settings = _settings()
    lang = settings.get("ui_language")
    try:
        documents = [read_document(path) for path in args.files]
        provider = _choose_provider(args, settings)
        from interview_sim.core.bank import load_bank
        from interview_sim.core.templates import load_templates

        templates = load_templates()
        if sends_off_computer(provider.base_url):
            from urllib.parse import urlsplit

            host = urlsplit(provider.base_url).hostname or provider.base_url
            print(
                tr("documents.online", lang, provider=provider.name, model=provider.model, host=host),
                file=sys.stderr,
            )
        result = draft_questions(
            provider,
            documents,
            lang=args.lang,
            limits=Limits.tiny() if args.brief else Limits(),
            templates=list(templates),
        )
        saved: dict[str, Any] | None = None
        if args.save:
            bank = load_bank(templates=templates)
            try:
                plan, target = save_drafts(
                    result.drafts,
                    bank,
                    paths.user_questions_dir(),
                    lang=args.lang,
                    documents=result.documents,
                )
            except (OSError, ValueError) as exc:
                raise UserError(f"{tr('documents.save_failed', lang)} ({exc})") from exc
            saved = {
                "file": str(target) if target is not None else None,
                "ids": [q.id for q in plan.questions],
                "already_present": [d.question for d in plan.already_present],
            }
    except DocumentError as exc:
        raise UserError(exc.message(lang)) from exc
    except LLMError as exc:
        raise UserError(exc.message(lang)) from exc
    if args.format == "json":
        print(json.dumps({**result.to_json(), "saved": saved}, ensure_ascii=False, indent=2))
        return 0
    _print_text(result, lang)
    if saved is not None:
        if saved["ids"]:
            print(tr("documents.saved", lang, count=len(saved["ids"]), path=saved["file"]))
        if saved["already_present"]:
            print(tr("documents.already", lang, count=len(saved["already_present"])))
    return 0
