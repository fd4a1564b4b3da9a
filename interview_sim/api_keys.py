"""API keys for online engines, kept in the operating system's keyring, never in a file of ours.

The settings file, the log and the database never hold a key. Where no keyring is available
(a headless Linux without Secret Service, for instance), nothing is stored: the user is told
so, and can give the key for one session in an environment variable instead.
"""

from __future__ import annotations

import logging
import os

import keyring
from keyring.errors import KeyringError, NoKeyringError, PasswordDeleteError

log = logging.getLogger(__name__)

SERVICE = "InterviewSim"
# "openai": any OpenAI-compatible service the AI interviewer talks to (issue 13).
ENGINES_WITH_KEYS = ("google", "openai")


class KeyStoreError(Exception):
    """The key could not be stored, read or deleted; the message says why and what to do."""


def env_variable(engine: str) -> str:
    return f"INTERVIEW_SIM_{engine.upper().replace('-', '_')}_KEY"


def _no_keyring_message(engine: str, exc: BaseException) -> str:
    return (
        f"no system keyring is available to keep the {engine} key safely ({exc}), so it was not "
        "saved; Interview Sim never writes keys to its own files. Install or unlock a keyring "
        "(GNOME Keyring or KWallet on Linux; Windows and macOS have one built in), or set "
        f"{env_variable(engine)} in the environment for this session."
    )


def _check_engine(engine: str) -> None:
    if engine not in ENGINES_WITH_KEYS:
        raise KeyStoreError(
            f"{engine!r} takes no API key (engines with keys: {', '.join(ENGINES_WITH_KEYS)})"
        )


def get_api_key(engine: str) -> str | None:
    """The key for ``engine``: the environment variable, else the keyring, else None."""
    _check_engine(engine)
    from_env = os.environ.get(env_variable(engine), "").strip()
    if from_env:
        return from_env
    try:
        return keyring.get_password(SERVICE, engine)
    except KeyringError as exc:
        # No keyring: the engine runs without a key of the user's own (its built-in default).
        log.info("no API key for %s from the keyring: %s", engine, type(exc).__name__)
        return None


def key_source(engine: str) -> str:
    """Where the key for ``engine`` would come from: "env", "keyring" or "none" (the key itself
    is never returned here, so a settings window can say whether one is stored)."""
    _check_engine(engine)
    if os.environ.get(env_variable(engine), "").strip():
        return "env"
    try:
        return "keyring" if keyring.get_password(SERVICE, engine) else "none"
    except KeyringError:
        return "none"


def set_api_key(engine: str, key: str) -> None:
    _check_engine(engine)
    key = key.strip()
    if not key:
        raise KeyStoreError("the key is empty; nothing was saved")
    if any(ch.isspace() for ch in key):
        raise KeyStoreError("an API key has no spaces or line breaks in it; nothing was saved")
    try:
        keyring.set_password(SERVICE, engine, key)
    except NoKeyringError as exc:
        raise KeyStoreError(_no_keyring_message(engine, exc)) from exc
    except KeyringError as exc:
        raise KeyStoreError(
            f"the system keyring refused the {engine} key ({exc}); nothing was saved"
        ) from exc
    log.info("API key for %s saved in the system keyring", engine)


def delete_api_key(engine: str) -> bool:
    """Forget the stored key; False when there was none."""
    _check_engine(engine)
    try:
        keyring.delete_password(SERVICE, engine)
    except PasswordDeleteError:
        return False
    except NoKeyringError as exc:
        raise KeyStoreError(_no_keyring_message(engine, exc)) from exc
    except KeyringError as exc:
        raise KeyStoreError(f"the system keyring could not delete the {engine} key ({exc})") from exc
    log.info("API key for %s deleted from the system keyring", engine)
    return True


def redact(text: str, key: str | None) -> str:
    """``text`` with ``key`` blanked out: for error messages from an online service."""
    return text.replace(key, "***") if key else text
