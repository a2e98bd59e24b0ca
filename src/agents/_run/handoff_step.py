"""A handoff taken: the target agent invoked, the handoff recorded as items, the hooks told,
and the history the next agent sees shaped by the handoff's input filter (or nested, when
RunConfig.nest_handoff_history asks for it)."""

from __future__ import annotations

import asyncio
import functools
from typing import TYPE_CHECKING
from typing import Any

from agents._run.steps import NextStepHandoff
from agents._run.turn import HandoffRun
from agents._run.turn import handoff_output_item
from agents.exceptions import UserError
from agents.handoffs import Handoff
from agents.handoffs import HandoffInputData
from agents.items import ItemHelpers
from agents.items import RunItem
from agents.items import ToolCallOutputItem
from agents.run_context import RunContextWrapper
from agents.tracing import handoff_span

if TYPE_CHECKING:
    from agents._run.loop import RunLoop
    from agents.agent import Agent

__all__ = ["enabled_handoffs", "take_handoff"]


async def take_handoff(loop: RunLoop, agent: Agent[Any], step: NextStepHandoff) -> Agent[Any]:
    """Switch to the handoff's target: the old agent's span closes, the new one starts."""
    # The declared target is named at the start, where processors read it.
    with handoff_span(
        from_agent=agent.name,
        to_agent=step.runs[0].handoff.agent_name,
        disabled=loop.tracing.is_disabled(),
    ) as span:
        if len(step.runs) > 1:
            names = [run.handoff.agent_name for run in step.runs]
            span.set_error(
                {"message": "Multiple handoffs requested", "data": {"requested_agents": names}}
            )
        target = await _handoff(loop, agent, step.runs, step.turn_items)
        span.span_data.to_agent = target.name
    loop.spans.close_agent(loop.context.usage)
    await loop.start_agent(target)
    return target


async def _handoff(
    loop: RunLoop,
    agent: Agent[Any],
    runs: list[HandoffRun],
    turn_items: list[RunItem],
) -> Agent[Any]:

    first, rest = runs[0], runs[1:]
    target: Agent[Any] = await first.handoff.on_invoke_handoff(loop.context, first.call.arguments)
    turn_items.append(handoff_output_item(agent, first.call, target, first.handoff))
    for extra in rest:
        note = "Multiple handoffs detected, ignoring this one."
        turn_items.append(
            ToolCallOutputItem(
                agent=agent,
                raw_item=ItemHelpers.tool_call_output_item(extra.call, note),
                output=note,
            )
        )
    loop.emit_items(turn_items[-1 - len(rest) :])
    await loop.hooks.on_handoff(loop.context, agent, target)
    if target.hooks:
        await target.hooks.on_handoff(loop.context, target, agent)
    input_filter = first.handoff.input_filter or loop.config.handoff_input_filter
    nest = first.handoff.nest_handoff_history
    if input_filter is None and (loop.config.nest_handoff_history if nest is None else nest):
        from agents.handoffs.history import nest_handoff_history

        input_filter = functools.partial(
            nest_handoff_history, history_mapper=loop.config.handoff_history_mapper
        )
    if input_filter is None:
        loop.items.extend(turn_items)
        return target
    filtered = input_filter(
        HandoffInputData(
            input_history=loop.history if isinstance(loop.history, str) else tuple(loop.history),
            pre_handoff_items=tuple(loop.items),
            new_items=tuple(turn_items),
            run_context=loop.context,
        )
    )
    if not isinstance(filtered, HandoffInputData):
        raise UserError("A handoff input_filter must return HandoffInputData")
    loop.history = (
        filtered.input_history
        if isinstance(filtered.input_history, str)
        else list(filtered.input_history)
    )
    if filtered.input_items is not None:
        # The run keeps every item; the next agent sees only the ones the filter chose.
        loop.items = [*loop.items, *turn_items]
        loop.hidden_items = len(loop.items)
        loop.items.extend(filtered.input_items)
        return target
    loop.items = list(filtered.pre_handoff_items) + list(filtered.new_items)
    return target


async def enabled_handoffs(
    agent: Agent[Any], context: RunContextWrapper[Any]
) -> list[Handoff[Any, Any]]:
    """The agent's handoffs this turn offers: each made a Handoff, its `is_enabled` (a bool, or
    a function of the context and agent, possibly async) asked now."""
    from agents.handoffs import handoff as make_handoff

    result: list[Handoff[Any, Any]] = []
    for entry in agent.handoffs:
        h = entry if isinstance(entry, Handoff) else make_handoff(entry)
        flag = h.is_enabled
        if callable(flag):
            flag = flag(context, agent)
            if asyncio.iscoroutine(flag):
                flag = await flag
        if flag:
            result.append(h)
    return result
