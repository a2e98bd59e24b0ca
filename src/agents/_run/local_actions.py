"""What a local tool's call on OpenAI's Responses API does here, and the item that answers it.

On the Responses route the model calls shell, apply_patch, computer, custom and local_shell
tools with the API's own items (`shell_call`, `apply_patch_call`, ...); each is run with the
tool's executor, editor or computer, and answered with the matching output item
(`shell_call_output`, `apply_patch_call_output`, ...) in the shape the API takes back. A
rejected call gets the same item type carrying the rejection message. The shapes follow the
reference SDK (openai-agents 0.24), so histories move between the two.
"""

from __future__ import annotations

import asyncio
import inspect
from typing import TYPE_CHECKING
from typing import Any

from agents._local_tools.computer_use import ComputerToolSafetyCheckData
from agents._local_tools.computer_use import resolve_computer
from agents._local_tools.shell import ShellActionRequest
from agents._local_tools.shell import ShellCallData
from agents._local_tools.shell import ShellCallOutcome
from agents._local_tools.shell import ShellCommandOutput
from agents._local_tools.shell import ShellCommandRequest
from agents._local_tools.shell import ShellResult
from agents.computer import AsyncComputer
from agents.editor import ApplyPatchOperation
from agents.editor import ApplyPatchResult
from agents.exceptions import ModelBehaviorError
from agents.exceptions import UserError
from agents.items import ToolCallOutputItem
from agents.run_context import RunContextWrapper
from agents.tool_context import ToolContext

if TYPE_CHECKING:
    from agents.agent import Agent

__all__ = [
    "apply_patch_operations",
    "call_field",
    "computer_actions",
    "rejected_computer_output",
    "rejected_local_output",
    "run_local_action",
    "shell_action",
]


def call_field(raw: Any, key: str) -> Any:
    """A field of a call item, whether it is the `openai` type or a mapping (a RunState)."""
    return raw.get(key) if isinstance(raw, dict) else getattr(raw, key, None)


def _dumped(value: Any) -> Any:
    dump = getattr(value, "model_dump", None)
    return dump(exclude_none=True, mode="json") if callable(dump) else value


async def _maybe(value: Any) -> Any:
    return await value if inspect.isawaitable(value) else value


def _with_caller(call: Any, item: dict[str, Any]) -> dict[str, Any]:
    """The output answers the same caller as the call (a program, for programmatic calls)."""
    caller = call_field(call, "caller")
    if caller is not None:
        item["caller"] = _dumped(caller)
    return item


# -- what a call asks for (what `needs_approval` policies receive) ---------------------------


def shell_action(call: Any) -> ShellActionRequest:
    """A shell_call's (or local_shell_call's) commands as the ShellTool's request type."""
    action = call_field(call, "action")
    commands = call_field(action, "commands")
    if commands is None and call_field(action, "command") is not None:  # local_shell_call: an argv
        commands = [" ".join(str(part) for part in call_field(action, "command"))]
    if not isinstance(commands, list) or not commands:
        raise ModelBehaviorError("The shell call has no commands (action.commands is empty)")
    timeout = call_field(action, "timeout_ms")
    limit = call_field(action, "max_output_length")
    return ShellActionRequest(
        commands=[str(c) for c in commands if c is not None],
        timeout_ms=timeout if isinstance(timeout, int) and timeout > 0 else None,
        max_output_length=limit if isinstance(limit, int) else None,
    )


def apply_patch_operations(call: Any, context: RunContextWrapper[Any]) -> list[ApplyPatchOperation]:
    """The file operations of an apply_patch_call (one `operation`, or `operations`)."""
    raw_ops = call_field(call, "operations")
    if not isinstance(raw_ops, list):
        single = call_field(call, "operation")
        raw_ops = [] if single is None else [single]
    if not raw_ops:
        raise ModelBehaviorError("The apply_patch call has no operation")
    operations = []
    for raw in raw_ops:
        kind = call_field(raw, "type")
        path = call_field(raw, "path")
        if kind not in ("create_file", "update_file", "delete_file"):
            raise ModelBehaviorError(f"Unknown apply_patch operation {kind!r}")
        if not isinstance(path, str) or not path:
            raise ModelBehaviorError(f"The apply_patch {kind} operation has no path")
        diff = call_field(raw, "diff") if kind != "delete_file" else None
        move_to = call_field(raw, "move_to")
        operations.append(
            ApplyPatchOperation(
                type=kind,
                path=path,
                diff=diff if isinstance(diff, str) else None,
                ctx_wrapper=context,
                move_to=move_to if isinstance(move_to, str) and move_to else None,
            )
        )
    return operations


def computer_actions(call: Any) -> list[dict[str, Any]]:
    """A computer_call's actions as dicts (`actions` of the GA tool, `action` of preview)."""
    many = call_field(call, "actions")
    listed = list(many) if many else [a for a in [call_field(call, "action")] if a is not None]
    return [dict(_dumped(action)) for action in listed]


# -- running a call --------------------------------------------------------------------------


async def run_local_action(
    kind: str, agent: Agent[Any], tool: Any, call: Any, context: RunContextWrapper[Any]
) -> ToolCallOutputItem:
    """Run one approved call and answer it; `kind` is the call item's type."""
    call_id = str(call_field(call, "call_id"))
    if getattr(tool, "type", None) == "shell":
        return await _shell(agent, tool, call, call_id, context)
    if kind == "local_shell_call":
        from agents._local_tools.shell import LocalShellCommandRequest

        result = str(await _maybe(tool.executor(LocalShellCommandRequest(context, call))))
        raw = {"type": "local_shell_call_output", "call_id": call_id, "output": result}
        return ToolCallOutputItem(agent=agent, raw_item=raw, output=result)
    if kind == "apply_patch_call":
        return await _apply_patch(agent, tool, call, call_id, context)
    if kind == "computer_call":
        return await _computer(agent, tool, call, call_id, context)
    return await _custom(agent, tool, call, call_id, context)


def _shell_entry(out: ShellCommandOutput) -> dict[str, Any]:
    outcome: dict[str, Any] = {"type": out.outcome.type}
    if out.outcome.type == "exit":
        outcome["exit_code"] = out.outcome.exit_code if out.outcome.exit_code is not None else 0
    return {"stdout": out.stdout, "stderr": out.stderr, "outcome": outcome}


def _truncated(outputs: list[ShellCommandOutput], limit: int) -> list[ShellCommandOutput]:
    """At most `limit` characters of output in all, stdout before stderr, in order."""
    left, kept = max(0, limit), []
    for out in outputs:
        stdout = out.stdout[:left]
        left -= len(stdout)
        stderr = out.stderr[:left]
        left -= len(stderr)
        kept.append(ShellCommandOutput(stdout, stderr, out.outcome, out.command))
    return kept


def _render(outputs: list[ShellCommandOutput]) -> str:
    """The outputs as text (what hooks and `ToolCallOutputItem.output` get)."""
    chunks = []
    for out in outputs:
        lines = [f"$ {out.command}"] if out.command else []
        if out.stdout.rstrip("\n"):
            lines.append(out.stdout.rstrip("\n"))
        if out.stderr.rstrip("\n"):
            lines += ["stderr:", out.stderr.rstrip("\n")]
        if out.exit_code not in (None, 0):
            lines.append(f"exit code: {out.exit_code}")
        if out.status == "timeout":
            lines.append("status: timeout")
        chunks.append("\n".join(lines).strip() or "(no output)")
    return "\n\n".join(chunks) or "(no output)"


async def _shell(
    agent: Agent[Any], tool: Any, call: Any, call_id: str, context: RunContextWrapper[Any]
) -> ToolCallOutputItem:
    action = shell_action(call)
    status = call_field(call, "status")
    data = ShellCallData(
        call_id, action, status if status in ("in_progress", "completed") else None, raw=call
    )
    limit = action.max_output_length
    try:
        result = await _maybe(tool.executor(ShellCommandRequest(context, data)))
    except Exception as exc:  # the model reads why and can try another command
        result = ShellResult(
            output=[ShellCommandOutput(stdout=str(exc) or type(exc).__name__, outcome=_FAILED)]
        )
    if isinstance(result, ShellResult):
        outputs = list(result.output)
        if result.max_output_length is not None:
            given = result.max_output_length
            limit = given if limit is None else min(limit, given)
    else:
        outputs = [ShellCommandOutput(stdout=str(result), outcome=_SUCCEEDED)]
    if limit is not None:
        outputs = _truncated(outputs, limit)
    raw: dict[str, Any] = {
        "type": "shell_call_output",
        "call_id": call_id,
        "output": [_shell_entry(out) for out in outputs],
    }
    if limit is not None:
        raw["max_output_length"] = limit
    return ToolCallOutputItem(
        agent=agent, raw_item=_with_caller(call, raw), output=_render(outputs)
    )


_SUCCEEDED = ShellCallOutcome(type="exit", exit_code=0)
_FAILED = ShellCallOutcome(type="exit", exit_code=1)


async def _apply_patch(
    agent: Agent[Any], tool: Any, call: Any, call_id: str, context: RunContextWrapper[Any]
) -> ToolCallOutputItem:
    status, texts = "completed", []
    try:
        for operation in apply_patch_operations(call, context):
            done = await _maybe(getattr(tool.editor, operation.type)(operation))
            if isinstance(done, ApplyPatchResult):
                status = "failed" if done.status == "failed" else status
                if done.output:
                    texts.append(done.output)
            elif done is not None:
                texts.append(str(done))
    except Exception as exc:  # the model reads why and can send a better patch
        status, texts = "failed", [str(exc) or type(exc).__name__]
    text = "\n".join(texts)
    raw: dict[str, Any] = {"type": "apply_patch_call_output", "call_id": call_id, "status": status}
    if text:
        raw["output"] = text
    return ToolCallOutputItem(agent=agent, raw_item=_with_caller(call, raw), output=text)


async def _computer(
    agent: Agent[Any], tool: Any, call: Any, call_id: str, context: RunContextWrapper[Any]
) -> ToolCallOutputItem:
    acknowledged = await _safety_checks(agent, tool, call, context)
    computer = await resolve_computer(tool=tool, run_context=context)
    shot = None
    for action in computer_actions(call):
        shot = await _act(computer, action)
    if shot is None:
        shot = await _computer_call(computer, "screenshot")
    return computer_output(agent, call_id, shot, acknowledged)


def computer_output(
    agent: Agent[Any], call_id: str, shot: Any, acknowledged: list[dict[str, Any]] | None = None
) -> ToolCallOutputItem:
    image_url = f"data:image/png;base64,{shot}" if shot else ""
    raw: dict[str, Any] = {
        "type": "computer_call_output",
        "call_id": call_id,
        "output": {"type": "computer_screenshot", "image_url": image_url},
    }
    if acknowledged:
        raw["acknowledged_safety_checks"] = acknowledged
    return ToolCallOutputItem(agent=agent, raw_item=raw, output=image_url)


async def _safety_checks(
    agent: Agent[Any], tool: Any, call: Any, context: RunContextWrapper[Any]
) -> list[dict[str, Any]] | None:
    """The pending safety checks the tool's `on_safety_check` acknowledged (all or error)."""
    checks = call_field(call, "pending_safety_checks") or []
    if not checks or tool.on_safety_check is None:
        return None
    acknowledged = []
    for check in checks:
        data = ComputerToolSafetyCheckData(context, agent, call, check)
        if not await _maybe(tool.on_safety_check(data)):
            raise UserError(
                f"Computer tool safety check {call_field(check, 'code')!r} was not acknowledged "
                "(on_safety_check returned False)"
            )
        fields = {k: call_field(check, k) for k in ("id", "code", "message")}
        acknowledged.append({k: v for k, v in fields.items() if v is not None})
    return acknowledged


async def _computer_call(computer: Any, method: str, *args: Any) -> Any:
    bound = getattr(computer, method, None)
    if not callable(bound):
        raise ModelBehaviorError(f"The computer has no {method}() for the model's action")
    if isinstance(computer, AsyncComputer):
        return await _maybe(bound(*args))
    return await asyncio.to_thread(bound, *args)


async def _act(computer: Any, a: dict[str, Any]) -> Any:
    """Perform one action; a screenshot action's image is returned (None otherwise)."""
    kind = a.get("type")
    if kind == "screenshot":
        return await _computer_call(computer, "screenshot")
    if kind == "click":
        await _computer_call(computer, "click", a.get("x"), a.get("y"), a.get("button", "left"))
    elif kind == "double_click":
        await _computer_call(computer, "double_click", a.get("x"), a.get("y"))
    elif kind == "scroll":
        where = (a.get("x"), a.get("y"), a.get("scroll_x", 0), a.get("scroll_y", 0))
        await _computer_call(computer, "scroll", *where)
    elif kind == "type":
        await _computer_call(computer, "type", a.get("text", ""))
    elif kind == "wait":
        await _computer_call(computer, "wait")
    elif kind == "move":
        await _computer_call(computer, "move", a.get("x"), a.get("y"))
    elif kind == "keypress":
        await _computer_call(computer, "keypress", list(a.get("keys") or []))
    elif kind == "drag":
        path = [(int(p["x"]), int(p["y"])) for p in a.get("path") or []]
        await _computer_call(computer, "drag", path)
    else:
        raise ModelBehaviorError(f"The computer call has an unknown action {kind!r}")
    return None


async def _custom(
    agent: Agent[Any], tool: Any, call: Any, call_id: str, context: RunContextWrapper[Any]
) -> ToolCallOutputItem:
    text = call_field(call, "input")
    if not isinstance(text, str):
        raise ModelBehaviorError(f"The custom tool call {call_id!r} has no input")
    tool_context = ToolContext.from_agent_context(context, call_id, tool.name, text)
    try:
        result = await _maybe(tool.on_invoke_tool(tool_context, text))
        output = result if isinstance(result, str) else str(result)
    except Exception as exc:  # the model reads why, as for a function tool
        output = str(exc) or type(exc).__name__
    raw = {"type": "custom_tool_call_output", "call_id": call_id, "output": output}
    return ToolCallOutputItem(agent=agent, raw_item=_with_caller(call, raw), output=output)


def rejected_local_output(
    kind: str, agent: Agent[Any], tool: Any, call: Any, message: str
) -> ToolCallOutputItem:
    """The answer to a call a person rejected, in the call's own output type (a computer
    call is answered by `rejected_computer_output`, which needs a screenshot)."""
    call_id = str(call_field(call, "call_id"))
    raw: dict[str, Any]
    if getattr(tool, "type", None) == "shell":
        failed = {"stdout": "", "stderr": message, "outcome": {"type": "exit", "exit_code": 1}}
        raw = {"type": "shell_call_output", "call_id": call_id, "output": [failed]}
    elif kind == "local_shell_call":
        raw = {"type": "local_shell_call_output", "call_id": call_id, "output": message}
    elif kind == "apply_patch_call":
        raw = {"type": "apply_patch_call_output", "call_id": call_id, "status": "failed"}
        raw["output"] = message
    else:
        raw = {"type": "custom_tool_call_output", "call_id": call_id, "output": message}
    return ToolCallOutputItem(agent=agent, raw_item=_with_caller(call, raw), output=message)


async def rejected_computer_output(
    agent: Agent[Any], tool: Any, call: Any, message: str, context: RunContextWrapper[Any]
) -> ToolCallOutputItem:
    """A rejected computer call: the API takes only a screenshot back, so the model gets the
    screen as it is (the action was not performed); the message is kept on the item."""
    computer = await resolve_computer(tool=tool, run_context=context)
    item = computer_output(
        agent, str(call_field(call, "call_id")), await _computer_call(computer, "screenshot")
    )
    item.output = message
    return item
