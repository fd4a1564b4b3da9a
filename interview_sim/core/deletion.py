"""Deleting attempts and sessions together with their recordings, losing nothing on failure.

Order of work: the audio files are first *moved* into a trash folder next to them (a rename,
so it cannot half-happen); if any move fails, the moved ones go back and nothing is deleted.
Then the database rows are removed in one transaction; if that fails, the files go back. Only
then are the moved files deleted. A crash in between leaves the files in the trash folder,
which :func:`clean_trash` sorts out at the next start: files whose attempt still exists go
back, the others are removed.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from interview_sim import paths
from interview_sim.core.storage import Database

TRASH_DIR = ".trash"
_AUDIO_SUFFIXES = (".wav", ".flac")


class DeleteError(Exception):
    """Nothing was deleted; the message says which file or what stood in the way."""


@dataclass
class Deleted:
    attempt_ids: list[int]
    files: list[str] = field(default_factory=list)  # files removed from disk


def files_of(audio_path: str) -> list[Path]:
    """A recording's files: the audio, its other format left by an interrupted compaction,
    and its recording lock."""
    audio = Path(audio_path)
    candidates = [
        audio,
        *(audio.with_suffix(s) for s in _AUDIO_SUFFIXES),
        audio.with_name(audio.name + ".lock"),
    ]
    return [p for p in dict.fromkeys(candidates) if p.is_file()]


def delete_attempt(db: Database, attempt_id: int) -> Deleted:
    return _delete(db, [attempt_id], lambda: db.delete_attempt(attempt_id))


def delete_session(db: Database, session_id: int) -> Deleted:
    ids = db.attempt_ids_of_session(session_id)
    return _delete(db, ids, lambda: db.delete_session(session_id))


def _delete(db: Database, attempt_ids: list[int], delete_rows: Callable[[], object]) -> Deleted:
    files = [f for audio in db.audio_paths(attempt_ids) for f in files_of(audio)]
    moved = _move_to_trash(files)
    try:
        delete_rows()
    except BaseException:
        _restore(moved)
        raise
    removed = []
    for original, parked in moved:
        try:
            parked.unlink()
            removed.append(str(original))
        except OSError:
            pass  # left in the trash folder; clean_trash() removes it later
    for _original, parked in moved:
        _remove_if_empty(parked.parent)
    return Deleted(attempt_ids, removed)


def _move_to_trash(files: Iterable[Path]) -> list[tuple[Path, Path]]:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    moved: list[tuple[Path, Path]] = []
    try:
        for original in files:
            trash = original.parent / TRASH_DIR / stamp
            trash.mkdir(parents=True, exist_ok=True)
            parked = trash / original.name
            os.replace(original, parked)
            moved.append((original, parked))
    except OSError as exc:
        _restore(moved)
        where = getattr(exc, "filename", None) or ""
        raise DeleteError(f"cannot delete {where}: {exc.strerror or exc}; nothing was deleted") from exc
    return moved


def _restore(moved: list[tuple[Path, Path]]) -> None:
    for original, parked in reversed(moved):
        # On failure the file stays in the trash folder, where clean_trash() puts it back.
        with contextlib.suppress(OSError):
            os.replace(parked, original)
    for _original, parked in moved:
        _remove_if_empty(parked.parent)


def _remove_if_empty(folder: Path) -> None:
    for candidate in (folder, folder.parent):
        try:
            candidate.rmdir()
        except OSError:
            return


def _stem(path: Path) -> Path:
    name = path.name.removesuffix(".lock")
    for suffix in _AUDIO_SUFFIXES:
        name = name.removesuffix(suffix)
    return path.with_name(name)


def clean_trash(db: Database, recordings: Path | None = None) -> tuple[int, int]:
    """After a crash during a deletion: recordings whose attempt still exists go back, the
    others are removed. Returns (restored, removed)."""
    trash = (paths.recordings_dir() if recordings is None else recordings) / TRASH_DIR
    if not trash.is_dir():
        return 0, 0
    referenced = {_stem(Path(p)) for p in db.all_audio_paths()}
    restored = removed = 0
    for parked in sorted(p for p in trash.rglob("*") if p.is_file()):
        original = trash.parent / parked.name
        try:
            if _stem(original) in referenced and not original.exists():
                os.replace(parked, original)
                restored += 1
            else:
                parked.unlink()
                removed += 1
        except OSError:
            continue
    if not any(p.is_file() for p in trash.rglob("*")):
        shutil.rmtree(trash, ignore_errors=True)
    return restored, removed
