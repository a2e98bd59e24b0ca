"""The loopback provider, driven by the real openai client over real HTTP."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from typing import Any

import openai
import pytest
from openai.types.chat import ChatCompletionMessageParam

from agents.testing import LoopbackProvider
from agents.testing import Reply
from agents.testing import ToolCall
from agents.testing import WireShape

KEY = "sk-loopback-test"
USER: list[ChatCompletionMessageParam] = [
    {"role": "user", "content": "What is the weather in Paris?"}
]


@pytest.fixture
async def provider() -> AsyncIterator[LoopbackProvider]:
    async with LoopbackProvider("acme", api_key=KEY) as server:
        yield server


def client_for(server: LoopbackProvider, key: str = KEY) -> openai.AsyncOpenAI:
    return openai.AsyncOpenAI(api_key=key, base_url=server.base_url, max_retries=0)


async def stream_chunks(
    server: LoopbackProvider, model: str = "gpt-x", **options: Any
) -> list[Any]:
    """Every chunk of a streamed completion, as the real client read it from `server`."""
    async with client_for(server) as client:
        stream = await client.chat.completions.create(
            model=model, messages=USER, stream=True, **options
        )
        return [chunk async for chunk in stream]


async def test_plain_text_json(provider: LoopbackProvider) -> None:
    provider.enqueue(Reply(text="It is sunny."))
    async with client_for(provider) as client:
        result = await client.chat.completions.create(model="gpt-x", messages=USER)
    assert result.object == "chat.completion"
    assert result.id.startswith("chatcmpl-")
    assert result.model == "gpt-x"
    choice = result.choices[0]
    assert choice.message.role == "assistant"
    assert choice.message.content == "It is sunny."
    assert choice.message.tool_calls is None
    assert choice.finish_reason == "stop"
    assert result.usage is not None
    assert result.usage.prompt_tokens > 0
    assert result.usage.completion_tokens == 3
    assert result.usage.total_tokens == result.usage.prompt_tokens + 3


async def test_json_wire_shape_is_openai_like(provider: LoopbackProvider) -> None:
    provider.enqueue(Reply(text="hm", reasoning="think first"))
    async with client_for(provider) as client:
        raw = await client.chat.completions.with_raw_response.create(
            model="gpt-x",
            messages=USER,
        )
    assert raw.headers["content-type"] == "application/json"
    body = json.loads(raw.content)
    assert set(body) == {
        "id",
        "object",
        "created",
        "model",
        "choices",
        "usage",
        "system_fingerprint",
    }
    choice = body["choices"][0]
    assert choice["logprobs"] is None
    assert choice["index"] == 0
    assert "tool_calls" not in choice["message"]
    assert choice["message"]["reasoning_content"] == "think first"
    assert body["usage"]["completion_tokens_details"]["reasoning_tokens"] == 2


async def test_streamed_text_without_usage_by_default(provider: LoopbackProvider) -> None:
    text = "The weather in Paris is sunny, 24°C. ☀️"
    provider.enqueue(Reply(text=text))
    chunks = await stream_chunks(provider)
    assert chunks[0].choices[0].delta.role == "assistant"
    assert all(c.object == "chat.completion.chunk" for c in chunks)
    assert len({c.id for c in chunks}) == 1
    deltas = [c.choices[0].delta.content or "" for c in chunks]
    assert "".join(deltas) == text
    assert max(len(d) for d in deltas) == 4  # WireShape.text_chunk_size
    assert chunks[-1].choices[0].finish_reason == "stop"
    assert all(c.usage is None for c in chunks)


async def test_stream_usage_chunk_only_when_requested(provider: LoopbackProvider) -> None:
    provider.enqueue(Reply(text="one two three"))
    chunks = await stream_chunks(provider, stream_options={"include_usage": True})
    last = chunks[-1]
    assert last.choices == []
    assert last.usage is not None
    assert last.usage.completion_tokens == 3
    assert chunks[-2].choices[0].finish_reason == "stop"
    assert all(c.usage is None for c in chunks[:-1])


async def test_stream_usage_always_on_finish_chunk() -> None:
    wire = WireShape(stream_usage="always", text_chunk_size=2, sse_comments=True)
    server = LoopbackProvider(wire=wire, replies=[Reply(text="a b c d")])
    async with server:
        chunks = await stream_chunks(server, model="m")
    finish = chunks[-1]
    assert finish.choices[0].finish_reason == "stop"
    assert finish.usage is not None
    assert finish.usage.completion_tokens == 4
    assert "".join(c.choices[0].delta.content or "" for c in chunks) == "a b c d"


async def test_tool_calls_json(provider: LoopbackProvider) -> None:
    provider.enqueue(
        Reply(
            tool_calls=[
                ToolCall("get_weather", {"city": "Paris", "unit": "C"}),
                ToolCall("get_time", '{"tz": "Europe/Paris"}', id="call_fixed"),
            ]
        )
    )
    async with client_for(provider) as client:
        result = await client.chat.completions.create(model="gpt-x", messages=USER)
    choice = result.choices[0]
    assert choice.finish_reason == "tool_calls"
    assert choice.message.content is None
    calls = choice.message.tool_calls
    assert calls is not None and len(calls) == 2
    first, second = calls
    assert first.type == "function" and second.type == "function"
    assert first.id == "call_1"
    assert first.function.name == "get_weather"
    assert json.loads(first.function.arguments) == {"city": "Paris", "unit": "C"}
    assert second.id == "call_fixed"
    assert second.function.arguments == '{"tz": "Europe/Paris"}'


async def test_tool_calls_streamed_reassemble(provider: LoopbackProvider) -> None:
    args = {"city": "Paris", "days": [1, 2, 3], "note": "naïve café"}
    provider.enqueue(Reply(text="Checking.", tool_calls=[ToolCall("a", args), ToolCall("b")]))
    chunks = await stream_chunks(provider)
    calls: dict[int, dict[str, str]] = {}
    fragments = 0
    for chunk in chunks:
        for call in chunk.choices[0].delta.tool_calls or []:
            slot = calls.setdefault(call.index, {"id": "", "name": "", "arguments": ""})
            if call.id:
                assert call.function is not None and call.function.arguments == ""
                slot["id"] = call.id
                slot["name"] = call.function.name or ""
            else:
                fragments += 1
                assert call.function is not None and call.function.name is None
                slot["arguments"] += call.function.arguments or ""
    assert calls[0]["name"] == "a" and calls[1]["name"] == "b"
    assert calls[0]["id"] != calls[1]["id"]
    assert json.loads(calls[0]["arguments"]) == args
    assert calls[1]["arguments"] == "{}"
    assert fragments > 2
    assert "".join(c.choices[0].delta.content or "" for c in chunks) == "Checking."
    assert chunks[-1].choices[0].finish_reason == "tool_calls"


async def test_wrong_key_is_401_without_echoing_it(provider: LoopbackProvider) -> None:
    async with client_for(provider, key="sk-wrong-secret") as client:
        with pytest.raises(openai.AuthenticationError) as info:
            await client.chat.completions.create(model="gpt-x", messages=USER)
    assert info.value.status_code == 401
    assert info.value.code == "invalid_api_key"
    assert "sk-wrong-secret" not in info.value.response.text
    assert provider.requests[-1].headers["authorization"] == "Bearer sk-wrong-secret"


async def test_unknown_model_is_404() -> None:
    server = LoopbackProvider(models=["small", "large"])
    async with server, client_for(server) as client:
        with pytest.raises(openai.NotFoundError) as info:
            await client.chat.completions.create(model="huge", messages=USER)
        ok = await client.chat.completions.create(model="small", messages=USER)
    assert info.value.code == "model_not_found"
    assert "`huge`" in info.value.message
    assert ok.choices[0].message.content


async def test_rate_limit_with_retry_after(provider: LoopbackProvider) -> None:
    provider.enqueue(
        Reply(status=429, headers={"Retry-After": "7"}),
        Reply(text="after", headers={"x-request-id": "req_1", "content-type": "application/json"}),
    )
    async with client_for(provider) as client:
        with pytest.raises(openai.RateLimitError) as info:
            await client.chat.completions.create(model="gpt-x", messages=USER)
        again = await client.chat.completions.with_raw_response.create(model="gpt-x", messages=USER)
    assert info.value.status_code == 429
    assert info.value.response.headers["retry-after"] == "7"
    assert info.value.code == "rate_limit_exceeded"
    assert again.headers["x-request-id"] == "req_1"
    assert again.headers.get_list("content-type") == ["application/json"]
    assert again.parse().choices[0].message.content == "after"


async def test_custom_error_body_and_server_error(provider: LoopbackProvider) -> None:
    custom = {"error": {"message": "context too long", "type": "invalid_request_error"}}
    provider.enqueue(Reply(status=400, error=custom), Reply(status=503))
    async with client_for(provider) as client:
        with pytest.raises(openai.BadRequestError) as bad:
            await client.chat.completions.create(model="gpt-x", messages=USER)
        with pytest.raises(openai.InternalServerError) as down:
            await client.chat.completions.create(model="gpt-x", messages=USER)
    assert bad.value.response.json() == custom
    assert down.value.status_code == 503


async def test_raw_malformed_body(provider: LoopbackProvider) -> None:
    provider.enqueue(Reply(raw_body=b'{"id": "chatcmpl-1", "choices": [tru'))
    async with client_for(provider) as client:
        raw = await client.chat.completions.with_raw_response.create(
            model="gpt-x",
            messages=USER,
        )
        assert raw.http_response.content == b'{"id": "chatcmpl-1", "choices": [tru'
        assert raw.headers["content-type"] == "application/json"
        with pytest.raises(json.JSONDecodeError):
            raw.parse()


async def test_invalid_json_request_is_400(provider: LoopbackProvider) -> None:
    async with client_for(provider) as client:
        with pytest.raises(openai.BadRequestError):
            await client.post(
                "/chat/completions",
                cast_to=object,
                content=b"{not json",
                options={"headers": {"Content-Type": "application/json"}},
            )
    assert provider.requests[-1].body is None


async def test_models_listing(provider: LoopbackProvider) -> None:
    async with client_for(provider) as client:
        models = [m async for m in client.models.list()]
    assert [m.id for m in models] == ["loopback-model"]
    assert models[0].owned_by == "acme"
    async with LoopbackProvider("p2", models=["a", "b"]) as other, client_for(other) as client:
        assert [m.id async for m in client.models.list()] == ["a", "b"]


async def test_models_listing_requires_key(provider: LoopbackProvider) -> None:
    async with client_for(provider, key="nope") as client:
        with pytest.raises(openai.AuthenticationError):
            await client.models.list()


async def test_requests_recorded_with_body(provider: LoopbackProvider) -> None:
    async with client_for(provider) as client:
        await client.chat.completions.create(
            model="gpt-x",
            messages=USER,
            temperature=0.25,
            tools=[{"type": "function", "function": {"name": "f", "parameters": {}}}],
        )
        await client.models.list()
    chat, listing = provider.requests
    assert chat.method == "POST"
    assert chat.path == "/v1/chat/completions"
    assert chat.headers["content-type"] == "application/json"
    assert chat.body is not None
    assert chat.body["messages"] == USER
    assert chat.body["temperature"] == 0.25
    assert chat.body["tools"][0]["function"]["name"] == "f"
    assert listing.method == "GET" and listing.path == "/v1/models" and listing.body is None
    assert provider.chat_requests == [chat.body]


async def test_default_responder_names_provider_and_model(provider: LoopbackProvider) -> None:
    async with client_for(provider) as client:
        result = await client.chat.completions.create(model="gpt-x", messages=USER)
    content = result.choices[0].message.content
    assert content is not None
    assert content.startswith("[acme:gpt-x] ")
    assert "What is the weather in Paris?" in content


async def test_script_then_responder_order() -> None:
    def responder(body: dict[str, Any]) -> Reply:
        return Reply(text=f"responder saw {len(body['messages'])} message(s)")

    server = LoopbackProvider(replies=[Reply(text="scripted")], responder=responder)
    texts = []
    async with server, client_for(server) as client:
        for _ in range(2):
            result = await client.chat.completions.create(model="m", messages=USER)
            texts.append(result.choices[0].message.content)
    assert texts == ["scripted", "responder saw 1 message(s)"]


async def test_any_prefix_routes() -> None:
    async with LoopbackProvider("gem") as server:
        url = server.url("/v1beta/openai/")
        async with openai.AsyncOpenAI(api_key="x", base_url=url, max_retries=0) as client:
            result = await client.chat.completions.create(model="m", messages=USER)
            with pytest.raises(openai.NotFoundError):
                await client.post("/embeddings", cast_to=object, body={"model": "m"})
    assert result.choices[0].message.content == "[gem:m] You said: What is the weather in Paris?"
    assert server.requests[0].path == "/v1beta/openai/chat/completions"


async def test_custom_stream_chunks_verbatim() -> None:
    payloads = [
        json.dumps(
            {
                "id": "x",
                "object": "chat.completion.chunk",
                "created": 1,
                "model": "m",
                "choices": [{"index": 0, "delta": {"content": part}, "finish_reason": None}],
            }
        )
        for part in ("fix", "ture")
    ]
    server = LoopbackProvider(replies=[Reply(stream_chunks=payloads)])
    async with server:
        chunks = await stream_chunks(server, model="m")
    assert [c.choices[0].delta.content for c in chunks] == ["fix", "ture"]


async def test_fifty_concurrent_requests(provider: LoopbackProvider) -> None:
    async with client_for(provider) as client:

        async def one(i: int) -> str:
            messages: list[ChatCompletionMessageParam] = [
                {"role": "user", "content": f"request {i}"}
            ]
            if i % 2:
                stream = await client.chat.completions.create(
                    model="gpt-x",
                    messages=messages,
                    stream=True,
                )
                return "".join([c.choices[0].delta.content or "" async for c in stream])
            result = await client.chat.completions.create(model="gpt-x", messages=messages)
            return result.choices[0].message.content or ""

        answers = await asyncio.gather(*(one(i) for i in range(50)))
    assert answers == [f"[acme:gpt-x] You said: request {i}" for i in range(50)]
    assert len(provider.chat_requests) == 50


async def test_stop_is_prompt_with_delayed_reply_pending() -> None:
    server = LoopbackProvider(replies=[Reply(text="late", delay=30)]).start()
    client = client_for(server)
    pending = asyncio.create_task(client.chat.completions.create(model="m", messages=USER))
    for _ in range(200):
        if server.requests:
            break
        await asyncio.sleep(0.01)
    assert len(server.requests) == 1
    started = time.monotonic()
    server.stop()
    server.stop()  # idempotent
    assert time.monotonic() - started < 2.0
    with pytest.raises(openai.APIConnectionError):
        await asyncio.wait_for(pending, timeout=5)
    await client.close()


def test_sync_use_and_restart() -> None:
    provider = LoopbackProvider()
    with pytest.raises(RuntimeError):
        _ = provider.base_url
    with provider:
        client = openai.OpenAI(api_key="x", base_url=provider.base_url, max_retries=0)
        with client:
            result = client.chat.completions.create(model="m", messages=USER)
        assert result.choices[0].message.content
    provider.start()
    try:
        with openai.OpenAI(api_key="x", base_url=provider.base_url, max_retries=0) as client:
            assert client.models.list().data[0].id == "loopback-model"
    finally:
        provider.stop()
    assert len(provider.requests) == 2
