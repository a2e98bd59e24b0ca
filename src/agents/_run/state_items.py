"""Run items, model responses and usage <-> JSON, in the shape openai-agents writes them.

Raw items are the `openai` package's Responses types dumped as JSON; extra fields a wire
adapter put on them (`provider_data`: reasoning text, Anthropic thinking signatures, Gemini
thought signatures, the provider's own tool-call ids) are part of the dump, so a run resumed
from JSON sends each provider exactly what it produced.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING
from typing import Any

from openai.types.responses import ResponseFunctionToolCall
from openai.types.responses import ResponseOutputItem
from openai.types.responses import ResponseOutputMessage
from openai.types.responses import ResponseReasoningItem
from openai.types.responses.response_output_item import McpApprovalRequest
from openai.types.responses.response_output_item import McpListTools
from pydantic import BaseModel
from pydantic import TypeAdapter

from agents._tool_origin import ToolOrigin
from agents.exceptions import UserError
from agents.items import CompactionItem
from agents.items import HandoffCallItem
from agents.items import HandoffOutputItem
from agents.items import InputItem
from agents.items import MCPApprovalRequestItem
from agents.items import MCPApprovalResponseItem
from agents.items import MCPListToolsItem
from agents.items import MessageOutputItem
from agents.items import ModelResponse
from agents.items import ReasoningItem
from agents.items import RunItem
from agents.items import ToolApprovalItem
from agents.items import ToolCallItem
from agents.items import ToolCallOutputItem
from agents.usage import RequestUsage
from agents.usage import Usage
from agents.usage import input_tokens_details
from agents.usage import output_tokens_details

if TYPE_CHECKING:
    from agents.agent import Agent

_OUTPUT_ITEM: TypeAdapter[Any] = TypeAdapter(ResponseOutputItem)


def json_value(value: Any, what: str) -> Any:
    """`value` as plain JSON data, or a UserError naming `what` could not be written."""
    try:
        return json.loads(json.dumps(value))
    except (TypeError, ValueError) as exc:
        raise UserError(
            f"RunState cannot write {what}: it is not JSON-serialisable ({exc})"
        ) from None


def dump_raw(raw: Any) -> Any:
    if isinstance(raw, BaseModel):
        return raw.model_dump(mode="json", exclude_unset=True)
    if isinstance(raw, Mapping):
        return json_value(dict(raw), "a raw item")
    return json_value(raw, "a raw item")


def agent_ref(agent: Any) -> dict[str, Any] | None:
    return None if agent is None else {"name": agent.name}


def dump_item(item: RunItem) -> dict[str, Any]:
    data: dict[str, Any] = {
        "type": item.type,
        "raw_item": dump_raw(item.raw_item),
        "agent": agent_ref(item.agent),
    }
    if isinstance(item, ToolCallOutputItem):
        output = item.output
        if isinstance(output, BaseModel):
            output = output.model_dump(mode="json")
        try:
            data["output"] = json_value(output, "a tool output")
        except UserError:
            data["output"] = str(output)
    elif isinstance(item, InputItem):
        data["input_id"] = item.input_id
    elif isinstance(item, HandoffOutputItem):
        data["source_agent"] = agent_ref(item.source_agent)
        data["target_agent"] = agent_ref(item.target_agent)
    elif isinstance(item, ToolApprovalItem):
        if item.tool_name is not None:
            data["tool_name"] = item.tool_name
        if item.tool_namespace is not None:
            data["tool_namespace"] = item.tool_namespace
        if data["raw_item"].get("type") == "function_call" and item.tool_name:
            data["tool_lookup_key"] = {"kind": "bare", "name": item.tool_name}
    elif isinstance(item, ToolCallItem):
        if isinstance(item.raw_item, ResponseFunctionToolCall):
            data["tool_name"] = item.raw_item.name
        data.update(
            (name, value)
            for name, value in (("description", item.description), ("title", item.title))
            if value is not None
        )
    origin = getattr(item, "tool_origin", None)
    if isinstance(origin, ToolOrigin):
        data["tool_origin"] = origin.to_json_dict()
    return data


def load_call(raw: Any) -> Any:
    """A tool call as the run keeps it: the `openai` type for its `type`, else the mapping."""
    if not isinstance(raw, Mapping):
        raise UserError(f"RunState has a tool call that is not an object: {raw!r:.80}")
    if raw.get("type") == "function_call":
        return ResponseFunctionToolCall.model_validate(raw)
    try:
        return _OUTPUT_ITEM.validate_python(raw)
    except ValueError:
        return dict(raw)


def load_item(data: Any, agents: Mapping[str, Agent[Any]]) -> RunItem:
    if not isinstance(data, Mapping) or "raw_item" not in data:
        raise UserError("RunState has a malformed item (an object with type and raw_item)")
    kind, raw = data.get("type"), data["raw_item"]
    agent = find_agent(data.get("agent"), agents)
    origin = ToolOrigin.from_json_dict(data.get("tool_origin"))  # None on other items
    if kind == "input_item":
        input_id = data.get("input_id")
        if isinstance(input_id, str):
            return InputItem(agent=agent, raw_item=_mapping(raw), input_id=input_id)  # type: ignore[arg-type]
        return InputItem(agent=agent, raw_item=_mapping(raw))  # type: ignore[arg-type]
    if kind == "compaction_item":
        return CompactionItem(agent=agent, raw_item=_mapping(raw))
    if kind == "message_output_item":
        return MessageOutputItem(agent=agent, raw_item=ResponseOutputMessage.model_validate(raw))
    if kind == "reasoning_item":
        return ReasoningItem(agent=agent, raw_item=ResponseReasoningItem.model_validate(raw))
    if kind == "tool_call_item":
        return ToolCallItem(
            agent=agent,
            raw_item=load_call(raw),
            description=_optional_str(data.get("description")),
            title=_optional_str(data.get("title")),
            tool_origin=origin,
        )
    if kind == "handoff_call_item":
        return HandoffCallItem(agent=agent, raw_item=ResponseFunctionToolCall.model_validate(raw))
    if kind == "tool_call_output_item":
        return ToolCallOutputItem(
            agent=agent, raw_item=_mapping(raw), output=data.get("output"), tool_origin=origin
        )
    if kind == "handoff_output_item":
        return HandoffOutputItem(
            agent=agent,
            raw_item=_mapping(raw),
            source_agent=find_agent(data.get("source_agent"), agents, agent),
            target_agent=find_agent(data.get("target_agent"), agents, agent),
        )
    if kind == "mcp_list_tools_item":
        return MCPListToolsItem(agent=agent, raw_item=McpListTools.model_validate(raw))
    if kind == "mcp_approval_request_item":
        return MCPApprovalRequestItem(agent=agent, raw_item=McpApprovalRequest.model_validate(raw))
    if kind == "mcp_approval_response_item":
        return MCPApprovalResponseItem(agent=agent, raw_item=_mapping(raw))  # type: ignore[arg-type]
    if kind == "tool_approval_item":
        return ToolApprovalItem(
            agent=agent,
            raw_item=load_call(raw),
            tool_name=data.get("tool_name"),
            tool_namespace=data.get("tool_namespace"),
            tool_origin=origin,
        )
    raise UserError(
        f"RunState has an item of type {kind!r}, which freeagents cannot resume (it reads "
        "added input, compactions, messages, reasoning, tool calls and outputs, handoffs, "
        "hosted MCP items and tool approvals)"
    )


def _mapping(raw: Any) -> dict[str, Any]:
    if not isinstance(raw, Mapping):
        raise UserError("RunState has a tool output whose raw_item is not an object")
    return dict(raw)


def find_agent(
    ref: Any, agents: Mapping[str, Agent[Any]], default: Agent[Any] | None = None
) -> Agent[Any]:
    if ref is None and default is not None:
        return default
    name = ref.get("name") if isinstance(ref, Mapping) else ref
    if not isinstance(name, str):
        raise UserError("RunState names an agent without a name")
    if name not in agents:
        known = ", ".join(sorted(agents)) or "none"
        raise UserError(
            f"RunState names agent {name!r}, which the starting agent cannot reach through its "
            f"handoffs or agent tools (reachable: {known}). Resume with the same agent graph."
        )
    return agents[name]


def _dump_input_details(details: Any) -> dict[str, int]:
    return {
        "cache_write_tokens": getattr(details, "cache_write_tokens", 0) or 0,
        "cached_tokens": details.cached_tokens or 0,
    }


def _dump_entry(entry: RequestUsage) -> dict[str, Any]:
    """One request's entry; its details are objects, not the one-item lists of the totals."""
    return {
        "input_tokens": entry.input_tokens,
        "input_tokens_details": _dump_input_details(entry.input_tokens_details),
        "output_tokens": entry.output_tokens,
        "output_tokens_details": {
            "reasoning_tokens": entry.output_tokens_details.reasoning_tokens or 0
        },
        "total_tokens": entry.total_tokens,
    }


def _load_entry(data: Any) -> RequestUsage:
    if not isinstance(data, Mapping):
        raise UserError("RunState usage has a request_usage_entries item that is not an object")
    inputs, outputs = data.get("input_tokens_details"), data.get("output_tokens_details")
    inputs = inputs if isinstance(inputs, Mapping) else {}
    outputs = outputs if isinstance(outputs, Mapping) else {}
    return RequestUsage(
        input_tokens=int(data.get("input_tokens", 0)),
        output_tokens=int(data.get("output_tokens", 0)),
        total_tokens=int(data.get("total_tokens", 0)),
        input_tokens_details=input_tokens_details(
            cached_tokens=int(inputs.get("cached_tokens") or 0),
            cache_write_tokens=int(inputs.get("cache_write_tokens") or 0),
        ),
        output_tokens_details=output_tokens_details(int(outputs.get("reasoning_tokens") or 0)),
    )


def dump_usage(usage: Usage) -> dict[str, Any]:
    data: dict[str, Any] = {
        "requests": usage.requests,
        "input_tokens": usage.input_tokens,
        "input_tokens_details": [_dump_input_details(usage.input_tokens_details)],
        "output_tokens": usage.output_tokens,
        "output_tokens_details": [
            {"reasoning_tokens": usage.output_tokens_details.reasoning_tokens or 0}
        ],
        "total_tokens": usage.total_tokens,
        "request_usage_entries": [_dump_entry(e) for e in usage.request_usage_entries],
    }
    if usage.cost is not None:
        data["cost"] = usage.cost
    return data


def load_usage(data: Any) -> Usage:
    if not isinstance(data, Mapping):
        raise UserError("RunState usage must be an object")

    def first(value: Any) -> Mapping[str, Any]:
        if isinstance(value, list):
            value = value[0] if value else {}
        return value if isinstance(value, Mapping) else {}

    inputs, outputs = (
        first(data.get("input_tokens_details")),
        first(data.get("output_tokens_details")),
    )
    cost = data.get("cost")
    return Usage(
        requests=int(data.get("requests", 0)),
        input_tokens=int(data.get("input_tokens", 0)),
        input_tokens_details=input_tokens_details(
            cached_tokens=int(inputs.get("cached_tokens") or 0),
            cache_write_tokens=int(inputs.get("cache_write_tokens") or 0),
        ),
        output_tokens=int(data.get("output_tokens", 0)),
        output_tokens_details=output_tokens_details(int(outputs.get("reasoning_tokens") or 0)),
        total_tokens=int(data.get("total_tokens", 0)),
        request_usage_entries=[_load_entry(e) for e in data.get("request_usage_entries") or []],
        cost=float(cost) if isinstance(cost, int | float) else None,
    )


def dump_response(response: ModelResponse) -> dict[str, Any]:
    return {
        "usage": dump_usage(response.usage),
        "output": [dump_raw(item) for item in response.output],
        "response_id": response.response_id,
        "request_id": response.request_id,
    }


def load_response(data: Any) -> ModelResponse:
    if not isinstance(data, Mapping) or not isinstance(data.get("output"), list):
        raise UserError("RunState has a malformed model response (needs an output list)")
    return ModelResponse(
        output=[_OUTPUT_ITEM.validate_python(item) for item in data["output"]],
        usage=load_usage(data.get("usage", {})),
        response_id=data.get("response_id"),
        request_id=data["request_id"] if isinstance(data.get("request_id"), str) else None,
    )


def trace_state(current: Any) -> dict[str, Any] | None:
    """A trace as RunState writes it (None when tracing is off), so a resumed run continues
    the same trace."""
    if current is None or getattr(current, "disabled", False) or current.trace_id == "no-op":
        return None
    state = {"object": "trace", "id": current.trace_id, "workflow_name": current.name}
    if getattr(current, "group_id", None):
        state["group_id"] = current.group_id
    return state


def _optional_str(value: Any) -> str | None:
    return value if isinstance(value, str) else None
