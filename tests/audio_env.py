"""Real audio devices without hardware: a private PulseAudio daemon with virtual devices.

- ``spk``: a null sink, the default output; ``spk.monitor`` records what the app played.
- ``mic``: a pipe source, the default input, fed from a FIFO by :class:`MicFeeder`.

The pipe source does not pace itself, so the feeder writes 100 ms blocks on a real-time
schedule, silence when it has nothing to say, and keeps going until the test ends (a source
that stops delivering makes PortAudio's ``stream.stop()`` hang). The app under test runs in a
subprocess (see :func:`run_cli`): PortAudio lists the devices once, when it initialises, so it
must start after the daemon and with the daemon's environment.

The daemon runs as whoever runs the tests; as root (CI) PulseAudio only warns, but it needs its
own HOME / XDG_RUNTIME_DIR so that it never finds or touches a user's session.
"""

from __future__ import annotations

import contextlib
import os
import queue
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
MIC_RATE = 16_000
BLOCK = MIC_RATE // 10


class PulseAudio:
    def __init__(self, root: Path, *, speaker: bool = True) -> None:
        self.root = root
        self.speaker = speaker  # False: a sound server with no output at all (unplugged)
        self.fifo = root / "mic.fifo"
        self.env = {
            "HOME": str(root),
            "XDG_RUNTIME_DIR": str(root),
            "XDG_CONFIG_HOME": str(root / "config"),
            "PULSE_RUNTIME_PATH": str(root / "pulse"),
            "PULSE_STATE_PATH": str(root / "state"),
            "PULSE_SERVER": f"unix:{root / 'pulse' / 'native'}",
        }

    def command_env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(self.env)
        return env

    def start(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        os.chmod(self.root, 0o700)
        env = self.command_env()
        env.pop("PULSE_SERVER")  # the daemon itself must not look for another server
        subprocess.run(
            [
                "pulseaudio",
                "--daemonize=yes",
                "--exit-idle-time=-1",
                "-n",  # no default.pa: nothing but the modules below
                "--use-pid-file=yes",
                f"--log-target=file:{self.root / 'pulse.log'}",
                "--load=module-native-protocol-unix",
                *(["--load=module-null-sink sink_name=spk"] if self.speaker else []),
                f"--load=module-pipe-source source_name=mic file={self.fifo} format=s16le rate={MIC_RATE} channels=1",
            ],
            env=env,
            check=True,
            timeout=30,
        )
        if self.speaker:
            self.pactl("set-default-sink", "spk")
        self.pactl("set-default-source", "mic")

    def pactl(self, *args: str) -> str:
        return subprocess.run(
            ["pactl", *args], env=self.command_env(), check=True, capture_output=True, text=True, timeout=15
        ).stdout

    def recording_from(self, source: str = "mic") -> int:
        """How many streams record from ``source`` now, started (not corked), as the sound server
        sees them. Feeding the pipe source must wait for one, since it drops what nobody records;
        an app's own sign (a row written, a line printed) may come before its stream runs."""
        env = {**self.command_env(), "LC_ALL": "C"}  # pactl's field names, untranslated

        def pactl(*args: str) -> str:
            return subprocess.run(
                ["pactl", *args], env=env, check=True, capture_output=True, text=True, timeout=15
            ).stdout

        rows = [line.split("\t") for line in pactl("list", "short", "sources").splitlines()]
        index = next((row[0] for row in rows if len(row) > 1 and row[1] == source), None)
        if index is None:
            return 0
        count = 0
        for block in pactl("list", "source-outputs").split("Source Output #")[1:]:
            fields = dict(line.strip().split(": ", 1) for line in block.splitlines() if ": " in line)
            if fields.get("Source") == index and fields.get("Corked") == "no":
                count += 1
        return count

    def stop(self) -> None:
        pid_file = self.root / "pulse" / "pid"
        subprocess.run(["pulseaudio", "--kill"], env=self.command_env(), timeout=15, check=False)
        deadline = time.monotonic() + 5
        while pid_file.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        if pid_file.exists():
            with contextlib.suppress(ValueError, ProcessLookupError, OSError):
                os.kill(int(pid_file.read_text().strip()), signal.SIGKILL)


class MicFeeder:
    """Writes 16 kHz mono s16le audio to the pipe source in real time, 100 ms per block.

    Nothing is written until the first :meth:`play` (call it once the app's input stream is
    open): the pipe source stops reading while nobody records, so anything written earlier
    would wait in the FIFO and delay the answer. After the queued audio, silence follows until
    :meth:`close`. Writes wait for room in the FIFO instead of dropping audio.
    """

    def __init__(self, fifo: Path) -> None:
        _drain(fifo)  # a previous test's leftovers
        self._fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        self._pending: queue.Queue[np.ndarray] = queue.Queue()
        self._stop = threading.Event()
        self._started = threading.Event()
        self.blocks_written = 0
        self.content_blocks = 0
        self._current: np.ndarray | None = None
        self._pos = 0
        self._thread = threading.Thread(target=self._run, name="mic-feeder", daemon=True)
        self._thread.start()

    def play(self, samples: np.ndarray) -> None:
        """Queue int16 samples to be fed after what is already queued."""
        self._pending.put(np.asarray(samples, dtype="<i2"))
        self._started.set()

    @property
    def content_seconds(self) -> float:
        """How much queued content has been written so far."""
        return self.content_blocks * BLOCK / MIC_RATE

    def idle(self) -> bool:
        return self._current is None and self._pending.empty()

    def _next_block(self) -> np.ndarray:
        block = np.zeros(BLOCK, dtype="<i2")
        filled = 0
        while filled < BLOCK:
            if self._current is None:
                try:
                    self._current, self._pos = self._pending.get_nowait(), 0
                except queue.Empty:
                    break
            take = self._current[self._pos : self._pos + BLOCK - filled]
            block[filled : filled + len(take)] = take
            filled += len(take)
            self._pos += len(take)
            if self._pos >= len(self._current):
                self._current = None
        if filled:
            self.content_blocks += 1
        return block

    def _write(self, data: bytes) -> bool:
        while not self._stop.is_set():
            _, writable, _ = select.select([], [self._fd], [], 0.2)
            if writable:
                try:
                    os.write(self._fd, data)  # below PIPE_BUF: all or nothing
                    return True
                except BlockingIOError:
                    continue
                except BrokenPipeError:
                    return False  # the daemon is gone
        return False

    def _run(self) -> None:
        while not self._started.wait(0.1):
            if self._stop.is_set():
                return
        start = time.monotonic()
        while not self._stop.is_set():
            if not self._write(self._next_block().tobytes()):
                return
            self.blocks_written += 1
            delay = start + self.blocks_written * BLOCK / MIC_RATE - time.monotonic()
            if delay > 0:
                time.sleep(delay)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(5)
        os.close(self._fd)


def _drain(fifo: Path) -> None:
    fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        while os.read(fd, 65536):
            pass
    except BlockingIOError:
        pass
    finally:
        os.close(fd)


class MonitorRecorder:
    """Records the speaker's monitor (what the app played) with parec."""

    def __init__(self, pulse: PulseAudio, out: Path, rate: int = 22_050) -> None:
        self.out = out
        self.rate = rate
        self._handle = open(out, "wb")  # noqa: SIM115 - closed in stop()
        self._process = subprocess.Popen(
            [
                "parec",
                "-d",
                "spk.monitor",
                "--raw",
                "--format=s16le",
                f"--rate={rate}",
                "--channels=1",
                "--latency-msec=20",
            ],
            env=pulse.command_env(),
            stdout=self._handle,
        )

    def stop(self) -> np.ndarray:
        self._process.terminate()
        self._process.wait(10)
        self._handle.close()
        return np.frombuffer(self.out.read_bytes(), dtype="<i2").astype(np.float32) / 32768.0


def _pulse_available() -> str | None:
    missing = [tool for tool in ("pulseaudio", "pactl", "parec") if shutil.which(tool) is None]
    return f"missing {', '.join(missing)} (Debian: pulseaudio pulseaudio-utils)" if missing else None


@pytest.fixture(scope="session")
def pulse() -> Iterator[PulseAudio]:
    problem = _pulse_available()
    if problem:
        if os.environ.get("CI"):
            pytest.fail(f"real-stack tests need PulseAudio in CI: {problem}")
        pytest.skip(problem)
    root = Path(tempfile.mkdtemp(prefix="isim-pulse-"))
    daemon = PulseAudio(root)
    daemon.start()
    try:
        yield daemon
    finally:
        daemon.stop()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def mic(pulse: PulseAudio) -> Iterator[MicFeeder]:
    feeder = MicFeeder(pulse.fifo)
    try:
        yield feeder
    finally:
        feeder.close()


class CliProcess:
    """The app in a subprocess, its stderr read line by line as it comes."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "interview_sim", *args],
            cwd=REPO_ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        self.stderr_lines: list[str] = []
        self._stdout_parts: list[str] = []
        self._line_event = threading.Condition()
        self._reader = threading.Thread(target=self._read_stderr, daemon=True)
        self._reader.start()
        # stdout gets its own reader: communicate() would also read stderr and steal lines from
        # the reader above (a lost line made a CI run fail).
        self._stdout_reader = threading.Thread(target=self._read_stdout, daemon=True)
        self._stdout_reader.start()

    def _read_stdout(self) -> None:
        assert self.process.stdout is not None
        self._stdout_parts.append(self.process.stdout.read())

    def _read_stderr(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            with self._line_event:
                self.stderr_lines.append(line.rstrip("\n"))
                self._line_event.notify_all()
        with self._line_event:
            self._line_event.notify_all()

    def wait_for_stderr(self, text: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        with self._line_event:
            while not any(text in line for line in self.stderr_lines):
                remaining = deadline - time.monotonic()
                if remaining <= 0 or (self.process.poll() is not None and not self._reader.is_alive()):
                    raise AssertionError(f"{text!r} never appeared on stderr: {self.stderr_lines}")
                self._line_event.wait(min(remaining, 0.2))

    def finish(self, timeout: float) -> tuple[int, str, str]:
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise
        self._reader.join(5)
        self._stdout_reader.join(5)
        return self.process.returncode, "".join(self._stdout_parts), "\n".join(self.stderr_lines)


def cli_env(pulse: PulseAudio | None, home: Path, **extra: str) -> dict[str, str]:
    env = pulse.command_env() if pulse is not None else dict(os.environ)
    env["INTERVIEW_SIM_HOME"] = str(home)
    env["PYTHONPATH"] = str(REPO_ROOT)
    env.update(extra)
    return env


def run_cli(args: list[str], env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "interview_sim", *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
    )


def spoken_clips(pulse: PulseAudio, folder: Path, texts: list[str]) -> list[np.ndarray]:
    """Each Korean text spoken by the app's own TTS (`say --out`, espeak-ng), as 16 kHz float32."""
    import soundfile as sf
    import soxr

    env = cli_env(pulse, folder / "tts-home")
    clips = []
    for index, text in enumerate(texts):
        out = folder / f"spoken{index}.wav"
        done = run_cli(["say", text, "--lang", "ko", "--out", str(out)], env)
        assert done.returncode == 0, done.stderr
        data, rate = sf.read(str(out), dtype="float32")
        clips.append(soxr.resample(data, rate, MIC_RATE, "VHQ"))
    return clips
