"""An exclusive lock on a side file, held while an answer is being recorded.

Recovery must not mistake another running window's answer for an interrupted one. The
operating system drops the lock when its process dies, even on SIGKILL, so "the lock can be
taken" means exactly "nobody is recording this any more".
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import IO

# POSIX lets a file be deleted while open, and deleting it while still holding the lock means
# no other process can lock a file that is about to disappear. Windows refuses to delete an
# open file (Python opens without FILE_SHARE_DELETE), which left a ``.lock`` beside every
# recording: there the lock is dropped and the file closed first, then deleted. If another
# process opened it in between, the delete fails and that process keeps a valid lock file.
UNLINK_WHILE_OPEN = sys.platform != "win32"


class FileLock:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle: IO[bytes] | None = None

    def try_acquire(self) -> bool:
        handle = open(self.path, "a+b")  # noqa: SIM115 - held open for as long as the lock
        try:
            if sys.platform == "win32":
                import msvcrt

                handle.seek(0)
                msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            return False
        self._handle = handle
        return True

    def release(self, *, delete: bool = True) -> None:
        handle = self._handle
        if handle is None:
            return
        self._handle = None
        if delete and UNLINK_WHILE_OPEN:
            with contextlib.suppress(OSError):
                os.unlink(self.path)
        if sys.platform == "win32":
            import msvcrt

            with contextlib.suppress(OSError):
                handle.seek(0)
                msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
        handle.close()
        if delete and not UNLINK_WHILE_OPEN:
            with contextlib.suppress(OSError):
                os.unlink(self.path)

    @property
    def held(self) -> bool:
        return self._handle is not None


def lock_path_for(audio: Path) -> Path:
    return audio.with_name(audio.name + ".lock")
