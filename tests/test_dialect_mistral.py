"""Mistral: tool calls without "type" or "index", 9-character ids, "any", content chunks."""

from __future__ import annotations

import pytest

from agents import Agent
from agents import ModelSettings
from agents.testing import Reply
from agents.testing import ToolCall
from agents.testing import WireShape

from .dialect_helpers import reasoning_text
from .dialect_helpers import run
from .dialect_helpers import table_provider_on_loopback
from .dialect_helpers import weather_run
from .fixtures.dialects import MISTRAL_PARALLEL_SSE
from .fixtures.dialects import MISTRAL_WEATHER
from .fixtures.dialects import sse_reply

LARGE = "mistral/mistral-large-latest"
WIRE = WireShape.preset("mistral")


async def test_tool_call_then_thinking_chunks(streamed: bool) -> None:
    async with weather_run(LARGE, *MISTRAL_WEATHER.replies(streamed), streamed=streamed) as ran:
        outcome = ran.outcome
        requests = ran.server.chat_requests
    assert ran.weather.calls == ["Paris"]
    assert outcome.result.final_output == "It is sunny in Paris."
    assert reasoning_text(outcome) == "The tool says sunny."
    assert outcome.tool_calls[0].raw_item.call_id == "D681PevKs"
    usage = outcome.result.context_wrapper.usage
    assert (usage.requests, usage.input_tokens, usage.output_tokens) == (2, 91 + 130, 18 + 30)
    first, second = requests
    assert "stream_options" not in first  # Mistral answers 422 to unknown fields
    messages = second["messages"]
    assert messages[-2]["tool_calls"][0]["id"] == "D681PevKs"
    assert messages[-1] == {
        "role": "tool",
        "tool_call_id": "D681PevKs",
        "content": "sunny in Paris",
    }
    if streamed:
        names = outcome.item_event_names()
        assert names == [
            "tool_called",
            "tool_output",
            "reasoning_item_created",
            "message_output_created",
        ]
        assert "response.reasoning_summary_text.delta" in outcome.raw_types()


async def test_parallel_calls_in_one_chunk_without_index() -> None:
    replies = sse_reply(MISTRAL_PARALLEL_SSE), Reply(text="Both sunny.")
    async with weather_run(
        "mistral/mistral-small-latest",
        *replies,
        streamed=True,
        question="Paris and Rome?",
    ) as ran:
        second = ran.server.chat_requests[1]["messages"]
    assert sorted(ran.weather.calls) == ["Paris", "Rome"]
    assert [c.raw_item.call_id for c in ran.outcome.tool_calls] == ["aB3dE5gH7", "Xy9Zw8Vu7"]
    assert [m["tool_call_id"] for m in second if m["role"] == "tool"] == [
        "aB3dE5gH7",
        "Xy9Zw8Vu7",
    ]


async def test_required_is_spelled_any_and_settings_mistral_rejects_are_dropped() -> None:
    settings = ModelSettings(
        tool_choice="required", metadata={"a": "b"}, store=True, extra_args={"seed": 7}
    )
    async with weather_run(
        LARGE,
        Reply(text="ok"),
        streamed=True,
        question="hi",
        wire=WIRE,
        settings=settings,
    ) as ran:
        body = ran.server.chat_requests[0]
    assert body["tool_choice"] == "any"
    assert "metadata" not in body and "store" not in body and "stream_options" not in body
    assert body["seed"] == 7  # extra_args are sent as written


async def test_ids_from_another_provider_are_remapped_consistently() -> None:
    """A conversation begun elsewhere continues on Mistral: every id becomes 9 alphanumerics,
    the same one on the call and on its output, in every request."""
    history = [
        {"role": "user", "content": "Weather in Paris?"},
        {
            "type": "function_call",
            "call_id": "call_8Hq2kLmN0pQrStUvWxYz1234",
            "name": "get_weather",
            "arguments": '{"city": "Paris"}',
        },
        {
            "type": "function_call_output",
            "call_id": "call_8Hq2kLmN0pQrStUvWxYz1234",
            "output": "sunny in Paris",
        },
        {"role": "assistant", "content": "Sunny."},
        {"role": "user", "content": "And Rome?"},
    ]
    replies = (
        Reply(tool_calls=[ToolCall("get_weather", {"city": "Rome"})]),
        Reply(text="Rome is sunny too."),
    )
    async with weather_run(LARGE, *replies, question=history, wire=WIRE) as ran:
        outcome = ran.outcome
        first, second = ran.server.chat_requests
    assert outcome.result.final_output == "Rome is sunny too."
    assert ran.weather.calls == ["Rome"]
    for body in (first, second):
        calls = [c["id"] for m in body["messages"] for c in m.get("tool_calls") or []]
        outputs = [m["tool_call_id"] for m in body["messages"] if m["role"] == "tool"]
        assert calls == outputs
        assert all(len(i) == 9 and i.isalnum() for i in calls)
    assert first["messages"][1]["tool_calls"] == second["messages"][1]["tool_calls"]
    # Mistral's own id came back unchanged.
    mistral_id = outcome.tool_calls[0].raw_item.call_id
    assert second["messages"][-1]["tool_call_id"] == mistral_id


async def test_user_after_tool_gets_an_assistant_turn_between(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    history = [
        {"role": "user", "content": "Weather?"},
        {"type": "function_call", "call_id": "abcDEF123", "name": "get_weather", "arguments": "{}"},
        {"type": "function_call_output", "call_id": "abcDEF123", "output": "sunny"},
        {"role": "user", "content": "Never mind, just say hi."},
    ]
    with table_provider_on_loopback(monkeypatch, "mistral", WireShape.preset("mistral")) as server:
        server.enqueue(Reply(text="hi"))
        outcome = await run(Agent(name="m", model="mistral/mistral-large-latest"), history, False)
        roles = [m["role"] for m in server.chat_requests[0]["messages"]]
    assert outcome.result.final_output == "hi"
    assert roles == ["user", "assistant", "tool", "assistant", "user"]
