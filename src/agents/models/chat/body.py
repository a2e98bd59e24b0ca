"""The one Chat Completions request builder: the openai client's route and litellm's share it.

Conversation, tools, the structured-output plan and the settings, each spelled for the
provider's profile (agents.models.chat.request, agents.models.chat.converter); a route adds
only what is its own (the openai client's dialect reshaping and extra_body, litellm's
api_base, drop_params and extra_body merged into its arguments).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from collections.abc import Mapping
from typing import TYPE_CHECKING
from typing import Any

from agents.items import TResponseInputItem
from agents.logger import logger
from agents.model_settings import ModelSettings
from agents.models.chat.converter import items_to_messages
from agents.models.chat.declarations import tool_params
from agents.models.chat.request import apply_output_plan
from agents.models.chat.request import handoff_to_param
from agents.models.chat.request import tool_choice_param
from agents.models.dialects.profiles import ModelProfile

if TYPE_CHECKING:
    from agents.handoffs import Handoff
    from agents.structured.plan import OutputPlan
    from agents.tool import Tool

__all__ = ["apply_request_options", "build_body"]

ReasoningExtras = Callable[[Mapping[str, Any]], Mapping[str, Any]]


def build_body(
    model: str,
    system_instructions: str | None,
    input: str | list[TResponseInputItem],
    settings: ModelSettings,
    tools: list[Tool],
    handoffs: list[Handoff[Any, Any]],
    *,
    stream: bool,
    plan: OutputPlan | None,
    profile: ModelProfile,
    reasoning_extras: ReasoningExtras | None = None,
    replay: Callable[[Mapping[str, Any]], bool] | None = None,
) -> dict[str, Any]:
    """The Chat Completions request every route sends (the openai client's body, litellm's
    keyword arguments): conversation, tools, output plan and settings in `profile`'s
    spelling. Each route adds what only it sends (client options, extra arguments)."""
    if plan is not None:
        system_instructions = plan.system_prompt(system_instructions)
    messages = items_to_messages(
        input, profile, model=model, reasoning_extras=reasoning_extras, replay=replay
    )
    if system_instructions:
        messages.insert(0, {"role": "system", "content": system_instructions})
    body: dict[str, Any] = {"model": model, "messages": messages}
    declared = tool_params(tools, profile)
    declared.extend(handoff_to_param(h, profile) for h in handoffs)
    if declared:
        body["tools"] = declared
        choice = tool_choice_param(settings.tool_choice, profile)
        if choice is not None:
            body["tool_choice"] = choice
        if settings.parallel_tool_calls is not None and profile.supports_parallel_tool_calls:
            body["parallel_tool_calls"] = settings.parallel_tool_calls
    apply_output_plan(body, plan, settings.tool_choice, profile)
    _apply_settings(body, settings, profile)
    if stream:
        body["stream"] = True
        if settings.include_usage is not False and profile.supports_stream_usage_option:
            body["stream_options"] = {"include_usage": True}
    return body


def _apply_settings(body: dict[str, Any], settings: ModelSettings, profile: ModelProfile) -> None:
    for name in ("temperature", "top_p", "frequency_penalty", "presence_penalty"):
        value = getattr(settings, name)
        if value is not None:
            body[name] = value
    if settings.max_tokens is not None:
        body[profile.max_tokens_field] = settings.max_tokens
    if settings.reasoning is not None and settings.reasoning.effort is not None:
        body["reasoning_effort"] = settings.reasoning.effort
    for name in (
        "verbosity",
        "metadata",
        "store",
        "prompt_cache_retention",
        "prompt_cache_options",
    ):
        value = getattr(settings, name)
        if value is not None:
            body[name] = value
    if settings.context_management is not None:
        _warn_context_management()
    if settings.top_logprobs is not None:
        body["logprobs"] = True
        body["top_logprobs"] = settings.top_logprobs


@functools.cache
def _warn_context_management() -> None:
    """Chat Completions has no server-side context management: say so once (cached) rather
    than let the setting look as if it took effect."""
    logger.warning(
        "ModelSettings.context_management is a Responses API parameter and is not sent on "
        "Chat Completions; use OpenAIResponsesModel (the default for OpenAI) if you need it."
    )


def apply_request_options(body: dict[str, Any], settings: ModelSettings) -> None:
    """The settings that are options of the request rather than fields of the body."""
    if settings.extra_headers:
        body["extra_headers"] = settings.extra_headers
    if settings.extra_query:
        body["extra_query"] = settings.extra_query
    if settings.timeout is not None:
        body["timeout"] = settings.timeout
