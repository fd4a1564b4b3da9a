"""``providers --builtin-models`` and ``providers --download NAME``: the built-in AI interviewer's
models from the command line, as the settings window offers them.

The store and its download are the GUI's (:class:`interview_sim.llm.models.ModelStore`, which
uses :mod:`interview_sim.devices.downloads`): the same consent (size and licence), the same size,
SHA-256 and GGUF header checks, the same ``.part`` file removed on any failure. Here consent is a
question on the terminal (or ``--yes``), progress goes to stderr, and Ctrl+C cancels.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from interview_sim.cli import UserError, terminal


def _store() -> Any:
    from interview_sim.llm.models import ModelStore

    return ModelStore()


def run_list(output_format: str) -> int:
    """The catalogue: each model's size, licence and whether it is in the store."""
    from interview_sim import paths
    from interview_sim.core.settings import Settings

    store = _store()
    chosen = Settings.load(paths.settings_path()).get("llm_builtin_model")
    rows = []
    for model in store.catalogue.values():
        problem = store.problem(model.key)
        rows.append(
            {
                "key": model.key,
                "name": model.name,
                "size_mb": model.size_mb,
                "licence": model.licence,
                "licence_url": model.licence_url,
                "recommended": model.recommended,
                "pinned": model.pinned,
                "installed": problem is None,
                "state": problem or "installed",
                "chosen": model.key == chosen,
                "path": str(store.path(model.key)),
            }
        )
    if output_format == "json":
        print(json.dumps({"folder": str(store.root), "models": rows}, ensure_ascii=False, indent=2))
        return 0
    for row in rows:
        marks = ("*" if row["chosen"] else " ") + ("+" if row["recommended"] else " ")
        print(f"{marks} {row['key']:<30} {row['size_mb']:>6} MB  {row['state']:<15} {row['name']}")
        print(f"    licence: {row['licence']} ({row['licence_url']})")
    print(f"* the model in the settings; + recommended. Folder: {store.root}")
    print("Download one with `interview-sim providers --download KEY`.")
    return 0


class _TerminalDownload:
    """Consent on the terminal (or given by --yes), progress on stderr."""

    def __init__(self, model: Any, agreed: bool) -> None:
        self.model = model
        self.agreed = agreed
        self.asked = False
        self.progress = terminal.DownloadProgress()

    def consent(self, name: str, total: int) -> bool:
        self.asked = True
        licence = f"licence {self.model.licence}: {self.model.licence_url}"
        if self.agreed:
            terminal.say(f"downloading {name} ({total / 1e6:.0f} MB, {licence}); Ctrl+C cancels")
            return True
        sys.stderr.write(f"Download {name} ({total / 1e6:.0f} MB, {licence})? [y/N] ")
        sys.stderr.flush()
        answer = sys.stdin.readline()
        if not answer:  # no terminal to ask (stdin closed or empty): never a silent yes
            sys.stderr.write("\n")
            raise UserError(f"no answer on stdin; add --yes to agree to download {name}")
        if answer.strip().lower() not in ("y", "yes"):
            return False
        terminal.say("downloading; Ctrl+C cancels")
        return True


def run_download(key: str, agreed: bool) -> int:
    from interview_sim.devices.downloads import DownloadCallbacks, DownloadCancelled
    from interview_sim.llm.base import LLMError

    store = _store()
    model = store.catalogue.get(key)
    if model is None:
        known = ", ".join(store.catalogue)
        raise UserError(f"no built-in model {key!r}; the catalogue has: {known} (see --builtin-models)")
    if store.is_installed(key):
        print(f"{model.name} is already downloaded: {store.path(key)}")
        return 0
    asking = _TerminalDownload(model, agreed)
    callbacks = DownloadCallbacks(consent=asking.consent, progress=asking.progress)
    try:
        path = store.download(key, callbacks)
    except DownloadCancelled:
        terminal.say(f"{model.name} was not downloaded; nothing was installed")
        return 1
    except KeyboardInterrupt:
        # The store's download removes its .part file on the way out (devices/downloads.py).
        terminal.say(f"download of {model.name} cancelled; nothing was installed")
        return 130
    except LLMError as exc:
        raise UserError(exc.message("en")) from exc
    except OSError as exc:  # the models folder cannot be written
        raise UserError(f"{model.name} could not be saved in {store.root}: {exc}") from exc
    print(f"downloaded and checked {model.name}: {path}")
    return 0
