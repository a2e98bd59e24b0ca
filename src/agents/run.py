"""Runner: run an agent to its final output, plainly, synchronously, or streamed."""

from __future__ import annotations

import asyncio
import sys
import threading
from functools import partial
from typing import Any
from typing import Generic
from typing import cast

from typing_extensions import TypedDict
from typing_extensions import Unpack

from agents._agent_tool import install_agent_runner
from agents._run.loop import RunLoop
from agents._run.resume import snapshot
from agents._run.server_conversation import ServerConversation
from agents.agent import Agent
from agents.exceptions import UserError
from agents.items import TResponseInputItem
from agents.lifecycle import RunHooks
from agents.memory.session import Session
from agents.model_input import CallModelData
from agents.model_input import CallModelInputFilter
from agents.model_input import ModelInputData
from agents.result import RunResult
from agents.result import RunResultStreaming
from agents.run_config import DEFAULT_MAX_TURNS
from agents.run_config import RunConfig
from agents.run_context import RunContextWrapper
from agents.run_context import TContext
from agents.run_error_handlers import RunErrorHandlers
from agents.run_state import RunState
from agents.stream_events import AgentUpdatedStreamEvent
from agents.stream_events import StreamEvent

__all__ = [
    "DEFAULT_AGENT_RUNNER",
    "DEFAULT_MAX_TURNS",
    "AgentRunner",
    "CallModelData",
    "CallModelInputFilter",
    "ModelInputData",
    "RunConfig",
    "RunContextWrapper",
    "RunOptions",
    "Runner",
    "get_default_agent_runner",
    "set_default_agent_runner",
]


class RunOptions(TypedDict, Generic[TContext], total=False):
    """The keyword arguments of `Runner.run` / `run_sync` / `run_streamed`, as one type."""

    context: TContext | None
    max_turns: int | None
    hooks: RunHooks[TContext] | None
    run_config: RunConfig | None
    previous_response_id: str | None
    auto_previous_response_id: bool
    conversation_id: str | None
    session: Session | None
    error_handlers: RunErrorHandlers[TContext] | None


class Runner:
    """Runs agents: `await Runner.run(agent, "Hello!")`.

    Each call goes through the default `AgentRunner` (`set_default_agent_runner` swaps it,
    as durable-execution plug-ins such as Temporal's do).
    """

    @classmethod
    async def run(
        cls,
        starting_agent: Agent[Any],
        input: str | list[TResponseInputItem] | RunState[Any, Any],
        *,
        context: Any = None,
        max_turns: int | None = DEFAULT_MAX_TURNS,
        hooks: RunHooks[Any] | None = None,
        run_config: RunConfig | None = None,
        error_handlers: RunErrorHandlers[Any] | None = None,
        previous_response_id: str | None = None,
        auto_previous_response_id: bool = False,
        conversation_id: str | None = None,
        session: Any | None = None,
    ) -> RunResult:
        """Run until an agent produces a final output (or max_turns is reached), or until
        a tool call needs approval (`result.interruptions`). Pass a RunState as `input` to
        continue a paused run."""
        return await get_default_agent_runner().run(starting_agent, input, **_options(locals()))

    @classmethod
    def run_sync(
        cls,
        starting_agent: Agent[Any],
        input: str | list[TResponseInputItem] | RunState[Any, Any],
        *,
        context: Any = None,
        max_turns: int | None = DEFAULT_MAX_TURNS,
        hooks: RunHooks[Any] | None = None,
        run_config: RunConfig | None = None,
        error_handlers: RunErrorHandlers[Any] | None = None,
        previous_response_id: str | None = None,
        auto_previous_response_id: bool = False,
        conversation_id: str | None = None,
        session: Any | None = None,
    ) -> RunResult:
        """`Runner.run` for code without an event loop.

        Every call on a thread reuses that thread's loop, so clients (and their connection
        pools) made in one call still work in the next.
        """
        return get_default_agent_runner().run_sync(starting_agent, input, **_options(locals()))

    @classmethod
    def run_streamed(
        cls,
        starting_agent: Agent[Any],
        input: str | list[TResponseInputItem] | RunState[Any, Any],
        context: Any = None,
        max_turns: int | None = DEFAULT_MAX_TURNS,
        hooks: RunHooks[Any] | None = None,
        run_config: RunConfig | None = None,
        previous_response_id: str | None = None,
        auto_previous_response_id: bool = False,
        conversation_id: str | None = None,
        session: Any | None = None,
        *,
        error_handlers: RunErrorHandlers[Any] | None = None,
    ) -> RunResultStreaming:
        """Start a run and return at once; iterate `result.stream_events()` for its events."""
        return get_default_agent_runner().run_streamed(starting_agent, input, **_options(locals()))


class AgentRunner:
    """What `Runner` calls; subclass it and install it with `set_default_agent_runner` to
    wrap every run (the reference marks this experimental; plug-ins rely on it)."""

    async def run(
        self,
        starting_agent: Agent[Any],
        input: str | list[TResponseInputItem] | RunState[Any, Any],
        **kwargs: Unpack[RunOptions[Any]],
    ) -> RunResult:
        max_turns = _checked_start(starting_agent, input, kwargs)
        state = _new_loop(starting_agent, input, max_turns, kwargs)
        output = await state.run_to_end(kwargs.get("session"))
        return RunResult(
            **_shown(state),
            final_output=output,
            interruptions=list(state.paused.interruptions) if state.paused else [],
            _snapshot=partial(snapshot, state),
            _last_agent=state.agent,
            max_turns=max_turns,
        )

    def run_sync(
        self,
        starting_agent: Agent[Any],
        input: str | list[TResponseInputItem] | RunState[Any, Any],
        **kwargs: Unpack[RunOptions[Any]],
    ) -> RunResult:
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            pass
        else:
            raise UserError(
                "Runner.run_sync() cannot be called while an event loop is running (inside "
                "async code or Jupyter); use `await Runner.run(...)` there."
            )
        return _sync_loop().run_until_complete(self.run(starting_agent, input, **kwargs))

    def run_streamed(
        self,
        starting_agent: Agent[Any],
        input: str | list[TResponseInputItem] | RunState[Any, Any],
        **kwargs: Unpack[RunOptions[Any]],
    ) -> RunResultStreaming:
        max_turns = _checked_start(starting_agent, input, kwargs)
        session = kwargs.get("session")
        state = _new_loop(starting_agent, input, max_turns, kwargs)
        # The result shows the run's live state as it goes.
        result = RunResultStreaming(
            **_shown(state),
            final_output=None,
            _snapshot=partial(snapshot, state),
            current_agent=starting_agent,
            current_turn=state.turn,
            max_turns=max_turns,
        )

        def on_agent(event: StreamEvent) -> None:
            if result.trace is None:
                result.trace = state.trace
            if isinstance(event, AgentUpdatedStreamEvent):
                result.current_agent = event.new_agent
            result.current_turn = state.turn
            result.new_items = state.items
            result._push(event)

        state.emit = on_agent
        state.emit_raw = result._raw_sink()
        state.stop_after_turn = lambda: result._cancel_mode == "after_turn"

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
            finally:
                # The run pointed back at its result while it went; it no longer does, so
                # both are freed when the caller drops the result (no cycle to collect).
                state.detach_stream()
            result._finish(None)

        result._task = result.run_loop_task = asyncio.get_running_loop().create_task(drive())
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
    max_turns: int,
    options: RunOptions[Any],
) -> RunLoop:
    """The loop of a new run, or of the run a RunState continues."""
    hooks = options.get("hooks") or _NO_HOOKS
    config = options.get("run_config") or RunConfig()
    if isinstance(input, RunState):
        from agents._run.resume import loop_from_state

        given = None if max_turns == DEFAULT_MAX_TURNS else max_turns
        state = loop_from_state(input, hooks, config, None, given)
    else:
        state = RunLoop(
            agent,
            input,
            options.get("context"),
            max_turns,
            hooks,
            config,
            None,
            previous_response_id=options.get("previous_response_id"),
            conversation_id=options.get("conversation_id"),
        )
    _configure(state, options)
    return state


def _configure(state: RunLoop, options: RunOptions[Any]) -> None:
    """Options the loop reads after construction: error handlers, automatic response chaining."""
    state.error_handlers = options.get("error_handlers")
    if options.get("auto_previous_response_id") and state.server is None:
        state.server = ServerConversation(None, None)


def _options(arguments: dict[str, Any]) -> RunOptions[Any]:
    """A `Runner` call's keyword arguments, picked from its `locals()`, as the AgentRunner
    takes them (one list of names: RunOptions')."""
    return cast("RunOptions[Any]", {name: arguments[name] for name in RunOptions.__annotations__})


def _shown(state: RunLoop) -> dict[str, Any]:
    """The result fields that are the run's own objects: a streamed result shows them
    filling as the run goes, a finished one as they ended."""
    return {
        "input": state.original_input,
        "new_items": state.items,
        "raw_responses": state.responses,
        "input_guardrail_results": state.input_guardrail_results,
        "output_guardrail_results": state.output_guardrail_results,
        "tool_input_guardrail_results": state.tool_input_guardrail_results,
        "tool_output_guardrail_results": state.tool_output_guardrail_results,
        "context_wrapper": state.context,
    }


DEFAULT_AGENT_RUNNER: AgentRunner = AgentRunner()


def set_default_agent_runner(runner: AgentRunner | None) -> None:
    """Install the AgentRunner every `Runner` call goes through; None restores the default."""
    global DEFAULT_AGENT_RUNNER
    DEFAULT_AGENT_RUNNER = runner if runner is not None else AgentRunner()


def get_default_agent_runner() -> AgentRunner:
    """The AgentRunner every `Runner` call goes through."""
    return DEFAULT_AGENT_RUNNER


def _checked_start(agent: Any, input: Any, options: RunOptions[Any]) -> int:
    """The run's turn limit (None: no limit, as in the reference), once the start is checked."""
    given = options.get("max_turns", DEFAULT_MAX_TURNS)
    max_turns = sys.maxsize if given is None else given
    if not isinstance(agent, Agent):
        raise UserError(f"Runner needs an Agent as starting_agent, got {type(agent).__name__}")
    if not isinstance(input, str | list | RunState):
        raise UserError(
            f"Runner input must be a string or a list of input items, got {type(input).__name__}"
        )
    if not isinstance(max_turns, int) or max_turns < 1:
        raise UserError(f"max_turns must be a positive integer, got {max_turns!r}")
    return max_turns


async def _run_as_tool(
    agent: Agent[Any],
    input: str | list[TResponseInputItem] | RunState[Any, Any],
    context: Any,
    options: dict[str, Any],
) -> RunResult | RunResultStreaming:
    """How `Agent.as_tool` runs its agent (see agents._agent_tool): streamed when it has an
    `on_stream` callback, which then reads the events."""
    run_config = options["run_config"]
    if isinstance(run_config, dict):
        run_config = RunConfig(**run_config)
    elif run_config is not None and not isinstance(run_config, RunConfig):
        raise UserError(
            f"Agent.as_tool: run_config must be a RunConfig or a dict, got "
            f"{type(run_config).__name__}"
        )
    max_turns = options["max_turns"] if options["max_turns"] is not None else DEFAULT_MAX_TURNS
    kwargs: dict[str, Any] = {
        "context": context,
        "max_turns": max_turns,
        "hooks": options["hooks"],
        "run_config": run_config,
        "previous_response_id": options["previous_response_id"],
        "conversation_id": options["conversation_id"],
        "session": options["session"],
    }
    if options["streamed"]:
        return Runner.run_streamed(agent, input, **kwargs)
    return await Runner.run(agent, input, **kwargs)


install_agent_runner(_run_as_tool)
