"""How long a test waits for the app to reach a state.

CI runs the suite on a fresh two-core machine, often busy with other work; a queued signal, a
task on the thread pool or a SQLite write behind one can take seconds there, and pytest-qt's
default of 5 s (or a hand-picked 2 s) has failed a whole submission on one unlucky wait.
``qtbot.waitUntil`` and ``qtbot.waitSignal`` return as soon as the state holds, so a generous
limit costs nothing when the app is quick: it only decides how long a real failure takes to be
reported. Waits on real models and real audio take their own, longer limits.
"""

from __future__ import annotations

UI_MS = 30_000
# A real model at work (Whisper, Vosk, llama.cpp): the second pass runs at low priority on
# purpose, so a busy machine serves it last.
MODEL_MS = 300_000
