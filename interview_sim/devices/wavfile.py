"""Answer files: a WAV that stays readable if the app dies, its repair, and FLAC compaction.

A WAV header normally gets its sizes only when the file is closed, so a crash leaves a file
that reads as empty. libsndfile can rewrite the header after every write; that is switched on
here (``SFC_SET_UPDATE_HEADER_AUTO``, not wrapped by the soundfile package). Should a header
still be stale (power loss, an old libsndfile), :func:`repair_wav` rebuilds the sizes from the
file length. FLAC is written only after the answer, to a temporary file that is verified
against the WAV before the WAV is given up: a FLAC cut by a crash is hard to recover.
"""

from __future__ import annotations

import errno
import os
import struct
import sys
import time
from pathlib import Path
from types import TracebackType
from typing import IO, Any

import numpy as np
import soundfile as sf

from interview_sim.devices.base import DiskFullError

_SFC_SET_UPDATE_HEADER_AUTO = 0x1061
_FSYNC_EVERY_S = 1.0


class CrashSafeWavWriter:
    """16-bit PCM WAV written block by block with a header that is valid after every block."""

    def __init__(self, path: Path, sample_rate: int, channels: int) -> None:
        self.path = path
        self.sample_rate = sample_rate
        self.channels = channels
        self.frames = 0
        self._last_sync = time.monotonic()
        try:
            self._file = sf.SoundFile(str(path), "w", sample_rate, channels, "PCM_16", format="WAV")
        except sf.LibsndfileError as exc:
            raise _os_error_for(path, exc) from exc
        self.header_auto_update = _enable_header_auto_update(self._file)

    def write(self, block: np.ndarray) -> None:
        try:
            self._file.write(block)
        except (sf.LibsndfileError, AssertionError) as exc:
            # soundfile asserts on a short write, which is what a full disk produces.
            raise DiskFullError(
                f"could not write the recording to {self.path} ({exc or 'short write'}); "
                "the disk may be full. The answer so far is kept."
            ) from exc
        self.frames += len(block)
        now = time.monotonic()
        if now - self._last_sync >= _FSYNC_EVERY_S:
            # A killed process loses nothing that reached the kernel; fsync covers power loss.
            self._last_sync = now
            self._file.flush()

    def close(self) -> None:
        if not self._file.closed:
            self._file.close()

    def __enter__(self) -> CrashSafeWavWriter:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def _enable_header_auto_update(handle: sf.SoundFile) -> bool:
    try:
        lib: Any = sf._snd
        ffi: Any = sf._ffi
        lib.sf_command(handle._file, _SFC_SET_UPDATE_HEADER_AUTO, ffi.NULL, 1)
    except (AttributeError, TypeError):
        return False  # repair_wav on the next start still recovers the audio
    return True


def _os_error_for(path: Path, exc: Exception) -> Exception:
    text = str(exc)
    if "No space" in text:
        return DiskFullError(f"no space left to record to {path}")
    return OSError(f"cannot create the recording {path}: {text}")


def is_disk_full(exc: BaseException) -> bool:
    return isinstance(exc, DiskFullError) or (isinstance(exc, OSError) and exc.errno == errno.ENOSPC)


# -- repair ----------------------------------------------------------------------------------


def _chunks(handle: IO[bytes], file_size: int) -> tuple[int, int, int] | None:
    """Find (fmt block align, data offset, data size from header) in a RIFF/WAVE file."""
    handle.seek(0)
    head = handle.read(12)
    if len(head) < 12 or head[:4] != b"RIFF" or head[8:12] != b"WAVE":
        return None
    block_align = 0
    pos = 12
    while pos + 8 <= file_size:
        handle.seek(pos)
        chunk_id, size = struct.unpack("<4sI", handle.read(8))
        if chunk_id == b"fmt ":
            fmt = handle.read(min(size, 16))
            if len(fmt) >= 14:
                block_align = struct.unpack("<H", fmt[12:14])[0]
        elif chunk_id == b"data":
            return block_align, pos + 8, size
        pos += 8 + size + (size & 1)
    return None


def repair_wav(path: Path) -> int:
    """Make the header of an interrupted WAV match its data; return the number of frames.

    Only whole frames are kept. Returns 0 for a file without any audio; raises ValueError for a
    file that is not a WAV at all.
    """
    with open(path, "r+b") as handle:
        size = os.fstat(handle.fileno()).st_size
        found = _chunks(handle, size)
        if found is None:
            if size == 0:
                return 0
            raise ValueError(f"{path} is not a WAV file")
        block_align, data_offset, header_size = found
        if block_align <= 0:
            raise ValueError(f"{path}: WAV without a valid format chunk")
        available = max(0, size - data_offset)
        data_size = (available // block_align) * block_align
        if header_size != data_size or size != data_offset + data_size:
            # Sizes first, then trim a torn last frame: a crash in between is repaired next time.
            handle.seek(4)
            handle.write(struct.pack("<I", data_offset + data_size - 8))
            handle.seek(data_offset - 4)
            handle.write(struct.pack("<I", data_size))
            handle.flush()
            if size > data_offset + data_size:
                handle.truncate(data_offset + data_size)
            os.fsync(handle.fileno())
        return data_size // block_align


# -- compaction ------------------------------------------------------------------------------


def compress_to_flac(wav: Path) -> Path:
    """Write ``wav`` as FLAC next to it, verify it sample for sample, then delete the WAV.

    Returns the FLAC path. On any failure the WAV is kept untouched and the error re-raised.
    """
    final = wav.with_suffix(".flac")
    tmp = wav.with_suffix(".flac.part")
    try:
        with sf.SoundFile(str(wav)) as src:
            rate, channels = src.samplerate, src.channels
            with sf.SoundFile(str(tmp), "w", rate, channels, "PCM_16", format="FLAC") as dst:
                for block in src.blocks(blocksize=65536, dtype="int16", always_2d=True):
                    dst.write(block)
        _verify_same_audio(wav, tmp)
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, final)
        _fsync_dir(final.parent)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return final


def _verify_same_audio(a: Path, b: Path) -> None:
    with sf.SoundFile(str(a)) as fa, sf.SoundFile(str(b)) as fb:
        if (fa.frames, fa.samplerate, fa.channels) != (fb.frames, fb.samplerate, fb.channels):
            raise OSError(f"{b}: the compressed file does not match the recording; the WAV is kept")
        while True:
            xa = fa.read(65536, dtype="int16")
            xb = fb.read(65536, dtype="int16")
            if not np.array_equal(xa, xb):
                raise OSError(f"{b}: the compressed file does not match the recording; the WAV is kept")
            if len(xa) == 0:
                return


def _fsync_dir(folder: Path) -> None:
    if sys.platform == "win32":
        return  # directories cannot be opened for fsync on Windows
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def audio_frames(path: Path) -> tuple[int, int]:
    """(frames, sample rate) of a readable audio file."""
    info = sf.info(str(path))
    return int(info.frames), int(info.samplerate)
