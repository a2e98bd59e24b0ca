"""The tools block kept between turns follows every change made to the tools.

An agent's declarations (and their encoded bytes) are reused while the tools are unchanged;
each test changes something between two runs of the same agent and reads the next request
as the loopback server received it: what it declares must be the tools as they are now,
built afresh, and its bytes those `create` would send.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import pickle
from typing import Any

import pytest
from openai import AsyncOpenAI
from pydantic import BaseModel

from agents import Agent
from agents import AgentOutputSchema
from agents import FunctionTool
from agents import OpenAIChatCompletionsModel
from agents import RunConfig
from agents import RunContextWrapper
from agents import Runner
from agents import function_tool
from agents.models.chat import transport
from agents.models.chat.declarations import declared_parts
from agents.models.chat.declarations import tool_params
from agents.models.chat.request import function_param
from agents.models.dialects.profiles import DEFAULT_PROFILE
from agents.models.dialects.profiles import ModelProfile
from agents.models.providers.catalogue import profile_for_base_url
from agents.testing import LoopbackProvider
from agents.testing import Reply
from agents.testing import ToolCall
from agents.util._watched import WatchedDict
from agents.util._watched import WatchedList
from agents.util._watched import changes
from agents.util._watched import fully_watched
from agents.util._watched import watched

from .test_lean_path import same_request

GEMINI = profile_for_base_url("https://generativelanguage.googleapis.com/v1beta/openai/", "gemini")


def make_tools(n: int) -> list[FunctionTool]:
    def make(i: int) -> FunctionTool:
        def forecast(city: str, days: int = 1) -> str:
            """A city's forecast.

            Args:
                city: The city's name.
                days: How many days ahead.
            """
            return city

        return function_tool(forecast, name_override=f"forecast_{i}")

    return [make(i) for i in range(n)]


def declared(tools: list[Any], profile: ModelProfile = DEFAULT_PROFILE) -> list[dict[str, Any]]:
    """The declarations built afresh from the tools as they are now."""
    return [
        json.loads(
            json.dumps(
                function_param(
                    t.name,
                    t.description or "",
                    copy.deepcopy(t.params_json_schema),
                    t.strict_json_schema,
                    profile,
                )
            )
        )
        for t in tools
    ]


class Turns:
    """Runs of one agent on the loopback server; each returns the request it sent."""

    def __init__(self, server: LoopbackProvider, client: AsyncOpenAI, **model: Any) -> None:
        self.server = server
        self.model = OpenAIChatCompletionsModel("m", client, **model)
        self.config = RunConfig(model=self.model, tracing_disabled=True)

    async def sent(self, agent: Agent[Any]) -> dict[str, Any]:
        await Runner.run(agent, "hi", run_config=self.config)
        body = self.server.requests[-1].body
        assert body is not None
        return body

    async def tools(self, agent: Agent[Any]) -> list[dict[str, Any]]:
        return list((await self.sent(agent)).get("tools", []))


async def test_tools_added_removed_and_toggled_between_turns(
    server: LoopbackProvider, client: AsyncOpenAI
) -> None:
    tools = make_tools(5)
    agent = Agent(name="a", tools=list(tools))
    turns = Turns(server, client)
    assert await turns.tools(agent) == declared(tools)
    assert await turns.tools(agent) == declared(tools)

    extra = make_tools(6)[5]
    agent.tools.append(extra)  # the agent's own list, changed in place
    assert await turns.tools(agent) == declared([*tools, extra])

    tools[2].is_enabled = False
    assert await turns.tools(agent) == declared([*tools[:2], *tools[3:], extra])
    tools[2].is_enabled = True
    agent.tools.remove(tools[0])
    assert await turns.tools(agent) == declared([*tools[1:], extra])

    agent.tools = list(reversed(agent.tools))
    assert await turns.tools(agent) == declared(list(reversed([*tools[1:], extra])))


async def test_a_dynamic_is_enabled_is_asked_every_turn(
    server: LoopbackProvider, client: AsyncOpenAI
) -> None:
    asked: list[int] = []

    def every_other(ctx: RunContextWrapper[Any], agent: Agent[Any]) -> bool:
        asked.append(1)
        return len(asked) % 2 == 0

    tools = make_tools(3)
    tools[1].is_enabled = every_other
    agent = Agent(name="a", tools=tools)
    turns = Turns(server, client)
    seen = [[t["function"]["name"] for t in await turns.tools(agent)] for _ in range(4)]
    assert len(asked) == 4
    with_it = ["forecast_0", "forecast_1", "forecast_2"]
    without = ["forecast_0", "forecast_2"]
    assert seen == [without, with_it, without, with_it]


async def test_fields_reassigned_between_turns(
    server: LoopbackProvider, client: AsyncOpenAI
) -> None:
    tools = make_tools(3)
    agent = Agent(name="a", tools=tools)
    turns = Turns(server, client)
    await turns.tools(agent)

    tools[0].description = "Weather, by city."
    tools[1].name = "weather"
    tools[2].strict_json_schema = False
    sent = await turns.tools(agent)
    assert sent == declared(tools)
    assert sent[0]["function"]["description"] == "Weather, by city."
    assert sent[1]["function"]["name"] == "weather"
    assert "strict" not in sent[2]["function"]

    tools[0].params_json_schema = {"type": "object", "properties": {}}
    assert (await turns.tools(agent))[0]["function"]["parameters"] == {
        "type": "object",
        "properties": {},
    }
    # A plain dict, the tool's now: a change inside it is noticed without being counted.
    tools[0].params_json_schema["properties"]["x"] = {"type": "string"}
    assert (await turns.tools(agent)) == declared(tools)


async def test_a_schema_changed_in_place_is_sent_changed(
    server: LoopbackProvider, client: AsyncOpenAI
) -> None:
    tools = make_tools(3)
    agent = Agent(name="a", tools=tools)
    turns = Turns(server, client)
    await turns.tools(agent)

    schema = tools[1].params_json_schema  # a reference kept across turns
    await turns.tools(agent)
    schema["properties"]["city"]["description"] = "Where."
    sent = await turns.tools(agent)
    assert sent[1]["function"]["parameters"]["properties"]["city"]["description"] == "Where."
    assert sent == declared(tools)

    # A plain dict put into the schema is not watched itself: changed later through a
    # reference kept to it, it must still be sent changed.
    inner = {"type": "string"}
    schema["properties"]["country"] = inner
    schema["required"].append("country")
    assert await turns.tools(agent) == declared(tools)
    inner["description"] = "Which country."
    sent = await turns.tools(agent)
    assert sent[1]["function"]["parameters"]["properties"]["country"]["description"] == (
        "Which country."
    )
    assert sent == declared(tools)


async def test_a_hand_written_schema_changed_in_place_is_sent_changed(
    server: LoopbackProvider, client: AsyncOpenAI
) -> None:
    """A non-strict tool keeps the caller's own dict, which no count watches."""

    async def invoke(ctx: Any, raw: str) -> str:
        return raw

    schema: dict[str, Any] = {"type": "object", "properties": {"q": {"type": "string"}}}
    tool = FunctionTool(
        name="search",
        description="Search.",
        params_json_schema=schema,
        on_invoke_tool=invoke,
        strict_json_schema=False,
    )
    assert tool.params_json_schema is schema
    agent = Agent(name="a", tools=[*make_tools(2), tool])
    turns = Turns(server, client)
    await turns.tools(agent)
    schema["properties"]["q"]["description"] = "The query."
    sent = await turns.tools(agent)
    assert sent[2]["function"]["parameters"]["properties"]["q"]["description"] == "The query."


async def test_a_transformed_schema_follows_a_change_in_place(
    server: LoopbackProvider, client: AsyncOpenAI
) -> None:
    assert GEMINI.json_schema_transform is not None
    tools = make_tools(2)
    agent = Agent(name="a", tools=tools)
    turns = Turns(server, client, profile=GEMINI)
    assert await turns.tools(agent) == declared(tools, GEMINI)
    tools[0].params_json_schema["properties"]["days"]["description"] = "Days."
    sent = await turns.tools(agent)
    assert sent[0]["function"]["parameters"]["properties"]["days"]["description"] == "Days."
    assert sent == declared(tools, GEMINI)


class Verdict(BaseModel):
    answer: str


@pytest.mark.parametrize("stream", [False, True])
async def test_kept_bytes_are_create_bytes_with_handoffs_and_an_output_tool(
    server: LoopbackProvider, client: AsyncOpenAI, monkeypatch: pytest.MonkeyPatch, stream: bool
) -> None:
    """Handoffs and a structured-output tool follow the kept declarations: the request
    still carries exactly the bytes `create` sends, turn after turn and after a change."""
    tools = make_tools(4)
    helper = Agent(name="helper")
    # The tool strategy puts the output tool after the handoff.
    output = AgentOutputSchema(Verdict, strategy="tool")
    agent = Agent(name="a", tools=tools, handoffs=[helper], output_type=output)
    config = RunConfig(model=OpenAIChatCompletionsModel("m", client), tracing_disabled=True)

    async def turn(lean: bool) -> Any:
        monkeypatch.setattr(transport, "postable", lambda c, b: lean)
        server.enqueue(Reply(tool_calls=[ToolCall("final_output", {"answer": "x"})]))
        if stream:
            result = Runner.run_streamed(agent, "hi", run_config=config)
            async for _ in result.stream_events():
                pass
        else:
            await Runner.run(agent, "hi", run_config=config)
        return server.requests[-1]

    for _ in range(2):
        same_request(await turn(False), await turn(True))
    tools[3].params_json_schema["properties"]["city"]["description"] = "Where."
    old, new = await turn(False), await turn(True)
    same_request(old, new)
    assert b'"description":"Where."' in new.raw
    names = [t["function"]["name"] for t in new.body["tools"]]
    assert names[:4] == [t.name for t in tools] and names[4] == "transfer_to_helper"
    assert len(names) == 6


def declared_bytes(tools: list[Any], dumps: Any) -> bytes | None:
    parts = declared_parts(tools, dumps)
    return None if parts is None else b"".join(parts)


def test_declarations_are_shared_while_the_tools_are_unchanged() -> None:
    tools = make_tools(3)
    first = tool_params(tools, DEFAULT_PROFILE)
    again = tool_params(list(tools), DEFAULT_PROFILE)
    assert again is not first and all(a is b for a, b in zip(first, again, strict=True))
    dumps = transport._dumps()
    assert dumps is not None
    assert declared_bytes(again, dumps) == dumps(again)
    extra = {"type": "function", "function": {"name": "more", "parameters": {}}}
    assert declared_bytes([*again, extra], dumps) == dumps([*again, extra])
    assert declared_bytes(again[1:], dumps) is None  # not an entry's beginning
    assert declared_bytes([extra, *again], dumps) is None

    # A model made per run gets an equal profile, not the same object: the entry is shared.
    equal = dataclasses.replace(DEFAULT_PROFILE)
    assert equal is not DEFAULT_PROFILE and tool_params(tools, equal)[0] is first[0]
    # A profile holding a dict cannot be hashed: its entry is found by identity.
    unhashable = DEFAULT_PROFILE.replace(unsigned_tool_call_extra={"x": 1})
    assert tool_params(tools, unhashable)[0] is tool_params(tools, unhashable)[0]
    other = ModelProfile(provider="nostrict", supports_strict_tools=False)
    assert "strict" not in tool_params(tools, other)[0]["function"]
    assert tool_params(tools, DEFAULT_PROFILE)[0] is first[0]

    tools[0].params_json_schema["properties"]["city"]["title"] = "Town"
    changed = tool_params(tools, DEFAULT_PROFILE)
    assert changed[0] is not first[0]
    assert changed[0]["function"]["parameters"]["properties"]["city"]["title"] == "Town"
    assert declared_bytes(changed, dumps) == dumps(changed)
    # What was handed out before does not change with the tool.
    assert first[0]["function"]["parameters"]["properties"]["city"]["title"] != "Town"


def test_watched_containers_count_every_change() -> None:
    data = watched({"a": [1, {"b": 2}], "c": None})
    assert type(data) is WatchedDict and type(data["a"]) is WatchedList
    assert fully_watched(data) and data == {"a": [1, {"b": 2}], "c": None}
    assert json.dumps(data) == json.dumps({"a": [1, {"b": 2}], "c": None})
    nested = data["a"][1]

    changes_made = [
        lambda: data.__setitem__("x", 1),
        lambda: data.__delitem__("x"),
        lambda: data.update(y=2),
        lambda: data.setdefault("z", 3),
        lambda: data.pop("z"),
        lambda: data.__ior__({"w": 4}),
        lambda: data.popitem(),
        lambda: data["a"].append(5),
        lambda: data["a"].extend([6]),
        lambda: data["a"].insert(0, 0),
        lambda: data["a"].remove(0),
        lambda: data["a"].pop(),
        lambda: data["a"].__setitem__(0, 7),
        lambda: data["a"].__delitem__(0),
        lambda: data["a"].__iadd__([8]),
        lambda: data["a"].__imul__(1),
        lambda: data["a"].reverse(),
        lambda: nested.__setitem__("b", 3),
    ]
    for change in changes_made:
        before = changes()
        change()
        assert changes() > before, change

    before = changes()
    for copied in (copy.deepcopy(data), copy.copy(data), pickle.loads(pickle.dumps(data))):
        assert type(copied) is WatchedDict and copied == data
    assert changes() == before  # copies are made without counting

    data["plain"] = {"d": 1}
    assert not fully_watched(data)
    assert not fully_watched(watched({"t": (1, 2)}))  # a tuple may hold anything
