"""The trace around a run: a new one when none is open, the caller's otherwise."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field
from typing import Any

from agents.tracing.config import TracingConfig
from agents.tracing.create import custom_span
from agents.tracing.create import get_current_trace
from agents.tracing.create import trace
from agents.tracing.spans import Span
from agents.tracing.traces import Trace


@dataclass(eq=False, repr=False)
class TraceCtxManager:
    """Opens the run's trace unless one is already current (the run then joins it).

    A run with tracing disabled opens a quiet trace even inside the caller's, so none of its
    spans land in the caller's trace.
    """

    workflow_name: str
    trace_id: str | None
    group_id: str | None
    metadata: dict[str, Any] | None
    tracing: TracingConfig | None
    disabled: bool
    trace: Trace | None = field(default=None, init=False)
    _quiet: Span[Any] | None = field(default=None, init=False)
    _started: Trace | None = field(default=None, init=False)

    def __enter__(self) -> TraceCtxManager:
        if self.disabled or get_current_trace() is None:
            self.trace = trace(
                workflow_name=self.workflow_name,
                trace_id=self.trace_id,
                group_id=self.group_id,
                metadata=self.metadata,
                tracing=self.tracing,
                disabled=self.disabled,
            )
            self.trace.start(mark_as_current=True)
            self._started = self.trace
        if self.disabled:
            # Hide the caller's current span from code that reads it directly.
            quiet = custom_span(name="Agent run", disabled=True)
            try:
                quiet.start(mark_as_current=True)
            except BaseException:
                self._finish_trace()
                raise
            self._quiet = quiet
        return self

    def __exit__(self, *exc_info: Any) -> None:
        # The exception details go on to the quiet span as they came.
        quiet, self._quiet = self._quiet, None
        try:
            if quiet is not None:
                quiet.__exit__(*exc_info)
        finally:
            self._finish_trace()

    def _finish_trace(self) -> None:
        started, self._started = self._started, None
        if started is not None:
            started.finish(reset_current=True)
