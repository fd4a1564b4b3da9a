"""The review's playback bar: play or pause the recording, where it is, and seeking.

Loading the recording and opening the output stream run off the GUI thread (PulseAudio or a
Bluetooth speaker can take a while); the bar follows the position on a timer and announces it,
so the transcript can highlight the word being said.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from interview_sim.devices.player import FilePlayer
from interview_sim.i18n import tr
from interview_sim.qt.app_state import AppState
from interview_sim.qt.errors import describe_failure, show_message
from interview_sim.qt.formatting import fmt_time, show_play_state
from interview_sim.qt.taskman import TaskContext, TaskHandle

POSITION_MS = 80


class PlayerBar(QWidget):
    position_changed = Signal(float)  # seconds: the word said then is highlighted
    failed = Signal(object)  # the user's message (a UserMessage: the sentence, the detail apart)

    def __init__(self, state: AppState, player: FilePlayer) -> None:
        super().__init__()
        self.state = state
        self.player = player
        self.ready = False
        self._tasks: list[TaskHandle] = []
        self.play_button = QPushButton()
        self.play_button.setObjectName("play")
        self.play_button.clicked.connect(self.toggle)
        self.position_label = QLabel("-")
        self.position_label.setObjectName("position")
        self.position_label.setMinimumWidth(self.fontMetrics().horizontalAdvance("00:00 / 00:00") + 12)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.play_button)
        row.addWidget(self.position_label)
        self.timer = QTimer(self)
        self.timer.setInterval(POSITION_MS)
        self.timer.timeout.connect(self.follow)
        self.update_button()

    def retranslate(self) -> None:
        self.update_button()

    def open(self, audio_path: str | None) -> None:
        """Load a recording (off the GUI thread); the bar says so when there is none."""
        self.stop()
        lang = self.state.lang
        if not audio_path or not Path(audio_path).is_file():
            show_message(self.position_label, tr("review.no_audio", lang))
            return
        path, player = Path(audio_path), self.player

        def loaded(duration: float) -> None:
            self.ready = True
            show_message(self.position_label, f"0:00 / {fmt_time(duration)}")
            self.update_button()

        self._start(
            lambda _context: player.load(path),
            loaded,
            lambda exc: show_message(
                self.position_label, describe_failure("review.audio_failed", exc, self.state.lang)
            ),
            key="load",
        )

    def stop(self) -> None:
        """Stop the sound and forget what was loading or starting (another answer, or leaving)."""
        for handle in self._tasks:
            handle.cancel()
        self._tasks.clear()
        self.player.stop()
        self.timer.stop()
        self.ready = False
        self.update_button()

    def update_button(self) -> None:
        playing = self.player.playing
        key = "review.pause" if playing else "review.play"
        text = tr(key, self.state.lang)
        show_play_state(self.play_button, playing, text)
        self.play_button.setToolTip(f"{text} (Ctrl+P)")
        self.play_button.setEnabled(self.ready)

    def toggle(self) -> None:
        if not self.ready:
            return
        if self.player.playing:
            self.player.pause()
            self.timer.stop()
            self.update_button()
            return
        self.play_from(None)

    def play_from(self, seconds: float | None) -> None:
        player = self.player
        if seconds is not None:
            player.seek(seconds)
            self.follow()

        def started(_result: object) -> None:
            self.timer.start()
            self.update_button()

        def failed(exc: BaseException) -> None:
            self.failed.emit(describe_failure("review.audio_failed", exc, self.state.lang))
            self.update_button()

        def play(context: TaskContext) -> None:
            context.raise_if_cancelled()  # stopped (another answer, or leaving) before it began
            player.play()

        self._start(play, started, failed, key="play")

    def seek(self, seconds: float) -> None:
        """Go to ``seconds``: playing on from there if it was playing."""
        if self.player.playing:
            self.player.stop()
            self.play_from(seconds)
        else:
            self.player.seek(seconds)
            self.follow()

    def follow(self) -> None:
        position = self.player.position_s()
        self.position_label.setText(f"{fmt_time(position)} / {fmt_time(self.player.duration_s)}")
        self.position_changed.emit(position)
        if not self.player.playing and self.timer.isActive():
            self.timer.stop()
            self.update_button()

    def _start(
        self,
        fn: Callable[[TaskContext], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
        *,
        key: str,
    ) -> None:
        self._tasks = [h for h in self._tasks if not h.finished]
        self._tasks.append(
            self.state.tasks.run_with_context(fn, owner=self, on_done=on_done, on_error=on_error, key=key)
        )
