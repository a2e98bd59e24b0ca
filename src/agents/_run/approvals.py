"""Human approval of tool calls: one gate every kind of tool goes through.

A tool that needs a person's yes describes its call as an `ApprovalRequest` (what the model
called, by which agent, and the tool's `needs_approval` policy) and asks `decide()`. The
answer is one of three: `Approved` (run it), `Rejected` (answer the model with the
message), `Pending` (stop the run; the `ToolApprovalItem` goes to `result.interruptions`).
Function tools, local tools (shell, apply_patch, computer) and MCP tools all use this gate;
nothing here knows about FunctionTool.

A run that stopped ends its turn in `NextStepInterruption`; resuming it re-asks the gate for
each call of that turn that has no output yet, so an approved call runs exactly once and no
model call is made again.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field
from typing import TYPE_CHECKING
from typing import Any
from typing import Literal

from agents._nested_runs import NestedSlot
from agents._nested_runs import close_slots
from agents._nested_runs import open_slots
from agents._run.tool_call import formatted_tool_error
from agents._tool_origin import ToolOrigin
from agents.exceptions import ModelBehaviorError
from agents.exceptions import UserError
from agents.items import ToolApprovalItem
from agents.items import ToolCallOutputItem
from agents.run_config import RunConfig
from agents.run_context import RunContextWrapper
from agents.tool import DEFAULT_APPROVAL_REJECTION_MESSAGE
from agents.tool import FunctionTool
from agents.tool import get_function_tool_origin
from agents.tool import parse_tool_arguments

if TYPE_CHECKING:
    from agents._run.turn import ProcessedResponse
    from agents._run.turn import ToolRun
    from agents.agent import Agent
    from agents.tool import FunctionToolResult
    from agents.tool import Tool

ToolType = Literal["function", "computer", "shell", "apply_patch", "custom"]


@dataclass(frozen=True)
class ApprovalRequest:
    """A tool call that may need approval, described the same way for every kind of tool."""

    agent: Agent[Any]
    """The agent whose model made the call (a decision belongs to that agent's tool)."""

    raw_item: Any
    """The call as the model sent it; it becomes the ToolApprovalItem's raw_item."""

    tool_name: str
    call_id: str
    needs_approval: bool | Callable[..., Any]
    """The tool's policy: a bool, or a function (context, arguments, call id) -> bool."""

    arguments: Any = None
    """What a policy function receives as its second argument (parsed arguments)."""

    tool_type: ToolType = "function"
    """Which runtime made the call, for `RunConfig.tool_error_formatter`."""

    tool_origin: ToolOrigin | None = None
    """Where a function tool comes from; it goes on the ToolApprovalItem."""

    on_approval: Callable[..., Any] | None = None
    """The tool's `on_approval` (shell, apply_patch, custom): asked before the run stops,
    (context, ToolApprovalItem) -> {"approve": bool, "reason": str}; anything else stops it."""


@dataclass(frozen=True)
class Approved:
    """Run the call."""


@dataclass(frozen=True)
class Rejected:
    """Do not run the call; send `message` to the model as its output."""

    message: str


@dataclass(frozen=True)
class Pending:
    """Nobody has decided yet: the run stops with `item` among its interruptions."""

    item: ToolApprovalItem


Verdict = Approved | Rejected | Pending


async def decide(
    request: ApprovalRequest, context: RunContextWrapper[Any], config: RunConfig
) -> Verdict:
    """The gate: a recorded decision wins; otherwise the tool's policy says whether to ask."""
    status = context.get_approval_status(
        request.tool_name, request.call_id, agent_name=request.agent.name
    )
    if status is True:
        return Approved()
    if status is False:
        return Rejected(await rejection_message(request, context, config))
    if not await _policy_asks(request, context):
        return Approved()
    item = ToolApprovalItem(
        agent=request.agent,
        raw_item=request.raw_item,
        tool_name=request.tool_name,
        tool_origin=request.tool_origin,
    )
    if request.on_approval is not None:
        decided = await _ask_on_approval(request, item, context, config)
        if decided is not None:
            return decided
    return Pending(item)


async def _ask_on_approval(
    request: ApprovalRequest,
    item: ToolApprovalItem,
    context: RunContextWrapper[Any],
    config: RunConfig,
) -> Verdict | None:
    """The tool's `on_approval` decides now (recorded like a person's decision), or it
    gives no decision and the run stops as without it."""
    assert request.on_approval is not None
    answer = request.on_approval(context, item)
    if inspect.isawaitable(answer):
        answer = await answer
    approve = answer.get("approve") if isinstance(answer, Mapping) else None
    if approve is True:
        context.approve_tool(item)
        return Approved()
    if approve is False:
        reason = answer.get("reason")
        context.reject_tool(
            item, rejection_message=reason if isinstance(reason, str) and reason else None
        )
        return Rejected(await rejection_message(request, context, config))
    return None


async def _policy_asks(request: ApprovalRequest, context: RunContextWrapper[Any]) -> bool:
    policy = request.needs_approval
    if isinstance(policy, bool):
        return policy
    if not callable(policy):
        raise UserError(
            f"needs_approval of tool {request.tool_name!r} must be a bool or a function, got "
            f"{type(policy).__name__}"
        )
    answer = policy(context, request.arguments, request.call_id)
    if inspect.isawaitable(answer):
        answer = await answer
    return bool(answer)


async def rejection_message(
    request: ApprovalRequest, context: RunContextWrapper[Any], config: RunConfig
) -> str:
    """The person's words, else the run's tool_error_formatter's, else the default."""
    given = context.get_rejection_message(
        request.tool_name, request.call_id, agent_name=request.agent.name
    )
    if given is not None:
        return given
    text = await formatted_tool_error(
        config,
        context,
        "approval_rejected",
        request.tool_type,
        request.tool_name,
        request.call_id,
        DEFAULT_APPROVAL_REJECTION_MESSAGE,
    )
    return text if isinstance(text, str) else DEFAULT_APPROVAL_REJECTION_MESSAGE


def function_call_request(agent: Agent[Any], call: Any, tool: Any) -> ApprovalRequest:
    """The request for a function tool's call. A policy function cannot judge arguments
    that do not parse, so such a call is asked about (the tool reports the error if run)."""
    try:
        arguments: Any = parse_tool_arguments(call.name, call.arguments)
    except ModelBehaviorError:
        arguments = None
    policy = tool.needs_approval
    if arguments is None and callable(policy):
        policy = True
    return ApprovalRequest(
        agent=agent,
        raw_item=call,
        tool_name=call.name,
        call_id=call.call_id,
        needs_approval=policy,
        arguments=arguments,
        tool_origin=get_function_tool_origin(tool) if isinstance(tool, FunctionTool) else None,
        on_approval=getattr(tool, "_on_approval", None),
    )


@dataclass
class NextStepInterruption:
    """The turn stopped on calls waiting for a person: the run returns, resumable."""

    interruptions: list[ToolApprovalItem]
    processed: ProcessedResponse
    """The paused turn, sorted: on resume its calls without output are gated again."""

    nested: dict[str, Any] = field(default_factory=dict)
    """Call id of an agent tool -> its own paused RunState."""


def rejected_output(agent: Agent[Any], call: Any, message: str) -> ToolCallOutputItem:
    """The output item a rejected function call gets."""
    from agents.items import ItemHelpers

    return ToolCallOutputItem(
        agent=agent, raw_item=ItemHelpers.tool_call_output_item(call, message), output=message
    )


@dataclass
class GatedCalls:
    """A turn's function calls after the gate: what runs, what is answered, what waits."""

    to_run: list[ToolRun] = field(default_factory=list)
    answered: dict[str, ToolCallOutputItem] = field(default_factory=dict)
    """Call id -> the rejection the model reads instead of an output."""

    pending: list[ToolApprovalItem] = field(default_factory=list)


async def gate_function_calls(
    agent: Agent[Any], runs: list[ToolRun], context: RunContextWrapper[Any], config: RunConfig
) -> GatedCalls:
    """Ask the gate about each function call (unknown tools go through: they get an error)."""
    gated = GatedCalls()
    for run in runs:
        if run.tool is None:
            gated.to_run.append(run)
            continue
        verdict = await decide(function_call_request(agent, run.call, run.tool), context, config)
        if isinstance(verdict, Approved):
            gated.to_run.append(run)
        elif isinstance(verdict, Rejected):
            gated.answered[run.call.call_id] = rejected_output(agent, run.call, verdict.message)
        else:
            gated.pending.append(verdict.item)
    return gated


@dataclass
class CallsOutcome:
    """A turn's function calls after the gate and the run: outputs in the calls' order,
    the tools' results (for tool_use_behavior), and what waits for a person."""

    outputs: list[ToolCallOutputItem] = field(default_factory=list)
    results: list[FunctionToolResult] = field(default_factory=list)
    pending: list[ToolApprovalItem] = field(default_factory=list)
    nested: dict[str, Any] = field(default_factory=dict)
    """Call id of an agent tool whose own run stopped on approvals -> its RunState."""


async def run_function_calls(
    agent: Agent[Any],
    runs: list[ToolRun],
    tools: list[Tool],
    loop: Any,
    resume: dict[str, Any],
) -> CallsOutcome:
    """Gate the calls, run those that may run (agent tools continue their paused runs from
    `resume`), and sort what came back. `loop` gives the run's context, config, hooks and
    tracing."""
    from agents._run.tool_call import missing_tool_handler
    from agents._run.turn import run_tools
    from agents.tool import FunctionToolResult

    gated = await gate_function_calls(agent, runs, loop.context, loop.config)
    slots = {
        r.call.call_id: NestedSlot(resume=resume.get(r.call.call_id))
        for r in gated.to_run
        if getattr(r.tool, "_agent_tool", None) is not None
    }
    token = open_slots(slots) if slots else None
    try:
        execution = loop.config.tool_execution
        ran = await run_tools(
            agent,
            gated.to_run,
            tools,
            loop.context,
            loop.hooks,
            loop.tracing,
            loop.tool_guardrails,
            missing_tool_handler(loop.config),
            execution.max_function_tool_concurrency if execution is not None else None,
            loop.config,
        )
    finally:
        if token is not None:
            close_slots(token)
    outcome = CallsOutcome(pending=list(gated.pending))
    by_call: dict[str, ToolCallOutputItem] = dict(gated.answered)
    for run, result in zip(gated.to_run, ran, strict=True):
        slot = slots.get(run.call.call_id)
        if slot is not None and slot.paused is not None:
            outcome.nested[run.call.call_id] = slot.paused
            outcome.pending.extend(slot.paused.get_interruptions())
            continue
        if isinstance(result, FunctionToolResult):
            outcome.results.append(result)
            by_call[run.call.call_id] = result.run_item
        else:
            by_call[run.call.call_id] = result
    outcome.outputs = [by_call[i] for r in runs if (i := r.call.call_id) in by_call]
    return outcome


def unanswered(
    processed: ProcessedResponse, items: list[Any]
) -> tuple[ProcessedResponse, list[FunctionToolResult]]:
    """A paused turn on resume: (its calls still without an output, as a turn to act on;
    the results of those that ran before the pause, for tool_use_behavior)."""
    import dataclasses

    from agents.tool import FunctionToolResult

    done = {
        i.raw_item.get("call_id"): i
        for i in items
        if isinstance(i, ToolCallOutputItem) and isinstance(i.raw_item, dict)
    }
    remaining = dataclasses.replace(
        processed,
        new_items=[],
        tool_runs=[r for r in processed.tool_runs if r.call.call_id not in done],
        local_runs=[r for r in processed.local_runs if r.call_id not in done],
        mcp_approvals=[],
    )
    earlier = [
        FunctionToolResult(tool=r.tool, output=item.output, run_item=item)
        for r in processed.tool_runs
        if r.tool is not None and (item := done.get(r.call.call_id)) is not None
    ]
    return remaining, earlier
