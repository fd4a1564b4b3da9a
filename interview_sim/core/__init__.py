"""The core: question bank, templates, storage, settings, importing. It never imports Qt."""
