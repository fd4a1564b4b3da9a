"""Device errors as translated messages that say what happened and what to do.

The devices layer writes its messages in English for the CLI and the logs; the window maps each
known kind of error to a Korean or English sentence and keeps the device's own text as detail.
"""

from __future__ import annotations

import errno

from interview_sim.devices.base import (
    DeviceError,
    DeviceLostError,
    DiskFullError,
    EngineUnavailableError,
    NoInputDeviceError,
    NoOutputDeviceError,
    NoVoiceError,
)
from interview_sim.i18n import tr

# Most specific first: the lookup takes the first class the error is an instance of.
_KINDS: tuple[tuple[type[BaseException], str], ...] = (
    (NoInputDeviceError, "error.no_microphone"),
    (NoOutputDeviceError, "error.no_speaker"),
    (NoVoiceError, "error.no_voice"),
    (DiskFullError, "error.disk_full"),
    (DeviceLostError, "error.device_lost"),
    (EngineUnavailableError, "error.model_missing"),
    (DeviceError, "error.device"),
)


def error_key(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        return "error.disk_full"
    for kind, key in _KINDS:
        if isinstance(exc, kind):
            return key
    return "error.unexpected"


def describe_error(exc: BaseException, lang: str) -> str:
    """One line for the user: the translated kind with its advice, then the device's detail."""
    detail = str(exc).strip() or type(exc).__name__
    return tr(error_key(exc), lang, detail=detail)


# Problems during an answer reach the window as the practice run's notices (plain text from the
# devices layer); these markers in that text tell the kind.
_NOTICE_KINDS: tuple[tuple[str, str], ...] = (
    ("no space", "error.disk_full"),
    ("model", "error.model_missing"),
    ("transcri", "error.model_missing"),
    ("microphone", "error.device_lost"),
)


def describe_notice(text: str, lang: str) -> str:
    lowered = text.lower()
    key = next((k for marker, k in _NOTICE_KINDS if marker in lowered), "error.device")
    return tr(key, lang, detail=text.strip())
