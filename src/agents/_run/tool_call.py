"""One function tool call: input guardrails, the call within its time limit, output guardrails.

Kept apart from the turn's bookkeeping (turn.py) so the rules of a single call read in one
place: a guardrail's `reject_content` replaces the output the model sees, `raise_exception`
ends the run; a timeout is the model's to handle unless the tool says to raise.
"""

from __future__ import annotations

import asyncio
import inspect
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from openai.types.responses import ResponseFunctionToolCall

from agents.exceptions import (
    ToolInputGuardrailTripwireTriggered,
    ToolOutputGuardrailTripwireTriggered,
    ToolTimeoutError,
)
from agents.tool import FunctionTool, default_tool_timeout_error_message
from agents.tool_context import ToolContext

if TYPE_CHECKING:
    from agents.agent import Agent
    from agents.tool_guardrails import (
        ToolGuardrailFunctionOutput,
        ToolInputGuardrailResult,
        ToolOutputGuardrailResult,
    )


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
    from agents.tool_guardrails import (
        ToolInputGuardrailData,
        ToolInputGuardrailResult,
        ToolOutputGuardrailData,
        ToolOutputGuardrailResult,
    )

    for guardrail in tool.tool_input_guardrails or []:
        decision = await guardrail.run(ToolInputGuardrailData(context=context, agent=agent))
        log.inputs.append(ToolInputGuardrailResult(guardrail=guardrail, output=decision))
        if decision.behavior["type"] == "raise_exception":
            raise ToolInputGuardrailTripwireTriggered(guardrail, decision)
        rejected = _rejection(decision)
        if rejected is not None:
            return rejected
    output = await _invoke_within_limit(tool, context, call.arguments)
    for out_guardrail in tool.tool_output_guardrails or []:
        decision = await out_guardrail.run(
            ToolOutputGuardrailData(context=context, agent=agent, output=output)
        )
        log.outputs.append(ToolOutputGuardrailResult(guardrail=out_guardrail, output=decision))
        if decision.behavior["type"] == "raise_exception":
            raise ToolOutputGuardrailTripwireTriggered(out_guardrail, decision)
        rejected = _rejection(decision)
        if rejected is not None:
            return rejected
    return output


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
        return await message if inspect.isawaitable(message) else message
