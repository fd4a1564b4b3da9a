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
from logging.handlers import RotatingFileHandler
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


def setup_logging(verbose: bool = False) -> Path | None:
    """Log the app's messages to ``<data>/logs/interview-sim.log``; returns the file, or None.

    A data folder that cannot be written must not stop the app: it then runs without a log.
    """
    logger = logging.getLogger("interview_sim")
    for handler in list(logger.handlers):
        if getattr(handler, "_interview_sim", False):
            logger.removeHandler(handler)
            handler.close()
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
    return path
