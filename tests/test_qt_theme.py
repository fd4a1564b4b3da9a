"""Colours that carry a meaning stay readable on both themes, and follow a live theme switch;
the status line shortens a long message instead of clipping it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QPalette, QTextCharFormat
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QLabel,
    QPushButton,
    QRadioButton,
    QStyle,
    QStyleFactory,
    QStyleOptionButton,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from interview_sim.core.interview import Timing
from interview_sim.i18n import tr
from interview_sim.qt import marked_text as mt
from interview_sim.qt.app_state import AppState
from interview_sim.qt.main_window import MainWindow
from interview_sim.qt.progress_chart import line_colours
from interview_sim.qt.status_label import ELLIPSIS, StatusLabel, elide
from interview_sim.qt.theme import (
    BAD,
    DISABLED_TEXT,
    ERROR,
    GOOD,
    MUTED,
    PRIMARY,
    THINK,
    WARN,
    ToneLabel,
    apply_theme,
    dark_palette,
    fill_colours,
    is_dark_palette,
    mix,
    tone,
)
from interview_sim.qt.widgets import BarColours, PrimaryButton, timing_colour
from tests.waits import UI_MS

BODY_TEXT = 4.5  # WCAG AA for normal text
GRAPHICS = 3.0  # WCAG AA for lines and shapes that carry a meaning


def relative_luminance(colour: QColor) -> float:
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(colour.red()) + 0.7152 * linear(colour.green()) + 0.0722 * linear(colour.blue())


def contrast(first: QColor, second: QColor) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def light_palette() -> QPalette:
    style = QStyleFactory.create("Fusion")
    assert style is not None
    return style.standardPalette()


def themes() -> list[tuple[str, QPalette]]:
    return [("light", light_palette()), ("dark", dark_palette())]


def role(palette: QPalette, which: QPalette.ColorRole) -> QColor:
    return palette.color(QPalette.ColorGroup.Active, which)


def switch(app: QApplication, theme: str) -> None:
    """As the Settings window does; the widgets hear of it through posted events."""
    apply_theme(app, theme)
    app.processEvents()


@pytest.fixture
def restore_palette() -> Iterator[QApplication]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    palette = QPalette(app.palette())
    yield app
    app.setPalette(palette)


def test_the_contrast_measure_is_the_wcag_one() -> None:
    assert contrast(QColor("black"), QColor("white")) == pytest.approx(21.0)
    assert contrast(QColor("#777777"), QColor("white")) == pytest.approx(4.48, abs=0.01)
    assert contrast(QColor("#808080"), QColor("#808080")) == pytest.approx(1.0)


def test_the_two_palettes_are_told_apart() -> None:
    assert not is_dark_palette(light_palette())
    assert is_dark_palette(dark_palette())


@pytest.mark.parametrize(
    "pair", [ERROR, MUTED, GOOD, WARN, BAD], ids=["error", "muted", "good", "warn", "bad"]
)
def test_meaningful_text_colours_are_readable_on_both_themes(pair: tuple[str, str]) -> None:
    for name, palette in themes():
        colour = tone(pair, palette)
        assert colour == QColor(pair[1] if name == "dark" else pair[0])
        for background in (QPalette.ColorRole.Window, QPalette.ColorRole.Base):
            ratio = contrast(colour, role(palette, background))
            assert ratio >= BODY_TEXT, (name, colour.name(), background, round(ratio, 2))


def test_the_interview_status_colours_are_readable_on_both_themes() -> None:
    for name, palette in themes():
        window = role(palette, QPalette.ColorRole.Window)
        for timing in Timing:
            ratio = contrast(timing_colour(timing, palette), window)
            assert ratio >= BODY_TEXT, (name, timing, round(ratio, 2))


def test_the_template_bar_labels_and_cursor_stand_out() -> None:
    for dark in (False, True):
        colours = BarColours(dark)
        palette = dark_palette() if dark else light_palette()
        for fill in (*colours.segments, colours.current):
            assert contrast(colours.label, fill) >= BODY_TEXT, (dark, fill.name())
        for fill in (*colours.segments, colours.current, colours.overtime):
            for timing in Timing:  # the elapsed-time cursor, wherever it is
                ratio = contrast(timing_colour(timing, palette), fill)
                assert ratio >= GRAPHICS, (dark, fill.name(), timing, round(ratio, 2))


def test_chart_lines_and_grid_show_on_both_themes() -> None:
    for name, palette in themes():
        base = role(palette, QPalette.ColorRole.Base)
        for colour in line_colours(name == "dark"):
            ratio = contrast(QColor(colour), base)
            assert ratio >= GRAPHICS, (name, colour, round(ratio, 2))
        grid = mix(role(palette, QPalette.ColorRole.Text), base, 0.2)
        assert 1.2 <= contrast(grid, base) < GRAPHICS  # seen, but fainter than the lines


def effective_colours(fmt: QTextCharFormat, palette: QPalette) -> tuple[QColor, QColor]:
    """The text and background colours a run is drawn in: the format's, else the palette's."""
    fg = fmt.foreground().color() if fmt.hasProperty(QTextCharFormat.Property.ForegroundBrush) else None
    bg = fmt.background().color() if fmt.hasProperty(QTextCharFormat.Property.BackgroundBrush) else None
    return fg or role(palette, QPalette.ColorRole.Text), bg or role(palette, QPalette.ColorRole.Base)


@pytest.mark.parametrize(
    "kinds",
    [
        [mt.COVERED],
        [mt.COVERED_REF],
        [mt.MISSED],
        [mt.FILLER],
        [mt.COVERED, mt.FILLER],
        [mt.REPEAT, mt.FILLER],
        [mt.MARKER],
        [mt.DELETED],
        [mt.INSERTED],
        [mt.HEADING],
    ],
    ids=lambda kinds: "+".join(kinds),
)
def test_marked_text_is_readable_on_both_themes(kinds: list[str]) -> None:
    for name, palette in themes():
        fg, bg = effective_colours(mt.char_format(kinds, dark=name == "dark"), palette)
        ratio = contrast(fg, bg)
        assert ratio >= BODY_TEXT, (name, kinds, fg.name(), bg.name(), round(ratio, 2))


def test_the_current_word_is_readable_on_both_themes() -> None:
    for name, palette in themes():
        fg, bg = effective_colours(mt.selection_format(dark=name == "dark"), palette)
        assert contrast(fg, bg) >= BODY_TEXT, name


def test_a_tone_label_follows_a_live_theme_switch(qtbot: QtBot, restore_palette: QApplication) -> None:
    app = restore_palette
    switch(app, "light")
    parent = QWidget()
    qtbot.addWidget(parent)
    error, plain = ToneLabel(ERROR, "no microphone"), ToneLabel(None, "speaking")
    layout = QVBoxLayout(parent)
    layout.addWidget(error)
    layout.addWidget(plain)
    parent.show()
    text_role = QPalette.ColorRole.WindowText
    assert error.tone() == QColor(ERROR[0])
    switch(app, "dark")
    assert error.tone() == QColor(ERROR[1])
    # Only the text colour is the label's own: its background still comes from the theme.
    assert error.palette().color(QPalette.ColorRole.Window) == dark_palette().color(QPalette.ColorRole.Window)
    assert plain.palette().color(text_role) == dark_palette().color(text_role)
    plain.set_tone(GOOD)
    assert plain.tone() == QColor(GOOD[1])
    plain.set_tone(None)  # back to the theme's text colour, and following it again
    assert plain.palette().color(text_role) == dark_palette().color(text_role)
    switch(app, "light")
    assert error.tone() == QColor(ERROR[0])
    assert plain.palette().color(text_role) == app.palette().color(text_role)


def english_state() -> AppState:
    from interview_sim import paths
    from interview_sim.core.settings import Settings

    return AppState(Settings.load(paths.settings_path()), lang="en")


def test_the_question_details_recolour_on_a_theme_switch(qtbot: QtBot, restore_palette: QApplication) -> None:
    from interview_sim.core.bank import load_bank
    from interview_sim.core.templates import load_templates

    app = restore_palette
    switch(app, "light")
    window = MainWindow(english_state())
    qtbot.addWidget(window)
    templates = load_templates()
    window.state.set_bank(load_bank(templates=templates), templates)
    window.show()
    window.show_bank()
    window.browser.select_category("network")
    window.browser.questions.setCurrentRow(0)
    assert QColor(MUTED[0]).name() in window.browser.detail.toHtml()
    switch(app, "dark")
    html = window.browser.detail.toHtml()
    assert QColor(MUTED[1]).name() in html and QColor(MUTED[0]).name() not in html


def test_elide_keeps_the_longest_beginning_that_fits() -> None:
    def advance(text: str) -> int:
        return len(text) * 10

    assert elide("short", 50, advance) == "short"
    assert elide("a longer message", 100, advance) == "a longer" + ELLIPSIS  # 8 + 1 characters
    assert elide("abcdef", 0, advance) == ELLIPSIS


def shown_text(label: StatusLabel) -> str:
    """What the label draws (its ``text()`` is the whole message)."""
    return QLabel.text(label)


def test_a_long_status_message_ends_in_an_ellipsis_with_the_whole_in_the_tooltip(qtbot: QtBot) -> None:
    window = MainWindow(english_state())
    qtbot.addWidget(window)
    window.resize(700, 400)
    window.show()
    qtbot.waitExposed(window, timeout=UI_MS)
    status = window.status
    assert isinstance(status, StatusLabel)
    long_text = tr("error.no_microphone", "en") + " " + "no input device found (devices: none) " * 3
    window.show_message(long_text)
    shown = shown_text(status)
    metrics = status.fontMetrics()
    assert shown.endswith(ELLIPSIS) and long_text.startswith(shown[:-1].rstrip())
    assert metrics.horizontalAdvance(shown) <= status.contentsRect().width()
    assert status.text() == long_text and status.toolTip() == long_text
    # It stops short of the speech status beside it.
    assert status.geometry().right() < window.speech_status.geometry().left()
    # Wider: more of it shows.
    window.resize(1400, 400)
    qtbot.waitUntil(lambda: len(shown_text(status)) > len(shown), timeout=UI_MS)
    window.show_message("Saved.")
    assert shown_text(status) == "Saved." and status.toolTip() == ""


def rendered_edge_contrast(widget: QWidget, rect: QRect, background: QColor) -> float:
    """The strongest contrast any pixel of ``rect`` (in ``widget``) has with ``background``."""
    picture = widget.grab().toImage()
    return max(
        contrast(picture.pixelColor(x, y), background)
        for x in range(rect.left(), rect.right() + 1)
        for y in range(rect.top(), rect.bottom() + 1)
    )


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_check_boxes_and_radio_buttons_show_when_unchecked(
    qtbot: QtBot, restore_palette: QApplication, theme: str
) -> None:
    """WCAG 1.4.11: the outline of an unchecked box at 3:1 against the window, enabled or not."""
    switch(restore_palette, theme)
    parent = QWidget()
    qtbot.addWidget(parent)
    layout = QVBoxLayout(parent)
    boxes = [QCheckBox("on"), QCheckBox("off"), QRadioButton("radio")]
    boxes[1].setEnabled(False)
    for box in boxes:
        layout.addWidget(box)
    parent.show()
    qtbot.waitExposed(parent, timeout=UI_MS)
    window = parent.palette().color(QPalette.ColorRole.Window)
    for box in boxes:
        option = QStyleOptionButton()
        option.initFrom(box)
        element = (
            QStyle.SubElement.SE_RadioButtonIndicator
            if isinstance(box, QRadioButton)
            else QStyle.SubElement.SE_CheckBoxIndicator
        )
        rect = box.style().subElementRect(element, option, box)
        ratio = rendered_edge_contrast(box, rect, window)
        assert ratio >= GRAPHICS, (theme, box.text(), round(ratio, 2))


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_disabled_texts_and_buttons_are_readable(
    qtbot: QtBot, restore_palette: QApplication, theme: str
) -> None:
    switch(restore_palette, theme)
    palette = restore_palette.palette()
    disabled = QPalette.ColorGroup.Disabled
    for text_role in (QPalette.ColorRole.ButtonText, QPalette.ColorRole.WindowText, QPalette.ColorRole.Text):
        colour = palette.color(disabled, text_role)
        for background in (QPalette.ColorRole.Button, QPalette.ColorRole.Window, QPalette.ColorRole.Base):
            ratio = contrast(colour, palette.color(disabled, background))
            assert ratio >= BODY_TEXT, (theme, text_role, background, round(ratio, 2))
    # Still told apart from an enabled text.
    enabled = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.ButtonText)
    assert palette.color(disabled, QPalette.ColorRole.ButtonText) != enabled
    # A disabled button as drawn: its darkest or lightest pixel is its text, readable on the button.
    button = QPushButton("Repeat")
    qtbot.addWidget(button)
    button.setEnabled(False)
    button.resize(140, 36)
    button.show()
    qtbot.waitExposed(button, timeout=UI_MS)
    face = button.grab().toImage().pixelColor(4, button.height() // 2)
    ratio = rendered_edge_contrast(button, button.rect().adjusted(10, 8, -10, -8), face)
    # Antialiased glyphs never reach their full colour: measured 5.8 light, 4.8 dark here.
    assert ratio >= BODY_TEXT, (theme, round(ratio, 2))


@pytest.mark.parametrize("pair", [PRIMARY, WARN, BAD, GOOD], ids=["primary", "warn", "bad", "good"])
def test_text_on_filled_tones_is_readable(pair: tuple[str, str]) -> None:
    """The primary button and the wrap-up banner: text on a fill of a tone."""
    for name, palette in themes():
        fill, text = fill_colours(pair, palette)
        ratio = contrast(fill, text)
        assert ratio >= BODY_TEXT, (name, fill.name(), text.name(), round(ratio, 2))


def test_the_primary_button_disabled_is_readable(qtbot: QtBot, restore_palette: QApplication) -> None:
    for theme in ("light", "dark"):
        switch(restore_palette, theme)
        button = PrimaryButton()
        qtbot.addWidget(button)
        button.setText("Answer now")
        button.setEnabled(False)
        palette = restore_palette.palette()
        assert contrast(tone(DISABLED_TEXT, palette), palette.color(QPalette.ColorRole.Button)) >= BODY_TEXT
        assert tone(DISABLED_TEXT, palette).name() in button.styleSheet()


def test_the_thinking_colour_is_readable_on_both_themes() -> None:
    for name, palette in themes():
        for background in (QPalette.ColorRole.Window, QPalette.ColorRole.Base):
            assert contrast(tone(THINK, palette), role(palette, background)) >= BODY_TEXT, name


def test_the_progress_target_band_keeps_its_label_and_lines_readable() -> None:
    from interview_sim.qt.progress_chart import band_fill

    for name, palette in themes():
        base = role(palette, QPalette.ColorRole.Base)
        good = tone(GOOD, palette)
        fill = band_fill(good, base)
        assert contrast(good, fill) >= BODY_TEXT, name  # the band's "Target" label
        assert contrast(role(palette, QPalette.ColorRole.Text), fill) >= BODY_TEXT, name  # the average line
        for colour in line_colours(name == "dark"):
            assert contrast(QColor(colour), fill) >= GRAPHICS, (name, colour)


def test_indicators_are_outlined_after_the_first_paint_with_the_palette_kept(qtbot: QtBot) -> None:
    """The start sets plain Fusion with the palette (no Python in the first paint); after the
    paint Fusion becomes ContrastStyle, and the palette chosen at the start stays."""
    from PySide6.QtWidgets import QApplication

    from interview_sim.qt.theme import ContrastStyle, apply_theme, dark_palette, outline_indicators

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    # A style change deletes the old style: keep what is needed to put it back, not the object.
    was_contrast, style_name = isinstance(app.style(), ContrastStyle), app.style().name()
    palette_before = QPalette(app.palette())
    try:
        app.setStyle("Fusion")
        apply_theme(app, "dark", starting=True)
        assert not isinstance(app.style(), ContrastStyle)  # nothing drawn in Python yet
        window_colour = app.palette().color(QPalette.ColorRole.Window)
        assert window_colour == dark_palette().color(QPalette.ColorRole.Window)
        outline_indicators(app)
        assert isinstance(app.style(), ContrastStyle)
        assert app.palette().color(QPalette.ColorRole.Window) == window_colour
    finally:
        app.setStyle(ContrastStyle("Fusion") if was_contrast else style_name)
        app.setPalette(palette_before)
