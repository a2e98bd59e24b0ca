"""Tool guardrails, tool timeouts, image tool outputs and a max_turns handler, on a Chat
Completions provider, the Responses API and Anthropic through LiteLLM, streamed and not."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

from agents import Agent
from agents import RunConfig
from agents import ToolGuardrailFunctionOutput
from agents import ToolInputGuardrailData
from agents import ToolInputGuardrailTripwireTriggered
from agents import ToolOutputGuardrailData
from agents import ToolOutputGuardrailTripwireTriggered
from agents import ToolOutputImage
from agents import ToolTimeoutError
from agents import function_tool
from agents import tool_input_guardrail
from agents import tool_output_guardrail
from agents.exceptions import MaxTurnsExceeded
from tests.compat.conftest import Route
from tests.compat.conftest import run

CONFIG = RunConfig(tracing_disabled=True)
PIXEL = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4"
    "DwABBAEAwS2OUAAAAABJRU5ErkJggg=="
)


@tool_input_guardrail
def no_secrets(data: ToolInputGuardrailData) -> ToolGuardrailFunctionOutput:
    args = json.loads(data.context.tool_arguments or "{}")
    if "secret" in args.get("text", ""):
        return ToolGuardrailFunctionOutput.reject_content("Refused: the text holds a secret.")
    if "halt" in args.get("text", ""):
        return ToolGuardrailFunctionOutput.raise_exception(output_info={"why": "halt"})
    return ToolGuardrailFunctionOutput.allow()


@tool_output_guardrail
def no_pins(data: ToolOutputGuardrailData) -> ToolGuardrailFunctionOutput:
    if "PIN" in str(data.output):
        return ToolGuardrailFunctionOutput.raise_exception(output_info="pin leaked")
    return ToolGuardrailFunctionOutput.allow("clean")


@function_tool(tool_input_guardrails=[no_secrets], tool_output_guardrails=[no_pins])
def echo(text: str) -> str:
    """Echo the text."""
    return f"echo: {text}"


async def test_guardrails_that_pass(route: Route, streamed: bool) -> None:
    route.server.enqueue(route.call("echo", {"text": "hello"}), route.say("done"))
    agent = Agent(name="a", model=route.model, tools=[echo])
    result = await run(agent, "go", streamed, run_config=CONFIG)
    assert result.final_output == "done"
    assert "echo: hello" in json.dumps(route.tool_output_sent())
    assert [r.output.behavior["type"] for r in result.tool_input_guardrail_results] == ["allow"]
    assert [r.output.output_info for r in result.tool_output_guardrail_results] == ["clean"]


async def test_input_guardrail_rejects_content(route: Route, streamed: bool) -> None:
    route.server.enqueue(route.call("echo", {"text": "my secret"}), route.say("understood"))
    agent = Agent(name="a", model=route.model, tools=[echo])
    result = await run(agent, "go", streamed, run_config=CONFIG)
    assert result.final_output == "understood"
    sent = json.dumps(route.tool_output_sent())
    assert "Refused: the text holds a secret." in sent and "echo:" not in sent
    assert result.tool_output_guardrail_results == []  # the tool never ran


async def test_guardrails_that_trip(route: Route, streamed: bool) -> None:
    agent = Agent(name="a", model=route.model, tools=[echo])
    route.server.enqueue(route.call("echo", {"text": "halt now"}))
    with pytest.raises(ToolInputGuardrailTripwireTriggered) as tripped:
        await run(agent, "go", streamed, run_config=CONFIG)
    assert tripped.value.output.output_info == {"why": "halt"}
    assert tripped.value.run_data is not None
    assert tripped.value.run_data.tool_input_guardrail_results[0].guardrail is no_secrets
    route.server.enqueue(route.call("echo", {"text": "the PIN is 1234"}))
    with pytest.raises(ToolOutputGuardrailTripwireTriggered) as leaked:
        await run(agent, "go", streamed, run_config=CONFIG)
    assert leaked.value.guardrail is no_pins and leaked.value.output.output_info == "pin leaked"


@function_tool(timeout=0.2)
async def slow() -> str:
    """Takes too long."""
    await asyncio.sleep(5)
    return "late"


@function_tool(timeout=0.2, timeout_behavior="raise_exception")
def slow_sync() -> str:
    """Takes too long, in a thread."""
    import time

    time.sleep(0.6)
    return "late"


async def test_a_tool_that_times_out(route: Route, streamed: bool) -> None:
    route.server.enqueue(route.call("slow", {}), route.say("gave up waiting"))
    agent = Agent(name="a", model=route.model, tools=[slow, slow_sync])
    result = await run(agent, "go", streamed, run_config=CONFIG)
    assert result.final_output == "gave up waiting"
    assert "Tool 'slow' timed out after 0.2 seconds." in json.dumps(route.tool_output_sent())
    route.server.enqueue(route.call("slow_sync", {}))
    with pytest.raises(ToolTimeoutError, match="slow_sync"):
        await run(agent, "go", streamed, run_config=CONFIG)


@function_tool
def snapshot() -> ToolOutputImage:
    """A picture of the screen."""
    return ToolOutputImage(image_url=PIXEL, detail="low")


async def test_image_tool_output_reaches_each_route(route: Route, streamed: bool) -> None:
    route.server.enqueue(route.call("snapshot", {}), route.say("a white pixel"))
    agent = Agent(name="a", model=route.model, tools=[snapshot])
    result = await run(agent, "look", streamed, run_config=CONFIG)
    assert result.final_output == "a white pixel"
    body = route.requests()[-1]
    if route.name == "responses":
        assert route.tool_output_sent() == [
            {"type": "input_image", "image_url": PIXEL, "detail": "low"}
        ]
    elif route.name == "chat":
        # Tool messages carry text only here: the image follows in a user message.
        assert "shown in the next message" in route.tool_output_sent()
        last = body["messages"][-1]
        assert last["role"] == "user"
        assert {"type": "image_url", "image_url": {"url": PIXEL, "detail": "low"}} in last[
            "content"
        ]
    else:
        assert PIXEL.split(",")[1] in json.dumps(body["messages"])


async def test_max_turns_handler_gives_the_final_output(route: Route, streamed: bool) -> None:
    route.server.enqueue(route.call("echo", {"text": "again"}))
    agent = Agent(name="a", model=route.model, tools=[echo])
    seen: list[Any] = []

    def on_max_turns(data: Any) -> dict[str, Any]:
        seen.append(data)
        return {"final_output": "stopped after one turn"}

    result = await run(
        agent,
        "go",
        streamed,
        run_config=CONFIG,
        max_turns=1,
        error_handlers={"max_turns": on_max_turns},
    )
    assert result.final_output == "stopped after one turn"
    assert isinstance(seen[0].error, MaxTurnsExceeded)
    assert seen[0].run_data.last_agent is agent
    assert result.to_input_list()[-1]["content"][0]["text"] == "stopped after one turn"
    route.server.enqueue(route.call("echo", {"text": "again"}))
    with pytest.raises(MaxTurnsExceeded):
        await run(
            agent,
            "go",
            streamed,
            run_config=CONFIG,
            max_turns=1,
            error_handlers={"max_turns": lambda data: None},
        )
