"""The application's state, owned in one place: screens receive this object, never the window.

It holds the settings, the UI language, the question bank and its templates, the open devices
and the practice archive, runs background work through its :class:`TaskManager`, and announces
every change with a typed signal, so a screen that shows something reacts to the change instead
of being pushed data by whoever made it.

Imported before the first paint: it imports nothing heavy at module level (see README, start-up).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QObject, Signal

from interview_sim import paths
from interview_sim.i18n import tr
from interview_sim.qt.taskman import TaskManager

if TYPE_CHECKING:
    from interview_sim.core.bank import Bank
    from interview_sim.core.settings import Settings
    from interview_sim.core.storage import Database
    from interview_sim.core.templates import Template
    from interview_sim.qt.interview_devices import InterviewDevices


class AppState(QObject):
    # The bank or the templates were replaced (loaded, edited, templates' targets changed).
    bank_changed = Signal()
    # Attempts were added, changed or deleted: their ids (an empty list: any, reload all).
    attempts_changed = Signal(list)
    # Settings were changed and saved: the names of the ones that changed.
    settings_changed = Signal(set)
    # The UI language changed: the new code ("ko", "en"). Screens retranslate on it.
    language_changed = Signal(str)
    # The devices were (re)opened: speaker, recorder, transcriber, database.
    devices_changed = Signal()
    # One line for the status bar, already in the UI language.
    message = Signal(str)
    # A problem the user should see (device missing, load failed), in the UI language: a str, or
    # a UserMessage (interview_sim/i18n) whose one-line text is shown and whose detail goes to a tooltip.
    problem = Signal(object)
    # The devices and the speech model: "loading", then "ready" or "unavailable".
    speech_state_changed = Signal(str)
    # A screen asks for the settings window, open on a page ("sound", "recognition", "ai", ...;
    # "" for the first): a message's fixing button, the AI panel without a provider.
    settings_requested = Signal(str)
    # A screen asks for an interview of these question ids, in order (a debrief's picks).
    practice_requested = Signal(list)
    # A session's AI debrief was cached (its id): today's focus and practice may come from it.
    debrief_changed = Signal(int)
    # The data folder is about to be swapped (a restore): let go of every file in it now.
    releasing_data = Signal()

    def __init__(
        self,
        settings: Settings,
        *,
        lang: str | None = None,
        tasks: TaskManager | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.tasks = tasks or TaskManager(self)
        self._lang: str = lang or settings.get("ui_language")
        self._bank: Bank | None = None
        self._templates: dict[str, Template] = {}
        self._devices: InterviewDevices | None = None
        self._own_db: Database | None = None
        self._db_waiters: list[tuple[QObject | None, Callable[[Database], None]]] = []
        self._opening_db = False
        # A state without a device loader has nothing to wait for.
        self._speech_state = "ready"
        # An interview is between its first question and its end (a restore must wait).
        self.interview_running = False
        # Set by a restore: run_app starts the app again once the window has closed.
        self.restart_after_close = False

    # -- language ------------------------------------------------------------------------------

    @property
    def lang(self) -> str:
        return self._lang

    def set_language(self, lang: str) -> None:
        if lang == self._lang:
            return
        self._lang = lang
        self.language_changed.emit(lang)

    def text(self, key: str, **values: Any) -> str:
        """``key`` in the UI language."""
        return tr(key, self._lang, **values)

    # -- the question bank -----------------------------------------------------------------------

    @property
    def bank(self) -> Bank | None:
        return self._bank

    @property
    def templates(self) -> dict[str, Template]:
        return self._templates

    def set_bank(self, bank: Bank, templates: dict[str, Template] | None = None) -> None:
        self._bank = bank
        if templates is not None:
            self._templates = templates
        self.bank_changed.emit()

    # -- settings ----------------------------------------------------------------------------

    def change_settings(self, values: dict[str, Any]) -> None:
        """Apply ``values``, save them off the GUI thread, then announce which ones changed."""
        changed = {key for key, value in values.items() if self.settings.get(key) != value}
        for key, value in values.items():
            self.settings.set(key, value)
        if not changed:
            return
        self.tasks.run(
            self.settings.save,
            owner=None,
            on_error=self._save_failed,
        )
        if "ui_language" in changed:
            self.set_language(values["ui_language"])
        self.settings_changed.emit(changed)

    def _save_failed(self, exc: BaseException) -> None:
        from interview_sim.qt.errors import describe_failure  # the devices layer: after first paint

        self.problem.emit(describe_failure("settings.save_failed", exc, self._lang))

    # -- devices and the archive -----------------------------------------------------------------

    @property
    def devices(self) -> InterviewDevices:
        """The open devices; an empty set until the first opening reports."""
        if self._devices is None:
            from interview_sim.qt.interview_devices import InterviewDevices

            self._devices = InterviewDevices()
        return self._devices

    def set_devices(self, devices: InterviewDevices) -> None:
        self._devices = devices
        self.devices_changed.emit()

    @property
    def speech_state(self) -> str:
        return self._speech_state

    def set_speech_state(self, state: str) -> None:
        if state == self._speech_state:
            return
        self._speech_state = state
        self.speech_state_changed.emit(state)

    @property
    def db(self) -> Database | None:
        """The archive the interview writes to; until the devices are open, one of our own."""
        if self._devices is not None and self._devices.db is not None:
            return self._devices.db
        return self._own_db

    def with_db(self, then: Callable[[Database], None], *, owner: QObject | None = None) -> None:
        """Call ``then(db)`` on the GUI thread with the archive, opening it off the thread first
        when nothing has opened it yet. A failure to open is reported as a problem.

        When the archive has to be opened first, ``then`` is dropped if its ``owner`` (by default
        the QObject whose method ``then`` is) is gone by the time it is open."""
        db = self.db
        if db is not None:
            then(db)
            return
        if owner is None and isinstance(getattr(then, "__self__", None), QObject):
            owner = then.__self__  # type: ignore[attr-defined]
        self._db_waiters.append((owner, then))
        if self._opening_db:
            return
        self._opening_db = True

        def opened(db: Database) -> None:
            self._opening_db = False
            if self.db is not None:  # the devices opened theirs meanwhile: use that one
                self.tasks.run(db.close, owner=None)
            else:
                self._own_db = db
            self._flush_db_waiters()

        def failed(exc: BaseException) -> None:
            self._opening_db = False
            self._db_waiters.clear()
            from interview_sim.qt.errors import describe_failure  # after first paint

            self.problem.emit(describe_failure("archive.no_db", exc, self._lang))

        from interview_sim.core.storage import Database

        self.tasks.run(
            lambda: Database.open(paths.database_path()),
            owner=self,
            on_done=opened,
            on_error=failed,
            uses_db=True,
        )

    def _flush_db_waiters(self) -> None:
        db = self.db
        waiters, self._db_waiters = self._db_waiters, []
        if db is not None:
            for owner, then in waiters:
                if owner is None or shiboken6.isValid(owner):
                    then(db)

    def notify_attempts_changed(self, attempt_ids: Iterable[int] = ()) -> None:
        self.attempts_changed.emit(list(attempt_ids))

    def close_own_db(self) -> None:
        """Close the archive this object opened itself (the devices close theirs)."""
        if self._own_db is not None:
            self._own_db.close()
            self._own_db = None

    def release_data(self) -> None:
        """Close everything that holds a file in the data folder, before a restore swaps it:
        screens let go of theirs on :attr:`releasing_data`, then the archive handles close."""
        self.releasing_data.emit()
        db = self._devices.db if self._devices is not None else None
        if db is not None:
            db.close()
        self.close_own_db()
