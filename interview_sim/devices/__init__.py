"""Speech devices: the speaker (TTS), the microphone recorder and the transcribers.

Each device sits behind a small protocol in :mod:`interview_sim.devices.base`; the real
implementations take the ``sounddevice`` module (or an engine module) as a constructor argument
so that tests can hand them a fake. Nothing here imports Qt, and ``sounddevice`` is imported
lazily: PortAudio enumerates the devices once, when it initialises.
"""
