"""`Agent.as_tool`: another agent, run inside a tool call, whose answer is the tool's output.

This module sits with the declarations, below the run loop: it never imports `agents.run`.
The loop hands down how to run an agent (`install_agent_runner`, called by `agents.run` as it
loads), with the options the tool was given (run config, max turns, hooks, session, ...) and
whether to stream. Streamed, each event of the nested run goes to `on_stream` through a
bounded queue, so a slow callback cannot hold the nested run's events without limit.
"""

from __future__ import annotations

import asyncio
import dataclasses
import inspect
import logging
from collections.abc import Awaitable
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING
from typing import Any
from typing import TypeAlias

from pydantic import BaseModel
from pydantic import TypeAdapter
from pydantic import ValidationError

from agents._tool_origin import ToolOrigin
from agents._tool_origin import ToolOriginType
from agents.agent_tool_input import AgentAsToolInput
from agents.agent_tool_input import StructuredToolInputBuilder
from agents.agent_tool_input import build_structured_input_schema_info
from agents.agent_tool_input import resolve_agent_tool_input
from agents.exceptions import AgentsException
from agents.exceptions import ModelBehaviorError
from agents.exceptions import UserError
from agents.run_context import NESTED_TOOL_INPUT
from agents.run_context import RunContextWrapper
from agents.strict_schema import ensure_strict_json_schema
from agents.tool import FunctionTool
from agents.tool import ToolErrorFunction
from agents.tool import parse_tool_arguments
from agents.tool_context import ToolContext

if TYPE_CHECKING:
    from agents.agent import Agent
    from agents.agent import AgentToolStreamEvent
    from agents.result import RunResult
    from agents.result import RunResultStreaming

logger = logging.getLogger("openai.agents")

AgentRunner: TypeAlias = Callable[..., Awaitable[Any]]
"""(agent, input or RunState, context, options) -> RunResult, or RunResultStreaming when
`options["streamed"]`: how an agent tool runs its agent (installed by `agents.run`)."""

_agent_runner: AgentRunner | None = None


def install_agent_runner(runner: AgentRunner) -> None:
    """Called by `agents.run` as it loads (every `import agents` loads it)."""
    global _agent_runner
    _agent_runner = runner


class AgentToolStreamOverflow(AgentsException):
    """The nested run produced events faster than `on_stream` handled them, past the limit."""


@dataclass(frozen=True)
class AgentToolSpec:
    """What `FunctionTool._agent_tool` holds for an agent tool: the agent it runs (a saved
    RunState finds agents through it)."""

    agent: Agent[Any]


@dataclass(frozen=True)
class AgentToolOptions:
    """Everything `Agent.as_tool` was given besides the names."""

    custom_output_extractor: Callable[[Any], Awaitable[str]] | None
    on_stream: Callable[[AgentToolStreamEvent], Any] | None
    run_config: Any
    max_turns: int | None
    hooks: Any
    previous_response_id: str | None
    conversation_id: str | None
    session: Any
    parameters: type[Any] | None
    input_builder: StructuredToolInputBuilder | None
    include_input_schema: bool
    on_stream_max_pending_events: int | None


def build_agent_tool(
    agent: Agent[Any],
    name: str,
    description: str,
    options: AgentToolOptions,
    *,
    is_enabled: Any,
    needs_approval: Any,
    failure_error_function: ToolErrorFunction | None,
) -> FunctionTool:
    """The FunctionTool `Agent.as_tool` returns."""
    if options.on_stream is not None and not callable(options.on_stream):
        raise UserError(
            "Agent.as_tool: on_stream must be a callable or None (pass a run config as "
            "run_config=..., not as the fifth positional argument)"
        )
    limit = options.on_stream_max_pending_events
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 1):
        raise UserError(
            f"Agent.as_tool: on_stream_max_pending_events must be a positive integer or None, "
            f"got {limit!r}"
        )
    parameters = options.parameters
    if parameters is not None and not (
        isinstance(parameters, type)
        and (dataclasses.is_dataclass(parameters) or issubclass(parameters, BaseModel))
    ):
        raise TypeError("Agent tool parameters must be a dataclass or Pydantic model type.")
    adapter: TypeAdapter[Any] = TypeAdapter(parameters or AgentAsToolInput)
    schema = ensure_strict_json_schema(adapter.json_schema())
    structured = parameters is not None or options.input_builder is not None
    schema_info = build_structured_input_schema_info(
        schema, include_json_schema=bool(options.include_input_schema and parameters)
    )

    async def run_agent(context: ToolContext[Any], raw_arguments: str) -> Any:
        try:
            data = parse_tool_arguments(name, raw_arguments)
            try:
                params = adapter.dump_python(adapter.validate_python(data), mode="json")
            except ValidationError as exc:
                raise ModelBehaviorError(f"Invalid JSON input for tool {name}: {exc}") from exc
            nested_input = await resolve_agent_tool_input(
                params=params,
                schema_info=schema_info if structured else None,
                input_builder=options.input_builder,
            )
            if not isinstance(nested_input, str | list):
                raise ModelBehaviorError(
                    f"Agent tool {name}: the input builder returned a "
                    f"{type(nested_input).__name__}; return a string or a list of input items"
                )
            token = NESTED_TOOL_INPUT.set(params if structured else None)
            try:
                return await _run_nested(agent, context, nested_input, options)
            finally:
                NESTED_TOOL_INPUT.reset(token)
        except Exception as exc:
            if failure_error_function is None:
                raise
            logger.debug("Agent tool %s failed: %s", name, exc)
            message = failure_error_function(context, exc)
            return await message if inspect.isawaitable(message) else message

    return FunctionTool(
        name=name,
        description=description,
        params_json_schema=schema,
        on_invoke_tool=run_agent,
        strict_json_schema=True,
        is_enabled=is_enabled,
        needs_approval=needs_approval,
        _agent_tool=AgentToolSpec(agent),
        _tool_origin=ToolOrigin(
            type=ToolOriginType.AGENT_AS_TOOL, agent_name=agent.name, agent_tool_name=name
        ),
    )


async def _run_nested(
    agent: Agent[Any], context: ToolContext[Any], nested_input: Any, options: AgentToolOptions
) -> Any:
    from agents._nested_runs import slot_for

    if _agent_runner is None:  # agents.run not loaded: only a partial import does this
        raise UserError("Agent.as_tool needs agents.run: import agents first")
    call_id = getattr(context, "tool_call_id", None)
    slot = slot_for(call_id) if isinstance(call_id, str) else None
    resuming = slot is not None and slot.resume is not None
    run_options: dict[str, Any] = {
        "run_config": options.run_config
        if options.run_config is not None
        else getattr(context, "run_config", None),
        "max_turns": options.max_turns,
        "hooks": options.hooks,
        "previous_response_id": None if resuming else options.previous_response_id,
        "conversation_id": None if resuming else options.conversation_id,
        "session": options.session,
        "streamed": options.on_stream is not None,
    }
    source = slot.resume if slot is not None and resuming else nested_input
    user_context = context.context if isinstance(context, RunContextWrapper) else context
    result = await _agent_runner(agent, source, user_context, run_options)
    if options.on_stream is not None:
        await _stream_to(result, options.on_stream, context, options.on_stream_max_pending_events)
    if isinstance(context, ToolContext):
        from agents.result import AgentToolInvocation

        result._agent_tool_invocation = AgentToolInvocation(
            tool_name=context.tool_name,
            tool_call_id=context.tool_call_id,
            tool_arguments=context.tool_arguments,
        )
    _keep_paused_result(context, result)
    if isinstance(context, ToolContext):
        vars(context)["_agent_run_result"] = result  # FunctionToolResult.agent_run_result
    if result.interruptions and slot is not None:
        slot.paused = result.to_state()  # the caller's run stops and keeps this
        return ""
    if options.custom_output_extractor is not None:
        return await options.custom_output_extractor(result)
    return _default_output(result)


def _default_output(result: RunResult | RunResultStreaming) -> Any:
    """The final output; an empty one falls back to the last text the nested run produced,
    unless output guardrails checked it (they checked the output, not the items)."""
    output = result.final_output
    if output is not None and output != "":
        return output
    if result.output_guardrail_results:
        return output
    from agents.items import ItemHelpers
    from agents.items import MessageOutputItem
    from agents.items import ToolCallOutputItem

    for item in reversed(result.new_items):
        if isinstance(item, MessageOutputItem):
            text = ItemHelpers.text_message_output(item)
            if text:
                return text
        if isinstance(item, ToolCallOutputItem) and isinstance(item.output, str) and item.output:
            return item.output
    return output


async def _stream_to(
    result: RunResultStreaming,
    on_stream: Callable[[AgentToolStreamEvent], Any],
    context: Any,
    limit: int | None,
) -> None:
    """Reads the nested run's events and hands each to `on_stream` in a second task, through
    a queue of at most `limit` waiting events; a full queue ends the nested run."""
    from agents.stream_events import AgentUpdatedStreamEvent

    queue: asyncio.Queue[AgentToolStreamEvent | None] = asyncio.Queue()

    async def dispatch() -> None:
        while (payload := await queue.get()) is not None:
            try:
                handled = on_stream(payload)
                if inspect.isawaitable(handled):
                    await handled
            except Exception:
                # A callback's failure is the callback's: the nested run carries on.
                logger.exception("An Agent.as_tool on_stream callback failed")

    consumer = asyncio.ensure_future(dispatch())
    current = result.current_agent
    tool_call = getattr(context, "tool_call", None)
    events = result.stream_events()
    try:
        async for event in events:
            if isinstance(event, AgentUpdatedStreamEvent):
                current = event.new_agent
            if limit is not None and queue.qsize() >= limit:
                await asyncio.sleep(0)  # let a ready callback catch up first
                if queue.qsize() >= limit:
                    raise AgentToolStreamOverflow(
                        f"Agent tool on_stream backlog exceeded on_stream_max_pending_events="
                        f"{limit}: use a faster handler, a higher limit, or None"
                    )
            queue.put_nowait({"event": event, "agent": current, "tool_call": tool_call})
    except BaseException:
        result.cancel()
        consumer.cancel()
        await asyncio.gather(consumer, return_exceptions=True)
        await events.aclose()  # type: ignore[attr-defined]
        raise
    queue.put_nowait(None)
    await consumer


def _keep_paused_result(context: Any, result: Any) -> None:
    """Record a paused nested result under the outer call (agents.agent_tool_state), and
    forget it once a resumed nested run gets past its approvals."""
    from agents.agent_tool_state import drop_agent_tool_run_result
    from agents.agent_tool_state import get_agent_tool_state_scope
    from agents.agent_tool_state import record_agent_tool_run_result

    call = getattr(context, "tool_call", None)
    if not isinstance(context, ToolContext) or call is None:
        return
    scope = get_agent_tool_state_scope(context)
    if result.interruptions:
        record_agent_tool_run_result(call, result, scope_id=scope)
    else:
        drop_agent_tool_run_result(call, scope_id=scope)
