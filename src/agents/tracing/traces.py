"""A trace: one workflow (usually one run), the root of its spans.

`Trace` is the interface processors see; `TraceImpl` is a recorded trace and `NoOpTrace`
the stand-in when tracing is off (it still becomes current, so runs inside it stay quiet).
"""

from __future__ import annotations

import abc
import contextvars
from typing import TYPE_CHECKING
from typing import Any

from typing_extensions import Self

from agents.tracing._lifetime import Lifetime
from agents.tracing._lifetime import Recorded
from agents.tracing._lifetime import Scoped
from agents.tracing._lifetime import Unrecorded
from agents.tracing.scope import Scope
from agents.tracing.util import gen_trace_id
from agents.tracing.util import time_iso

if TYPE_CHECKING:
    from agents.tracing.processor_interface import TracingProcessor


class Trace(Scoped):
    """Use as a context manager (`with trace("My workflow"):`) or call start()/finish()."""

    @property
    @abc.abstractmethod
    def name(self) -> str: ...

    def to_json(self, *, include_tracing_api_key: bool = False) -> dict[str, Any] | None:
        """The trace as JSON; its tracing key only when asked for explicitly."""
        payload = self.export()
        if payload is None:
            return None
        if include_tracing_api_key and self.tracing_api_key:
            payload = {**payload, "tracing_api_key": self.tracing_api_key}
        return payload

    def __repr__(self) -> str:
        return f"{type(self).__name__}(name={self.name!r}, trace_id={self.trace_id!r})"


class _ScopedTrace(Lifetime, Trace):
    """A trace's lifetime, made current through the running task's current-trace variable."""

    def _set_current(self) -> contextvars.Token[Any]:
        return Scope.set_current_trace(self)

    def _reset_current(self, token: contextvars.Token[Any]) -> None:
        Scope.reset_current_trace(token)


class NoOpTrace(Unrecorded, _ScopedTrace):
    """Records nothing; spans opened inside it are no-ops too."""

    def __init__(self) -> None:
        self._started = False
        self._token = None
        self.group_id: str | None = None
        self.metadata: dict[str, Any] | None = None

    def __enter__(self) -> Self:
        if not self._started:
            self._started = True
            self.start(mark_as_current=True)
        return self

    @property
    def name(self) -> str:
        return "no-op"


NO_OP_TRACE = NoOpTrace()


class TraceImpl(Recorded, _ScopedTrace):
    """A recorded trace: its processor hears of its start and its end."""

    __slots__ = (
        "_ended_at",
        "_name",
        "_processor",
        "_started_at",
        "_trace_id",
        "_tracing_api_key",
        "group_id",
        "metadata",
    )

    def __init__(
        self,
        name: str,
        trace_id: str | None,
        group_id: str | None,
        metadata: dict[str, Any] | None,
        processor: TracingProcessor,
        tracing_api_key: str | None = None,
    ) -> None:
        super().__init__(trace_id or gen_trace_id(), processor, tracing_api_key)
        self._name = name
        self.group_id = group_id
        self.metadata = metadata

    @property
    def name(self) -> str:
        return self._name

    def _begin(self) -> bool:
        if self._started_at is not None:
            return False
        self._started_at = time_iso()
        self._processor.on_trace_start(self)
        return True

    def _end(self) -> bool:
        if self._started_at is None or self._ended_at is not None:
            return False
        self._ended_at = time_iso()
        self._processor.on_trace_end(self)
        return True

    def export(self) -> dict[str, Any] | None:
        return {
            "object": "trace",
            "id": self._trace_id,
            "workflow_name": self._name,
            "group_id": self.group_id,
            "metadata": self.metadata,
        }
