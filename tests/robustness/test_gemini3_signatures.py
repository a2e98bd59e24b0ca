"""Item 20: Gemini 3 function calling after another provider (OpenAI-compatible route).

Gemini 3 answers 400 to a function call in the history that carries no thought signature. A
call another provider made, or one the user built, goes to Gemini 3 with Google's documented
placeholder on the first call of its step; Gemini's own signatures go back unchanged, and
only to Gemini. The loopback Gemini server signs its calls and rejects unsigned ones as
Gemini 3 does.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from agents import Agent
from agents import RunConfig
from agents import Runner
from agents import TResponseInputItem
from agents.testing import LoopbackProvider
from agents.testing import Reply
from agents.testing import ToolCall
from agents.testing import WireShape

from ..conftest import make_model
from ..dialect_helpers import Weather
from ..dialect_helpers import table_provider_on_loopback
from ..helpers.runs import run_to_end

PLACEHOLDER = {"google": {"thought_signature": "skip_thought_signature_validator"}}
CONFIG = RunConfig(tracing_disabled=True)


def gemini_server(monkeypatch: pytest.MonkeyPatch) -> Any:
    """The table's Gemini provider at a loopback server shaped like Gemini (3)."""
    return table_provider_on_loopback(monkeypatch, "gemini", WireShape.preset("gemini"))


def call(city: str, call_id: str) -> dict[str, Any]:
    arguments = json.dumps({"city": city}, separators=(",", ":"))
    return {
        "id": call_id,
        "type": "function",
        "function": {"name": "get_weather", "arguments": arguments},
    }


def assistant_calls(body: dict[str, Any] | None) -> list[list[dict[str, Any]]]:
    assert body is not None
    return [m["tool_calls"] for m in body["messages"] if m.get("tool_calls")]


async def test_calls_made_by_another_provider_get_the_placeholder(
    monkeypatch: pytest.MonkeyPatch, provider: LoopbackProvider, streamed: bool
) -> None:
    weather = Weather()
    provider.enqueue(
        Reply(tool_calls=[ToolCall("get_weather", {"city": "Paris"}, id="call_p")]),
        Reply(
            tool_calls=[
                ToolCall("get_weather", {"city": "Rome"}, id="call_r"),
                ToolCall("get_weather", {"city": "Oslo"}, id="call_o"),
            ]
        ),
        Reply(text="Sunny everywhere."),
    )
    openai_agent = Agent(name="w", model=make_model(provider), tools=[weather.tool()])
    first = await Runner.run(openai_agent, "Weather?", run_config=CONFIG)
    follow_up = [*first.to_input_list(), {"role": "user", "content": "Sure?"}]
    with gemini_server(monkeypatch) as gemini:
        gemini.enqueue(Reply(text="Yes."))
        agent = openai_agent.clone(model="gemini/gemini-3-pro-preview")
        result = await run_to_end(agent, follow_up, streamed=streamed, run_config=CONFIG)
        sent = gemini.requests[0].body
    assert result.final_output == "Yes."
    # The first call of each step carries the placeholder; the others nothing.
    assert assistant_calls(sent) == [
        [{**call("Paris", "call_p"), "extra_content": PLACEHOLDER}],
        [{**call("Rome", "call_r"), "extra_content": PLACEHOLDER}, call("Oslo", "call_o")],
    ]


async def test_a_call_built_by_the_user_gets_the_placeholder(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    history: list[TResponseInputItem] = [
        {"role": "user", "content": "Weather in Paris?"},
        {
            "type": "function_call",
            "call_id": "mine_1",
            "name": "get_weather",
            "arguments": '{"city":"Paris"}',
        },
        {"type": "function_call_output", "call_id": "mine_1", "output": "sunny"},
    ]
    with gemini_server(monkeypatch) as gemini:
        gemini.enqueue(Reply(text="Sunny."))
        agent = Agent(name="w", model="gemini/gemini-3-flash-preview")
        result = await Runner.run(agent, history, run_config=CONFIG)
        sent = gemini.requests[0].body
    assert result.final_output == "Sunny."
    assert assistant_calls(sent) == [[{**call("Paris", "mine_1"), "extra_content": PLACEHOLDER}]]


async def test_geminis_own_signature_goes_back_to_gemini_only(
    monkeypatch: pytest.MonkeyPatch, provider: LoopbackProvider, streamed: bool
) -> None:
    weather = Weather()
    with gemini_server(monkeypatch) as gemini:
        gemini.enqueue(
            Reply(tool_calls=[ToolCall("get_weather", {"city": "Paris"})]),
            Reply(text="It is sunny in Paris."),
        )
        agent = Agent(name="w", model="gemini/gemini-3-pro-preview", tools=[weather.tool()])
        result = await run_to_end(agent, "Weather?", streamed=streamed, run_config=CONFIG)
        second = gemini.requests[1].body
    assert result.final_output == "It is sunny in Paris."
    [[own]] = assistant_calls(second)
    signature = own["extra_content"]["google"]["thought_signature"]
    assert signature.startswith("loopback-signature-")  # Gemini's own, not the placeholder
    # Another provider never sees it.
    provider.enqueue(Reply(text="Agreed."))
    follow_up = [*result.to_input_list(), {"role": "user", "content": "Sure?"}]
    await Runner.run(agent.clone(model=make_model(provider)), follow_up, run_config=CONFIG)
    [[theirs]] = assistant_calls(provider.requests[0].body)
    assert "extra_content" not in theirs and signature not in json.dumps(provider.requests[0].body)


async def test_older_gemini_gets_no_placeholder(monkeypatch: pytest.MonkeyPatch) -> None:
    history: list[TResponseInputItem] = [
        {"role": "user", "content": "Weather in Paris?"},
        {"type": "function_call", "call_id": "c1", "name": "get_weather", "arguments": "{}"},
        {"type": "function_call_output", "call_id": "c1", "output": "sunny"},
    ]
    with gemini_server(monkeypatch) as gemini:
        gemini.enqueue(Reply(text="Sunny."))
        await Runner.run(
            Agent(name="w", model="gemini/gemini-2.5-flash"), history, run_config=CONFIG
        )
        [[sent]] = assistant_calls(gemini.requests[0].body)
    assert "extra_content" not in sent
