"""A provider from the settings or from the command line.

The settings name the provider (``llm_provider``: off, ollama, openai or builtin), its address
and its model (``llm_builtin_model`` for the built-in one: a catalogue key or a GGUF path). The key of an OpenAI-compatible service is read from the system keyring (or the
``INTERVIEW_SIM_OPENAI_KEY`` environment variable) through :mod:`interview_sim.api_keys`,
never from the settings file.
"""

from __future__ import annotations

from typing import Any

from interview_sim.llm.base import LLMError, Provider, Timeouts, is_loopback
from interview_sim.llm.ollama import DEFAULT_BASE_URL as OLLAMA_URL
from interview_sim.llm.ollama import Ollama
from interview_sim.llm.openai_compat import DEFAULT_BASE_URL as OPENAI_URL
from interview_sim.llm.openai_compat import OpenAICompatible, normalize_base_url

PROVIDERS = ("ollama", "openai", "builtin")
DEFAULT_URLS = {"ollama": OLLAMA_URL, "openai": OPENAI_URL}


def _api_key() -> str | None:
    from interview_sim.api_keys import get_api_key

    return get_api_key("openai")


def make_provider(
    name: str,
    base_url: str = "",
    model: str = "",
    *,
    timeouts: Timeouts | None = None,
    use_stored_key: bool = True,
) -> Provider:
    """``use_stored_key``: send the key from the keyring (or INTERVIEW_SIM_OPENAI_KEY); off for
    an address given only for one run, so the key never goes to a server it was not saved for."""
    url = base_url.strip() or DEFAULT_URLS.get(name, "")
    if name == "ollama":
        return Ollama(url, model, timeouts=timeouts)
    if name == "openai":
        return OpenAICompatible(url, model, api_key=_api_key() if use_stored_key else None, timeouts=timeouts)
    if name == "builtin":
        from interview_sim.llm.builtin import Builtin  # no xllamacpp import until it is used

        return Builtin(model, timeouts=timeouts)
    raise LLMError("not_configured")


def one_run_provider(settings: Any, base_url: str, model: str) -> Provider:
    """``--base-url``/``--model``: an OpenAI-compatible endpoint for one run, not saved. The
    stored key goes along only when the address is the one saved in the settings."""
    same = (
        settings.get("llm_provider") == "openai"
        and settings.get("llm_base_url").strip()
        and normalize_base_url(settings.get("llm_base_url")) == normalize_base_url(base_url)
    )
    return make_provider("openai", base_url, model, use_stored_key=bool(same))


def provider_from_settings(settings: Any, *, name: str | None = None) -> Provider:
    """The provider the settings choose (or ``name``, with the settings' address and model
    when they are for that provider). Raises LLMError("not_configured") when it is off."""
    chosen = name or settings.get("llm_provider")
    if chosen not in PROVIDERS:
        raise LLMError("not_configured")
    if chosen == "builtin":
        return make_provider("builtin", "", settings.get("llm_builtin_model"))
    same = chosen == settings.get("llm_provider")
    return make_provider(
        chosen,
        settings.get("llm_base_url") if same else "",
        settings.get("llm_model") if same else "",
    )


def sends_off_computer(base_url: str) -> bool:
    """A provider at another address receives the question, the references and the transcript."""
    from interview_sim.llm.builtin import BASE_URL as BUILTIN

    return base_url != BUILTIN and not is_loopback(base_url)
