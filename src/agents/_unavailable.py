"""Parts of the openai-agents API that freeagents does not implement yet.

Importing one raises `FeatureNotImplementedError` (an ImportError) whose message names the
feature and what to use meanwhile, instead of a bare "No module named ..." that reads like a
broken install.
"""

from __future__ import annotations

from typing import Any

from agents.exceptions import FeatureNotImplementedError

__all__ = ["UNAVAILABLE_NAMES", "refuse", "refuse_websocket_transport", "unavailable"]

_FEATURES: dict[str, tuple[str, str]] = {
    "sandbox": (
        "Sandbox agents (agents.sandbox, SandboxAgent, hosted sandboxes)",
        "run commands and edit files on this machine with ShellTool(executor=...) and "
        "ApplyPatchTool(editor=...), which work on every provider",
    ),
    "realtime": (
        "Realtime agents (agents.realtime)",
        "use the openai package's realtime client directly",
    ),
    "voice": (
        "Voice pipelines (agents.voice)",
        "transcribe and synthesise with the openai package's audio API around Runner.run",
    ),
    "websocket": (
        "The Responses API websocket transport (OpenAIResponsesWSModel, "
        "responses_websocket_session)",
        "use OpenAIResponsesModel over HTTP (the default transport)",
    ),
    "codex": (
        "The experimental Codex extension (agents.extensions.experimental)",
        "run the codex CLI from a function tool",
    ),
    "any_llm": (
        "The any-llm model adapter (agents.extensions.models.any_llm_*)",
        "use LitellmModel (agents.extensions.models.litellm_model) or a provider prefix "
        "such as Agent(model='groq/llama-3.3-70b-versatile')",
    ),
}

_MODULE_FEATURES = {
    "agents.sandbox": "sandbox",
    "agents.extensions.sandbox": "sandbox",
    "agents.testing.sandbox": "sandbox",
    "agents.realtime": "realtime",
    "agents.voice": "voice",
    "agents.responses_websocket_session": "websocket",
    "agents.extensions.experimental": "codex",
    "agents.extensions.models.any_llm_model": "any_llm",
    "agents.extensions.models.any_llm_provider": "any_llm",
}

UNAVAILABLE_NAMES: dict[str, str] = {
    "OpenAIResponsesWSModel": "websocket",
    "OpenAIResponsesWebSocketOptions": "websocket",
    "ResponsesWebSocketSession": "websocket",
    "responses_websocket_session": "websocket",
    "set_default_openai_responses_transport": "websocket",
}
"""Top-level `agents` names that raise on access (see `agents.__getattr__`)."""


def unavailable(feature: str, what: str) -> FeatureNotImplementedError:
    title, meanwhile = _FEATURES[feature]
    return FeatureNotImplementedError(
        f"{what}: {title} is part of the openai-agents API that freeagents does not implement "
        f"yet. Meanwhile, {meanwhile}."
    )


def refuse(module_name: str) -> None:
    """Called at the top of a placeholder module: its import fails with the explanation."""
    feature = next(
        key
        for prefix, key in _MODULE_FEATURES.items()
        if module_name == prefix or module_name.startswith(prefix + ".")
    )
    raise unavailable(feature, f"import {module_name}")


def refuse_websocket_transport(where: str, **given: Any) -> None:
    """A provider's websocket-transport arguments, refused when one asks for the transport:
    accepting them silently would send the run over HTTP while the caller expects a socket.
    False or None (the reference's defaults) are accepted."""
    asked = [name for name, value in given.items() if value not in (None, False)]
    if asked:
        raise unavailable("websocket", f"{where}({', '.join(f'{n}=...' for n in asked)})")
