"""Guardrails around a run: input guardrails alongside the first model call (a trip cancels
it), output guardrails on the final output, each in its own span."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any

from agents.agent import Agent
from agents.exceptions import InputGuardrailTripwireTriggered
from agents.exceptions import OutputGuardrailTripwireTriggered
from agents.guardrail import InputGuardrail
from agents.guardrail import InputGuardrailResult
from agents.guardrail import OutputGuardrail
from agents.guardrail import OutputGuardrailResult
from agents.items import ModelResponse
from agents.items import TResponseInputItem
from agents.run_context import RunContextWrapper
from agents.tracing import guardrail_span

__all__ = ["run_output_guardrails", "with_input_guardrails"]


async def with_input_guardrails(
    call: Coroutine[Any, Any, ModelResponse],
    guardrails: list[InputGuardrail[Any]],
    agent: Agent[Any],
    input: str | list[TResponseInputItem],
    context: RunContextWrapper[Any],
    results: list[InputGuardrailResult],
    *,
    tracing_disabled: bool,
) -> ModelResponse:
    """The first model call, with the input guardrails (at least one; without any the
    caller awaits the call itself); each result is appended to `results` as it comes.

    Blocking guardrails (`run_in_parallel=False`) all run first and the model is called only
    if none trips. The others run alongside the model call: a trip cancels it at once, so a
    blocked input costs at most the tokens already streamed, and nothing of the turn is kept.
    """

    async def one(guardrail: InputGuardrail[Any]) -> InputGuardrailResult:
        with guardrail_span(guardrail.get_name(), disabled=tracing_disabled) as span:
            result = await guardrail.run(agent, input, context)
            span.span_data.triggered = result.output.tripwire_triggered
        return result

    blocking = [g for g in guardrails if not g.run_in_parallel]
    if blocking:
        try:
            await _until_a_trip([one(g) for g in blocking], results)
        except BaseException:
            call.close()  # never started: the model is not called
            raise
    parallel = [g for g in guardrails if g.run_in_parallel]
    if not parallel:
        return await call
    model_task = asyncio.ensure_future(call)
    try:
        await _until_a_trip([one(g) for g in parallel], results)
    except BaseException:
        model_task.cancel()
        await asyncio.gather(model_task, return_exceptions=True)
        raise
    return await model_task


async def _until_a_trip(
    runs: list[Coroutine[Any, Any, InputGuardrailResult]], results: list[InputGuardrailResult]
) -> None:
    """Await the guardrails as they finish; the first trip raises (the rest are cancelled)."""
    pending = [asyncio.ensure_future(run) for run in runs]
    try:
        for finished in asyncio.as_completed(pending):
            result = await finished
            results.append(result)
            if result.output.tripwire_triggered:
                raise InputGuardrailTripwireTriggered(result)
    finally:
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)


async def run_output_guardrails(
    guardrails: list[OutputGuardrail[Any]],
    agent: Agent[Any],
    output: Any,
    context: RunContextWrapper[Any],
    results: list[OutputGuardrailResult],
    *,
    tracing_disabled: bool,
) -> None:
    """Every output guardrail at once; their results are appended to `results` before the
    first tripped one is raised."""
    if not guardrails:
        return

    async def one(guardrail: OutputGuardrail[Any]) -> OutputGuardrailResult:
        with guardrail_span(guardrail.get_name(), disabled=tracing_disabled) as span:
            result = await guardrail.run(context, agent, output)
            span.span_data.triggered = result.output.tripwire_triggered
        return result

    found = await asyncio.gather(*(one(g) for g in guardrails))
    results.extend(found)
    for result in found:
        if result.output.tripwire_triggered:
            raise OutputGuardrailTripwireTriggered(result)
