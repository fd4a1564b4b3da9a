"""The built-in AI model on the AI settings page: the catalogue's models (size, licence), the
download (consent with the licence, progress, cancel) and "a GGUF file I have".

The download is a task of the page, as the faster-whisper download is on the recognition page:
the worker asks for consent on the GUI thread with :meth:`TaskContext.ask`, reports progress and
stops at the token's cancel; the store (:class:`interview_sim.llm.models.ModelStore`) leaves no
partial file. Whether the chosen model is there is read by a task too (a file on a slow disk).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from interview_sim.qt.app_state import AppState
from interview_sim.qt.errors import describe_error
from interview_sim.qt.settings_pages import select
from interview_sim.qt.taskman import TaskContext, TaskHandle
from interview_sim.qt.theme import MUTED, ToneLabel


def _size(size_bytes: int) -> str:
    return f"{size_bytes / 1e9:.1f} GB" if size_bytes >= 1e9 else f"{round(size_bytes / 1e6)} MB"


class BuiltinModelRows(QWidget):
    """The model picker of the built-in provider; ``notice`` carries a message for the window."""

    notice = Signal(object)

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from interview_sim.llm.models import ModelStore

        self.state = state
        self.store = ModelStore()  # tests hand it a store with an in-memory hub
        self._download: TaskHandle | None = None
        self.model = QComboBox()
        self.model.setObjectName("llm_builtin_model")
        self._fill(state.settings.get("llm_builtin_model"))
        self.status = QLabel()
        self.status.setObjectName("ai_builtin_status")
        self.status.setWordWrap(True)
        self.licence = ToneLabel(MUTED)
        self.licence.setObjectName("ai_builtin_licence")
        self.licence.setOpenExternalLinks(True)
        self.download_button = QPushButton(state.text("settings.ai_builtin_download"))
        self.download_button.setObjectName("ai_builtin_download")
        self.download_button.clicked.connect(self.download)
        self.cancel_button = QPushButton(state.text("settings.cancel"))
        self.cancel_button.setObjectName("ai_builtin_cancel")
        self.cancel_button.clicked.connect(self.cancel_download)
        self.cancel_button.setVisible(False)
        self.choose_button = QPushButton(state.text("settings.ai_builtin_choose"))
        self.choose_button.setObjectName("ai_builtin_choose")
        self.choose_button.clicked.connect(self.choose_file)
        self.progress = QProgressBar()
        self.progress.setObjectName("ai_builtin_progress")
        self.progress.setVisible(False)

        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.download_button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.choose_button)
        buttons.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        column.addWidget(self.model)
        column.addWidget(self.status)
        column.addWidget(self.licence)
        column.addLayout(buttons)
        column.addWidget(self.progress)
        self.model.currentIndexChanged.connect(lambda _i: self.refresh())

    # -- the list ---------------------------------------------------------------------------

    def _fill(self, current: str) -> None:
        from interview_sim.llm.models import CATALOGUE

        self.model.blockSignals(True)
        self.model.clear()
        for entry in CATALOGUE:
            name = entry.name
            if entry.recommended:
                name = self.state.text("settings.ai_builtin_recommended", name=name)
            text = self.state.text(
                "settings.ai_builtin_entry", name=name, size=_size(entry.size_bytes), licence=entry.licence
            )
            self.model.addItem(text, entry.key)
        if current and self.model.findData(current) < 0:  # a file of the user's
            self.model.addItem(self.state.text("settings.ai_builtin_file", name=Path(current).name), current)
            self.model.setItemData(self.model.count() - 1, current, 3)  # Qt.ToolTipRole: the full path
        select(self.model, current)
        self.model.blockSignals(False)

    def value(self) -> str:
        return str(self.model.currentData() or "")

    def entry(self) -> Any:
        from interview_sim.llm.models import BY_KEY

        return self.store.catalogue.get(self.value()) or BY_KEY.get(self.value())

    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.state.text("settings.ai_builtin_pick_title"), str(Path.home()), "GGUF (*.gguf)"
        )
        if path:
            self.use_file(path)

    def use_file(self, path: str) -> None:
        """Choose the GGUF file at ``path`` (the file picker's answer)."""
        self._fill(path)
        select(self.model, path)
        self.refresh()

    # -- state ------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Say whether the chosen model is there, read off the GUI thread."""
        entry, ref, store = self.entry(), self.value(), self.store
        self._show_licence()

        def check() -> tuple[bool, str]:
            from interview_sim.llm.base import LLMError
            from interview_sim.llm.models import check_gguf

            if entry is not None:
                return store.is_installed(ref), ""
            try:
                check_gguf(store.resolve(ref))
            except LLMError as exc:
                return False, exc.message(self.state.lang)
            return True, ""

        self.state.tasks.run(
            check,
            owner=self,
            key="builtin_state",
            on_done=self._show_state,
            on_error=lambda exc: self.status.setText(describe_error(exc, self.state.lang).text),
        )

    def _show_licence(self) -> None:
        entry = self.entry()
        # Cleared first: a link's colour is fixed when the text is laid out, so the same text set
        # again after a theme switch would keep the old theme's blue.
        self.licence.clear()
        if entry is not None:
            self.licence.setText(
                self.state.text("settings.ai_builtin_licence", url=entry.licence_url, licence=entry.licence)
            )
        self.licence.setVisible(entry is not None)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._show_licence()

    def _show_state(self, result: tuple[bool, str]) -> None:
        ready, problem = result
        entry = self.entry()
        if entry is None:
            self.status.setText(
                self.state.text("settings.ai_builtin_file_ok", path=self.value()) if ready else problem
            )
        elif ready:
            self.status.setText(self.state.text("settings.ai_builtin_installed"))
        else:
            self.status.setText(self.state.text("settings.ai_builtin_missing", size=_size(entry.size_bytes)))
        self.download_button.setVisible(entry is not None and not ready and self._download is None)

    # -- the download -----------------------------------------------------------------------

    @property
    def downloading(self) -> bool:
        return self._download is not None

    def ask_consent(self, model: str, total_bytes: int) -> bool:
        """On the GUI thread, while the download's worker waits for the answer."""
        entry = self.entry()
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.state.text("settings.ai_builtin_model"))
        box.setText(
            self.state.text(
                "settings.ai_builtin_consent",
                model=model,
                size=round(total_bytes / 1e6),
                licence=entry.licence if entry is not None else "",
                url=entry.licence_url if entry is not None else "",
            )
        )
        yes = box.addButton(self.state.text("settings.download_yes"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.state.text("settings.cancel"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        return box.clickedButton() is yes

    def download(self) -> None:
        from interview_sim.devices.downloads import DownloadCallbacks

        store, key = self.store, self.value()

        def work(ctx: TaskContext) -> None:
            callbacks = DownloadCallbacks(
                consent=lambda model, total: ctx.ask(lambda: self.ask_consent(model, total), False),
                progress=lambda done, total: ctx.report((done, total)),
                cancelled=lambda: ctx.cancelled,
            )
            store.download(key, callbacks)

        self.download_button.setVisible(False)
        self.cancel_button.setVisible(True)
        self.progress.setVisible(True)
        self.progress.setRange(0, 0)
        self.model.setEnabled(False)
        self._download = self.state.tasks.run_with_context(
            work,
            owner=self,
            key="builtin_download",
            on_done=lambda _r: self._finish(self.state.text("settings.ai_builtin_done")),
            on_error=self._failed,
            on_progress=self._progress,
        )

    def cancel_download(self) -> None:
        # The token only: the worker's end (the part file removed, then DownloadCancelled) still
        # comes back, so the button returns only once nothing is left half-written.
        if self._download is not None:
            self._download.token.cancel()

    def _failed(self, exc: BaseException) -> None:
        from interview_sim.devices.downloads import DownloadCancelled
        from interview_sim.llm.base import LLMError

        if isinstance(exc, DownloadCancelled):
            self._finish(self.state.text("settings.ai_builtin_cancelled"))
        elif isinstance(exc, LLMError):
            self._finish(exc.message(self.state.lang))
        else:
            self._finish(describe_error(exc, self.state.lang))

    def _finish(self, message: object) -> None:
        self._download = None
        self.cancel_button.setVisible(False)
        self.progress.setVisible(False)
        self.model.setEnabled(True)
        self.notice.emit(message)
        self.refresh()

    def _progress(self, progress: tuple[int, int]) -> None:
        done, total = progress
        if total > 0:
            self.progress.setRange(0, 1000)
            self.progress.setValue(int(done * 1000 / total))

    def stop(self) -> None:
        """The window is closing: stop a download (its result is no longer wanted)."""
        if self._download is not None:
            self._download.cancel()
            self._download = None
