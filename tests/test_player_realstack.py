"""Playing a stored answer back on real devices: a real espeak-ng answer stored as FLAC the way the
app stores answers, played by the real FilePlayer through PortAudio to the PulseAudio virtual
speaker, and what came out read back from the speaker's monitor.

Unlike the CLI tests these run the player in the test process, so PortAudio is restarted with
the private daemon's environment (it lists the devices only when it initialises) and restarted
again afterwards.
"""

from __future__ import annotations

import contextlib
import os
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pytest
import soundfile as sf
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from interview_sim.core.storage import Database
from interview_sim.devices.base import DeviceError
from interview_sim.devices.player import FilePlayer
from interview_sim.devices.wavfile import compress_to_flac
from interview_sim.i18n import tr
from tests.archive_fixtures import TCP, Archive, fill_archive
from tests.audio_checks import Piece, active_span, band_limited_noise, follow, locate, to_int16
from tests.audio_env import MIC_RATE, MonitorRecorder, PulseAudio, spoken_clips
from tests.waits import UI_MS

if TYPE_CHECKING:
    from interview_sim.qt.review_screen import ReviewScreen

pytestmark = pytest.mark.realstack

SENTENCES = [
    "프로세스는 실행 중인 프로그램입니다.",
    "스레드는 프로세스 안의 실행 단위입니다.",
    "인덱스는 검색을 빠르게 합니다.",
    "해시 테이블은 키로 값을 찾습니다.",
]
MONITOR_RATE = 44_100
PAUSE_S = 0.6
# How well each second of what was played must match the file. Measured 0.99 or more (the
# path is lossless but for two resamplings and 16-bit rounding); a second of another part of
# the answer matches at most 0.25 (the sentences share some sounds), silence or a wrong rate
# near 0.
MATCH = 0.9
# The null sink hands its audio to the monitor in chunks, and parec needs a moment to start.
SETTLE_S = 1.0


@dataclass
class StoredAnswer:
    path: Path  # FLAC, 16 kHz mono 16-bit, as compaction leaves it
    samples: np.ndarray  # int16, what the file holds
    middle: int  # sample where the second half (the last two sentences) begins
    sentence_starts: list[float]  # seconds
    sentence_ends: list[float]

    @property
    def duration_s(self) -> float:
        return len(self.samples) / MIC_RATE


@pytest.fixture(scope="module")
def stored_answer(pulse: PulseAudio, tmp_path_factory: pytest.TempPathFactory) -> StoredAnswer:
    """Four different sentences with pauses over a faint unique noise floor (so that every part
    can be told from every other), recorded as a WAV and compacted to FLAC like a real answer."""
    folder = tmp_path_factory.mktemp("answer")
    clips = spoken_clips(pulse, folder, SENTENCES)
    pause = np.zeros(int(PAUSE_S * MIC_RATE), np.float32)
    parts = [pause]
    starts, ends = [], []
    for clip in clips:
        starts.append(sum(len(p) for p in parts) / MIC_RATE)
        parts += [clip * 0.7, pause]
        ends.append(starts[-1] + len(clip) / MIC_RATE)
    middle = sum(len(p) for p in parts[:5])
    audio = np.concatenate(parts)
    audio = audio + band_limited_noise(len(audio) / MIC_RATE + 1, MIC_RATE, 6000, 0.01, seed=21)[: len(audio)]
    samples = to_int16(audio)
    wav = folder / "answer.wav"
    sf.write(str(wav), samples, MIC_RATE, subtype="PCM_16")
    flac = compress_to_flac(wav)
    assert flac.suffix == ".flac"
    return StoredAnswer(flac, samples, middle, starts, ends)


@contextlib.contextmanager
def portaudio_with(env_vars: dict[str, str]) -> Iterator[Any]:
    """sounddevice with PortAudio restarted in ``env_vars`` (it lists the devices only when it
    starts), and restarted again in the test process's own environment afterwards."""
    import sounddevice as sd

    with pytest.MonkeyPatch.context() as env:
        for key, value in env_vars.items():
            env.setenv(key, value)
        sd._terminate()
        sd._initialize()
        try:
            yield sd
        finally:
            sd._terminate()
    sd._initialize()


@pytest.fixture
def portaudio(pulse: PulseAudio) -> Iterator[Any]:
    """sounddevice with PortAudio started inside the private daemon's environment."""
    with portaudio_with(pulse.env) as sd:
        yield sd


@pytest.fixture
def monitor(pulse: PulseAudio, tmp_path: Path) -> Iterator[MonitorRecorder]:
    recorder = MonitorRecorder(pulse, tmp_path / "monitor.raw", rate=MONITOR_RATE)
    # parec takes a while to connect: what is played before it records is not on the record.
    assert wait_until(lambda: recorder.out.stat().st_size > 0.2 * MONITOR_RATE * 2, 30), (
        "parec never recorded"
    )
    try:
        yield recorder
    finally:
        recorder.stop()


GAPS_S = 0.5  # how much silence the sound server may insert, in all, when it starves under load


def assert_played(heard: np.ndarray, reference: np.ndarray) -> list[Piece]:
    """``reference`` (int16 at 16 kHz) came out of the speaker whole, in order, at its speed.

    Each second is looked for on its own. Under load the sound server may starve for a moment
    and insert silence: at most two seconds (the ones with a gap in them) may match less, and the
    gaps may add up to 0.5 s; any skipped, repeated or wrong part fails.
    """
    pieces = follow(heard, MONITOR_RATE, reference, MIC_RATE)
    steps = np.diff([p.found_s for p in pieces])
    weak = [p for p in pieces if p.ncc < MATCH]
    print(
        f"{len(pieces)} s followed: ncc min {min(p.ncc for p in pieces):.4f} median "
        f"{np.median([p.ncc for p in pieces]):.4f}; steps {steps.min():.4f}..{steps.max():.4f} s"
    )
    assert len(weak) <= 2, weak
    # Never ahead of the recording's own clock: nothing skipped or played too fast. A gap the
    # server inserts inside a second moves that second's best match to between the parts around
    # the gap, so one step can be short by up to half the gap while the next is long (0.987 then
    # 1.023 s, seen under load): the running position, not each step, is what must not lead.
    found = np.array([p.found_s for p in pieces])
    lead = np.arange(len(found)) - (found - found[0])
    assert np.all(lead < 0.05), lead  # a speed-up of 1 % leads by 0.14 s over 14 s
    assert np.all(steps > 0.9), steps  # nothing repeated
    assert steps.sum() - len(steps) < GAPS_S, steps  # the gaps, if any, are short
    return pieces


def wait_until(condition: Any, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def test_stored_answer_plays_to_the_speaker_as_recorded(
    portaudio: Any, monitor: MonitorRecorder, stored_answer: StoredAnswer
) -> None:
    player = FilePlayer(portaudio)
    try:
        assert player.load(stored_answer.path) == pytest.approx(stored_answer.duration_s, abs=0.01)
        started = time.monotonic()
        player.play()
        assert player.playing
        assert wait_until(lambda: not player.playing, stored_answer.duration_s + 30)
        elapsed = time.monotonic() - started
        time.sleep(SETTLE_S)
    finally:
        player.close()
    heard = monitor.stop()
    print(f"played {elapsed:.2f} s of {stored_answer.duration_s:.2f} s")
    # Played in real time, to the end, and reported as finished.
    assert stored_answer.duration_s - 0.2 <= elapsed <= stored_answer.duration_s + 3.0
    assert player.position_s() == pytest.approx(stored_answer.duration_s, abs=0.01)
    start, end = active_span(heard, MONITOR_RATE)
    print(f"monitor: sound from {start:.2f} to {end:.2f} s ({end - start:.2f} s)")
    assert end - start == pytest.approx(stored_answer.duration_s, abs=0.3)
    pieces = assert_played(heard, stored_answer.samples)
    assert pieces[0].found_s == pytest.approx(start, abs=0.02)  # from the very beginning


def test_seek_plays_from_there(portaudio: Any, monitor: MonitorRecorder, stored_answer: StoredAnswer) -> None:
    player = FilePlayer(portaudio)
    try:
        player.load(stored_answer.path)
        middle_s = stored_answer.middle / MIC_RATE
        player.seek(middle_s)
        assert player.position_s() == pytest.approx(middle_s, abs=0.001)
        player.play()
        assert wait_until(lambda: not player.playing, stored_answer.duration_s + 30)
        time.sleep(SETTLE_S)
    finally:
        player.close()
    heard = monitor.stop()
    start, end = active_span(heard, MONITOR_RATE)
    second_half = stored_answer.samples[stored_answer.middle :]
    first_half = stored_answer.samples[: stored_answer.middle]
    assert end - start == pytest.approx(len(second_half) / MIC_RATE, abs=0.3)
    pieces = assert_played(heard, second_half)
    # The sound starts with the second half: it is where the monitor's sound begins.
    assert pieces[0].found_s == pytest.approx(start, abs=0.02)
    wrong = follow(heard, MONITOR_RATE, first_half, MIC_RATE)
    print(f"first half: ncc max {max(p.ncc for p in wrong):.4f}")
    # None of the first half was played: its seconds match nothing (measured at most 0.25, the
    # sentences sharing some sounds) where the part played matches 0.99.
    assert max(p.ncc for p in wrong) < 0.5


def test_stop_silences_the_speaker_and_play_goes_on_from_there(
    portaudio: Any, monitor: MonitorRecorder, stored_answer: StoredAnswer
) -> None:
    player = FilePlayer(portaudio)
    try:
        player.load(stored_answer.path)
        player.play()
        assert wait_until(lambda: player.position_s() >= 3.0, 30)
        player.pause()
        stopped_at = player.position_s()
        assert not player.playing
        time.sleep(0.5)
        assert player.position_s() == stopped_at  # no longer advancing
        time.sleep(1.5)  # the silence the monitor must record
        player.play()  # goes on from where it stopped
        assert wait_until(lambda: player.position_s() >= stopped_at + 2.0, 30)
        player.stop()
        time.sleep(SETTLE_S)
    finally:
        player.close()
    heard = monitor.stop()
    quiet = 1e-3
    rms = np.sqrt(np.convolve(heard.astype(np.float64) ** 2, np.ones(441) / 441, mode="valid"))
    silent_runs = np.diff(np.flatnonzero(np.diff(np.r_[False, rms <= quiet, False]))).tolist()[::2]
    longest_silence = max(silent_runs, default=0) / MONITOR_RATE
    print(f"stopped at {stopped_at:.2f} s; longest silence {longest_silence:.2f} s")
    # After pause() the speaker went silent for the whole wait (not a few buffers later).
    assert longest_silence >= 1.6
    first_start, last_end = active_span(heard, MONITOR_RATE)
    # The pause is the longest silence between the first and the last sound: a short gap when
    # the sound server starves under load (an ALSA underrun) is not taken for it.
    edges = np.flatnonzero(np.diff(np.r_[False, rms <= quiet, False]))
    inside = [
        (begin, end)
        for begin, end in zip(edges[::2], edges[1::2], strict=True)
        if begin > first_start * MONITOR_RATE and end < last_end * MONITOR_RATE
    ]
    pause_begin, pause_end = max(inside, key=lambda run: run[1] - run[0])
    first_end, second_start = pause_begin / MONITOR_RATE, pause_end / MONITOR_RATE
    # Before the pause: the beginning, up to about where it stopped (the position runs ahead of
    # the sound by the buffered latency, which pause() drops, so a little less was heard; a
    # gap under load, as allowed in assert_played, makes it last longer).
    assert stopped_at - 0.4 <= first_end - first_start <= stopped_at + 0.5

    def heard_from(seconds: float) -> float:
        """Where in the file the second of sound heard from ``seconds`` comes from."""
        piece = heard[int(seconds * MONITOR_RATE) : int((seconds + 1.0) * MONITOR_RATE)]
        return locate(piece, MONITOR_RATE, stored_answer.samples, MIC_RATE)

    before, after = heard_from(first_start + 1.0), heard_from(second_start + 0.5)
    print(
        f"heard {first_end - first_start:.2f} s, then file {before:.3f} s, after the pause file {after:.3f} s"
    )
    # A gap the sound server inserts under load (an ALSA underrun) only delays what follows it, so
    # the part heard can lag the clock by the gaps before it (at most GAPS_S, as in assert_played)
    # but never lead it.
    assert 1.0 - GAPS_S - 0.05 <= before <= 1.0 + 0.05
    # After the silence: the part from where it stopped (3 s in), not the start again (0.5 s).
    assert stopped_at + 0.5 - GAPS_S - 0.05 <= after <= stopped_at + 0.5 + 0.05


def test_played_to_the_end_it_finishes_closes_its_streams_and_starts_over(
    portaudio: Any, stored_answer: StoredAnswer
) -> None:
    tasks = Path(f"/proc/{os.getpid()}/task")
    player = FilePlayer(portaudio)
    player.load(stored_answer.path)
    baseline = len(list(tasks.iterdir()))
    for _ in range(3):
        player.play(from_s=stored_answer.duration_s - 0.3)
        assert player.playing
        assert wait_until(lambda: not player.playing, 30), "the end of the file never ended playback"
        assert player.position_s() == pytest.approx(stored_answer.duration_s, abs=0.001)
    player.play()  # at the end: from the start again
    assert player.position_s() < 1.0
    player.close()
    assert not player.playing
    # Every stream's PortAudio and PulseAudio threads are gone once the player is closed.
    assert wait_until(lambda: len(list(tasks.iterdir())) <= baseline, 30), (
        baseline,
        len(list(tasks.iterdir())),
    )


@pytest.fixture
def archive() -> Iterator[Archive]:
    filled = fill_archive()
    yield filled
    filled.db.close()


def add_spoken_attempt(db: Database, session_id: int, answer: StoredAnswer) -> int:
    """The stored answer as an attempt in the real archive: the FLAC in the recordings folder,
    and word times spread over each sentence (what the recognizer would give)."""
    from interview_sim import paths

    audio = paths.recordings_dir() / "spoken.flac"
    audio.parent.mkdir(parents=True, exist_ok=True)
    audio.write_bytes(answer.path.read_bytes())
    words: list[dict[str, object]] = []
    for sentence, start, end in zip(SENTENCES, answer.sentence_starts, answer.sentence_ends, strict=True):
        tokens = sentence.split()
        step = (end - start) / len(tokens)
        words += [
            {
                "word": w,
                "start": round(start + i * step, 2),
                "end": round(start + (i + 1) * step, 2),
                "conf": 0.9,
            }
            for i, w in enumerate(tokens)
        ]
    attempt = db.create_attempt(
        session_id, TCP.id, audio_path=str(audio), sample_rate=MIC_RATE, template_id="technical"
    )
    db.add_transcript(attempt, "vosk", " ".join(SENTENCES), words)
    db.finish_attempt(attempt, duration_s=answer.duration_s)
    return attempt


def open_review(qtbot: QtBot, archive: Archive, attempt_id: int) -> ReviewScreen:
    """The review screen as the archive screens make it, with a real FilePlayer."""
    from tests.test_qt_review_screen import open_screen

    screen = open_screen(qtbot, archive, attempt_id, player=FilePlayer())
    qtbot.waitUntil(screen.player_bar.play_button.isEnabled, timeout=UI_MS)
    return screen


def test_review_screen_plays_the_stored_answer_with_the_word_highlighted(
    qtbot: QtBot, portaudio: Any, monitor: MonitorRecorder, stored_answer: StoredAnswer, archive: Archive
) -> None:
    attempt_id = add_spoken_attempt(archive.db, archive.session_id, stored_answer)
    screen = open_review(qtbot, archive, attempt_id)
    assert screen.player_bar.position_label.text() == "0:00 / 0:16"
    # The voice timeline (measured in the background) is drawn before playing.
    timeline = screen.timeline
    qtbot.waitUntil(lambda: timeline.measures is not None, timeout=30000)
    assert timeline.playhead_x() == pytest.approx(0.0, abs=0.05)
    try:
        qtbot.keyClick(screen, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
        # What the user sees once the stream has started (the player's flag is set a moment
        # before the button is updated on the GUI thread).
        pause = tr("review.pause", screen.lang)
        qtbot.waitUntil(lambda: screen.player_bar.play_button.text() == pause, timeout=UI_MS)
        assert screen.player.playing
        # The highlight follows the sound: the second sentence's first word once it is heard.
        second_word = SENTENCES[1].split()[0]
        qtbot.waitUntil(lambda: screen.current_word == second_word, timeout=UI_MS)
        assert screen.player.position_s() >= stored_answer.sentence_starts[1]
        # The timeline's playhead moved with the real playback, to where the player is.
        playhead = timeline.playhead_x()
        assert playhead is not None and playhead >= stored_answer.sentence_starts[1] - 0.2
        assert playhead <= screen.player.position_s() + 0.05
        assert (
            screen.player_bar.position_label.text().startswith("0:0")
            and screen.player_bar.position_label.text() != "0:00 / 0:16"
        )
        qtbot.keyClick(screen, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
        assert not screen.player.playing and screen.player_bar.play_button.text() == tr(
            "review.play", screen.lang
        )
        paused_at = screen.player.position_s()
        time.sleep(SETTLE_S)
    finally:
        screen.player.close()
    heard = monitor.stop()
    start, end = active_span(heard, MONITOR_RATE)
    print(f"review screen: paused at {paused_at:.2f} s, heard {end - start:.2f} s")
    assert paused_at - 0.4 <= end - start <= paused_at + 0.5  # as in the stop test above
    pieces = assert_played(heard, stored_answer.samples[: int((end - start) * MIC_RATE)])
    assert pieces[0].found_s == pytest.approx(start, abs=0.02)


@pytest.fixture(params=["no sound server", "a sound server without a speaker"])
def no_speaker(
    request: pytest.FixtureRequest, pulse: PulseAudio, tmp_path: Path
) -> Iterator[tuple[Any, str]]:
    """PortAudio where nothing can play: (sounddevice, what the message must say). (``pulse``:
    skipped, or failed in CI, where PulseAudio is missing, like the other real-stack tests.)"""
    if request.param == "no sound server":
        runtime = tmp_path / "runtime"
        runtime.mkdir(mode=0o700)
        with portaudio_with(
            {
                "HOME": str(tmp_path),
                "XDG_RUNTIME_DIR": str(runtime),
                "PULSE_RUNTIME_PATH": str(runtime / "pulse"),
                "PULSE_SERVER": f"unix:{runtime / 'no-server'}",
            }
        ) as sd:
            yield sd, "no speaker (output device) found"
        return
    daemon = PulseAudio(tmp_path / "pulse", speaker=False)
    daemon.start()
    try:
        with portaudio_with(daemon.env) as sd:
            yield sd, "the speaker could not be opened"
    finally:
        daemon.stop()


def test_no_speaker_is_a_clear_message_in_the_review_screen(
    qtbot: QtBot, no_speaker: tuple[Any, str], stored_answer: StoredAnswer, archive: Archive
) -> None:
    sd, expected = no_speaker
    player = FilePlayer(sd)
    # Loading needs no speaker: the review still shows the length.
    assert player.load(stored_answer.path) == pytest.approx(stored_answer.duration_s, abs=0.01)
    with pytest.raises(DeviceError, match=re.escape(expected)):
        player.play()
    assert not player.playing

    attempt_id = add_spoken_attempt(archive.db, archive.session_id, stored_answer)
    screen = open_review(qtbot, archive, attempt_id)
    qtbot.keyClick(screen, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    # One plain sentence in the UI language; what PortAudio said is the detail, in the tooltip.
    qtbot.waitUntil(lambda: expected in screen.message.toolTip(), timeout=UI_MS)
    message, detail = screen.message.text(), screen.message.toolTip()
    print(message, "|", detail)
    assert message == tr("review.audio_failed", screen.lang)
    assert "Traceback" not in message + detail
    assert not screen.player.playing
    assert screen.player_bar.play_button.isEnabled() and screen.player_bar.play_button.text() == tr(
        "review.play", screen.lang
    )
    screen.player.close()


def test_the_speaker_from_the_settings_plays_the_answers_back(
    qtbot: QtBot, portaudio: Any, stored_answer: StoredAnswer, archive: Archive
) -> None:
    # The review played to the default speaker whatever the settings said; now it uses the
    # chosen one, so a chosen speaker that is gone is reported by name.
    from interview_sim import paths
    from interview_sim.core.settings import Settings
    from interview_sim.qt.app import create_window
    from interview_sim.qt.interview_devices import InterviewDevices

    attempt_id = add_spoken_attempt(archive.db, archive.session_id, stored_answer)
    settings = Settings.load(paths.settings_path())
    settings.set("output_device", "USB 헤드셋")
    window = create_window(settings, open_devices=lambda _settings: (InterviewDevices(), []))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.bank is not None, timeout=UI_MS)
    window.archive.show_history()  # as the user would: the history opens the archive
    qtbot.waitUntil(lambda: window.state.db is not None, timeout=UI_MS)
    window.archive.open_attempt(attempt_id)
    review = window.archive.review
    assert review.player.device == "USB 헤드셋"
    qtbot.waitUntil(review.player_bar.play_button.isEnabled, timeout=UI_MS)
    qtbot.keyClick(review, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "USB 헤드셋" in review.message.toolTip(), timeout=UI_MS)
    message, detail = review.message.text(), review.message.toolTip()
    print(message, "|", detail)
    assert message == tr("review.audio_failed", review.lang)  # the sentence; the fix is the speaker
    assert "speaker (output device) 'USB 헤드셋' from the settings is not connected" in detail
    assert "available: pulse, default" in detail and "Traceback" not in message + detail
    assert not review.player.playing and review.player_bar.play_button.text() == tr(
        "review.play", review.lang
    )
    # The history's side-by-side players follow the setting too, also when it changes.
    window.archive.set_output_device("pulse")
    players = [review.player, *window.archive.history.compare.players]
    assert [p.device for p in players] == ["pulse"] * 3
