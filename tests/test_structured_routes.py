"""Structured output on the other two routes: LiteLLM (reusing the Chat Completions request
and stream code) and OpenAI's Responses API (natively, and with any strategy forced)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import BaseModel

from agents import Agent
from agents import AgentOutputSchema
from agents import RunConfig
from agents import ToolCallOutputItem
from agents.structured import rejected_strategies
from agents.testing import LoopbackProvider
from agents.testing import ResponsesLoopback
from agents.testing import ResponsesReply
from agents.testing import ToolCall

from .helpers.runs import run_either_way
from .helpers.runs import text_deltas
from .responses_helpers import RESPONSES_KEY
from .responses_helpers import responses_model
from .structured_helpers import KEY
from .structured_helpers import Behaviour
from .structured_helpers import lookup

CONFIG = RunConfig(tracing_disabled=True)
STRATEGIES = ["native", "json_mode", "tool", "prompted"]


class Weather(BaseModel):
    city: str
    celsius: float


ANSWER = {"city": "Oslo", "celsius": -3.5}
EXPECTED = Weather(city="Oslo", celsius=-3.5)


async def run(agent: Agent[Any], streamed: bool) -> tuple[Any, str]:
    result, events = await run_either_way(
        agent, "Weather in Oslo?", streamed=streamed, run_config=CONFIG
    )
    return result, "".join(text_deltas(events))


# -- LiteLLM -------------------------------------------------------------------------------


def litellm_model(server: LoopbackProvider) -> Any:
    pytest.importorskip("litellm")
    from agents.extensions.models.litellm_model import LitellmModel

    return LitellmModel("openai/gpt-4o-mini", base_url=server.base_url, api_key=KEY)


@pytest.mark.parametrize("with_tools", [False, True], ids=["no-tools", "tools"])
@pytest.mark.parametrize("strategy", STRATEGIES)
async def test_litellm_route(strategy: str, streamed: bool, with_tools: bool) -> None:
    behaviour = Behaviour([json.dumps(ANSWER)], prose=True)
    with LoopbackProvider("via-litellm", api_key=KEY, responder=behaviour) as server:
        schema = AgentOutputSchema(Weather, strategy=strategy)  # type: ignore[arg-type]
        agent = Agent(
            name="w",
            model=litellm_model(server),
            output_type=schema,
            tools=[lookup] if with_tools else [],
        )
        result, streamed_text = await run(agent, streamed)
    assert result.final_output == EXPECTED
    assert behaviour.seen == [strategy] * (2 if with_tools else 1)
    if with_tools:
        assert any(isinstance(i, ToolCallOutputItem) for i in result.new_items)
    if streamed and strategy != "prompted":
        assert json.loads(streamed_text) == ANSWER


async def test_litellm_falls_back_on_a_400(streamed: bool) -> None:
    behaviour = Behaviour([json.dumps(ANSWER)], rejects_json_schema=True)
    with LoopbackProvider("via-litellm", api_key=KEY, responder=behaviour) as server:
        model = litellm_model(server)
        agent = Agent(name="w", model=model, output_type=Weather)
        first, _ = await run(agent, streamed)
        second, _ = await run(agent, streamed)
    assert first.final_output == second.final_output == EXPECTED
    assert behaviour.seen == ["native", "json_mode", "json_mode"]
    assert rejected_strategies(server.base_url, "openai/gpt-4o-mini") == {"native"}


# -- Responses API -------------------------------------------------------------------------


def responses_answer(body: dict[str, Any]) -> ResponsesReply:
    """A model on the Responses API answering in the form the request asks for."""
    names = [t.get("name") for t in body.get("tools") or []]
    if "lookup" in names and not any(
        i.get("type") == "function_call_output" for i in body.get("input") or []
    ):
        return ResponsesReply(tool_calls=[ToolCall("lookup", {"city": "Oslo"})])
    if "final_output" in names:
        return ResponsesReply(tool_calls=[ToolCall("final_output", ANSWER)])
    if ((body.get("text") or {}).get("format") or {}).get("type") in ("json_schema", "json_object"):
        return ResponsesReply(text=json.dumps(ANSWER))
    return ResponsesReply(text=f"Here you go:\n```json\n{json.dumps(ANSWER)}\n```")


@pytest.mark.parametrize("with_tools", [False, True], ids=["no-tools", "tools"])
@pytest.mark.parametrize("strategy", [None, *STRATEGIES])
async def test_responses_route(strategy: str | None, streamed: bool, with_tools: bool) -> None:
    with ResponsesLoopback("openai", api_key=RESPONSES_KEY, responder=responses_answer) as server:
        schema = AgentOutputSchema(Weather, strategy=strategy)  # type: ignore[arg-type]
        agent = Agent(
            name="w",
            instructions="Be exact.",
            model=responses_model(server),
            output_type=schema,
            tools=[lookup] if with_tools else [],
        )
        result, streamed_text = await run(agent, streamed)
        body = server.response_requests[-1]
    assert result.final_output == EXPECTED
    fmt = (body.get("text") or {}).get("format")
    names = [t["name"] for t in body.get("tools") or []]
    used = strategy or "native"
    if used == "native":
        assert fmt is not None and fmt["type"] == "json_schema" and fmt["strict"] is True
        assert body["instructions"] == "Be exact."
    elif used == "json_mode":
        assert fmt == {"type": "json_object"}
        assert "JSON schema" in body["instructions"]
    elif used == "tool":
        assert fmt is None and "final_output" in names
        if not with_tools:
            assert body["tool_choice"] == {"type": "function", "name": "final_output"}
    else:
        assert fmt is None and "final_output" not in names
        assert body["instructions"].startswith("Be exact.\n\nYour final answer must be")
    if streamed and used != "prompted":
        assert json.loads(streamed_text) == ANSWER
    if used == "tool":
        # The final-output call became the final message; no call of it stays behind.
        assert all(getattr(i.raw_item, "name", None) != "final_output" for i in result.new_items)
