"""A finished run leaves no reference cycle behind.

Objects in a cycle are not freed when the caller drops the result: they wait for the
garbage collector, and every run that leaves some makes the collector run more often and
longer, for every other object in the process. Measured, that cost more than the rest of
the run loop on a single turn. So a run's parts never point back at the run once it has
ended: plain or streamed, with tools, with tracing on or off.
"""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Callable
from collections.abc import Iterator
from typing import Any

import pytest

from agents import Agent
from agents import GuardrailFunctionOutput
from agents import RunConfig
from agents import RunContextWrapper
from agents import function_tool
from agents import input_guardrail
from agents import output_guardrail
from agents.testing import LoopbackProvider
from agents.testing import Reply
from agents.testing import ToolCall
from tests.helpers.runs import run_to_end
from tests.helpers.tracing import Collector

from ..conftest import make_model


@function_tool
def add(a: int, b: int) -> int:
    """Add two numbers."""
    return a + b


@input_guardrail
def polite(
    context: RunContextWrapper[Any], agent: Agent[Any], text: Any
) -> GuardrailFunctionOutput:
    return GuardrailFunctionOutput(output_info=None, tripwire_triggered=False)


@output_guardrail
def short(ctx: RunContextWrapper[Any], agent: Agent[Any], text: Any) -> GuardrailFunctionOutput:
    return GuardrailFunctionOutput(output_info=None, tripwire_triggered=len(text) > 100)


def tools_agent(provider: LoopbackProvider) -> Agent[Any]:
    """A tool round trip, then a message."""
    provider.enqueue(Reply(tool_calls=[ToolCall("add", {"a": 2, "b": 3})]), Reply(text="5"))
    return Agent(name="calc", model=make_model(provider), tools=[add])


def handoff_agent(provider: LoopbackProvider) -> Agent[Any]:
    """Guardrails on the way in and out, and a handoff to the agent that answers."""
    provider.enqueue(Reply(tool_calls=[ToolCall("transfer_to_math", {})]), Reply(text="5"))
    math = Agent(name="math", model=make_model(provider), output_guardrails=[short])
    return Agent(
        name="triage", model=make_model(provider), handoffs=[math], input_guardrails=[polite]
    )


@pytest.fixture
def saved_garbage() -> Iterator[list[Any]]:
    """What the collector finds unreachable during the test, kept for inspection."""
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        yield gc.garbage
    finally:
        gc.set_debug(0)
        gc.garbage.clear()


def _kinds(objects: list[Any]) -> Counter[str]:
    return Counter(f"{type(o).__module__}.{type(o).__qualname__}" for o in objects)


@pytest.mark.parametrize("scenario", [tools_agent, handoff_agent], ids=["tools", "handoff"])
@pytest.mark.parametrize("tracing", ["off", "on"])
async def test_runs_leave_no_cycles(
    provider: LoopbackProvider,
    streamed: bool,
    tracing: str,
    scenario: Callable[[LoopbackProvider], Agent[Any]],
    collector: Collector,
    saved_garbage: list[Any],
) -> None:
    config = RunConfig(tracing_disabled=tracing == "off")

    async def one_run() -> None:
        agent = scenario(provider)
        result = await run_to_end(agent, "2+3?", streamed=streamed, run_config=config)
        assert result.final_output == "5"

    await one_run()  # connections, caches and first-use imports settle first
    gc.collect()
    saved_garbage.clear()
    # Everything older than the runs is held here until the check: what the collector
    # finds then was made by the runs (an earlier test's objects, dropped meanwhile from a
    # cache, cannot turn up).
    older = gc.get_objects()
    for _ in range(3):
        await one_run()
    gc.collect()
    del older
    # Only freeagents' objects: pytest and its plug-ins make cycles of their own meanwhile.
    ours = [o for o in saved_garbage if type(o).__module__.startswith("agents")]
    assert not ours, f"cyclic garbage from the runs: {_kinds(ours).most_common(12)}"
