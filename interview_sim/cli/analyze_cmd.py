"""``analyze``: the review metrics of an answer given as a transcript file (and word times)."""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path
from typing import Any

from interview_sim.cli import UserError


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "analyze",
        help="score an answer against a question: key terms, similarity, pace, fillers, pauses",
        description=(
            "Analyse an answer the way the review screen does. The transcript is a UTF-8 text "
            "file; word times (optional) are the JSON that 'transcribe --format json' prints, "
            "or a list of {word, start, end, conf}."
        ),
    )
    parser.add_argument("--question", required=True, metavar="ID", help="question id (see 'bank')")
    parser.add_argument("--transcript-file", required=True, type=Path, metavar="FILE")
    parser.add_argument("--duration", required=True, type=float, metavar="SECONDS", help="answer length")
    parser.add_argument("--words", type=Path, metavar="WORDS.json", help="recognizer word times")
    parser.add_argument(
        "--audio",
        type=Path,
        metavar="FILE",
        help="the recording (WAV, FLAC, OGG): adds the voice measures (pitch, loudness, endings, rate)",
    )
    parser.add_argument(
        "--section-marks", metavar="S,S,...", help="seconds into the answer where each new section began"
    )
    parser.add_argument("--lang", choices=("ko", "en"), help="language (default: the question's)")
    parser.add_argument("--format", choices=("json", "text"), default="text")
    parser.set_defaults(func=run_analyze)


def read_transcript(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UserError(f"{path}: cannot read the transcript: {exc.strerror or exc}") from exc
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise UserError(f"{path}:{line}: the transcript is not UTF-8 text") from exc


def read_words(path: Path) -> list[dict[str, Any]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise UserError(f"{path}: cannot read the word times: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise UserError(f"{path}: the word times are not UTF-8 text") from exc
    except json.JSONDecodeError as exc:
        raise UserError(f"{path}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}") from exc
    if isinstance(data, dict):
        data = data.get("words")
    if not isinstance(data, list):
        raise UserError(f"{path}: expected a list of words or an object with a 'words' list")
    return [item for item in data if isinstance(item, dict)]


def parse_marks(text: str | None) -> list[float]:
    if not text:
        return []
    marks = []
    for part in text.split(","):
        try:
            value = float(part)
        except ValueError:
            raise UserError(f"--section-marks: {part.strip()!r} is not a number of seconds") from None
        marks.append(value)
    return marks


def run_analyze(args: argparse.Namespace) -> int:
    from interview_sim.core.analysis import analyze
    from interview_sim.core.bank import load_bank
    from interview_sim.core.delivery import parse_words
    from interview_sim.core.templates import load_templates
    from interview_sim.core.voice import VoiceError, load_audio

    if not math.isfinite(args.duration) or args.duration < 0:
        raise UserError(f"--duration: {args.duration:g} is not a length in seconds")
    transcript = read_transcript(args.transcript_file)
    words = read_words(args.words) if args.words is not None else None
    if words is not None and not parse_words(words):
        raise UserError(f"{args.words}: no usable word (each needs 'word', 'start' and 'end')")
    marks = parse_marks(args.section_marks)
    if args.audio is not None:
        try:
            load_audio(args.audio)
        except VoiceError as exc:
            raise UserError(str(exc)) from exc
    bank = load_bank()
    question = bank.get(args.question)
    if question is None:
        raise UserError(f"no question {args.question!r} in the bank (list them with `interview-sim bank`)")
    template = load_templates().get(question.template_id)
    result = analyze(
        transcript,
        question=question,
        template=template,
        words=words,
        duration_s=args.duration,
        section_marks=marks,
        lang=args.lang,
        audio=args.audio,
    )
    data = result.to_json()
    data["question_id"] = question.id
    if args.format == "json":
        print(json.dumps(data, ensure_ascii=False, indent=1))
    else:
        print_text(data)
    return 0


def _value(value: Any, unit: str = "") -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:g}{unit}"
    return f"{value}{unit}"


def print_text(data: dict[str, Any]) -> None:
    content, length, rate, fillers = data["content"], data["length"], data["rate"], data["fillers"]
    print(f"question         {data['question_id']}  ({data['lang']})")
    print(
        f"content score    {_value(data['content_score'])}  (coverage {_value(content['coverage'])} x "
        f"{content['weights']['coverage']}, similarity {_value(content['similarity'])} x "
        f"{content['weights']['similarity']})"
    )
    print(f"key terms        {content['covered']}/{content['total']} covered")
    print(f"  covered        {', '.join(data['keywords_covered']) or '-'}")
    print(f"  missed         {', '.join(data['keywords_missed']) or '-'}")
    print(
        f"length           {_value(data['duration_s'], ' s')} (target {_value(data['target_s'], ' s')}, "
        f"ok {_value(length['norm_low'])}-{_value(length['norm_high'])} s): {length['verdict']}"
    )
    for section in data["sections"] if any(s["actual_s"] is not None for s in data["sections"]) else ():
        print(
            f"  {section['name']:<14} {_value(section['actual_s'], ' s')} of {_value(section['planned_s'], ' s')}: "
            f"{section['verdict']}"
        )
    print(
        f"pace             {_value(rate['value'])} {rate['unit'].replace('_', ' ')} "
        f"(norm {_value(rate['norm_low'])}-{_value(rate['norm_high'])}): {rate['verdict']}"
    )
    print(f"first word       {_value(data['time_to_first_word_s'], ' s')}: {data['first_word']['verdict']}")
    items = ", ".join(f"{item['text']}@{item['start']}" for item in fillers["items"])
    print(
        f"fillers          {fillers['count']} ({_value(fillers['per_minute'])}/min): {fillers['verdict']}"
        + (f"  [{items}]" if items else "")
    )
    pauses = ", ".join(f"{p['duration_s']:g} s at {p['start_s']:g} s" for p in data["long_pauses"])
    print(f"long pauses      {len(data['long_pauses'])}" + (f"  [{pauses}]" if pauses else ""))
    repeats = ", ".join(item["text"] for item in data["repeats"]["items"])
    print(f"repeated words   {data['repeats']['count']}" + (f"  [{repeats}]" if repeats else ""))
    habits = data["habits"] or {}
    hedges = ", ".join(item["text"] for item in habits.get("hedges", {}).get("items", []))
    print(f"hedges           {data['hedges']}" + (f"  [{hedges}]" if hedges else ""))
    print(f"run-on sentences {data['run_ons']}")
    if data["lang"] != "en":
        print(f"반말 in 존댓말     {data['banmal']}")
    print(f"conclusion first {_value(data['conclusion_first'])}  ({data['opening_sentence'] or '-'})")
    voice = data.get("voice")
    if voice is None:
        return
    # Per minute, as the app, `history` and reports show it (the JSON keeps the measured unit).
    korean = voice["voice_rate_unit"] == "syllables_per_second"
    unit, scale = ("syllables/min", 60.0) if korean else ("words/min", 1.0)

    def per_minute(value: float | None) -> str:
        return "-" if value is None else f"{value * scale:.0f}"

    print(
        f"pitch            range {_value(voice['pitch_range_st'], ' st')}, SD {_value(voice['pitch_sd_st'], ' st')}"
        f" (monotone under {voice['norms']['monotone_below_range_st']:g} st): "
        + ("monotone" if voice["monotone"] else "-" if voice["monotone"] is None else "varied")
    )
    print(
        f"trailing off     {voice['trailing_off']} of {voice['sentences_measured']} sentences"
        f" (end {voice['norms']['trailing_off_drop_db']:g} dB or more below the body)"
    )
    low, high = voice["norms"]["speaking_rate"]
    print(
        f"speaking rate    {per_minute(voice['speaking_rate'])} {unit} "
        f"(norm {per_minute(low)}-{per_minute(high)}): "
        f"{voice['speaking_rate_verdict']}"
    )
    print(f"articulation     {per_minute(voice['articulation_rate'])} {unit} (pauses excluded)")
    print(
        f"rate over time   first third {per_minute(voice['rate_first_third'])}, last third "
        f"{per_minute(voice['rate_last_third'])} {unit}"
    )
