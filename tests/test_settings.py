"""Settings: declared once, remembered, and a broken file never stops the app."""

from __future__ import annotations

import json

import pytest

from interview_sim import paths
from interview_sim.core.settings import DECLARED, Settings
from interview_sim.i18n import LANGUAGES, setting_label


def test_defaults_and_round_trip() -> None:
    settings = Settings.load(paths.settings_path())
    assert settings.get("ui_language") == "ko"
    assert settings.get("stt_engine") == "vosk"
    settings.set("ui_language", "en")
    settings.set("think_time_s", 10)
    settings.save()
    again = Settings.load(paths.settings_path())
    assert (again.get("ui_language"), again.get("think_time_s")) == ("en", 10)
    assert again.problems == []


def test_invalid_values_are_refused() -> None:
    settings = Settings.load(paths.settings_path())
    with pytest.raises(ValueError):
        settings.set("ui_language", "fr")
    with pytest.raises(ValueError):
        settings.set("tts_volume", 3.0)


def test_corrupt_file_resets_everything_and_says_so() -> None:
    paths.settings_path().write_text("{not json", encoding="utf-8")
    settings = Settings.load(paths.settings_path())
    assert settings.get("ui_language") == "ko"
    assert len(settings.problems) == 1 and "unreadable settings" in settings.problems[0]


def test_broken_values_reset_the_rest_kept() -> None:
    values = {"ui_language": "en", "think_time_s": "soon", "font_size": 999, "from_the_future": 1}
    paths.settings_path().write_text(json.dumps({"version": 7, "values": values}), encoding="utf-8")
    settings = Settings.load(paths.settings_path())
    assert settings.get("ui_language") == "en"
    assert settings.get("think_time_s") == 5 and settings.get("font_size") == 11
    # Two reset values, and the note that the file comes from a newer version.
    assert len(settings.problems) == 3 and "newer Interview Sim" in settings.problems[0]


def test_every_setting_has_labels_and_a_valid_default() -> None:
    for setting in DECLARED:
        # The labels are in the one catalogue, in every language.
        for lang in LANGUAGES:
            assert setting_label(setting.key, lang) != f"setting.{setting.key}", (setting.key, lang)
        assert setting.accepts(setting.default), setting.key
        # Labels passed where the declaration expects bounds or choices (the old signature).
        assert setting.choices is None or isinstance(setting.choices, tuple), setting.key
        for bound in (setting.minimum, setting.maximum):
            assert bound is None or isinstance(bound, int | float), setting.key
