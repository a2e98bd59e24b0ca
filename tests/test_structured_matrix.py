"""Structured output, strategy x output type x streamed or not x with or without tools.

Every combination runs through the real `openai` client against a loopback provider whose
scripted model answers the way the request asks (see structured_helpers): the output comes
back as the output type, and the request on the wire is the strategy's.
"""

from __future__ import annotations

import enum
import json
from typing import Any
from typing import Literal

import pytest

from agents import Agent
from agents import AgentOutputSchema
from agents import MessageOutputItem
from agents import RunConfig
from agents import ToolCallOutputItem
from agents.items import ItemHelpers
from agents.models.dialects.profiles import DEEPSEEK
from agents.models.dialects.profiles import DEFAULT_PROFILE
from agents.models.dialects.profiles import GEMINI
from agents.models.dialects.profiles import ModelProfile
from agents.testing import LoopbackProvider

from .helpers.runs import run_either_way
from .helpers.runs import text_deltas
from .structured_helpers import KEY
from .structured_helpers import Behaviour
from .structured_helpers import Pair
from .structured_helpers import Point
from .structured_helpers import Weather
from .structured_helpers import lookup
from .structured_helpers import model_for
from .structured_helpers import system_text


class Color(enum.Enum):
    RED = "red"
    BLUE = "blue"


# name -> (output type, the JSON the model sends, the final output expected)
OUTPUT_TYPES: dict[str, tuple[Any, Any, Any]] = {
    "pydantic": (Weather, {"city": "Oslo", "celsius": -3.5}, Weather(city="Oslo", celsius=-3.5)),
    "dataclass": (Point, {"x": 1, "y": 2}, Point(1, 2)),
    "typeddict": (Pair, {"left": "a", "right": "b"}, {"left": "a", "right": "b"}),
    "list": (
        list[Weather],
        {"response": [{"city": "Oslo", "celsius": 1.0}, {"city": "Rome", "celsius": 20.0}]},
        [Weather(city="Oslo", celsius=1.0), Weather(city="Rome", celsius=20.0)],
    ),
    "dict": (
        dict[str, Point],
        {"response": {"a": {"x": 1, "y": 2}}},
        {"a": Point(1, 2)},
    ),
    "int": (int, {"response": 42}, 42),
    "literal": (Literal["yes", "no"], {"response": "no"}, "no"),
    "enum": (Color, {"response": "blue"}, Color.BLUE),
}
STRATEGIES = ["native", "json_mode", "tool", "prompted"]
CONFIG = RunConfig(tracing_disabled=True)


async def run(agent: Agent[Any], streamed: bool) -> tuple[Any, list[str]]:
    """The run's result and, when streamed, the text deltas its events carried."""
    result, events = await run_either_way(
        agent, "Weather please", streamed=streamed, run_config=CONFIG
    )
    return result, text_deltas(events)


@pytest.mark.parametrize("with_tools", [False, True], ids=["no-tools", "tools"])
@pytest.mark.parametrize("type_name", list(OUTPUT_TYPES))
@pytest.mark.parametrize("strategy", STRATEGIES)
async def test_matrix(strategy: str, type_name: str, streamed: bool, with_tools: bool) -> None:
    output_type, wire, expected = OUTPUT_TYPES[type_name]
    behaviour = Behaviour([json.dumps(wire)], prose=True)
    with LoopbackProvider("matrix", api_key=KEY, responder=behaviour) as server:
        schema = AgentOutputSchema(output_type, strategy=strategy)  # type: ignore[arg-type]
        agent = Agent(
            name="forecaster",
            instructions="You forecast weather.",
            model=model_for(server, DEFAULT_PROFILE),
            output_type=schema,
            tools=[lookup] if with_tools else [],
        )
        result, deltas = await run(agent, streamed)
        requests = server.chat_requests

    assert result.final_output == expected
    assert len(requests) == (2 if with_tools else 1)
    assert behaviour.seen == [strategy] * len(requests)
    final_request = requests[-1]
    system = system_text(final_request)
    assert system.startswith("You forecast weather.")
    schema_json = json.dumps(schema.json_schema(), separators=(",", ":"))
    tool_names = [t["function"]["name"] for t in final_request.get("tools") or []]

    if strategy == "native":
        fmt = final_request["response_format"]["json_schema"]
        assert fmt["schema"] == schema.json_schema()
        assert fmt["strict"] is schema.is_strict_json_schema()
        assert "final_output" not in tool_names
    elif strategy == "json_mode":
        assert final_request["response_format"] == {"type": "json_object"}
        assert schema_json in system
    elif strategy == "tool":
        assert "response_format" not in final_request
        declared = next(
            t for t in final_request["tools"] if t["function"]["name"] == "final_output"
        )
        assert declared["function"]["parameters"] == schema.json_schema()
        if with_tools:
            assert "tool_choice" not in final_request  # the model decides when it is done
        else:
            assert final_request["tool_choice"] == {
                "type": "function",
                "function": {"name": "final_output"},
            }
    else:
        assert "response_format" not in final_request
        assert "final_output" not in tool_names
        assert schema_json in system

    if with_tools:
        outputs = [i for i in result.new_items if isinstance(i, ToolCallOutputItem)]
        assert [o.output for o in outputs] == ["notes for Oslo"]
        assert [t for t in tool_names if t != "final_output"] == ["lookup"]
    # The final answer is an ordinary message whatever the strategy (a final-output tool call
    # included), and a stream carried its text.
    message = result.new_items[-1]
    assert isinstance(message, MessageOutputItem)
    text = ItemHelpers.text_message_output(message)
    if strategy == "prompted":
        assert "```json" in text  # the answer as the model wrote it
    else:
        assert json.loads(text) == wire
    if streamed:
        assert "".join(deltas) == text


# -- the strategy each provider's profile picks, for every output type ----------------------

PROSE_ONLY = ModelProfile(
    provider="tiny-local",
    supports_json_schema=False,
    supports_json_object=False,
    supports_tools=False,
)
# name -> (profile, behaviour knobs, strategies seen without tools, with tools)
PROVIDERS: dict[str, tuple[ModelProfile, dict[str, Any], list[str], list[str]]] = {
    "openai-like": (DEFAULT_PROFILE, {}, ["native"], ["native"] * 2),
    "rejects-json-schema": (
        DEFAULT_PROFILE,
        {"rejects_json_schema": True},
        ["native", "json_mode"],
        ["native", "json_mode", "json_mode"],
    ),
    "gemini": (GEMINI, {"rejects_format_with_tools": True}, ["native"], ["tool"] * 2),
    "deepseek": (DEEPSEEK, {}, ["json_mode"], ["json_mode"] * 2),
    "prose-and-fences": (PROSE_ONLY, {"prose": True}, ["prompted"], []),
}


@pytest.mark.parametrize("type_name", list(OUTPUT_TYPES))
@pytest.mark.parametrize(
    ("provider", "with_tools"),
    [
        (name, tools)
        for name in PROVIDERS
        for tools in (False, True)
        if PROVIDERS[name][3] or not tools
    ],
    ids=lambda v: v if isinstance(v, str) else ("tools" if v else "no-tools"),
)
async def test_matrix_by_provider(
    provider: str, type_name: str, streamed: bool, with_tools: bool
) -> None:
    profile, knobs, plain_seen, tools_seen = PROVIDERS[provider]
    output_type, wire, expected = OUTPUT_TYPES[type_name]
    behaviour = Behaviour([json.dumps(wire)], **knobs)
    with LoopbackProvider(provider, api_key=KEY, responder=behaviour) as server:
        agent = Agent(
            name="forecaster",
            model=model_for(server, profile),
            output_type=output_type,
            tools=[lookup] if with_tools else [],
        )
        result, _ = await run(agent, streamed)
    assert result.final_output == expected
    assert behaviour.seen == (tools_seen if with_tools else plain_seen)
