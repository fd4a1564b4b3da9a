"""Qt's own texts (standard buttons, file dialogs, a text field's context menu) in the UI language.

Qt ships its translations as ``.qm`` files beside its libraries; PySide6 carries them in
``PySide6/Qt/translations`` and PyInstaller collects the ``qtbase_*`` ones for QtCore, QtGui and
QtWidgets (packaging/interview_sim.spec keeps the Korean and English ones). A QTranslator
installed on the application translates every Qt-made text; English is Qt's source language,
so English needs none. Changing the language swaps the translator, and Qt sends every widget a
LanguageChange event (standard buttons and context menus built later pick it up themselves).
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

log = logging.getLogger(__name__)

# The catalogue of QtCore, QtGui and QtWidgets (``qt_<lang>.qm`` is a meta catalogue that would
# also want the multimedia, declarative... ones, which a trimmed bundle leaves out).
CATALOGUE = "qtbase"

# The translator installed now, kept referenced here: Qt does not own it, and a collected
# translator would be removed from the application behind our back.
_installed: dict[int, QTranslator] = {}


def translations_dir() -> Path:
    """Where Qt's .qm files are: Qt's own answer, else the PySide6 package's folder."""
    reported = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if reported and Path(reported, f"{CATALOGUE}_ko.qm").exists():
        return Path(reported)
    import PySide6

    return Path(PySide6.__file__).parent / "Qt" / "translations"


def install_qt_translations(app: QCoreApplication, lang: str) -> bool:
    """Make Qt's own texts ``lang``; replaces the translator of an earlier call.

    Returns False when no catalogue exists for ``lang`` (English: Qt's texts are English
    already; any other language: logged, and Qt's texts stay English).
    """
    old = _installed.pop(id(app), None)
    if old is not None:
        app.removeTranslator(old)
        old.deleteLater()
    if lang == "en":
        return False
    translator = QTranslator(app)
    folder = translations_dir()
    if not translator.load(QLocale(lang), CATALOGUE, "_", str(folder)):
        log.warning("no Qt translation %s_%s.qm in %s; Qt's own texts stay English", CATALOGUE, lang, folder)
        return False
    app.installTranslator(translator)
    _installed[id(app)] = translator
    return True
