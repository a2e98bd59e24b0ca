"""Runner: run an agent to its final output, plainly, synchronously, or streamed."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from functools import partial
from typing import Any

from agents._run.loop import RunLoop
from agents._run.resume import snapshot
from agents.agent import Agent, install_agent_runner
from agents.exceptions import (
    UserError,
)
from agents.items import TResponseInputItem
from agents.lifecycle import RunHooks
from agents.result import RunResult, RunResultStreaming
from agents.run_config import DEFAULT_MAX_TURNS, RunConfig
from agents.run_context import RunContextWrapper
from agents.run_state import RunState
from agents.stream_events import (
    AgentUpdatedStreamEvent,
    StreamEvent,
)

__all__ = ["DEFAULT_MAX_TURNS", "RunConfig", "Runner"]


class Runner:
    """Runs agents: `await Runner.run(agent, "Hello!")`."""

    @classmethod
    async def run(
        cls,
        starting_agent: Agent[Any],
        input: str | list[TResponseInputItem] | RunState[Any, Any],
        *,
        context: Any = None,
        max_turns: int = DEFAULT_MAX_TURNS,
        hooks: RunHooks[Any] | None = None,
        run_config: RunConfig | None = None,
        previous_response_id: str | None = None,
        conversation_id: str | None = None,
        session: Any | None = None,
    ) -> RunResult:
        """Run until an agent produces a final output (or max_turns is reached), or until
        a tool call needs approval (`result.interruptions`). Pass a RunState as `input` to
        continue a paused run."""
        _check_start(starting_agent, input, max_turns)
        state = _new_loop(
            starting_agent,
            input,
            context,
            max_turns,
            hooks or _NO_HOOKS,
            run_config or RunConfig(),
            None,
            previous_response_id,
            conversation_id,
        )
        output = await state.run_to_end(session)
        return RunResult(
            input=state.original_input,
            new_items=state.items,
            raw_responses=state.responses,
            final_output=output,
            input_guardrail_results=state.input_guardrail_results,
            output_guardrail_results=state.output_guardrail_results,
            context_wrapper=state.context,
            interruptions=list(state.paused.interruptions) if state.paused else [],
            _snapshot=partial(snapshot, state),
            _last_agent=state.agent,
        )

    @classmethod
    def run_sync(
        cls,
        starting_agent: Agent[Any],
        input: str | list[TResponseInputItem] | RunState[Any, Any],
        *,
        context: Any = None,
        max_turns: int = DEFAULT_MAX_TURNS,
        hooks: RunHooks[Any] | None = None,
        run_config: RunConfig | None = None,
        previous_response_id: str | None = None,
        conversation_id: str | None = None,
        session: Any | None = None,
    ) -> RunResult:
        """`Runner.run` for code without an event loop.

        Every call on a thread reuses that thread's loop, so clients (and their connection
        pools) made in one call still work in the next.
        """
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            pass
        else:
            raise UserError(
                "Runner.run_sync() cannot be called while an event loop is running (inside "
                "async code or Jupyter); use `await Runner.run(...)` there."
            )
        loop = _sync_loop()
        return loop.run_until_complete(
            cls.run(
                starting_agent,
                input,
                context=context,
                max_turns=max_turns,
                hooks=hooks,
                run_config=run_config,
                previous_response_id=previous_response_id,
                conversation_id=conversation_id,
                session=session,
            )
        )

    @classmethod
    def run_streamed(
        cls,
        starting_agent: Agent[Any],
        input: str | list[TResponseInputItem] | RunState[Any, Any],
        context: Any = None,
        max_turns: int = DEFAULT_MAX_TURNS,
        hooks: RunHooks[Any] | None = None,
        run_config: RunConfig | None = None,
        previous_response_id: str | None = None,
        conversation_id: str | None = None,
        session: Any | None = None,
    ) -> RunResultStreaming:
        """Start a run and return at once; iterate `result.stream_events()` for its events."""
        _check_start(starting_agent, input, max_turns)
        result = RunResultStreaming(
            input=[] if isinstance(input, RunState) else input,
            new_items=[],
            raw_responses=[],
            final_output=None,
            input_guardrail_results=[],
            output_guardrail_results=[],
            context_wrapper=RunContextWrapper(context=context),
            current_agent=starting_agent,
            max_turns=max_turns,
        )
        state = _new_loop(
            starting_agent,
            input,
            context,
            max_turns,
            hooks or _NO_HOOKS,
            run_config or RunConfig(),
            result._push,
            previous_response_id,
            conversation_id,
        )
        result._snapshot = partial(snapshot, state)
        result.input = state.original_input
        result.current_turn = state.turn
        # The result shows the run's live state as it goes.
        result.context_wrapper = state.context
        result.new_items = state.items
        result.raw_responses = state.responses

        def on_agent(event: StreamEvent) -> None:
            if isinstance(event, AgentUpdatedStreamEvent):
                result.current_agent = event.new_agent
            result.current_turn = state.turn
            result.new_items = state.items
            result._push(event)

        state.emit = on_agent

        result.input_guardrail_results = state.input_guardrail_results
        result.output_guardrail_results = state.output_guardrail_results

        async def drive() -> None:
            try:

                def show_input(prepared: list[TResponseInputItem]) -> None:
                    result.input = prepared

                result.final_output = await state.run_to_end(session, show_input)
                result.current_agent = state.agent
                result.new_items = state.items
                result.current_turn = state.turn
                if state.paused is not None:
                    result.interruptions = list(state.paused.interruptions)
            except asyncio.CancelledError:
                result._finish(None)
                raise
            except BaseException as exc:
                result._finish(exc)
                return
            result._finish(None)

        result._task = asyncio.get_running_loop().create_task(drive())
        return result


_NO_HOOKS: RunHooks[Any] = RunHooks()
_thread_state = threading.local()


def _sync_loop() -> asyncio.AbstractEventLoop:
    loop: asyncio.AbstractEventLoop | None = getattr(_thread_state, "loop", None)
    if loop is None or loop.is_closed():
        loop = asyncio.new_event_loop()
        _thread_state.loop = loop
    return loop


def _new_loop(
    agent: Agent[Any],
    input: str | list[TResponseInputItem] | RunState[Any, Any],
    context: Any,
    max_turns: int,
    hooks: RunHooks[Any],
    config: RunConfig,
    emit: Callable[[StreamEvent], None] | None,
    previous_response_id: str | None,
    conversation_id: str | None,
) -> RunLoop:
    """The loop of a new run, or of the run a RunState continues."""
    if isinstance(input, RunState):
        from agents._run.resume import loop_from_state

        given = None if max_turns == DEFAULT_MAX_TURNS else max_turns
        return loop_from_state(input, hooks, config, emit, given)
    return RunLoop(
        agent,
        input,
        context,
        max_turns,
        hooks,
        config,
        emit,
        previous_response_id=previous_response_id,
        conversation_id=conversation_id,
    )


def _check_start(agent: Any, input: Any, max_turns: int) -> None:
    if not isinstance(agent, Agent):
        raise UserError(f"Runner needs an Agent as starting_agent, got {type(agent).__name__}")
    if not isinstance(input, str | list | RunState):
        raise UserError(
            f"Runner input must be a string or a list of input items, got {type(input).__name__}"
        )
    if not isinstance(max_turns, int) or max_turns < 1:
        raise UserError(f"max_turns must be a positive integer, got {max_turns!r}")


async def _run_as_tool(
    agent: Agent[Any], input: str | RunState[Any, Any], context: Any
) -> RunResult:
    return await Runner.run(agent, input, context=context)


install_agent_runner(_run_as_tool)
