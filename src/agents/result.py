"""What a run returns: its items, final output and usage, ready to continue the conversation."""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import AsyncIterator
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field
from typing import TYPE_CHECKING
from typing import Any
from typing import Literal
from typing import TypeVar
from typing import cast

from agents.exceptions import UserError
from agents.items import ItemHelpers
from agents.items import ModelResponse
from agents.items import RunItem
from agents.items import ToolApprovalItem
from agents.items import TResponseInputItem
from agents.items import items_to_input
from agents.run_context import RunContextWrapper
from agents.stream_events import RawResponsesStreamEvent
from agents.stream_events import StreamEvent

if TYPE_CHECKING:
    from agents.agent import Agent
    from agents.run_state import RunState
    from agents.tracing.traces import Trace

T = TypeVar("T")


@dataclass(frozen=True)
class AgentToolInvocation:
    """Which tool call ran an agent as a tool (`Agent.as_tool`): `result.agent_tool_invocation`
    of the nested run, e.g. in a `custom_output_extractor`."""

    tool_name: str
    """The tool's name, as the calling model used it."""

    tool_call_id: str
    """The id of the calling model's tool call."""

    tool_arguments: str
    """The raw JSON arguments of that call."""


@dataclass
class RunResultBase:
    input: str | list[TResponseInputItem]
    """The input the run started with (before any input filter)."""

    new_items: list[RunItem]
    """Everything the run produced: messages, tool calls and outputs, reasoning, handoffs."""

    raw_responses: list[ModelResponse]
    """Each model call's response."""

    final_output: Any
    """The last agent's output: text, or an instance of its output_type."""

    input_guardrail_results: list[Any]
    output_guardrail_results: list[Any]

    context_wrapper: RunContextWrapper[Any]
    """The run's context; `context_wrapper.usage` holds the run's token usage."""

    tool_input_guardrail_results: list[Any] = field(default_factory=list)
    """Every tool input guardrail's decision, in the order they ran."""

    tool_output_guardrail_results: list[Any] = field(default_factory=list)
    """Every tool output guardrail's decision, in the order they ran."""

    interruptions: list[ToolApprovalItem] = field(default_factory=list)
    """Tool calls waiting for a person: the run stopped before them. Decide each with
    `state = result.to_state(); state.approve(item)` (or `reject`), then
    `Runner.run(agent, state)` continues the run."""

    _snapshot: Callable[[], RunState[Any, Any]] | None = field(default=None, repr=False)
    """Snapshots the finished (or paused) run; set by the Runner, which owns the loop."""

    _agent_tool_invocation: AgentToolInvocation | None = field(default=None, repr=False)

    @property
    def agent_tool_invocation(self) -> AgentToolInvocation | None:
        """The tool call that ran this run, for a run made by `Agent.as_tool`; None for a run
        started by `Runner`."""
        return self._agent_tool_invocation

    def to_state(self) -> RunState[Any, Any]:
        """The run as a RunState: approve or reject its interruptions, write it with
        `to_json()` / `to_string()`, and pass it to `Runner.run` to continue."""
        if self._snapshot is None:
            raise UserError("This result has no run state (it was not made by Runner)")
        return self._snapshot()

    @property
    def last_agent(self) -> Agent[Any]:
        raise NotImplementedError

    def final_output_as(self, cls: type[T], raise_if_incorrect_type: bool = False) -> T:
        """The final output typed as `cls` (checked only when asked)."""
        if raise_if_incorrect_type and not isinstance(self.final_output, cls):
            raise TypeError(
                f"Final output is {type(self.final_output).__name__}, not {cls.__name__}"
            )
        return cast(T, self.final_output)

    def to_input_list(self) -> list[TResponseInputItem]:
        """The whole conversation as input items: pass it as the next run's input."""
        original = ItemHelpers.input_to_new_input_list(self.input)
        return original + items_to_input(self.new_items)

    @property
    def last_response_id(self) -> str | None:
        return self.raw_responses[-1].response_id if self.raw_responses else None


@dataclass
class RunResult(RunResultBase):
    _last_agent: Agent[Any] = field(repr=False, default=None)  # type: ignore[arg-type]
    max_turns: int = 10
    """The run's turn limit (a resumed run saved as RunState keeps it)."""

    @property
    def last_agent(self) -> Agent[Any]:
        return self._last_agent

    def __str__(self) -> str:
        return (
            f"RunResult(last_agent={self._last_agent.name!r}, final_output={self.final_output!r})"
        )


_END = object()


@dataclass(frozen=True)
class RawSink:
    """The per-chunk path of a streamed run: a model's events after a call's first are
    appended bare (`stream_events()` wraps each in a `RawResponsesStreamEvent` as it takes
    it), and the reader is woken only if it waits. No call of the result's own per event:
    the run appends with the deque's method and checks the waiters list itself.

    After `cancel()` the run's task is being cancelled; an event appended meanwhile lands
    after the end marker and is never read.
    """

    append: Callable[[Any], None]
    waiting: list[asyncio.Future[None]]
    """The reader's waiters: non-empty while it waits (the same list object throughout)."""
    wake: Callable[[], None]


class _Ready:
    """A stream event queued as it is; anything else queued (but `_END`) is a model's event,
    wrapped on the way out, so a backlog of the many model events holds one object less
    each, whatever a model yields."""

    __slots__ = ("event",)

    def __init__(self, event: StreamEvent) -> None:
        self.event = event


@dataclass
class RunResultStreaming(RunResultBase):
    """A run in progress: iterate `stream_events()`; the fields fill in as it goes."""

    current_agent: Agent[Any] = field(repr=False, default=None)  # type: ignore[arg-type]
    current_turn: int = 0
    max_turns: int = 10
    is_complete: bool = False
    trace: Trace | None = field(default=None, repr=False)
    """The run's trace, once the run has opened it (None while tracing is off)."""
    run_loop_task: asyncio.Task[Any] | None = field(default=None, repr=False)
    """The task running the run's loop (`cancel()` is the way to stop it)."""
    _events: deque[Any] = field(default_factory=deque, repr=False)
    """Events not yet delivered (`_Ready` or a model's bare event), then `_END`: the run's
    task appends, `stream_events()` takes from the front."""
    _waiters: list[asyncio.Future[None]] = field(default_factory=list, repr=False)
    """What `stream_events()` awaits while `_events` is empty; the next append resolves them."""
    _task: asyncio.Task[Any] | None = field(default=None, repr=False)
    _error: BaseException | None = field(default=None, repr=False)
    _cancel_mode: Literal["none", "immediate", "after_turn"] = field(default="none", repr=False)

    @property
    def last_agent(self) -> Agent[Any]:
        return self.current_agent

    def _push(self, event: StreamEvent) -> None:
        if self._cancel_mode != "immediate":
            self._events.append(_Ready(event))
            if self._waiters:
                self._wake()

    def _raw_sink(self) -> RawSink:
        """Where the run puts a model call's events after its first (see `RawSink`)."""
        return RawSink(self._events.append, self._waiters, self._wake)

    def _wake(self) -> None:
        # In place: a RawSink holds this very list to see whether anyone waits.
        waiters = self._waiters[:]
        self._waiters.clear()
        for waiter in waiters:
            if not waiter.done():
                waiter.set_result(None)

    async def _next(self) -> None:
        """Until the next event is appended (or the events end)."""
        waiter = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        try:
            await waiter
        finally:
            if waiter in self._waiters:
                self._waiters.remove(waiter)

    def _finish(self, error: BaseException | None) -> None:
        self._error = error
        if self._cancel_mode == "immediate":
            return  # cancel() already ended the events
        self.is_complete = True
        self._events.append(_END)
        self._wake()

    async def stream_events(self) -> AsyncIterator[StreamEvent]:
        """Events as they happen; raises the run's error, if any, after the last event.

        Iterating again once the run is over yields nothing (and raises its error again).
        """
        events = self._events
        try:
            while True:
                # Events already there are handed out one after another with no await (as
                # `asyncio.Queue.get` did, without its coroutine per event); the run's task
                # only gets the loop back when they are all out.
                if events:
                    event = events.popleft()
                    if type(event) is _Ready:
                        yield event.event
                    elif event is _END:
                        # Kept first: a later iteration ends at once, and an event a
                        # cancelled run appended after it is never read.
                        events.appendleft(_END)
                        break
                    else:
                        yield RawResponsesStreamEvent(event)
                    continue
                if self.is_complete:
                    break
                await self._next()
        finally:
            if not self.is_complete:
                self.cancel()
        if self._task is not None:
            # The run's own cleanup (its model stream closed) has finished when this returns.
            await asyncio.gather(self._task, return_exceptions=True)
        if self._error is not None:
            raise self._error

    def cancel(self, mode: Literal["immediate", "after_turn"] = "immediate") -> None:
        """Stop the run.

        "immediate": at once; events not yet delivered are dropped, the model stream is
        closed, and a session keeps nothing of this run. "after_turn": the current turn
        finishes (its model answer, its tools, their events), is saved to the session, and
        the run stops before the next model call; `final_output` stays None unless that
        turn was the last one anyway.
        """
        if mode not in ("immediate", "after_turn"):
            raise UserError(f"cancel(mode={mode!r}): mode must be 'immediate' or 'after_turn'")
        if self._cancel_mode == "immediate":
            return
        self._cancel_mode = mode
        if mode == "after_turn":
            return
        if self._task is not None and not self._task.done():
            self._task.cancel()
        self._events.clear()
        self.is_complete = True
        self._events.append(_END)
        self._wake()

    def __str__(self) -> str:
        return (
            f"RunResultStreaming(current_agent={self.current_agent.name!r}, "
            f"is_complete={self.is_complete}, final_output={self.final_output!r})"
        )
