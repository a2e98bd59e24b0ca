"""agents.testing.model: the reference SDK's ScriptedModel, steps and errors, driving real
runs streamed and not; freeagents' own agents.testing.ScriptedModel is untouched."""

from __future__ import annotations

from typing import Any

import pytest

import agents.testing
from agents import Agent
from agents import RunConfig
from agents import Runner
from agents import Usage
from agents import function_tool
from agents.stream_events import RawResponsesStreamEvent
from agents.testing.model import InvalidModelStep
from agents.testing.model import ModelCall
from agents.testing.model import ModelStep
from agents.testing.model import ScriptedModel
from agents.testing.model import UnconsumedModelSteps
from agents.testing.model import UnexpectedModelCall
from agents.testing.model import assistant_message
from agents.testing.model import function_call

CONFIG = RunConfig(tracing_disabled=True)


@function_tool
def add(a: int, b: int) -> int:
    """Add two numbers."""
    return a + b


async def run(agent: Agent[Any], streamed: bool) -> Any:
    if not streamed:
        return await Runner.run(agent, "add 2 and 3", run_config=CONFIG)
    result = Runner.run_streamed(agent, "add 2 and 3", run_config=CONFIG)
    result.events = [event async for event in result.stream_events()]  # type: ignore[attr-defined]
    return result


async def test_a_scripted_tool_call_then_an_answer(streamed: bool) -> None:
    def answer(call: ModelCall) -> list[Any]:
        output = next(i for i in call.input if i.get("type") == "function_call_output")
        return [assistant_message(f"The sum is {output['output']}.")]

    model = ScriptedModel(
        [
            [function_call("add", {"a": 2, "b": 3}, call_id="call_1")],
            ModelStep.respond(answer),
        ],
        default_usage=Usage(requests=1, input_tokens=7, output_tokens=2, total_tokens=9),
    )
    result = await run(Agent(name="a", model=model, tools=[add]), streamed)
    assert result.final_output == "The sum is 5."
    model.assert_complete()
    assert [c.streamed for c in model.calls] == [streamed, streamed]
    assert model.first_call is not None and model.first_call.input[0]["content"] == "add 2 and 3"
    assert [t.name for t in model.first_call.tools] == ["add"]
    assert result.context_wrapper.usage.output_tokens == 4
    if streamed:
        deltas = [
            e.data.delta
            for e in result.events
            if isinstance(e, RawResponsesStreamEvent)
            and e.data.type == "response.output_text.delta"
        ]
        assert "".join(deltas) == "The sum is 5."


async def test_scripted_errors_and_script_mistakes() -> None:
    model = ScriptedModel([{"error": RuntimeError("provider down")}])
    with pytest.raises(RuntimeError, match="provider down"):
        await Runner.run(Agent(name="a", model=model), "hi", run_config=CONFIG)
    with pytest.raises(UnexpectedModelCall) as unexpected:
        await Runner.run(Agent(name="a", model=model), "again", run_config=CONFIG)
    assert unexpected.value.call_index == 1 and unexpected.value.call.input[0]["content"] == "again"
    model.enqueue([assistant_message("left over")])
    with pytest.raises(UnconsumedModelSteps) as unconsumed:
        model.assert_complete()
    assert unconsumed.value.remaining_steps == 1
    with pytest.raises(InvalidModelStep) as invalid:
        ScriptedModel([[assistant_message("ok")], {"outputs": []}])
    assert (invalid.value.reason, invalid.value.input_index) == ("unsupported_field", 1)
    with pytest.raises(InvalidModelStep, match="more than one"):
        ScriptedModel([ModelStep(output=[assistant_message("x")], error=ValueError("y"))])


def test_the_packages_own_scripted_model_is_unchanged() -> None:
    assert agents.testing.ScriptedModel is not ScriptedModel
    assert agents.testing.ScriptedModel.__module__ == "agents.testing.scripted_model"
    call = function_call("lookup", "{}", call_id="c9", namespace="crm")
    assert (call.id, call.namespace) == ("c9", "crm")  # type: ignore[union-attr]
