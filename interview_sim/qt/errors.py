"""Errors as messages for the user: a sentence in the interface language, the technical detail apart.

The devices layer writes its messages in English for the CLI and the logs. The window maps each
known kind of error to a Korean or English sentence that says what happened and what to do
(:attr:`UserMessage.text`, one line for a status bar or a notice); the device's own words (device
names, exception text) are the :attr:`UserMessage.detail`, for a details area or a tooltip, and
go to the log, never into the sentence.
"""

from __future__ import annotations

import errno
import logging
from typing import TYPE_CHECKING

from interview_sim.devices.base import (
    DeviceError,
    DeviceLostError,
    DiskFullError,
    EngineUnavailableError,
    NoInputDeviceError,
    NoOutputDeviceError,
    NoVoiceError,
)
from interview_sim.i18n import UserMessage, tr

if TYPE_CHECKING:
    from PySide6.QtWidgets import QLabel

__all__ = [
    "UserMessage",
    "describe_error",
    "describe_failure",
    "describe_notice",
    "error_key",
    "show_message",
]

log = logging.getLogger(__name__)


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


# What fixes a kind of error: the message gets a button that opens the settings there (FIX_PAGES).
_FIXES = {
    "error.no_microphone": "microphone",
    "error.device_lost": "microphone",
    "error.no_speaker": "speaker",
    "error.no_voice": "speaker",
    "error.model_missing": "recognition",
}
# The settings tab of each fix.
FIX_PAGES = {"microphone": "sound", "speaker": "sound", "recognition": "recognition"}


def error_detail(exc: BaseException) -> str:
    return str(exc).strip() or type(exc).__name__


def describe_error(exc: BaseException, lang: str) -> UserMessage:
    """The translated kind of ``exc`` with its advice; the exception's own text as the detail.

    The detail is logged here (at WARNING, with the sentence's key), so a view that shows only
    the sentence loses nothing.
    """
    key = error_key(exc)
    detail = error_detail(exc)
    log.warning("%s: %s: %s", key, type(exc).__name__, detail)
    return UserMessage(tr(key, lang), detail, _FIXES.get(key, ""))


def describe_failure(key: str, exc: BaseException, lang: str, **values: object) -> UserMessage:
    """A failed action: the catalogue's sentence for ``key`` (which names what failed and has no
    ``{error}`` in it) and the exception's own text as the detail, which is logged here."""
    detail = error_detail(exc)
    log.warning("%s: %s: %s", key, type(exc).__name__, detail)
    return UserMessage(tr(key, lang, **values), detail)


# Problems during an answer reach the window as the practice run's notices (plain text from the
# devices layer); these markers in that text tell the kind.
_NOTICE_KINDS: tuple[tuple[str, str], ...] = (
    ("no space", "error.disk_full"),
    ("model", "error.model_missing"),
    ("transcri", "error.model_missing"),
    ("microphone", "error.device_lost"),
)


def describe_notice(text: str, lang: str) -> UserMessage:
    lowered = text.lower()
    key = next((k for marker, k in _NOTICE_KINDS if marker in lowered), "error.device")
    log.warning("%s: %s", key, text.strip())
    return UserMessage(tr(key, lang), text.strip(), _FIXES.get(key, ""))


def show_message(label: QLabel, message: UserMessage | str) -> None:
    """Put ``message`` on ``label``: the sentence as its text, sentence and detail as its tooltip."""
    if isinstance(message, UserMessage):
        label.setText(message.text)
        label.setToolTip(message.full() if message.detail else "")
    else:
        label.setText(message)
        label.setToolTip("")
