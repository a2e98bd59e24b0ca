"""RunState <-> one versioned JSON document, in openai-agents 0.24's schema (version 1.21).

What both SDKs share is written with the reference's field names, so a state either one
writes loads in the other: input, items, model responses, usage, the current agent and turn,
approvals, the paused turn (`last_processed_response`, `current_step`) and an agent tool's
nested run (`agent_run_state`). Fields only the reference has (sandboxes, tool-invocation
fingerprints, session write bookkeeping) are not written; reading ignores them. A version
newer than 1.21, a malformed document, or one naming agents or tools the graph lacks is a
UserError before anything runs.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING
from typing import Any
from typing import cast

from openai.types.responses import ResponseFunctionToolCall
from pydantic import BaseModel
from pydantic import ValidationError

from agents._run.local_calls import LocalRun
from agents._run.state_items import agent_ref
from agents._run.state_items import dump_item
from agents._run.state_items import dump_raw
from agents._run.state_items import dump_response
from agents._run.state_items import dump_usage
from agents._run.state_items import find_agent
from agents._run.state_items import json_value
from agents._run.state_items import load_call
from agents._run.state_items import load_item
from agents._run.state_items import load_response
from agents._run.state_items import load_usage
from agents._run.turn import HandoffRun
from agents._run.turn import ProcessedResponse
from agents._run.turn import ToolRun
from agents.exceptions import UserError
from agents.handoffs import Handoff
from agents.items import ToolApprovalItem
from agents.run_context import ApprovalRecord
from agents.run_context import RunContextWrapper
from agents.run_state import CURRENT_SCHEMA_VERSION
from agents.run_state import RunState
from agents.tool import FunctionTool
from agents.tool import LocalTool

if TYPE_CHECKING:
    from agents.agent import Agent

logger = logging.getLogger("openai.agents")

READABLE_VERSIONS = frozenset(f"1.{minor}" for minor in range(22))


def encode_state(
    state: RunState[Any, Any], *, context_serializer: Any, strict_context: bool
) -> dict[str, Any]:
    context = state._context
    if context is None:
        raise UserError("Cannot write a RunState without a context")
    payload, meta = _dump_context(context.context, context_serializer, strict_context)
    function_approvals, tool_approvals = _dump_approvals(context)
    context_entry: dict[str, Any] = {
        "usage": dump_usage(context.usage),
        "approvals": tool_approvals,
        "context": payload,
        "context_meta": meta,
    }
    if function_approvals:
        context_entry["function_tool_approvals"] = function_approvals
    if context.tool_input is not None:  # the run of an agent tool: its arguments, as JSON
        context_entry["tool_input"] = _dump_tool_input(context.tool_input)
    interruptions = [dump_item(i) for i in state._interruptions]
    responses = [dump_response(r) for r in state._model_responses]
    items = [dump_item(i) for i in state._generated_items]
    return {
        "$schemaVersion": CURRENT_SCHEMA_VERSION,
        "current_turn": state._current_turn,
        "current_agent": agent_ref(state._current_agent),
        "original_input": json_value(state._original_input, "the run's input"),
        "pending_input": json_value(state._pending_input, "the input staged by add_input"),
        "model_responses": responses,
        "context": context_entry,
        "tool_use_tracker": {k: list(v) for k, v in state._tool_use_tracker_snapshot.items()},
        "max_turns": state._max_turns,
        "no_active_agent_run": True,
        "input_guardrail_results": [
            _dump_guardrail(r, "input") for r in state._input_guardrail_results
        ],
        "output_guardrail_results": [
            _dump_guardrail(r, "output") for r in state._output_guardrail_results
        ],
        "tool_input_guardrail_results": [],
        "tool_output_guardrail_results": [],
        "conversation_id": state._conversation_id,
        "previous_response_id": state._previous_response_id,
        "auto_previous_response_id": state._auto_previous_response_id,
        "generated_prompt_cache_key": None,
        "reasoning_item_id_policy": None,
        "generated_items": items,
        "session_items": items,
        "current_step": (
            {
                "type": "next_step_interruption",
                "data": {
                    "interruptions": interruptions,
                    "response_accepted": False,
                    "llm_end_hooks_started": True,
                },
            }
            if state._interruptions
            else None
            if state._finished
            else {"type": "next_step_run_again"}
        ),
        "last_model_response": responses[-1] if responses else None,
        "last_processed_response": _dump_processed(state, interruptions, context_serializer),
        "current_turn_persisted_item_count": 0,
        "trace": state._trace_state,
    }


def _dump_processed(
    state: RunState[Any, Any], interruptions: list[dict[str, Any]], context_serializer: Any
) -> dict[str, Any] | None:
    processed = state._last_processed_response
    if processed is None:
        return None
    functions = []
    for run in processed.tool_runs:
        entry: dict[str, Any] = {"tool_call": dump_raw(run.call)}
        if run.tool is not None:
            entry["tool"] = {
                "name": run.tool.name,
                "lookupKey": {"kind": "bare", "name": run.tool.name},
                "description": run.tool.description,
                "paramsJsonSchema": run.tool.params_json_schema,
            }
        nested = state._nested_states.get(run.call.call_id)
        if nested is not None:
            entry["agent_run_state"] = encode_state(
                nested, context_serializer=context_serializer, strict_context=False
            )
        functions.append(entry)
    local: dict[str, list[dict[str, Any]]] = {group: [] for group, _ in _LOCAL_GROUPS.values()}
    for local_run in processed.local_runs:
        group, wrapper = _local_group(local_run)
        tool_data = {"name": local_run.tool.name}
        description = getattr(local_run.tool, "description", None)
        if isinstance(description, str):
            tool_data["description"] = description
        local[group].append({"tool_call": dump_raw(local_run.call), wrapper: tool_data})
    return {
        "new_items": [dump_item(i) for i in processed.new_items],
        "tools_used": [run.call.name for run in processed.tool_runs]
        + [run.tool.name for run in processed.local_runs],
        "functions": functions,
        **local,
        "handoffs": [
            {"tool_call": dump_raw(h.call), "handoff": {"tool_name": h.handoff.tool_name}}
            for h in processed.handoffs
        ],
        "mcp_approval_requests": [],
        "interruptions": interruptions,
        "mcp_tool_bindings": {},
    }


_LOCAL_GROUPS = {
    "computer_call": ("computer_actions", "computer"),
    "custom_tool_call": ("custom_tool_actions", "custom_tool"),
    "local_shell_call": ("local_shell_actions", "local_shell"),
    "shell_call": ("shell_actions", "shell"),
    "apply_patch_call": ("apply_patch_actions", "apply_patch"),
}
"""Call type -> (the reference's key for its runs in last_processed_response, the key
naming the tool in each entry)."""


def _local_group(run: LocalRun) -> tuple[str, str]:
    if getattr(run.tool, "type", None) == "shell":  # a ShellTool answers local_shell calls too
        return _LOCAL_GROUPS["shell_call"]
    return _LOCAL_GROUPS[run.kind]


def _dump_context(value: Any, serializer: Any, strict: bool) -> tuple[Any, dict[str, Any]]:
    def meta(original: str, via: str, omitted: bool = False) -> dict[str, Any]:
        data: dict[str, Any] = {
            "original_type": original,
            "serialized_via": via,
            "requires_deserializer": original == "custom",
            "omitted": omitted,
        }
        if original == "custom":
            data["class_path"] = f"{type(value).__module__}.{type(value).__qualname__}"
        return data

    if serializer is not None:
        dumped = serializer(value)
        if not isinstance(dumped, Mapping):
            raise UserError("context_serializer must return a mapping")
        return json_value(dict(dumped), "the context"), meta("custom", "context_serializer")
    if value is None:
        return None, meta("none", "none")
    if isinstance(value, Mapping):
        return json_value(dict(value), "the context"), meta("mapping", "mapping")
    message = (
        f"The run's context is a {type(value).__name__}, which RunState cannot write as "
        "JSON: pass to_json(context_serializer=...) and from_json(context_deserializer=...), "
        "or resume with from_json(context_override=...)."
    )
    if strict:
        raise UserError(message)
    logger.warning(message)
    return {}, meta("custom", "omitted", omitted=True)


def _dump_tool_input(tool_input: Any) -> Any:
    """An agent tool's arguments as JSON data (a dataclass or model dumped as the
    reference dumps them)."""
    if dataclasses.is_dataclass(tool_input) and not isinstance(tool_input, type):
        tool_input = dataclasses.asdict(tool_input)
    elif isinstance(tool_input, BaseModel):
        tool_input = tool_input.model_dump(mode="json", exclude_unset=True)
    return json_value(tool_input, "the agent tool's input (RunContextWrapper.tool_input)")


def _dump_approvals(
    context: RunContextWrapper[Any],
) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]:
    owned: list[dict[str, Any]] = []
    shared: dict[str, dict[str, Any]] = {}
    for (agent_name, tool), record in context._approvals.items():
        decision: dict[str, Any] = {
            "approved": _side(record.approved),
            "rejected": _side(record.rejected),
        }
        if record.rejection_messages:
            decision["rejection_messages"] = dict(record.rejection_messages)
        if record.sticky_rejection_message is not None:
            decision["sticky_rejection_message"] = record.sticky_rejection_message
        if agent_name is None:
            shared[tool] = decision
        else:
            owned.append({"agent": {"name": agent_name}, "tool_key": tool, "decision": decision})
    return owned, shared


def _side(value: bool | list[str]) -> bool | list[str]:
    return list(value) if isinstance(value, list) else bool(value)


def _dump_guardrail(result: Any, kind: str) -> dict[str, Any]:
    info = result.output.output_info
    try:
        info = json_value(info, "a guardrail's output_info")
    except UserError:
        info = str(info)
    entry: dict[str, Any] = {
        "guardrail": {"type": kind, "name": result.guardrail.get_name()},
        "output": {"tripwireTriggered": result.output.tripwire_triggered, "outputInfo": info},
    }
    if kind == "output":
        entry["agent"] = agent_ref(result.agent)
    return entry


async def decode_state(
    initial_agent: Agent[Any],
    data: Any,
    *,
    context_override: Any,
    context_deserializer: Any,
    strict_context: bool,
) -> RunState[Any, Any]:
    """The state `data` describes, or UserError; never a half-built state."""
    if not isinstance(data, dict):
        raise UserError("RunState JSON must be an object")
    version = data.get("$schemaVersion")
    if not isinstance(version, str) or not version:
        raise UserError("RunState JSON has no $schemaVersion: it is not a saved RunState")
    if version not in READABLE_VERSIONS:
        raise UserError(
            f"RunState schema version {version!r} is not supported: freeagents reads versions "
            f"1.0 to {CURRENT_SCHEMA_VERSION}. It was probably written by a newer SDK; resume "
            "it there, or upgrade freeagents."
        )
    try:
        return await _decode(
            initial_agent, data, context_override, context_deserializer, strict_context
        )
    except UserError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError, ValidationError) as exc:
        detail = f"missing field {exc}" if isinstance(exc, KeyError) else type(exc).__name__
        raise UserError(
            f"RunState JSON is malformed or was altered ({detail}); it cannot be resumed"
        ) from None


async def _decode(
    initial_agent: Agent[Any],
    data: dict[str, Any],
    context_override: Any,
    context_deserializer: Any,
    strict_context: bool,
) -> RunState[Any, Any]:
    agents = reachable_agents(initial_agent)
    current = find_agent(data["current_agent"], agents)
    context_entry = data["context"]
    context = _load_context(context_entry, context_override, context_deserializer, strict_context)
    context.usage = load_usage(context_entry.get("usage", {}))
    _load_approvals(context, context_entry)
    tool_input = context_entry.get("tool_input")
    if context_override is None and tool_input is not None and context.tool_input is None:
        context.tool_input = tool_input
    original = data["original_input"]
    if not isinstance(original, str | list):
        raise UserError("RunState original_input must be a string or a list of items")
    max_turns = data.get("max_turns", 10)
    if max_turns is not None and (not isinstance(max_turns, int) or max_turns < 1):
        raise UserError("RunState max_turns must be a positive integer or null")
    state: RunState[Any, Any] = RunState(
        context,
        original,
        initial_agent,
        max_turns,
        conversation_id=data.get("conversation_id"),
        previous_response_id=data.get("previous_response_id"),
        auto_previous_response_id=bool(data.get("auto_previous_response_id", False)),
    )
    state._current_agent = current
    turn = data["current_turn"]
    if not isinstance(turn, int) or turn < 0:
        raise UserError("RunState current_turn must be a non-negative integer")
    state._current_turn = turn
    state._model_responses = [load_response(r) for r in data.get("model_responses", [])]
    state._generated_items = [load_item(i, agents) for i in data.get("generated_items", [])]
    tracker = data.get("tool_use_tracker") or {}
    state._tool_use_tracker_snapshot = {str(k): [str(t) for t in v] for k, v in tracker.items()}
    trace = data.get("trace")
    state._trace_state = dict(trace) if isinstance(trace, Mapping) else None
    step = data.get("current_step")
    if isinstance(step, Mapping) and step.get("type") == "next_step_interruption":
        raw = step.get("data", {}).get("interruptions", [])
        state._interruptions = [_load_approval_item(i, agents) for i in raw]
    state._finished = step is None
    pending = data.get("pending_input", [])
    if not isinstance(pending, list):
        raise UserError("RunState pending_input must be a list of input items")
    state._pending_input = [cast(Any, dict(i) if isinstance(i, Mapping) else i) for i in pending]
    processed = data.get("last_processed_response")
    if processed and state._interruptions:
        await _load_processed(state, processed, current, agents, context_deserializer)
    elif state._interruptions:
        raise UserError("RunState is paused on approvals but has no last_processed_response")
    return state


async def _load_processed(
    state: RunState[Any, Any],
    data: Mapping[str, Any],
    agent: Agent[Any],
    agents: Mapping[str, Agent[Any]],
    context_deserializer: Any,
) -> None:
    assert state._context is not None
    listed = await agent.get_all_tools(state._context)
    local_tools = {t.name: t for t in listed if isinstance(t, LocalTool)}
    forms = [
        t.function_tool() if isinstance(t, LocalTool) and not getattr(t, "hosted", False) else t
        for t in listed
    ]
    tools = {t.name: t for t in forms if isinstance(t, FunctionTool)}
    handoffs = {h.tool_name: h for h in _handoffs_of(agent)}
    processed = ProcessedResponse(
        new_items=[load_item(i, agents) for i in data.get("new_items", [])]
    )
    for entry in data.get("functions", []):
        call = ResponseFunctionToolCall.model_validate(entry["tool_call"])
        if call.name not in tools:
            raise UserError(
                f"RunState has a pending call of tool {call.name!r}, which agent {agent.name!r} "
                "no longer has. Resume with the agent and tools the run was paused with."
            )
        processed.tool_runs.append(ToolRun(call, tools[call.name]))
        nested = entry.get("agent_run_state")
        if nested is not None:
            spec = getattr(tools[call.name], "_agent_tool", None)
            if spec is None:
                raise UserError(
                    f"RunState has a paused run inside {call.name!r}, which is not an agent "
                    "tool (Agent.as_tool) here"
                )
            state._nested_states[call.call_id] = await decode_state(
                spec.agent,
                nested,
                context_override=None,
                context_deserializer=context_deserializer,
                strict_context=False,
            )
    for entry in data.get("handoffs", []):
        call = ResponseFunctionToolCall.model_validate(entry["tool_call"])
        name = entry.get("handoff", {}).get("tool_name", call.name)
        if name not in handoffs:
            raise UserError(f"RunState has a pending handoff {name!r} that {agent.name!r} lacks")
        processed.handoffs.append(HandoffRun(call, handoffs[name]))
    processed.local_runs = _load_local_runs(data, agent, local_tools)
    pending = {i.call_id for i in state._interruptions}
    nested_pending = {i.call_id for n in state._nested_states.values() for i in n._interruptions}
    known = {run.call.call_id for run in processed.tool_runs} | nested_pending
    known |= {run.call_id for run in processed.local_runs}
    if not pending <= known:
        raise UserError(
            "RunState is inconsistent: an interruption names a call the paused turn did not "
            "make (was the JSON edited?)"
        )
    state._last_processed_response = processed


def _load_local_runs(
    data: Mapping[str, Any], agent: Agent[Any], tools: Mapping[str, Any]
) -> list[LocalRun]:
    """The paused turn's calls of local tools (Responses API), each with its tool."""
    runs = []
    for group, wrapper in dict.fromkeys(_LOCAL_GROUPS.values()):
        for entry in data.get(group) or []:
            name = (entry.get(wrapper) or {}).get("name") if isinstance(entry, Mapping) else None
            if not isinstance(name, str) or name not in tools:
                raise UserError(
                    f"RunState has a pending call of tool {name!r}, which agent {agent.name!r} "
                    "no longer has. Resume with the agent and tools the run was paused with."
                )
            runs.append(LocalRun(load_call(entry.get("tool_call")), tools[name]))
    return runs


def _load_approval_item(data: Any, agents: Mapping[str, Agent[Any]]) -> ToolApprovalItem:
    item = load_item(data, agents)
    if not isinstance(item, ToolApprovalItem) or not item.call_id:
        raise UserError("RunState interruptions must be tool_approval_item entries with call ids")
    return item


def _load_context(
    entry: Mapping[str, Any], override: Any, deserializer: Any, strict: bool
) -> RunContextWrapper[Any]:
    if isinstance(override, RunContextWrapper):
        wrapper: RunContextWrapper[Any] = RunContextWrapper(context=override.context)
        return wrapper
    if override is not None:
        return RunContextWrapper(context=override)
    payload = entry.get("context")
    meta = entry.get("context_meta") or {}
    if deserializer is not None and payload is not None:
        if not isinstance(payload, Mapping):
            raise UserError("RunState context must be an object to use context_deserializer")
        return RunContextWrapper(context=deserializer(dict(payload)))
    if isinstance(meta, Mapping) and meta.get("requires_deserializer"):
        message = (
            f"RunState's context was a {meta.get('class_path') or 'custom object'}, written "
            "as plain data; pass context_deserializer=... or context_override=... to rebuild it."
        )
        if strict:
            raise UserError(message)
        logger.warning(message)
    if payload is not None and not isinstance(payload, Mapping):
        raise UserError("RunState context must be an object or null")
    return RunContextWrapper(context=dict(payload) if payload is not None else None)


def _load_approvals(context: RunContextWrapper[Any], entry: Mapping[str, Any]) -> None:
    def record(decision: Any) -> ApprovalRecord:
        if not isinstance(decision, Mapping):
            raise UserError("RunState has a malformed approval decision")

        def side(value: Any) -> bool | list[str]:
            if value is True:
                return True
            if isinstance(value, list) and all(isinstance(v, str) for v in value):
                return list(value)
            if value in (False, None):
                return []
            raise UserError("RunState approval decisions must be true or a list of call ids")

        messages = decision.get("rejection_messages") or {}
        sticky = decision.get("sticky_rejection_message")
        return ApprovalRecord(
            approved=side(decision.get("approved")),
            rejected=side(decision.get("rejected")),
            rejection_messages={str(k): str(v) for k, v in messages.items()},
            sticky_rejection_message=sticky if isinstance(sticky, str) else None,
        )

    for tool, decision in (entry.get("approvals") or {}).items():
        context._approvals[(None, str(tool))] = record(decision)
    for owned in entry.get("function_tool_approvals") or []:
        name = owned["agent"]["name"] if isinstance(owned.get("agent"), Mapping) else None
        context._approvals[(name, str(owned["tool_key"]))] = record(owned["decision"])


def _handoffs_of(agent: Agent[Any]) -> list[Handoff[Any, Any]]:
    from agents.handoffs import handoff as make_handoff

    return [h if isinstance(h, Handoff) else make_handoff(h) for h in agent.handoffs]


def reachable_agents(start: Agent[Any]) -> dict[str, Agent[Any]]:
    """Every agent a run from `start` can reach (handoffs, agent tools), by name."""
    from agents.agent import Agent

    found: dict[str, Agent[Any]] = {}
    todo: list[Any] = [start]
    while todo:
        agent = todo.pop()
        if not isinstance(agent, Agent) or agent.name in found:
            continue
        found[agent.name] = agent
        for h in agent.handoffs:
            todo.append(h if isinstance(h, Agent) else getattr(h, "_agent_ref", None))
        for tool in agent.tools:
            spec = getattr(tool, "_agent_tool", None)
            if spec is not None:
                todo.append(spec.agent)
    return found
