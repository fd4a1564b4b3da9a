"""Light and dark themes, following the OS colour scheme unless the user chose one, and the font."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

# Fonts that render Hangul well, in order of preference, per platform.
CJK_FONTS = ("Noto Sans CJK KR", "Noto Sans KR", "NanumGothic", "Malgun Gothic", "Apple SD Gothic Neo")


def pick_cjk_font(size: int) -> QFont | None:
    families = set(QFontDatabase.families())
    for family in CJK_FONTS:
        if family in families:
            return QFont(family, size)
    return None


def apply_font(app: QApplication, size: int) -> None:
    font = pick_cjk_font(size)
    if font is None:
        font = QFont(app.font())
        font.setPointSize(size)
    app.setFont(font)


def system_is_dark() -> bool:
    # Imported here: the first use of ``Qt`` builds the Python enums of the whole Qt namespace,
    # some 25 ms that the window's first paint does without (see palette_is_dark).
    from PySide6.QtCore import Qt

    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def palette_is_dark(app: QApplication) -> bool:
    """Whether the app's palette is dark. At start Qt gives a dark system palette on a dark
    Windows, macOS or GNOME desktop, so this answers "is the OS dark" without asking for the
    colour scheme, whose enum costs the first paint 25 ms. The exact answer is checked once the
    window is painted (``follow_system_scheme``)."""
    return app.palette().color(QPalette.ColorRole.Window).lightness() < 128


def is_dark(theme: str) -> bool:
    return theme == "dark" or (theme == "system" and system_is_dark())


def dark_palette() -> QPalette:
    palette = QPalette()
    colours = {
        QPalette.ColorRole.Window: "#202124",
        QPalette.ColorRole.WindowText: "#e8eaed",
        QPalette.ColorRole.Base: "#2d2f33",
        QPalette.ColorRole.AlternateBase: "#35373b",
        QPalette.ColorRole.ToolTipBase: "#2a2b2e",
        QPalette.ColorRole.ToolTipText: "#e8eaed",
        QPalette.ColorRole.PlaceholderText: "#9aa0a6",
        QPalette.ColorRole.Text: "#e8eaed",
        QPalette.ColorRole.Button: "#2d2e31",
        QPalette.ColorRole.ButtonText: "#e8eaed",
        QPalette.ColorRole.BrightText: "#ff6e6e",
        QPalette.ColorRole.Link: "#8ab4f8",
        QPalette.ColorRole.Highlight: "#3d6fb4",
        QPalette.ColorRole.HighlightedText: "#ffffff",
    }
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#6f7378"))
    return palette


def apply_theme(app: QApplication, theme: str, *, starting: bool = False) -> None:
    """Fusion draws every widget from the palette, so one palette swap recolours the whole app.

    ``starting``: light on a light system is what Qt starts with, so nothing is changed (style
    and palette changes cost start-up time for no visible difference)."""
    if not starting:
        _set_palette(app, is_dark(theme))
        return
    system_dark = palette_is_dark(app)
    dark = theme == "dark" or (theme == "system" and system_dark)
    if dark or system_dark:
        _set_palette(app, dark)


def follow_system_scheme(app: QApplication, theme: str) -> None:
    """After the first paint: correct the start's guess from the palette if the OS colour scheme
    says otherwise (a desktop whose start palette does not follow its own dark setting)."""
    if theme == "system" and system_is_dark() != palette_is_dark(app):
        apply_theme(app, "system")


def _set_palette(app: QApplication, dark: bool) -> None:
    if app.style().name().lower() != "fusion":
        app.setStyle("Fusion")
    app.setPalette(dark_palette() if dark else app.style().standardPalette())
