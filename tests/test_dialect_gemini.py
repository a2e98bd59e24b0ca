"""Gemini's OpenAI-compatible endpoint: "" tool ids, thought signatures, its schema subset."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import BaseModel

from agents import Agent
from agents import function_tool
from agents.testing import Reply

from .dialect_helpers import run
from .dialect_helpers import table_provider_on_loopback
from .dialect_helpers import weather_run
from .fixtures.dialects import GEMINI_PARALLEL_JSON
from .fixtures.dialects import GEMINI_SIGNATURE
from .fixtures.dialects import GEMINI_TEXT_JSON
from .fixtures.dialects import GEMINI_TOOL_CALL_JSON
from .fixtures.dialects import GEMINI_WEATHER
from .fixtures.dialects import json_reply

MODEL = "gemini/gemini-2.5-flash"


async def test_empty_tool_id_and_thought_signature_round_trip(streamed: bool) -> None:
    async with weather_run(MODEL, *GEMINI_WEATHER.replies(streamed), streamed=streamed) as ran:
        outcome = ran.outcome
        second = ran.server.chat_requests[1]["messages"]
    assert ran.weather.calls == ["Paris"]
    assert outcome.result.final_output == "It is sunny in Paris."
    # The SDK made a stable id so the call and its output pair up in the conversation...
    call_id = outcome.tool_calls[0].raw_item.call_id
    assert call_id.startswith("call_")
    inputs = outcome.result.to_input_list()
    assert [i.get("call_id") for i in inputs if i.get("type") == "function_call_output"] == [
        call_id
    ]
    # ...and maps it back to Gemini's own "" on the way out, with the signature.
    assistant, tool = second[-2], second[-1]
    assert assistant["tool_calls"] == [
        {
            "id": "",
            "type": "function",
            "function": {"name": "get_weather", "arguments": '{"city": "Paris"}'},
            "extra_content": {"google": {"thought_signature": GEMINI_SIGNATURE}},
        }
    ]
    assert tool == {"role": "tool", "tool_call_id": "", "content": "sunny in Paris"}
    usage = outcome.result.context_wrapper.usage
    # Gemini counts thinking tokens in total_tokens only; the total is kept as reported.
    assert (usage.input_tokens, usage.output_tokens, usage.total_tokens) == (150, 22, 321)


async def test_parallel_calls_with_empty_ids_get_distinct_ids() -> None:
    replies = json_reply(GEMINI_PARALLEL_JSON), json_reply(GEMINI_TEXT_JSON)
    async with weather_run(MODEL, *replies, question="Paris and Rome?") as ran:
        second = ran.server.chat_requests[1]["messages"]
    ids = [c.raw_item.call_id for c in ran.outcome.tool_calls]
    assert len(set(ids)) == 2 and all(ids)
    assert sorted(ran.weather.calls) == ["Paris", "Rome"]
    calls = second[-3]["tool_calls"]
    assert [c["id"] for c in calls] == ["", ""]
    assert "extra_content" in calls[0] and "extra_content" not in calls[1]
    assert [m["content"] for m in second if m["role"] == "tool"] == [
        "sunny in Paris",
        "sunny in Rome",
    ]


async def test_signature_goes_back_only_to_the_model_that_made_it() -> None:
    replies = json_reply(GEMINI_TOOL_CALL_JSON), json_reply(GEMINI_TEXT_JSON)
    async with weather_run(MODEL, *replies) as ran:
        ran.server.enqueue(Reply(text="Still sunny."))
        other = ran.agent.clone(model="gemini/gemini-2.5-pro")
        follow_up = [*ran.outcome.result.to_input_list(), {"role": "user", "content": "Sure?"}]
        await run(other, follow_up, streamed=False)
        third = ran.server.chat_requests[2]["messages"]
    call = next(m for m in third if m.get("tool_calls"))["tool_calls"][0]
    assert "extra_content" not in call
    assert call["id"] == ""  # the id is the provider's, whichever of its models reads it


class Address(BaseModel):
    street: str
    city: str = "Paris"


class Order(BaseModel):
    """An order to deliver."""

    item: str
    address: Address
    express: bool = False


@function_tool
def place_order(order: Order) -> str:
    """Place an order."""
    return f"ordered {order.item} to {order.address.city}"


def _keys(node: Any) -> set[str]:
    if isinstance(node, dict):
        return set(node) | {k for v in node.values() for k in _keys(v)}
    if isinstance(node, list):
        return {k for v in node for k in _keys(v)}
    return set()


async def test_tool_schemas_are_rewritten_into_geminis_subset(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with table_provider_on_loopback(monkeypatch, "gemini") as server:
        server.enqueue(Reply(text="ok"))
        agent = Agent(name="g", model=MODEL, tools=[place_order])
        await run(agent, "Order a book", streamed=False)
        tool = server.chat_requests[0]["tools"][0]["function"]
    assert "strict" not in tool
    keys = _keys(tool["parameters"])
    assert not keys & {"additionalProperties", "$defs", "$ref", "title", "const", "format"}
    address = tool["parameters"]["properties"]["order"]["properties"]["address"]
    assert address["properties"]["street"] == {"type": "string"}
    assert json.dumps(place_order.params_json_schema).count("$ref") > 0  # the tool is untouched


async def test_images_become_image_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    image = "data:image/png;base64,iVBORw0KGgo="
    message = {
        "role": "user",
        "content": [
            {"type": "input_text", "text": "What is this?"},
            {"type": "input_image", "image_url": image, "detail": "low"},
        ],
    }
    with table_provider_on_loopback(monkeypatch, "gemini") as server:
        server.enqueue(Reply(text="A pixel."))
        outcome = await run(Agent(name="g", model=MODEL), [message], False)
        content = server.chat_requests[0]["messages"][0]["content"]
    assert outcome.result.final_output == "A pixel."
    assert content == [
        {"type": "text", "text": "What is this?"},
        {"type": "image_url", "image_url": {"url": image, "detail": "low"}},
    ]
