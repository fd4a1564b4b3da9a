"""Language-model providers for the AI interviewer, behind one small interface (issue 13).

Device-like modules: no Qt, no storage. :mod:`.base` holds the interface, the errors and the
cancellation token; :mod:`.openai_compat` and :mod:`.ollama` the two real implementations;
:mod:`.config` builds a provider from the settings or the command line.
"""

from interview_sim.llm.base import (
    CancelToken,
    ChatMessage,
    LLMError,
    Provider,
    ProviderStatus,
    StreamStats,
)

__all__ = ["CancelToken", "ChatMessage", "LLMError", "Provider", "ProviderStatus", "StreamStats"]
