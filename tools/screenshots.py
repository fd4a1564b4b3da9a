"""Save a screenshot of each screen in Korean and English (for people to look at).

Usage: python tools/screenshots.py OUTDIR   (runs offscreen unless DISPLAY/QT_QPA_PLATFORM say otherwise)
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from interview_sim.core.bank import load_bank
from interview_sim.core.templates import load_templates
from interview_sim.qt.app import pick_cjk_font
from interview_sim.qt.main_window import MainWindow


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots")
    out.mkdir(parents=True, exist_ok=True)
    if not os.environ.get("DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication.instance() or QApplication([])
    font = pick_cjk_font(11)
    if font:
        app.setFont(font)
    templates = load_templates()
    bank = load_bank(templates=templates)
    for lang in ("ko", "en"):
        window = MainWindow(lang)
        window.set_bank(bank, templates)
        window.select_category("network")
        window.questions.setCurrentRow(5)
        window.show()
        QTimer.singleShot(300, app.quit)
        app.exec()
        path = out / f"main-{lang}.png"
        window.grab().save(str(path))
        print(path)
        window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
