"""Opening the real devices and the archive for the GUI, on a worker thread.

Each device that cannot be opened becomes a message for the user and a missing device (``None``):
the interview still runs, spoken questions or recorded answers falling back to text.
"""

from __future__ import annotations

from interview_sim import paths
from interview_sim.core.recovery import open_database_with_recovery
from interview_sim.core.settings import Settings
from interview_sim.qt.interview_screen import InterviewDevices


def open_devices(settings: Settings) -> tuple[InterviewDevices, list[str]]:
    """Runs off the GUI thread: PortAudio, the TTS process and the model all take time."""
    devices = InterviewDevices()
    problems: list[str] = []
    try:
        devices.db = open_database_with_recovery(transcribe=False, report=problems.append)
    except Exception as exc:  # the message is shown; the interview can still run unrecorded
        problems.append(str(exc))
    try:
        from interview_sim.devices.speaker import SoundDeviceSpeaker
        from interview_sim.devices.tts import CachedSynthesizer, TtsProcess

        synthesizer = CachedSynthesizer(
            TtsProcess(),
            paths.cache_dir() / "tts",
            rate=settings.get("tts_rate"),
            voice_ko=settings.get("tts_voice_ko"),
            voice_en=settings.get("tts_voice_en"),
        )
        devices.speaker = SoundDeviceSpeaker(
            synthesizer, device=settings.get("output_device") or None, volume=settings.get("tts_volume")
        )
    except Exception as exc:
        problems.append(str(exc))
    try:
        from interview_sim.devices.recorder import SoundDeviceRecorder

        devices.recorder = SoundDeviceRecorder(device=settings.get("input_device") or None)
    except Exception as exc:
        problems.append(str(exc))
    try:
        from interview_sim.devices.engines import create_transcriber

        # Choosing the online engine in the settings is the user's opt-in to it.
        transcriber = create_transcriber(settings.get("stt_engine"), settings=settings, allow_online=True)
        transcriber.preload()
        devices.transcriber = transcriber
    except Exception as exc:
        problems.append(str(exc))
    return devices, problems
