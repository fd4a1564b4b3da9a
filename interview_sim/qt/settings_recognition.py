"""The settings page for speech recognition: the engine, where it sends audio, the second pass
(its engine and model size, with each size's disk space and expected accuracy, and the speed
measured on this computer), the models.

The faster-whisper model is downloaded by a task of this page: the worker learns the size, asks
the user on the GUI thread with :meth:`TaskContext.ask` and waits for the answer, reports
progress with :meth:`TaskContext.report`, and stops at the token's cancel (the Cancel button,
the window closing); the store then removes the partial files.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
)

from interview_sim.qt.app_state import AppState
from interview_sim.qt.errors import describe_error
from interview_sim.qt.settings_pages import SettingsPage, select
from interview_sim.qt.settings_services import WHISPER_SIZE, SettingsServices
from interview_sim.qt.taskman import TaskContext, TaskHandle
from interview_sim.qt.theme import ERROR, ToneLabel

ENGINES = ("vosk", "faster-whisper", "google")
REFINE_ENGINES = ("faster-whisper", "none")
VOSK_KO_APPROX = "250 MB"  # the shipped Korean model (packaging/README.md: 253 MB)


def _disk(mb: int) -> str:
    return f"{mb / 1000:.1f} GB" if mb >= 1000 else f"{mb} MB"


def _approx(size: str) -> str:
    from interview_sim.devices.whisper_engine import SIZES

    info = SIZES.get(size)
    return _disk(info.disk_mb) if info is not None else "?"


def is_vosk_model(folder: str) -> bool:
    path = Path(folder)
    return (path / "am").is_dir() or (path / "final.mdl").exists()


class RecognitionPage(SettingsPage):
    def __init__(self, state: AppState, services: SettingsServices) -> None:
        super().__init__(state)
        self.services = services
        self._download: TaskHandle | None = None
        self._measured: tuple[str, float] | None = None
        self.engine = self.choice("stt_engine", ENGINES, "settings.engine_{}")
        self.online_warning = ToneLabel(ERROR, state.text("settings.online_warning"))
        self.online_warning.setObjectName("online_warning")
        self.online_warning.setWordWrap(True)
        bold = QFont()  # only the weight set: the size still follows the app's font setting
        bold.setBold(True)
        self.online_warning.setFont(bold)
        # What the chosen engine is, in a sentence: where it runs, what leaves the computer, how
        # big it is. Where the online one sends the audio is its warning's to say, once.
        self.engine_privacy = QLabel()
        self.engine_privacy.setObjectName("engine_privacy")
        self.engine_privacy.setWordWrap(True)
        self.form.addRow(self.label("stt_engine"), self.engine)
        self.form.addRow("", self.online_warning)
        self.form.addRow("", self.engine_privacy)
        self._refine_rows()
        self._whisper_rows()
        self._vosk_rows()
        self.engine.currentIndexChanged.connect(self._engine_changed)
        self._show_refine()

    def _refine_rows(self) -> None:
        from interview_sim.devices.whisper_engine import MODEL_SIZES

        self.refine_engine = self.choice("refine_engine", REFINE_ENGINES, "settings.refine_engine_{}")
        self.refine_model = QComboBox()
        self.refine_model.setObjectName("refine_model")
        for m in MODEL_SIZES:
            self.refine_model.addItem(
                self.state.text("settings.refine_size", size=m.size, disk=_disk(m.disk_mb)), m.size
            )
        current = self.state.settings.get("refine_model")
        if self.refine_model.findData(current) < 0:  # a model folder named in the settings
            name = Path(current).name or current
            self.refine_model.addItem(self.state.text("settings.refine_folder", name=name), current)
        select(self.refine_model, current)
        self.refine_about = QLabel()
        self.refine_about.setObjectName("refine_about")
        self.refine_about.setWordWrap(True)
        self.refine_measure = QPushButton(self.state.text("settings.refine_measure"))
        self.refine_measure.setObjectName("refine_measure")
        self.refine_measure.clicked.connect(self.measure)
        self.refine_measured = QLabel()
        self.refine_measured.setObjectName("refine_measured")
        self.refine_measured.setWordWrap(True)
        explain = QLabel(self.state.text("settings.refine_explain"))
        explain.setWordWrap(True)
        self.form.addRow(self.label("refine_engine"), self.refine_engine)
        self.form.addRow("", explain)
        self.form.addRow(self.label("refine_model"), self.refine_model)
        self.form.addRow("", self.refine_about)
        # The result on a row of its own: a wrapping label beside a button gets clipped.
        row = QHBoxLayout()
        row.addWidget(self.refine_measure)
        row.addStretch(1)
        self.form.addRow("", row)
        self.form.addRow("", self.refine_measured)
        self.refine_engine.currentIndexChanged.connect(self._refine_changed)
        self.refine_model.currentIndexChanged.connect(self._refine_changed)

    @property
    def whisper_size(self) -> str:
        """The faster-whisper model the page downloads: the second pass's chosen size."""
        return str(self.refine_model.currentData() or WHISPER_SIZE)

    def _refine_changed(self, *_args: object) -> None:
        self._show_refine()
        self.load_state()  # installed or not: the chosen size's

    def _show_refine(self) -> None:
        from interview_sim.devices.whisper_engine import SIZES

        on = self.refine_engine.currentData() != "none"
        self.refine_model.setEnabled(on)
        info = SIZES.get(self.whisper_size)
        self.refine_about.setText(self.state.text(f"settings.accuracy_{info.size}") if info else "")
        self._show_measured()
        self._engine_changed()

    def measure(self) -> None:
        """The short measurement of ``models --measure``, off the GUI thread (about 10 s)."""
        self.refine_measure.setEnabled(False)
        self.refine_measured.setText(self.state.text("settings.refine_measuring"))
        size = self.whisper_size

        def done(measured: tuple[str, float] | None) -> None:
            self.refine_measure.setEnabled(True)
            if measured is None:
                self.refine_measured.setText(self.state.text("settings.refine_measure_needs_model"))
                return
            self._measured = measured
            self._show_measured()

        def failed(exc: BaseException) -> None:
            self.refine_measure.setEnabled(True)
            self.refine_measured.setText("")
            self.notice.emit(describe_error(exc, self.state.lang))

        self.state.tasks.run(
            lambda: self.services.measure_whisper(size),
            owner=self,
            key="whisper_measure",
            on_done=done,
            on_error=failed,
        )

    def _show_measured(self) -> None:
        from interview_sim.devices.whisper_engine import SIZES, estimate_rtf, recommend_size

        if self._measured is None:
            return
        size = self.whisper_size if self.whisper_size in SIZES else self._measured[0]
        seconds = estimate_rtf(*self._measured, size) * 60
        recommended = recommend_size(*self._measured) or self.state.text("settings.refine_too_slow")
        self.refine_measured.setText(
            self.state.text(
                "settings.refine_measured", seconds=f"{seconds:.0f}", size=size, recommended=recommended
            )
        )

    def _whisper_rows(self) -> None:
        self.whisper_status = QLabel()
        self.whisper_status.setObjectName("whisper_status")
        self.whisper_download = QPushButton(self.state.text("settings.whisper_download"))
        self.whisper_download.setObjectName("whisper_download")
        self.whisper_download.clicked.connect(self.download_whisper)
        self.whisper_cancel = QPushButton(self.state.text("settings.whisper_cancel"))
        self.whisper_cancel.setObjectName("whisper_cancel")
        self.whisper_cancel.clicked.connect(self.cancel_download)
        self.whisper_cancel.setVisible(False)
        self.whisper_progress = QProgressBar()
        self.whisper_progress.setObjectName("whisper_progress")
        self.whisper_progress.setVisible(False)
        row = QHBoxLayout()
        row.addWidget(self.whisper_status, 1)
        row.addWidget(self.whisper_download)
        row.addWidget(self.whisper_cancel)
        self.form.addRow(self.state.text("settings.whisper_model"), row)
        self.form.addRow("", self.whisper_progress)

    def _vosk_rows(self) -> None:
        self.vosk_en = QLineEdit(self.state.settings.get("vosk_model_en_path"))
        self.vosk_en.setObjectName("vosk_model_en_path")
        self.vosk_en.setPlaceholderText(self.state.text("settings.vosk_en_hint"))
        self.vosk_en.setToolTip(self.state.text("settings.vosk_en_hint"))
        browse = QPushButton(self.state.text("settings.browse"))
        browse.clicked.connect(self._browse_vosk)
        row = QHBoxLayout()
        row.addWidget(self.vosk_en, 1)
        row.addWidget(browse)
        self.form.addRow(self.label("vosk_model_en_path"), row)

    def values(self) -> dict[str, Any]:
        return {
            "stt_engine": self.engine.currentData(),
            "vosk_model_en_path": self.vosk_en.text().strip(),
            "refine_engine": self.refine_engine.currentData(),
            "refine_model": self.whisper_size,
        }

    def _engine_changed(self, *_args: object) -> None:
        engine = self.engine.currentData()
        self.online_warning.setVisible(engine == "google")
        size = VOSK_KO_APPROX if engine == "vosk" else _approx(self.whisper_size)
        self.engine_privacy.setText(self.state.text(f"settings.about_{engine}", size=size))

    def _browse_vosk(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.label("vosk_model_en_path"), self.vosk_en.text())
        if folder:
            self.vosk_en.setText(folder)

    # -- faster-whisper ----------------------------------------------------------------------

    @property
    def downloading(self) -> bool:
        return self._download is not None

    def load_state(self) -> None:
        def failed(exc: BaseException) -> None:
            self.notice.emit(describe_error(exc, self.state.lang))

        size = self.whisper_size
        self.state.tasks.run(
            lambda: self.services.whisper_installed(size),
            owner=self,
            key="whisper_installed",
            on_done=self._show_whisper_state,
            on_error=failed,
        )

    def _show_whisper_state(self, installed: bool) -> None:
        if installed:
            self.whisper_status.setText(self.state.text("settings.whisper_installed"))
        else:
            size = _approx(self.whisper_size)
            self.whisper_status.setText(self.state.text("settings.whisper_missing", size=size))
        self.whisper_download.setVisible(not installed and not self.downloading)

    def ask_download_consent(self, model: str, total_bytes: int) -> bool:
        """On the GUI thread, while the download's worker waits for the answer."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.state.text("settings.whisper_model"))
        box.setText(self.state.text("settings.whisper_consent", model=model, size=round(total_bytes / 1e6)))
        yes = box.addButton(self.state.text("settings.download_yes"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.state.text("settings.cancel"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        return box.clickedButton() is yes

    def download_whisper(self) -> None:
        from interview_sim.devices.downloads import DownloadCallbacks

        services, size = self.services, self.whisper_size

        def work(ctx: TaskContext) -> None:
            callbacks = DownloadCallbacks(
                # Asked on the GUI thread; declining, or the window closing first, answers False.
                consent=lambda model, total: ctx.ask(lambda: self.ask_download_consent(model, total), False),
                progress=lambda done, total: ctx.report((done, total)),
                cancelled=lambda: ctx.cancelled,
            )
            services.download_whisper(callbacks, size)

        self.whisper_download.setVisible(False)
        self.whisper_cancel.setVisible(True)
        self.whisper_progress.setVisible(True)
        self.whisper_progress.setRange(0, 0)
        self._download = self.state.tasks.run_with_context(
            work,
            owner=self,
            key="whisper_download",
            on_done=lambda _r: self._finish(self.state.text("settings.whisper_done")),
            on_error=self._download_failed,
            on_progress=self._download_progress,
        )

    def cancel_download(self) -> None:
        # The token only, not handle.cancel(): the worker's end (the partial files removed, then
        # DownloadCancelled) still has to come back, so the page shows it and offers the button
        # again only once nothing is left half-written.
        if self._download is not None:
            self._download.token.cancel()

    def _download_failed(self, exc: BaseException) -> None:
        from interview_sim.devices.downloads import DownloadCancelled

        if isinstance(exc, DownloadCancelled):
            self._finish(self.state.text("settings.whisper_cancelled"))
        else:
            self._finish(describe_error(exc, self.state.lang))

    def _finish(self, message: object) -> None:
        self._download = None
        self.whisper_cancel.setVisible(False)
        self.whisper_progress.setVisible(False)
        self.notice.emit(message)
        self.load_state()

    def _download_progress(self, progress: tuple[int, int]) -> None:
        done, total = progress
        if total > 0:
            self.whisper_progress.setRange(0, 1000)
            self.whisper_progress.setValue(int(done * 1000 / total))

    def stop(self) -> None:
        """The window is closing: stop a download (its result is no longer wanted)."""
        if self._download is not None:
            self._download.cancel()
            self._download = None
