"""Input added to a paused run (`RunState.add_input`): checked by the input guardrails, then
recorded as `InputItem`s right before the resumed run's next model call, so the model, the
result's new_items, a session and a server-kept conversation all see it once, in place."""

from __future__ import annotations

from typing import Any

from agents.agent import Agent
from agents.exceptions import InputGuardrailTripwireTriggered
from agents.guardrail import InputGuardrailResult
from agents.items import InputItem
from agents.items import RunItem
from agents.items import TResponseInputItem
from agents.run_config import RunConfig
from agents.run_context import RunContextWrapper
from agents.tracing import guardrail_span

__all__ = ["admit_pending_input"]


async def admit_pending_input(
    pending: list[TResponseInputItem],
    agent: Agent[Any],
    config: RunConfig,
    context: RunContextWrapper[Any],
    results: list[InputGuardrailResult],
    items: list[RunItem],
    *,
    tracing_disabled: bool,
) -> None:
    """Move `pending` (emptied in place, so the RunState that staged it is too) into `items`.

    Every input guardrail runs on the staged input first, before the model is called: a trip
    raises InputGuardrailTripwireTriggered and leaves the input staged and `items` untouched.
    """
    if not pending:
        return
    staged = list(pending)
    for guardrail in [*(config.input_guardrails or []), *agent.input_guardrails]:
        with guardrail_span(guardrail.get_name(), disabled=tracing_disabled) as span:
            result = await guardrail.run(agent, staged, context)
            span.span_data.triggered = result.output.tripwire_triggered
        results.append(result)
        if result.output.tripwire_triggered:
            raise InputGuardrailTripwireTriggered(result)
    items.extend(InputItem(agent=agent, raw_item=item) for item in staged)
    pending.clear()
