"""Finding sounddevice and the devices it offers, with messages a user can act on."""

from __future__ import annotations

from typing import Any

from interview_sim.devices.base import DeviceError, NoInputDeviceError, NoOutputDeviceError


def load_sounddevice() -> Any:
    """Import sounddevice on first use: PortAudio lists the devices when it initialises."""
    try:
        import sounddevice
    except OSError as exc:  # the PortAudio library itself is missing
        raise DeviceError(
            f"the audio library PortAudio is not available ({exc}); on Debian/Ubuntu install libportaudio2"
        ) from exc
    return sounddevice


def device_list(sd: Any, kind: str) -> list[dict[str, Any]]:
    channels_key = "max_input_channels" if kind == "input" else "max_output_channels"
    try:
        devices = sd.query_devices()
    except Exception:  # PortAudio failing to list is the same as no device
        return []
    return [dict(d, index=i) for i, d in enumerate(devices) if d.get(channels_key, 0) > 0]


def find_device(sd: Any, spec: str | int | None, kind: str) -> dict[str, Any]:
    """The device named (index, exact name or part of a name) or the default one.

    Raises NoInputDeviceError / NoOutputDeviceError with the list of devices that do exist.
    """
    missing = NoInputDeviceError if kind == "input" else NoOutputDeviceError
    what = "microphone (input device)" if kind == "input" else "speaker (output device)"
    available = device_list(sd, kind)
    if not available:
        raise missing(
            f"no {what} found. Connect one (or check that the sound system is running) and try again."
        )
    if spec in (None, ""):
        try:
            info = dict(sd.query_devices(kind=kind))
        except Exception as exc:  # PortAudio reports "no default" in several ways
            raise missing(
                f"no default {what} is set; choose one in the settings from: "
                + ", ".join(d["name"] for d in available)
            ) from exc
        info.setdefault("index", next((d["index"] for d in available if d["name"] == info.get("name")), None))
        return info
    if isinstance(spec, int) or str(spec).isdigit():
        index = int(spec)
        for d in available:
            if d["index"] == index:
                return d
    else:
        exact = [d for d in available if d["name"] == spec]
        partial = [d for d in available if str(spec).lower() in d["name"].lower()]
        if exact or partial:
            return (exact or partial)[0]
    raise missing(
        f"the {what} {spec!r} from the settings is not connected; available: "
        + ", ".join(d["name"] for d in available)
    )
