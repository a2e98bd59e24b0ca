"""The lean request path posts what `chat.completions.create` would, byte for byte.

Every request is compared as the loopback server received it (path, headers, body bytes)
against the same request sent through `create`; streamed answers must give the same events;
the client's errors must still become the SDK's typed errors; and anything that could make
`client.post` behave differently from `create` (an instrumented `create`, strict response
validation, an argument `create` refuses) must go through `create`.
"""

from __future__ import annotations

import json
import re
from typing import Any

import openai
import pytest
from openai import AsyncOpenAI
from openai.resources.chat.completions import AsyncCompletions
from openai.types.chat import ChatCompletionChunk

from agents import ModelRetrySettings
from agents import ModelSettings
from agents import OpenAIChatCompletionsModel
from agents import ProviderRateLimitError
from agents import ProviderServerError
from agents import function_tool
from agents.models.chat import transport
from agents.models.chat.transport import post_chat
from agents.models.chat.transport import postable
from agents.models.interface import ModelTracing
from agents.models.wire.stream_guard import chat_chunk_has_content
from agents.testing import LoopbackProvider
from agents.testing import Reply
from agents.testing import ToolCall
from agents.testing import WireShape
from agents.testing._loopback_http import RecordedRequest

from .conftest import KEY

TOOL = {
    "type": "function",
    "function": {
        "name": "lookup",
        "description": "Find a city.",
        "parameters": {
            "type": "object",
            "properties": {"city": {"type": "string"}},
            "required": ["city"],
            "additionalProperties": False,
        },
        "strict": True,
    },
}

BODIES: list[dict[str, Any]] = [
    {"model": "m", "messages": [{"role": "user", "content": "hi"}]},
    {
        "messages": [
            {"role": "system", "content": "Be brief. é ✓"},
            {"role": "user", "content": [{"type": "text", "text": "hi"}]},
            {
                "role": "assistant",
                "content": None,
                "tool_calls": [
                    {
                        "id": "call_1",
                        "type": "function",
                        "function": {"name": "lookup", "arguments": '{"city":"Paris"}'},
                    }
                ],
            },
            {"role": "tool", "tool_call_id": "call_1", "content": "sunny"},
        ],
        "model": "m",
        "tools": [TOOL],
        "tool_choice": "auto",
        "parallel_tool_calls": True,
        "temperature": 0.5,
        "max_tokens": 30,
        "seed": 7,
        "user": "someone",
        "response_format": {"type": "json_object"},
    },
    {
        "model": "m",
        "messages": [{"role": "user", "content": "hi"}],
        "extra_body": {"top_k": 3, "temperature": 0.1},
        "extra_headers": {"X-Trace": "abc"},
        "extra_query": {"api-version": "1"},
        "timeout": 12.5,
    },
]


NO_RETRY = ModelSettings(retry=ModelRetrySettings(max_retries=0))


def same_request(a: RecordedRequest, b: RecordedRequest) -> None:
    assert (a.method, a.path) == (b.method, b.path)
    assert a.raw == b.raw
    assert a.headers == b.headers


@pytest.mark.parametrize("stream", [False, True])
@pytest.mark.parametrize("body", BODIES)
async def test_post_sends_what_create_sends(
    server: LoopbackProvider, client: AsyncOpenAI, body: dict[str, Any], stream: bool
) -> None:
    sent = {**body, "stream": True, "stream_options": {"include_usage": True}} if stream else body
    assert postable(client, sent)
    answers = []
    for send in (
        lambda: client.chat.completions.create(**sent),
        lambda: post_chat(client, sent, stream=stream),
    ):
        answer = await send()
        if stream:
            answer = [chunk async for chunk in answer]
        answers.append(answer)
    old, new = server.requests[-2:]
    same_request(old, new)
    assert new.body is not None and new.body["model"] == "m"
    if "extra_body" in body:
        assert new.body["top_k"] == 3 and new.body["temperature"] == 0.1
        assert new.headers["x-trace"] == "abc" and "api-version=1" in new.path
    if stream:
        # The lean stream yields the parsed JSON: the same chunks, unbuilt.
        typed, plain = answers
        assert [unnamed(c.model_dump(exclude_unset=True)) for c in typed] == list(
            map(unnamed, plain)
        )
    else:
        assert unnamed(answers[0].model_dump()) == unnamed(answers[1].model_dump())


def unnamed(answer: dict[str, Any]) -> dict[str, Any]:
    """An answer without what the server numbers per answer."""
    return {k: v for k, v in answer.items() if k not in ("id", "created", "obfuscation")}


def history(n: int) -> list[Any]:
    items: list[Any] = []
    for i in range(n):
        items.append({"role": "user", "content": f"question {i}"})
        items.append(
            {
                "type": "message",
                "role": "assistant",
                "id": f"msg_{i}",
                "status": "completed",
                "content": [{"type": "output_text", "text": f"answer {i}", "annotations": []}],
            }
        )
    return items


@function_tool
def lookup(city: str) -> str:
    """Find a city."""
    return city


SETTINGS = ModelSettings(
    temperature=0.3,
    tool_choice="auto",
    extra_body={"top_k": 2},
    extra_headers={"X-Req": "1"},
    extra_query={"q": "v"},
    extra_args={"seed": 3},
)


async def model_events(model: OpenAIChatCompletionsModel, stream: bool) -> list[dict[str, Any]]:
    args: tuple[Any, ...] = (
        "Be brief.",
        history(20),
        SETTINGS,
        [lookup],
        None,
        [],
        ModelTracing.DISABLED,
    )
    if not stream:
        response = await model.get_response(*args)
        return [item.model_dump() for item in response.output]
    events = []
    async for event in model.stream_response(*args):
        dumped = event.model_dump()
        dumped.get("response", {}).pop("created_at", None)
        events.append(dumped)
    return events


@pytest.mark.parametrize("preset", ["openai", "mistral", "openrouter", "gemini"])
@pytest.mark.parametrize("stream", [False, True])
async def test_model_turn_is_the_same_on_both_paths(
    server: LoopbackProvider,
    client: AsyncOpenAI,
    monkeypatch: pytest.MonkeyPatch,
    preset: str,
    stream: bool,
) -> None:
    """A whole turn (history, tools, settings; text, reasoning and a tool call back) sends
    the same bytes and yields the same items or events with and without the lean path."""
    server.wire = WireShape.preset(preset)
    model = OpenAIChatCompletionsModel("m", client)
    reply = Reply(
        text="It is sunny.", reasoning="Think.", tool_calls=[ToolCall("lookup", {"city": "Oslo"})]
    )
    results = []
    for lean in (False, True):
        monkeypatch.setattr(transport, "postable", lambda c, b, lean=lean: lean)
        server.enqueue(reply)
        results.append(await model_events(model, stream))
    old, new = server.requests[-2:]
    same_request(old, new)
    assert new.body is not None and len(new.body["messages"]) == 41
    assert new.body["top_k"] == 2 and new.body["seed"] == 3 and "q=v" in new.path
    assert numbered_apart(results[0]) == numbered_apart(results[1])
    assert any("lookup" in str(r) for r in results[1])


def numbered_apart(found: list[dict[str, Any]]) -> str:
    """Items or events as JSON, with the ids the server or the SDK numbers per call blanked."""
    text = json.dumps(found, sort_keys=True)
    text = re.sub(r'"call_id": "[^"]*"', '"call_id": "X"', text)
    return re.sub(r'"id": "chatcmpl-[^"]*"', '"id": "X"', text)


async def test_an_instrumented_create_is_still_called(
    server: LoopbackProvider, client: AsyncOpenAI, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tracing libraries wrap `create`; their wrapper must see the SDK's calls."""
    original = AsyncCompletions.create
    seen: list[str] = []

    async def traced(self: AsyncCompletions, **kwargs: Any) -> Any:
        seen.append(kwargs["model"])
        return await original(self, **kwargs)

    monkeypatch.setattr(AsyncCompletions, "create", traced)
    model = OpenAIChatCompletionsModel("m", client)
    await model.get_response(None, "hi", ModelSettings(), [], None, [], ModelTracing.DISABLED)
    assert seen == ["m"]
    monkeypatch.undo()
    instance = AsyncOpenAI(api_key=KEY, base_url=server.base_url, max_retries=0)
    body = {"model": "m", "messages": []}
    assert postable(instance, body)
    instance.chat.completions.create = traced.__get__(instance.chat.completions)  # type: ignore[method-assign]
    assert not postable(instance, body)


def test_what_create_would_treat_differently_goes_through_create(client: AsyncOpenAI) -> None:
    body = {"model": "m", "messages": []}
    assert postable(client, body)
    assert postable(client.with_options(timeout=3), body)
    assert not postable(client, {**body, "not_an_argument": 1})  # create's TypeError stays
    assert not postable(client, {**body, "response_format": ModelSettings})  # wants parse()
    strict = AsyncOpenAI(
        api_key=KEY, base_url="http://127.0.0.1:9/v1", _strict_response_validation=True
    )
    assert not postable(strict, body)


@pytest.mark.parametrize("stream", [False, True])
@pytest.mark.parametrize(
    ("status", "typed", "raw"),
    [
        (429, ProviderRateLimitError, openai.RateLimitError),
        (503, ProviderServerError, openai.InternalServerError),
    ],
)
async def test_http_failures_stay_typed_on_the_lean_path(
    server: LoopbackProvider,
    client: AsyncOpenAI,
    stream: bool,
    status: int,
    typed: type[Exception],
    raw: type[Exception],
) -> None:
    model = OpenAIChatCompletionsModel("m", client)
    server.enqueue(Reply(status=status, headers={"Retry-After": "0"}))
    settings = NO_RETRY
    with pytest.raises(typed) as info:
        if stream:
            async for _ in model.stream_response(
                None, "hi", settings, [], None, [], ModelTracing.DISABLED
            ):
                pass
        else:
            await model.get_response(None, "hi", settings, [], None, [], ModelTracing.DISABLED)
    assert isinstance(info.value.__cause__, raw)
    assert KEY not in str(info.value)


async def test_in_band_stream_error_is_typed(server: LoopbackProvider, client: AsyncOpenAI) -> None:
    """An `error` object inside the stream is the client's APIError, then the SDK's error."""
    model = OpenAIChatCompletionsModel("m", client)
    server.enqueue(
        Reply(stream_chunks=['{"error": {"message": "overloaded", "code": 503, "type": "server"}}'])
    )
    seen: list[Any] = []
    with pytest.raises(Exception) as info:
        async for event in model.stream_response(
            None, "hi", NO_RETRY, [], None, [], ModelTracing.DISABLED
        ):
            seen.append(event)
    assert "overloaded" in str(info.value)
    assert type(info.value).__module__.startswith("agents")


def test_a_parsed_chunk_reads_as_the_typed_one_does() -> None:
    """What resets the idle timer is the same for a dict chunk as for a typed one."""
    role_only = {"id": "c", "choices": [{"index": 0, "delta": {"role": "assistant"}}]}
    chunks = [
        role_only,
        {"id": "c", "choices": [{"index": 0, "delta": {"content": "x"}}]},
        {"id": "c", "choices": [{"index": 0, "delta": {"reasoning_content": "hm"}}]},
        {"id": "c", "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]},
        {
            "id": "c",
            "choices": [],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
        },
        {"id": "c", "choices": [{"index": 0, "delta": {"content": ""}}]},
    ]
    for chunk in chunks:
        typed = ChatCompletionChunk.model_validate(
            {"object": "chat.completion.chunk", "created": 0, "model": "m", **chunk}
        )
        assert chat_chunk_has_content(chunk) == chat_chunk_has_content(typed), chunk


async def test_encoded_tool_declarations_follow_a_changed_schema(
    server: LoopbackProvider, client: AsyncOpenAI, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A body with tools is encoded with the declarations' bytes kept between turns; the
    bytes stay create's, and a schema changed in place is sent changed."""

    @function_tool
    def forecast(city: str, days: int = 1) -> str:
        """A city's forecast."""
        return city

    model = OpenAIChatCompletionsModel("m", client)
    settings = ModelSettings(temperature=0.2)

    async def turn(lean: bool) -> RecordedRequest:
        monkeypatch.setattr(transport, "postable", lambda c, b: lean)
        await model.get_response(
            "Be brief.", "hi", settings, [lookup, forecast], None, [], ModelTracing.DISABLED
        )
        return server.requests[-1]

    for _ in range(2):
        same_request(await turn(False), await turn(True))
    forecast.params_json_schema["properties"]["city"]["description"] = "Where."
    old, new = await turn(False), await turn(True)
    same_request(old, new)
    assert b'"description":"Where."' in new.raw


@pytest.mark.parametrize("stream", [False, True])
async def test_azure_deployment_urls_are_kept(server: LoopbackProvider, stream: bool) -> None:
    """Azure's client routes by the body's model to a deployment URL: the lean path must
    reach the same URL with the same bytes."""
    azure = openai.AsyncAzureOpenAI(
        api_key=KEY,
        azure_endpoint=server.url(""),
        api_version="2024-06-01",
        max_retries=0,
        default_headers={"Authorization": f"Bearer {KEY}"},  # what the loopback server checks
    )
    body: dict[str, Any] = {**BODIES[1], "model": "my-deployment"}
    if stream:
        body["stream"] = True
    assert postable(azure, body)
    for lean in (False, True):
        if lean:
            answer = await post_chat(azure, body, stream=stream)
        else:
            answer = await azure.chat.completions.create(**body)
        if stream:
            assert [chunk async for chunk in answer]
    old, new = server.requests[-2:]
    same_request(old, new)
    assert new.path.startswith("/openai/deployments/my-deployment/chat/completions")
