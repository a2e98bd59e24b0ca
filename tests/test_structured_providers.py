"""The strategy each provider's profile picks, and the fallback when a provider says 400.

Loopback providers behave like real ones whose profiles differ: one takes everything, one
claims json_schema and rejects it with 400, Gemini rejects a JSON response format next to
function calling, DeepSeek has JSON mode only, and one takes no response format or tools and
wraps its JSON in prose, fences and reasoning.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from openai.types.responses import ResponseTextDeltaEvent
from pydantic import BaseModel

from agents import Agent
from agents import AgentOutputSchema
from agents import ProviderBadRequestError
from agents import RunConfig
from agents import Runner
from agents import UserError
from agents.models.dialects.profiles import DEEPSEEK
from agents.models.dialects.profiles import DEFAULT_PROFILE
from agents.models.dialects.profiles import GEMINI
from agents.models.dialects.profiles import ModelProfile
from agents.structured import rejected_strategies
from agents.testing import LoopbackProvider
from agents.testing import Reply
from agents.testing import WireShape

from .helpers.runs import run_either_way
from .structured_helpers import KEY
from .structured_helpers import Behaviour
from .structured_helpers import bad_request
from .structured_helpers import lookup
from .structured_helpers import model_for
from .structured_helpers import system_text

CONFIG = RunConfig(tracing_disabled=True)


class Address(BaseModel):
    street: str
    city: str


class Person(BaseModel):
    name: str
    age: int
    address: Address


ANSWER = {"name": "Ada", "age": 36, "address": {"street": "1 Main St", "city": "London"}}
EXPECTED = Person.model_validate(ANSWER)
PROSE_ONLY = ModelProfile(
    provider="tiny-local",
    supports_json_schema=False,
    supports_json_object=False,
    supports_tools=False,
)


async def run(agent: Agent[Any], streamed: bool) -> Any:
    return (await run_either_way(agent, "Who?", streamed=streamed, run_config=CONFIG))[0]


@pytest.mark.parametrize(
    ("profile", "with_tools", "expected_strategy"),
    [
        (DEFAULT_PROFILE, False, "native"),
        (DEFAULT_PROFILE, True, "native"),
        (GEMINI, False, "native"),
        (GEMINI, True, "tool"),
        (DEEPSEEK, False, "json_mode"),
        (DEEPSEEK, True, "json_mode"),
        (PROSE_ONLY, False, "prompted"),
    ],
    ids=[
        "openai-like",
        "openai-like-tools",
        "gemini",
        "gemini-tools",
        "deepseek",
        "deepseek-tools",
        "prose-only",
    ],
)
async def test_profile_picks_the_strategy(
    profile: ModelProfile, with_tools: bool, expected_strategy: str, streamed: bool
) -> None:
    behaviour = Behaviour(
        [json.dumps(ANSWER)], rejects_format_with_tools=profile is GEMINI, prose=True
    )
    wire = WireShape.preset("gemini") if profile is GEMINI else WireShape()
    with LoopbackProvider("p", api_key=KEY, responder=behaviour, wire=wire) as server:
        agent = Agent(
            name="who",
            model=model_for(server, profile),
            output_type=Person,
            tools=[lookup] if with_tools else [],
        )
        result = await run(agent, streamed)
        requests = server.chat_requests
    assert result.final_output == EXPECTED
    assert behaviour.seen[-1] == expected_strategy
    assert len(requests) == (2 if with_tools else 1)  # no request was rejected
    if profile is GEMINI:
        # Gemini's schema subset everywhere a schema goes: no $defs, $ref, title or
        # additionalProperties.
        last = requests[-1]
        sent = (
            last["response_format"]["json_schema"]["schema"]
            if expected_strategy == "native"
            else next(
                t["function"]["parameters"]
                for t in last["tools"]
                if t["function"]["name"] == "final_output"
            )
        )
        dumped = json.dumps(sent)
        for word in ("$defs", "$ref", "additionalProperties", '"title"'):
            assert word not in dumped
        assert sent["properties"]["address"]["properties"]["city"] == {"type": "string"}
        if expected_strategy == "tool":
            assert all("strict" not in t["function"] for t in last["tools"])


async def test_a_400_to_json_schema_falls_back_once_and_is_remembered(streamed: bool) -> None:
    behaviour = Behaviour([json.dumps(ANSWER)], rejects_json_schema=True)
    with LoopbackProvider("strictless", api_key=KEY, responder=behaviour) as server:
        model = model_for(server, DEFAULT_PROFILE, "llama-3.1-8b")
        agent = Agent(name="who", model=model, output_type=Person)
        first = await run(agent, streamed)
        assert behaviour.seen == ["native", "json_mode"]
        assert rejected_strategies(model.base_url, "llama-3.1-8b") == {"native"}
        # The next run, even of another agent on the same model, goes straight to JSON mode.
        other = Agent(name="again", model=model, output_type=Person)
        second = await run(other, not streamed)
        sent = server.chat_requests
    assert first.final_output == second.final_output == EXPECTED
    assert behaviour.seen == ["native", "json_mode", "json_mode"]
    assert "JSON schema" in system_text(sent[1]) and sent[1]["response_format"]["type"] == (
        "json_object"
    )
    assert first.context_wrapper.usage.requests == 1  # the rejected request used nothing


async def test_rejections_are_per_model() -> None:
    behaviour = Behaviour([json.dumps(ANSWER)], rejects_json_schema=True)
    with LoopbackProvider("strictless", api_key=KEY, responder=behaviour) as server:
        one = model_for(server, DEFAULT_PROFILE, "model-one")
        await Runner.run(Agent(name="a", model=one, output_type=Person), "x", run_config=CONFIG)
        two = model_for(server, DEFAULT_PROFILE, "model-two")
        await Runner.run(Agent(name="b", model=two, output_type=Person), "x", run_config=CONFIG)
    assert behaviour.seen == ["native", "json_mode", "native", "json_mode"]


async def test_a_forced_strategy_does_not_fall_back() -> None:
    behaviour = Behaviour([json.dumps(ANSWER)], rejects_json_schema=True)
    with LoopbackProvider("strictless", api_key=KEY, responder=behaviour) as server:
        model = model_for(server, DEFAULT_PROFILE)
        forced = AgentOutputSchema(Person, strategy="native")
        agent = Agent(name="who", model=model, output_type=forced)
        with pytest.raises(ProviderBadRequestError, match="json_schema is not supported"):
            await Runner.run(agent, "Who?", run_config=CONFIG)
    assert behaviour.seen == ["native"]
    assert rejected_strategies(model.base_url, model.model) == frozenset()


async def test_a_400_for_another_reason_is_raised_and_not_remembered() -> None:
    with LoopbackProvider(
        "broken", api_key=KEY, responder=lambda body: bad_request("messages[0] is invalid")
    ) as server:
        model = model_for(server, DEFAULT_PROFILE)
        agent = Agent(name="who", model=model, output_type=Person)
        with pytest.raises(ProviderBadRequestError, match=r"messages\[0\] is invalid") as caught:
            await Runner.run(agent, "Who?", run_config=CONFIG)
        kinds = [(r.get("response_format") or {}).get("type") for r in server.chat_requests]
    # The whole chain once (native, JSON mode, tool, prompted), no more (issue 15, item 1).
    assert kinds == ["json_schema", "json_object", None, None]
    assert "tools" in server.chat_requests[2] and "tools" not in server.chat_requests[3]
    assert caught.value.status_code == 400
    assert rejected_strategies(model.base_url, model.model) == frozenset()


async def test_other_errors_do_not_fall_back() -> None:
    with LoopbackProvider("busy", api_key=KEY, replies=[Reply(status=500)]) as server:
        agent = Agent(name="who", model=model_for(server, DEFAULT_PROFILE), output_type=Person)
        with pytest.raises(Exception, match="server had an error"):
            await Runner.run(agent, "Who?", run_config=CONFIG)
        assert len(server.chat_requests) == 1


async def test_gemini_rejection_of_format_with_tools_is_learned_without_the_profile() -> None:
    """An unknown endpoint that behaves like Gemini: the default profile sends json_schema
    next to tools, the 400 speaks of function calling, so the fallback skips JSON mode too and
    goes to the final-output tool. That is remembered for requests with tools only."""
    behaviour = Behaviour([json.dumps(ANSWER)], rejects_format_with_tools=True)
    with LoopbackProvider("gemini-proxy", api_key=KEY, responder=behaviour) as server:
        model = model_for(server, DEFAULT_PROFILE, "gemini-2.5-flash")
        agent = Agent(name="who", model=model, output_type=Person, tools=[lookup])
        first = await Runner.run(agent, "Who?", run_config=CONFIG)
        assert behaviour.seen == ["native", "tool", "tool"]
        second = await Runner.run(agent, "Who?", run_config=CONFIG)
        assert behaviour.seen[3:] == ["tool", "tool"]
        plain = Agent(name="who", model=model, output_type=Person)
        third = await Runner.run(plain, "Who?", run_config=CONFIG)
        assert behaviour.seen[5:] == ["native"]
    assert first.final_output == second.final_output == third.final_output == EXPECTED
    assert rejected_strategies(model.base_url, model.model, with_tools=True) == {
        "native",
        "json_mode",
    }
    assert rejected_strategies(model.base_url, model.model) == frozenset()


async def test_prose_provider_streams_the_answer_as_written() -> None:
    behaviour = Behaviour([json.dumps(ANSWER)], prose=True)
    with LoopbackProvider("tiny", api_key=KEY, responder=behaviour) as server:
        agent = Agent(name="who", model=model_for(server, PROSE_ONLY), output_type=Person)
        result = Runner.run_streamed(agent, "Who?", run_config=CONFIG)
        deltas = [
            e.data.delta
            async for e in result.stream_events()
            if e.type == "raw_response_event" and isinstance(e.data, ResponseTextDeltaEvent)
        ]
    assert result.final_output == EXPECTED
    assert "Sure! Here is the answer" in "".join(deltas)


async def test_tool_strategy_on_a_profile_without_tools_is_a_clear_error() -> None:
    with LoopbackProvider("tiny", api_key=KEY) as server:
        forced = AgentOutputSchema(Person, strategy="tool")
        agent = Agent(name="who", model=model_for(server, PROSE_ONLY), output_type=forced)
        with pytest.raises(UserError, match="take no tools"):
            await Runner.run(agent, "Who?", run_config=CONFIG)
        assert server.chat_requests == []
