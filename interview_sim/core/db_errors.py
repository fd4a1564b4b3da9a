"""The errors of the practice database, with messages a user can act on.

Their own module so that the database (``core/storage.py``) and its safety checks
(``core/db_safety.py``) both raise them without importing each other.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path


class DatabaseError(Exception):
    """A database that cannot be opened or used; the message says why and where."""


class CorruptDatabaseError(DatabaseError):
    """The file is not a sound SQLite database: it must be moved aside, never written to."""


class StorageFullError(DatabaseError):
    """The disk is full or the data folder is read-only: nothing new can be saved."""


def storage_error(path: Path, exc: sqlite3.Error) -> DatabaseError:
    """A clear message for the errors a user can do something about; others as they are."""
    text = str(exc).lower()
    if "disk is full" in text or "disk i/o error" in text:
        return StorageFullError(
            f"{path}: the disk is full or failing, so this could not be saved ({exc}). "
            "Everything saved before is kept; free some space and try again."
        )
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return StorageFullError(
            f"{path.parent}: the data folder cannot be written (read-only?), so this could not be "
            f"saved ({exc}). Everything saved before is kept."
        )
    if "not a database" in text or "malformed" in text:
        return CorruptDatabaseError(f"{path}: the practice database is damaged ({exc})")
    return DatabaseError(f"{path}: {exc}")
