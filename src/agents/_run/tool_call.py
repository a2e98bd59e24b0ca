"""One function tool call: input guardrails, the call within its time limit, output guardrails.

Kept apart from the turn's bookkeeping (turn.py) so the rules of a single call read in one
place: a guardrail's `reject_content` replaces the output the model sees, `raise_exception`
ends the run; a timeout is the model's to handle unless the tool says to raise.
"""

from __future__ import annotations

import asyncio
import copy
import inspect
import json
import logging
from collections.abc import Awaitable
from collections.abc import Callable
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field
from typing import TYPE_CHECKING
from typing import Any
from typing import Literal

from openai.types.responses import ResponseFunctionToolCall

from agents.exceptions import ModelBehaviorError
from agents.exceptions import ToolInputGuardrailTripwireTriggered
from agents.exceptions import ToolOutputGuardrailTripwireTriggered
from agents.exceptions import ToolTimeoutError
from agents.exceptions import UserError
from agents.handoffs import Handoff
from agents.run_config import RunConfig
from agents.run_config import ToolErrorFormatterArgs
from agents.run_context import RunContextWrapper
from agents.tool import FunctionTool
from agents.tool import Tool
from agents.tool import default_tool_timeout_error_message
from agents.tool_context import ToolContext
from agents.util._await import maybe_await

if TYPE_CHECKING:
    from agents.agent import Agent
    from agents.tool_guardrails import ToolGuardrailFunctionOutput
    from agents.tool_guardrails import ToolInputGuardrailResult
    from agents.tool_guardrails import ToolOutputGuardrailResult


logger = logging.getLogger("openai.agents")


@dataclass
class GuardrailLog:
    """The tool guardrail results of a run, in the order the guardrails ran."""

    inputs: list[ToolInputGuardrailResult] = field(default_factory=list)
    outputs: list[ToolOutputGuardrailResult] = field(default_factory=list)


def _rejection(decision: ToolGuardrailFunctionOutput) -> str | None:
    behavior = decision.behavior
    if behavior["type"] == "reject_content":
        return str(behavior.get("message", ""))
    return None


async def call_function_tool(
    agent: Agent[Any],
    tool: FunctionTool,
    call: ResponseFunctionToolCall,
    context: ToolContext[Any],
    log: GuardrailLog,
) -> Any:
    """The tool's output for this call, or the message a guardrail put in its place."""
    if not (tool.tool_input_guardrails or tool.tool_output_guardrails):
        return await _invoke_within_limit(tool, context, call.arguments)
    from agents.tool_guardrails import ToolInputGuardrailData
    from agents.tool_guardrails import ToolInputGuardrailResult
    from agents.tool_guardrails import ToolOutputGuardrailData
    from agents.tool_guardrails import ToolOutputGuardrailResult

    rejected = await _guarded(
        tool.tool_input_guardrails,
        ToolInputGuardrailData(context=context, agent=agent),
        ToolInputGuardrailResult,
        ToolInputGuardrailTripwireTriggered,
        log.inputs,
    )
    if rejected is not None:
        return rejected
    output = await _invoke_within_limit(tool, context, call.arguments)
    rejected = await _guarded(
        tool.tool_output_guardrails,
        ToolOutputGuardrailData(context=context, agent=agent, output=output),
        ToolOutputGuardrailResult,
        ToolOutputGuardrailTripwireTriggered,
        log.outputs,
    )
    return output if rejected is None else rejected


async def _guarded(
    guardrails: list[Any] | None,
    data: Any,
    result_type: Callable[..., Any],
    tripwire: Callable[[Any, ToolGuardrailFunctionOutput], Exception],
    results: list[Any],
) -> str | None:
    """Runs one side's guardrails in order, each result logged: the first that raises ends
    the run (`tripwire`), the first that rejects gives the message the model reads."""
    for guardrail in guardrails or []:
        decision = await guardrail.run(data)
        results.append(result_type(guardrail=guardrail, output=decision))
        if decision.behavior["type"] == "raise_exception":
            raise tripwire(guardrail, decision)
        rejected = _rejection(decision)
        if rejected is not None:
            return rejected
    return None


async def _invoke_within_limit(tool: FunctionTool, context: ToolContext[Any], raw: str) -> Any:
    limit = tool.timeout_seconds
    if limit is None:
        return await tool.on_invoke_tool(context, raw)
    try:
        return await asyncio.wait_for(tool.on_invoke_tool(context, raw), timeout=limit)
    except asyncio.TimeoutError as exc:
        error = ToolTimeoutError(tool_name=tool.name, timeout_seconds=limit)
        if tool.timeout_behavior == "raise_exception":
            raise error from exc
        if tool.timeout_error_function is None:
            return default_tool_timeout_error_message(tool_name=tool.name, timeout_seconds=limit)
        message = tool.timeout_error_function(context, error)
        return await maybe_await(message)


def missing_tool_handler(config: RunConfig) -> Callable[..., Awaitable[str]]:
    """What a call to a tool that does not exist gets (RunConfig.tool_not_found_behavior and
    tool_error_formatter): an error for the run, or the message the model reads."""

    async def handle(
        agent: Agent[Any], call: Any, default: str, context: RunContextWrapper[Any]
    ) -> str:
        if config.tool_not_found_behavior == "raise_error":
            raise ModelBehaviorError(f"Tool {call.name} not found in agent {agent.name}")
        message = await formatted_tool_error(
            config, context, "tool_not_found", "function", call.name, call.call_id, default
        )
        return default if message is None else str(message)

    return handle


async def formatted_tool_error(
    config: RunConfig,
    context: RunContextWrapper[Any],
    kind: Literal["approval_rejected", "tool_not_found", "tool_exception"],
    tool_type: Literal["function", "computer", "shell", "apply_patch", "custom"],
    tool_name: str,
    call_id: str,
    default: str,
) -> Any:
    """What the run's `tool_error_formatter` says about a failed call (None without one); the
    caller keeps its default when the answer is not usable text."""
    formatter = config.tool_error_formatter
    if formatter is None:
        return None
    return await maybe_await(
        formatter(
            ToolErrorFormatterArgs(
                kind=kind,
                tool_type=tool_type,
                tool_name=tool_name,
                call_id=call_id,
                default_message=default,
                run_context=context,
            )
        )
    )


def check_tool_names(
    agent: Agent[Any], tools: list[Tool], handoffs: list[Handoff[Any, Any]], policy: str
) -> None:
    """Two tools (or a tool and a handoff) with one name: the model cannot tell them apart
    (RunConfig.tool_name_collision_policy: a warning, or a UserError)."""
    names = [tool.name for tool in tools]
    names.extend(h.tool_name for h in handoffs)
    if len(set(names)) == len(names):  # every turn checks; only a clash pays for the count
        return
    repeated = sorted({name for name in names if names.count(name) > 1})
    message = (
        f"Agent {agent.name!r} has more than one tool named {', '.join(map(repr, repeated))}; "
        "the model cannot tell them apart. Rename one (name_override=...)."
    )
    if policy == "error":
        raise UserError(message)
    logger.warning(message)


async def extract_custom_data(
    tool: FunctionTool, context: ToolContext[Any], output: Any, raw_item: Any
) -> dict[str, Any] | None:
    """The tool's `custom_data_extractor` answer, checked: JSON data with string keys, kept
    as a copy (the application may change what it returned)."""
    from agents.tool import FunctionToolCustomDataContext

    assert tool.custom_data_extractor is not None
    found = tool.custom_data_extractor(
        FunctionToolCustomDataContext(
            tool_context=context, tool=tool, output=output, raw_item=copy.deepcopy(raw_item)
        )
    )
    return await checked_custom_data(tool.name, found)


async def checked_custom_data(tool_name: str, found: Any) -> dict[str, Any] | None:
    """A `custom_data_extractor`'s answer (awaited when async), checked: JSON data with
    string keys, kept as a copy (the application may change what it returned)."""
    if inspect.isawaitable(found):
        found = await found
    if found is None:
        return None
    if not isinstance(found, Mapping) or not all(isinstance(key, str) for key in found):
        raise UserError(
            f"Tool {tool_name!r}: custom_data_extractor must return a mapping with string keys "
            f"or None, got {type(found).__name__}"
        )
    try:
        kept: dict[str, Any] = json.loads(json.dumps(dict(found), allow_nan=False))
    except (TypeError, ValueError) as exc:
        raise UserError(
            f"Tool {tool_name!r}: custom_data_extractor must return JSON data ({exc})"
        ) from None
    return kept or None
