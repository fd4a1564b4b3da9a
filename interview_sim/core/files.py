"""Writing the user's files so that a crash or a full disk never leaves half of one.

Every file the core writes whole (settings, question edits, templates, imported questions,
reports, the import journal) goes through :func:`write_file` or :func:`write_new_file`: the
content goes to a temporary file in the target's folder, is flushed and fsync'd, and only
then takes the target's name, so a reader sees the old file or the new one, never a mix; the
folder is synced too, so that the rename itself survives a power cut.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

TEMP_SUFFIX = ".tmp"


def write_file(target: Path, content: str | bytes, *, replace: bool = True) -> Path:
    """Write ``content`` (text as UTF-8 with ``\\n`` line ends) to ``target`` atomically.

    Without ``replace`` an existing ``target`` raises :class:`FileExistsError` and stays as it
    was. Raises :class:`OSError` when the folder cannot be written; nothing is left behind.
    """
    with _finished_temp(target.parent, target.name, content) as tmp:
        place_file(tmp, target, replace=replace)
    sync_folder(target.parent)
    return target


def write_new_file(candidates: Iterable[Path], content: str | bytes) -> Path:
    """Write ``content`` under the first of ``candidates`` (all in one folder) that does not
    exist yet, never replacing a file; returns the name used.

    Raises :class:`FileExistsError` when every candidate is taken.
    """
    names = list(candidates)
    if not names:
        raise ValueError("no file name to write to")
    folder = names[0].parent
    with _finished_temp(folder, names[0].name, content) as tmp:
        for target in names:
            try:
                place_file(tmp, target, replace=False, keep_finished=True)
            except FileExistsError:
                continue
            sync_folder(folder)
            return target
    raise FileExistsError(f"{names[0]} and the {len(names) - 1} other names tried all exist in {folder}")


@contextlib.contextmanager
def _finished_temp(folder: Path, name: str, content: str | bytes) -> Iterator[Path]:
    """A durable temporary copy of ``content`` beside ``name``, removed when the block ends
    (the target, once linked or renamed, no longer needs it)."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    folder.mkdir(parents=True, exist_ok=True)
    fd, raw = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=TEMP_SUFFIX)
    tmp = Path(raw)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        yield tmp
    finally:
        tmp.unlink(missing_ok=True)


def place_file(finished: Path, target: Path, *, replace: bool = False, keep_finished: bool = False) -> None:
    """Move ``finished`` (a complete temp file in the target's folder) to ``target``.

    Without ``replace`` an existing ``target`` raises :class:`FileExistsError` and is left as
    it was, even if it appears while we work (``os.link`` is atomic and refuses to overwrite).
    With ``keep_finished`` the temp file stays where it is when it was linked (to try another
    name with it after a refusal).
    """
    if replace:
        os.replace(finished, target)
        return
    try:
        os.link(finished, target)
    except FileExistsError:
        raise
    except OSError:
        # A filesystem without hard links: the check-then-rename window is the best left.
        if target.exists():
            raise FileExistsError(str(target)) from None
        os.replace(finished, target)
    else:
        if not keep_finished:
            finished.unlink(missing_ok=True)


def sync_folder(folder: Path) -> None:
    """Make renames in ``folder`` durable (POSIX; Windows has no directory handles to sync)."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
