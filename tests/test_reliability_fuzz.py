"""Fuzzing: broken streams and bodies never hang a run nor raise anything but the SDK's errors.

A valid answer is captured from the loopback servers as raw bytes, then hypothesis damages it:
SSE chunk boundaries anywhere, fields missing, fields added, values of the wrong type, events
dropped, garbage lines, the stream cut short. Each damaged answer is sent by a real HTTP
server to the real `openai` client. The property: the run ends, within a bound, with a result
or an `AgentsException` (the SDK's own). Examples are derandomized so CI is repeatable;
FREEAGENTS_FUZZ_EXAMPLES=2000 runs a longer hunt with fresh random examples.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import json
import os
from collections.abc import Iterator
from typing import Any

import httpx2
import openai
import pytest
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from agents import Agent
from agents import AgentsException
from agents import ModelSettings
from agents import OpenAIChatCompletionsModel
from agents import OpenAIResponsesModel
from agents import RetryPolicy
from agents import RunConfig
from agents import Runner
from agents import function_tool
from agents.testing import LoopbackProvider
from agents.testing import Reply
from agents.testing import ResponsesLoopback
from agents.testing import ResponsesReply
from agents.testing import ToolCall

KEY = "sk-fuzz-0123456789"
HUNT = os.environ.get("FREEAGENTS_FUZZ_EXAMPLES")
FUZZ = settings(
    max_examples=int(HUNT or 15),
    deadline=None,
    derandomize=not HUNT,  # CI repeats the same examples; a hunt draws new ones
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
CONFIG = RunConfig(
    tracing_disabled=True,
    model_settings=ModelSettings(retry=RetryPolicy(max_attempts=1), timeout=3),
)
GARBAGE_LINES = [
    "garbage",
    ": keep-alive",
    "event: mystery",
    "data: {not json",
    "data: [DONE",
    "retry: 10",
    "id: 7",
    "data: null",
    "data: 42",
    'data: {"error": {"message": "boom", "code": 502}}',
    "data:",
    "\ufeffdata: {}",
]
WRONG_VALUES: list[Any] = [None, 0, -1, "", "x", [], {}, [None], {"x": 1}, True, 1e308]


@function_tool
def lookup(city: str) -> str:
    """Look a city up."""
    return f"{city}: fine"


def agent_for(model: Any) -> Agent[Any]:
    return Agent(name="fuzz", model=model, tools=[lookup])


def raw_answer(url: str, body: dict[str, Any]) -> bytes:
    """The bytes a loopback server sends for `body` (captured once, then damaged)."""
    with httpx2.Client() as client:
        response = client.post(url, json=body, headers={"Authorization": f"Bearer {KEY}"})
        return response.content


@pytest.fixture(scope="module")
def chat_server() -> Iterator[LoopbackProvider]:
    with LoopbackProvider("fuzz", api_key=KEY) as server:
        yield server


@pytest.fixture(scope="module")
def responses_server() -> Iterator[ResponsesLoopback]:
    with ResponsesLoopback(api_key=KEY) as server:
        yield server


SCRIPT = [
    Reply(text="Checking.", tool_calls=[ToolCall("lookup", {"city": "Oslo"})], reasoning="Hm."),
]


def chat_baselines(server: LoopbackProvider) -> tuple[bytes, bytes]:
    body = {"model": "m", "messages": [{"role": "user", "content": "hi"}]}
    server.enqueue(*SCRIPT)
    plain = raw_answer(server.base_url + "/chat/completions", body)
    server.enqueue(*SCRIPT)
    stream_body = {**body, "stream": True, "stream_options": {"include_usage": True}}
    streamed = raw_answer(server.base_url + "/chat/completions", stream_body)
    return plain, streamed


def responses_baselines(server: ResponsesLoopback) -> tuple[bytes, bytes]:
    reply = ResponsesReply(text="Checking.", tool_calls=[ToolCall("lookup", {"city": "Oslo"})])
    body = {"model": "gpt-4.1", "input": "hi"}
    server.enqueue(reply)
    plain = raw_answer(server.base_url + "/responses", body)
    server.enqueue(reply)
    streamed = raw_answer(server.base_url + "/responses", {**body, "stream": True})
    return plain, streamed


# -- damage ----------------------------------------------------------------------------


def _slots(node: Any, found: list[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    """Every (container, key) in a JSON tree."""
    if isinstance(node, dict):
        for key, value in node.items():
            found.append((node, key))
            _slots(value, found)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.append((node, index))
            _slots(value, found)
    return found


@st.composite
def damaged_json(draw: st.DrawFn, original: Any) -> Any:
    data = copy.deepcopy(original)
    for _ in range(draw(st.integers(0, 4))):
        slots = _slots(data, [])
        if not slots:
            break
        container, key = draw(st.sampled_from(slots))
        action = draw(st.sampled_from(["drop", "wrong", "extra"]))
        if action == "drop":
            del container[key]
        elif action == "wrong":
            container[key] = copy.deepcopy(draw(st.sampled_from(WRONG_VALUES)))
        elif isinstance(container, dict):
            extra = copy.deepcopy(draw(st.sampled_from(WRONG_VALUES)))
            container[draw(st.text(min_size=1, max_size=8))] = extra
    return data


def sse_events(raw: bytes) -> list[list[str]]:
    """An SSE body as events, each a list of lines."""
    text = raw.decode()
    return [block.split("\n") for block in text.split("\n\n") if block.strip()]


@st.composite
def damaged_stream(draw: st.DrawFn, raw: bytes) -> list[bytes]:
    events: list[list[str]] = []
    for lines in sse_events(raw):
        action = draw(st.sampled_from(["keep"] * 6 + ["damage", "drop", "garbage"]))
        if action == "drop":
            continue
        if action == "garbage":
            events.append([draw(st.sampled_from(GARBAGE_LINES))])
        if action == "damage":
            damaged = []
            for line in lines:
                if line.startswith("data: ") and line != "data: [DONE]":
                    payload = draw(damaged_json(json.loads(line[6:])))
                    line = "data: " + json.dumps(payload)
                damaged.append(line)
            lines = damaged
        events.append(lines)
    if draw(st.booleans()):
        events = events[: draw(st.integers(0, len(events)))]  # cut short
    body = "".join("\n".join(lines) + "\n\n" for lines in events).encode()
    cuts = sorted(set(draw(st.lists(st.integers(0, len(body)), max_size=12))))
    pieces, start = [], 0
    for cut in [*cuts, len(body)]:
        pieces.append(body[start:cut])
        start = cut
    return pieces


@st.composite
def damaged_body(draw: st.DrawFn, raw: bytes) -> bytes:
    if draw(st.integers(0, 9)) == 0:
        return raw[: draw(st.integers(0, len(raw)))]  # cut off mid-JSON
    return json.dumps(draw(damaged_json(json.loads(raw)))).encode()


# -- the property ----------------------------------------------------------------------


async def survives(models: Any, streamed: bool) -> None:
    """The run ends in time with a result or the SDK's own error, and its events are the
    SDK's stream events."""
    async with openai.AsyncOpenAI(api_key=KEY, base_url=models.base_url) as client:
        agent = agent_for(models(client))

        async def go() -> None:
            if not streamed:
                await Runner.run(agent, "hi", run_config=CONFIG)
                return
            result = Runner.run_streamed(agent, "hi", run_config=CONFIG)
            async for event in result.stream_events():
                assert event.type in (
                    "raw_response_event",
                    "run_item_stream_event",
                    "agent_updated_stream_event",
                )

        with contextlib.suppress(AgentsException):  # the SDK's own errors are fine
            await asyncio.wait_for(go(), timeout=10)


class ChatModels:
    def __init__(self, server: LoopbackProvider) -> None:
        self.base_url = server.base_url

    def __call__(self, client: openai.AsyncOpenAI) -> OpenAIChatCompletionsModel:
        return OpenAIChatCompletionsModel(model="m", openai_client=client)


class ResponsesModels:
    def __init__(self, server: ResponsesLoopback) -> None:
        self.base_url = server.base_url

    def __call__(self, client: openai.AsyncOpenAI) -> OpenAIResponsesModel:
        return OpenAIResponsesModel(model="gpt-4.1", openai_client=client)


@pytest.mark.parametrize("route", ["chat", "responses"])
def test_baselines_are_valid_answers(route: str, request: pytest.FixtureRequest) -> None:
    """The undamaged answers run to a final output, so the damage is what the fuzz tests."""
    make, server, reply_type, baselines, _ = fuzz_route(route, request)
    plain, streamed = baselines(server)

    async def both() -> list[Any]:
        async with openai.AsyncOpenAI(api_key=KEY, base_url=make.base_url) as client:
            agent = agent_for(make(client))
            server.enqueue(reply_type(raw_body=plain))
            first = await Runner.run(agent, "hi", run_config=CONFIG)
            server.enqueue(reply_type(stream_bytes=[streamed]))
            second = Runner.run_streamed(agent, "hi", run_config=CONFIG)
            async for _ in second.stream_events():
                pass
            return [first, second]

    for result in asyncio.run(both()):
        outputs = [i for i in result.new_items if i.type == "tool_call_output_item"]
        assert [o.output for o in outputs] == ["Oslo: fine"]
        assert isinstance(result.final_output, str) and result.final_output


class LitellmModels:
    """The LiteLLM route over the same OpenAI-compatible server (litellm parses the stream)."""

    def __init__(self, server: LoopbackProvider) -> None:
        self.base_url = server.base_url

    def __call__(self, client: openai.AsyncOpenAI) -> Any:
        from agents.extensions.models.litellm_model import LitellmModel

        return LitellmModel("openai/m", base_url=self.base_url, api_key=KEY)


LITELLM_FUZZ = settings(FUZZ, max_examples=int(HUNT or 6))


ROUTES: dict[str, tuple[Any, str, Any, Any, Any]] = {
    "chat": (ChatModels, "chat_server", Reply, chat_baselines, FUZZ),
    "responses": (ResponsesModels, "responses_server", ResponsesReply, responses_baselines, FUZZ),
    "litellm": (LitellmModels, "chat_server", Reply, chat_baselines, LITELLM_FUZZ),
}
"""Each route: how to make its model, its server fixture, its reply type, how to record its
undamaged answers, and how many examples to draw."""


def fuzz_route(name: str, request: pytest.FixtureRequest) -> tuple[Any, Any, Any, Any, Any]:
    models, fixture, reply_type, baselines, examples = ROUTES[name]
    server = request.getfixturevalue(fixture)
    return models(server), server, reply_type, baselines, examples


@pytest.mark.parametrize("streamed", [True, False], ids=["stream", "body"])
@pytest.mark.parametrize("route", list(ROUTES))
def test_damaged_answers(route: str, streamed: bool, request: pytest.FixtureRequest) -> None:
    """Whatever the damage, the run ends in time with a result or the SDK's own error."""
    models, server, reply_type, baselines, examples = fuzz_route(route, request)
    plain, stream = baselines(server)
    strategy = damaged_stream(stream) if streamed else damaged_body(plain)

    @examples
    @given(answer=strategy)
    def check(answer: Any) -> None:
        key = "stream_bytes" if streamed else "raw_body"
        server.enqueue(reply_type(**{key: answer}))
        asyncio.run(survives(models, streamed=streamed))

    check()
