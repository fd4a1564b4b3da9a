"""Putting a finished file in place without ever replacing one the user has, unless asked."""

from __future__ import annotations

import os
from pathlib import Path


def place_file(finished: Path, target: Path, *, replace: bool = False) -> None:
    """Move ``finished`` (a complete temp file in the target's folder) to ``target``.

    Without ``replace`` an existing ``target`` raises :class:`FileExistsError` and is left as
    it was, even if it appears while we work (``os.link`` is atomic and refuses to overwrite).
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
        finished.unlink(missing_ok=True)
