"""The dialect building blocks on their own: think tags, tool ids, Gemini schemas, content."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openai import AsyncOpenAI

from agents import Agent
from agents import OpenAIChatCompletionsModel
from agents import UserError
from agents.models.chat.converter import items_to_messages
from agents.models.chat.request import shape_params
from agents.models.chat.request import tool_choice_param
from agents.models.chat.think_tags import ThinkTagSplitter
from agents.models.chat.think_tags import split_think_tags
from agents.models.dialects.profiles import DEFAULT_PROFILE
from agents.models.dialects.profiles import MISTRAL
from agents.models.dialects.schema_transforms import gemini_json_schema
from agents.models.dialects.tool_call_ids import MISTRAL_TOOL_CALL_IDS
from agents.models.providers.catalogue import profile_for
from agents.models.providers.catalogue import provider_table_markdown
from agents.models.reliability.inband_errors import in_band_error
from agents.models.wire.content import content_parts
from agents.models.wire.content import merge_reasoning_details
from agents.testing import LoopbackProvider
from agents.testing import Reply

from .dialect_helpers import Outcome
from .dialect_helpers import Weather
from .dialect_helpers import reasoning_text
from .dialect_helpers import run
from .fixtures.dialects import DONE
from .fixtures.dialects import chunk


def _feed(pieces: list[str], tags: tuple[str, ...] = ("think",)) -> tuple[str, str]:
    splitter = ThinkTagSplitter(tags)
    out = [p for piece in pieces for p in splitter.feed(piece)] + splitter.flush()
    reasoning = "".join(text for kind, text in out if kind == "reasoning")
    return reasoning, "".join(text for kind, text in out if kind == "text")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("<think>\nplan\n</think>\n\nanswer", ("plan\n", "answer")),
        ("  <think>a</think>b", ("a", "b")),
        ("no tags here", ("", "no tags here")),
        ("answer mentioning <think> later", ("", "answer mentioning <think> later")),
        ("<think>unterminated", ("unterminated", "")),
        ("<thi", ("", "<thi")),
        ("<thought>g</thought>t", ("", "<thought>g</thought>t")),
    ],
)
def test_split_think_tags(content: str, expected: tuple[str, str]) -> None:
    assert split_think_tags(content, ("think",)) == expected


def test_other_tag_names() -> None:
    assert split_think_tags("<thought>g</thought>t", ("thought", "think")) == ("g", "t")


@given(
    reasoning=st.text(alphabet="ab <>/\n", max_size=30).filter(lambda s: "</think>" not in s),
    text=st.text(alphabet="ab <>/\nk", max_size=30),
    cuts=st.lists(st.integers(min_value=0, max_value=80), max_size=8),
)
def test_any_chunking_splits_like_the_whole(reasoning: str, text: str, cuts: list[int]) -> None:
    content = f"<think>{reasoning}</think>{text}"
    points = sorted({c for c in cuts if c < len(content)})
    pieces = [content[i:j] for i, j in zip([0, *points], [*points, len(content)], strict=True)]
    assert _feed(pieces) == split_think_tags(content, ("think",))
    assert _feed(pieces)[0] == reasoning.lstrip()


def test_mistral_ids() -> None:
    rule = MISTRAL_TOOL_CALL_IDS
    assert rule.wire_id("D681PevKs") == "D681PevKs"
    made = rule.wire_id("call_8Hq2kLmN0pQrStUvWxYz1234")
    assert len(made) == 9 and made.isalnum()
    assert rule.wire_id("call_8Hq2kLmN0pQrStUvWxYz1234") == made  # stable, no state
    assert rule.wire_id("chatcmpl-tool-abc") != made


def test_gemini_schema_subset() -> None:
    schema = {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "Args",
        "type": "object",
        "additionalProperties": False,
        "$defs": {
            "Kind": {"title": "Kind", "type": "string", "enum": ["a", "b"]},
            "Point": {
                "type": "object",
                "properties": {"x": {"type": "number", "default": 0}},
                "additionalProperties": False,
            },
        },
        "properties": {
            "kind": {"$ref": "#/$defs/Kind", "description": "what"},
            "point": {"$ref": "#/$defs/Point"},
            "fixed": {"const": "v"},
            "when": {"type": "string", "format": "date-time"},
            "mail": {"type": "string", "format": "email"},
            "title": {"type": "string", "title": "Title"},
        },
        "required": ["kind"],
    }
    assert gemini_json_schema(schema) == {
        "type": "object",
        "properties": {
            "kind": {"type": "string", "enum": ["a", "b"], "description": "what"},
            "point": {"type": "object", "properties": {"x": {"type": "number"}}},
            "fixed": {"enum": ["v"]},
            "when": {"type": "string", "format": "date-time"},
            "mail": {"type": "string"},
            "title": {"type": "string"},
        },
        "required": ["kind"],
    }


def test_gemini_schema_refuses_recursion_clearly() -> None:
    schema = {
        "type": "object",
        "properties": {"node": {"$ref": "#/$defs/Node"}},
        "$defs": {"Node": {"type": "object", "properties": {"child": {"$ref": "#/$defs/Node"}}}},
    }
    with pytest.raises(UserError, match="recursive"):
        gemini_json_schema(schema)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, ("", "")),
        ("plain", ("", "plain")),
        (
            [
                {"type": "thinking", "thinking": [{"type": "text", "text": "hm"}]},
                {"type": "text", "text": "ok"},
                {"type": "reference", "reference_ids": [1]},
            ],
            ("hm", "ok"),
        ),
        ({"answer": 42}, ("", '{"answer": 42}')),
        ([1, 2], ("", "[1, 2]")),
    ],
)
def test_content_in_every_shape(content: Any, expected: tuple[str, str]) -> None:
    assert content_parts(content) == expected


def test_reasoning_detail_fragments_merge_by_index() -> None:
    details: list[Any] = []
    merge_reasoning_details(details, [{"type": "reasoning.text", "text": "a", "index": 0}])
    merge_reasoning_details(
        details, [{"type": "reasoning.text", "text": "b", "signature": "s", "index": 0}]
    )
    merge_reasoning_details(details, [{"type": "reasoning.encrypted", "data": "x", "index": 1}])
    assert details == [
        {"type": "reasoning.text", "text": "ab", "index": 0, "signature": "s"},
        {"type": "reasoning.encrypted", "data": "x", "index": 1},
    ]


def test_tool_choice_spellings() -> None:
    assert tool_choice_param("required", MISTRAL) == "any"
    assert tool_choice_param("required", DEFAULT_PROFILE) == "required"
    assert tool_choice_param("lookup", DEFAULT_PROFILE) == {
        "type": "function",
        "function": {"name": "lookup"},
    }
    no_named = DEFAULT_PROFILE.replace(supports_tool_choice_function=False)
    assert tool_choice_param("lookup", no_named) == "required"
    no_forcing = no_named.replace(supports_tool_choice_required=False)
    assert tool_choice_param("lookup", no_forcing) is None
    assert tool_choice_param("auto", no_forcing) == "auto"


def test_params_are_dropped_and_renamed() -> None:
    body = {"model": "m", "seed": 1, "metadata": {}, "temperature": 0.1}
    assert shape_params(body, MISTRAL) == {"model": "m", "random_seed": 1, "temperature": 0.1}


@pytest.mark.parametrize(
    ("error", "status"),
    [
        ({"code": "tool_use_failed", "message": "m"}, 400),
        ({"code": 502, "message": "m"}, 502),
        ({"code": "429", "message": "m"}, 429),
        ({"type": "rate_limit_error", "message": "m"}, 429),
        ({"message": "something"}, 502),
    ],
)
def test_in_band_error_status(error: dict[str, Any], status: int) -> None:
    err = in_band_error(error, base_url="http://x/v1", model="m", api_key="sk-secret-key-123")
    assert err.status_code == status  # type: ignore[attr-defined]


def test_in_band_error_never_shows_the_key() -> None:
    key = "sk-secret-key-1234567890"
    err = in_band_error(
        {"message": f"bad key {key}", "code": 401},
        base_url="http://x/v1",
        model="m",
        api_key=key,
    )
    assert key not in str(err) and key not in repr(err)


def test_reasoning_without_a_known_producer_is_not_sent() -> None:
    deepseek = profile_for("deepseek", "deepseek-reasoner")
    items: list[Any] = [
        {"role": "user", "content": "q"},
        {"type": "reasoning", "id": "r", "summary": [{"type": "summary_text", "text": "t"}]},
        {"type": "function_call", "call_id": "c", "name": "f", "arguments": "{}"},
        {"type": "function_call_output", "call_id": "c", "output": "o"},
    ]
    messages = items_to_messages(items, deepseek, model="deepseek-reasoner")
    assert "reasoning_content" not in messages[1]
    items[1]["provider_data"] = {"provider": "deepseek", "model": "deepseek-chat"}
    messages = items_to_messages(items, deepseek, model="deepseek-reasoner")
    assert messages[1]["reasoning_content"] == "t"


def test_provider_table_lists_every_builtin_provider() -> None:
    table = provider_table_markdown()
    for name in ("gemini/", "groq/", "openrouter/", "ollama/", "vllm/", "GROQ_API_KEY"):
        assert name in table


def _chunk(delta: dict[str, Any], finish: str | None = None) -> str:
    return chunk("c", "m", delta, finish, created=0)


async def _streamed_tool_turn(
    weather: Weather, deltas: list[dict[str, Any]]
) -> tuple[Outcome, list[dict[str, Any]]]:
    """A plain endpoint streams `deltas` and finishes for tool calls, then answers "done";
    the run (streamed) and the requests it sent."""
    with LoopbackProvider("p") as server:
        events = [_chunk(d) for d in deltas] + [_chunk({}, "tool_calls"), DONE]
        server.enqueue(Reply(sse_events=events), Reply(text="done"))
        model = OpenAIChatCompletionsModel("m", AsyncOpenAI(api_key="k", base_url=server.base_url))
        outcome = await run(Agent(name="a", model=model, tools=[weather.tool()]), "go", True)
        return outcome, server.chat_requests


async def test_stream_fragments_without_index() -> None:
    weather = Weather()
    calls = [
        {
            "tool_calls": [
                {"id": "a1", "function": {"name": "get_weather", "arguments": '{"city":'}}
            ]
        },
        {"tool_calls": [{"id": "a1", "function": {"arguments": ' "Oslo"}'}}]},
        {"tool_calls": [{"function": {"arguments": ""}}]},
        {"tool_calls": [{"id": "b2", "function": {"name": "get_weather"}}]},
        {"tool_calls": [{"function": {"arguments": '{"city": "Riga"}'}}]},
    ]
    outcome, _ = await _streamed_tool_turn(weather, calls)
    assert weather.calls == ["Oslo", "Riga"]
    assert [c.raw_item.call_id for c in outcome.tool_calls] == ["a1", "b2"]


async def test_stream_think_tags_and_empty_ids() -> None:
    weather = Weather()
    deltas = [
        {"content": "<think>plan</think>"},
        {"content": "Let me check."},
        {"tool_calls": [{"index": 0, "id": "", "function": {"name": "get_weather"}}]},
        {"tool_calls": [{"index": 0, "function": {"arguments": '{"city": "Bonn"}'}}]},
    ]
    outcome, requests = await _streamed_tool_turn(weather, deltas)
    second = requests[1]["messages"]
    assert weather.calls == ["Bonn"]
    assert reasoning_text(outcome) == "plan"
    call = outcome.tool_calls[0].raw_item
    assert call.call_id.startswith("call_")
    # The conversation keeps the SDK's id; the endpoint that sent "" gets its "" back.
    assert second[-2]["content"] == "Let me check."
    assert second[-2]["tool_calls"][0]["id"] == ""
    assert second[-1]["tool_call_id"] == ""


def test_tools_refused_where_the_profile_has_none() -> None:
    from agents.models.chat.request import function_param

    no_tools = DEFAULT_PROFILE.replace(provider="tiny", supports_tools=False)
    with pytest.raises(UserError, match="tiny"):
        function_param("lookup", "", {"type": "object"}, True, no_tools)
