"""Where an agent run as a tool (`Agent.as_tool`) leaves its nested run when that run pauses
on an approval: keyed by the outer tool call, so the outer run (or code holding that call)
can read the nested result, its interruptions and its RunState.

Entries are keyed by the tool call object itself and, as a fallback, by what the call says
(call id, name, arguments, type, id, status) when exactly one entry matches, so a copy of the
call read back from JSON finds it too. An optional scope id (set on a run's context) keeps
independently resumed states apart. An entry goes away with its tool call object, or when
consumed or dropped. The store is process-local and holds live objects: it is not part of a
saved RunState (freeagents writes the nested run's own state there).
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING
from typing import Any

if TYPE_CHECKING:
    from openai.types.responses.response_function_tool_call import ResponseFunctionToolCall

__all__ = [
    "ScopedToolCallObject",
    "ScopedToolCallSignature",
    "ToolCallSignature",
    "agent_tool_resume_checkpoint_owns_approval",
    "consume_agent_tool_run_result",
    "drop_agent_tool_run_result",
    "get_agent_tool_resume_state",
    "get_agent_tool_state_scope",
    "peek_agent_tool_run_result",
    "record_agent_tool_resume_state",
    "record_agent_tool_run_result",
    "set_agent_tool_state_scope",
]

ToolCallSignature = tuple[str, str, str, str, str | None, str | None]
"""(call_id, name, arguments, type, id, status) of a function tool call."""
ScopedToolCallSignature = tuple[str | None, ToolCallSignature]
ScopedToolCallObject = tuple[str | None, int]
"""(scope id, id() of the tool call object)."""

_SCOPE_ATTR = "_agent_tool_state_scope_id"


@dataclass
class _AgentToolResumeCheckpoint:
    """A nested RunState being resumed with decisions, and which approvals it took over."""

    state: Any
    approval_identities: frozenset[tuple[str, str, str, str]]

    @property
    def interruptions(self) -> list[Any]:
        found = self.state.get_interruptions()
        return found if isinstance(found, list) else []

    def to_state(self) -> Any:
        return self.state


_results: dict[ScopedToolCallObject, Any] = {}
_by_signature: dict[ScopedToolCallSignature, set[ScopedToolCallObject]] = {}
_signature_of: dict[ScopedToolCallObject, ScopedToolCallSignature] = {}
_call_refs: dict[int, weakref.ref[Any]] = {}


def get_agent_tool_state_scope(context: Any) -> str | None:
    """The scope id set on a run context by set_agent_tool_state_scope, if any."""
    scope = getattr(context, _SCOPE_ATTR, None)
    return scope if isinstance(scope, str) else None


def set_agent_tool_state_scope(context: Any, scope_id: str | None) -> None:
    """Set (or with None, remove) the scope id on a run context; a context that cannot
    carry attributes is left as it is."""
    if context is None:
        return
    try:
        if scope_id is None:
            if hasattr(context, _SCOPE_ATTR):
                delattr(context, _SCOPE_ATTR)
        else:
            setattr(context, _SCOPE_ATTR, scope_id)
    except (AttributeError, TypeError):
        return


def _signature(call: ResponseFunctionToolCall, scope_id: str | None) -> ScopedToolCallSignature:
    return (scope_id, (call.call_id, call.name, call.arguments, call.type, call.id, call.status))


def _forget(key: ScopedToolCallObject) -> None:
    """Remove `key` from the signature index (and the call's weak reference when no scope
    keeps an entry for that call object)."""
    signature = _signature_of.pop(key, None)
    if signature is not None:
        keys = _by_signature.get(signature)
        if keys is not None:
            keys.discard(key)
            if not keys:
                del _by_signature[signature]
    if not any(other[1] == key[1] for other in _results):
        _call_refs.pop(key[1], None)


def _on_call_collected(object_id: int) -> None:
    for key in [k for k in _results if k[1] == object_id]:
        del _results[key]
        _forget(key)
    for key in [k for k in _signature_of if k[1] == object_id]:
        _forget(key)
    _call_refs.pop(object_id, None)


def record_agent_tool_run_result(
    tool_call: ResponseFunctionToolCall, run_result: Any, *, scope_id: str | None = None
) -> None:
    """Keep the nested run's result (a RunResult, RunResultStreaming or resume checkpoint)
    for `tool_call`, until it is consumed, dropped or the call object is collected."""
    object_id = id(tool_call)
    key = (scope_id, object_id)
    _results[key] = run_result
    signature = _signature(tool_call, scope_id)
    _signature_of[key] = signature
    _by_signature.setdefault(signature, set()).add(key)
    if object_id not in _call_refs:
        _call_refs[object_id] = weakref.ref(tool_call, lambda _: _on_call_collected(object_id))


def _approval_identity(item: Any) -> tuple[str, str, str, str] | None:
    raw = getattr(item, "raw_item", None)

    def field(name: str) -> Any:
        return raw.get(name) if isinstance(raw, dict) else getattr(raw, name, None)

    call_id = field("call_id") or field("id")
    if not isinstance(call_id, str):
        return None
    name = getattr(item, "tool_name", None) or field("name") or ""
    namespace = getattr(item, "tool_namespace", None) or field("namespace") or ""
    return (str(field("type") or ""), str(namespace), str(name), call_id)


def record_agent_tool_resume_state(
    tool_call: ResponseFunctionToolCall,
    state: Any,
    *,
    scope_id: str | None = None,
    approval_items: list[Any] | None = None,
) -> None:
    """Keep a nested RunState that is being resumed, with the approvals it answers
    (`approval_items`, else the state's own interruptions)."""
    items = approval_items
    if items is None:
        listed = getattr(state, "get_interruptions", None)
        found = listed() if callable(listed) else []
        items = found if isinstance(found, list) else []
    identities = frozenset(i for i in map(_approval_identity, items) if i is not None)
    record_agent_tool_run_result(
        tool_call, _AgentToolResumeCheckpoint(state, identities), scope_id=scope_id
    )


def get_agent_tool_resume_state(run_result: Any) -> Any | None:
    """The RunState of a resume checkpoint; None for anything else."""
    return run_result.state if isinstance(run_result, _AgentToolResumeCheckpoint) else None


def agent_tool_resume_checkpoint_owns_approval(run_result: Any, approval_item: Any) -> bool:
    """Whether `run_result` is a resume checkpoint that answers `approval_item`."""
    if not isinstance(run_result, _AgentToolResumeCheckpoint):
        return False
    identity = _approval_identity(approval_item)
    return identity is not None and identity in run_result.approval_identities


def _find(tool_call: ResponseFunctionToolCall, scope_id: str | None) -> ScopedToolCallObject | None:
    key = (scope_id, id(tool_call))
    if key in _results:
        return key
    keys = _by_signature.get(_signature(tool_call, scope_id))
    if keys is None or len(keys) != 1:
        return None  # none, or ambiguous: several calls say the same thing
    return next(iter(keys))


def peek_agent_tool_run_result(
    tool_call: ResponseFunctionToolCall, *, scope_id: str | None = None
) -> Any | None:
    """The nested result kept for `tool_call`, left in place."""
    key = _find(tool_call, scope_id)
    return None if key is None else _results.get(key)


def consume_agent_tool_run_result(
    tool_call: ResponseFunctionToolCall, *, scope_id: str | None = None
) -> Any | None:
    """The nested result kept for `tool_call`, removed from the store."""
    key = _find(tool_call, scope_id)
    if key is None:
        return None
    result = _results.pop(key, None)
    _forget(key)
    return result


def drop_agent_tool_run_result(
    tool_call: ResponseFunctionToolCall, *, scope_id: str | None = None
) -> None:
    """Forget the nested result kept for `tool_call`, if any."""
    consume_agent_tool_run_result(tool_call, scope_id=scope_id)
