"""The one way the core writes a whole file: atomic, fsync'd, never over a file unless asked."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from interview_sim.core import files


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(files.TEMP_SUFFIX))


def test_write_file_replaces_atomically_and_syncs_file_and_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "settings.json"
    target.write_text("old", encoding="utf-8")
    synced: list[int] = []
    real_fsync = os.fsync

    def spy(fd: int) -> None:
        synced.append(fd)
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", spy)
    assert files.write_file(target, "새 설정\n") == target
    assert target.read_bytes() == "새 설정\n".encode()
    # The content before the rename, and the folder after it (POSIX).
    assert len(synced) == (2 if os.name == "posix" else 1)
    assert leftovers(tmp_path) == []


def test_write_file_without_replace_keeps_the_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    target.write_text("the user's own", encoding="utf-8")
    with pytest.raises(FileExistsError):
        files.write_file(target, "new", replace=False)
    assert target.read_text(encoding="utf-8") == "the user's own"
    assert leftovers(tmp_path) == []
    fresh = tmp_path / "fresh.md"
    files.write_file(fresh, b"bytes too", replace=False)
    assert fresh.read_bytes() == b"bytes too"


def test_write_new_file_takes_the_first_free_name(tmp_path: Path) -> None:
    (tmp_path / "notes.toml").write_text("kept", encoding="utf-8")
    names = [tmp_path / "notes.toml", tmp_path / "notes-2.toml", tmp_path / "notes-3.toml"]
    assert files.write_new_file(names, "a") == tmp_path / "notes-2.toml"
    assert files.write_new_file(names, "b") == tmp_path / "notes-3.toml"
    with pytest.raises(FileExistsError):
        files.write_new_file(names, "c")
    assert [p.read_text(encoding="utf-8") for p in names] == ["kept", "a", "b"]
    assert leftovers(tmp_path) == []


def test_a_failed_write_leaves_nothing_behind(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be", encoding="utf-8")
    with pytest.raises(OSError):
        files.write_file(blocker / "x.json", "{}")
    target = tmp_path / "x.json"

    with pytest.raises(TypeError):
        files.write_file(target, 42)  # type: ignore[arg-type]
    assert not target.exists() and leftovers(tmp_path) == []
