"""A trace: one workflow (usually one run), the root of its spans."""

from __future__ import annotations

import contextlib
import contextvars
from datetime import datetime, timezone
from types import TracebackType
from typing import Any

from agents.tracing.dispatch import DISPATCHER
from agents.tracing.ids import gen_trace_id
from agents.tracing.scope import current_trace


def _now() -> str:
    return datetime.now(timezone.utc).isoformat()


class Trace:
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
        self._token: contextvars.Token[Trace | None] | None = None

    def __repr__(self) -> str:
        return f"Trace(name={self.name!r}, trace_id={self.trace_id!r})"

    def start(self, mark_as_current: bool = False) -> None:
        if self.started_at is not None:
            return
        self.started_at = "" if self.disabled else _now()
        if mark_as_current:
            self._token = current_trace.set(self)
        if not self.disabled:
            DISPATCHER.trace_start(self)

    def finish(self, reset_current: bool = False) -> None:
        if self.ended_at is not None:
            return
        self.ended_at = "" if self.disabled else _now()
        if reset_current and self._token is not None:
            # A trace finished in another context (a cancelled task) cannot reset it.
            with contextlib.suppress(ValueError):
                current_trace.reset(self._token)
            self._token = None
        if not self.disabled:
            DISPATCHER.trace_end(self)

    def __enter__(self) -> Trace:
        self.start(mark_as_current=True)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
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
