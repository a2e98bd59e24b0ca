"""The process-wide `set_default_*` calls of the package root.

They live apart from `agents/__init__.py` (which only re-exports) because each one touches two
places at once: the model defaults in `agents.models._openai_shared` and the tracing key in
`agents.tracing.config`, where a key given for another provider must never reach OpenAI.
"""

from typing import Any
from typing import Literal

from openai import AsyncOpenAI

from agents.exceptions import UserError
from agents.models import _openai_shared
from agents.models.openai_agent_registration import OpenAIAgentRegistrationConfig
from agents.models.openai_agent_registration import set_default_openai_agent_registration_config
from agents.models.openai_provider import is_openai_base_url
from agents.tracing import config as tracing_config


def set_default_openai_key(key: str, use_for_tracing: bool = True) -> None:
    """The OpenAI key for models named by string when no client is given.

    With `use_for_tracing`, the key also uploads traces to OpenAI, but only traces whose model
    calls all went to OpenAI's own API (docs/tracing.md).
    """
    _openai_shared.set_default_openai_key(key)
    if use_for_tracing:
        tracing_config.set_openai_platform_key(key)


def set_default_openai_client(client: AsyncOpenAI, use_for_tracing: bool = True) -> None:
    """The client for every model named by string (`Agent(model="gemini-2.5-flash")`).

    The client may point at any OpenAI-compatible provider; its key is used for that provider
    only. `use_for_tracing` lets the key upload traces only when the client is OpenAI's own
    (api.openai.com), and then only traces of runs entirely on OpenAI: a Gemini or Groq key
    is never sent to OpenAI.
    """
    _openai_shared.set_default_openai_client(client)
    key = getattr(client, "api_key", None)
    if use_for_tracing and isinstance(key, str) and is_openai_base_url(str(client.base_url)):
        tracing_config.set_openai_platform_key(key)


def set_default_openai_agent_registration(
    config: OpenAIAgentRegistrationConfig | dict[str, Any] | None,
) -> None:
    """The agent harness id every run reports in its trace metadata (`agent_harness_id`)
    unless its model provider names one; None falls back to `OPENAI_AGENT_HARNESS_ID`."""
    set_default_openai_agent_registration_config(config)


def set_default_openai_harness(harness_id: str | None) -> None:
    """`set_default_openai_agent_registration` with just the harness id (None clears it)."""
    set_default_openai_agent_registration(
        None if harness_id is None else OpenAIAgentRegistrationConfig(harness_id=harness_id)
    )


def set_default_openai_api(api: Literal["chat_completions", "responses"]) -> None:
    """Which OpenAI API models named by string use. Without a call, the SDK picks per endpoint."""
    if api not in ("chat_completions", "responses"):
        raise UserError(
            f"set_default_openai_api takes 'chat_completions' or 'responses', not {api!r}"
        )
    _openai_shared.set_default_openai_api(api)
