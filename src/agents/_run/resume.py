"""A run's loop <-> its RunState: the snapshot a result hands out, and the loop a state
resumes into (same turn count, usage, items, trace and decisions)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from agents._run.approvals import NextStepInterruption
from agents._run.loop import RunLoop
from agents.exceptions import UserError
from agents.items import items_to_input
from agents.lifecycle import RunHooks
from agents.run_config import RunConfig
from agents.run_state import RunState
from agents.stream_events import StreamEvent
from agents.tracing import get_current_trace


def snapshot(loop: RunLoop) -> RunState[Any, Any]:
    """The run as it stands after `loop` returned (paused or finished)."""
    state: RunState[Any, Any] = RunState(
        loop.context,
        loop.history,
        loop.starting_agent,
        loop.max_turns,
        conversation_id=loop.server.conversation_id if loop.server else None,
        previous_response_id=loop.server.previous_response_id if loop.server else None,
    )
    state._current_agent = loop.agent
    state._current_turn = loop.turn
    state._model_responses = list(loop.responses)
    state._generated_items = list(loop.items)
    state._input_guardrail_results = list(loop.input_guardrail_results)
    state._output_guardrail_results = list(loop.output_guardrail_results)
    state._tool_use_tracker_snapshot = {k: list(v) for k, v in loop.tools_used.items()}
    state._trace_state = loop.trace_state
    state._final_output = loop.final_output
    if loop.paused is not None:
        state._interruptions = list(loop.paused.interruptions)
        state._last_processed_response = loop.paused.processed
        state._nested_states = dict(loop.paused.nested)
    return state


def loop_from_state(
    state: RunState[Any, Any],
    hooks: RunHooks[Any],
    config: RunConfig,
    emit: Callable[[StreamEvent], None] | None,
    max_turns: int | None,
) -> RunLoop:
    """A loop that continues `state`: the paused turn first, then on as any run."""
    if state._context is None:
        raise UserError("This RunState has no context; it cannot be resumed")
    turns = max_turns if max_turns is not None else state._max_turns or 10**9
    loop = RunLoop(
        state._starting_agent,
        state._original_input,
        None,
        turns,
        hooks,
        config,
        emit,
        previous_response_id=state._previous_response_id,
        conversation_id=state._conversation_id,
    )
    loop.context = state._context
    loop.current_agent = loop.agent = state._current_agent
    loop.turn = state._current_turn
    loop.responses = list(state._model_responses)
    loop.items = list(state._generated_items)
    loop.saved_items = len(items_to_input(loop.items))
    loop.input_guardrail_results = list(state._input_guardrail_results)
    loop.output_guardrail_results = list(state._output_guardrail_results)
    loop.tools_used = {k: list(v) for k, v in state._tool_use_tracker_snapshot.items()}
    trace = state._trace_state or {}
    if config.trace_id is None and get_current_trace() is None and trace.get("id"):
        loop.config = _with_trace(config, trace)
    processed = state._last_processed_response
    if loop.server is not None and state._current_turn > 0:
        calls = [r.call for r in processed.tool_runs + processed.handoffs] if processed else []
        local = {r.call_id for r in processed.local_runs} if processed else set()
        loop.server.resumed(loop.items, {c.call_id for c in calls} | local)
    if state._interruptions and state._last_processed_response is not None:
        loop.paused = NextStepInterruption(
            list(state._interruptions),
            state._last_processed_response,
            dict(state._nested_states),
        )
        loop.resuming = True
    return loop


def _with_trace(config: RunConfig, trace: dict[str, Any]) -> RunConfig:
    """The run config continuing the paused run's trace (same id, name and group)."""
    import dataclasses

    return dataclasses.replace(
        config,
        trace_id=str(trace["id"]),
        workflow_name=str(trace.get("workflow_name") or config.workflow_name),
        group_id=trace.get("group_id") or config.group_id,
    )
