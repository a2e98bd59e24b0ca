"""OpenRouter: SSE comments, reasoning details, usage after the finish chunk, in-band errors."""

from __future__ import annotations

import openai
import pytest

from agents import Agent
from agents import ModelSettings
from agents import ProviderRateLimitError
from agents import ProviderServerError
from agents import RetryPolicy
from agents.testing import Reply
from agents.testing import ToolCall
from agents.testing import WireShape

from .dialect_helpers import reasoning_text
from .dialect_helpers import run
from .dialect_helpers import table_provider_on_loopback
from .dialect_helpers import weather_run
from .fixtures.dialects import OPENROUTER_ERROR_JSON
from .fixtures.dialects import OPENROUTER_ERROR_SSE
from .fixtures.dialects import OPENROUTER_MODEL
from .fixtures.dialects import OPENROUTER_SIGNATURE
from .fixtures.dialects import OPENROUTER_WEATHER
from .fixtures.dialects import json_reply
from .fixtures.dialects import sse_reply


async def test_reasoning_details_usage_and_tool_call(streamed: bool) -> None:
    model = f"openrouter/{OPENROUTER_MODEL}"
    async with weather_run(model, *OPENROUTER_WEATHER.replies(streamed), streamed=streamed) as ran:
        outcome = ran.outcome
        first, second = ran.server.chat_requests
    assert first["model"] == OPENROUTER_MODEL  # vendor/model kept whole
    assert ran.weather.calls == ["Paris"]
    assert outcome.result.final_output == "It is sunny in Paris."
    assert reasoning_text(outcome) == "I need the weather tool."
    # Usage counted once per request, although the finish chunk came twice.
    usage = outcome.result.context_wrapper.usage
    assert (usage.requests, usage.input_tokens, usage.output_tokens) == (2, 100, 40)
    assert usage.output_tokens_details.reasoning_tokens == 16
    assert usage.cost == pytest.approx(2 * 0.00045)  # OpenRouter's reported cost, summed
    # The signed reasoning block goes back whole, with the tool call, to the same model.
    assistant = second["messages"][-2]
    assert assistant["reasoning_details"] == [
        {
            "type": "reasoning.text",
            "text": "I need the weather tool.",
            "signature": OPENROUTER_SIGNATURE,
            "format": "anthropic-claude-v1",
            "index": 0,
        }
    ]
    assert assistant["tool_calls"][0]["id"] == "toolu_01A09q90qw90lq917835lq9"


async def test_error_inside_a_200_stream_is_a_typed_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with table_provider_on_loopback(monkeypatch, "openrouter") as server:
        server.enqueue(sse_reply(OPENROUTER_ERROR_SSE))
        agent = Agent(name="o", model=f"openrouter/{OPENROUTER_MODEL}")
        with pytest.raises(ProviderServerError) as caught:
            await run(agent, "hi", streamed=True)
    assert isinstance(caught.value, openai.InternalServerError)
    assert caught.value.status_code == 502
    assert "Provider returned error" in str(caught.value)


async def test_error_inside_a_200_body_is_a_typed_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with table_provider_on_loopback(monkeypatch, "openrouter") as server:
        server.enqueue(json_reply(OPENROUTER_ERROR_JSON))
        agent = Agent(
            name="o",
            model="openrouter/meta-llama/llama-3.1-8b-instruct:free",
            # One attempt: an in-band 429 is retried otherwise (see test_reliability_retry).
            model_settings=ModelSettings(retry=RetryPolicy(max_attempts=1)),
        )
        with pytest.raises(ProviderRateLimitError) as caught:
            await run(agent, "hi", streamed=False)
    assert isinstance(caught.value, openai.RateLimitError)
    assert "free-models-per-min" in str(caught.value)


async def test_generated_openrouter_wire() -> None:
    replies = (
        Reply(tool_calls=[ToolCall("get_weather", {"city": "Lima"})], reasoning="Hmm."),
        Reply(text="Lima: sunny."),
    )
    async with weather_run(
        "openrouter/openai/gpt-4o-mini",
        *replies,
        streamed=True,
        question="Lima?",
        wire=WireShape.preset("openrouter"),
    ) as ran:
        outcome = ran.outcome
    assert ran.weather.calls == ["Lima"]
    assert outcome.result.final_output == "Lima: sunny."
    assert reasoning_text(outcome) == "Hmm."
    assert outcome.result.context_wrapper.usage.requests == 2
