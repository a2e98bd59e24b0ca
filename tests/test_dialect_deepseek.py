"""DeepSeek: reasoning_content (sent back on tool-call turns), null usage chunks, cache hits."""

from __future__ import annotations

import pytest

from agents.testing import Reply

from .dialect_helpers import run
from .dialect_helpers import table_provider_on_loopback
from .dialect_helpers import weather_run
from .fixtures.dialects import DEEPSEEK_TEXT_JSON
from .fixtures.dialects import DEEPSEEK_TOOL_CALL_JSON
from .fixtures.dialects import DEEPSEEK_WEATHER
from .fixtures.dialects import json_reply

MODEL = "deepseek/deepseek-reasoner"
REASONING = "The user wants the weather in Paris. I should call get_weather."


async def test_reasoning_goes_back_on_the_tool_call_turn(streamed: bool) -> None:
    async with weather_run(MODEL, *DEEPSEEK_WEATHER.replies(streamed), streamed=streamed) as ran:
        outcome, server = ran.outcome, ran.server
        second = server.chat_requests[1]["messages"]

        # A follow-up question: the old tool-call turn still carries its reasoning, the plain
        # answer does not (DeepSeek needs the first and documents ignoring the second).
        server.enqueue(Reply(text="You're welcome."))
        follow_up = [*outcome.result.to_input_list(), {"role": "user", "content": "Thanks!"}]
        await run(ran.agent, follow_up, streamed)
        third = server.chat_requests[2]["messages"]

    assert ran.weather.calls == ["Paris"]
    assert outcome.result.final_output == "It is sunny in Paris."
    assert [s.text for r in outcome.reasoning_items for s in r.raw_item.summary] == [
        REASONING,
        "The tool said sunny.",
    ]
    assistant = second[-2]
    assert assistant["reasoning_content"] == REASONING
    assert assistant["tool_calls"][0]["id"] == "call_00_Yp3kqK5QhE2mA2bRkZg1"
    assert assistant["tool_calls"][0]["function"]["arguments"] == '{"city": "Paris"}'
    answers = [m for m in third if m["role"] == "assistant"]
    assert answers[0]["reasoning_content"] == REASONING
    assert "reasoning_content" not in answers[1]
    usage = outcome.result.context_wrapper.usage
    assert usage.input_tokens == 720
    assert usage.input_tokens_details.cached_tokens == 256 + 384
    assert usage.output_tokens_details.reasoning_tokens == 30
    if streamed:
        assert outcome.item_event_names() == [
            "reasoning_item_created",
            "tool_called",
            "tool_output",
            "reasoning_item_created",
            "message_output_created",
        ]


async def test_reasoning_is_not_sent_to_another_provider(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    replies = json_reply(DEEPSEEK_TOOL_CALL_JSON), json_reply(DEEPSEEK_TEXT_JSON)
    async with weather_run(MODEL, *replies) as ran:
        outcome = ran.outcome
    history = [*outcome.result.to_input_list(), {"role": "user", "content": "And tomorrow?"}]
    with table_provider_on_loopback(monkeypatch, "openrouter") as other:
        other.enqueue(Reply(text="Also sunny."))
        switched = ran.agent.clone(model="openrouter/deepseek/deepseek-r1")
        await run(switched, history, streamed=False)
        messages = other.chat_requests[0]["messages"]
    assert outcome.reasoning_items
    assert all("reasoning_content" not in m and "reasoning" not in m for m in messages)
    assert [m["role"] for m in messages] == ["user", "assistant", "tool", "assistant", "user"]
