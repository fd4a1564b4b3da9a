"""``say``, ``transcribe`` and ``practice --headless``: the speech stack without a window."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from interview_sim import paths
from interview_sim.cli import UserError, terminal
from interview_sim.core.settings import Settings
from interview_sim.devices.base import DeviceError, NoInputDeviceError, Transcriber
from interview_sim.devices.engines import ENGINE_NAMES, ENGINES


def register(subparsers: Any) -> None:
    say = subparsers.add_parser(
        "say", help="speak a text with the question voice (or write it to a WAV file)"
    )
    say.add_argument("text", nargs="?", help="the text to speak")
    say.add_argument(
        "--lang", choices=("ko", "en"), default="ko", help="language, picks the voice (default ko)"
    )
    say.add_argument("--out", type=Path, metavar="FILE.wav", help="write the speech to this WAV file instead")
    say.add_argument("--rate", type=int, help="speech rate in words per minute (default: settings)")
    say.add_argument("--list-voices", action="store_true", help="list the installed voices and exit")
    say.set_defaults(func=run_say)

    tr = subparsers.add_parser("transcribe", help="transcribe an audio file or re-transcribe a stored answer")
    source = tr.add_mutually_exclusive_group(required=True)
    source.add_argument("file", nargs="?", type=Path, help="an audio file (WAV, FLAC, OGG)")
    source.add_argument(
        "--attempt", type=int, metavar="ID", help="a stored answer; the new transcript is kept beside the old"
    )
    tr.add_argument(
        "--engine", choices=ENGINE_NAMES, help="engine (default: settings; " + _engine_help() + ")"
    )
    tr.add_argument(
        "--lang",
        choices=("ko", "en", "auto"),
        help="language; auto lets faster-whisper detect it (default: the question's; else auto for "
        "faster-whisper, ko for the others)",
    )
    tr.add_argument(
        "--question",
        metavar="ID",
        help="the question answered: its text and key terms are given to faster-whisper as hints, "
        "and its language is the default",
    )
    tr.add_argument("--format", choices=("json", "text"), default="text")
    _whisper_args(tr)
    tr.set_defaults(func=run_transcribe)

    models = subparsers.add_parser(
        "models",
        help="the faster-whisper model sizes: size on disk, expected accuracy, installed, and (with "
        "--measure) the speed on this computer and a recommended size",
    )
    models.add_argument(
        "--measure",
        metavar="SIZE_OR_FOLDER",
        help="time this installed model on 10 s of test audio and recommend the largest size that "
        "refines a 60 s answer within about 20 s",
    )
    models.add_argument("--format", choices=("json", "text"), default="text")
    models.set_defaults(func=run_models)

    pr = subparsers.add_parser("practice", help="answer one question out loud (headless)")
    pr.add_argument("--headless", action="store_true", help="run without a window (required for now)")
    pr.add_argument("--question", required=True, metavar="ID", help="question id from the bank")
    pr.add_argument(
        "--answer-seconds", type=float, metavar="N", help="maximum answer length (default: the template's)"
    )
    pr.add_argument(
        "--stop-on-silence",
        type=float,
        nargs="?",
        const=-1.0,
        metavar="SECONDS",
        help="stop after this much silence (default length: settings)",
    )
    pr.add_argument("--think-seconds", type=float, default=0.0, help="pause between question and answer")
    pr.add_argument("--no-speak", action="store_true", help="do not speak the question")
    pr.add_argument("--engine", choices=ENGINE_NAMES, help="transcription engine (default: settings)")
    pr.add_argument("--input-device", help="microphone name or index (default: settings, else the system's)")
    pr.add_argument("--captions", action="store_true", help="print live captions to stderr")
    pr.add_argument("--no-compress", action="store_true", help="keep the answer as WAV instead of FLAC")
    refine = pr.add_mutually_exclusive_group()
    refine.add_argument(
        "--refine-model",
        metavar="SIZE_OR_FOLDER",
        help="the second pass (an accurate transcript refined while you speak, faster-whisper): this "
        "model size or model folder for this run (default: the settings refine_engine and refine_model)",
    )
    refine.add_argument("--no-refine", action="store_true", help="no second pass for this run")
    _whisper_args(pr)
    pr.set_defaults(func=run_practice)


def _engine_help() -> str:
    from interview_sim.devices.engines import privacy_statement

    return "; ".join(f"{e.name}: {e.label}, {privacy_statement(e.name)}" for e in ENGINES)


def _whisper_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--whisper-model",
        metavar="SIZE_OR_FOLDER",
        help="faster-whisper model: a size (tiny, base, small, medium, large-v3) or a folder holding a "
        "CTranslate2 Whisper model (default: the setting refine_model)",
    )
    parser.add_argument(
        "--download", action="store_true", help="allow downloading the faster-whisper model if it is missing"
    )


def _settings() -> Settings:
    return Settings.load(paths.settings_path())


# -- say -------------------------------------------------------------------------------------


def make_speaker(settings: Settings, rate: int | None = None) -> Any:
    from interview_sim.devices.speaker import SoundDeviceSpeaker
    from interview_sim.devices.tts import CachedSynthesizer, TtsProcess

    synthesizer = CachedSynthesizer(
        TtsProcess(),
        paths.cache_dir() / "tts",
        rate=rate or settings.get("tts_rate"),
        voice_ko=settings.get("tts_voice_ko"),
        voice_en=settings.get("tts_voice_en"),
    )
    return SoundDeviceSpeaker(
        synthesizer, device=settings.get("output_device") or None, volume=settings.get("tts_volume")
    )


def run_say(args: argparse.Namespace) -> int:
    from interview_sim.devices.base import NoVoiceError

    speaker = make_speaker(_settings(), args.rate)
    try:
        if args.list_voices:
            for voice in speaker.synthesizer.backend.voices():
                print(f"{voice['id']}\t{voice['name']}\t{','.join(voice['languages'])}")
            return 0
        if not args.text:
            raise UserError("say needs a TEXT to speak (or --list-voices)")
        if args.out is not None:
            try:
                duration = speaker.synthesize_to_file(args.text, args.lang, args.out)
            except NoVoiceError as exc:
                raise UserError(str(exc)) from exc
            except (DeviceError, OSError) as exc:
                raise UserError(f"could not write {args.out}: {exc}") from exc
            terminal.say(f"wrote {args.out} ({duration:.2f} s)")
            return 0
        utterance = speaker.say(args.text, args.lang)
        try:
            utterance.wait()
        except KeyboardInterrupt:
            speaker.stop()
            raise
        if not utterance.spoken:
            if utterance.message:
                terminal.say(utterance.message)
            print(args.text)  # not spoken: show the text instead and go on
        return 0
    finally:
        speaker.close()


# -- transcribe ------------------------------------------------------------------------------


class _CliDownload:
    """Consent, progress and cancel for a model download, on the terminal."""

    def __init__(self, allowed: bool) -> None:
        self.allowed = allowed
        self.progress = terminal.DownloadProgress()

    def consent(self, name: str, total: int) -> bool:
        if not self.allowed:
            raise UserError(
                f"the faster-whisper model {name!r} ({total / 1e6:.0f} MB) is not downloaded; "
                "add --download to download it into " + str(paths.models_dir())
            )
        terminal.say(f"downloading the faster-whisper model {name!r} ({total / 1e6:.0f} MB); Ctrl+C cancels")
        return True


def make_transcriber(args: argparse.Namespace, settings: Settings) -> Transcriber:
    from interview_sim.devices.downloads import DownloadCallbacks
    from interview_sim.devices.engines import create_transcriber

    name = args.engine or settings.get("stt_engine")
    download = None
    if name == "faster-whisper":
        cli = _CliDownload(args.download)
        download = DownloadCallbacks(consent=cli.consent, progress=cli.progress)
    # Naming the online engine on the command line, or choosing it in the settings, is the opt-in.
    transcriber = create_transcriber(
        name,
        settings=settings,
        allow_online=True,
        whisper_size=args.whisper_model or settings.get("refine_model"),
        download=download,
    )
    if not transcriber.offline:
        terminal.say(f"engine {transcriber.label}")
    return transcriber


def run_transcribe(args: argparse.Namespace) -> int:
    from interview_sim.core.answers import hints_for, question_lang, transcribe_attempt
    from interview_sim.core.recovery import open_database_with_recovery
    from interview_sim.devices.engines import transcribe_file

    settings = _settings()
    hints = None
    if args.question is not None:
        from interview_sim.core.bank import load_bank

        question = load_bank().get(args.question)
        if question is None:
            raise UserError(f"unknown question id {args.question!r} (see `interview-sim bank`)")
        hints = hints_for(question)
    try:
        transcriber = make_transcriber(args, settings)
        whisper = transcriber.name == "faster-whisper"
        if args.lang == "auto" and not whisper:
            raise UserError("--lang auto needs --engine faster-whisper (the other engines need the language)")
        if args.attempt is not None:
            with open_database_with_recovery(report=terminal.say) as db:
                attempt = db.attempt(args.attempt)
                if attempt is None:
                    raise UserError(f"no stored answer with id {args.attempt}")
                lang = args.lang or (hints.lang if hints else None) or question_lang(attempt.question_id)
                try:
                    result = transcribe_attempt(db, attempt, transcriber, lang, hints=hints)
                except FileNotFoundError as exc:
                    raise UserError(str(exc)) from exc
        else:
            if not args.file.exists():
                raise UserError(f"{args.file}: no such file")
            # Without a language, faster-whisper detects it: forcing Korean onto English speech
            # transliterates it into Hangul.
            lang = args.lang or (hints.lang if hints else None) or ("auto" if whisper else "ko")
            try:
                result = transcribe_file(transcriber, args.file, lang, hints)
            except RuntimeError as exc:  # libsndfile: not an audio file
                raise UserError(f"{args.file}: cannot read it as audio ({exc})") from exc
    except DeviceError as exc:
        raise UserError(str(exc)) from exc
    if args.format == "json":
        payload = result.to_json()
        if args.attempt is not None:
            payload["attempt_id"] = args.attempt
        print(json.dumps(payload, ensure_ascii=False))
    else:
        print(result.text)
    return 0


# -- models ----------------------------------------------------------------------------------


def run_models(args: argparse.Namespace) -> int:
    from interview_sim.devices.whisper_engine import (
        MODEL_SIZES,
        FasterWhisperEngine,
        WhisperModelStore,
        estimate_rtf,
        measure_rtf,
        recommend_size,
    )

    store = WhisperModelStore()
    measured: tuple[str, float] | None = None
    if args.measure:
        engine = FasterWhisperEngine(args.measure)
        # A folder's model is measured as what it is named like (base, small...), else as base.
        name = (
            args.measure
            if engine.folder is None
            else next((m.size for m in MODEL_SIZES if m.size in engine.model_name), "base")
        )
        try:
            measured = (name, measure_rtf(engine))
        except DeviceError as exc:
            raise UserError(str(exc)) from exc
    rows = []
    for m in MODEL_SIZES:
        row: dict[str, Any] = {
            "size": m.size,
            "disk_mb": m.disk_mb,
            "params_m": m.params_m,
            "accuracy": m.accuracy,
            "installed": store.is_installed(m.size),
        }
        if measured is not None:
            rtf = estimate_rtf(measured[0], measured[1], m.size)
            row["rtf"] = round(rtf, 3)
            row["answer_60s_s"] = round(rtf * 60, 1)
        rows.append(row)
    recommended = recommend_size(*measured) if measured is not None else None
    if args.format == "json":
        print(
            json.dumps({"models": rows, "measured": measured, "recommended": recommended}, ensure_ascii=False)
        )
        return 0
    for row in rows:
        speed = f"  {row['answer_60s_s']:6.1f} s per 60 s answer" if "rtf" in row else ""
        mark = "installed" if row["installed"] else "not downloaded"
        print(f"{row['size']:<9} {row['disk_mb']:>5} MB  {mark:<15}{speed}  {row['accuracy']}")
    if measured is not None:
        print(f"measured {measured[0]}: {measured[1]:.3f} x real time on this computer")
        print(f"recommended: {recommended or 'none (even tiny is too slow here)'}")
    return 0


# -- practice --------------------------------------------------------------------------------


def run_practice(args: argparse.Namespace) -> int:
    from interview_sim.core.bank import load_bank, load_templates
    from interview_sim.core.practice import PracticeEvents, PracticeOptions, PracticeRun
    from interview_sim.core.recovery import open_database_with_recovery
    from interview_sim.devices.recorder import SoundDeviceRecorder

    if not args.headless:
        raise UserError(
            "practice needs --headless for now; `interview-sim` without a command opens the window"
        )
    settings = _settings()
    question = load_bank().get(args.question)
    if question is None:
        raise UserError(f"unknown question id {args.question!r} (see `interview-sim bank`)")
    template = load_templates().get(question.template_id)
    max_seconds = args.answer_seconds or (template.max_s if template is not None else 120.0)
    silence = args.stop_on_silence
    options = PracticeOptions(
        max_seconds=max_seconds,
        stop_on_silence=silence is not None or bool(settings.get("stop_on_silence")),
        silence_s=silence if silence is not None and silence > 0 else settings.get("silence_s"),
        think_seconds=args.think_seconds,
        speak=not args.no_speak,
        compress=not args.no_compress,
    )
    events = PracticeEvents(
        on_state=lambda state: terminal.say(_STATE_MESSAGES.get(state, state)),
        on_partial=(lambda text: terminal.say(f"… {text}")) if args.captions else None,
        on_notice=terminal.say,
        on_input_blocked=_say_microphone_blocked,
    )
    device = args.input_device if args.input_device is not None else settings.get("input_device") or None
    _check_microphone(device)  # before anything slow starts: no microphone, no practice
    try:
        transcriber = make_transcriber(args, settings)
        transcriber.preload()  # the model loads while the question is spoken
    except DeviceError as exc:
        raise UserError(str(exc)) from exc
    refine_engine, refine_reason = _second_pass(args, settings)
    speaker = make_speaker(settings) if options.speak else None
    try:
        with open_database_with_recovery(report=terminal.say) as db:
            session_id = db.create_session({"mode": "headless", "question": question.id})
            run = PracticeRun(
                db,
                question,
                session_id,
                recorder=SoundDeviceRecorder(device=device),
                transcriber=transcriber,
                speaker=speaker,
                options=options,
                events=events,
                refine_engine=refine_engine,
            )
            try:
                result = run.run()
                result.refine_reason = refine_reason
                if result.refinement is not None:
                    result.refinement.wait()  # the JSON carries the refined transcript
            except NoInputDeviceError as exc:
                raise UserError(str(exc)) from exc
            except DeviceError as exc:
                raise UserError(str(exc)) from exc
            except OSError as exc:  # e.g. the recordings folder cannot be written
                raise UserError(f"the answer could not be recorded: {exc}") from exc
            finally:
                db.end_session(session_id)
    finally:
        if speaker is not None:
            speaker.close()
        from interview_sim.devices.vosk_engine import wait_for_pending_loads

        wait_for_pending_loads()
    print(json.dumps(result.to_json(), ensure_ascii=False))
    # Audio kept but the recording broke off (device lost, disk full): say so in the exit code.
    return 1 if result.error else 0


def _say_microphone_blocked() -> None:
    from interview_sim.i18n import LANGUAGES, microphone_blocked

    for lang in LANGUAGES:  # Korean and English: the terminal does not know the user's language
        terminal.say(microphone_blocked(lang))


def _second_pass(args: argparse.Namespace, settings: Settings) -> tuple[Any, str | None]:
    """The second-pass engine, loading while the question is spoken, or None and why not."""
    from interview_sim.core.refinement import choose_second_pass, engine_for

    second, reason = choose_second_pass(settings, args.refine_model, args.no_refine)
    if second is None:
        return None, reason
    try:
        engine = engine_for(second)
        if not engine.is_ready():
            return None, (
                f"the {second.engine} model {second.model!r} is not downloaded; download it in the "
                "settings (or with `transcribe --engine faster-whisper --download`)"
            )
        engine.preload()
    except DeviceError as exc:
        return None, str(exc)
    return engine, None


def _check_microphone(device: str | None) -> None:
    from interview_sim.devices.sdutil import find_device, load_sounddevice

    try:
        find_device(load_sounddevice(), device, "input")
    except DeviceError as exc:
        raise UserError(str(exc)) from exc


_STATE_MESSAGES = {
    "speaking": "speaking the question…",
    "thinking": "think…",
    "recording": "recording started (Ctrl+C stops the answer)",
    "transcribing": "recording stopped; transcribing…",
    "done": "saved",
    "refining": "saved; the second pass is finishing the refined transcript…",
}
