"""Item 20 through LiteLLM: Gemini 3 function calling after another provider.

litellm speaks Gemini's own protocol; the loopback server signs its function calls and
answers 400 to an unsigned one, as Gemini 3 does. Gemini's signature goes back to Gemini (and
out of the call id, so no other provider sees it); a call another provider made goes with the
placeholder litellm puts on it for Gemini 3.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from typing import Any

import pytest

from agents import Agent
from agents import RunConfig
from agents import Runner
from agents.testing import LoopbackProvider
from agents.testing import Reply
from agents.testing import ToolCall

from ..conftest import make_model
from ..dialect_helpers import Weather
from .gemini_native import GeminiNativeLoopback
from .gemini_native import GeminiReply

litellm_model = pytest.importorskip("agents.extensions.models.litellm_model")
CONFIG = RunConfig(tracing_disabled=True)
PLACEHOLDER = base64.b64encode(b"skip_thought_signature_validator").decode()


@pytest.fixture
def gemini() -> Iterator[GeminiNativeLoopback]:
    with GeminiNativeLoopback() as server:
        yield server


def gemini_agent(server: GeminiNativeLoopback, weather: Weather, model: str) -> Agent[Any]:
    llm = litellm_model.LitellmModel(model=f"gemini/{model}", base_url=server.url(), api_key="k")
    return Agent(name="w", model=llm, tools=[weather.tool()])


def model_parts(body: dict[str, Any]) -> list[list[dict[str, Any]]]:
    """The function-call parts of each model turn that has some."""
    turns = [c["parts"] for c in body["contents"] if c["role"] == "model"]
    calls = [[p for p in parts if "function_call" in p] for parts in turns]
    return [c for c in calls if c]


async def run(agent: Agent[Any], input: Any, streamed: bool) -> Any:
    if not streamed:
        return await Runner.run(agent, input, run_config=CONFIG)
    result = Runner.run_streamed(agent, input, run_config=CONFIG)
    async for _ in result.stream_events():
        pass
    return result


async def test_geminis_signature_goes_back_to_gemini_and_nowhere_else(
    gemini: GeminiNativeLoopback, provider: LoopbackProvider, streamed: bool
) -> None:
    weather = Weather()
    gemini.enqueue(GeminiReply(calls=[("get_weather", {"city": "Paris"})]), GeminiReply(text="ok"))
    agent = gemini_agent(gemini, weather, "gemini-3-pro-preview")
    result = await run(agent, "Weather?", streamed)
    assert result.final_output == "ok" and weather.calls == ["Paris"]
    [signature] = gemini.signed
    [[part]] = model_parts(gemini.bodies[1])
    assert part["thoughtSignature"] == signature  # Gemini's own, exactly
    call_id = part["function_call"]["id"]
    # The run's call id is the plain one; the signature rides on the item, for Gemini only.
    items = result.to_input_list()
    [call] = [i for i in items if i.get("type") == "function_call"]
    assert call["call_id"] == call_id and "__thought__" not in call_id
    # The conversation moves on to another provider: no signature, no long id.
    provider.enqueue(Reply(text="Agreed."))
    follow_up = [*items, {"role": "user", "content": "Sure?"}]
    await Runner.run(agent.clone(model=make_model(provider)), follow_up, run_config=CONFIG)
    sent = provider.requests[0].body
    assert sent is not None and signature not in json.dumps(sent)
    [assistant] = [m for m in sent["messages"] if m.get("tool_calls")]
    assert assistant["tool_calls"][0]["id"] == call_id


async def test_a_call_another_provider_made_gets_the_placeholder(
    gemini: GeminiNativeLoopback, provider: LoopbackProvider, streamed: bool
) -> None:
    weather = Weather()
    provider.enqueue(
        Reply(
            tool_calls=[
                ToolCall("get_weather", {"city": "Rome"}, id="call_r"),
                ToolCall("get_weather", {"city": "Oslo"}, id="call_o"),
            ]
        ),
        Reply(text="Sunny."),
    )
    first = await Runner.run(
        Agent(name="w", model=make_model(provider), tools=[weather.tool()]), "Weather?"
    )
    gemini.enqueue(GeminiReply(text="Yes."))
    agent = gemini_agent(gemini, weather, "gemini-3-flash-preview")
    follow_up = [*first.to_input_list(), {"role": "user", "content": "Sure?"}]
    result = await run(agent, follow_up, streamed)
    assert result.final_output == "Yes."
    [parts] = model_parts(gemini.bodies[0])
    assert [p.get("thoughtSignature") for p in parts] == [PLACEHOLDER, None]


async def test_a_signature_is_not_given_to_another_gemini_model(
    gemini: GeminiNativeLoopback,
) -> None:
    weather = Weather()
    gemini.enqueue(GeminiReply(calls=[("get_weather", {"city": "Paris"})]), GeminiReply(text="ok"))
    first = await run(gemini_agent(gemini, weather, "gemini-3-pro-preview"), "Weather?", False)
    gemini.enqueue(GeminiReply(text="Still ok."))
    other = gemini_agent(gemini, weather, "gemini-3-flash-preview")
    await run(other, [*first.to_input_list(), {"role": "user", "content": "Sure?"}], False)
    [[part]] = model_parts(gemini.bodies[2])
    assert part["thoughtSignature"] == PLACEHOLDER
