"""The spans a run opens around its work: one task span for the run, an agent span per agent
that takes a turn, and a turn span per turn, each turn's usage recorded on its span.

Kept apart from the loop because their lifetimes cross its control flow: an agent span stays
open across that agent's turns and closes at a handoff, a final output, a pause or an error,
and a turn span closes when the next one opens.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING
from typing import Any

from agents._run.trace_usage import TURN_USAGE_KEYS
from agents._run.trace_usage import usage_since
from agents._run.trace_usage import usage_snapshot
from agents.handoffs import Handoff
from agents.tracing import Span
from agents.tracing import TurnSpanData
from agents.tracing import agent_span
from agents.tracing import task_span
from agents.tracing import turn_span
from agents.tracing.spans import SpanError

if TYPE_CHECKING:
    from agents.agent import Agent
    from agents.models.interface import ModelTracing
    from agents.tool import Tool
    from agents.usage import Usage

__all__ = ["RunSpans"]


def _error_data(error: BaseException) -> SpanError:
    return {"message": f"{type(error).__name__}: {error}", "data": None}


class RunSpans:
    """The open task, agent and turn spans of one run."""

    def __init__(self, tracing: ModelTracing, task_and_turn_spans: bool) -> None:
        self._quiet = tracing.is_disabled()
        """Tracing is off for this run: no spans at all. The run's trace opens a quiet span
        (agents.tracing.context) that code reading the current span finds instead, and no
        span would record anything."""
        self._task_and_turn_spans = task_and_turn_spans
        self._agent: Span[Any] | None = None
        self._turn: tuple[Span[TurnSpanData], dict[str, int]] | None = None

    @contextlib.contextmanager
    def task(self, workflow_name: str, usage: Usage) -> Iterator[None]:
        """The run's task span (unless RunConfig.tracing turns task and turn spans off).

        Each method takes the run's `usage` rather than keeping it: a run's parts must not
        point back at the run (a cycle outlives the run until the garbage collector looks,
        and every run paying for that showed in a single turn's cost)."""
        if self._quiet or not self._task_and_turn_spans:
            yield
            return
        start = usage_snapshot(usage)
        with task_span(workflow_name) as span:
            try:
                yield
            finally:
                delta = usage_since(start, usage)
                if delta["requests"] or delta["input_tokens"] or delta["output_tokens"]:
                    span.span_data.usage = delta

    def open_agent(self, agent: Agent[Any], tools: list[Tool]) -> None:
        """The agent's span, opened at its first turn; later turns update its tool list."""
        if self._agent is not None:
            self._agent.span_data.tools = [t.name for t in tools]
            return
        if self._quiet:
            return
        output = agent.output_schema()
        self._agent = agent_span(
            name=agent.name,
            handoffs=[h.agent_name if isinstance(h, Handoff) else h.name for h in agent.handoffs],
            tools=[t.name for t in tools],
            output_type=output.name() if output is not None else "str",
        )
        self._agent.start(mark_as_current=True)

    def open_turn(self, turn: int, agent_name: str, usage: Usage) -> None:
        self.close_turn(usage)
        if self._quiet or not self._task_and_turn_spans:
            return
        span = turn_span(turn, agent_name)
        span.start(mark_as_current=True)
        self._turn = (span, usage_snapshot(usage))

    def close_turn(self, usage: Usage, error: BaseException | None = None) -> None:
        entry, self._turn = self._turn, None
        if entry is None:
            return
        span, start = entry
        delta = usage_since(start, usage)
        if delta["requests"] or delta["input_tokens"] or delta["output_tokens"]:
            span.span_data.usage = {k: v for k, v in delta.items() if k in TURN_USAGE_KEYS}
        if error is not None:
            span.set_error(_error_data(error))
        span.finish(reset_current=True)

    def close_agent(self, usage: Usage, error: BaseException | None = None) -> None:
        """Close the turn span, then the agent's (an error is recorded on both)."""
        self.close_turn(usage, error)
        span, self._agent = self._agent, None
        if span is None:
            return
        if error is not None:
            span.set_error(_error_data(error))
        span.finish(reset_current=True)
