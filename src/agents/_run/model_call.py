"""One model call of a turn: which model, the hooks around it, and a streamed answer
collected into the same `ModelResponse` a plain call returns."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from openai.types.responses import Response
from openai.types.responses import ResponseCompletedEvent
from openai.types.responses import ResponseIncompleteEvent
from openai.types.responses import ResponseReasoningSummaryTextDeltaEvent
from openai.types.responses import ResponseTextDeltaEvent

from agents._run.durable import durable_run_config_model
from agents._run.lifetime import closing_stream
from agents._run.server_conversation import ServerConversation
from agents.agent import Agent
from agents.exceptions import ModelBehaviorError
from agents.handoffs import Handoff
from agents.items import ModelResponse
from agents.items import TResponseInputItem
from agents.lifecycle import RunHooks
from agents.lifecycle import overrides
from agents.model_settings import ModelSettings
from agents.models.fake_id import FAKE_RESPONSES_ID
from agents.models.interface import Model
from agents.models.interface import ModelTracing
from agents.models.reliability.fallback import FallbackModel
from agents.models.wire.truncation import mark_truncated
from agents.models.wire.usage import from_response_usage
from agents.prompts import PromptUtil
from agents.result import RawSink
from agents.run_config import RunConfig
from agents.run_context import RunContextWrapper
from agents.stream_events import RawResponsesStreamEvent
from agents.stream_events import StreamEvent
from agents.tool import Tool
from agents.usage import provider_usage
from agents.usage import raw_usage_snapshot

__all__ = ["ModelCall", "call_model", "resolve_model"]


def resolve_model(agent: Agent[Any], run_config: RunConfig) -> Model:
    """RunConfig.model wins over the agent's; names go through the run's provider, and
    `RunConfig.fallback_models` stand behind whichever model that is."""
    chosen = run_config.model if run_config.model is not None else agent.model
    provider = run_config.model_provider
    model = chosen if isinstance(chosen, Model) else provider.get_model(chosen)
    if model is run_config.model:
        model = durable_run_config_model(model, provider)
    if isinstance(model, FallbackModel):
        model = model.bind(provider)
    if run_config.fallback_models:
        return FallbackModel(model, *run_config.fallback_models, provider=provider)
    return model


@dataclass
class ModelCall:
    """Everything one call sends, gathered so the call reads as one value."""

    agent: Agent[Any]
    model: Model
    system_prompt: str | None
    input: list[TResponseInputItem]
    tools: list[Tool]
    handoffs: list[Handoff[Any, Any]]
    settings: ModelSettings
    tracing: ModelTracing
    server: ServerConversation | None
    prompt: Any | None = None
    """The agent's stored prompt, resolved for this call (a prompt function is called)."""


async def call_model(
    call: ModelCall,
    context: RunContextWrapper[Any],
    hooks: RunHooks[Any],
    emit: Callable[[StreamEvent], None] | None,
    emit_raw: RawSink | None = None,
) -> ModelResponse:
    """The call with its hooks; the model records its own span (generation or response, as
    its route does, like the reference's models)."""
    agent = call.agent
    if agent.prompt is not None:
        call.prompt = await PromptUtil.to_model_input(agent.prompt, context, agent)
    if overrides(hooks, "on_llm_start"):
        await hooks.on_llm_start(context, agent, call.system_prompt, call.input)
    if agent.hooks:
        await agent.hooks.on_llm_start(context, agent, call.system_prompt, call.input)
    if emit is None:
        args, kwargs = _arguments(call)
        response = await call.model.get_response(*args, **kwargs)
    else:
        response = await _stream_response(call, emit, emit_raw)
    if overrides(hooks, "on_llm_end"):
        await hooks.on_llm_end(context, agent, response)
    if agent.hooks:
        await agent.hooks.on_llm_end(context, agent, response)
    return response


def _arguments(call: ModelCall) -> tuple[tuple[Any, ...], dict[str, Any]]:
    """The seam's arguments, positional and keyword, the same for both calls."""
    server = call.server
    args = (
        call.system_prompt,
        call.input,
        call.settings,
        call.tools,
        call.agent.output_schema(),
        call.handoffs,
        call.tracing,
    )
    kwargs = {
        "previous_response_id": server.previous_response_id if server else None,
        "conversation_id": server.conversation_id if server else None,
        "prompt": call.prompt,
    }
    return args, kwargs


_DELTAS = frozenset({ResponseTextDeltaEvent, ResponseReasoningSummaryTextDeltaEvent})
"""The event types of most chunks, known not to be final: a pydantic `isinstance` costs
about as much as passing the event on."""


async def _stream_response(
    call: ModelCall, emit: Callable[[StreamEvent], None], emit_raw: RawSink | None
) -> ModelResponse:
    """Every event passed on as it comes; the completed response becomes the turn's answer.

    The first event goes through `emit`, which brings the streamed result up to date (its
    turn, agent and items, none of which change during one model call); the others through
    `emit_raw`, when given, which only queues them.
    """
    final: Response | None = None
    args, kwargs = _arguments(call)
    stream = call.model.stream_response(*args, **kwargs)
    first = True
    if emit_raw is not None:
        append, waiting, wake = emit_raw.append, emit_raw.waiting, emit_raw.wake
    async with closing_stream(stream):  # closed now, not when collected
        async for event in stream:
            if type(event) not in _DELTAS and isinstance(
                event, ResponseCompletedEvent | ResponseIncompleteEvent
            ):
                final = event.response
            if first or emit_raw is None:
                first = False
                emit(RawResponsesStreamEvent(event))
            else:
                append(event)
                if waiting:
                    wake()
    if final is None:
        raise ModelBehaviorError(
            f"The stream from model {call.model!r} ended without a completed response"
        )
    output = list(final.output)
    if final.status == "incomplete":
        details = final.incomplete_details
        output = mark_truncated(output, details.reason if details else None)
    return ModelResponse(
        output=output,
        usage=from_response_usage(final.usage),
        response_id=final.id if final.id != FAKE_RESPONSES_ID else None,
        raw_usage=_raw_usage(final) if call.settings.preserve_raw_usage is True else None,
    )


def _raw_usage(final: Response) -> dict[str, Any] | None:
    """The provider's own usage of a streamed answer: a Chat Completions converter keeps
    the chunk's on its final response (its `usage` is converted); a Responses stream's
    usage is the provider's own."""
    found, usage = provider_usage(final)
    if found:
        return raw_usage_snapshot(usage)
    return raw_usage_snapshot(final.usage) if final.id != FAKE_RESPONSES_ID else None
