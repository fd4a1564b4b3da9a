"""Opening the real devices and the archive for the GUI, on a worker thread.

Each device that cannot be opened becomes a message for the user and a missing device (``None``):
the interview still runs, spoken questions or recorded answers falling back to text.
"""

from __future__ import annotations

from interview_sim import paths
from interview_sim.core.recovery import open_database_with_recovery
from interview_sim.core.settings import Settings
from interview_sim.i18n import UserMessage
from interview_sim.qt.errors import describe_error
from interview_sim.qt.interview_devices import InterviewDevices


def open_devices(settings: Settings) -> tuple[InterviewDevices, list[UserMessage]]:
    """Runs off the GUI thread: PortAudio, the TTS process and the model all take time.

    Problems come back already translated into the interface language, each a sentence with its
    technical detail apart (:class:`UserMessage`).
    """
    lang = settings.get("ui_language")
    devices = InterviewDevices()
    problems: list[UserMessage] = []
    try:
        # Interrupted answers are repaired here; transcribing them waits for the speech model.
        devices.db = open_database_with_recovery(transcribe=False)
    except Exception as exc:  # the message is shown; the interview can still run unrecorded
        problems.append(describe_error(exc, lang))
    try:
        from interview_sim.devices.sdutil import find_device, load_sounddevice
        from interview_sim.devices.speaker import SoundDeviceSpeaker
        from interview_sim.devices.tts import CachedSynthesizer, TtsProcess

        output = settings.get("output_device") or None
        find_device(load_sounddevice(), output, "output")  # no speaker: say so now, not per question
        synthesizer = CachedSynthesizer(
            TtsProcess(),
            paths.cache_dir() / "tts",
            rate=settings.get("tts_rate"),
            voice_ko=settings.get("tts_voice_ko"),
            voice_en=settings.get("tts_voice_en"),
        )
        devices.speaker = SoundDeviceSpeaker(synthesizer, device=output, volume=settings.get("tts_volume"))
    except Exception as exc:
        problems.append(describe_error(exc, lang))
    try:
        from interview_sim.devices.recorder import SoundDeviceRecorder
        from interview_sim.devices.sdutil import find_device, load_sounddevice

        microphone = settings.get("input_device") or None
        find_device(load_sounddevice(), microphone, "input")  # no microphone: typed answers
        devices.recorder = SoundDeviceRecorder(device=microphone)
    except Exception as exc:
        problems.append(describe_error(exc, lang))
    try:
        from interview_sim.devices.engines import create_transcriber

        # Choosing the online engine in the settings is the user's opt-in to it.
        transcriber = create_transcriber(
            settings.get("stt_engine"),
            settings=settings,
            allow_online=True,
            # The settings page downloads the model size chosen for the second pass; a live
            # faster-whisper uses that model too.
            whisper_size=settings.get("refine_model"),
        )
        transcriber.preload()
        devices.transcriber = transcriber
    except Exception as exc:
        problems.append(describe_error(exc, lang))
    try:
        from interview_sim.qt.second_pass import open_second_pass

        devices.refiner, devices.refine_reason, devices.refine_detail = open_second_pass(settings)
    except Exception as exc:  # the live transcript still works without it
        problems.append(describe_error(exc, lang))
    return devices, problems


def warm_up(devices: InterviewDevices) -> None:
    """Wait until the speech model is loaded: opening a stream needs it (runs on a worker)."""
    if devices.transcriber is not None:
        devices.transcriber.open_stream("ko", partials=False)


def recovered_waiting(devices: InterviewDevices) -> int:
    """How many answers recovered after a crash still wait for their transcript."""
    from interview_sim.core.storage import STATUS_RECOVERED

    db = devices.db
    if db is None:
        return 0
    return sum(1 for a in db.attempts_with_status(STATUS_RECOVERED) if not a.transcripts and a.audio_path)


def transcribe_recovered_answers(devices: InterviewDevices) -> list[str]:
    """Transcribe the recovered answers, always offline; returns the problems."""
    from interview_sim.core.recovery import default_recovery_transcriber, transcribe_recovered

    if devices.db is None:
        return []
    return transcribe_recovered(devices.db, default_recovery_transcriber())
