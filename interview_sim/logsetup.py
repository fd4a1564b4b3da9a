"""The log: a rotating file in the user-data folder, set up once by the entry point.

At the default level (INFO) the log says what happened, never what was said or where it is
kept: no transcripts are logged at INFO, and any path inside the user-data folder (recordings,
database) is written as ``<data>``. ``--verbose`` logs at DEBUG, with paths, for a bug report the user
chooses to send.
"""

from __future__ import annotations

import logging
import re
import sys
from pathlib import Path

from interview_sim import paths

LOG_FILE = "interview-sim.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 3
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class RedactDataFolder(logging.Filter):
    """Replace every path inside the user-data folder, so no recording's path or name is logged."""

    def __init__(self, folder: Path) -> None:
        super().__init__()
        folders = sorted({str(folder), str(folder.resolve())}, key=len, reverse=True)
        self.pattern = re.compile("(?:" + "|".join(map(re.escape, folders)) + r")[^\s'\";,)]*")

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = self.pattern.sub("<data>", message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


class _Held(logging.Handler):
    """Keeps the records logged before the file's handler is set up, to be written by it."""

    def __init__(self, verbose: bool) -> None:
        super().__init__()
        self.verbose = verbose
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def _remove_ours(logger: logging.Logger) -> list[logging.LogRecord]:
    held: list[logging.LogRecord] = []
    for handler in list(logger.handlers):
        if getattr(handler, "_interview_sim", False):
            logger.removeHandler(handler)
            handler.close()
            if isinstance(handler, _Held):
                held += handler.records
    return held


def setup_logging_later(verbose: bool = False) -> None:
    """Like :func:`setup_logging`, with the file's handler set up by :func:`finish_logging`.

    The app's entry point uses it: the handler's module (``logging.handlers``, with socket and
    pickle) costs about 10 ms, which the window's first paint does not wait for (issue 4). What is
    logged meanwhile is kept and written to the file then.
    """
    logger = logging.getLogger("interview_sim")
    _remove_ours(logger)
    held = _Held(verbose)
    held._interview_sim = True  # type: ignore[attr-defined]
    logger.addHandler(held)
    logger.setLevel(logging.DEBUG if verbose else logging.INFO)


def finish_logging() -> None:
    """Set up the log file announced by :func:`setup_logging_later`; nothing if it is done."""
    held = next((h for h in logging.getLogger("interview_sim").handlers if isinstance(h, _Held)), None)
    if held is not None:
        setup_logging(held.verbose)


def setup_logging(verbose: bool = False) -> Path | None:
    """Log the app's messages to ``<data>/logs/interview-sim.log``; returns the file, or None.

    A data folder that cannot be written must not stop the app: it then runs without a log.
    """
    from logging.handlers import RotatingFileHandler

    logger = logging.getLogger("interview_sim")
    held = _remove_ours(logger)
    try:
        home = paths.data_home()
        path = paths.logs_dir() / LOG_FILE
        handler = RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8")
    except OSError as exc:
        print(f"interview-sim: no log file ({exc}); the app works without one", file=sys.stderr)
        return None
    handler._interview_sim = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter(_FORMAT))
    if not verbose:
        handler.addFilter(RedactDataFolder(home))
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG if verbose else logging.INFO)
    for record in held:
        handler.handle(record)
    return path
