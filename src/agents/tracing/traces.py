"""A trace: one workflow (usually one run), the root of its spans.

`Trace` is the interface processors see; `TraceImpl` is a recorded trace and `NoOpTrace`
the stand-in when tracing is off (it still becomes current, so runs inside it stay quiet).
"""

from __future__ import annotations

import abc
import contextlib
import contextvars
from types import TracebackType
from typing import TYPE_CHECKING, Any

from agents.tracing.scope import Scope
from agents.tracing.util import gen_trace_id, time_iso

if TYPE_CHECKING:
    from agents.tracing.processor_interface import TracingProcessor


class Trace(abc.ABC):
    """Use as a context manager (`with trace("My workflow"):`) or call start()/finish()."""

    @abc.abstractmethod
    def __enter__(self) -> Trace: ...

    @abc.abstractmethod
    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_val: BaseException | None,
        exc_tb: TracebackType | None,
    ) -> None: ...

    @abc.abstractmethod
    def start(self, mark_as_current: bool = False) -> None:
        """Start the trace; `mark_as_current` makes runs and spans inside join it."""

    @abc.abstractmethod
    def finish(self, reset_current: bool = False) -> None:
        """End the trace; `reset_current` restores the previous current trace."""

    @property
    @abc.abstractmethod
    def trace_id(self) -> str: ...

    @property
    @abc.abstractmethod
    def name(self) -> str: ...

    @abc.abstractmethod
    def export(self) -> dict[str, Any] | None: ...

    @property
    @abc.abstractmethod
    def tracing_api_key(self) -> str | None: ...

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


class _ScopedTrace(Trace):
    """Makes itself current on start and restores the previous trace on finish."""

    _token: contextvars.Token[Trace | None] | None = None

    def _mark_current(self) -> None:
        self._token = Scope.set_current_trace(self)

    def _reset_current(self) -> None:
        if self._token is not None:
            # A trace finished in another context (a cancelled task) cannot reset it.
            with contextlib.suppress(ValueError):
                Scope.reset_current_trace(self._token)
            self._token = None


class NoOpTrace(_ScopedTrace):
    """Records nothing; spans opened inside it are no-ops too."""

    def __init__(self) -> None:
        self._started = False
        self._token = None
        self.group_id: str | None = None
        self.metadata: dict[str, Any] | None = None

    def __enter__(self) -> Trace:
        if not self._started:
            self._started = True
            self.start(mark_as_current=True)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_val: BaseException | None,
        exc_tb: TracebackType | None,
    ) -> None:
        self.finish(reset_current=True)

    def start(self, mark_as_current: bool = False) -> None:
        if mark_as_current:
            self._mark_current()

    def finish(self, reset_current: bool = False) -> None:
        if reset_current:
            self._reset_current()

    @property
    def trace_id(self) -> str:
        return "no-op"

    @property
    def name(self) -> str:
        return "no-op"

    def export(self) -> dict[str, Any] | None:
        return None

    @property
    def tracing_api_key(self) -> str | None:
        return None


NO_OP_TRACE = NoOpTrace()


class TraceImpl(_ScopedTrace):
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
        self._name = name
        self._trace_id = trace_id or gen_trace_id()
        self._tracing_api_key = tracing_api_key
        self.group_id = group_id
        self.metadata = metadata
        self._processor = processor
        self._token = None
        self._started_at: str | None = None
        self._ended_at: str | None = None

    @property
    def trace_id(self) -> str:
        return self._trace_id

    @property
    def name(self) -> str:
        return self._name

    @property
    def tracing_api_key(self) -> str | None:
        return self._tracing_api_key

    @property
    def started_at(self) -> str | None:
        return self._started_at

    @property
    def ended_at(self) -> str | None:
        return self._ended_at

    def start(self, mark_as_current: bool = False) -> None:
        if self._started_at is not None:
            return
        self._started_at = time_iso()
        self._processor.on_trace_start(self)
        if mark_as_current:
            self._mark_current()

    def finish(self, reset_current: bool = False) -> None:
        if self._started_at is None or self._ended_at is not None:
            return
        self._ended_at = time_iso()
        self._processor.on_trace_end(self)
        if reset_current:
            self._reset_current()

    def __enter__(self) -> Trace:
        self.start(mark_as_current=True)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_val: BaseException | None,
        exc_tb: TracebackType | None,
    ) -> None:
        self.finish(reset_current=True)

    def export(self) -> dict[str, Any] | None:
        return {
            "object": "trace",
            "id": self._trace_id,
            "workflow_name": self._name,
            "group_id": self.group_id,
            "metadata": self.metadata,
        }
