"""A trace: one workflow (usually one run), the root of its spans."""

from __future__ import annotations

import contextvars
from typing import Any

from agents.tracing.dispatch import DISPATCHER
from agents.tracing.ids import gen_trace_id
from agents.tracing.scope import current_trace
from agents.tracing.timed import Timed


class Trace(Timed):
    """Use as a context manager (`with trace("My workflow"):`) or call start()/finish()."""

    def __init__(
        self,
        name: str,
        trace_id: str | None = None,
        group_id: str | None = None,
        metadata: dict[str, Any] | None = None,
        disabled: bool = False,
    ) -> None:
        self.name = name
        # A disabled trace is never seen by anyone: skip the id and clock work.
        self.trace_id = trace_id or ("no-op" if disabled else gen_trace_id())
        self.group_id = group_id
        self.metadata = metadata
        self.disabled = disabled
        self.started_at: str | None = None
        self.ended_at: str | None = None
        self._token = None

    def __repr__(self) -> str:
        return f"Trace(name={self.name!r}, trace_id={self.trace_id!r})"

    def _current_var(self) -> contextvars.ContextVar[Any]:
        return current_trace

    def _started(self) -> None:
        DISPATCHER.trace_start(self)

    def _ended(self) -> None:
        DISPATCHER.trace_end(self)

    def __enter__(self) -> Trace:
        self.start(mark_as_current=True)
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.finish(reset_current=True)

    def export(self) -> dict[str, Any] | None:
        if self.disabled:
            return None
        return {
            "object": "trace",
            "id": self.trace_id,
            "workflow_name": self.name,
            "group_id": self.group_id,
            "metadata": self.metadata,
            "started_at": self.started_at,
            "ended_at": self.ended_at,
        }
