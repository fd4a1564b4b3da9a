"""What a killed archive export or import leaves behind, and putting it right.

An import writes a journal (``.import-journal.json`` in the data folder) from the moment its
hidden staging folder exists until the staging folder is gone; while it works it holds
``.archive.lock``. The journal's phase says what a kill left:

``staging``
    the archive was being extracted or checked; the data folder was not touched. The staging
    folder (a partial copy of the zip) is removed.
``swapping``
    the verified archive was being moved in by renames. The swap is completed: the current
    data goes to the backup folder named in the journal (kept), the staged files come in.
    Whatever is found in the way (made by something that opened the data folder after the
    kill) is moved into the same backup folder, never deleted.
``rolling-back``
    a failed swap was being undone; the undo is finished, the previous data is back.

An export works in a hidden ``.interview-sim-export-*`` folder beside its zip, holding a lock
file inside it; a folder whose lock nobody holds belongs to an export that died.

The app looks for a journal before its window opens (``paths.IMPORT_JOURNAL_NAME``, one
``stat``); only an interrupted import makes it import this module and wait for the renames.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from interview_sim import paths
from interview_sim.core.files import TEMP_SUFFIX, sync_folder, write_file
from interview_sim.devices.filelock import FileLock

JOURNAL_NAME = paths.IMPORT_JOURNAL_NAME
BACKUPS_DIR = "import-backups"
LOCK_NAME = ".archive.lock"
STAGING_PREFIX = ".import-"
EXPORT_PREFIX = ".interview-sim-export-"
EXPORT_LOCK_NAME = "export.lock"
PHASE_STAGING = "staging"
PHASE_SWAPPING = "swapping"
PHASE_ROLLING_BACK = "rolling-back"
ASIDE_SUFFIX = ".found-after-interrupted-import"
# tempfile.mkdtemp/mkstemp names: the prefix, then 8 characters of [a-z0-9_].
_STAGING_NAME = re.compile(r"^\.import-[a-z0-9_]{8}$")
_EXPORT_DIR_NAME = re.compile(r"^\.interview-sim-export-[a-z0-9_]{8}$")
# The partial zip an earlier version wrote beside the target: ``.<name>.zip.<8>.tmp``.
_OLD_EXPORT_TMP = re.compile(r"^\..+\.zip\.[a-z0-9_]{8}\.tmp$", re.IGNORECASE)
# A temporary file or folder without a lock to ask (killed between creating it and locking it,
# or made by an earlier version) is taken for abandoned only when nothing touched it for this long.
UNLOCKED_AGE_S = 6 * 3600


class RecoveryError(Exception):
    """An interrupted import that could not be settled; the message says what is where."""


def write_journal(home: Path, entry: dict[str, Any]) -> None:
    """Replace the journal atomically, durably: a kill leaves the old one or the new one."""
    write_file(home / JOURNAL_NAME, json.dumps(entry, ensure_ascii=False))


def remove_journal(home: Path) -> None:
    (home / JOURNAL_NAME).unlink(missing_ok=True)
    sync_folder(home)


def read_journal(home: Path) -> dict[str, Any] | None:
    try:
        raw = (home / JOURNAL_NAME).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise RecoveryError(f"{home / JOURNAL_NAME}: cannot read ({exc.strerror or exc})") from exc
    try:
        entry = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise RecoveryError(f"{home / JOURNAL_NAME}: damaged ({exc}); nothing was changed") from exc
    if not isinstance(entry, dict) or not _valid_name(entry.get("staging"), _STAGING_NAME):
        raise RecoveryError(f"{home / JOURNAL_NAME}: not an import journal; nothing was changed")
    return entry


def _valid_name(name: object, pattern: re.Pattern[str] | None = None) -> bool:
    """A single plain name inside its folder (a journal never sends a rename elsewhere)."""
    if not isinstance(name, str) or not name or name in (".", "..") or "/" in name or "\\" in name:
        return False
    return pattern is None or bool(pattern.match(name))


def _names(entry: dict[str, Any], key: str) -> list[str]:
    names = entry.get(key) or []
    if not isinstance(names, list) or not all(_valid_name(n) for n in names):
        raise RecoveryError(f"{JOURNAL_NAME}: '{key}' is not a list of names; nothing was changed")
    return names


def _exists(path: Path) -> bool:
    return path.exists() or path.is_symlink()


# -- settling an interrupted import ---------------------------------------------------------


def needs_settling(home: Path) -> bool:
    """Cheap: whether a killed import may have left something (one ``stat``)."""
    return (home / JOURNAL_NAME).exists()


def settle_interrupted_import(home: Path) -> list[str]:
    """Finish what a killed import left: returns what was done, one line each (empty if
    nothing). Skipped while an import is running (it holds the lock)."""
    if not home.is_dir():
        return []
    if not needs_settling(home) and not any(_stale_staging(home)):
        return []
    lock = FileLock(home / LOCK_NAME)
    try:
        acquired = lock.try_acquire()
    except OSError:
        return []
    if not acquired:
        return []  # an import is at work; it settles its own state
    try:
        return settle_locked(home)
    finally:
        lock.release()


def _stale_staging(home: Path) -> Iterable[Path]:
    try:
        children = list(home.iterdir())
    except OSError:
        return []
    return [p for p in children if _STAGING_NAME.match(p.name) and p.is_dir() and not p.is_symlink()]


def settle_locked(home: Path) -> list[str]:
    """:func:`settle_interrupted_import` for a caller that holds the lock."""
    done: list[str] = []
    entry = read_journal(home)
    if entry is not None:
        staging = home / entry["staging"]
        phase = entry.get("phase")
        if phase == PHASE_SWAPPING:
            done.extend(_complete_swap(home, staging, entry))
        elif phase == PHASE_ROLLING_BACK:
            done.extend(_finish_rollback(home, staging, entry))
        elif phase != PHASE_STAGING:
            raise RecoveryError(f"{home / JOURNAL_NAME}: unknown phase {phase!r}; nothing was changed")
        if staging.is_dir():
            shutil.rmtree(staging, ignore_errors=True)
            if phase == PHASE_STAGING:
                done.append(f"removed {staging}, left by an import that was stopped while extracting")
        remove_journal(home)
    # Staging folders no journal names: an import killed in the instant between making its
    # folder and writing the journal, or one by an earlier version (which kept no journal).
    # They hold extracted copies of a zip, never the user's own files.
    for stale in _stale_staging(home):
        shutil.rmtree(stale, ignore_errors=True)
        done.append(f"removed {stale}, left by an import that was stopped")
    # A journal being written when the import was killed (and the fixed name an earlier
    # version used for it).
    for stale_journal in [*home.glob(f".{JOURNAL_NAME}.*{TEMP_SUFFIX}"), home / (JOURNAL_NAME + ".tmp")]:
        with contextlib.suppress(OSError):
            stale_journal.unlink(missing_ok=True)
    return done


def _complete_swap(home: Path, staging: Path, entry: dict[str, Any]) -> list[str]:
    outgoing = _names(entry, "out")
    incoming = _names(entry, "in")
    backup = _backup_folder(home, entry, needed=bool(outgoing))
    moved_out = 0
    for name in outgoing:
        # Renamed out already if the backup holds it; in that case what is at home now is
        # the incoming copy or something made after the kill (handled below).
        if backup is not None and _exists(home / name) and not _exists(backup / name):
            os.replace(home / name, backup / name)
            moved_out += 1
    set_aside: list[str] = []
    database = entry.get("database")
    if isinstance(database, str) and _valid_name(database) and _exists(staging / database):
        # A database opened after the kill, with its WAL and SHM files: beside the incoming
        # database they would be read as its own. They go to the backup, kept.
        for child in sorted(home.iterdir()):
            moved_in_before = child.name in incoming and not _exists(staging / child.name)
            if child.name.startswith(database) and not moved_in_before:
                set_aside.append(_set_aside(home, child, backup))
    moved_in = 0
    for name in incoming:
        source = staging / name
        if not _exists(source):
            continue  # moved in before the kill
        if _exists(home / name):
            set_aside.append(_set_aside(home, home / name, backup))
        os.replace(source, home / name)
        moved_in += 1
    done = [
        f"finished an import that was stopped while moving files into place "
        f"({moved_out} moved to the backup, {moved_in} moved in)"
        + (f"; your previous data is in {backup}" if backup is not None else "")
    ]
    done.extend(f"found {name} in the way; it is kept in {backup}" for name in set_aside)
    return done


def _finish_rollback(home: Path, staging: Path, entry: dict[str, Any]) -> list[str]:
    outgoing = _names(entry, "out")
    incoming = _names(entry, "in")
    backup = _backup_folder(home, entry, needed=False)
    for name in reversed(incoming):
        # Moved in (and so to be moved back) if it is not in staging and, when it replaced a
        # file of the same name, that file is already in the backup.
        replaced_out = name in outgoing
        if (
            not _exists(staging / name)
            and _exists(home / name)
            and (not replaced_out or (backup is not None and _exists(backup / name)))
        ):
            os.replace(home / name, staging / name)
    if backup is not None:
        for name in reversed(outgoing):
            if _exists(backup / name) and not _exists(home / name):
                os.replace(backup / name, home / name)
        if remove_empty_tree(backup):
            with contextlib.suppress(OSError):
                backup.parent.rmdir()  # only if no other backup is there
    return ["undid an import that failed and was stopped while putting your data back"]


def _backup_folder(home: Path, entry: dict[str, Any], *, needed: bool) -> Path | None:
    relative = entry.get("backup")
    if relative is None:
        if needed:
            raise RecoveryError(f"{home / JOURNAL_NAME}: names files to back up but no backup folder")
        return None
    parts = relative.split("/") if isinstance(relative, str) else []
    if len(parts) != 2 or parts[0] != BACKUPS_DIR or not _valid_name(parts[1]):
        raise RecoveryError(f"{home / JOURNAL_NAME}: the backup folder is not valid; nothing was changed")
    folder = home.joinpath(*parts)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _set_aside(home: Path, path: Path, backup: Path | None) -> str:
    """Move something found in the way into the backup folder, under a name that says why."""
    parent = backup if backup is not None else home
    for attempt in range(1, 1000):
        name = path.name + ASIDE_SUFFIX + ("" if attempt == 1 else f"-{attempt}")
        target = parent / name
        if not _exists(target):
            os.replace(path, target)
            return name
    raise RecoveryError(f"{path}: no free name to keep it under in {parent}")


def remove_empty_tree(folder: Path) -> bool:
    """Remove ``folder`` if it holds nothing but empty folders; never removes a file."""
    if folder.is_symlink() or not folder.is_dir():
        return False
    for child in folder.iterdir():
        if not remove_empty_tree(child):
            return False
    try:
        folder.rmdir()
    except OSError:
        return False
    return True


# -- exports --------------------------------------------------------------------------------


def clean_stale_exports(folder: Path, *, now: float | None = None) -> list[Path]:
    """Remove what killed exports left in ``folder``; returns what was removed.

    A working folder is removed when its lock can be taken (its export is dead); one without a
    lock file, and an earlier version's partial zip, only when untouched for hours.
    """
    now = time.time() if now is None else now
    removed: list[Path] = []
    try:
        children = list(folder.iterdir())
    except OSError:
        return removed
    for child in children:
        try:
            if _EXPORT_DIR_NAME.match(child.name) and child.is_dir() and not child.is_symlink():
                if _export_is_dead(child, now):
                    shutil.rmtree(child, ignore_errors=True)
                    removed.append(child)
            elif (
                _OLD_EXPORT_TMP.match(child.name)
                and child.is_file()
                and not child.is_symlink()
                and now - child.stat().st_mtime > UNLOCKED_AGE_S
            ):
                child.unlink()
                removed.append(child)
        except OSError:
            continue  # another process's business, or gone already
    return removed


def _export_is_dead(work: Path, now: float) -> bool:
    lock_path = work / EXPORT_LOCK_NAME
    if not lock_path.exists():
        return now - work.stat().st_mtime > UNLOCKED_AGE_S
    lock = FileLock(lock_path)
    if not lock.try_acquire():
        return False  # an export is writing there now
    lock.release(delete=False)
    return True
