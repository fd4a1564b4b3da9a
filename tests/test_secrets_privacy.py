"""API keys live in the system keyring only; audio leaves the machine only with an online engine."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from typing import Any

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from keyring.errors import PasswordDeleteError

from interview_sim import api_keys, paths
from interview_sim.api_keys import KeyStoreError, get_api_key, set_api_key
from interview_sim.cli import main
from interview_sim.core.settings import DECLARED, Settings
from interview_sim.devices import engines
from interview_sim.devices.engines import ENGINE_PRIVACY, ENGINES, create_transcriber, privacy_statement
from interview_sim.devices.google_engine import GoogleEngine
from interview_sim.i18n import LANGUAGES
from interview_sim.logsetup import setup_logging
from tests.test_transcriber import FakeSR

KEY = "AIzaSyFAKE-test-key-0123456789abcdef"


class MemoryKeyring(KeyringBackend):
    """A keyring that keeps passwords in a dict, standing in for the OS keyring in tests."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.passwords.pop((service, username), None) is None:
            raise PasswordDeleteError("not stored")


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    before = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(before)


@pytest.fixture
def no_keyring() -> Iterator[None]:
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(before)


@pytest.fixture(autouse=True)
def _no_key_in_environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv(api_keys.env_variable("google"), raising=False)
    logger = logging.getLogger("interview_sim")
    handlers = list(logger.handlers)
    yield
    for handler in logger.handlers:
        if handler not in handlers:
            handler.close()
    logger.handlers = handlers


def _every_file_under_data_home() -> dict[str, bytes]:
    for handler in logging.getLogger("interview_sim").handlers:
        handler.flush()
    return {str(p): p.read_bytes() for p in paths.data_home().rglob("*") if p.is_file()}


def test_key_set_stores_the_key_in_the_keyring_and_nowhere_else(
    memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = Settings.load(paths.settings_path())
    settings.set("stt_engine", "google")
    settings.save()
    monkeypatch.setattr("sys.stdin", io.StringIO(KEY + "\n"))
    assert main(["key", "set", "google"]) == 0
    assert memory_keyring.passwords == {("InterviewSim", "google"): KEY}
    assert get_api_key("google") == KEY
    Settings.load(paths.settings_path()).save()
    assert main(["key", "status", "google"]) == 0
    out = capsys.readouterr().out
    assert "a key is set" in out and KEY not in out
    files = _every_file_under_data_home()
    assert str(paths.settings_path()) in files and any(name.endswith(".log") for name in files)
    assert not [name for name, data in files.items() if KEY.encode() in data]
    assert "google" in json.loads(paths.settings_path().read_text())["values"]["stt_engine"]


def test_key_delete(memory_keyring: MemoryKeyring, capsys: pytest.CaptureFixture[str]) -> None:
    set_api_key("google", KEY)
    assert main(["key", "delete", "google"]) == 0
    assert memory_keyring.passwords == {}
    assert main(["key", "delete", "google"]) == 0
    assert "no google key was stored" in capsys.readouterr().out


def test_without_a_keyring_nothing_is_stored_and_the_user_is_told(
    no_keyring: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    setup_logging()
    monkeypatch.setattr("sys.stdin", io.StringIO(KEY + "\n"))
    assert main(["key", "set", "google"]) == 2
    err = capsys.readouterr().err
    assert "no system keyring is available" in err and "INTERVIEW_SIM_GOOGLE_KEY" in err
    assert "Traceback" not in err and KEY not in err
    assert not [name for name, data in _every_file_under_data_home().items() if KEY.encode() in data]
    assert get_api_key("google") is None  # reading without a keyring is no error either
    monkeypatch.setenv("INTERVIEW_SIM_GOOGLE_KEY", KEY)
    assert get_api_key("google") == KEY


def test_bad_keys_and_engines_are_refused(memory_keyring: MemoryKeyring) -> None:
    with pytest.raises(KeyStoreError, match="empty"):
        set_api_key("google", "  \n")
    with pytest.raises(KeyStoreError, match="no spaces"):
        set_api_key("google", "two words")
    with pytest.raises(KeyStoreError, match="takes no API key"):
        set_api_key("vosk", KEY)
    assert memory_keyring.passwords == {}


def test_settings_declare_no_key() -> None:
    assert not [s.key for s in DECLARED if "key" in s.key.lower() or "token" in s.key.lower()]


def test_the_google_engine_uses_the_stored_key_and_never_shows_it(memory_keyring: MemoryKeyring) -> None:
    set_api_key("google", KEY)
    engine = create_transcriber("google", allow_online=True)
    assert isinstance(engine, GoogleEngine)
    seen: dict[str, Any] = {}
    sr = FakeSR(None)

    class Recognizer:
        def recognize_google(self, audio: Any, **kwargs: Any) -> Any:
            seen.update(kwargs)
            raise sr.RequestError(f"recognition request failed: Bad Request for key={KEY}")

    sr.Recognizer = Recognizer
    engine._sr = sr
    stream = engine.open_stream("ko")
    stream.feed(b"\0\0" * 1600)
    with pytest.raises(Exception, match="could not be reached") as caught:
        stream.finish()
    assert seen["key"] == KEY
    assert KEY not in str(caught.value) and "***" in str(caught.value)


# -- privacy ---------------------------------------------------------------------------------


def test_every_engine_says_where_the_audio_goes_in_every_language() -> None:
    assert set(ENGINE_PRIVACY) == {e.name for e in ENGINES}
    for engine in ENGINES:
        for lang in LANGUAGES:
            statement = privacy_statement(engine.name, lang)
            assert statement and statement != ENGINE_PRIVACY[engine.name]
        if engine.offline:
            assert "this computer" in privacy_statement(engine.name, "en")
            assert "이 컴퓨터" in privacy_statement(engine.name, "ko")
        else:
            assert "Google" in privacy_statement(engine.name, "en")
            assert "Google" in privacy_statement(engine.name, "ko")


def test_with_default_settings_no_engine_that_sends_audio_is_made(monkeypatch: pytest.MonkeyPatch) -> None:
    from argparse import Namespace

    from interview_sim.cli.speech_cmd import make_transcriber
    from interview_sim.core.recovery import default_recovery_transcriber

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("an online engine was constructed with the default settings")

    monkeypatch.setattr(GoogleEngine, "__init__", refuse)
    engines._instances.clear()
    settings = Settings.load(paths.settings_path())
    default = create_transcriber(settings.get("stt_engine"), settings=settings, allow_online=True)
    assert default.offline
    cli = make_transcriber(Namespace(engine=None, download=False, whisper_model="small"), settings)
    assert cli.offline
    assert default_recovery_transcriber().offline
    online = {e.name for e in ENGINES if not e.offline}
    assert settings.get("stt_engine") not in online
    # And the online engine is built only when named.
    with pytest.raises(AssertionError, match="online engine"):
        create_transcriber("google", allow_online=True)
