"""Light and dark themes, following the OS colour scheme unless the user chose one, and the font."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QProxyStyle, QStyle, QStyleOption, QWidget

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
    return is_dark_palette(app.palette())


def is_dark_palette(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


# Colours that carry a meaning, as (on a light background, on a dark one): the light ones are
# too dark to read on the dark palette and the dark ones too pale on white. Each keeps a WCAG
# contrast of at least 4.5 against both the window and the text field background of its theme
# (tests/test_qt_theme.py checks it).
Tone = tuple[str, str]
ERROR: Tone = ("#b23c17", "#ff8a65")
MUTED: Tone = ("#5f6368", "#9aa0a6")  # secondary text: "gray" is under 4.5 on both themes
GOOD: Tone = ("#2a7530", "#81c995")
WARN: Tone = ("#a84f00", "#fdb863")
BAD: Tone = ("#c62828", "#f28b82")
THINK: Tone = ("#1a5fb4", "#8ab4f8")  # the think countdown: neither speaking nor answering
# The one primary action of a screen: filled with this, its text in ON_FILL.
PRIMARY: Tone = ("#1a5fb4", "#8ab4f8")
# Text on a filled tone (a banner, the primary button): white on the light theme's dark fills,
# the dark window colour on the dark theme's light ones.
ON_FILL: Tone = ("#ffffff", "#202124")
# Disabled text: dimmer than the enabled text but still readable (WCAG AA) on window, base and
# button. Qt's own disabled grey is under 2:1 on the light theme and about 3:1 on the dark one.
DISABLED_TEXT: Tone = ("#5f5f5f", "#aab0b6")


def tone(pair: Tone, palette: QPalette) -> QColor:
    """The variant of ``pair`` for ``palette``."""
    return QColor(pair[1] if is_dark_palette(palette) else pair[0])


def fill_colours(pair: Tone, palette: QPalette) -> tuple[QColor, QColor]:
    """A fill of ``pair`` for ``palette`` and the text drawn on it."""
    return tone(pair, palette), tone(ON_FILL, palette)


def mix(first: QColor, second: QColor, share: float) -> QColor:
    """``share`` of ``first`` over ``second``: a line or fill that stays faint on either theme."""
    rest = 1.0 - share
    return QColor(
        round(first.red() * share + second.red() * rest),
        round(first.green() * share + second.green() * rest),
        round(first.blue() * share + second.blue() * rest),
    )


class ToneLabel(QLabel):
    """A label whose text colour carries a meaning (an error, a verdict): its variant follows
    the app's palette, also when the theme is switched while it is shown. No tone: the
    palette's own text colour."""

    def __init__(self, pair: Tone | None, text: str = "") -> None:
        super().__init__(text)
        self._pair = pair
        self._toned = False
        self._apply_tone()

    def set_tone(self, pair: Tone | None) -> None:
        if pair != self._pair:
            self._pair = pair
            self._apply_tone()

    def tone(self) -> QColor:
        return self.palette().color(QPalette.ColorRole.WindowText)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._apply_tone()

    def _apply_tone(self) -> None:
        # Dark or light by the app's palette: the label's own one holds the colour set here.
        # Only WindowText is set, so every other role still follows the app.
        if self._pair is None:
            if self._toned:
                self._toned = False
                self.setPalette(QPalette())  # no role set: all of it resolves from the app again
            return
        colour = tone(self._pair, QGuiApplication.palette())
        if not self._toned or self.palette().color(QPalette.ColorRole.WindowText) != colour:
            self._toned = True
            palette = QPalette()  # no role set: the rest resolves from the parent and the app
            palette.setColor(QPalette.ColorRole.WindowText, colour)
            self.setPalette(palette)


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
        # The bevel shades, lighter to darker around Button: left alone they keep the light
        # theme's near-white frames and separators.
        QPalette.ColorRole.Light: "#505357",
        QPalette.ColorRole.Midlight: "#3e4044",
        QPalette.ColorRole.Mid: "#1f2023",
        QPalette.ColorRole.Dark: "#17181a",
        QPalette.ColorRole.Shadow: "#000000",
    }
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    return with_readable_disabled(palette, dark=True)


def light_palette() -> QPalette:
    style = QApplication.style()
    palette = style.standardPalette() if style is not None else QPalette()
    return with_readable_disabled(palette, dark=False)


def with_readable_disabled(palette: QPalette, *, dark: bool) -> QPalette:
    """Disabled texts (a button that cannot be pressed yet, a greyed label) at AA contrast."""
    colour = QColor(DISABLED_TEXT[1] if dark else DISABLED_TEXT[0])
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, colour)
    return palette


def indicator_edge(palette: QPalette, enabled: bool = True) -> QColor:
    """The outline of a check box or radio button: at least 3:1 against the window and the
    field behind it (WCAG 1.4.11, non-text contrast), on either theme."""
    if not enabled:
        return palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
    return mix(palette.color(QPalette.ColorRole.Text), palette.color(QPalette.ColorRole.Base), 0.6)


class ContrastStyle(QProxyStyle):
    """Fusion, with the indicators of check boxes and radio buttons outlined so that an
    unchecked one can be seen: Fusion's own edge is a shade of the window colour (1.2:1 on the
    dark theme, 1.7:1 on the light one)."""

    INDICATORS = (
        QStyle.PrimitiveElement.PE_IndicatorCheckBox,
        QStyle.PrimitiveElement.PE_IndicatorItemViewItemCheck,
        QStyle.PrimitiveElement.PE_IndicatorRadioButton,
    )

    def drawPrimitive(
        self,
        element: QStyle.PrimitiveElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        super().drawPrimitive(element, option, painter, widget)
        if element not in self.INDICATORS:
            return
        enabled = bool(option.state & QStyle.StateFlag.State_Enabled)
        rect = option.rect.adjusted(1, 1, -1, -1)
        painter.save()
        # Crisp square edges: an antialiased one-pixel line spreads over two paler pixels.
        radio = element is QStyle.PrimitiveElement.PE_IndicatorRadioButton
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, radio)
        painter.setPen(indicator_edge(option.palette, enabled))
        painter.setBrush(QColor(0, 0, 0, 0))
        if radio:
            painter.drawEllipse(rect)
        else:
            painter.drawRect(rect)
        painter.restore()


def apply_theme(app: QApplication, theme: str, *, starting: bool = False) -> None:
    """Fusion draws every widget from the palette, so one palette swap recolours the whole app.

    ``starting``: light on a light system is what Qt starts with, so nothing is changed (style
    and palette changes cost start-up time for no visible difference)."""
    if not starting:
        _set_palette(app, is_dark(theme))
        return
    system_dark = palette_is_dark(app)
    dark = theme == "dark" or (theme == "system" and system_dark)
    # Fusion (Linux) needs its readable disabled texts and outlined check boxes from the start;
    # a native style (Windows, macOS) on a light system is left as it is.
    if dark or system_dark or app.style().name().lower() == "fusion":
        # The outlined indicators come after the first paint (outline_indicators): drawing them
        # runs Python in the paint, whose first QPainter call builds the enums of the whole Qt
        # namespace (about 30 ms), which the first paint otherwise never pays.
        _set_palette(app, dark, outline=False)


def follow_system_scheme(app: QApplication, theme: str) -> None:
    """After the first paint: correct the start's guess from the palette if the OS colour scheme
    says otherwise (a desktop whose start palette does not follow its own dark setting)."""
    if theme == "system" and system_is_dark() != palette_is_dark(app):
        apply_theme(app, "system")
    else:
        outline_indicators(app)


def outline_indicators(app: QApplication) -> None:
    """After the first paint: Fusion becomes :class:`ContrastStyle`, palette kept (a style
    change resets it). A native style (Windows, macOS, light) is left as it is."""
    style = app.style()
    if isinstance(style, ContrastStyle) or style.name().lower() != "fusion":
        return
    palette = app.palette()
    app.setStyle(ContrastStyle("Fusion"))
    app.setPalette(palette)


def _set_palette(app: QApplication, dark: bool, *, outline: bool = True) -> None:
    style = app.style()
    if outline and not isinstance(style, ContrastStyle):
        app.setStyle(ContrastStyle("Fusion"))
    elif not outline and style.name().lower() != "fusion":
        app.setStyle("Fusion")  # palettes are drawn by Fusion; the outlines come after the paint
    app.setPalette(dark_palette() if dark else light_palette())
