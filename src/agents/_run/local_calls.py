"""Local tools on OpenAI's Responses API: declared as its built-in tools, their calls run here.

Which form a local tool takes depends on the model of the turn: OpenAIResponsesModel gets the
built-in types (`shell`, `apply_patch`, `computer`, `custom`, `local_shell`) as the reference
sends them, every other model the tool's function form (`LocalTool.function_tool()`), which
runs through the function tool path. On the Responses route the calls come back as the API's
own items; they are matched to their tools here, go through the same approval gate as every
tool (`needs_approval`, `on_approval`, `RunState.approve` / `reject`), and run one after the
other in the order the model made them (agents._run.local_actions runs each).
"""

from __future__ import annotations

import dataclasses
import inspect
from dataclasses import dataclass
from dataclasses import field
from typing import TYPE_CHECKING
from typing import Any

from agents._run.approvals import ApprovalRequest
from agents._run.approvals import Approved
from agents._run.approvals import Rejected
from agents._run.approvals import ToolType
from agents._run.approvals import decide
from agents._run.local_actions import apply_patch_operations
from agents._run.local_actions import call_field
from agents._run.local_actions import computer_actions
from agents._run.local_actions import rejected_computer_output
from agents._run.local_actions import rejected_local_output
from agents._run.local_actions import run_local_action
from agents._run.local_actions import shell_action
from agents._run.local_custom_data import local_custom_data
from agents.exceptions import ModelBehaviorError
from agents.items import ToolApprovalItem
from agents.items import ToolCallOutputItem
from agents.items import without_created_by
from agents.models.interface import Model
from agents.models.reliability.fallback import FallbackModel
from agents.run_context import RunContextWrapper
from agents.tool import LocalTool
from agents.tool import Tool
from agents.tracing import function_span

if TYPE_CHECKING:
    from agents.agent import Agent

__all__ = [
    "LOCAL_CALL_TYPES",
    "LocalOutcome",
    "LocalRun",
    "act_on_local_calls",
    "hosted_shell_output",
    "match_local_call",
    "run_local_calls",
    "tools_for_model",
]

LOCAL_CALL_TYPES = frozenset(
    {"shell_call", "local_shell_call", "apply_patch_call", "computer_call", "custom_tool_call"}
)
"""Output items of the Responses API that a local tool runs here."""

_TOOL_TYPES: dict[str, ToolType] = {
    "shell_call": "shell",
    "local_shell_call": "shell",
    "apply_patch_call": "apply_patch",
    "computer_call": "computer",
    "custom_tool_call": "custom",
}


@dataclass
class LocalRun:
    """One call of a local tool, as the Responses API made it."""

    call: Any
    """The output item (`shell_call`, `computer_call`, ...), kept as the API sent it."""

    tool: Any
    """The LocalTool that runs it."""

    @property
    def kind(self) -> str:
        return str(call_field(self.call, "type"))

    @property
    def call_id(self) -> str:
        return str(call_field(self.call, "call_id"))


def native_local_tools(model: Model) -> bool:
    """Whether `model` takes local tools as the Responses API's built-in types."""
    if isinstance(model, FallbackModel):  # every model of the chain must, names cannot say
        return all(isinstance(e, Model) and native_local_tools(e) for e in model.entries)
    return bool(getattr(model, "_native_local_tools", False))


async def tools_for_model(
    model: Model, tools: list[Tool], context: RunContextWrapper[Any]
) -> list[Tool]:
    """The turn's tools in the form `model` takes: built-in local tools (with the run's
    computer made, as its screen size is declared), or their function forms."""
    if not any(issubclass(kind, LocalTool) for kind in set(map(type, tools))):
        return tools  # the usual case, decided per class of tool rather than per tool
    if not native_local_tools(model):
        return [tool.function_tool() if isinstance(tool, LocalTool) else tool for tool in tools]
    from agents._local_tools.computer_use import ComputerTool
    from agents._local_tools.computer_use import resolve_computer

    ready: list[Tool] = []
    for tool in tools:
        if isinstance(tool, ComputerTool):
            computer = await resolve_computer(tool=tool, run_context=context)
            if computer is not tool.computer:
                tool = dataclasses.replace(tool, computer=computer)
        ready.append(tool)
    return ready


def match_local_call(output: Any, tools: list[Tool]) -> LocalRun:
    """The tool that runs a local call of the model; a call no tool can run is the model's
    error (it was not offered such a tool)."""
    kind = call_field(output, "type")
    local = [tool for tool in tools if isinstance(tool, LocalTool)]
    by_type = {getattr(t, "type", t.name): t for t in local}
    if kind == "custom_tool_call":
        name = call_field(output, "name")
        found = next(
            (t for t in local if getattr(t, "type", None) == "custom" and t.name == name), None
        )
        if found is None:
            raise ModelBehaviorError(
                f"The model called custom tool {name!r}, which it does not have"
            )
        return LocalRun(output, found)
    wanted = {
        "shell_call": ["shell"],
        "local_shell_call": ["local_shell", "shell"],
        "apply_patch_call": ["apply_patch"],
        "computer_call": ["computer_use_preview"],
    }[str(kind)]
    for key in wanted:
        if key in by_type:
            return LocalRun(output, by_type[key])
    raise ModelBehaviorError(f"The model made a {kind} without a tool of that kind on the agent")


def hosted_shell_output(agent: Agent[Any], output: Any) -> ToolCallOutputItem:
    """A `shell_call_output` OpenAI made for a hosted container's commands: kept as the
    input item it replays as (without the response-only `created_by`, also on each chunk),
    its output the list of command results, as in the reference."""
    plain = dict(output) if isinstance(output, dict) else output.model_dump(exclude_unset=True)
    raw = without_created_by(plain)
    return ToolCallOutputItem(agent=agent, raw_item=raw, output=raw.get("output"))


def approval_request(
    agent: Agent[Any], run: LocalRun, context: RunContextWrapper[Any]
) -> ApprovalRequest:
    """The gate's view of a local call: the tool's policy gets the tool's own request type
    (a ShellActionRequest, an ApplyPatchOperation, the custom text, the computer actions, the
    LocalShellCall), as in the function form."""
    tool, call, kind = run.tool, run.call, run.kind
    policy: Any = getattr(tool, "needs_approval", False)
    arguments: Any
    if getattr(tool, "type", None) == "shell":
        arguments = shell_action(call)
    elif kind == "local_shell_call":
        arguments = call
    elif kind == "apply_patch_call":
        operations = apply_patch_operations(call, context)
        arguments = operations[0]
        if callable(policy) and len(operations) > 1:
            policy = _any_operation(policy, operations)
    elif kind == "computer_call":
        arguments = computer_actions(call)
    else:
        arguments = call_field(call, "input")
    return ApprovalRequest(
        agent=agent,
        raw_item=call,
        tool_name=tool.name,
        call_id=run.call_id,
        needs_approval=policy,
        arguments=arguments,
        tool_type=_TOOL_TYPES.get(kind, "function"),
        on_approval=getattr(tool, "on_approval", None),
    )


def _any_operation(policy: Any, operations: list[Any]) -> Any:
    """A patch of several operations needs approval when any one of them does."""

    async def ask(context: RunContextWrapper[Any], _first: Any, call_id: str) -> bool:
        for operation in operations:
            answer = policy(context, operation, call_id)
            if await answer if inspect.isawaitable(answer) else answer:
                return True
        return False

    return ask


@dataclass
class LocalOutcome:
    """A turn's local calls after the gate and the run: their outputs in the calls' order,
    and the calls waiting for a person."""

    outputs: list[ToolCallOutputItem] = field(default_factory=list)
    pending: list[ToolApprovalItem] = field(default_factory=list)


async def run_local_calls(agent: Agent[Any], runs: list[LocalRun], loop: Any) -> LocalOutcome:
    """Gate each call, run the approved ones one at a time (a shell and a patch may touch
    the same files), answer the rejected ones. `loop` gives the run's context, config,
    hooks and tracing."""
    context, outcome = loop.context, LocalOutcome()
    for run in runs:
        verdict = await decide(approval_request(agent, run, context), context, loop.config)
        if isinstance(verdict, Approved):
            outcome.outputs.append(await _run_one(agent, run, loop))
        elif isinstance(verdict, Rejected):
            if run.kind == "computer_call":
                rejected = await rejected_computer_output(
                    agent, run.tool, run.call, verdict.message, context
                )
            else:
                rejected = rejected_local_output(
                    run.kind, agent, run.tool, run.call, verdict.message
                )
            outcome.outputs.append(rejected)
        else:
            outcome.pending.append(verdict.item)
    return outcome


async def act_on_local_calls(
    agent: Agent[Any], processed: Any, loop: Any, turn_items: list[Any]
) -> list[ToolApprovalItem]:
    """The turn's local calls run and answered: outputs (then approvals) join `turn_items`
    and the stream; the calls waiting for a person are returned."""
    runs: list[LocalRun] = processed.local_runs
    used = loop.tools_used.setdefault(agent.name, [])
    used.extend(name for name in dict.fromkeys(r.tool.name for r in runs) if name not in used)
    local = await run_local_calls(agent, runs, loop)
    turn_items.extend(local.outputs)
    loop.emit_items(list(local.outputs))
    turn_items.extend(local.pending)
    return local.pending


async def _run_one(agent: Agent[Any], run: LocalRun, loop: Any) -> ToolCallOutputItem:
    tool, tracing, context = run.tool, loop.tracing, loop.context
    await loop.hooks.on_tool_start(context, agent, tool)
    if agent.hooks:
        await agent.hooks.on_tool_start(context, agent, tool)
    with function_span(
        tool.name,
        input=str(call_field(run.call, "action") or call_field(run.call, "input") or "")
        if tracing.include_data()
        else None,
        disabled=tracing.is_disabled(),
    ) as span:
        item = await run_local_action(run.kind, agent, tool, run.call, context)
        item.custom_data = await local_custom_data(run.kind, tool, run.call, item, context)
        if tracing.include_data() and run.kind != "computer_call":
            span.span_data.output = str(item.output)
    await loop.hooks.on_tool_end(context, agent, tool, item.output)
    if agent.hooks:
        await agent.hooks.on_tool_end(context, agent, tool, item.output)
    return item
