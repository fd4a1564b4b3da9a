"""The text-to-speech process: pyttsx3 runs here and nowhere else.

pyttsx3's ``runAndWait()`` blocks, cannot be re-entered, caches one engine per process, hangs
in threads on macOS and needs COM on Windows threads. In a process of its own it can do none of
that to the app: the parent sends requests over a pipe and kills the process if it hangs.

Requests: ``("voices",)`` and ``("synth", text, voice_id, rate, out_path)``. Replies:
``("ok", value)`` or ``("error", message)``.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from typing import Any


def voice_info(engine: Any) -> list[dict[str, Any]]:
    voices = []
    for v in engine.getProperty("voices") or []:
        languages = []
        for lang in getattr(v, "languages", None) or []:
            if isinstance(lang, bytes):
                lang = lang.decode("utf-8", "ignore").lstrip("\x05")
            languages.append(str(lang))
        voices.append({"id": str(v.id), "name": str(getattr(v, "name", "") or ""), "languages": languages})
    return voices


def synthesize(engine: Any, text: str, voice_id: str, rate: int, out_path: str) -> float:

    _set_voice_and_rate(engine, voice_id, rate)
    tmp = out_path + ".part.wav"
    folder = os.path.dirname(os.path.abspath(tmp))
    # Drivers write the file from their own thread, where a failure is lost: check up front.
    if not os.path.isdir(folder) or not os.access(folder, os.W_OK):
        raise OSError(f"cannot write the speech to {out_path}: no writable folder {folder}")
    # espeak synthesizes on its own thread and runAndWait() can return before the file is
    # written (about 1 run in 12 here); the driver's "finished-utterance" comes after it.
    finished = threading.Event()
    token = engine.connect("finished-utterance", lambda **_: finished.set())
    try:
        engine.save_to_file(text, tmp)
        engine.runAndWait()
        deadline = time.monotonic() + 30 + len(text) / 5
        if not finished.wait(max(0.0, deadline - time.monotonic())):
            _wait_for_stable_file(tmp, deadline)  # a driver that does not notify for files
    finally:
        engine.disconnect(token)
    if not os.path.exists(tmp):
        raise RuntimeError("the voice produced no audio file")
    info = as_wav(tmp)
    if info.frames <= 0:
        raise RuntimeError("the voice produced no audio")
    os.replace(tmp, out_path)
    return float(info.frames) / float(info.samplerate)


def as_wav(path: str) -> Any:
    """Make the file at ``path`` a WAV, whatever the driver wrote; return its soundfile info.

    macOS's NSSpeechSynthesizer writes AIFF whatever the file name says (as `say -o x.wav`
    does), and the player, the cache and `say --out` promise a WAV. The samples are kept as
    they are: the same subtype where WAV has it, read and written without rounding.
    """
    import soundfile as sf

    info = sf.info(path)
    if info.format == "WAV":
        return info
    subtype = info.subtype if sf.check_format("WAV", info.subtype) else "PCM_16"
    data, rate = sf.read(path, dtype="float64" if subtype != "PCM_U8" else "int16", always_2d=True)
    converted = path + ".conv.wav"
    sf.write(converted, data, rate, format="WAV", subtype=subtype)
    os.replace(converted, path)
    return sf.info(path)


def _espeak_module(engine: Any) -> Any:
    driver = getattr(getattr(engine, "proxy", None), "_driver", None)
    if driver is None or not type(driver).__module__.endswith(".espeak"):
        return None
    from pyttsx3.drivers import _espeak

    return _espeak


def _set_voice_and_rate(engine: Any, voice_id: str, rate: int) -> None:
    """Voice, rate and full volume (volume is applied on playback, so the cache ignores it).

    With espeak, pyttsx3 hands the rate to espeak's command queue, which a busy machine runs
    after the synthesis has started: about one request in four came out at the previous rate.
    So for espeak the values are set directly and read back until they hold.
    """
    espeak = _espeak_module(engine)
    if espeak is None:
        engine.setProperty("voice", voice_id)
        engine.setProperty("rate", rate)
        engine.setProperty("volume", 1.0)
        return
    import ctypes

    driver = engine.proxy._driver
    driver.setProperty("voice", voice_id)
    driver.setProperty("rate", rate)
    driver.setProperty("volume", 1.0)
    # pyttsx3 declares espeak_GetParameter with one argument; the C function takes two.
    get = espeak.dll.espeak_GetParameter
    get.argtypes, get.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        if get(espeak.RATE, 1) == rate and get(espeak.VOLUME, 1) == 100:
            break
        time.sleep(0.005)
    # The values are set through espeak's command queue. While it still holds them, espeak says
    # it is "playing", and pyttsx3's runAndWait() takes that for speech to stop: it cancels and
    # leaves a stop request behind that can cancel a later synthesis at once, leaving a file
    # with no audio (about one question in 16 in the soak bench). Wait for the queue to empty,
    # and drop a stop request left over from before.
    espeak.Synchronize()
    driver._stopping = False


def _wait_for_stable_file(path: str, deadline: float) -> None:
    last = -1
    while time.monotonic() < deadline:
        size = os.path.getsize(path) if os.path.exists(path) else -1
        if size > 44 and size == last:
            return
        last = size
        time.sleep(0.2)


def serve(conn: Any) -> None:
    # Some drivers print to stdout (espeak: "Audio saved to ..."); stdout may be a command's output.
    sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - lives as long as the process
    try:
        import pyttsx3

        engine = pyttsx3.init()
    except Exception as exc:  # every failure becomes a message to the app
        engine = None
        init_error = f"the text-to-speech engine could not start: {exc}"
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        if request is None:
            return
        if engine is None:
            conn.send(("error", init_error))
            continue
        try:
            if request[0] == "voices":
                conn.send(("ok", voice_info(engine)))
            elif request[0] == "synth":
                _, text, voice_id, rate, out_path = request
                conn.send(("ok", synthesize(engine, text, voice_id, int(rate), out_path)))
            else:
                conn.send(("error", f"unknown request {request[0]!r}"))
        except Exception as exc:
            conn.send(("error", f"{type(exc).__name__}: {exc}"))
