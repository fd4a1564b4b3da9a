"""Where the app keeps things: the one module that knows about folders.

User data (database, recordings, the user's own questions, settings) lives in the platform's
user-data folder. ``INTERVIEW_SIM_HOME`` overrides it, for tests and portable installs, so a
test never touches a real user's data. Bundled data (the question bank, resources) is found
next to the source tree, inside a wheel, or inside a frozen (PyInstaller) app.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from platformdirs import user_data_dir

APP_NAME = "InterviewSim"
HOME_ENV = "INTERVIEW_SIM_HOME"
BANK_ENV = "INTERVIEW_SIM_BANK"
# In the data folder while an archive import works (core.archive_recovery); here so that the
# app's start can look for it without importing the archive code.
IMPORT_JOURNAL_NAME = ".import-journal.json"

_PACKAGE_DIR = Path(__file__).resolve().parent


def data_home() -> Path:
    """The user-data folder, created on first use."""
    override = os.environ.get(HOME_ENV)
    home = Path(override).expanduser() if override else Path(user_data_dir(APP_NAME, False))
    home.mkdir(parents=True, exist_ok=True)
    return home


def database_path() -> Path:
    return data_home() / "interview_sim.sqlite3"


def recordings_dir() -> Path:
    path = data_home() / "recordings"
    path.mkdir(parents=True, exist_ok=True)
    return path


def user_questions_dir() -> Path:
    path = data_home() / "questions"
    path.mkdir(parents=True, exist_ok=True)
    return path


def user_templates_path() -> Path:
    return data_home() / "templates.toml"


def settings_path() -> Path:
    return data_home() / "settings.json"


def models_dir() -> Path:
    path = data_home() / "models"
    path.mkdir(parents=True, exist_ok=True)
    return path


def logs_dir() -> Path:
    path = data_home() / "logs"
    path.mkdir(parents=True, exist_ok=True)
    return path


def cache_dir() -> Path:
    path = data_home() / "cache"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _bundled_root() -> Path:
    """The folder holding the bundled ``questions/`` and ``resources/``.

    Checked in order: a frozen app's unpack folder, the wheel's ``_bundled`` folder, the
    source checkout (the package's parent folder).
    """
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    wheel_data = _PACKAGE_DIR / "_bundled"
    if (wheel_data / "questions").is_dir():
        return wheel_data
    return _PACKAGE_DIR.parent


def bundled_questions_dir() -> Path:
    override = os.environ.get(BANK_ENV)
    return Path(override) if override else _bundled_root() / "questions"


def resources_dir() -> Path:
    return _bundled_root() / "resources"


def seed_notes_dir() -> Path:
    return resources_dir() / "seed-notes"
