"""One turn's bookkeeping: sort the model's output into items, run tools, decide what's next."""

from __future__ import annotations

import asyncio
import inspect
import json
import logging
from collections.abc import Awaitable
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field
from typing import TYPE_CHECKING
from typing import Any

from openai.types.responses import ResponseCompactionItem
from openai.types.responses import ResponseFunctionToolCall
from openai.types.responses import ResponseOutputMessage
from openai.types.responses import ResponseOutputRefusal
from openai.types.responses import ResponseReasoningItem
from openai.types.responses import ResponseToolSearchCall
from openai.types.responses import ResponseToolSearchOutputItem
from openai.types.responses.response_output_item import McpApprovalRequest
from openai.types.responses.response_output_item import McpListTools

from agents._run.local_calls import LOCAL_CALL_TYPES
from agents._run.local_calls import LocalRun
from agents._run.local_calls import hosted_shell_output
from agents._run.local_calls import match_local_call
from agents._run.tool_call import GuardrailLog
from agents._run.tool_call import call_function_tool
from agents._run.tool_call import extract_custom_data
from agents._run.tool_search import tool_search_item
from agents._tool_output import tool_call_output
from agents.agent import ToolsToFinalOutputResult
from agents.agent_output import AgentOutputSchemaBase
from agents.exceptions import ModelBehaviorError
from agents.exceptions import ModelRefusalError
from agents.exceptions import OutputTruncatedError
from agents.exceptions import UserError
from agents.handoffs import Handoff
from agents.hosted_tools import HOSTED_CALL_TYPES
from agents.hosted_tools import HostedMCPTool
from agents.hosted_tools import mcp_tool_for
from agents.items import CompactionItem
from agents.items import HandoffCallItem
from agents.items import HandoffOutputItem
from agents.items import ItemHelpers
from agents.items import MCPApprovalRequestItem
from agents.items import MCPListToolsItem
from agents.items import MessageOutputItem
from agents.items import ModelResponse
from agents.items import ReasoningItem
from agents.items import RunItem
from agents.items import ToolCallItem
from agents.items import ToolCallOutputItem
from agents.lifecycle import RunHooks
from agents.models.interface import Model
from agents.models.interface import ModelTracing
from agents.models.wire.truncation import is_truncated
from agents.run_context import RunContextWrapper
from agents.structured.validate import validate_output
from agents.tool import FunctionTool
from agents.tool import FunctionToolResult
from agents.tool import Tool
from agents.tool import get_function_tool_origin
from agents.tool import tool_output_to_text
from agents.tool_context import ToolContext
from agents.tracing import function_span

if TYPE_CHECKING:
    from agents.agent import Agent
    from agents.run_config import RunConfig

logger = logging.getLogger("openai.agents")


ToolNotFound = Callable[
    [Any, ResponseFunctionToolCall, str, RunContextWrapper[Any]], Awaitable[str]
]
"""Decides what happens when the model calls a tool that does not exist: returns the text
the model sees, or raises (RunConfig.tool_not_found_behavior)."""


@dataclass
class ToolRun:
    call: ResponseFunctionToolCall
    tool: FunctionTool | None
    """None when the model named a tool that does not exist."""


@dataclass
class HandoffRun:
    call: ResponseFunctionToolCall
    handoff: Handoff[Any, Any]


@dataclass
class McpApprovalRun:
    request: McpApprovalRequest
    tool: HostedMCPTool


@dataclass
class ProcessedResponse:
    new_items: list[RunItem] = field(default_factory=list)
    tool_runs: list[ToolRun] = field(default_factory=list)
    handoffs: list[HandoffRun] = field(default_factory=list)
    mcp_approvals: list[McpApprovalRun] = field(default_factory=list)
    local_runs: list[LocalRun] = field(default_factory=list)
    """Calls of local tools in the Responses API's own items (shell_call, computer_call...)."""

    @property
    def has_actions(self) -> bool:
        return bool(self.tool_runs or self.handoffs or self.local_runs)


def process_response(
    agent: Agent[Any],
    response: ModelResponse,
    tools: list[Tool],
    handoffs: list[Handoff[Any, Any]],
) -> ProcessedResponse:
    """Sort the model's output items; tool calls are matched to tools by name here."""
    tools_by_name: dict[str, FunctionTool] | None = None  # made at the first call
    handoffs_by_name = {h.tool_name: h for h in handoffs}
    processed = ProcessedResponse()
    for output in response.output:
        if isinstance(output, ResponseOutputMessage):
            processed.new_items.append(MessageOutputItem(agent=agent, raw_item=output))
        elif isinstance(output, ResponseReasoningItem):
            processed.new_items.append(ReasoningItem(agent=agent, raw_item=output))
        elif isinstance(output, ResponseFunctionToolCall):
            if output.name in handoffs_by_name:
                processed.new_items.append(HandoffCallItem(agent=agent, raw_item=output))
                processed.handoffs.append(HandoffRun(output, handoffs_by_name[output.name]))
            else:
                if tools_by_name is None:
                    tools_by_name = {t.name: t for t in tools if isinstance(t, FunctionTool)}
                tool = tools_by_name.get(output.name)
                processed.new_items.append(
                    ToolCallItem(agent=agent, raw_item=output)
                    if tool is None
                    else ToolCallItem(
                        agent=agent,
                        raw_item=output,
                        description=tool.description,
                        title=tool._mcp_title,
                        tool_origin=get_function_tool_origin(tool),
                    )
                )
                processed.tool_runs.append(ToolRun(output, tool))
        elif isinstance(output, ResponseToolSearchCall | ResponseToolSearchOutputItem):
            processed.new_items.append(tool_search_item(agent, output))
        elif isinstance(output, McpApprovalRequest):
            processed.new_items.append(MCPApprovalRequestItem(agent=agent, raw_item=output))
            processed.mcp_approvals.append(McpApprovalRun(output, mcp_tool_for(tools, output)))
        elif isinstance(output, McpListTools):
            processed.new_items.append(MCPListToolsItem(agent=agent, raw_item=output))
        elif isinstance(output, ResponseCompactionItem):
            raw = output.model_dump(exclude_unset=True, mode="json")
            raw.pop("created_by", None)
            processed.new_items.append(CompactionItem(agent=agent, raw_item=raw))
        elif getattr(output, "type", None) in LOCAL_CALL_TYPES:
            processed.new_items.append(ToolCallItem(agent=agent, raw_item=output))
            local_run = match_local_call(output, tools)
            if not getattr(local_run.tool, "hosted", False):  # a hosted shell ran on OpenAI
                processed.local_runs.append(local_run)
        elif getattr(output, "type", None) == "shell_call_output":
            processed.new_items.append(hosted_shell_output(agent, output))
        elif getattr(output, "type", None) in HOSTED_CALL_TYPES:
            # Hosted tools ran server-side; their calls stay in the conversation as they are.
            processed.new_items.append(ToolCallItem(agent=agent, raw_item=output))
        else:
            raise ModelBehaviorError(
                f"Model output item of type {getattr(output, 'type', type(output).__name__)!r} "
                "is not supported on this route"
            )
    return processed


def unknown_tool_message(name: str, tools: list[Tool]) -> str:
    available = ", ".join(sorted(t.name for t in tools)) or "none"
    return f"Error: there is no tool named {name!r}. Available tools: {available}."


async def _missing_tool_output(
    agent: Agent[Any],
    call: ResponseFunctionToolCall,
    tools: list[Tool],
    context: RunContextWrapper[Any],
    not_found: ToolNotFound | None,
) -> ToolCallOutputItem:
    """The output sent back for a call to a tool the agent does not have."""
    text = unknown_tool_message(call.name, tools)
    if not_found is not None:
        text = await not_found(agent, call, text, context)
    return ToolCallOutputItem(
        agent=agent, raw_item=ItemHelpers.tool_call_output_item(call, text), output=text
    )


async def _tool_result(
    agent: Agent[Any],
    tool: FunctionTool,
    call: ResponseFunctionToolCall,
    tool_context: ToolContext[Any],
    output: Any,
    text: str,
) -> FunctionToolResult:
    """A finished call's result: its output item (with custom data) and an agent tool's
    nested run, if the tool was one."""
    raw_item = tool_call_output(call, output, text)
    custom_data = getattr(tool_context, "_custom_data", None)
    if tool.custom_data_extractor is not None:
        extracted = await extract_custom_data(tool, tool_context, output, raw_item)
        custom_data = {**(custom_data or {}), **(extracted or {})} or None
    item = ToolCallOutputItem(
        agent=agent,
        raw_item=raw_item,
        output=output,
        tool_origin=get_function_tool_origin(tool),
        custom_data=custom_data,
    )
    nested = getattr(tool_context, "_agent_run_result", None)
    return FunctionToolResult(
        tool=tool,
        output=output,
        run_item=item,
        interruptions=list(nested.interruptions) if nested is not None else [],
        agent_run_result=nested,
    )


async def run_tools(
    agent: Agent[Any],
    tool_runs: list[ToolRun],
    tools: list[Tool],
    context: RunContextWrapper[Any],
    hooks: RunHooks[Any],
    tracing: ModelTracing = ModelTracing.DISABLED,
    guardrail_log: GuardrailLog | None = None,
    not_found: ToolNotFound | None = None,
    max_concurrency: int | None = None,
    run_config: RunConfig | None = None,
) -> list[FunctionToolResult | ToolCallOutputItem]:
    """Run every tool call of the turn concurrently; results keep the calls' order."""
    log = guardrail_log if guardrail_log is not None else GuardrailLog()

    async def one(run: ToolRun) -> FunctionToolResult | ToolCallOutputItem:
        call = run.call
        if run.tool is None:
            return await _missing_tool_output(agent, call, tools, context, not_found)
        tool = run.tool
        tool_context = ToolContext.from_agent_context(
            context, call.call_id, call.name, call.arguments
        )
        tool_context.tool_call, tool_context.agent = call, agent
        tool_context.run_config = run_config
        await hooks.on_tool_start(tool_context, agent, tool)
        if agent.hooks:
            await agent.hooks.on_tool_start(tool_context, agent, tool)
        with function_span(
            tool.name,
            input=call.arguments if tracing.include_data() else None,
            disabled=tracing.is_disabled(),
        ) as span:
            output = await call_function_tool(agent, tool, call, tool_context, log)
            text = tool_output_to_text(output)
            if tracing.include_data():
                span.span_data.output = text
        await hooks.on_tool_end(tool_context, agent, tool, text)
        if agent.hooks:
            await agent.hooks.on_tool_end(tool_context, agent, tool, text)
        return await _tool_result(agent, tool, call, tool_context, output, text)

    if len(tool_runs) == 1:
        return [await one(tool_runs[0])]
    if max_concurrency is not None and max_concurrency < len(tool_runs):
        gate = asyncio.Semaphore(max_concurrency)

        async def limited(run: ToolRun) -> FunctionToolResult | ToolCallOutputItem:
            async with gate:
                return await unlimited(run)

        unlimited, one = one, limited
    tasks = [asyncio.ensure_future(one(run)) for run in tool_runs]
    try:
        return list(await asyncio.gather(*tasks))
    except BaseException:
        # One tool failed (or the run was cancelled): stop the others, leave none running.
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise


async def tools_final_output(
    agent: Agent[Any],
    results: list[FunctionToolResult],
    context: RunContextWrapper[Any],
) -> ToolsToFinalOutputResult:
    """Apply the agent's tool_use_behavior to this turn's tool results."""
    behavior = agent.tool_use_behavior
    if not results or behavior == "run_llm_again":
        return ToolsToFinalOutputResult(is_final_output=False)
    if behavior == "stop_on_first_tool":
        return ToolsToFinalOutputResult(is_final_output=True, final_output=results[0].output)
    if isinstance(behavior, dict):
        names = behavior.get("stop_at_tool_names", [])
        for result in results:
            if result.tool.name in names:
                return ToolsToFinalOutputResult(is_final_output=True, final_output=result.output)
        return ToolsToFinalOutputResult(is_final_output=False)
    if callable(behavior):
        decided = behavior(context, results)
        if inspect.isawaitable(decided):
            decided = await decided
        if not isinstance(decided, ToolsToFinalOutputResult):
            raise UserError(
                f"Agent {agent.name!r}: tool_use_behavior must return ToolsToFinalOutputResult"
            )
        return decided
    raise UserError(f"Agent {agent.name!r}: invalid tool_use_behavior {behavior!r}")


def final_output_from_message(
    agent: Agent[Any],
    new_items: list[RunItem],
    output_schema: AgentOutputSchemaBase | None,
) -> tuple[bool, Any]:
    """(found, output) from the turn's last message, validated against the output type
    (JSON found in prose, fences or after reasoning is accepted; see agents.structured)."""
    messages = [item for item in new_items if isinstance(item, MessageOutputItem)]
    if not messages:
        return False, None
    refusal = "".join(
        part.refusal
        for part in messages[-1].raw_item.content
        if isinstance(part, ResponseOutputRefusal)
    )
    if refusal:
        raise ModelRefusalError(refusal)
    text = ItemHelpers.text_message_output(messages[-1])
    if output_schema is None or output_schema.is_plain_text():
        return True, text
    return True, validate_output(output_schema, text)


def handoff_output_item(
    agent: Agent[Any],
    call: ResponseFunctionToolCall,
    target: Agent[Any],
    handoff: Handoff[Any, Any] | None = None,
) -> HandoffOutputItem:
    """The handoff call's output: the transfer message, JSON-encoded (an agent name may hold
    quotes), as the handoff words it."""
    message = (
        handoff.get_transfer_message(target)
        if handoff is not None
        else json.dumps({"assistant": target.name})
    )
    raw = ItemHelpers.tool_call_output_item(call, message)
    return HandoffOutputItem(agent=agent, raw_item=raw, source_agent=agent, target_agent=target)


def check_truncated(
    agent: Agent[Any],
    model: Model,
    response: ModelResponse,
    processed: ProcessedResponse,
    limit: int | None,
) -> None:
    """A turn cut off at the output token limit: an error where a part cannot be used
    (tool calls, structured output), a warning where it can (text)."""
    if not is_truncated(response.output):
        return
    where = f"max_tokens={limit}" if limit is not None else "the provider's default limit"
    schema = agent.output_schema()
    if processed.tool_runs or processed.handoffs or processed.local_runs:
        what = "a tool call, whose arguments are incomplete"
    elif schema is not None and not schema.is_plain_text():
        what = f"a structured output ({schema.name()}), which is incomplete"
    else:
        logger.warning(
            "The answer of %r for agent %r was cut off at the output token limit (%s); "
            "the partial text is used as it is.",
            model,
            agent.name,
            where,
        )
        return
    raise OutputTruncatedError(
        f"The answer of {model!r} for agent {agent.name!r} was cut off at the output token "
        f"limit ({where}) in {what}. Raise ModelSettings.max_tokens, or ask for a "
        "shorter answer."
    )
