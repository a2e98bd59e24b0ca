"""`input_guardrail(run_in_parallel=False)`: a blocking guardrail runs before the model is
called, so a tripped input never reaches the provider (the loopback's request log shows no
request); the default still runs alongside the first model call."""

from __future__ import annotations

import asyncio
import inspect
from typing import Any

import pytest

from agents import Agent
from agents import GuardrailFunctionOutput
from agents import InputGuardrail
from agents import InputGuardrailTripwireTriggered
from agents import RunConfig
from agents import RunContextWrapper
from agents import input_guardrail
from tests.compat.conftest import Route
from tests.compat.conftest import run

CONFIG = RunConfig(tracing_disabled=True)


def guardrails(route: Route, seen: list[int]) -> list[InputGuardrail[Any]]:
    """One blocking guardrail that records how many requests the provider had seen when it
    finished, and trips on the word "homework". It takes a tenth of a second, long enough for
    a model call made alongside it to reach the loopback."""

    @input_guardrail(run_in_parallel=False, name="no_homework")
    async def no_homework(
        ctx: RunContextWrapper[Any], agent: Agent[Any], input: Any
    ) -> GuardrailFunctionOutput:
        await asyncio.sleep(0.1)
        seen.append(len(route.requests()))
        return GuardrailFunctionOutput(output_info=None, tripwire_triggered="homework" in input)

    return [no_homework]


def guarded(route: Route) -> tuple[Agent[Any], list[int], int]:
    """An agent with the blocking guardrail, its record, and the provider's request count."""
    seen: list[int] = []
    agent = Agent(name="a", model=route.model, input_guardrails=guardrails(route, seen))
    return agent, seen, len(route.requests())


async def test_a_tripped_blocking_guardrail_never_calls_the_model(
    route: Route, streamed: bool
) -> None:
    agent, seen, before = guarded(route)
    with pytest.raises(InputGuardrailTripwireTriggered) as tripped:
        await run(agent, "do my homework", streamed, run_config=CONFIG)
    assert tripped.value.guardrail_result.guardrail.get_name() == "no_homework"
    assert seen == [before] and len(route.requests()) == before


async def test_a_passing_blocking_guardrail_runs_before_the_model_call(
    route: Route, streamed: bool
) -> None:
    agent, seen, before = guarded(route)
    route.server.enqueue(route.say("hello"))
    result = await run(agent, "hi", streamed, run_config=CONFIG)
    assert result.final_output == "hello"
    assert seen == [before] and len(route.requests()) == before + 1
    assert [r.output.tripwire_triggered for r in result.input_guardrail_results] == [False]


def test_the_decorator_and_class_take_run_in_parallel_as_the_reference_does() -> None:
    parameter = inspect.signature(input_guardrail).parameters["run_in_parallel"]
    assert parameter.kind is inspect.Parameter.KEYWORD_ONLY and parameter.default is True

    def check(ctx: Any, agent: Any, input: Any) -> GuardrailFunctionOutput:
        return GuardrailFunctionOutput(output_info=None, tripwire_triggered=False)

    assert input_guardrail(check).run_in_parallel is True
    assert InputGuardrail(check, run_in_parallel=False).run_in_parallel is False
