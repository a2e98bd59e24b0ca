"""A local tool's `custom_data_extractor` on OpenAI's Responses route, where its calls come
as the API's own items (`apply_patch_call`, `computer_call`, `custom_tool_call`) rather than
function calls: the extractor gets the same context as in the function form, and its answer
is checked as for function tools (agents._run.tool_call.checked_custom_data)."""

from __future__ import annotations

import copy
from typing import Any

from openai.types.responses import ResponseComputerToolCall

from agents._local_tools.custom_data import ApplyPatchToolCustomDataContext
from agents._local_tools.custom_data import ComputerToolCustomDataContext
from agents._local_tools.custom_data import CustomToolCustomDataContext
from agents._local_tools.custom_data import computer_call
from agents._run.local_actions import apply_patch_operations
from agents._run.local_actions import call_field
from agents._run.local_actions import computer_actions
from agents._run.tool_call import checked_custom_data
from agents.items import ToolCallOutputItem
from agents.run_context import RunContextWrapper
from agents.tool_context import ToolContext

__all__ = ["local_custom_data"]


async def local_custom_data(
    kind: str, tool: Any, call: Any, item: ToolCallOutputItem, context: RunContextWrapper[Any]
) -> dict[str, Any] | None:
    """What `tool.custom_data_extractor` keeps on `item`, the answer to `call` (None when the
    tool kind has no extractor: shell and local_shell, as in the reference)."""
    extractor = getattr(tool, "custom_data_extractor", None)
    if extractor is None:
        return None
    raw = copy.deepcopy(item.raw_item)
    call_id = str(call_field(call, "call_id"))
    # The fields every kind's context has:
    shared: dict[str, Any] = {"tool": tool, "output": str(item.output or ""), "raw_item": raw}
    data: Any
    if kind == "apply_patch_call":
        data = ApplyPatchToolCustomDataContext(
            run_context=context,
            operations=apply_patch_operations(call, context),
            status="failed" if raw.get("status") == "failed" else "completed",
            **shared,
        )
    elif kind == "computer_call":
        tool_call = _computer_call(call, call_id)
        data = ComputerToolCustomDataContext(run_context=context, tool_call=tool_call, **shared)
    elif kind == "custom_tool_call":
        text = str(call_field(call, "input") or "")
        tool_context = ToolContext.from_agent_context(context, call_id, tool.name, text)
        data = CustomToolCustomDataContext(tool_context=tool_context, input=text, **shared)
    else:
        return None
    return await checked_custom_data(tool.name, extractor(data))


def _computer_call(call: Any, call_id: str) -> ResponseComputerToolCall:
    """The call as the API's type (a RunState may hold it as a mapping)."""
    if isinstance(call, ResponseComputerToolCall):
        return call
    actions = computer_actions(call)
    return computer_call(call_id, actions[0] if actions else {})
