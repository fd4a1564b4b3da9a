"""``feedback`` and ``providers``: the AI interviewer from the command line (issue 13)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from interview_sim.cli import UserError


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "feedback",
        help="AI feedback on one answer (rubric, what is missing or wrong, a better answer)",
        description=(
            "Ask the AI interviewer for feedback on one stored answer. The provider is the one in the "
            "settings unless --provider, or --base-url with --model (any OpenAI-compatible endpoint, "
            "for this run only), is given. Feedback is cached per provider, model and prompt version."
        ),
    )
    parser.add_argument("attempt_id", type=int, metavar="ATTEMPT_ID", help="as listed by `history`")
    which = parser.add_mutually_exclusive_group()
    which.add_argument(
        "--provider", choices=("ollama", "openai", "builtin"), help="a provider other than the settings'"
    )
    which.add_argument(
        "--base-url", metavar="URL", help="an OpenAI-compatible endpoint, e.g. http://127.0.0.1:8080/v1"
    )
    parser.add_argument("--model", metavar="NAME", help="the model (required with --base-url)")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument(
        "--rerun", action="store_true", help="ask again even if feedback is cached (keeps the old)"
    )
    parser.add_argument(
        "--replace", action="store_true", help="with --rerun: the new feedback replaces the old"
    )
    parser.add_argument(
        "--brief",
        action="store_true",
        help="very short texts and at most 256 tokens (for tiny models, quick checks)",
    )
    parser.set_defaults(func=run_feedback)

    providers = subparsers.add_parser(
        "providers",
        help="the AI providers: which is configured, reachable, and its models; the built-in "
        "model's catalogue and its download",
        description=(
            "Without options: each AI provider, whether it is configured and reachable, and its models. "
            "--builtin-models lists the models the built-in AI interviewer can download (size, licence, "
            "downloaded or not); --download KEY downloads one into your data folder after you agree to "
            "its size and licence (or --yes), shows progress on stderr, and checks its size, SHA-256 "
            "and GGUF header before installing it. Ctrl+C cancels and leaves nothing behind."
        ),
    )
    action = providers.add_mutually_exclusive_group()
    action.add_argument(
        "--builtin-models", action="store_true", help="list the built-in AI interviewer's model catalogue"
    )
    action.add_argument(
        "--download", metavar="KEY", help="download the built-in model KEY (as --builtin-models lists it)"
    )
    providers.add_argument(
        "--yes", action="store_true", help="with --download: agree to the download without being asked"
    )
    providers.add_argument("--format", choices=("text", "json"), default="text")
    providers.set_defaults(func=run_providers)


def _settings() -> Any:
    from interview_sim import paths
    from interview_sim.core.settings import Settings

    return Settings.load(paths.settings_path())


def _choose_provider(args: argparse.Namespace, settings: Any) -> Any:
    from interview_sim.llm.base import LLMError
    from interview_sim.llm.config import make_provider, one_run_provider, provider_from_settings

    if args.base_url:
        if not args.model:
            raise UserError("--base-url needs --model (interview-sim providers lists the models)")
        return one_run_provider(settings, args.base_url, args.model)
    provider = provider_from_settings(settings, name=args.provider)
    if args.model:
        return make_provider(provider.name, provider.base_url, args.model)
    if not provider.model:
        raise LLMError("no_model", url=provider.base_url)
    return provider


def _print_text(feedback: Any, lang: str) -> None:
    from interview_sim.i18n import tr

    print(feedback.headline)
    print()
    for item in feedback.rubric:
        label = tr(f"feedback.criterion.{item.criterion}", lang)
        print(f"{label}: {item.score}/5  {item.evidence}")
    for key, items in (("feedback.missing", feedback.missing), ("feedback.wrong", feedback.wrong)):
        if items:
            print(f"\n{tr(key, lang)}:")
            for entry in items:
                print(f"- {entry}")
    if feedback.better_answer:
        print(f"\n{tr('feedback.better_answer', lang)}:\n{feedback.better_answer}")
    print(f"\n({feedback.provider} · {feedback.model} · {feedback.prompt_version})")


def run_feedback(args: argparse.Namespace) -> int:
    from interview_sim.core.bank import load_bank
    from interview_sim.core.feedback import Limits, feedback_for_attempt
    from interview_sim.core.recovery import open_database_with_recovery
    from interview_sim.core.templates import load_templates
    from interview_sim.i18n import tr
    from interview_sim.llm.base import LLMError

    settings = _settings()
    lang = settings.get("ui_language")
    try:
        provider = _choose_provider(args, settings)
        templates = load_templates()
        bank = load_bank(templates=templates)
        if not provider.local:
            from urllib.parse import urlsplit

            print(tr("llm.online", lang, host=urlsplit(provider.base_url).hostname), file=sys.stderr)

        def warn(message: str) -> None:
            print(f"interview-sim: {message}", file=sys.stderr)

        with open_database_with_recovery(transcribe=False, report=warn) as db:
            feedback = feedback_for_attempt(
                db,
                args.attempt_id,
                bank,
                templates,
                provider,
                rerun=args.rerun or args.replace,
                replace=args.replace,
                language_setting=settings.get("feedback_language"),
                limits=Limits.tiny() if args.brief else Limits(),
            )
    except LLMError as exc:
        raise UserError(exc.message(lang)) from exc
    if args.format == "json":
        print(json.dumps(feedback.to_json(), ensure_ascii=False, indent=2))
    else:
        _print_text(feedback, lang)
    return 0


def run_providers(args: argparse.Namespace) -> int:
    from urllib.parse import urlsplit

    from interview_sim.cli import builtin_models

    if args.download:
        return builtin_models.run_download(args.download, args.yes)
    if args.yes:
        raise UserError("--yes agrees to a download: it goes with --download KEY")
    if args.builtin_models:
        return builtin_models.run_list(args.format)

    from interview_sim.i18n import tr
    from interview_sim.llm.base import LLMError
    from interview_sim.llm.config import PROVIDERS, make_provider, provider_from_settings

    settings = _settings()
    lang = settings.get("ui_language")
    configured = settings.get("llm_provider")
    rows = []
    for name in PROVIDERS:
        try:
            provider = provider_from_settings(settings, name=name)
        except LLMError as exc:  # a bad address in the settings
            provider = make_provider(name)
            rows.append({**provider.status().to_json(lang), "configured": False, "error": exc.message(lang)})
            continue
        status = provider.status()
        rows.append(
            {
                **status.to_json(lang),
                "configured": name == configured,
                "sends_off_computer": not provider.local,
            }
        )
    if args.format == "json":
        print(json.dumps({"configured": configured, "providers": rows}, ensure_ascii=False, indent=2))
        return 0
    print(f"configured: {configured}")
    for row in rows:
        where = (
            tr("llm.online", lang, host=urlsplit(row["base_url"]).hostname)
            if row.get("sends_off_computer")
            else tr("llm.local", lang)
        )
        mark = "*" if row["configured"] else " "
        print(f"{mark} {row['name']}  {row['base_url']}  ({where})")
        print(f"    model: {row['model'] or '-'}")
        if row["reachable"]:
            print(f"    reachable; models: {', '.join(row['models']) or '-'}")
        else:
            print(f"    not reachable: {row['error']}")
    return 0
