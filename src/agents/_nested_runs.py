"""Where an agent used as a tool meets the run that called it, about pauses.

`Agent.as_tool` runs another agent inside a tool call. When that inner run stops on a tool
call needing approval, the outer run must stop too, and later resume the inner run where it
stopped rather than start it again. The outer run's tool execution opens a slot per agent-tool
call (a context variable the tool's task inherits); the tool reads the state to resume from
it and leaves its own paused state in it. Outside a run (a direct `on_invoke_tool`) there is
no slot and the tool simply runs.

This module is low in the package (it imports nothing of it), so both `agents.agent` and
`agents._run` can use it.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any


@dataclass
class NestedSlot:
    resume: Any = None
    """The inner run's RunState to continue (approvals taken), or None for a fresh run."""

    paused: Any = None
    """Set by the tool: the inner run's RunState when it stopped on approvals."""


_SLOTS: ContextVar[dict[str, NestedSlot] | None] = ContextVar("agent_tool_slots", default=None)


def open_slots(slots: dict[str, NestedSlot]) -> Any:
    """Make `slots` (call id -> slot) visible to the tool calls started from here on."""
    return _SLOTS.set(slots)


def close_slots(token: Any) -> None:
    _SLOTS.reset(token)


def slot_for(call_id: str) -> NestedSlot | None:
    """The slot of this agent-tool call, when a run opened one."""
    slots = _SLOTS.get()
    return None if slots is None else slots.get(call_id)
