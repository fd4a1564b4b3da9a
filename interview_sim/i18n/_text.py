"""The type of a catalogue entry's text, shared by the catalogue's parts."""

from __future__ import annotations

# A text, or its plural forms by CLDR plural category ("one", "other").
Text = str | dict[str, str]
