"""The oldest macOS the bundle runs on, from the wheels it is built from.

Each wheel's tag names the oldest macOS its binaries were built for (``macosx_14_0_arm64``);
the app needs the newest of those. Written into Info.plist as ``LSMinimumSystemVersion``, it
makes Finder refuse an older Mac with a message instead of a crash at start (PySide6 6.12 and
current numpy wheels are built for macOS 14). Used by packaging/interview_sim.spec; tested in
tests/test_packaging.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_MACOS_TAG = re.compile(r"macosx_(\d+)_(\d+)_(\w+)$")
# The app never runs on an older macOS than this, whatever the wheels say (Apple silicon).
FLOOR = (11, 0)


def wheel_minimum(tags: Iterable[str], arch: str) -> tuple[int, int] | None:
    """The oldest macOS among one wheel's tags that fit ``arch`` (None: not a macOS wheel)."""
    found = []
    for tag in tags:
        match = _MACOS_TAG.search(tag.strip())
        if match is None:
            continue
        tag_arch = match.group(3)
        fits = tag_arch == arch or tag_arch == "universal2" or (tag_arch == "universal" and arch == "x86_64")
        if fits:
            found.append((int(match.group(1)), int(match.group(2))))
    return min(found) if found else None


def minimum_for(wheels: Iterable[Iterable[str]], arch: str) -> str:
    """The newest of the wheels' minimums, as ``"14.0"``."""
    versions = [v for tags in wheels if (v := wheel_minimum(tags, arch)) is not None]
    major, minor = max([FLOOR, *versions])
    return f"{major}.{minor}"


def installed_wheel_tags() -> list[list[str]]:
    """The ``Tag:`` lines of every installed distribution's WHEEL file."""
    from importlib.metadata import distributions

    tags = []
    for dist in distributions():
        text = dist.read_text("WHEEL") or ""
        tags.append([line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("Tag:")])
    return tags
