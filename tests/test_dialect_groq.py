"""Groq: usage in x_groq, gpt-oss reasoning deltas, tool_use_failed inside a 200 stream."""

from __future__ import annotations

import openai
import pytest

from agents import Agent
from agents import ProviderBadRequestError
from agents.testing import Reply
from agents.testing import ToolCall
from agents.testing import WireShape

from .dialect_helpers import PROVIDER_KEY
from .dialect_helpers import Weather
from .dialect_helpers import reasoning_text
from .dialect_helpers import run
from .dialect_helpers import table_provider_on_loopback
from .dialect_helpers import weather_run
from .fixtures.dialects import GROQ_GPT_OSS_JSON
from .fixtures.dialects import GROQ_GPT_OSS_SSE
from .fixtures.dialects import GROQ_TEXT_JSON
from .fixtures.dialects import GROQ_TEXT_OLD_SSE
from .fixtures.dialects import GROQ_TOOL_USE_FAILED_SSE
from .fixtures.dialects import json_reply
from .fixtures.dialects import sse_reply


async def test_usage_from_x_groq(monkeypatch: pytest.MonkeyPatch, streamed: bool) -> None:
    with table_provider_on_loopback(monkeypatch, "groq") as server:
        server.enqueue(sse_reply(GROQ_TEXT_OLD_SSE) if streamed else json_reply(GROQ_TEXT_JSON))
        outcome = await run(Agent(name="q", model="groq/llama-3.1-8b-instant"), "hi", streamed)
    assert outcome.result.final_output == "Paris is sunny."
    usage = outcome.result.context_wrapper.usage
    assert (usage.input_tokens, usage.output_tokens, usage.total_tokens) == (41, 9, 50)


async def test_gpt_oss_reasoning_becomes_a_reasoning_item(
    monkeypatch: pytest.MonkeyPatch, streamed: bool
) -> None:
    with table_provider_on_loopback(monkeypatch, "groq") as server:
        server.enqueue(sse_reply(GROQ_GPT_OSS_SSE) if streamed else json_reply(GROQ_GPT_OSS_JSON))
        outcome = await run(Agent(name="q", model="groq/openai/gpt-oss-20b"), "hi", streamed)
        assert server.chat_requests[0]["model"] == "openai/gpt-oss-20b"
    assert outcome.result.final_output == "Sunny in Paris."
    assert reasoning_text(outcome) == "User asks weather. Answer directly."
    if streamed:
        assert outcome.item_event_names() == ["reasoning_item_created", "message_output_created"]


async def test_generated_groq_wire_with_tools(streamed: bool) -> None:
    replies = (
        Reply(tool_calls=[ToolCall("get_weather", {"city": "Oslo"})], reasoning="Look it up."),
        Reply(text="Sunny in Oslo."),
    )
    wire = WireShape.preset("groq")
    async with weather_run(
        "groq/openai/gpt-oss-120b",
        *replies,
        streamed=streamed,
        question="Oslo?",
        wire=wire,
    ) as ran:
        outcome = ran.outcome
        first = ran.server.chat_requests[0]
    assert ran.weather.calls == ["Oslo"]
    assert outcome.result.final_output == "Sunny in Oslo."
    assert reasoning_text(outcome) == "Look it up."
    assert "strict" not in first["tools"][0]["function"]
    assert outcome.result.context_wrapper.usage.input_tokens > 0


async def test_tool_use_failed_in_a_200_stream_is_a_typed_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    weather = Weather()
    with table_provider_on_loopback(monkeypatch, "groq") as server:
        server.enqueue(sse_reply(GROQ_TOOL_USE_FAILED_SSE))
        agent = Agent(name="q", model="groq/llama-3.1-8b-instant", tools=[weather.tool()])
        with pytest.raises(ProviderBadRequestError) as caught:
            await run(agent, "Weather in Paris?", streamed=True)
    err = caught.value
    assert isinstance(err, openai.BadRequestError)
    assert err.status_code == 400
    assert err.code == "tool_use_failed"
    assert "tool_use_failed" in str(err) and "Failed to call a function" in str(err)
    assert "api.groq.com" not in str(err) and server.base_url in str(err)
    assert PROVIDER_KEY not in str(err) and PROVIDER_KEY not in repr(err)
    assert weather.calls == []
